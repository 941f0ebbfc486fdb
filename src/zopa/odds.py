"""How likely each party is to sign a package, over the outlook's draws of the judgements.

The outlook (:mod:`zopa.outlook`) draws every uncertain number of a scenario (weights, values,
walk-away values, package terms) and asks whether a deal exists. Here the same draws are put to
one package: in each draw every party's diagnosis is made again, exactly at the package's
values (:func:`zopa.diagnose.party_diagnosis` with that draw's numbers), and a party signs in
the draw when it crosses none of its red lines and clears its walk-away value. The share of
draws is plain Monte Carlo propagation of input uncertainty (Saltelli et al., *Global
Sensitivity Analysis: The Primer*, 2008, ch. 1); its 95% interval is Wilson's (1927).

The draws are the first ``draws`` of an outlook run with the same seed (its first chunk), so
the odds and the outlook read the same uncertainty; the same seed gives the same bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa import params
from zopa._types import Terms
from zopa.diagnose import check_terms, party_diagnosis
from zopa.model.schema import Scenario
from zopa.model.uncertain import Uncertain
from zopa.outlook import draws as dr
from zopa.seeds import as_seed

#: Draws used unless told otherwise (a quick run: the desk asks on every change of a term).
DRAWS = 200


@dataclass(frozen=True)
class PartyOdds:
    """One party's chance of signing, and the spread of its utility and walk-away value."""

    party: str
    name: str
    signatory: bool
    p_sign: float
    interval: tuple[float, float]  #: Wilson 95% interval of ``p_sign``
    utility: tuple[float, float, float]  #: 10th percentile, median, 90th percentile
    reservation: tuple[float, float, float]  #: the same for the walk-away value
    red_lines: float  #: share of draws in which the package crosses a red line of the party

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "name": self.name,
            "signatory": self.signatory,
            "p_sign": self.p_sign,
            "interval_95": list(self.interval),
            "utility": dict(zip(("p10", "median", "p90"), self.utility, strict=True)),
            "reservation": dict(zip(("p10", "median", "p90"), self.reservation, strict=True)),
            "red_lines": self.red_lines,
        }


@dataclass(frozen=True)
class SignOdds:
    """Each party's odds of signing one package."""

    scenario: str
    terms: dict[str, str | float]
    draws: int
    seed: int
    p_all_sign: float  #: share of draws in which every signatory signs
    parties: tuple[PartyOdds, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "terms": dict(self.terms),
            "draws": self.draws,
            "seed": self.seed,
            "p_all_sign": self.p_all_sign,
            "parties": {p.party: p.to_dict() for p in self.parties},
        }


@dataclass(frozen=True, eq=False)
class Draws:
    """The judgement draws of one scenario, made once and put to many packages."""

    scenario: Scenario
    seed: int
    drawn: dr.Drawn

    @property
    def n(self) -> int:
        return int(self.drawn.n)


def judgement_draws(scenario: Scenario, *, draws: int = DRAWS, seed: int = 0) -> Draws:
    """The first ``draws`` draws of the judgements of an outlook run with ``seed``."""
    from zopa.outlook.engine import CHUNK, chunk_seed

    draws = params.count(draws, "draws", low=1, high=params.MAX_OUTLOOK_DRAWS)
    seed = as_seed(seed)
    js = dr.judgements(scenario)
    parts = []
    for c in range(math.ceil(draws / CHUNK)):
        rng = np.random.default_rng(chunk_seed(seed, c))
        parts.append(dr.sample(js, rng, CHUNK))
    z = np.concatenate(parts, axis=1)[:, :draws] if parts else np.empty((len(js), draws))
    return Draws(scenario, seed, dr.Drawn(js, z))


def _interval(p: float, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a proportion ``p`` from ``n`` draws (Wilson 1927)."""
    z = 1.959964
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _spread(x: np.ndarray) -> tuple[float, float, float]:
    lo, mid, hi = np.percentile(x, [10, 50, 90])
    return float(lo), float(mid), float(hi)


def sign_odds(d: Draws, terms: Terms) -> SignOdds:
    """Each party's share of the draws ``d`` in which it signs the package ``terms``."""
    s = d.scenario
    full = check_terms(s, terms)
    n = d.n
    ids = tuple(s.parties)
    utility = np.empty((len(ids), n))
    reservation = np.empty((len(ids), n))
    crossed = np.zeros((len(ids), n), dtype=bool)
    signs = np.zeros((len(ids), n), dtype=bool)
    for k in range(n):

        def pick(u: Uncertain, k: int = k) -> float:
            return float(d.drawn(u)[k])

        for i, pid in enumerate(ids):
            p = party_diagnosis(s, pid, full, pick)
            utility[i, k] = p.utility
            reservation[i, k] = p.reservation
            crossed[i, k] = bool(p.red_lines_crossed)
            signs[i, k] = p.accepts
    rows = []
    for i, pid in enumerate(ids):
        share = float(signs[i].mean())
        rows.append(
            PartyOdds(
                party=pid,
                name=s.party_name(pid),
                signatory=s.parties[pid].signatory,
                p_sign=share,
                interval=_interval(share, n),
                utility=_spread(utility[i]),
                reservation=_spread(reservation[i]),
                red_lines=float(crossed[i].mean()),
            )
        )
    sig = [i for i, pid in enumerate(ids) if s.parties[pid].signatory]
    every = float(signs[sig].all(axis=0).mean()) if sig else 0.0
    return SignOdds(s.name, full, n, d.seed, every, tuple(rows))
