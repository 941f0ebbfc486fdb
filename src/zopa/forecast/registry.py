"""The forecast-model registry and the :class:`Forecast` result every model returns.

Every model has one call shape, ``model(actors, seed, **options) -> Forecast``, and registers
itself with :func:`register_model` (name plus metadata: ``label``, ``citation``, ``iterative``
(returns a trajectory), ``stochastic`` (draws from ``seed``: a bool, or a function of the
options for models that draw only in some modes), ``multidimensional`` (accepts several issues),
``separable`` (solves each issue alone, so one issue's inputs cannot move another),
``scale_dependent`` (the forecast depends on the issue scale, not only on the positions) and
``options``, a mapping of name to :class:`~zopa.forecast.options.Option` against which every
call through :class:`ModelSpec` is checked; ``cost``, the processor time of one Monte Carlo
draw relative to the others', used only to start the costliest batches first when they run
side by side, default 1). A model may also register a
vectorised Monte Carlo kernel with :func:`register_batch`:
``batch(sample: ActorSample, seed, **options) -> (draws, D) outcomes``; models without one are run
draw by draw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from zopa._json import to_jsonable
from zopa._types import FloatArray
from zopa.forecast.actors import Actors, ActorSample
from zopa.forecast.options import Option, help_texts, validate
from zopa.forecast.streams import child_rng, root_seed
from zopa.registry import Registry
from zopa.seeds import SeedLike

#: ``model(actors: Actors, seed, **options) -> Forecast``
ModelFn = Callable[..., "Forecast"]
#: ``batch(sample: ActorSample, seed, **options) -> (draws, D)`` outcomes over many draws
BatchFn = Callable[..., FloatArray]


@dataclass(frozen=True, eq=False)
class Forecast:
    """A model's forecast: the ``outcome`` per dimension and, for iterative models, the path.

    ``trajectory`` is ``(rounds + 1, n, D)`` actor positions (row 0 = the inputs) or ``None`` for
    one-shot models; ``details`` holds model-specific, JSON-ready extras (e.g. per-round medians).
    """

    model: str
    dimensions: tuple[str, ...]
    outcome: FloatArray
    trajectory: FloatArray | None = None
    rounds: int = 0
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        out = np.array(self.outcome, dtype=np.float64).reshape(len(self.dimensions))
        out.setflags(write=False)
        object.__setattr__(self, "outcome", out)
        if self.trajectory is not None:
            traj = np.array(self.trajectory, dtype=np.float64)
            if traj.ndim != 3 or traj.shape[2] != len(self.dimensions):
                raise ValueError(f"trajectory must be (rounds+1, n, D), got {traj.shape}")
            traj.setflags(write=False)
            object.__setattr__(self, "trajectory", traj)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Forecast):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (lists, floats, strings)."""
        return {
            "model": self.model,
            "dimensions": list(self.dimensions),
            "outcome": self.outcome.tolist(),
            "trajectory": None if self.trajectory is None else to_jsonable(self.trajectory),
            "rounds": int(self.rounds),
            "details": to_jsonable(dict(self.details)),
        }


@dataclass(frozen=True)
class ModelSpec:
    """A registered model: its function, optional vectorised kernel and metadata."""

    name: str
    run: ModelFn
    metadata: Mapping[str, Any]
    batch: BatchFn | None = None

    @property
    def summary(self) -> str:
        """First line of the model function's docstring."""
        return (self.run.__doc__ or "").strip().splitlines()[0] if self.run.__doc__ else ""

    @property
    def label(self) -> str:
        """The model's display name (its registry name when it gives no label)."""
        return str(self.metadata.get("label", self.name))

    @property
    def cost(self) -> float:
        """The relative processor time of one Monte Carlo draw (a scheduling hint; 1 unless
        the model states it)."""
        return float(self.metadata.get("cost", 1.0))

    @property
    def option_help(self) -> dict[str, str]:
        """Option name → help text."""
        return help_texts(self.metadata.get("options", {}))

    def check(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """``options`` validated against the declared ones (:class:`InputError` otherwise).

        Models that declare no typed options get their options passed through unchanged.
        """
        declared = self.metadata.get("options")
        if isinstance(declared, Mapping) and all(isinstance(v, Option) for v in declared.values()):
            return validate(self.name, declared, options)
        return dict(options)

    def draws_randomly(self, options: Mapping[str, Any]) -> bool:
        """Whether the model draws from ``seed`` with these options."""
        flag = self.metadata.get("stochastic", False)
        return bool(flag(self.check(options)) if callable(flag) else flag)

    def __call__(self, actors: Actors, seed: SeedLike = None, **options: Any) -> Forecast:
        return self.run(actors, seed, **self.check(options))

    def outcomes(self, sample: ActorSample, seed: SeedLike = None, **options: Any) -> FloatArray:
        """``(draws, D)`` outcomes over a sample: the batch kernel, else draw by draw.

        A model that draws randomly runs draw ``i`` with its own generator
        :func:`~zopa.forecast.actors.child_rng` ``(seed, i)``, so every draw reproduces alone and
        the first ``k`` draws of a larger sample are those of a sample of ``k`` (batch kernels
        keep the same rule).
        """
        opts = self.check(options)
        if self.batch is not None:
            return self.batch(sample, seed, **opts)
        out = np.empty((sample.draws, len(sample.dimensions)))
        random = self.draws_randomly(opts)
        root = root_seed(seed) if random else 0
        for i in range(sample.draws):
            gen = child_rng(root, i) if random else seed
            out[i] = self.run(sample.draw(i), gen, **opts).outcome
        return out


def _load() -> None:
    import zopa.forecast.models  # noqa: F401


#: Every registered model, in registration order (the bundled ones in menu order).
MODELS: Registry[ModelSpec] = Registry("model", load=_load)


def register_model(name: str, **metadata: Any) -> Callable[[ModelFn], ModelFn]:
    """Decorator registering ``fn(actors, seed, **options) -> Forecast`` under ``name``."""

    def decorator(fn: ModelFn) -> ModelFn:
        MODELS.add(name, ModelSpec(name, fn, dict(metadata)))
        return fn

    return decorator


def register_batch(name: str) -> Callable[[BatchFn], BatchFn]:
    """Decorator registering the vectorised Monte Carlo kernel of model ``name`` (registered
    before it)."""

    def decorator(fn: BatchFn) -> BatchFn:
        old = MODELS.registered(name)
        if old is None:
            raise KeyError(f"register model {name!r} before its batch kernel")
        MODELS.replace(name, ModelSpec(name, old.run, old.metadata, fn))
        return fn

    return decorator


def get_model(name: str) -> ModelSpec:
    """The model registered as ``name``; an unknown name is an :class:`InputError` that
    suggests close names."""
    return MODELS[name]


def registered_models() -> dict[str, ModelSpec]:
    """All registered models, in registration order."""
    return dict(MODELS)


__all__ = [
    "MODELS",
    "BatchFn",
    "Forecast",
    "ModelFn",
    "ModelSpec",
    "get_model",
    "register_batch",
    "register_model",
]
