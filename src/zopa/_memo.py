"""Values worked out once per object: a small cache keyed by an object's identity.

Scenarios are frozen but hold dictionaries, so they cannot be hashed; what is made from one
(its compiled game, a party's weights and best values) is kept under ``id(obj)`` together with
the object itself, which keeps the id from being reused while the entry is kept and lets a hit
be checked with ``is``. The oldest used entry is dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PerObject(Generic[T]):
    """``make()`` once per object and key, for the last ``size`` of them (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[Hashable, ...], tuple[Any, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, obj: object, key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
        k = (id(obj), *key)
        with self._lock:
            hit = self._kept.get(k)
            if hit is not None and hit[0] is obj:
                self._kept.move_to_end(k)
                return hit[1]
        value = make()
        with self._lock:
            self._kept[k] = (obj, value)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
