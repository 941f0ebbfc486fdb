"""The Shapley–Shubik and Banzhaf indices of a body's members, exact or sampled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from zopa import params
from zopa.errors import InputError
from zopa.power import exact
from zopa.power.body import Body
from zopa.power.sampling import sample_indices, standard_error
from zopa.seeds import generator

Method = Literal["auto", "enumeration", "dp", "sample"]
METHODS: tuple[str, ...] = ("auto", "enumeration", "dp", "sample")
#: Draws used by the sampling method unless told otherwise.
DEFAULT_SAMPLES = params.POWER_SAMPLES
#: The most draws allowed (each draw costs about n operations per member).
MAX_SAMPLES = 10_000_000


@dataclass(frozen=True)
class Power:
    """Voting power of each member. ``swings`` and the standard errors are None where they do
    not apply (swings are counted by the exact methods; errors come with sampling)."""

    body: str
    rule: str
    members: tuple[str, ...]
    method: str
    shapley_shubik: tuple[float, ...]
    banzhaf: tuple[float, ...]
    banzhaf_absolute: tuple[float, ...]
    swings: tuple[int, ...] | None = None
    samples: int | None = None
    seed: int | None = None
    shapley_shubik_se: tuple[float, ...] | None = None
    banzhaf_absolute_se: tuple[float, ...] | None = None

    def of(self, member: str) -> dict[str, float]:
        i = self.members.index(member)
        return {
            "shapley_shubik": self.shapley_shubik[i],
            "banzhaf": self.banzhaf[i],
            "banzhaf_absolute": self.banzhaf_absolute[i],
        }

    def to_dict(self) -> dict[str, Any]:
        rows = {}
        for i, m in enumerate(self.members):
            row: dict[str, Any] = self.of(m)
            if self.swings is not None:
                row["swings"] = self.swings[i]
            if self.shapley_shubik_se is not None and self.banzhaf_absolute_se is not None:
                row["shapley_shubik_se"] = self.shapley_shubik_se[i]
                row["banzhaf_absolute_se"] = self.banzhaf_absolute_se[i]
            rows[m] = row
        return {
            "body": self.body,
            "rule": self.rule,
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "members": rows,
        }


def power(
    body: Body, method: Method = "auto", samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> Power:
    """The indices of every member of ``body``.

    ``auto`` enumerates bodies of up to 20 members, uses generating functions for integer
    weights within the work budget, and samples otherwise."""
    if method not in METHODS:
        raise InputError.single(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not 1 <= samples <= MAX_SAMPLES:
        raise InputError.single(f"samples must lie in 1..{MAX_SAMPLES:,}, got {samples}")
    grand = body.wins(np.array(body.n), body.weight_matrix().sum(axis=0))
    if not bool(grand):
        raise InputError.single(
            f"in {body.name!r} not even the coalition of all members wins ({body.describe()}); "
            "every index would be 0"
        )
    chosen = _choose(body, method)
    if chosen == "sample":
        rng = generator(seed)
        ss, bz = sample_indices(body, samples, rng)
        total = float(bz.sum())
        return Power(
            body=body.name,
            rule=body.describe(),
            members=body.members,
            method="sample",
            shapley_shubik=_floats(ss),
            banzhaf=_floats(bz / total if total else bz),
            banzhaf_absolute=_floats(bz),
            samples=samples,
            seed=seed,
            shapley_shubik_se=_floats(standard_error(ss, samples)),
            banzhaf_absolute_se=_floats(standard_error(bz, samples)),
        )
    if chosen == "enumeration":
        swings, ss = exact.by_enumeration(body)
    else:
        swings, ss = exact.by_generating_functions(body)
    total_swings = float(swings.sum())
    return Power(
        body=body.name,
        rule=body.describe(),
        members=body.members,
        method=chosen,
        shapley_shubik=_floats(ss),
        banzhaf=_floats(swings / total_swings if total_swings else swings * 0.0),
        banzhaf_absolute=_floats(swings / 2.0 ** (body.n - 1)),
        swings=tuple(int(s) for s in swings),
    )


def _choose(body: Body, method: Method) -> str:
    if method == "enumeration" and body.n > exact.MAX_ENUMERATE:
        raise InputError.single(
            f"enumeration lists 2^n coalitions and is limited to {exact.MAX_ENUMERATE} members; "
            f"{body.name!r} has {body.n}: use the method 'dp' (integer weights) or 'sample'",
            path="method",
        )
    if method == "dp" and not exact.dp_feasible(body):
        cells = exact.dp_cells(body)
        why = (
            "the weights are not whole numbers"
            if cells is None
            else f"its table would need {cells:,} cells for {body.n} members, over the budget"
        )
        raise InputError.single(
            f"generating functions do not apply to {body.name!r}: {why}; use the method 'sample'",
            path="method",
        )
    if method != "auto":
        return method
    if body.n <= exact.MAX_ENUMERATE:
        return "enumeration"
    return "dp" if exact.dp_feasible(body) else "sample"


def _floats(a: np.ndarray) -> tuple[float, ...]:
    return tuple(float(x) for x in a)
