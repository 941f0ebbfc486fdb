"""Kernels shared by the analyses, below ``frontier/`` and ``counter/``.

* :mod:`zopa.kernels.skyline`: the non-dominated columns of a ``(parties, points)`` utility
  array, for any number of parties.
* :mod:`zopa.kernels.milp_space`: the outcome space of a game as a mixed-integer linear
  programme (HiGHS), with red lines, package terms and walk-away values as rows.

Import the modules themselves (``from zopa.kernels.skyline import pareto_front``): this package
imports nothing, so using the skyline does not load the solver.
"""
