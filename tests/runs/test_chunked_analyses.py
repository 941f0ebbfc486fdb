"""The outlook and backtests in chunks: the same bytes in one piece, in checkpointed chunks
(resumed after losing some), and on a Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.runs.cases import write_cases
from zopa.forecast.runs import backtesting as bt
from zopa.model import load_scenario
from zopa.outlook import outlook
from zopa.runs import Store
from zopa.runs import backtest as chunked_backtest
from zopa.runs import outlook as chunked_outlook
from zopa.runs.chunks import Checkpoint, chunk_seed, pack_array, unpack_array
from zopa.runs.executors import DaskExecutor
from zopa.seeds import FORECAST_SOBOL_SUBSAMPLE, RUN_CHUNK


@given(
    hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.bool_]),
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    )
)
def test_packed_arrays_come_back_with_the_same_bytes(a: np.ndarray) -> None:
    back = unpack_array(json.loads(json.dumps(pack_array(a))))
    assert back.dtype == a.dtype and back.shape == a.shape
    assert back.tobytes() == a.tobytes()  # NaN, -0.0 and infinities included
    back[...] = 0  # a writable copy


def test_chunk_seeds_are_the_named_run_chunk_stream() -> None:
    assert chunk_seed(5, 2).spawn_key == (RUN_CHUNK, 2)
    words = {tuple(chunk_seed(5, i).generate_state(2)) for i in range(6)}
    words.add(
        tuple(np.random.SeedSequence(5, spawn_key=(FORECAST_SOBOL_SUBSAMPLE,)).generate_state(2))
    )
    assert len(words) == 7  # no chunk shares a stream with another or with a named one


def _outlook(**kwargs: Any) -> str:
    s = load_scenario("minerals-2025")
    return json.dumps(outlook(s, draws=2300, seed=4, **kwargs).to_dict())


def _backtest(cases: list[bt.Case], **kwargs: Any) -> str:
    return json.dumps(bt.backtest(cases, ["median", "nash"], seed=3, **kwargs).to_dict())


def test_chunked_outlook_equals_the_plain_one_and_resumes(tmp_path: Path) -> None:
    plain = _outlook()
    assert _outlook(runner=chunked_outlook.chunked()) == plain
    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("outlook", [], {}, 4)
        first = _outlook(runner=chunked_outlook.chunked(Checkpoint(store, rid)))
        n = len(store.chunks(rid))
        assert n == 3 + 3  # 3 chunks of draws (1000, 1000, 300), one per red line
        with store.engine.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("DELETE FROM chunks WHERE idx IN (0, 4)"))
        seen: list[tuple[int, int]] = []
        again = _outlook(
            runner=chunked_outlook.chunked(
                Checkpoint(store, rid), progress=lambda d, t: seen.append((d, t))
            )
        )
    assert first == plain and again == plain
    assert seen == [(4, 6), (5, 6), (6, 6)]


def test_chunked_backtest_equals_the_plain_one(tmp_path: Path) -> None:
    cases = bt.load_cases(write_cases(tmp_path / "cases.csv", 45))
    plain = _backtest(cases)
    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("backtest", [], {}, 3)
        chunked = _backtest(cases, runner=chunked_backtest.chunked(Checkpoint(store, rid)))
        assert len(store.chunks(rid)) == 3 * 3  # 3 models (the baseline added) x 3 blocks
    assert chunked == plain


def test_outlook_and_backtest_on_dask_equal_the_in_process_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    cases = bt.load_cases(write_cases(tmp_path / "cases.csv", 45))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = _outlook(runner=chunked_outlook.chunked(executor=DaskExecutor(client)))
        backtest = _backtest(cases, runner=chunked_backtest.chunked(executor=DaskExecutor(client)))
    assert on_dask == _outlook()
    assert backtest == _backtest(cases)


def test_forecast_chunks_checkpointed_as_lists_are_read_back(tmp_path: Path) -> None:
    """A run interrupted under an earlier zopa kept its chunks as nested lists of numbers."""
    from zopa.forecast import monte_carlo
    from zopa.forecast.inputs.sources import load_source
    from zopa.runs import forecast as chunked_forecast

    actors = load_source("minerals-2025").actors

    def mc(**kw: Any) -> str:
        out = monte_carlo(actors, ["compromise", "median"], draws=2200, seed=8, **kw)
        return json.dumps(out.to_dict(draws=True))

    plain = mc()
    with Store.open(f"sqlite:///{tmp_path / 'runs.sqlite'}") as store:
        rid = store.start("forecast", [], {}, 8)
        assert mc(runner=chunked_forecast.chunked(Checkpoint(store, rid))) == plain
        from sqlalchemy import text

        with store.engine.begin() as conn:
            rows = conn.execute(text("SELECT idx, payload FROM chunks")).all()
            for idx, payload in rows:
                as_list = unpack_array(json.loads(payload)).tolist()
                conn.execute(
                    text("UPDATE chunks SET payload = :p WHERE idx = :i"),
                    {"p": json.dumps(as_list), "i": idx},
                )
        calls: list[int] = []
        again = mc(runner=chunked_forecast.chunked(Checkpoint(store, rid),
                                                   progress=lambda d, t: calls.append(d)))  # fmt: skip
    assert len(rows) == 6 and calls == [6]  # nothing computed again
    assert again == plain


def test_scheduler_local_gives_the_same_bytes(cli: Any) -> None:
    pytest.importorskip("distributed")
    args = ("outlook", "price-split", "--draws", "2500", "--seed", "1", "--json", "--no-record")
    plain = cli(*args)
    on_dask = cli(*args, "--scheduler", "local")
    assert plain.code == 0 and on_dask.code == 0, on_dask.err
    assert on_dask.out == plain.out
