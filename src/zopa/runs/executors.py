"""Where chunks run: in this process (the default) or on Dask (``--scheduler local`` starts a
``distributed.LocalCluster`` with one single-threaded worker process per core; ``--scheduler
tcp://HOST:PORT`` uses a running cluster). Dask runs a chunk again on another worker when a
worker dies, so a lost worker costs time, never a chunk; values are the same bytes either way."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from zopa.errors import InputError
from zopa.runs.chunks import Executor, InProcess, Task, timed


class DaskExecutor:
    """Chunks as Dask tasks on a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        from distributed import as_completed

        if not indices:
            return
        shared = self.client.scatter(task, broadcast=True, hash=False)  # sent once per worker
        futures = [self.client.submit(timed, shared, seed, i, pure=False) for i in indices]
        for future in as_completed(futures):
            index, value, seconds = future.result()
            yield int(index), value, float(seconds)
            future.release()


class ProcessPool:
    """Chunks on a pool of local worker processes (``--jobs``; no more than the machine's
    processors or the chunks to share)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        if not indices:
            return
        from zopa import params

        with ProcessPoolExecutor(params.jobs(self.workers, tasks=len(indices))) as pool:
            futures = [pool.submit(timed, task, seed, i) for i in indices]
            for future in as_completed(futures):
                yield future.result()


def check_scheduler(scheduler: str | None) -> None:
    """Refuse a ``--scheduler`` value that is neither ``local`` nor a scheduler address."""
    if scheduler and scheduler != "local" and not scheduler.startswith(_SCHEMES):
        raise InputError.single(
            f"expected local or a scheduler address such as tcp://HOST:8786, got {scheduler!r}",
            path="scheduler",
        )


_SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://")


@contextmanager
def executor_for(scheduler: str | None, workers: int | None = None) -> Iterator[Executor]:
    """The executor a ``--scheduler`` value names (None or ``""``: this process, or a pool of
    ``workers`` processes when more than one is asked for)."""
    if not scheduler:
        yield ProcessPool(workers) if workers is not None and workers > 1 else InProcess()
        return
    from distributed import Client, LocalCluster

    if scheduler == "local":
        n = workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,  # no warnings about workers stopped at the end
            ) as cluster,
            Client(cluster) as client,
        ):
            yield DaskExecutor(client)
        return
    check_scheduler(scheduler)
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as err:
        raise InputError.single(
            f"no Dask scheduler answers at {scheduler}: {err}".splitlines()[0], path="scheduler"
        ) from None
    with client:
        yield DaskExecutor(client)
