"""Resumable work in chunks: ``run_chunks`` computes chunk ``i`` of ``n`` with ``task(i, seed_i)``
wherever an executor puts it (this process or a Dask cluster), checkpoints each result in the
store as it arrives (results computed together in one transaction), and on a resumed run
computes only the chunks the store does not have.

The result is the list of chunk values in index order, each one passed through its JSON form
whether it was just computed or read back, so a run gives the same bytes however its chunks were
scheduled, interrupted and resumed. Chunk ``i``'s seed is the named stream
``SeedSequence(seed, spawn_key=(RUN_CHUNK, i))`` (:mod:`zopa.seeds`): it depends on the run's
seed and the chunk's index only."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from zopa.runs.errors import StoreError
from zopa.seeds import RUN_CHUNK, sequence

if TYPE_CHECKING:
    from zopa.runs.lite import Recorder
    from zopa.runs.store import Store

Task = Callable[[int, np.random.SeedSequence], Any]
"""``task(index, seed) -> JSON-able value``; module-level (or a partial of one) for Dask."""

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called as chunks complete."""


def chunk_seed(seed: int, index: int) -> np.random.SeedSequence:
    """The seed of chunk ``index`` of a run with master ``seed``: stream ``(RUN_CHUNK, index)``."""
    return sequence(seed, RUN_CHUNK, index)


def timed(task: Task, seed: int, index: int) -> tuple[int, Any, float]:
    """Run one chunk: ``(index, value, seconds)``."""
    start = time.perf_counter()
    value = task(index, chunk_seed(seed, index))
    return index, value, time.perf_counter() - start


class Executor(Protocol):
    """Runs chunks and yields ``(index, value, seconds)`` as each one completes."""

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        """Compute the given chunks, in any order."""
        ...


class InProcess:
    """Chunks one after the other, in this process."""

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        for i in indices:
            yield timed(task, seed, i)


@dataclass(frozen=True)
class Checkpoint:
    """Where a run's chunks are kept. With ``on_error``, a chunk the store fails to keep (a
    full disk, a lost server) is handed to it and the run goes on without checkpointing the
    chunks after it; without, the :class:`~zopa.runs.errors.StoreError` stops the run."""

    store: Store | Recorder
    run_id: int
    on_error: Callable[[StoreError], None] | None = None


def run_chunks(
    task: Task,
    n_chunks: int,
    *,
    seed: int,
    checkpoint: Checkpoint | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[Any]:
    """Every chunk's value in index order (see the module)."""
    done: dict[int, Any] = {}
    if checkpoint is not None:
        checkpoint.store.plan_chunks(checkpoint.run_id, n_chunks)
        done = {i: json.loads(p) for i, p in checkpoint.store.chunks(checkpoint.run_id).items()}
    todo = [i for i in range(n_chunks) if i not in done]
    if progress is not None:
        progress(len(done), n_chunks)
    keep = checkpoint
    for group in _groups(executor or InProcess(), task, seed, todo):
        payloads = [(i, encode(value), seconds) for i, value, seconds in group]
        if keep is not None:
            keep = _keep(keep, payloads)
        for i, payload, _ in payloads:
            done[i] = json.loads(payload)
        if progress is not None:
            progress(len(done), n_chunks)
    return [done[i] for i in range(n_chunks)]


def _keep(keep: Checkpoint, payloads: list[tuple[int, str, float]]) -> Checkpoint | None:
    """Checkpoint chunks computed together in one transaction; if the store refuses it (a full
    disk), chunk by chunk, so that as many as fit are kept. The checkpoint to go on with: None
    once the store has failed (and ``on_error`` was told)."""
    try:
        keep.store.save_chunks(keep.run_id, payloads)
        return keep
    except StoreError as err:
        failed = err
    if len(payloads) > 1:
        try:
            for payload in payloads:
                keep.store.save_chunks(keep.run_id, [payload])
            return keep
        except StoreError as err:
            failed = err
    if keep.on_error is None:
        raise failed
    keep.on_error(failed)
    return None


def _groups(
    executor: Executor, task: Task, seed: int, indices: Sequence[int]
) -> Iterator[list[tuple[int, Any, float]]]:
    """The executor's results in the groups it computed together (an executor with
    ``run_groups``), else one by one: a group is checkpointed in one transaction."""
    grouped = getattr(executor, "run_groups", None)
    if grouped is not None:
        yield from grouped(task, seed, indices)
        return
    for result in executor.run(task, seed, indices):
        yield [result]


def encode(value: Any) -> str:
    """A chunk value's JSON text (numpy arrays as nested lists, non-finite floats kept)."""
    return json.dumps(value, default=_plain, separators=(",", ":"))


def pack_array(array: np.ndarray) -> dict[str, Any]:
    """An array as JSON data keeping its exact bytes: dtype, shape and base64 of the data."""
    a = np.asarray(array)
    return {
        "dtype": a.dtype.str,
        "shape": list(a.shape),
        "data": base64.b64encode(a.tobytes(order="C")).decode("ascii"),
    }


def unpack_array(data: dict[str, Any]) -> np.ndarray:
    """The array :func:`pack_array` was given (a writable copy)."""
    raw = base64.b64decode(data["data"])
    return np.frombuffer(raw, dtype=np.dtype(data["dtype"])).reshape(data["shape"]).copy()


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"a chunk value must be JSON data, not {type(value).__name__}")
