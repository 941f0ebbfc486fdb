"""Bargaining solutions: which point of the ZOPA's frontier a principle of fairness selects.

Every solution has one call shape, ``solution(game) -> Deal | None`` (``None``: no outcome is
acceptable to every signatory), and is chosen among the *bargaining set*: the Pareto frontier
of the ZOPA among the signatories (:mod:`zopa.frontier.front`), with each signatory's
reservation value as the disagreement point ``d`` and the ideal point ``I`` (each signatory's
best utility in the ZOPA). Every solution is therefore Pareto optimal and individually
rational by construction. The space is finite, so each rule maximises a score over the points;
scores within 1e-9 of the best tie, ties are broken by the stated second score and then by the
lowest outcome code. Gains are ``g_i = max(u_i - d_i, 0)``; normalised gains are
``g_i / (I_i - d_i)`` (a party with ``I_i - d_i <= TOL`` gains nothing anywhere in the ZOPA and
is left out of the Nash product and the normalised minimum).

How other tools define the same names (see docs/frontier.md):

* GENIUS (``BidSpace``) takes Nash over the whole frontier without requiring ``u_i >= d_i``,
  and calls "Kalai-Smorodinsky" the frontier point with the smallest sum of pairwise utility
  differences, i.e. KS only for ideal point (1, ..., 1) and ``d = 0``: zopa's
  ``smallest-difference``.
* NegMAS 0.16 ``ks_points`` minimises the spread (max - min) of normalised gains, and
  ``kalai_points`` is the egalitarian solution (maximin gain, Kalai 1977).
* NegoLog's ``specs.json`` calls "Kalai" the maximum-welfare point, zopa's ``utilitarian``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from zopa._types import Value
from zopa.errors import InputError
from zopa.frontier.front import Frontier, frontier
from zopa.game import TOL, Game
from zopa.registry import Registry

if TYPE_CHECKING:
    import pandas

__all__ = [
    "SOLUTIONS",
    "BargainingProblem",
    "Deal",
    "Solution",
    "register_solution",
    "solutions_frame",
    "solve",
    "solve_all",
]

#: Scores closer than this to the best are ties.
SCORE_TOL = 1e-9

Rule = Callable[["BargainingProblem"], tuple[int, float]]


@dataclass(frozen=True, eq=False)
class BargainingProblem:
    """A finite bargaining problem: ``points`` ``(S, M)`` (columns are utility vectors, all
    individually rational), their outcome ``codes`` ``(M,)``, the disagreement point ``d``
    ``(S,)`` and, for solutions that need one, a ``target`` utility vector ``(S,)``."""

    points: np.ndarray
    codes: np.ndarray
    disagreement: np.ndarray
    target: np.ndarray | None = None

    @cached_property
    def ideal(self) -> np.ndarray:
        return np.asarray(self.points.max(axis=1))

    @cached_property
    def gains(self) -> np.ndarray:
        return np.asarray(np.maximum(self.points - self.disagreement[:, None], 0.0))

    @cached_property
    def room(self) -> np.ndarray:
        """Parties that can gain something in the problem (ideal above disagreement)."""
        return np.asarray(self.ideal - self.disagreement > TOL)

    @cached_property
    def normalised(self) -> np.ndarray:
        """Gains divided by the ideal gain; 1 for parties without room."""
        span = np.where(self.room, self.ideal - self.disagreement, 1.0)
        out = self.gains / span[:, None]
        out[~self.room] = 1.0
        return np.asarray(out)

    def best(self, *scores: np.ndarray, among: np.ndarray | None = None) -> int:
        """Index of the point maximising ``scores`` lexicographically (ties within
        ``SCORE_TOL``), then with the lowest code."""
        cand = np.arange(self.codes.shape[0]) if among is None else among
        for s in scores:
            v = s[cand]
            cand = cand[v >= v.max() - SCORE_TOL]
        return int(cand[np.argmin(self.codes[cand])])


@dataclass(frozen=True)
class Deal:
    """The outcome a solution selects: its code and terms, every party's utility, the score
    the solution maximised and how many outcomes tie with it (None: not counted, for a
    frontier found by integer programming)."""

    solution: str
    code: int
    terms: Mapping[str, Value]
    utilities: Mapping[str, float]
    score: float
    ties: int | None = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "solution": self.solution,
            "code": self.code,
            "terms": dict(self.terms),
            "utilities": dict(self.utilities),
            "score": self.score,
            "ties": self.ties,
        }

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        return view(f"{self.solution} deal", (), [self.record()])

    def record(self) -> dict[str, Any]:
        """One flat row: ``solution``, ``code``, ``score``, ``ties``, ``utility_<party>`` for
        every party, then one column per issue holding the terms."""
        row: dict[str, Any] = {
            "solution": self.solution,
            "code": self.code,
            "score": self.score,
            "ties": self.ties,
        }
        row.update({f"utility_{p}": u for p, u in self.utilities.items()})
        row.update(self.terms)
        return row

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`record` as a one-row pandas DataFrame (the optional extra ``frames``)."""
        return solutions_frame({self.solution: self})


def solutions_frame(deals: Mapping[str, Deal | None]) -> pandas.DataFrame:
    """The deals :func:`solve_all` returns as a pandas DataFrame, one row per solution (a
    solution without a deal keeps its row, with empty cells)."""
    from zopa.frames import data_frame

    return data_frame(
        [d.record() if d is not None else {"solution": name} for name, d in deals.items()]
    )


@dataclass(frozen=True)
class Solution:
    """A registered bargaining solution; call it with a game."""

    name: str
    label: str
    definition: str
    source: str
    score: str
    rule: Rule
    needs_target: bool = False

    def __call__(
        self,
        game: Game,
        *,
        front: Frontier | None = None,
        proposal: int | Mapping[str, Value] | None = None,
    ) -> Deal | None:
        """The deal this solution selects in ``game``; ``front`` reuses a computed frontier;
        ``proposal`` (an outcome code or terms) is the target of target-based solutions."""
        front = front if front is not None else frontier(game)
        inside = front.in_zopa()
        if len(inside) == 0:
            return None
        target = None
        if self.needs_target:
            if proposal is None:
                raise InputError.single(f"solution {self.name!r} needs a proposal")
            code = proposal if isinstance(proposal, int) else game.encode(proposal)
            if not 0 <= code < game.n_outcomes:
                raise InputError.single(f"outcome code {code} is outside 0..{game.n_outcomes - 1}")
            target = game.utilities_of([code])[list(front.parties), 0]
        problem = BargainingProblem(inside.utilities, inside.codes, inside.reservations, target)
        j, score = self.rule(problem)
        code = int(inside.codes[j])
        every = game.utilities_of([code])[:, 0]
        return Deal(
            solution=self.name,
            code=code,
            terms=MappingProxyType(game.decode(code)),
            utilities=MappingProxyType(dict(zip(game.party_ids, every.tolist(), strict=True))),
            score=float(score),
            ties=int(inside.ties[j]) or None,
        )


#: The registry, in registration order: name -> solution.
SOLUTIONS: Registry[Solution] = Registry("solution")


def register_solution(
    name: str, *, label: str, definition: str, source: str, score: str, needs_target: bool = False
) -> Callable[[Rule], Rule]:
    """Register ``rule(problem) -> (point index, score)`` as a solution called ``name``."""

    def wrap(rule: Rule) -> Rule:
        SOLUTIONS.add(name, Solution(name, label, definition, source, score, rule, needs_target))
        return rule

    return wrap


def solve(
    game: Game,
    name: str,
    *,
    front: Frontier | None = None,
    proposal: int | Mapping[str, Value] | None = None,
) -> Deal | None:
    """The deal the solution called ``name`` selects (see :data:`SOLUTIONS`)."""
    return SOLUTIONS[name](game, front=front, proposal=proposal)


def solve_all(game: Game, *, front: Frontier | None = None) -> dict[str, Deal | None]:
    """Every registered solution that needs no proposal, sharing one frontier."""
    front = front if front is not None else frontier(game)
    return {n: s(game, front=front) for n, s in SOLUTIONS.items() if not s.needs_target}


# -- the solutions -----------------------------------------------------------------------------


@register_solution(
    "nash",
    label="Nash bargaining solution",
    definition="maximises the product of the signatories' gains over their reservation values",
    source="Nash, 'The Bargaining Problem', Econometrica 18(2):155-162, 1950",
    score="Nash product of gains",
)
def nash(p: BargainingProblem) -> tuple[int, float]:
    """Ties (product within a factor 1 +- 1e-9) go to the larger sum of normalised gains."""
    with np.errstate(divide="ignore"):
        log_product = np.log(p.gains[p.room]).sum(axis=0)
    j = p.best(log_product, p.normalised.sum(axis=0))
    return j, float(np.prod(p.gains[:, j]))


@register_solution(
    "kalai-smorodinsky",
    label="Kalai-Smorodinsky solution",
    definition="maximises the smallest normalised gain (gain divided by the party's ideal gain), "
    "the discrete analogue of the point on the line from disagreement to ideal",
    source="Kalai & Smorodinsky, 'Other solutions to Nash's bargaining problem', "
    "Econometrica 43(3):513-518, 1975",
    score="smallest normalised gain",
)
def kalai_smorodinsky(p: BargainingProblem) -> tuple[int, float]:
    """Ties go to the larger sum of normalised gains."""
    low = p.normalised.min(axis=0)
    j = p.best(low, p.normalised.sum(axis=0))
    return j, float(low[j])


@register_solution(
    "egalitarian",
    label="Egalitarian (maximin) solution",
    definition="maximises the smallest gain over the reservation value, in utility units",
    source="Kalai, 'Proportional solutions to bargaining situations: interpersonal utility "
    "comparisons', Econometrica 45(7):1623-1630, 1977; Rawls, A Theory of Justice, 1971",
    score="smallest gain",
)
def egalitarian(p: BargainingProblem) -> tuple[int, float]:
    """Ties go to the larger sum of gains."""
    low = p.gains.min(axis=0)
    j = p.best(low, p.gains.sum(axis=0))
    return j, float(low[j])


@register_solution(
    "utilitarian",
    label="Utilitarian (maximum welfare) solution",
    definition="maximises the sum of the signatories' utilities",
    source="Harsanyi, 'Cardinal welfare, individualistic ethics, and interpersonal "
    "comparisons of utility', J. Political Economy 63(4):309-321, 1955",
    score="sum of utilities",
)
def utilitarian(p: BargainingProblem) -> tuple[int, float]:
    """Ties go to the larger smallest gain."""
    welfare = p.points.sum(axis=0)
    j = p.best(welfare, p.gains.min(axis=0))
    return j, float(welfare[j])


@register_solution(
    "smallest-difference",
    label="Smallest utility difference (GENIUS 'Kalai-Smorodinsky')",
    definition="minimises the sum over pairs of signatories of their utility difference",
    source="Lin et al., 'Genius: an integrated environment for supporting the design of generic "
    "automated negotiators', Computational Intelligence 30(1):48-70, 2014 (BidSpace)",
    score="sum of pairwise utility differences",
)
def smallest_difference(p: BargainingProblem) -> tuple[int, float]:
    """Ties go to the larger sum of utilities."""
    u = p.points
    spread = np.abs(u[:, None, :] - u[None, :, :]).sum(axis=(0, 1)) / 2.0
    j = p.best(-spread, u.sum(axis=0))
    return j, float(spread[j])


@register_solution(
    "closest",
    label="Closest Pareto improvement of a proposal",
    definition="the point of the ZOPA's frontier nearest to the proposal (Euclidean distance "
    "in utility) among those every signatory likes at least as much as the proposal; if there "
    "is none, the nearest point of the ZOPA's frontier",
    source="Raiffa, The Art and Science of Negotiation, 1982 (post-settlement settlements)",
    score="distance from the proposal",
    needs_target=True,
)
def closest(p: BargainingProblem) -> tuple[int, float]:
    """Ties go to the lowest code."""
    assert p.target is not None
    t = p.target
    dist = np.sqrt(((p.points - t[:, None]) ** 2).sum(axis=0))
    better = np.flatnonzero(np.all(p.points >= t[:, None] - TOL, axis=0))
    j = p.best(-dist, among=better if better.size else None)
    return j, float(dist[j])
