"""Where the workbench finds scenarios: the bundled ones first, then the run store's.

A scenario in the store is its newest saved version (``name@N`` names version N); the store is
opened on the first request that needs it, so a server that only reads bundled scenarios never
touches it. Scenarios are parsed once per text (keyed by its SHA-256) and kept in a small cache.
Names come from requests and are only ever compared with the bundled names and the store's rows:
no file-system path is taken from a request.
"""

from __future__ import annotations

import re
import threading
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Receive, Scope, Send

from zopa.errors import InputError
from zopa.model import bundled_scenarios, load_scenario
from zopa.model.schema import Scenario

if TYPE_CHECKING:
    from zopa.runs import ScenarioVersion, Store

#: The names the workbench gives new scenarios: a letter or digit, then letters, digits, ``.``,
#: ``_`` or ``-`` (at most 100 characters).
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class UnknownScenario(InputError):
    """A scenario name that is neither bundled nor in the store (answered 404)."""


class Shelf:
    """The application's run store, opened on first use (see :func:`zopa.runs.store_url`)."""

    def __init__(self, url: str | None = None) -> None:
        from zopa.runs.location import store_url

        self.url = store_url(url)
        self._store: Store | None = None
        self._lock = threading.Lock()

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                from zopa.runs import Store

                self._store = Store.open(self.url)
            return self._store


_SHELF: ContextVar[Shelf | None] = ContextVar("zopa_web_shelf", default=None)


class UseShelf:
    """ASGI middleware making ``shelf`` the store of every request it passes on."""

    def __init__(self, app: ASGIApp, shelf: Shelf) -> None:
        self.app = app
        self.shelf = shelf

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _SHELF.set(self.shelf)
        try:
            await self.app(scope, receive, send)
        finally:
            _SHELF.reset(token)


def shelf() -> Shelf:
    """The store of the request being answered (the default store outside a request)."""
    found = _SHELF.get()
    return found if found is not None else Shelf()


def store() -> Store:
    return shelf().store()


@lru_cache(maxsize=1)
def bundled_names() -> frozenset[str]:
    """The bundled scenarios' names (the package's files do not change while it runs)."""
    return frozenset(bundled_scenarios())


@lru_cache(maxsize=32)
def _bundled(name: str) -> Scenario:
    return load_scenario(bundled_scenarios()[name])


@lru_cache(maxsize=64)
def _parsed(name: str, sha256: str, text: str) -> Scenario:
    from zopa.model.io import scenario_from_text

    return scenario_from_text(text, file=name)


def parse_version(v: ScenarioVersion) -> Scenario:
    """The scenario a stored version holds (parsed once per text)."""
    return _parsed(v.name, v.sha256, v.text)


def split_name(name: str) -> tuple[str, int | None]:
    """``name@N`` as (name, N); any other name as (name, None)."""
    base, sep, tail = name.rpartition("@")
    if sep and base and tail.isdigit() and len(tail) < 10:
        return base, int(tail)
    return name, None


def stored_names() -> list[str]:
    """The store's scenarios that are not bundled ones, by name."""
    bundled = bundled_scenarios()
    return [n for n in store().scenario_names() if n not in bundled]


def version(name: str, number: int | None = None) -> ScenarioVersion:
    """Version ``number`` (default: the newest) of the stored scenario ``name``."""
    versions = store().versions(name) if name not in bundled_scenarios() else []
    if not versions:
        raise _unknown(name)
    if number is None:
        return versions[-1]
    for v in versions:
        if v.version == number:
            return v
    raise UnknownScenario.single(
        f"scenario {name!r} has no version {number} (it has 1 to {versions[-1].version})",
        path="version",
    )


def find(name: str) -> Scenario:
    """The scenario ``name``: a bundled one, else the store's newest version (``name@N``: its
    version N); any other name is an :class:`UnknownScenario`."""
    if name in bundled_names():
        return _bundled(name)
    base, number = split_name(name)
    return parse_version(version(base, number))


def _unknown(name: str) -> InputError:
    from zopa.model.suggest import suggest

    names = list(bundled_scenarios())
    hint = suggest(name, names)
    return UnknownScenario.single(
        f"no scenario {name!r}{hint}: not bundled ({', '.join(names)}) and not in the store",
        path="scenario",
    )


def stored_rows() -> list[dict[str, object]]:
    """One row per stored scenario, as ``zopa scenarios --json`` lists bundled ones, with its
    newest version; a text that does not validate is listed with its problems instead."""
    from zopa.errors import ZopaError
    from zopa.model.summary import scenario_row

    rows: list[dict[str, object]] = []
    for name in stored_names():
        v = version(name)
        head: dict[str, object] = {"name": name, "source": "store", "version": v.version}
        try:
            rows.append({**scenario_row(name, parse_version(v)), **head})
        except ZopaError as err:
            rows.append({**head, "problems": err.lines()})
    return rows
