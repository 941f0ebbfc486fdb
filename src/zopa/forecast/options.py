"""Typed model options: each model declares its options, and every call is checked against them.

A model registers ``options={"tie": Option.choice("...", "lower", "upper", "midpoint"), ...}``;
:func:`validate` turns user values (often YAML scalars written as ``MODEL.KEY=VALUE``) into
the declared types and refuses unknown names, wrong types and out-of-range values with an
:class:`~zopa.errors.InputError` whose path is ``MODEL.KEY``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from zopa.errors import InputError, Problem

Kind = Literal["choice", "bool", "int", "float", "numbers", "any"]


class _Bad(ValueError):
    """A value that does not fit its option (the message says what was expected)."""


@dataclass(frozen=True)
class Option:
    """One documented option: its help text, kind and allowed values."""

    help: str
    kind: Kind = "any"
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None

    @classmethod
    def choice(cls, help: str, *choices: str) -> Option:
        """One of the strings ``choices``."""
        return cls(help, "choice", tuple(choices))

    @classmethod
    def flag(cls, help: str) -> Option:
        """``true`` or ``false``."""
        return cls(help, "bool")

    @classmethod
    def integer(cls, help: str, low: int, high: int) -> Option:
        """A whole number in ``[low, high]``."""
        return cls(help, "int", low=low, high=high)

    @classmethod
    def number(cls, help: str, low: float | None = None, high: float | None = None) -> Option:
        """A finite number in ``[low, high]`` (open ends when None)."""
        return cls(help, "float", low=low, high=high)

    @classmethod
    def numbers(cls, help: str) -> Option:
        """A finite number or a list of finite numbers."""
        return cls(help, "numbers")

    @classmethod
    def free(cls, help: str) -> Option:
        """Checked by the model itself (e.g. KTAB's enumerations, which accept names or codes)."""
        return cls(help, "any")

    def parse(self, value: Any) -> Any:
        """``value`` converted to this option's type; :class:`_Bad` if it does not fit."""
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise _Bad(f"expected one of {', '.join(self.choices)}; got {value!r}")
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise _Bad(f"expected true or false; got {value!r}")
        if self.kind == "int":
            return self._whole(value)
        if self.kind == "float":
            return self._bounded(_finite(value))
        if self.kind == "numbers":
            if isinstance(value, list | tuple):
                if not value:
                    raise _Bad("expected a number or a list of numbers; got an empty list")
                return [_finite(v) for v in value]
            return _finite(value)
        return value

    def _whole(self, value: Any) -> int:
        number = _finite(value)
        if not float(number).is_integer():
            raise _Bad(f"expected a whole number; got {value!r}")
        return int(self._bounded(number))

    def _bounded(self, number: float) -> float:
        too_low = self.low is not None and number < self.low
        too_high = self.high is not None and number > self.high
        if too_low or too_high:
            lo = "-inf" if self.low is None else f"{self.low:g}"
            hi = "inf" if self.high is None else f"{self.high:g}"
            raise _Bad(f"expected a number in [{lo}, {hi}]; got {number:g}")
        return number


def _finite(value: Any) -> float:
    """A finite float from a number or a numeric string (YAML reads ``1e-3`` as a string)."""
    if isinstance(value, bool):
        raise _Bad(f"expected a number; got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise _Bad(f"expected a number; got {value!r}") from None
    else:
        raise _Bad(f"expected a number; got {value!r}")
    if not math.isfinite(number):
        raise _Bad(f"expected a finite number; got {value!r}")
    return number


def validate(
    model: str, declared: Mapping[str, Option], options: Mapping[str, Any]
) -> dict[str, Any]:
    """``options`` checked against ``declared`` and converted; problems at ``MODEL.KEY``."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key, value in options.items():
        spec = declared.get(key)
        if spec is None:
            known = ", ".join(declared) or "none"
            problems.append(
                Problem(None, None, f"{model}.{key}", f"unknown option; known: {known}")
            )
            continue
        try:
            out[key] = spec.parse(value)
        except _Bad as err:
            problems.append(Problem(None, None, f"{model}.{key}", str(err)))
    if problems:
        raise InputError(problems)
    return out


def help_texts(declared: Mapping[str, Any]) -> dict[str, str]:
    """Option name → help text (for listings and JSON)."""
    return {k: v.help if isinstance(v, Option) else str(v) for k, v in declared.items()}


__all__ = ["Option", "help_texts", "validate"]
