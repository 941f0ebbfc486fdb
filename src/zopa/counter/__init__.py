"""Counter-proposals: what would it take to bring a party on board?

Core objects: a :class:`CounterProblem` (a proposal and the parties that must accept), searched
by two engines with one call shape — :mod:`~zopa.counter.exhaustive` over the enumerated outcome
space and :mod:`~zopa.counter.milp` by integer programming beyond it — and the results
:class:`CounterReport` (diverse counter-proposals), :class:`WhatItTakes` (minimal concession
sets), :class:`Conflict` (minimal sets of red lines and walk-away values that cannot all be
met) and :class:`TradeOff` (the local frontier between two parties).
"""

from zopa.counter.api import ENUMERATE_LIMIT, counter_proposals
from zopa.counter.problem import RANKINGS, REPORT_RANKINGS, CounterProblem
from zopa.counter.results import (
    Change,
    ConcessionSet,
    Conflict,
    CounterReport,
    Effect,
    Essential,
    Package,
    TradeOff,
    TradePoint,
    WhatItTakes,
)
from zopa.counter.takes import CounterOverview, counter_overview, what_it_takes
from zopa.counter.tradeoff import local_frontier

__all__ = [
    "ENUMERATE_LIMIT",
    "RANKINGS",
    "REPORT_RANKINGS",
    "Change",
    "ConcessionSet",
    "Conflict",
    "CounterOverview",
    "CounterProblem",
    "CounterReport",
    "Effect",
    "Essential",
    "Package",
    "TradeOff",
    "TradePoint",
    "WhatItTakes",
    "counter_overview",
    "counter_proposals",
    "local_frontier",
    "what_it_takes",
]
