"""Independent blocks of the SMP's kernels run on the machine's cores.

The heavy kernels (weighing challenges, voting coalitions) work in cache-sized blocks that
write disjoint parts of their output and compute every number the same way whichever thread
runs them, so the results do not depend on the number of threads. numpy releases the GIL
inside its loops, so threads share the work without copying any array. The pool is made on
first use (none at import) and made anew in a forked child, whose copy has no threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4  # the blocks are small: more threads than this mostly wait for the GIL

_pool: tuple[int, ThreadPoolExecutor] | None = None


def workers() -> int:
    """Threads to use: the cores this process may run on, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def each(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[work(item) for item in items]``, spread over :func:`workers` threads when there are
    several items; ``work`` must write only its own part of any shared output."""
    count = workers()
    if count == 1 or len(items) < 2:
        return [work(item) for item in items]
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(count, thread_name_prefix="zopa-smp"))
    return list(_pool[1].map(work, items))  # re-raises the first error


__all__ = ["MAX_WORKERS", "each", "workers"]
