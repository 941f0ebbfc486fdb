"""Which judgements move the forecast: one-at-a-time tornado and variance-based Sobol indices.

* **Tornado** (one factor at a time): each uncertain input is set to its low and to its high
  while every other input stays at its mode; factors are ranked by the swing
  ``|f(high) − f(low)|`` of the forecast.
* **Sobol indices** (Sobol' 1993/2001): with inputs drawn independently from their triangular
  laws, the first-order index ``S_i = V(E[Y | X_i]) / V(Y)`` is the share of the forecast's
  variance explained by factor ``i`` alone, the total index ``ST_i = E[V(Y | X_~i)] / V(Y)`` the
  share it takes part in, interactions included. Estimated with the Saltelli scheme on two
  scrambled-Sobol' matrices A and B and the hybrids ``A_B^(i)`` (A with column i from B):
  ``S_i ≈ mean(f(B) (f(A_B^i) − f(A))) / V`` (Saltelli et al. 2010, *Comput. Phys. Commun.*
  181:259–270, their Table 2 (b)) and ``ST_i ≈ mean((f(A) − f(A_B^i))²) / (2V)`` (Jansen 1999,
  same table (f)); ``N (k + 2)`` model runs for ``k`` factors. The same estimators on groups of
  columns give each actor's joint share. 95% intervals come from a seeded bootstrap over rows.

Indices are clipped to [0, 1] (on small samples the estimators overshoot), and each comes with
the number of draws in which resampling its inputs changed the forecast: models whose forecast
is a position held by some actor (the weighted median, the challenge model) change in few draws,
and an index resting on fewer than :data:`MIN_CHANGES` of them is marked unreliable. A variance
below (1e-6 of the scale width)² counts as none.

Inputs without stated uncertainty are given default ranges, cell by cell, with :func:`widen`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from zopa.errors import InputError, TooLargeError
from zopa.forecast.actors import Actors, FloatArray, Triangular
from zopa.forecast.registry import ModelSpec, get_model
from zopa.forecast.runs.sensitivity_values import (
    SobolIndex,
    SobolIndices,
    SobolIssue,
    Tornado,
    TornadoBar,
    TornadoIssue,
)
from zopa.forecast.uncertainty import InputFactor
from zopa.seeds import FORECAST_SOBOL_SUBSAMPLE, child

#: Fewest draws in which the forecast must change for an index to count as reliable.
MIN_CHANGES = 20


#: model runs × actors × issues held at once by a Sobol analysis.
MAX_RUN_CELLS = 200_000_000


def widen(
    actors: Actors, *, position: float = 0.1, salience: float = 0.1, capability: float = 0.25
) -> Actors:
    """Give every certain, present input a symmetric default range; stated ranges are kept.

    ``position``: ± this fraction of the issue scale; ``salience``: ± this much on 0–1;
    ``capability``: ± this fraction of the value. Ranges are clipped to the bounds of their
    field (salience [0, 1], capability ≥ 0, positions to a stated or default scale). A scale that
    was only *observed* from the positions (``scale_origin`` "observed") is not a bound: it is
    widened to hold the new ranges, so the actors at its ends get ranges on both sides.
    """
    width = actors.scale_high - actors.scale_low
    pos_low, pos_high = actors.position - position * width, actors.position + position * width
    observed = np.array([o == "observed" for o in actors.origins])
    live = np.where(actors.mask, 1.0, np.nan)
    scale_low = np.where(
        observed, np.fmin(actors.scale_low, np.nanmin(pos_low * live, axis=0)), actors.scale_low
    )
    scale_high = np.where(
        observed, np.fmax(actors.scale_high, np.nanmax(pos_high * live, axis=0)), actors.scale_high
    )
    spans = {
        "capability": (actors.capability * (1 - capability), actors.capability * (1 + capability)),
        "position": (np.maximum(pos_low, scale_low), np.minimum(pos_high, scale_high)),
        "salience": (
            np.clip(actors.salience - salience, 0, 1),
            np.clip(actors.salience + salience, 0, 1),
        ),
    }
    unc = dict(actors.uncertainty)
    for name, (low, high) in spans.items():
        value = getattr(actors, name)
        old = unc.get(name) or Triangular(value, value, value)
        certain = ~(old.high > old.low)
        if name != "capability":
            certain &= actors.mask
        unc[name] = Triangular(
            np.where(certain, low, old.low), value, np.where(certain, high, old.high)
        )
    return actors.replace(uncertainty=unc, scale_low=scale_low, scale_high=scale_high)


def defaulted_cells(before: Actors, after: Actors) -> int:
    """How many input cells :func:`widen` gave a default range."""
    return len(after.factors()) - len(before.factors())


def _relevant(actors: Actors, actor: int, dim: int | None, k: int, separable: bool) -> bool:
    """Whether an input of ``actor`` (on ``dim``; None for capability) can move issue ``k``.

    Absent actors never can; models that solve each issue alone (``separable`` in their
    metadata) cannot be moved by another issue's position or salience.
    """
    if not actors.mask[actor, k]:
        return False
    return not separable or dim is None or dim == k


def _mode_quantiles(factors: Sequence[InputFactor]) -> FloatArray:
    return np.array([(f.mode - f.low) / (f.high - f.low) for f in factors])


Evaluator = Callable[[ModelSpec, Actors, FloatArray, int, Mapping[str, Any]], FloatArray]
"""``evaluate(model, actors, u, seed, options)`` → the model's outcome for each row of input
quantiles ``u``; :func:`evaluate` here in one piece, or in resumable chunks
(``zopa.runs.forecast.chunked_rows``)."""


def evaluate(
    spec: ModelSpec, actors: Actors, u: FloatArray, seed: int, options: Mapping[str, Any]
) -> FloatArray:
    """The model's outcomes at every row of input quantiles ``u``."""
    return spec.outcomes(actors.at_quantiles(u), seed, **options)


def tornado(
    actors: Actors, model: str, *, options: Mapping[str, Any] | None = None, seed: int = 0
) -> Tornado:
    """Per issue: the base forecast and the factors ranked by swing (largest first)."""
    spec, factors = get_model(model), actors.factors()
    if not factors:
        raise InputError.single(
            "no uncertain inputs: give low/high ranges (or use default ranges)", path="actors"
        )
    spec(actors.point(), seed, **(options or {}))  # refuses what the model refuses at the modes
    base_u = _mode_quantiles(factors)
    rows = np.tile(base_u, (2 * len(factors) + 1, 1))
    for j in range(len(factors)):
        rows[1 + 2 * j, j], rows[2 + 2 * j, j] = 0.0, 1.0
    out = evaluate(spec, actors, rows, seed, options or {})
    issues: dict[str, TornadoIssue] = {}
    separable = bool(spec.metadata.get("separable", False))
    for k, dim in enumerate(actors.dimensions):
        bars = [
            TornadoBar(
                f.label,
                f.field,
                actors.names[f.actor],
                f.low,
                f.high,
                float(out[1 + 2 * j, k]),
                float(out[2 + 2 * j, k]),
            )
            for j, f in enumerate(factors)
            if _relevant(actors, f.actor, f.dimension, k, separable)
        ]
        bars = [b for b in bars if np.isfinite(b.swing)]
        bars.sort(key=lambda b: (-b.swing, b.label))
        issues[dim] = TornadoIssue(float(out[0, k]), tuple(bars))
    return Tornado(model, issues)


def _indices(fa: FloatArray, fb: FloatArray, fab: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Saltelli-2010 first-order and Jansen total indices; ``fab`` is ``(groups, N)``.

    Outputs are centred on the mean of ``f(A)`` and ``f(B)`` first: the estimators are unchanged
    in expectation, but the first-order one no longer multiplies noise by a large mean.
    """
    both = np.concatenate([fa, fb], axis=-1)
    centre = both.mean(axis=-1, keepdims=True)
    fa, fb, fab = fa - centre, fb - centre, fab - centre[..., None, :]
    var = np.var(both, axis=-1)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(fb[..., None, :] * (fab - fa[..., None, :]), axis=-1) / var
        total = 0.5 * np.mean((fa[..., None, :] - fab) ** 2, axis=-1) / var
    return first, total


#: Elements of the largest temporary array of the bootstrap (rows x resamples x groups): small
#: enough that the temporaries of one block are reused from memory already mapped.
BOOTSTRAP_BLOCK = 1 << 15


def _bootstrap(
    fa: FloatArray,
    fb: FloatArray,
    fab: FloatArray,
    idx: npt.NDArray[np.int64],
    relevant: npt.NDArray[np.bool_] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """:func:`_indices` on every bootstrap resample ``idx`` ``(B, N)`` of the rows: ``(D, B, G)``.

    Only the ``(D, G)`` cells marked ``relevant`` (default: all) are computed; the others are 0
    (not NaN, which would change how :func:`_ci` takes the percentiles of the rest). In blocks
    of resamples small enough to stay in cache, issue by issue, with the rows first: the means
    over rows are then sums in row order, as numpy makes them over the resampled arrays of
    :func:`_indices` (rows gathered by fancy indexing come last in shape but first in memory),
    so the result is the same to the last bit (checked by a test).
    """
    dims, groups, n = fab.shape
    first = np.zeros((dims, len(idx), groups))
    total = np.zeros_like(first)
    mask = np.ones((dims, groups), dtype=bool) if relevant is None else relevant
    cols = [np.flatnonzero(mask[d]) for d in range(dims)]
    by_row = [np.ascontiguousarray(fab[d, c].T) for d, c in enumerate(cols)]  # (N, G_d)
    step = max(2, BOOTSTRAP_BLOCK // (max(1, max(c.size for c in cols)) * n))
    for start in range(0, len(idx), step):
        rows = idx[start : start + step]
        size = len(rows)
        if size == 1:  # one resample of one group: numpy would sum its one column pairwise
            rows = np.concatenate([rows, rows])
        a, b = fa[:, rows], fb[:, rows]  # (D, s, N), as in :func:`_indices`
        both = np.concatenate([a, b], axis=-1)
        centre = both.mean(axis=-1, keepdims=True)
        var = np.var(both, axis=-1)[..., None]
        # rows first in memory too (C order), so every array below sums over rows in order
        a_c = np.ascontiguousarray((a - centre).transpose(0, 2, 1))[..., None]  # (D, N, s, 1)
        b_c = np.ascontiguousarray((b - centre).transpose(0, 2, 1))[..., None]
        at = rows.T  # (N, s)
        for d in range(dims):
            if not cols[d].size:
                continue
            a_d, b_d = a_c[d], b_c[d]
            ab_d = by_row[d][at] - centre[d].T[:, :, None]  # (N, s, G_d)
            with np.errstate(divide="ignore", invalid="ignore"):
                f = np.mean(b_d * (ab_d - a_d), axis=0) / var[d]
                t = 0.5 * np.mean((a_d - ab_d) ** 2, axis=0) / var[d]
            first[d, start : start + size][:, cols[d]] = f[:size]
            total[d, start : start + size][:, cols[d]] = t[:size]
    return first, total


def sobol(
    actors: Actors,
    model: str,
    *,
    samples: int = 1024,
    seed: int = 0,
    options: Mapping[str, Any] | None = None,
    bootstrap: int = 200,
    runner: Evaluator | None = None,
) -> SobolIndices:
    """First-order and total Sobol indices per issue, for each factor and for each actor.

    ``runner`` evaluates the model on the sample rows (default: :func:`evaluate`)."""
    spec, factors = get_model(model), actors.factors()
    k = len(factors)
    if k == 0:
        raise InputError.single("no uncertain inputs to attribute variance to", path="actors")
    spec(actors.point(), seed, **(options or {}))  # refuses what the model refuses at the modes
    m = max(1, int(np.ceil(np.log2(max(samples, 2)))))
    runs = 2**m * (k + actors.n + 2)
    if runs * actors.n * actors.n_dimensions > MAX_RUN_CELLS:
        raise TooLargeError(
            f"{runs:,} model runs of {actors.n} actors on {actors.n_dimensions} issues is too "
            "many to hold at once; lower `samples`"
        )
    from scipy.stats import qmc  # scipy.stats takes a second to import: only when needed

    base = qmc.Sobol(d=2 * k, scramble=True, seed=np.random.default_rng(seed)).random_base2(m)
    a, b = base[:, :k], base[:, k:]
    groups = _groups(actors, factors)
    hybrids = [np.where(np.isin(np.arange(k), g[1])[None, :], b, a) for g in groups]
    stacked = np.concatenate([a, b, *hybrids])
    out = (runner or evaluate)(spec, actors, stacked, seed, options or {})
    n = a.shape[0]
    fa, fb = out[:n].T, out[n : 2 * n].T  # (D, N)
    fab = out[2 * n :].reshape(len(groups), n, -1).transpose(2, 0, 1)  # (D, G, N)
    first, total = _indices(fa, fb, fab)
    both = np.concatenate([fa, fb], axis=1)
    width = actors.scale_high - actors.scale_low
    variance = np.var(both, axis=1)
    variance = np.where(variance > (1e-6 * width) ** 2, variance, 0.0)  # round-off is not variance
    tol = (1e-9 * width)[:, None]
    changes = (np.abs(fab - fa[:, None, :]) > tol[:, :, None]).sum(axis=-1)  # (D, G)
    moving = (np.abs(both - np.median(both, axis=1, keepdims=True)) > tol).sum(axis=1)
    idx = child(seed, FORECAST_SOBOL_SUBSAMPLE).integers(0, n, size=(bootstrap, n))
    separable = bool(spec.metadata.get("separable", False))
    relevant = np.array(
        [[_relevant(actors, g[2], g[3], d, separable) for g in groups] for d in range(len(fa))],
        dtype=bool,
    ).reshape(len(fa), len(groups))
    bf, bt = _bootstrap(fa, fb, fab, idx, relevant)
    flat = variance == 0
    first[flat], total[flat], bf[flat], bt[flat] = np.nan, np.nan, np.nan, np.nan
    ranked = _ranked(actors, groups, (first, total, bf, bt), changes, separable)
    issues = {
        dim: SobolIssue(
            *ranked[d], float(variance[d]), int(moving[d]), bool(moving[d] >= MIN_CHANGES)
        )
        for d, dim in enumerate(actors.dimensions)
    }
    runs = n * (len(groups) + 2)
    return SobolIndices(model, n, runs, issues, 2 * n, MIN_CHANGES)


Group = tuple[str, list[int], int, int | None]  # label, factor columns, actor, dimension


def _groups(actors: Actors, factors: Sequence[InputFactor]) -> list[Group]:
    """One group per factor, then one per actor holding uncertain judgements."""
    single: list[Group] = [(f.label, [j], f.actor, f.dimension) for j, f in enumerate(factors)]
    by_actor: dict[int, list[int]] = {}
    for j, f in enumerate(factors):
        by_actor.setdefault(f.actor, []).append(j)
    joint: list[Group] = [
        (f"actor:{actors.names[i]}", cols, i, None) for i, cols in sorted(by_actor.items())
    ]
    return single + joint


def _ranked(
    actors: Actors,
    groups: Sequence[Group],
    estimates: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    changes: npt.NDArray[np.int64],
    separable: bool,
) -> list[tuple[tuple[SobolIndex, ...], tuple[SobolIndex, ...]]]:
    """Per issue, factors and actors ranked by total index, with bootstrap 95% intervals.

    Indices and intervals are clipped to [0, 1] (the estimators can overshoot on small
    samples); ``changes`` counts the draws in which resampling the group changed the forecast,
    and an index resting on fewer than :data:`MIN_CHANGES` of them (but more than none: then it
    is exactly 0) is marked unreliable.
    """
    first, total, boot_first, boot_total = (np.clip(e, 0.0, 1.0) for e in estimates)
    lo_f, hi_f = _ci(boot_first)
    lo_t, hi_t = _ci(boot_total)
    out = []
    for d in range(actors.n_dimensions):
        rows = [
            SobolIndex(
                label.removeprefix("actor:"),
                float(first[d, g]),
                (float(lo_f[d, g]), float(hi_f[d, g])),
                float(total[d, g]),
                (float(lo_t[d, g]), float(hi_t[d, g])),
                int(changes[d, g]),
                bool(changes[d, g] == 0 or changes[d, g] >= MIN_CHANGES),
                "actor" if label.startswith("actor:") else "factor",
            )
            for g, (label, _, actor, dim) in enumerate(groups)
            if _relevant(actors, actor, dim, d, separable)
        ]
        rank = sorted(rows, key=lambda r: (-np.nan_to_num(r.total, nan=-1.0), r.label))
        out.append(
            (
                tuple(r for r in rank if r.kind == "factor"),
                tuple(r for r in rank if r.kind == "actor"),
            )
        )
    return out


def _ci(boot: FloatArray) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """2.5 and 97.5 percentiles over the bootstrap axis (axis 1 of ``(D, B, G)``); NaN where
    the forecast does not vary (the indices are undefined there)."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanpercentile(boot, 2.5, axis=1)
        hi = np.nanpercentile(boot, 97.5, axis=1)
    return lo, hi


__all__ = ["MIN_CHANGES", "TornadoBar", "defaulted_cells", "sobol", "tornado", "widen"]
