"""Negotiation strategies; importing this package registers the built-in ones."""

from zopa.negotiate.strategies import micro, randomized, timedep, titfortat
from zopa.negotiate.strategies.base import Scripted, Strategy
from zopa.negotiate.strategies.micro import MiCRO
from zopa.negotiate.strategies.randomized import RandomStrategy
from zopa.negotiate.strategies.timedep import Aspiration, TimeDependent
from zopa.negotiate.strategies.titfortat import TitForTat

__all__ = [
    "Aspiration",
    "MiCRO",
    "RandomStrategy",
    "Scripted",
    "Strategy",
    "TimeDependent",
    "TitForTat",
    "micro",
    "randomized",
    "timedep",
    "titfortat",
]
