"""Ratification in the outlook: every ratifying body's vote on the candidates, draw by draw.

A signatory's ratifiers (two-level games, Putnam 1988; see :mod:`zopa.ratify.winset`) are
bodies of factions. A faction votes yes on a package when the package crosses none of its red
lines and is worth at least its walk-away value; a body passes it when the yes seats meet its
rule and every veto holder votes yes. The factions' uncertain numbers (weights, values,
walk-away values, package-term values) are judgements drawn with the parties' own
(:func:`zopa.outlook.draws.judgements` with ``ratifiers``), so in each draw a body's vote uses
that draw's factions. Each faction's utilities at the candidates are computed for a block of
draws at once exactly as :func:`zopa.compiler.compile_scenario` computes them for one draw (the
tests check the votes against :func:`zopa.ratify.winset.body_mask` of each drawn scenario).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zopa.compiler import compile_scenario
from zopa.game import TOL, Game
from zopa.model.ratifiers import Ratifier
from zopa.model.schema import Scenario
from zopa.outlook import draws as dr


@dataclass(frozen=True, eq=False)
class Body:
    """One ratifying body, ready to vote on the candidates of an outlook."""

    signatory: int  #: row of the party it ratifies for among the signatories
    party: str
    name: str
    scenario: Scenario  #: the scenario's issues with the body's factions as parties
    factions: tuple[str, ...]
    seats: np.ndarray  #: (F,)
    needed: float  #: yes seats that pass (unanimity: every seat)
    veto: tuple[int, ...]  #: rows of the veto holders
    feasible: np.ndarray  #: (F, C) whether a candidate crosses none of a faction's red lines
    terms: tuple[tuple[int, int, np.ndarray], ...]  #: (faction row, term k, mask (C,))


def bodies(
    scenario: Scenario,
    game: Game,
    signatories: tuple[int, ...],
    codes: np.ndarray,
    at: dict[str, np.ndarray],
) -> tuple[Body, ...]:
    """The ratifying bodies of every signatory, evaluated at the candidates ``codes``
    (``at[issue]``: the candidates' coordinates)."""
    out = []
    for s, p in enumerate(signatories):
        pid = game.party_ids[p]
        for rid, body in scenario.parties[pid].ratifiers.items():
            sub = _factions_scenario(scenario, body)
            fids = tuple(body.factions)
            g = compile_scenario(sub)
            terms = tuple(
                (f, t, mask)
                for f, fid in enumerate(fids)
                for t, mask in enumerate(dr.term_masks(sub, fid, at))
            )
            seats = np.array([body.factions[f].seats for f in fids], dtype=float)
            total = int(seats.sum())
            need = float(total if body.rule.kind == "unanimity" else body.rule.needed(total))
            out.append(
                Body(
                    s,
                    pid,
                    body.name or rid,
                    sub,
                    fids,
                    seats,
                    need,
                    tuple(fids.index(v) for v in body.rule.veto),
                    g.feasible_of(codes) if len(codes) else np.ones((len(fids), 0), dtype=bool),
                    terms,
                )
            )
    return tuple(out)


def _factions_scenario(scenario: Scenario, body: Ratifier) -> Scenario:
    """Every issue of the scenario (the same grids: proposals add grid points) with the
    body's factions as parties."""
    return Scenario.model_construct(
        name=scenario.name,
        issues=scenario.issues,
        parties={fid: f.as_party() for fid, f in body.factions.items()},
        proposals=scenario.proposals,
        derived=scenario.derived,
        constraints=(),
    )


def votes(
    b: Body,
    scenario: Scenario,
    game: Game,
    onehot: np.ndarray,
    derived: dict[str, np.ndarray],
    drawn: dr.Drawn,
) -> np.ndarray:
    """``(n, C)``: whether the body passes each candidate in each draw."""
    sc = b.scenario
    tabs = dr.tables(sc, b.factions, dr.coords(scenario, game.values), drawn)
    cat = np.concatenate(tabs, axis=2)  # (n, F, N)
    n, f_count, width = cat.shape
    c = onehot.shape[1]
    u = (cat.reshape(n * f_count, width) @ onehot).reshape(n, f_count, c)
    for f, t, mask in b.terms:
        value = drawn(sc.parties[b.factions[f]].terms[t].value)
        u[:, f, :] += value[:, None] * mask[None, :]
    if derived:
        for f, fid in enumerate(b.factions):
            u[:, f, :] += dr.derived_utility(sc, fid, derived, drawn)
    scale = np.array([sc.parties[fid].scale or 1.0 for fid in b.factions])
    u /= scale[None, :, None]
    np.clip(u, 0.0, 1.0, out=u)
    res = np.stack([drawn(sc.parties[fid].reservation) for fid in b.factions], axis=1)
    yes = (u >= res[:, :, None] - TOL) & b.feasible[None, :, :]
    passes = np.einsum("f,nfc->nc", b.seats, yes.astype(float)) >= b.needed - 0.5
    for v in b.veto:
        passes &= yes[:, v, :]
    return np.asarray(passes)


__all__ = ["Body", "bodies", "votes"]
