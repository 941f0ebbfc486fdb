"""Forecast Monte Carlo and Sobol sensitivity in resumable chunks.

A model that does not draw randomly has its draws cut into chunks of :data:`CHUNK_DRAWS`
(draw ``i``'s inputs come from counter-based stream ``i`` of the seed, so a chunk draws exactly
the rows it covers); a model that draws randomly is one chunk over all draws (its own noise is
numbered by the draw's place in the sample). Chunk boundaries depend only on the number of
draws, so the result is the same bytes in this process, on Dask, or resumed after a kill. A
chunk's outcomes are kept as the bytes of their array (:func:`zopa.runs.chunks.pack_array`);
a chunk checkpointed as a nested list of numbers by an earlier zopa is read back all the same.

In this process the pending chunks of one model are computed together, in one call of its batch
kernel over their draws, then cut into the same chunks and checkpointed in one transaction: each
draw of a batch kernel is solved independently of the others in its batch, so the chunks hold
the same bytes as when computed one at a time (``tests/forecast/test_batch_invariance.py``), at a
fraction of the per-call cost. Several models' batches run at once on the machine's cores
(threads: numpy works outside the interpreter lock); a chunk's value does not depend on which
thread computes it."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

import numpy as np

from zopa import params
from zopa.forecast.actors import Actors, ActorSample, FloatArray
from zopa.forecast.registry import ModelSpec, get_model
from zopa.forecast.runs.montecarlo import Jobs, OutcomeRunner
from zopa.forecast.runs.sensitivity import Evaluator
from zopa.forecast.streams import uniforms
from zopa.runs.chunks import (
    Checkpoint,
    Executor,
    InProcess,
    Progress,
    Task,
    pack_array,
    run_chunks,
    unpack_array,
)

CHUNK_DRAWS = 1000
#: The most draws computed together in this process: a kill loses at most this much work.
TOGETHER_DRAWS = 10_000

Piece = tuple[int, int, int]  # (model index, first draw, number of draws)


def plan(jobs: Jobs, draws: int) -> list[Piece]:
    """The chunks of a run: model by model, draws in order."""
    out: list[Piece] = []
    for j, (spec, opts) in enumerate(jobs):
        if spec.draws_randomly(opts):
            out.append((j, 0, draws))
        else:
            out += [(j, a, min(CHUNK_DRAWS, draws - a)) for a in range(0, draws, CHUNK_DRAWS)]
    return out


def chunk_outcomes(
    actors: Actors,
    models: tuple[tuple[str, Mapping[str, Any]], ...],
    seed: int,
    pieces: tuple[Piece, ...],
    index: int,
    _: np.random.SeedSequence,
) -> dict[str, Any]:
    """The outcomes of chunk ``index``: one model over its draws (packed)."""
    j, first, count = pieces[index]
    return pack_array(_outcomes(actors, models[j], seed, first, count))


def _outcomes(
    actors: Actors,
    model: tuple[str, Mapping[str, Any]],
    seed: int,
    first: int,
    count: int,
    sample: ActorSample | None = None,
) -> FloatArray:
    """One model's outcomes over draws ``first .. first + count - 1`` of the seed (``sample``:
    those draws' inputs, when already drawn)."""
    name, opts = model
    if sample is None:
        sample = _sample(actors, seed, first, count)
    return np.asarray(get_model(name).outcomes(sample, seed, **opts), dtype=float)


def _sample(actors: Actors, seed: int, first: int, count: int) -> ActorSample:
    return actors.at_quantiles(uniforms(seed, count, len(actors.factors()), first_draw=first))


class Together:
    """Chunks in this process, each model's consecutive pending chunks in one batch call (see
    the module); the value of each chunk is that of :func:`chunk_outcomes`."""

    def __init__(
        self,
        actors: Actors,
        models: tuple[tuple[str, Mapping[str, Any]], ...],
        seed: int,
        pieces: Sequence[Piece],
    ) -> None:
        self.actors, self.models, self.seed, self.pieces = actors, models, seed, pieces

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        """Compute the chunks ``indices`` (see :meth:`run_groups`), one by one."""
        for group in self.run_groups(task, seed, indices):
            yield from group

    def run_groups(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[list[tuple[int, Any, float]]]:
        """Compute the chunks ``indices``, a model's consecutive draws at once, several models
        at a time on the machine's cores (numpy works outside the interpreter lock); each
        group's chunks are yielded together, as they were computed."""
        groups = self.groups(indices)
        drawn: dict[tuple[int, int], ActorSample] = {}  # the models share their draws
        lock = threading.Lock()
        threads = min(params.cores(), len(groups))
        if threads <= 1:
            for group in groups:
                yield self._group(group, drawn, lock)
            return
        with ThreadPoolExecutor(threads, thread_name_prefix="zopa-chunks") as pool:
            # the costliest batches first (longest processing time first), so that the last
            # to finish is a cheap one
            order = sorted(groups, key=self._cost, reverse=True)
            futures = [pool.submit(self._group, group, drawn, lock) for group in order]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()

    def _cost(self, group: list[int]) -> float:
        """The expected processor time of a group: its draws times its model's stated cost."""
        return get_model(self.models[self.pieces[group[0]][0]][0]).cost * sum(
            self.pieces[i][2] for i in group
        )

    def _group(
        self, group: list[int], drawn: dict[tuple[int, int], ActorSample], lock: threading.Lock
    ) -> list[tuple[int, Any, float]]:
        """The chunks of one group, each ``(index, packed outcomes, seconds)``."""
        start = time.perf_counter()
        j, first, _ = self.pieces[group[0]]
        count = sum(self.pieces[i][2] for i in group)
        with lock:
            if (first, count) not in drawn:
                drawn[(first, count)] = _sample(self.actors, self.seed, first, count)
            sample = drawn[(first, count)]
        out = _outcomes(self.actors, self.models[j], self.seed, first, count, sample)
        seconds = (time.perf_counter() - start) / len(group)
        done = []
        for i in group:
            a = self.pieces[i][1] - first
            done.append((i, pack_array(out[a : a + self.pieces[i][2]]), seconds))
        return done

    def groups(self, indices: Sequence[int]) -> list[list[int]]:
        """``indices`` in runs of one model's chunks whose draws follow each other, of at most
        :data:`TOGETHER_DRAWS` draws (a chunk of more stays whole)."""
        out: list[list[int]] = []
        for i in indices:
            j, first, count = self.pieces[i]
            if out:
                pj, pfirst, pcount = self.pieces[out[-1][-1]]
                drawn = first + count - self.pieces[out[-1][0]][1]
                if pj == j and pfirst + pcount == first and drawn <= TOGETHER_DRAWS:
                    out[-1].append(i)
                    continue
            out.append([i])
        return out


def outcomes_of(value: Any, rows: int, width: int) -> FloatArray:
    """A chunk's outcomes, ``(rows, width)``, from its checkpointed value."""
    out = unpack_array(value) if isinstance(value, dict) else np.asarray(value, dtype=float)
    return out.reshape(rows, width)


def chunked(
    checkpoint: Checkpoint | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> OutcomeRunner:
    """A Monte Carlo outcome runner computing in checkpointed chunks."""

    def run(actors: Actors, jobs: Jobs, draws: int, seed: int) -> list[FloatArray]:
        pieces = plan(jobs, draws)
        models = tuple((spec.name, dict(opts)) for spec, opts in jobs)
        task = functools.partial(chunk_outcomes, actors, models, seed, tuple(pieces))
        local = executor is None or type(executor) is InProcess
        values = run_chunks(
            task, len(pieces), seed=seed, checkpoint=checkpoint,
            executor=Together(actors, models, seed, pieces) if local else executor,
            progress=progress,
        )  # fmt: skip
        width = len(actors.dimensions)
        out = []
        for j in range(len(jobs)):
            parts = [
                outcomes_of(v, p[2], width)
                for p, v in zip(pieces, values, strict=True)
                if p[0] == j
            ]
            out.append(np.concatenate(parts) if parts else np.empty((0, width)))
        return out

    return run


def row_outcomes(
    actors: Actors,
    model: str,
    options: Mapping[str, Any],
    seed: int,
    rows: tuple[FloatArray, ...],
    index: int,
    _: np.random.SeedSequence,
) -> dict[str, Any]:
    """The model's outcomes at chunk ``index``'s rows of input quantiles (packed)."""
    out = get_model(model).outcomes(actors.at_quantiles(rows[index]), seed, **options)
    return pack_array(np.asarray(out, dtype=float))


def chunked_rows(
    checkpoint: Checkpoint | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Evaluator:
    """A sensitivity evaluator computing the sample rows in checkpointed chunks of
    :data:`CHUNK_DRAWS` (one chunk for a model that draws randomly: its noise is numbered by
    the row)."""

    def run(
        spec: ModelSpec, actors: Actors, u: FloatArray, seed: int, options: Mapping[str, Any]
    ) -> FloatArray:
        step = len(u) if spec.draws_randomly(options) else CHUNK_DRAWS
        rows = tuple(u[a : a + step] for a in range(0, len(u), max(step, 1)))
        task = functools.partial(row_outcomes, actors, spec.name, dict(options), seed, rows)
        values = run_chunks(
            task, len(rows), seed=seed, checkpoint=checkpoint, executor=executor,
            progress=progress,
        )  # fmt: skip
        width = len(actors.dimensions)
        parts = [outcomes_of(v, len(r), width) for r, v in zip(rows, values, strict=True)]
        return np.concatenate(parts) if parts else np.empty((0, width))

    return run
