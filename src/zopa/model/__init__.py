"""The scenario language: what a user writes about a negotiation.

Core objects: :class:`Scenario` (issues, parties, proposals), :class:`Issue`, :class:`Party`,
:class:`Interest`, :class:`RedLine`, :class:`Proposal`, :class:`Uncertain`, :class:`Evidence`.
"""

from zopa.model.evidence import Evidence, Source
from zopa.model.io import (
    bundled_scenarios,
    dump_scenario,
    load_scenario,
    scenario_from_text,
    scenario_to_data,
    schema,
)
from zopa.model.schema import (
    DealRule,
    Interest,
    Issue,
    PackageTerm,
    Party,
    Proposal,
    RedLine,
    Scenario,
)
from zopa.model.spatial import ActorJudgement, spatial_judgements
from zopa.model.uncertain import Uncertain

__all__ = [
    "ActorJudgement",
    "DealRule",
    "Evidence",
    "Interest",
    "Issue",
    "PackageTerm",
    "Party",
    "Proposal",
    "RedLine",
    "Scenario",
    "Source",
    "Uncertain",
    "bundled_scenarios",
    "dump_scenario",
    "load_scenario",
    "scenario_from_text",
    "scenario_to_data",
    "schema",
    "spatial_judgements",
]
