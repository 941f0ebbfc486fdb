"""What decides whether a deal exists.

Two measures per judgement, both from the same draws and candidates as the outlook:

* **swing**: the probability of a deal when the judgement is in the top fifth of its draws
  minus the probability when it is in the bottom fifth, the other judgements drawn as usual
  (a conditional-probability, or "contribution to the sample mean", reading of the Monte Carlo
  sample: Saltelli et al., *Global Sensitivity Analysis: The Primer*, 2008, ch. 5; Plischke,
  "An effective algorithm for computing global sensitivity indices (EASI)", Reliability
  Engineering & System Safety 95(4):354-360, 2010, for the binning). The first-order index
  ``Var(E[deal | judgement]) / Var(deal)`` is estimated from ten equal-count bins.
* **threshold**: with every other judgement at its point estimate, the value of this judgement
  at which a deal appears or disappears, nearest its point estimate, searched over the number's
  admissible range (a grid of :data:`GRID` points, then :data:`STEPS` bisection steps); a flip
  at the very end of the range (within :data:`EDGE` of it, e.g. a weight of 0) is not reported.

A red line is a judgement too: the probability of a deal without it is computed by running
the outlook with that red line dropped and the same draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.game import TOL
from zopa.outlook import draws as dr
from zopa.outlook.engine import Setup, ratifications, utilities

#: Grid points per judgement in the threshold search.
GRID = 21
#: Bisection steps after the grid.
STEPS = 14
#: Flips closer than this share of the range to its ends are not reported (a weight of 0).
EDGE = 1e-3
#: Bins of the first-order index.
BINS = 10


@dataclass(frozen=True)
class Hinge:
    """How one judgement moves the probability of a deal."""

    path: str
    kind: str
    party: str
    point: float
    low: float
    high: float
    p_low: float | None  #: P(deal) with the judgement in its bottom fifth (None: fixed)
    p_high: float | None
    swing: float
    first_order: float | None
    threshold: float | None  #: where the point-estimate answer flips; None: nowhere in range
    deal_above: bool | None  #: True: a deal exists above the threshold

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def domain(j: dr.Judgement) -> tuple[float, float]:
    """The range a judgement could take: [0, 1] for values and walk-aways; weights from 0 to
    twice their high (at least 1); tolerances above 0; discounts in (0, 1]; package terms within
    +-1 of their span."""
    u = j.number
    if j.kind in ("value", "reservation"):
        return 0.0, 1.0
    if j.kind == "weight":
        return 0.0, max(1.0, 2.0 * u.high)
    if j.kind == "tolerance":
        return 1e-6, max(1.0, 2.0 * u.high)
    if j.kind == "discount":
        return 1e-3, 1.0
    return min(-1.0, u.low - 1.0), max(1.0, u.high + 1.0)


def deal_at(st: Setup, z: np.ndarray) -> np.ndarray:
    """Whether some candidate is acceptable to every signatory (and, when the outlook requires
    ratification, passed by every ratifying body), per column of ``z``."""
    out = np.zeros(z.shape[1], dtype=bool)
    block = max(1, 4_000_000 // max(1, len(st.signatories) * len(st.codes)))
    for lo in range(0, z.shape[1], block):
        u, r = utilities(st, z[:, lo : lo + block])
        acc = np.all(u >= r[:, :, None] - TOL, axis=1)
        if st.bodies:
            acc &= ratifications(st, z[:, lo : lo + block]).all(axis=1)
        out[lo : lo + block] = acc.any(axis=1)
    return out


def thresholds(st: Setup, rows: list[int]) -> dict[int, tuple[float | None, bool | None]]:
    """For the judgements ``rows``, the flip point nearest the point estimate (see the module
    docstring)."""
    js = st.judgements
    point = dr.points(js)[:, 0]
    n = len(rows)
    if n == 0:
        return {}
    base = point[rows]
    grid = np.array([np.linspace(*domain(js[j]), GRID) for j in rows])  # (n, GRID)
    z = np.repeat(point[:, None], n * GRID, axis=1)
    for i, j in enumerate(rows):
        z[j, i * GRID : (i + 1) * GRID] = grid[i]
    ok = deal_at(st, z).reshape(n, GRID)
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    below = np.zeros(n, dtype=bool)  # whether a deal exists at the lower end of the bracket
    for j in range(n):
        flips = np.flatnonzero(ok[j, 1:] != ok[j, :-1])
        if flips.size:
            k = flips[np.argmin(np.abs(grid[j, flips] - base[j]))]
            lo[j], hi[j], below[j] = grid[j, k], grid[j, k + 1], ok[j, k]
    live = np.flatnonzero(~np.isnan(lo))
    ok_lo = below[live]
    for _ in range(STEPS):
        if not live.size:
            break
        mid = (lo[live] + hi[live]) / 2
        z = np.repeat(point[:, None], live.size, axis=1)
        z[np.asarray(rows)[live], np.arange(live.size)] = mid
        at = deal_at(st, z)
        same = at == ok_lo
        lo[live] = np.where(same, mid, lo[live])
        hi[live] = np.where(same, hi[live], mid)
    out: dict[int, tuple[float | None, bool | None]] = {}
    for i, j in enumerate(live.tolist()):
        a, b = domain(js[rows[j]])
        mid = float((lo[j] + hi[j]) / 2)
        if min(mid - a, b - mid) > EDGE * (b - a):  # a flip at the very edge says nothing
            out[rows[j]] = (mid, not bool(ok_lo[i]))
    return out


def hinges(st: Setup, z: np.ndarray, deal: np.ndarray) -> list[Hinge]:
    """The swing, first-order index and threshold of every judgement of a signatory (only
    their judgements, and with ratification their ratifiers' factions', decide acceptance),
    most decisive first."""
    p = float(deal.mean()) if deal.size else 0.0
    var = p * (1 - p)
    sig = {st.game.party_ids[i] for i in st.signatories}
    rows = [i for i, j in enumerate(st.judgements) if j.party in sig]
    flips = thresholds(st, rows)
    out = []
    for i in rows:
        j = st.judgements[i]
        u = j.number
        p_low = p_high = first = None
        swing = 0.0
        if not u.is_fixed and deal.size >= BINS:
            order = np.argsort(z[i], kind="stable")
            fifth = max(1, deal.size // 5)
            p_low = float(deal[order[:fifth]].mean())
            p_high = float(deal[order[-fifth:]].mean())
            swing = p_high - p_low
            bins = np.array_split(deal[order], BINS)
            between = sum(len(b) * (b.mean() - p) ** 2 for b in bins) / deal.size
            first = float(between / var) if var > 0 else 0.0
        thr, above = flips.get(i, (None, None))
        out.append(
            Hinge(
                j.path,
                j.kind,
                j.party,
                u.point,
                u.low,
                u.high,
                p_low,
                p_high,
                swing,
                first,
                thr,
                above,
            )
        )
    return sorted(out, key=lambda h: (-abs(h.swing), _distance(h), h.path))


def _distance(h: Hinge) -> float:
    """How far the threshold lies from the point estimate, in units of the drawn spread."""
    if h.threshold is None:
        return np.inf
    spread = max(h.high - h.low, 0.1)
    return abs(h.threshold - h.point) / spread
