"""The Monte Carlo core of the outlook: candidate packages, then draws in independent chunks.

**Candidates.** Every settlement rule picks a point of the signatories' Pareto frontier among
packages that cross no signatory's red line and no deal-level rule, and a deal exists in a draw
exactly when that frontier has a point every signatory accepts (the acceptable set is
upward-closed). So only outcomes that can be on that frontier matter. When the feasible
outcomes number at most :data:`EXACT_LIMIT` they are all candidates and every draw is
answered exactly (method ``"exact"``). Otherwise the candidates are the union of the exact
frontiers (:func:`zopa.frontier.frontier`) of the point estimates and of ``pilots`` drawn
games (method ``"pool"``); a draw whose own frontier leaves the pool could be answered short
of exactly, so a few draws are re-checked against the exact per-draw analysis and the
agreement is reported.

**Draws.** Chunk ``c`` of a run with seed ``s`` draws its judgements with the generator seeded
by ``SeedSequence(s, spawn_key=(OUTLOOK_CHUNK, c))`` (:mod:`zopa.seeds`) and always draws a
full chunk (a shorter last chunk keeps its first draws), so chunks are independent, can run in
any order or place, the first ``n`` draws of a run are the same whatever its total, and the same
seed gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from zopa.compiler import compile_scenario, grid_values
from zopa.frontier.front import frontier
from zopa.game import TOL, Game
from zopa.model import derived as dv
from zopa.model.schema import Scenario
from zopa.model.uncertain import Uncertain
from zopa.outlook import draws as dr
from zopa.outlook import forecasts as fx
from zopa.outlook import ratifying as rt
from zopa.outlook.settle import Prepared, settle
from zopa.ratify.winset import ratified_game
from zopa.seeds import OUTLOOK_CHUNK, OUTLOOK_PILOTS, child

#: Feasible outcomes up to which every one is a candidate (exact answers in every draw).
EXACT_LIMIT = 20_000
#: Drawn games whose frontiers make the candidate pool above that.
PILOTS = 64
#: Draws per chunk (the unit of seeding and of resumable work).
CHUNK = 1000
#: Most cells of one block of utilities (draws x signatories x candidates) held at once.
BLOCK_CELLS = 4_000_000


@dataclass(frozen=True, eq=False)
class Setup:
    """What every chunk shares: the judgements, the candidates and their encodings."""

    scenario: Scenario
    game: Game  #: the point-estimate game (all parties)
    judgements: tuple[dr.Judgement, ...]
    signatories: tuple[int, ...]
    codes: np.ndarray  #: (C,) candidate outcome codes, increasing
    onehot: np.ndarray  #: (N, C) 1 where candidate c takes grid value n (issues concatenated)
    terms: tuple[tuple[int, int, np.ndarray], ...]  #: (signatory row, term k, mask (C,))
    method: str  #: "exact" or "pool"
    pilots: int
    derived: dict[str, np.ndarray]  #: each derived quantity's value at the candidates
    targets: dict[str, np.ndarray]  #: constrained-forecast rule -> (C,) distance to the forecast
    labels: dict[str, str]  #: constrained-forecast rule -> label
    bodies: tuple[rt.Body, ...] = ()  #: ratifying bodies that must pass a settlement


@dataclass(frozen=True, eq=False)
class Chunk:
    """One chunk of draws: the judgements drawn, whether a deal exists, each rule's choice."""

    z: np.ndarray  #: (J, n)
    deal: np.ndarray  #: (n,) bool
    slack: np.ndarray  #: (n,) best candidate's smallest margin over walk-away
    choice: dict[str, np.ndarray]  #: rule -> (n,) candidate column, -1 without a deal
    utility: dict[str, np.ndarray]  #: rule -> (n, S) signatories' utilities at the choice
    margin: dict[str, np.ndarray]  #: rule -> (n, S) utility minus walk-away at the choice
    signed: np.ndarray  #: (n,) bool: a package every signatory signs (ratified or not)
    alone: np.ndarray  #: (n, S) bool: a signed package that signatory's own ratifiers pass


def chunk_seed(seed: int, chunk: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed, spawn_key=(OUTLOOK_CHUNK, chunk))


def setup(
    scenario: Scenario,
    *,
    seed: int = 0,
    pilots: int = PILOTS,
    ratified: bool = False,
    forecast_of: Scenario | None = None,
) -> Setup:
    """The candidates for ``scenario`` (see the module docstring); with ``ratified`` a
    settlement must also pass every ratifying body of every signatory, in each draw with that
    draw's factions (see :mod:`zopa.outlook.ratifying`). ``forecast_of``: a scenario that
    differs from ``scenario`` only in red lines (which no forecast reads), whose forecasts
    the constrained-forecast rules use."""
    game = compile_scenario(scenario)
    sig = game.signatories
    js = dr.judgements(scenario, ratifiers=ratified)
    g = game.restrict(sig)
    method = "exact"
    if g.n_outcomes <= EXACT_LIMIT:
        codes = np.flatnonzero(g.feasible().all(axis=0)).astype(np.int64)
        used = 0
    else:
        method = "pool"
        found = [frontier(g).codes]
        rng = child(seed, OUTLOOK_PILOTS)
        z = dr.sample(js, rng, pilots)
        found += [frontier(drawn).codes for drawn in drawn_games(scenario, g, js, z)]
        if ratified:  # ratification removes packages: others can reach the frontier
            found.append(frontier(ratified_game(scenario, game).restrict(sig)).codes)
            found += [frontier(r).codes for r in ratified_games(scenario, sig, js, z)]
        codes = np.unique(np.concatenate(found)).astype(np.int64)
        used = pilots
    idx = game.indices(codes)
    offsets = np.concatenate([[0], np.cumsum(game.shape)])
    onehot = np.zeros((int(offsets[-1]), len(codes)))
    for k in range(len(game.shape)):
        onehot[offsets[k] + idx[:, k], np.arange(len(codes))] = 1.0
    xs = dr.coords(scenario, game.values)
    at = {i: xs[k][idx[:, k]] for k, i in enumerate(game.issue_ids)}
    terms = tuple(
        (s, t, mask)
        for s, p in enumerate(sig)
        for t, mask in enumerate(dr.term_masks(scenario, game.party_ids[p], at))
    )
    defs = dv.definitions(scenario)
    at_derived = {
        name: np.broadcast_to(dv.evaluate(node, at, scenario.issues, defs), (len(codes),))
        for name, node in defs.items()
    }
    targets: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    fc = fx.forecasts(forecast_of or scenario) if len(codes) else None
    if fc is not None:
        dist = fx.distances(fc, fx.positions(scenario, game, codes, fc.dimensions))
        for model, d in dist.items():
            targets[fx.PREFIX + model] = d
            labels[fx.PREFIX + model] = f"{fc.labels[model]} forecast, nearest acceptable package"
    bodies = rt.bodies(scenario, game, sig, codes, at) if ratified else ()
    return Setup(
        scenario,
        game,
        js,
        sig,
        codes,
        onehot,
        terms,
        method,
        used,
        at_derived,
        targets,
        labels,
        bodies,
    )


def run_chunk(
    st: Setup, seed: int, chunk: int, n: int, rules: tuple[str, ...], z: np.ndarray | None = None
) -> Chunk:
    """Chunk ``chunk`` of ``n`` draws (or the given judgement draws ``z``)."""
    if z is None:  # always draw a full chunk, so a short last chunk starts like a full one
        rng = np.random.default_rng(chunk_seed(seed, chunk))
        z = dr.sample(st.judgements, rng, max(n, CHUNK))[:, :n]
    n = z.shape[1]
    s_count = len(st.signatories)
    block = max(1, BLOCK_CELLS // max(1, s_count * len(st.codes)))
    deal = np.zeros(n, dtype=bool)
    signed = np.zeros(n, dtype=bool)
    alone = np.zeros((n, s_count), dtype=bool)
    slack = np.zeros(n)
    choice = {r: np.full(n, -1) for r in rules}
    utility = {r: np.full((n, s_count), np.nan) for r in rules}
    margin = {r: np.full((n, s_count), np.nan) for r in rules}
    if not len(st.codes):  # nothing crosses no red line: no deal in any draw
        return Chunk(z, deal, np.full(n, np.nan), choice, utility, margin, signed, alone)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        u, res = utilities(st, z[:, lo:hi])
        acc = np.all(u >= res[:, :, None] - TOL, axis=1)
        signed[lo:hi] = acc.any(axis=1)
        alone[lo:hi] = signed[lo:hi, None]
        if st.bodies:
            own = ratifications(st, z[:, lo:hi])  # (n, S, C)
            alone[lo:hi] = (acc[:, None, :] & own).any(axis=2)
            acc &= own.all(axis=1)
        deal[lo:hi] = acc.any(axis=1)
        slack[lo:hi] = (u - res[:, :, None]).min(axis=1).max(axis=1)
        if not rules:
            continue
        rows = np.arange(hi - lo)
        prep = Prepared(u, res, acc)
        for r in rules:
            col = settle(r, prep, st.codes, st.targets.get(r))
            choice[r][lo:hi] = col
            safe = np.maximum(col, 0)
            at = u[rows, :, safe]
            at[col < 0] = np.nan
            utility[r][lo:hi] = at
            margin[r][lo:hi] = at - res
    return Chunk(z, deal, slack, choice, utility, margin, signed, alone)


def ratifications(st: Setup, z: np.ndarray) -> np.ndarray:
    """``(n, S, C)``: whether every ratifying body of each signatory passes each candidate,
    for the judgement draws ``z`` (true for a signatory without ratifiers)."""
    drawn = dr.Drawn(st.judgements, z)
    out = np.ones((z.shape[1], len(st.signatories), len(st.codes)), dtype=bool)
    for b in st.bodies:
        out[:, b.signatory, :] &= rt.votes(b, st.scenario, st.game, st.onehot, st.derived, drawn)
    return out


def utilities(st: Setup, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``U (n, S, C)`` signatories' utilities at the candidates and ``R (n, S)`` their walk-away
    values, for the judgement draws ``z``."""
    sc = st.scenario
    game = st.game
    drawn = dr.Drawn(st.judgements, z)
    sig_ids = tuple(game.party_ids[p] for p in st.signatories)
    tabs = dr.tables(sc, sig_ids, dr.coords(sc, game.values), drawn)
    cat = np.concatenate(tabs, axis=2)  # (n, S, N)
    n, s_count, width = cat.shape
    u = (cat.reshape(n * s_count, width) @ st.onehot).reshape(n, s_count, len(st.codes))
    for s, t, mask in st.terms:
        value = drawn(sc.parties[sig_ids[s]].terms[t].value)
        u[:, s, :] += value[:, None] * mask[None, :]
    if st.derived:
        for s, pid in enumerate(sig_ids):
            u[:, s, :] += dr.derived_utility(sc, pid, st.derived, drawn)
    scale = np.array([sc.parties[p].scale or 1.0 for p in sig_ids])
    u /= scale[None, :, None]
    np.clip(u, 0.0, 1.0, out=u)
    res = np.stack([drawn(sc.parties[p].reservation) for p in sig_ids], axis=1)
    return u, res


def drawn_games(
    scenario: Scenario, g: Game, js: tuple[dr.Judgement, ...], z: np.ndarray
) -> Iterator[Game]:
    """The game ``g`` (the point game restricted to some parties) under each draw ``z[:, d]``
    of the judgements: the same as compiling the scenario with those numbers."""
    drawn = dr.Drawn(js, z)
    keep = [scenario_index(scenario, p) for p in g.party_ids]
    coupled = [
        scenario.parties[p].terms
        or any(n in scenario.derived for n in scenario.parties[p].interests)
        for p in g.party_ids
    ]
    if any(coupled):
        for d in range(z.shape[1]):
            yield compile_scenario(scenario, _pick(drawn, d)).restrict(keep)
        return
    tabs = dr.tables(scenario, g.party_ids, dr.coords(scenario, g.values), drawn)
    res = np.stack([drawn(scenario.parties[p].reservation) for p in g.party_ids], axis=1)
    for d in range(z.shape[1]):
        yield replace(g, tables=tuple(t[d] for t in tabs), reservations=res[d])


def ratified_games(
    scenario: Scenario, sig: tuple[int, ...], js: tuple[dr.Judgement, ...], z: np.ndarray
) -> Iterator[Game]:
    """The signatories' game under each draw ``z[:, d]`` with every ratifying body's mask
    (compiled from the drawn scenario: the per-draw analysis the outlook is checked against)."""
    drawn = dr.Drawn(js, z)
    for d in range(z.shape[1]):
        pick = _pick(drawn, d)
        game = compile_scenario(scenario, pick)
        yield ratified_game(scenario, game, pick).restrict(sig)


def _pick(drawn: dr.Drawn, d: int) -> Callable[[Uncertain], float]:
    return lambda u: float(drawn(u)[d])


def scenario_index(scenario: Scenario, party: str) -> int:
    return list(scenario.parties).index(party)


def point_draw(st: Setup) -> np.ndarray:
    """The judgement matrix of one draw at the point estimates."""
    return dr.points(st.judgements)


def without_red_line(scenario: Scenario, party: str, k: int) -> Scenario:
    """The scenario with one red line of one party dropped."""
    p = scenario.parties[party]
    lines = p.red_lines[:k] + p.red_lines[k + 1 :]
    parties = dict(scenario.parties)
    parties[party] = p.model_copy(update={"red_lines": lines})
    return scenario.model_copy(update={"parties": parties})


__all__ = [
    "CHUNK",
    "EXACT_LIMIT",
    "PILOTS",
    "Chunk",
    "Setup",
    "chunk_seed",
    "grid_values",
    "point_draw",
    "replace",
    "run_chunk",
    "setup",
    "utilities",
    "without_red_line",
]
