"""Tournaments in resumable chunks: chunk ``i`` is the tournament's batch ``i`` of sessions.

Every session's seed comes from its place in the tournament (scenario, role assignment,
repetition), so the standings are the same bytes in this process, in worker processes, on Dask,
or resumed after a kill."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from zopa.negotiate.tournament import BatchRunner, Progress, Settings, play_batch
from zopa.runs.chunks import Checkpoint, Executor, run_chunks


def chunk_rows(
    settings: Settings, batches: tuple[list[Any], ...], index: int, _: np.random.SeedSequence
) -> list[Any]:
    """The session rows of chunk ``index``."""
    return play_batch(settings, batches, index)


def chunked(checkpoint: Checkpoint | None = None, executor: Executor | None = None) -> BatchRunner:
    """A tournament batch runner computing in checkpointed chunks."""

    def run(
        settings: Settings, batches: list[list[Any]], progress: Progress | None
    ) -> list[tuple[Any, ...]]:
        sizes = [len(b) for b in batches]
        total = sum(sizes)

        def sessions(done: int, _: int) -> None:
            if progress is not None:
                progress(min(total, done * (sizes[0] if sizes else 0)), total)

        task = functools.partial(chunk_rows, settings, tuple(batches))
        values = run_chunks(
            task, len(batches), seed=0, checkpoint=checkpoint, executor=executor,
            progress=sessions,
        )  # fmt: skip
        return [tuple(row) for rows in values for row in rows]

    return run
