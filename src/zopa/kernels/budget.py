"""The budget of an integer-programming search: stated, deterministic, shared by its programmes.

The time HiGHS needs for one programme depends on how the package terms, red lines and distance
rows interact far more than on the size of the space, so a search is bounded by counts that do
not depend on the machine or its load, never by a clock: the same input gives the same answer.

* :data:`MAX_PROGRAMMES`: programmes one search may solve.
* :data:`MAX_NODES`: branch-and-bound nodes all its programmes may explore together (HiGHS's
  ``mip_max_nodes`` on each programme is what is left; a programme counts at least one node).
* :data:`MAX_SEARCH_VALUES`: issue values a counter-proposal search looks at once. A space
  with more is searched on a sub-grid of its range issues that keeps the proposal's values
  (every ``s``-th value), and the report names the step.

A programme that reaches the node budget ends with the best outcome it has found, unproven; one
that has found none, or a search out of programmes, raises :class:`BudgetReached`, and the
search returns what it has found so far with a plain statement that it stopped at its budget.
Reaching the budget is not an error.
"""

from __future__ import annotations

from collections.abc import Callable

from zopa.errors import ZopaError

__all__ = [
    "MAX_NODES",
    "MAX_PROGRAMMES",
    "MAX_SEARCH_VALUES",
    "STATEMENT",
    "Budget",
    "BudgetReached",
]

#: Programmes one search may solve.
MAX_PROGRAMMES = 200
#: Branch-and-bound nodes the programmes of one search may explore together.
MAX_NODES = 1_000
#: Issue values a counter-proposal search looks at once (range issues beyond it are thinned).
MAX_SEARCH_VALUES = 300

Progress = Callable[[int, int], None]

#: What a report says when a search stopped at its budget.
STATEMENT = (
    f"the search stopped at its budget ({MAX_PROGRAMMES:,} integer programmes and "
    f"{MAX_NODES:,} branch-and-bound nodes per search): what it found so far is shown, and "
    "better answers may exist"
)


class BudgetReached(ZopaError):
    """The search used its budget. The searches that can show a partial answer (counter-
    proposals, the frontier) catch it and return what they found so far; any other search ends
    with this one-line message."""

    def __init__(self) -> None:
        super().__init__(STATEMENT)


class Budget:
    """What one search has used of its budget, and its progress report."""

    def __init__(
        self,
        programmes: int = MAX_PROGRAMMES,
        nodes: int = MAX_NODES,
        progress: Progress | None = None,
    ) -> None:
        self.programmes = programmes
        self.nodes = nodes
        self.progress = progress
        self.solved = 0
        self.explored = 0
        self.reached = False  #: some programme or the search stopped at the budget

    def next_nodes(self) -> int:
        """The node limit of the next programme; :class:`BudgetReached` when none is left."""
        if self.solved >= self.programmes or self.explored >= self.nodes:
            self.reached = True
            raise BudgetReached()
        return self.nodes - self.explored

    def spent(self, nodes: int) -> None:
        """Record one programme that explored ``nodes`` nodes."""
        self.solved += 1
        self.explored += max(1, nodes)
        if self.progress is not None:
            self.progress(self.solved, self.programmes)
