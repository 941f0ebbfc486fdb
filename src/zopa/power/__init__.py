"""Voting power in weighted voting bodies.

Core objects: :class:`Body` (members, weight vectors, a winning rule) and :class:`Power` (the
Shapley–Shubik and Banzhaf indices of its members). :func:`power` computes them exactly where
that is cheap and by seeded Monte Carlo sampling beyond, with the sampling error stated.
"""

from zopa.power.body import Body, Clause, body_from_data, load_body
from zopa.power.indices import Power, power

__all__ = ["Body", "Clause", "Power", "body_from_data", "load_body", "power"]
