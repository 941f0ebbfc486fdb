"""Where the run store lives: ``--store URL``, else ``ZOPA_STORE``, else a SQLite file in the
user's data folder (created on first use)."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "ZOPA_STORE"
FILE_NAME = "runs.sqlite"


def default_path() -> Path:
    """The embedded store's file: ``<user data dir>/zopa/runs.sqlite``."""
    from platformdirs import user_data_path

    return user_data_path("zopa", appauthor=False) / FILE_NAME


def store_url(given: str | None = None) -> str:
    """The SQLAlchemy URL of the store to use.

    A plain path (no ``://``) is taken as a SQLite file."""
    url = given or os.environ.get(ENV) or ""
    if not url:
        return f"sqlite:///{default_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    return url
