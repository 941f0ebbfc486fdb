"""Backtests in resumable chunks: chunk ``i`` is one model's forecasts of a block of
:data:`CASES_PER_CHUNK` cases. Forecasts of resolved cases draw nothing at random, so the
scores are the same bytes in this process, on Dask, or resumed after a kill."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np

from zopa.forecast.runs.backtesting import Case, Options, Runner, predict
from zopa.runs.chunks import Checkpoint, Executor, Progress, run_chunks

CASES_PER_CHUNK = 20

Piece = tuple[int, int, int]  # (model index, first case, number of cases)


def plan(models: int, cases: int) -> list[Piece]:
    """The chunks of a backtest: model by model, cases in order."""
    return [
        (j, a, min(CASES_PER_CHUNK, cases - a))
        for j in range(models)
        for a in range(0, cases, CASES_PER_CHUNK)
    ]


def chunk_forecasts(
    models: tuple[str, ...],
    cases: tuple[Case, ...],
    options: Options,
    pieces: tuple[Piece, ...],
    index: int,
    _: np.random.SeedSequence,
) -> list[float]:
    """Chunk ``index``: one model's forecasts of its block of cases."""
    j, first, count = pieces[index]
    return [predict(models[j], c, options) for c in cases[first : first + count]]


def chunked(
    checkpoint: Checkpoint | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Runner:
    """A backtest runner computing in checkpointed chunks; ``progress`` (if given) counts
    chunks rather than the runner's own."""

    def run(
        models: Sequence[str],
        cases: Sequence[Case],
        options: Options,
        told: Callable[[int, int], None] | None = None,
    ) -> list[list[float]]:
        pieces = plan(len(models), len(cases))
        plain = None if options is None else {k: dict(v) for k, v in options.items()}
        task = functools.partial(chunk_forecasts, tuple(models), tuple(cases), plain, tuple(pieces))
        values = run_chunks(
            task, len(pieces), seed=0, checkpoint=checkpoint, executor=executor,
            progress=progress or told,
        )  # fmt: skip
        out: list[list[float]] = [[] for _ in models]
        for (j, _, _), v in zip(pieces, values, strict=True):
            out[j] += [float(x) for x in v]
        return out

    return run
