"""Runs that last: a store of recorded analyses and resumable, chunked execution.

Core objects: :class:`~zopa.runs.store.Store` (SQLAlchemy: a SQLite file in the user's data
folder by default, any SQLAlchemy URL such as PostgreSQL with psycopg 3), :class:`Run` (one
recorded analysis: command, parameters, seed, scenario versions read, result, status, timings)
and :class:`ScenarioVersion` (every saved text of a scenario with its date and a diff).

The names below are imported on first use: SQLAlchemy (about a quarter of a second of
processor time to import) is loaded only by what uses the store, not by the chunked execution
(``zopa.runs.chunks``, ``zopa.runs.forecast``) that a run without a store goes through, nor by
the recording of a run in an existing SQLite store (:mod:`zopa.runs.lite`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zopa._lazy import lazy

if TYPE_CHECKING:
    from zopa.runs.errors import StoreError
    from zopa.runs.location import store_url
    from zopa.runs.records import Run, ScenarioVersion
    from zopa.runs.store import Store

#: Public name -> the module that defines it.
_HOME = {
    "StoreError": "zopa.runs.errors",
    "store_url": "zopa.runs.location",
    "Run": "zopa.runs.records",
    "ScenarioVersion": "zopa.runs.records",
    "Store": "zopa.runs.store",
}

__getattr__, __dir__ = lazy("zopa.runs", _HOME, globals())

__all__ = ["Run", "ScenarioVersion", "Store", "StoreError", "store_url"]
