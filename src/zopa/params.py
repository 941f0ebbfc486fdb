"""Checks of the numeric parameters of the public API: one rule and one message per kind.

Every count a caller gives (draws, packages to list, levels, worker processes, ...) has a
stated maximum that fits in memory and a run time counted in seconds to minutes, checked before
any work starts; every margin or threshold is a finite number (seeds are checked by
:func:`zopa.seeds.as_seed`). A value outside its bounds raises an
:class:`~zopa.errors.InputError` whose path is the parameter's name (the command line shows the
flag that set it instead).

The maxima are stated here, once, and documented in ``docs/limits.md``; so are the defaults of
the counts and numbers that more than one place offers (the library's functions and the command
line's options take them from here, and this module imports nothing heavy, so that ``--help``
shows them at once).
"""

from __future__ import annotations

import math
import os
from numbers import Integral, Real

from zopa.errors import InputError

__all__ = [
    "AUDIT_DRAWS",
    "COUNTER_DRAWS",
    "COUNTER_TOP",
    "DEADLINE_STEPS",
    "FORECAST_DRAWS",
    "GENIUS_REAL_STEPS",
    "MAX_COUNTER_DRAWS",
    "MAX_FORECAST_DRAWS",
    "MAX_JOBS",
    "MAX_LEVELS",
    "MAX_OUTLOOK_DRAWS",
    "MAX_TOP",
    "OUTLOOK_DRAWS",
    "POWER_SAMPLES",
    "SALIENCE_MAX",
    "SOBOL_SAMPLES",
    "TAKES_LIMIT",
    "TOURNAMENT_REPETITIONS",
    "TOURNAMENT_ROUNDS",
    "TRADEOFF_LEVELS",
    "cores",
    "count",
    "finite",
    "jobs",
]

#: Monte Carlo draws of the scenario's uncertain numbers for the robustness of counter-proposals
#: and concession sets: each draw compiles the scenario once (about a millisecond for the
#: bundled scenarios), and only counts are kept.
MAX_COUNTER_DRAWS = 100_000
#: Monte Carlo draws of a forecast (``forecast``, ``analyze``): the models run on every draw;
#: the memory the draws need is bounded separately (see ``zopa.forecast.runs.montecarlo``).
MAX_FORECAST_DRAWS = 1_000_000
#: Monte Carlo draws of an outlook: drawn in independent chunks, so memory stays bounded; the
#: bound keeps a run within minutes.
MAX_OUTLOOK_DRAWS = 1_000_000
#: Packages (or minimal sets) listed by one counter-proposal search: each is a separate search.
MAX_TOP = 1_000
#: Levels of the integer-programming trade-off: each level is one integer program.
MAX_LEVELS = 1_000
#: Worker processes of a tournament, at most; never more than the machine's processors.
MAX_JOBS = 64

# -- defaults --------------------------------------------------------------------------------

#: Monte Carlo draws of a forecast and of the main analysis.
FORECAST_DRAWS = 2000
#: Monte Carlo draws of the judgements for an outlook.
OUTLOOK_DRAWS = 2000
#: Draws of the outlook that finds what an audit's numbers hinge on.
AUDIT_DRAWS = 1000
#: Draws measuring how robust a counter-proposal or a concession set is.
COUNTER_DRAWS = 200
#: Different packages listed by a counter-proposal search.
COUNTER_TOP = 3
#: Minimal concession sets listed.
TAKES_LIMIT = 20
#: Levels of the integer-programming trade-off.
TRADEOFF_LEVELS = 21
#: Sobol base sample size of a sensitivity report.
SOBOL_SAMPLES = 512
#: The top of the salience scale of actor tables (their numbers are read on 0 to this).
SALIENCE_MAX = 100.0
#: Rounds and repetitions of every pairing of a tournament.
TOURNAMENT_ROUNDS = 100
TOURNAMENT_REPETITIONS = 1
#: Times from now to the deadline, both included.
DEADLINE_STEPS = 5
#: Draws of the sampling method of voting power.
POWER_SAMPLES = 100_000
#: Grid intervals of a real-valued GENIUS issue.
GENIUS_REAL_STEPS = 100


def count(value: object, name: str, *, low: int = 0, high: int) -> int:
    """``value`` as an int if it is an integer from ``low`` to ``high``; otherwise an
    InputError naming the parameter ``name``."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise InputError.single(f"expected a whole number, got {value!r}", path=name)
    n = int(value)
    if not low <= n <= high:
        raise InputError.single(
            f"expected a whole number from {low:,} to {high:,}, got {n:,}", path=name
        )
    return n


def finite(
    value: object, name: str, *, low: float | None = None, high: float | None = None
) -> float:
    """``value`` as a float if it is a finite number within ``[low, high]`` (a bound that is
    None is open); NaN and infinities are refused."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise InputError.single(f"expected a finite number, got {value!r}", path=name)
    x = float(value)
    if (low is not None and x < low) or (high is not None and x > high):
        lo = "" if low is None else f"at least {low:g}"
        hi = "" if high is None else f"at most {high:g}"
        raise InputError.single(
            f"expected a number {' and '.join(b for b in (lo, hi) if b)}, got {x:g}", path=name
        )
    return x


def cores() -> int:
    """The processors this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs(value: object, name: str = "jobs", *, tasks: int | None = None) -> int:
    """Worker processes: an integer from 1 to :data:`MAX_JOBS`, then no more than the
    machine's processors or the number of ``tasks`` to share (the value actually used)."""
    n = count(value, name, low=1, high=MAX_JOBS)
    cap = os.cpu_count() or 1
    if tasks is not None:
        cap = min(cap, max(1, tasks))
    return min(n, cap)
