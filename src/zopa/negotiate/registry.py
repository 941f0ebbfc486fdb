"""Registries of strategies and protocols, with the metadata the CLI's ``list`` commands show.

Strategies register a class with :func:`register_strategy` (name plus metadata:
``bilateral_only``, ``stochastic``, ``opponent_model``, ``citation``) and named parameter
settings of a registered class with :func:`register_variant` (``boulware`` is
``time-dependent`` with ``e=0.2``; a variant's fixed parameters cannot be overridden, its other
parameters can). A strategy is named on the command line and in tournaments by a *spec*:
``name`` or ``name:param=value,param=value`` (see :func:`make_strategy`); each value must have
the type of the parameter (a number, an integer, true/false, or text).

Protocols register their run function with :func:`register_protocol`; every protocol has the
call shape ``run(arena, strategies, rules, seed) -> Session`` (see :mod:`zopa.negotiate.protocols`).
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from zopa.errors import InputError
from zopa.registry import Registry

if TYPE_CHECKING:
    from zopa.negotiate.strategies.base import Strategy

S = TypeVar("S", bound="type[Strategy]")
F = TypeVar("F", bound=Callable[..., Any])
Scalar = bool | int | float | str


@dataclass(frozen=True)
class StrategySpec:
    """A registered strategy: its class, fixed parameters and metadata."""

    name: str
    cls: type[Strategy]
    fixed: Mapping[str, Scalar] = field(default_factory=dict)
    bilateral_only: bool = False
    stochastic: bool = False
    opponent_model: bool = False
    citation: str = ""
    summary: str = ""
    variant_of: str | None = None

    def parameters(self) -> dict[str, Scalar]:
        """Tunable parameters and their defaults (fixed ones included with their set value)."""
        return dict(self._parameters)

    @cached_property
    def _parameters(self) -> dict[str, Scalar]:
        sig = inspect.signature(self.cls.__init__)
        out: dict[str, Scalar] = {}
        for p in list(sig.parameters.values())[1:]:
            if p.kind is p.KEYWORD_ONLY or p.kind is p.POSITIONAL_OR_KEYWORD:
                out[p.name] = p.default
        out.update(self.fixed)
        return out

    def tunable(self) -> dict[str, Scalar]:
        """The parameters a spec may set, with their defaults (the fixed ones left out)."""
        return {k: v for k, v in self._parameters.items() if k not in self.fixed}

    def build(self, params: Mapping[str, Scalar] | None = None) -> Strategy:
        """An instance with ``params`` over the defaults; its ``spec`` names the settings."""
        given = dict(params or {})
        known = self.tunable()
        for key, value in given.items():
            if key in self.fixed:
                raise InputError.single(
                    f"strategy {self.name!r} fixes {key}={_text(self.fixed[key])}; to choose "
                    f"{key}, use {self.variant_of or self.name}:{key}={_text(value)}",
                    path="strategy",
                )
            if key not in known:
                raise InputError.single(
                    f"strategy {self.name!r} has no parameter {key!r}"
                    + (f" (parameters: {', '.join(known)})" if known else ""),
                    path="strategy",
                )
            self._check_type(key, value)
        kwargs = {**self.fixed, **given}
        try:
            obj = self.cls(**kwargs)
        except (TypeError, ValueError) as err:
            raise InputError.single(f"strategy {self.name!r}: {err}", path="strategy") from None
        obj.spec = format_spec(self.name, given)
        return obj

    def _check_type(self, key: str, value: Scalar) -> None:
        """An InputError unless ``value`` has a type the parameter ``key`` takes."""
        allowed = self._types.get(key)
        if allowed is None:
            return
        kind = type(value)
        ok = kind in allowed or (kind is int and float in allowed)
        if not ok:
            names = {bool: "true or false", int: "an integer", float: "a number", str: "text"}
            expected = " or ".join(dict.fromkeys(names[t] for t in allowed if t in names))
            raise InputError.single(
                f"strategy {self.name!r}: parameter {key!r} expects {expected or 'a value'}, "
                f"not {_text(value)!r}",
                path="strategy",
            )

    @cached_property
    def _types(self) -> dict[str, tuple[type, ...]]:
        """The scalar types each parameter of the class's ``__init__`` accepts (from its
        annotations; parameters without one are not checked)."""
        try:
            hints = typing.get_type_hints(self.cls.__init__)
        except (NameError, TypeError):
            return {}
        out: dict[str, tuple[type, ...]] = {}
        for key, hint in hints.items():
            parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
            scalars = tuple(t for t in parts if t in (bool, int, float, str))
            if scalars:
                out[key] = scalars
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "class": self.cls.__name__,
            "parameters": self.parameters(),
            "variant_of": self.variant_of,
            "fixed": dict(self.fixed),
            "bilateral_only": self.bilateral_only,
            "stochastic": self.stochastic,
            "opponent_model": self.opponent_model,
            "citation": self.citation,
            "summary": self.summary,
        }


def _load_builtins() -> None:
    """Import the modules whose decorators fill the registries."""
    import zopa.negotiate.mediated
    import zopa.negotiate.protocols
    import zopa.negotiate.strategies  # noqa: F401


#: Every registered strategy (variants included), in registration order.
STRATEGIES: Registry[StrategySpec] = Registry("strategy", load=_load_builtins)


def register_strategy(
    name: str,
    *,
    bilateral_only: bool = False,
    stochastic: bool = False,
    opponent_model: bool = False,
    citation: str = "",
) -> Callable[[S], S]:
    """Class decorator registering a strategy under ``name`` with its metadata."""

    def decorator(cls: S) -> S:
        doc = (cls.__doc__ or "").strip().splitlines()
        STRATEGIES.add(
            name,
            StrategySpec(
                name,
                cls,
                {},
                bilateral_only,
                stochastic,
                opponent_model,
                citation,
                doc[0] if doc else "",
            ),
        )
        return cls

    return decorator


def register_variant(name: str, base: str, summary: str, **fixed: Scalar) -> None:
    """Register ``base`` with some parameters fixed, under a new ``name``."""
    spec = STRATEGIES[base]
    STRATEGIES.add(
        name,
        StrategySpec(
            name,
            spec.cls,
            fixed,
            spec.bilateral_only,
            spec.stochastic,
            spec.opponent_model,
            spec.citation,
            summary,
            variant_of=base,
        ),
    )


def strategies() -> dict[str, StrategySpec]:
    """Every registered strategy by name (sorted)."""
    return dict(sorted(STRATEGIES.items()))


def strategy_spec(name: str) -> StrategySpec:
    """The registered strategy ``name``; an InputError suggests close names and lists the
    known ones."""
    return STRATEGIES[name]


def parse_spec(text: str) -> tuple[str, dict[str, Scalar]]:
    """``"name:k=v,k=v"`` -> (name, params); values become bool/int/float where they parse."""
    name, _, rest = text.strip().partition(":")
    params: dict[str, Scalar] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, raw = item.partition("=")
        if not eq or not key.strip():
            raise InputError.single(
                f"bad strategy parameter {item!r} in {text!r}; write name:param=value",
                path="strategy",
            )
        params[key.strip()] = _scalar(raw.strip())
    return name.strip(), params


def format_spec(name: str, params: Mapping[str, Scalar]) -> str:
    """Inverse of :func:`parse_spec` (parameters sorted by name)."""
    if not params:
        return name
    return name + ":" + ",".join(f"{k}={_text(v)}" for k, v in sorted(params.items()))


def make_strategy(spec: str | Strategy) -> Strategy:
    """A fresh strategy from a spec string (or the instance itself)."""
    if not isinstance(spec, str):
        return spec
    name, params = parse_spec(spec)
    return strategy_spec(name).build(params)


def _scalar(raw: str) -> Scalar:
    low = raw.lower()
    if low in ("true", "false"):
        return low == "true"
    for conv in (int, float):
        try:
            return conv(raw)
        except ValueError:
            pass
    return raw


def _text(v: Scalar) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


# -- protocols ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProtocolSpec:
    """A registered protocol: its run function and metadata."""

    name: str
    run: Callable[..., Any]
    multilateral: bool
    citation: str
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "multilateral": self.multilateral,
            "citation": self.citation,
            "summary": self.summary,
        }


#: Every registered protocol, in registration order.
PROTOCOLS: Registry[ProtocolSpec] = Registry("protocol", load=_load_builtins)


def register_protocol(name: str, *, multilateral: bool, citation: str) -> Callable[[F], F]:
    """Decorator registering a protocol run function."""

    def decorator(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        PROTOCOLS.add(name, ProtocolSpec(name, fn, multilateral, citation, doc[0] if doc else ""))
        return fn

    return decorator


def protocols() -> dict[str, ProtocolSpec]:
    """Every registered protocol by name."""
    return dict(PROTOCOLS)


def default_protocol(n_parties: int) -> str:
    """The protocol used when none is named: alternating offers between two parties, stacked
    alternating offers among more."""
    return "alternating" if n_parties <= 2 else "stacked"


def protocol_spec(name: str) -> ProtocolSpec:
    """The registered protocol ``name``; an InputError suggests close names and lists the
    known ones."""
    return PROTOCOLS[name]
