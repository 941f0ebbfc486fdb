"""The chunk runner: the same values however chunks are scheduled, checkpointed or resumed."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.forecast import get_model, monte_carlo
from zopa.forecast.inputs.sources import load_source
from zopa.negotiate import run_tournament
from zopa.negotiate.sources import load_source as load_game
from zopa.runs import Store
from zopa.runs import forecast as chunked_forecast
from zopa.runs import tournament as chunked_tournament
from zopa.runs.chunks import Checkpoint, InProcess, Task, chunk_seed, run_chunks, timed
from zopa.runs.executors import DaskExecutor, ProcessPool


def draw_task(index: int, seed: np.random.SeedSequence) -> list[float]:
    """A chunk whose value depends on its seed only: five uniforms."""
    return np.random.default_rng(seed).random(5).tolist()


class Shuffled:
    """Runs chunks in a given order (as a cluster might)."""

    def __init__(self, order: Sequence[int]) -> None:
        self.order = order

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        for i in sorted(indices, key=list(self.order).index):
            yield timed(task, seed, i)


@settings(max_examples=25)
@given(st.permutations(range(6)), st.integers(0, 2**32))
def test_values_do_not_depend_on_the_order_chunks_run_in(order: list[int], seed: int) -> None:
    plain = run_chunks(draw_task, 6, seed=seed)
    assert run_chunks(draw_task, 6, seed=seed, executor=Shuffled(order)) == plain
    assert plain == [
        np.random.default_rng(chunk_seed(seed, i)).random(5).tolist() for i in range(6)
    ]


def test_checkpointed_chunks_are_not_computed_again(tmp_path: Path) -> None:
    calls: list[int] = []

    def counted(index: int, seed: np.random.SeedSequence) -> list[float]:
        calls.append(index)
        return draw_task(index, seed)

    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("test", [], {}, 7)
        first = run_chunks(counted, 4, seed=7, checkpoint=Checkpoint(store, rid))
        assert sorted(calls) == [0, 1, 2, 3]
        store.finish(rid, "interrupted")
        # lose chunks 1 and 3, as if the run had been killed before saving them
        with store.engine.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("DELETE FROM chunks WHERE idx IN (1, 3)"))
        calls.clear()
        seen: list[tuple[int, int]] = []
        again = run_chunks(
            counted, 4, seed=7, checkpoint=Checkpoint(store, rid),
            progress=lambda done, total: seen.append((done, total)),
        )  # fmt: skip
        assert sorted(calls) == [1, 3]
        assert again == first
        assert seen == [(2, 4), (3, 4), (4, 4)]


class Pairs:
    """Computes chunks two at a time and hands each pair over together."""

    def run_groups(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[list[tuple[int, Any, float]]]:
        for a in range(0, len(indices), 2):
            yield [timed(task, seed, i) for i in indices[a : a + 2]]

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        for group in self.run_groups(task, seed, indices):
            yield from group


class Counting:
    """A store that counts the calls that keep chunks, and refuses them past ``room`` chunks."""

    def __init__(self, store: Store, room: int) -> None:
        self.store, self.room, self.calls = store, room, 0

    def save_chunks(self, run_id: int, chunks: Sequence[tuple[int, str, float]]) -> int:
        from zopa.runs import StoreError

        self.calls += 1
        if len(self.store.chunks(run_id)) + len(chunks) > self.room:
            raise StoreError("database or disk is full")
        return self.store.save_chunks(run_id, chunks)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_chunks_computed_together_are_checkpointed_together(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("test", [], {}, 3)
        counting = Counting(store, room=10)
        check = Checkpoint(counting, rid)  # type: ignore[arg-type]
        values = run_chunks(draw_task, 5, seed=3, checkpoint=check, executor=Pairs())
        assert values == run_chunks(draw_task, 5, seed=3)
        assert counting.calls == 3  # (0, 1), (2, 3), (4)
        assert sorted(store.chunks(rid)) == [0, 1, 2, 3, 4]


def test_a_full_store_keeps_as_many_chunks_of_a_group_as_fit(tmp_path: Path) -> None:
    lost: list[str] = []
    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("test", [], {}, 3)
        counting = Counting(store, room=3)
        check = Checkpoint(counting, rid, on_error=lambda err: lost.append(str(err)))  # type: ignore[arg-type]
        values = run_chunks(draw_task, 6, seed=3, checkpoint=check, executor=Pairs())
        assert values == run_chunks(draw_task, 6, seed=3)  # the result is whole all the same
        assert sorted(store.chunks(rid)) == [0, 1, 2]  # the pair (2, 3) was kept chunk by chunk
        assert len(lost) == 1 and "full" in lost[0]


def _mc_json(**kwargs: Any) -> str:
    actors = load_source("minerals-2025").actors
    mc = monte_carlo(actors, ["compromise", "median", "challenge"], draws=2500, seed=11, **kwargs)
    return json.dumps(mc.to_dict(draws=True))


def test_chunked_monte_carlo_equals_the_one_piece_run() -> None:
    assert _mc_json(runner=chunked_forecast.chunked()) == _mc_json()


@pytest.mark.parametrize("pending", [range(15), [1, 2, 4, 5, 9, 10, 11, 14], [3], []])
def test_chunks_computed_together_hold_the_bytes_of_chunks_computed_alone(
    pending: Sequence[int],
) -> None:
    """In this process a model's pending chunks run as one batch (every model, resumed runs
    included); each chunk's value is the one it has when computed alone."""
    actors = load_source("minerals-2025").actors
    names = ["compromise", "median", "nash", "challenge", "smp"]
    models = tuple((n, {}) for n in names)
    jobs = [(get_model(n), {}) for n in names]
    pieces = tuple(chunked_forecast.plan(jobs, 2500))
    assert len(pieces) == 15
    together = chunked_forecast.Together(actors, models, 4, pieces)
    task = chunked_forecast.chunk_outcomes
    got = {i: value for i, value, _ in together.run(task, 4, list(pending))}
    assert sorted(got) == sorted(pending)
    for i in pending:
        alone = task(actors, models, 4, pieces, i, chunk_seed(4, i))
        assert got[i] == alone, i
    groups = together.groups(list(pending))
    assert [i for g in groups for i in g] == list(pending)
    assert all(len({pieces[i][0] for i in g}) == 1 for g in groups)
    if groups:  # side by side, the costliest batch starts first: the SMP's, else the largest
        first = max(groups, key=together._cost)
        smp = [g for g in groups if pieces[g[0]][0] == names.index("smp")]
        assert first == (smp[0] if smp else max(groups, key=len))


def _tournament(**kwargs: Any) -> str:
    games = {"logrolling": load_game("logrolling").negotiators}
    t = run_tournament(
        games, ["boulware", "conceder", "tit-for-tat"], repetitions=4, seed=3, chunk=7, **kwargs
    )
    return json.dumps(t.to_dict())


def test_chunked_tournament_equals_the_plain_one() -> None:
    plain = _tournament()
    assert _tournament(runner=chunked_tournament.chunked()) == plain
    assert _tournament(runner=chunked_tournament.chunked(executor=ProcessPool(2))) == plain


class KillOneWorker:
    """A Dask executor that kills one worker process once the first chunk has come back."""

    def __init__(self, client: Any) -> None:
        self.inner = DaskExecutor(client)
        self.client = client
        self.killed: list[int] = []

    def run(
        self, task: Task, seed: int, indices: Sequence[int]
    ) -> Iterator[tuple[int, Any, float]]:
        for item in self.inner.run(task, seed, indices):
            if not self.killed:
                pids = self.client.run(os.getpid)
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                self.killed.append(victim)
            yield item


def test_a_dask_worker_killed_mid_run_does_not_change_the_result() -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = KillOneWorker(client)
        on_dask = _mc_json(runner=chunked_forecast.chunked(executor=executor))
        assert executor.killed
        tournament = _tournament(runner=chunked_tournament.chunked(executor=DaskExecutor(client)))
    assert on_dask == _mc_json()
    assert tournament == _tournament()


def test_in_process_executor_runs_every_chunk_once() -> None:
    got = list(InProcess().run(draw_task, 5, [2, 0]))
    assert [i for i, _, _ in got] == [2, 0]
    assert got[0][1] == draw_task(2, chunk_seed(5, 2))


def test_chunked_sobol_equals_the_one_piece_run() -> None:
    from zopa.forecast import sobol

    actors = load_source("minerals-2025").actors
    plain = sobol(actors, "compromise", samples=128, seed=2)
    chunked = sobol(
        actors, "compromise", samples=128, seed=2, runner=chunked_forecast.chunked_rows()
    )
    assert json.dumps(chunked.to_dict()) == json.dumps(plain.to_dict())


def test_a_process_pool_starts_no_more_workers_than_processors_or_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import concurrent.futures

    seen: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(workers: int, **kw: object) -> object:
        seen.append(workers)
        return real(workers, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    got = sorted(ProcessPool(64).run(draw_task, 1, [0, 1, 2]))
    assert [i for i, _, _ in got] == [0, 1, 2]
    assert seen == [min(3, os.cpu_count() or 1)]
