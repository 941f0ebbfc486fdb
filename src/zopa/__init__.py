"""zopa: negotiation analysis for multi-party deals.

Core objects: :class:`~zopa.model.Scenario` (what a user writes: issues, parties, interests,
reservation values, red lines, proposals), :class:`~zopa.game.Game` (the compiled outcome space
and utility matrix), and the analyses over them — :func:`~zopa.diagnose.diagnose` (who would
sign and why not), the agreement space (``zopa.frontier``), counter-proposals
(``zopa.counter``), forecasts (``zopa.forecast``) and simulations (``zopa.negotiate``).
"""

from zopa.diagnose import Diagnosis, diagnose, diagnose_proposal
from zopa.errors import InputError, TooLargeError, ZopaError
from zopa.game import Game, compile_scenario
from zopa.model import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = [
    "Diagnosis",
    "Game",
    "InputError",
    "Scenario",
    "TooLargeError",
    "ZopaError",
    "compile_scenario",
    "diagnose",
    "diagnose_proposal",
    "load_scenario",
]
