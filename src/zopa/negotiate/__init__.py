"""Simulated negotiations: protocols, strategies, sessions and tournaments.

Core objects: a :class:`Strategy` (sees only its own :class:`Preferences` and a frozen
:class:`View` each turn), a protocol (``alternating``, ``stacked``, ``mediated``; run through
:func:`negotiate`), the :class:`Session` it produces (trace and outcome, a value), and a
tournament (:func:`run_tournament`). An :class:`Arena` is a game prepared once for many sessions.
"""

from zopa.negotiate.arena import Arena, History, Preferences, SessionInfo, View
from zopa.negotiate.protocols import Rules, negotiate, replay
from zopa.negotiate.registry import (
    default_protocol,
    make_strategy,
    protocols,
    register_protocol,
    register_strategy,
    register_variant,
    strategies,
)
from zopa.negotiate.scoring import Landmarks, landmarks
from zopa.negotiate.session import Event, Failure, Session
from zopa.negotiate.strategies import Scripted, Strategy
from zopa.negotiate.summary import SimulationSummary, simulation_summary
from zopa.negotiate.tournament import Played, Tournament, run_tournament, tournament_protocol

__all__ = [
    "Arena",
    "Event",
    "Failure",
    "History",
    "Landmarks",
    "Played",
    "Preferences",
    "Rules",
    "Scripted",
    "Session",
    "SessionInfo",
    "SimulationSummary",
    "Strategy",
    "Tournament",
    "View",
    "default_protocol",
    "landmarks",
    "make_strategy",
    "negotiate",
    "protocols",
    "register_protocol",
    "register_strategy",
    "register_variant",
    "replay",
    "run_tournament",
    "simulation_summary",
    "strategies",
    "tournament_protocol",
]
