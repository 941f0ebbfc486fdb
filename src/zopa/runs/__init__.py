"""Runs that last: a store of recorded analyses and resumable, chunked execution.

Core objects: :class:`~zopa.runs.store.Store` (SQLAlchemy: a SQLite file in the user's data
folder by default, any SQLAlchemy URL such as PostgreSQL with psycopg 3), :class:`Run` (one
recorded analysis: command, parameters, seed, scenario versions read, result, status, timings)
and :class:`ScenarioVersion` (every saved text of a scenario with its date and a diff).

Importing this package imports SQLAlchemy; the command line imports it only to record a run.
"""

from zopa.runs.errors import StoreError
from zopa.runs.location import store_url
from zopa.runs.records import Run, ScenarioVersion
from zopa.runs.store import Store

__all__ = ["Run", "ScenarioVersion", "Store", "StoreError", "store_url"]
