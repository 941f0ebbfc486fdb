"""Vectorised maths of Bueno de Mesquita's expected-utility ("challenge") model on one issue.

Every function works on a batch of S independent problems with the **draws axis last**:
positions ``x`` are ``(n, S)``, pairwise arrays ``(n, n, S)``, so every numpy operation runs
over long contiguous vectors. The formulas are those of Scholz, Calbert & Smith (2011),
"Unravelling Bueno De Mesquita's group decision model", ICAART 2011, pp. 18–30, which
reconstruct Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, pp. 71–104, with the
risk exponents of Bueno de Mesquita (1985), "The war trap revisited", *APSR* 79:156–177. Where
the sources can be read two ways the reading is an option of :class:`ChallengeOptions`
(A1–A4; see ``docs/forecast.md``).

The Monte Carlo batch runs :func:`run_challenge`'s rounds in C where the compiled kernel
``_challenge_kernels.pyx`` is built, operation for operation, with the same bits; this code is
its reference, so a change here is a change there (``tests/kernels/test_compiled_challenge.py``
compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from zopa._types import BoolArray, FloatArray
from zopa.kernels.rowsum import sum_in_order

#: Expected utilities (of order 1) closer to 0 than this are 0: below it is round-off.
EU_ZERO = 1e-12


@dataclass(frozen=True)
class ChallengeOptions:
    """Every reading of the model that the sources leave open, with the default chosen."""

    q: float = 1.0  # probability the status quo holds if i does not challenge j
    range_mode: Literal["dynamic", "fixed"] = "dynamic"  # R = current spread, or the scale width
    risk: bool = True  # two-pass risk exponents (BDM 1985) or r = 1 throughout
    contest_salience: Literal["responder", "challenger"] = "responder"  # A1
    security: Literal["challengers", "own"] = "challengers"  # A2
    upper_hand: Literal["figure", "text"] = "figure"  # A3
    accept: Literal["highest_eu", "least_move"] = "highest_eu"  # A4
    conflict: Literal["none", "concede", "compromise"] = "none"  # both EUs positive
    max_rounds: int = 20
    stop: Literal["median", "rounds"] = "median"  # stop rule: median settles, or fixed rounds
    # median movement below this fraction of the scale width counts as settled (0.5 year on
    # BDM's 4-10 year scale) ...
    tolerance: float = 0.5 / 6
    patience: int = 2  # ... for this many consecutive rounds
    outcome: Literal["median", "mean"] = "median"  # the forecast read off the final positions


@dataclass(frozen=True)
class Geometry:
    """Distances of one set of positions: ``dist[a, b] = |x_a − x_b|`` and ``f``, ``mu``.

    ``f[j] = Σ_k w_k |x_k − x_j|`` is the weighted distance sum; the median-voter position ``mu``
    minimises it over actor positions (it beats every other actor position in pairwise votes
    ``v(a, b) = Σ_k w_k (|x_k − b| − |x_k − a|) = f(b) − f(a)``; ties go to the lowest position).
    """

    dist: FloatArray  # (n, n, S)
    f: FloatArray  # (n, S)
    mu: FloatArray  # (S,)


def geometry(x: FloatArray, w: FloatArray) -> Geometry:
    """The :class:`Geometry` of positions ``x`` ``(n, S)`` under voting weights ``w``."""
    dist = np.abs(x[:, None, :] - x[None, :, :])
    f = sum_in_order(dist * w[None, :, :], axis=1)
    best = f.min(axis=0)
    cand = f <= best + 1e-12 * np.maximum(np.abs(best), 1.0)
    mu = np.where(cand, x, np.inf).min(axis=0)
    return Geometry(dist, f, mu)


def win_probabilities(geo: Geometry, w: FloatArray) -> FloatArray:
    """``P[i, j, s]``: probability that i prevails over j, from every actor's support.

    Actor k backs the side it is closer to with ``w_k`` times its distance advantage:
    ``P_ij = Σ_k w_k max(0, Δ_k) / Σ_k w_k |Δ_k|``, ``Δ_k = |x_k − x_j| − |x_k − x_i|`` (0.5 when no
    actor distinguishes i from j). Computed from ``Σ w Δ = f_j − f_i`` and
    ``|Δ_k| = |x_k−x_i| + |x_k−x_j| − 2 min(|x_k−x_i|, |x_k−x_j|)``, over unordered pairs only.
    """
    n, draws = geo.f.shape
    iu, ju = np.triu_indices(n, 1)
    weighted = geo.dist * w[None, :, :]
    mins = np.zeros((iu.size, draws))
    for k in range(n):
        mins += np.minimum(weighted[iu, k], weighted[ju, k])
    fi, fj = geo.f[iu], geo.f[ju]
    den = fi + fj - 2.0 * mins
    ok = den > 1e-12 * np.maximum(geo.f.max(axis=0), 1.0)
    p_ij = np.where(ok, 0.5 * (den + fj - fi) / np.where(ok, den, 1.0), 0.5)
    p = np.full((n, n, draws), 0.5)
    p[iu, ju] = p_ij
    p[ju, iu] = 1.0 - p_ij
    return p


def _utility(base: FloatArray, r: FloatArray | None) -> FloatArray:
    """BDM's utility ``2 − 4 base^r`` for ``base`` in [0, 1] (``r=None`` means r = 1)."""
    if r is None:
        return 2.0 - 4.0 * base
    with np.errstate(divide="ignore"):
        powered = np.exp(r * np.log(np.maximum(base, 0.0)))
    return 2.0 - 4.0 * powered


def expected_utilities(
    geo: Geometry,
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    span: FloatArray,
    r: FloatArray | None,
    opts: ChallengeOptions,
) -> FloatArray:
    """``E[i, j, s]``: i's expected utility of challenging j (Scholz et al. 2011, §4).

    ``E = σ [P U_s + (1 − P) U_f] + (1 − σ) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w]`` with σ
    the responder's salience (A1 default) or the challenger's, i's risk exponent ``r_i`` in every
    utility (``None``: r = 1), distances divided by the range ``span``, and ``T = 1`` when j's
    drift toward the median helps i (``|x_i − μ| < |x_i − x_j|``). Values within
    :data:`EU_ZERO` of 0 are set to 0, so that round-off never decides an offer.
    """
    d = geo.dist / span
    ri = None if r is None else r[:, None, :]
    u_s = _utility(0.5 - 0.5 * d, ri)
    u_f = _utility(0.5 + 0.5 * d, ri)
    u_sq = 2.0 - 4.0 * 0.5 ** (1.0 if r is None else r[:, None, :])
    sigma = s[None, :, :] if opts.contest_salience == "responder" else s[:, None, :]
    eu = u_s - sigma * (1.0 - p) * (u_s - u_f) - opts.q * u_sq
    if opts.q != 1.0:
        dm = (np.abs(x - geo.mu) / span)[:, None, :]
        drift = 0.25 * (dm + d)
        t = dm < d
        u_b = _utility(0.5 - drift, ri)
        u_w = _utility(0.5 + drift, ri)
        eu = eu - (1.0 - opts.q) * np.where(t, u_b, u_w)
    n = x.shape[0]
    eu[np.arange(n), np.arange(n)] = 0.0
    # Round-off must not decide a sign: two actors at one position have E = 0 exactly, yet the
    # utilities above cancel only to ~1e-16, and the sign of E decides who may make an offer.
    eu[np.abs(eu) < EU_ZERO] = 0.0
    return eu


def risk_exponents(eu: FloatArray, security: Literal["challengers", "own"]) -> FloatArray:
    """``r_i = (1 − R_i/3) / (1 + R_i/3)`` from the security sums (BDM 1985; A2 picks the sum).

    ``Sec_i`` is the EU the others expect from challenging i (column sum, default) or i's own
    (row sum); ``R_i = (2 Sec_i − max Sec − min Sec) / (max Sec − min Sec)`` lies in [−1, 1].
    """
    sec = sum_in_order(eu, 0 if security == "challengers" else 1)
    hi = sec.max(axis=0)
    lo = sec.min(axis=0)
    width = hi - lo
    big_r = np.where(width > 0, (2.0 * sec - hi - lo) / np.where(width > 0, width, 1.0), 0.0)
    out: FloatArray = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    return out


def offers(
    x: FloatArray, eu: FloatArray, opts: ChallengeOptions
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Offers ``(position, proposer_eu, valid)``, each indexed ``[target, proposer, s]``.

    With ``a = E[p, t]`` and ``b = E[t, p]``: ``a > 0 > b`` means p has the upper hand and t
    moves toward ``x_p`` by the fraction ``min(1, |b/a|)`` (compromise, or a full move when the
    loser stands to lose more than the winner gains). Both positive is conflict: nobody moves
    (default), the lower-EU side moves fully (``concede``) or by ``b/a`` (``compromise``).
    Both negative is a stalemate.
    """
    a_pt = np.swapaxes(eu, 0, 1)  # [t, p] = E[p, t], the proposer's EU
    b_tp = eu  # [t, p] = E[t, p], the target's EU
    pos_a = a_pt > 0
    frac = np.minimum(1.0, np.abs(b_tp) / np.where(pos_a, a_pt, 1.0))
    valid = pos_a & (b_tp < 0)
    if opts.conflict != "none":
        conceding = pos_a & (b_tp > 0) & (a_pt > b_tp)
        if opts.conflict == "concede":
            frac = np.where(conceding, 1.0, frac)
        valid |= conceding
    xt = x[:, None, :]
    step = (x[None, :, :] - xt) * frac
    n = x.shape[0]
    if opts.upper_hand == "text":
        later = (np.arange(n)[None, :] > np.arange(n)[:, None])[:, :, None]
        step = np.where(later, -step, step)
    valid[np.arange(n), np.arange(n)] = False
    return xt + step, a_pt, valid


def accept(
    x: FloatArray,
    position: FloatArray,
    proposer_eu: FloatArray,
    valid: BoolArray,
    rule: Literal["highest_eu", "least_move"],
) -> FloatArray:
    """Each target's new position: the offer chosen by ``rule`` (A4), else its own.

    ``highest_eu``: the proposer with the highest expected utility, ties by the least move;
    ``least_move``: the least move, ties by the highest proposer EU; final ties by lowest index.
    """
    move = np.where(valid, np.abs(position - x[:, None, :]), np.inf)
    score = np.where(valid, proposer_eu, -np.inf)
    first, second = (score, -move) if rule == "highest_eu" else (-move, score)
    best = first.max(axis=1, keepdims=True)
    tol = 1e-12 * np.maximum(np.abs(np.where(np.isfinite(best), best, 0.0)), 1.0)
    cand = valid & (first >= best - tol)
    pick = np.argmax(np.where(cand, second, -np.inf), axis=1)[:, None, :]
    chosen = np.take_along_axis(position, pick, axis=1)[:, 0, :]
    return np.where(valid.any(axis=1), chosen, x)


def challenge_round(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    geo: Geometry,
    bounds: tuple[float, float],
    opts: ChallengeOptions,
) -> FloatArray:
    """One round on positions ``x`` ``(n, S)`` with their ``geo``: odds, risk, EU, offers.

    ``bounds`` is the issue scale: its width is the fixed range and offers stay inside it.
    """
    if opts.range_mode == "dynamic":
        spread = x.max(axis=0) - x.min(axis=0)
        span = np.where(spread > 0, spread, 1.0)
    else:
        span = np.full(x.shape[1], bounds[1] - bounds[0])
    p = win_probabilities(geo, w)
    eu = expected_utilities(geo, x, s, p, span, None, opts)
    if opts.risk:
        r = risk_exponents(eu, opts.security)
        eu = expected_utilities(geo, x, s, p, span, r, opts)
    pos, peu, valid = offers(x, eu, opts)
    return accept(x, np.clip(pos, bounds[0], bounds[1]), peu, valid, opts.accept)


@dataclass(frozen=True)
class ChallengeRun:
    """Result of a batch of runs, draws axis last."""

    positions: FloatArray  # (n, S) final
    outcome: FloatArray  # (S,)
    rounds: npt.NDArray[np.int64]  # (S,) rounds executed
    converged: BoolArray  # (S,) stop rule met before max_rounds
    trajectory: FloatArray | None  # (R+1, n, S) when recorded


def run_challenge(
    x0: FloatArray,
    c: FloatArray,
    s: FloatArray,
    bounds: tuple[float, float],
    opts: ChallengeOptions,
    record: bool = False,
) -> ChallengeRun:
    """Run rounds on every draw (``(n, S)`` inputs) until its stop rule holds.

    A draw has settled when its median moved less than ``opts.tolerance`` times the scale width
    ``bounds[1] - bounds[0]`` in ``opts.patience`` consecutive rounds, so the forecast does not
    depend on the issue's units. Settled draws leave the active set, so the cost follows the
    draws still moving.
    """
    x = np.array(x0, dtype=np.float64)
    draws = x.shape[1]
    s = np.ascontiguousarray(np.broadcast_to(s, x.shape))
    w = np.ascontiguousarray(np.broadcast_to(c, x.shape)) * s
    geo = geometry(x, w)
    mu_prev = geo.mu.copy()
    calm = np.zeros(draws, dtype=np.int64)
    rounds = np.zeros(draws, dtype=np.int64)
    converged = np.zeros(draws, dtype=bool)
    active = np.arange(draws)
    settle = opts.tolerance * (bounds[1] - bounds[0])
    history = [x.copy()] if record else []
    for _ in range(opts.max_rounds):
        if active.size == 0:
            break
        xa = challenge_round(x[:, active], w[:, active], s[:, active], geo, bounds, opts)
        x[:, active] = xa
        rounds[active] += 1
        if record:
            history.append(x.copy())
        geo = geometry(xa, w[:, active])
        if opts.stop == "median":
            settled = np.abs(geo.mu - mu_prev[active]) < settle
            calm[active] = np.where(settled, calm[active] + 1, 0)
            mu_prev[active] = geo.mu
            keep = calm[active] < opts.patience
            converged[active[~keep]] = True
            active = active[keep]
            geo = Geometry(geo.dist[:, :, keep], geo.f[:, keep], geo.mu[keep])
    final = geometry(x, w)
    if opts.outcome == "median":
        outcome = final.mu
    else:
        total = sum_in_order(w, 0)
        outcome = sum_in_order(w * x, 0) / np.where(total > 0, total, 1.0)
    traj = np.stack(history) if record else None
    return ChallengeRun(x, outcome, rounds, converged, traj)


__all__ = [
    "ChallengeOptions",
    "ChallengeRun",
    "Geometry",
    "accept",
    "challenge_round",
    "expected_utilities",
    "geometry",
    "offers",
    "risk_exponents",
    "run_challenge",
    "win_probabilities",
]
