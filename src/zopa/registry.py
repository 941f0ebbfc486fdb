"""One shape for every registry of plug-ins: solutions, strategies, protocols, forecast models,
sections of the main analysis.

A :class:`Registry` maps names to entries (each entry is a frozen value carrying its own typed
metadata) and reads like a mapping in registration order. Registering a name twice is refused
(a programming error, :class:`ValueError`); looking up an unknown name is an
:class:`~zopa.errors.InputError` located at the registry's ``path`` (the parameter that named
it), suggesting the closest known names. Tests register entries for a while with
:meth:`Registry.temporary` (one entry) or :meth:`Registry.restored` (whatever the block
registers), which undo the registrations however the block ends.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar, overload

from zopa.errors import InputError

__all__ = ["Registry", "did_you_mean"]

T = TypeVar("T")
D = TypeVar("D")


class Registry(Mapping[str, T]):
    """Named entries of one kind, in registration order.

    ``kind`` names the kind in messages (``"solution"``); ``path`` locates a bad name in an
    :class:`~zopa.errors.InputError` (default: ``kind``); ``load``, when given, is called once
    before the first look-up to import the modules whose decorators fill the registry. A look-up
    from another thread while it runs waits for it, so no thread sees a half-filled registry;
    registering (:meth:`add`, :meth:`replace`, :meth:`registered`) never loads.
    """

    def __init__(
        self, kind: str, *, path: str | None = None, load: Callable[[], None] | None = None
    ):
        self.kind = kind
        self.path = kind if path is None else path
        self._entries: dict[str, T] = {}
        self._load = load
        self._loaded = load is None
        self._loading = threading.RLock()  # re-entrant: the modules loaded may look entries up

    # -- filling -------------------------------------------------------------------------------

    def add(self, name: str, entry: T) -> T:
        """Register ``entry`` under ``name``; a name already taken is a :class:`ValueError`."""
        if name in self._entries:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._entries[name] = entry
        return entry

    def registered(self, name: str) -> T | None:
        """The entry registered as ``name`` so far (without loading the registry's modules:
        for decorators that amend an entry as their module registers it)."""
        return self._entries.get(name)

    def replace(self, name: str, entry: T) -> T:
        """Put ``entry`` in place of the registered entry ``name`` (its position is kept);
        an unregistered name is a :class:`KeyError`."""
        if name not in self._entries:
            raise KeyError(f"{self.kind} {name!r} is not registered")
        self._entries[name] = entry
        return entry

    @contextmanager
    def temporary(self, name: str, entry: T) -> Iterator[T]:
        """Register ``entry`` under ``name`` for the ``with`` block only (for tests)."""
        self._ensure_loaded()
        self.add(name, entry)
        try:
            yield entry
        finally:
            del self._entries[name]

    @contextmanager
    def restored(self) -> Iterator[Registry[T]]:
        """Undo, at the end of the ``with`` block, every registration made inside it (for tests
        and examples that register through the decorators)."""
        self._ensure_loaded()
        saved = dict(self._entries)
        try:
            yield self
        finally:
            self._entries.clear()
            self._entries.update(saved)

    # -- reading -------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> T:
        """The entry ``name``; an unknown name is an :class:`~zopa.errors.InputError`."""
        if name not in self._entries:
            self._ensure_loaded()
        try:
            return self._entries[name]
        except KeyError:
            raise self.unknown(name) from None

    @overload
    def get(self, name: str) -> T | None: ...
    @overload
    def get(self, name: str, default: D) -> T | D: ...
    def get(self, name: str, default: object = None) -> object:
        self._ensure_loaded()
        return self._entries.get(name, default)

    def __contains__(self, name: object) -> bool:
        self._ensure_loaded()
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        self._ensure_loaded()
        return iter(list(self._entries))

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self._entries)!r})"

    def names(self) -> list[str]:
        """The registered names in registration order."""
        return list(self)

    def unknown(self, name: str) -> InputError:
        """The error for an unknown ``name``: the closest names, then every known name."""
        self._ensure_loaded()
        known = list(self._entries)
        hint = did_you_mean(name, known)
        listed = ", ".join(known) or "none"
        return InputError.single(
            f"unknown {self.kind} {name!r}{hint}; known: {listed}", path=self.path
        )

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._loading:
            load, self._load = self._load, None
            if load is not None:
                try:
                    load()
                finally:
                    self._loaded = True


def did_you_mean(name: str, known: list[str]) -> str:
    """``" (did you mean 'x'?)"`` for the known names closest to ``name``, else ``""``."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
