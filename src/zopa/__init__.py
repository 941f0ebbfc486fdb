"""zopa: negotiation analysis for multi-party deals.

Core objects: :class:`~zopa.model.Scenario` (what a user writes: issues, parties, interests,
reservation values, red lines, proposals), :class:`~zopa.game.Game` (the compiled outcome space
and utility matrix), and the analyses over them — :func:`~zopa.diagnose.diagnose` (who would
sign and why not), the agreement space (``zopa.frontier``), counter-proposals
(``zopa.counter``), forecasts (``zopa.forecast``) and simulations (``zopa.negotiate``).

The names below are imported on first use, so that ``import zopa`` (and the command line,
which starts from it) stays quick; ``from zopa import Scenario`` works as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zopa._lazy import lazy

__version__ = "0.1.0"

if TYPE_CHECKING:
    from zopa.compiler import compile_scenario
    from zopa.diagnose import Diagnosis, diagnose, diagnose_proposal
    from zopa.errors import InputError, TooLargeError, ZopaError
    from zopa.game import Game
    from zopa.model import Scenario, load_scenario

#: Public name -> the module that defines it.
_HOME = {
    "Diagnosis": "zopa.diagnose",
    "diagnose": "zopa.diagnose",
    "diagnose_proposal": "zopa.diagnose",
    "InputError": "zopa.errors",
    "TooLargeError": "zopa.errors",
    "ZopaError": "zopa.errors",
    "Game": "zopa.game",
    "compile_scenario": "zopa.compiler",
    "Scenario": "zopa.model",
    "load_scenario": "zopa.model",
}


__getattr__, __dir__ = lazy("zopa", _HOME, globals())


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
