"""The agreement space: ZOPA, Pareto frontier and bargaining solutions.

Core objects: :class:`Frontier` (the non-dominated utility vectors among the signatories, one
outcome for each), :class:`Zopa` (the outcomes every signatory accepts: size and bounds),
:class:`Deal` (the outcome a bargaining solution selects) and the :data:`SOLUTIONS` registry.

Typical use::

    from zopa.frontier import frontier, zopa, solve, frontier_summary
    front = frontier(game)            # exact; issue by issue when utilities are additive,
                                      # by integer programming when too many to enumerate
    zone = zopa(game, front)          # size, best and worst utility per signatory
    deal = solve(game, "nash", front=front)

The array-level skyline (:func:`pareto_front`, :func:`nondominated`) works on any ``(k, N)``
array of utilities.
"""

from zopa.frontier.front import Frontier, frontier
from zopa.frontier.solutions import (
    SOLUTIONS,
    BargainingProblem,
    Deal,
    Solution,
    register_solution,
    solutions_frame,
    solve,
    solve_all,
)
from zopa.frontier.summary import FrontierSummary, frontier_summary
from zopa.frontier.zone import Zopa, zopa, zopa_mask
from zopa.kernels.skyline import dominates, nondominated, pareto_front

__all__ = [
    "SOLUTIONS",
    "BargainingProblem",
    "Deal",
    "Frontier",
    "FrontierSummary",
    "Solution",
    "Zopa",
    "dominates",
    "frontier",
    "frontier_summary",
    "nondominated",
    "pareto_front",
    "register_solution",
    "solutions_frame",
    "solve",
    "solve_all",
    "zopa",
    "zopa_mask",
]
