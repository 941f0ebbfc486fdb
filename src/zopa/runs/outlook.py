"""The outlook's Monte Carlo in resumable chunks.

A chunk is one of the outlook's own chunks of :data:`zopa.outlook.engine.CHUNK` draws, of the
scenario's run or of a red line's counterfactual; it draws from the outlook's stream for its
place in that run (``(OUTLOOK_CHUNK, c)``, :mod:`zopa.seeds`), so the result is the same bytes
in this process, on Dask, or resumed after a kill. A chunk's arrays are kept as their exact
bytes (base64), so a chunk read back from the store is the chunk that was computed."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from zopa.outlook import engine as en
from zopa.outlook.api import Job, Runner, combine
from zopa.runs.chunks import Checkpoint, Executor, Progress, pack_array, run_chunks, unpack_array

Piece = tuple[int, int, int]  # (job, chunk of that job, draws)


def plan(jobs: Sequence[Job]) -> list[Piece]:
    """The chunks of an outlook: job by job, draws in order."""
    return [
        (j, c, min(en.CHUNK, draws - lo))
        for j, (_, _, draws, _) in enumerate(jobs)
        for c, lo in enumerate(range(0, draws, en.CHUNK))
    ]


def chunk_value(
    jobs: tuple[Job, ...], pieces: tuple[Piece, ...], index: int, _: np.random.SeedSequence
) -> dict[str, Any]:
    """Chunk ``index`` of the outlook, packed."""
    j, c, n = pieces[index]
    st, seed, _draws, rules = jobs[j]
    return pack(en.run_chunk(st, seed, c, n, rules))


def pack(chunk: en.Chunk) -> dict[str, Any]:
    """A chunk as JSON data (every array's exact bytes)."""
    return {
        "z": pack_array(chunk.z),
        "deal": pack_array(chunk.deal),
        "slack": pack_array(chunk.slack),
        "signed": pack_array(chunk.signed),
        "alone": pack_array(chunk.alone),
        **{
            part: {r: pack_array(a) for r, a in getattr(chunk, part).items()}
            for part in ("choice", "utility", "margin")
        },
    }


def unpack(data: dict[str, Any]) -> en.Chunk:
    """The chunk :func:`pack` was given."""
    parts = {
        part: {r: unpack_array(a) for r, a in data[part].items()}
        for part in ("choice", "utility", "margin")
    }
    return en.Chunk(
        z=unpack_array(data["z"]),
        deal=unpack_array(data["deal"]),
        slack=unpack_array(data["slack"]),
        signed=unpack_array(data["signed"]),
        alone=unpack_array(data["alone"]),
        **parts,
    )


def chunked(
    checkpoint: Checkpoint | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Runner:
    """An outlook runner computing in checkpointed chunks."""

    def run(jobs: Sequence[Job]) -> list[en.Chunk]:
        pieces = plan(jobs)
        task = functools.partial(chunk_value, tuple(jobs), tuple(pieces))
        seed = jobs[0][1] if jobs else 0
        values = run_chunks(
            task, len(pieces), seed=seed, checkpoint=checkpoint, executor=executor,
            progress=progress,
        )  # fmt: skip
        return [
            combine([unpack(v) for p, v in zip(pieces, values, strict=True) if p[0] == j])
            for j in range(len(jobs))
        ]

    return run
