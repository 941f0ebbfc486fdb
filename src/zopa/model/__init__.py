"""The scenario language: what a user writes about a negotiation.

Core objects: :class:`Scenario` (issues, parties, proposals), :class:`Issue`, :class:`Party`,
:class:`Interest`, :class:`RedLine`, :class:`Proposal`, :class:`Uncertain`, :class:`Evidence`.

The names below are imported on first use, so that a command that needs only part of the
language (``zopa scenarios`` reads the bundled files without validating them) starts quickly.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from zopa._lazy import lazy

if TYPE_CHECKING:
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

#: Public name -> the module that defines it.
_HOME = {
    "ActorJudgement": "zopa.model.spatial",
    "DealRule": "zopa.model.schema",
    "Evidence": "zopa.model.evidence",
    "Interest": "zopa.model.schema",
    "Issue": "zopa.model.schema",
    "PackageTerm": "zopa.model.schema",
    "Party": "zopa.model.schema",
    "Proposal": "zopa.model.schema",
    "RedLine": "zopa.model.schema",
    "Scenario": "zopa.model.schema",
    "Source": "zopa.model.evidence",
    "Uncertain": "zopa.model.uncertain",
    "bundled_scenarios": "zopa.model.io",
    "dump_scenario": "zopa.model.io",
    "load_scenario": "zopa.model.io",
    "scenario_from_text": "zopa.model.io",
    "scenario_to_data": "zopa.model.io",
    "schema": "zopa.model.io",
    "spatial_judgements": "zopa.model.spatial",
}


__getattr__, __dir__ = lazy("zopa.model", _HOME, globals())


class _Package(ModuleType):
    """``zopa.model.schema`` names the function :func:`zopa.model.io.schema` (the JSON Schema),
    as it always has, although a submodule of that name exists: importing the submodule, which
    sets the package's attribute, does not hide the function."""

    @property
    def schema(self) -> Any:
        return import_module("zopa.model.io").schema

    @schema.setter
    def schema(self, value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package


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
