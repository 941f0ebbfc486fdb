"""Runs killed with SIGKILL resume to the same bytes as a run that was never interrupted."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from zopa.runs import Store

Cli = Callable[..., Result]

FORECAST = ["forecast", "minerals-2025", "-n", "3000", "--seed", "5", "-m", "compromise",
            "-m", "median", "-m", "challenge", "--json"]  # fmt: skip


#: The command in a child process that SIGKILLs itself once CHUNKS chunks are checkpointed
#: (right after the store's write that reaches them), wherever the chunks are written.
KILLED = """
import os, signal, sys
from zopa.cli import main
from zopa.runs.lite import Recorder
from zopa.runs.store import Store

wanted, saved = int(sys.argv.pop(1)), [0]

def killing(save):
    def wrapper(self, run_id, chunks):
        written = save(self, run_id, chunks)
        saved[0] += written
        if saved[0] >= wanted:
            os.kill(os.getpid(), signal.SIGKILL)
        return written
    return wrapper

Recorder.save_chunks = killing(Recorder.save_chunks)
Store.save_chunks = killing(Store.save_chunks)
main()
"""


def _kill_after(args: list[str], url: str, chunks: int) -> int:
    """Run ``zopa ARGS`` recording into ``url`` until it is SIGKILLed right after the write
    that checkpoints its ``chunks``-th chunk. Returns the run's id."""
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, str(chunks), *args, "--store", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=600,  # a hang guard only
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with Store.open(url) as store:
        runs = store.list()
    assert runs and runs[0].chunks_done >= chunks
    return runs[0].id


@pytest.mark.parametrize("how", ["runs resume", "--resume"])
def test_killed_forecast_resumes_to_the_same_bytes(cli: Cli, tmp_path: Path, how: str) -> None:
    reference = cli(*FORECAST, "--store", f"sqlite:///{tmp_path / 'ref.sqlite'}")
    assert reference.code == 0, reference.err
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    run_id = _kill_after(FORECAST, url, chunks=2)
    with Store.open(url) as store:
        killed = store.get(run_id)
        kept = store.chunks(run_id)
    assert killed.status == "interrupted"
    assert killed.n_chunks == 9 and 2 <= killed.chunks_done < 9

    resumed = (
        cli("runs", "resume", str(run_id), "--store", url)
        if how == "runs resume"
        else cli(*FORECAST, "--store", url, "--resume")
    )
    assert resumed.code == 0, resumed.err
    assert resumed.out == reference.out
    with Store.open(url) as store:
        done = store.get(run_id)
        assert [r.id for r in store.list()] == [run_id]  # continued, not started afresh
        after = store.chunks(run_id)
    assert done.status == "done" and done.chunks_done == 9
    assert done.result is not None and done.result + "\n" == reference.out
    assert {i: after[i] for i in kept} == kept  # checkpointed chunks were not redone
    assert json.loads(reference.out)["monte_carlo"]["draws"] == 3000


def test_resuming_a_finished_run_is_refused(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    assert cli("forecast", "minerals-2025", "-n", "10", "--store", url).code == 0
    out = cli("runs", "resume", "1", "--store", url)
    assert out.code == 2 and "already done" in out.err


def test_resume_refuses_a_changed_scenario(cli: Cli, tmp_path: Path) -> None:
    from zopa.model.io import bundled_scenarios

    scenario = tmp_path / "deal.yaml"
    text = bundled_scenarios()["minerals-2025"].read_text(encoding="utf-8")
    scenario.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    assert cli("forecast", str(scenario), "-n", "10", "--store", url).code == 0
    with Store.open(url) as store:
        store.finish(1, "interrupted", error="killed")
    scenario.write_text(text + "\n# edited\n", encoding="utf-8")
    out = cli("runs", "resume", "1", "--store", url)
    assert out.code == 2
    assert "scenario changed since the run started" in out.err


def test_resume_from_another_folder_says_where_to_resume(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zopa.model.io import bundled_scenarios

    (tmp_path / "work").mkdir()
    (tmp_path / "elsewhere").mkdir()
    text = bundled_scenarios()["minerals-2025"].read_text(encoding="utf-8")
    (tmp_path / "work" / "deal.yaml").write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.chdir(tmp_path / "work")
    assert cli("forecast", "deal.yaml", "-n", "10", "--store", url).code == 0
    with Store.open(url) as store:
        store.finish(1, "interrupted", error="killed")
    monkeypatch.chdir(tmp_path / "elsewhere")
    out = cli("runs", "resume", "1", "--store", url)
    assert out.code == 2
    assert "resume it from the folder it was started in" in out.err
    assert str(tmp_path / "work" / "deal.yaml") in out.err
    monkeypatch.chdir(tmp_path / "work")
    assert cli("runs", "resume", "1", "--store", url).code == 0


TOURNAMENT = ["tournament", "logrolling", "--repetitions", "8", "--jobs", "1", "--seed", "4",
              "--json"]  # fmt: skip


def test_killed_tournament_resumes_to_the_same_bytes(cli: Cli, tmp_path: Path) -> None:
    reference = cli(*TOURNAMENT, "--no-record")
    assert reference.code == 0, reference.err
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    run_id = _kill_after(TOURNAMENT, url, chunks=1)
    with Store.open(url) as store:
        killed = store.get(run_id)
        kept = store.chunks(run_id)
    assert killed.status == "interrupted"
    assert killed.n_chunks is not None and 1 <= killed.chunks_done < killed.n_chunks

    resumed = cli("runs", "resume", str(run_id), "--store", url)
    assert resumed.code == 0, resumed.err
    assert resumed.out == reference.out
    with Store.open(url) as store:
        done = store.get(run_id)
        after = store.chunks(run_id)
    assert done.status == "done" and done.chunks_done == done.n_chunks
    assert {i: after[i] for i in kept} == kept


OUTLOOK = ["outlook", "minerals-2025", "--draws", "5000", "--seed", "9", "--json"]


@pytest.mark.parametrize("how", ["runs resume", "--resume"])
def test_killed_outlook_resumes_to_the_same_bytes(cli: Cli, tmp_path: Path, how: str) -> None:
    reference = cli(*OUTLOOK, "--no-record")
    assert reference.code == 0, reference.err
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    run_id = _kill_after(OUTLOOK, url, chunks=2)
    with Store.open(url) as store:
        killed = store.get(run_id)
        kept = store.chunks(run_id)
    # 5 chunks of the scenario's draws, 1 for each of its 3 red lines' counterfactuals
    assert killed.status == "interrupted"
    assert killed.n_chunks == 8 and 2 <= killed.chunks_done < 8

    resumed = (
        cli("runs", "resume", str(run_id), "--store", url)
        if how == "runs resume"
        else cli(*OUTLOOK, "--store", url, "--resume")
    )
    assert resumed.code == 0, resumed.err
    assert resumed.out == reference.out
    with Store.open(url) as store:
        done = store.get(run_id)
        assert [r.id for r in store.list()] == [run_id]
        after = store.chunks(run_id)
    assert done.status == "done" and done.chunks_done == 8
    assert {i: after[i] for i in kept} == kept
    assert json.loads(reference.out)["draws"] == 5000


def test_killed_backtest_resumes_to_the_same_bytes(cli: Cli, tmp_path: Path) -> None:
    from tests.runs.cases import write_cases

    cases = write_cases(tmp_path / "cases.csv", 60)
    args = ["backtest", str(cases), "-m", "smp", "--json"]
    reference = cli(*args, "--no-record")
    assert reference.code == 0, reference.err
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    run_id = _kill_after(args, url, chunks=1)
    with Store.open(url) as store:
        killed = store.get(run_id)
        kept = store.chunks(run_id)
    # 3 chunks of 20 cases for smp, then 3 for the compromise baseline
    assert killed.status == "interrupted"
    assert killed.n_chunks == 6 and 1 <= killed.chunks_done < 6

    resumed = cli(*args, "--store", url, "--resume")
    assert resumed.code == 0, resumed.err
    assert resumed.out == reference.out
    with Store.open(url) as store:
        done = store.get(run_id)
        after = store.chunks(run_id)
    assert done.status == "done" and done.chunks_done == 6
    assert {i: after[i] for i in kept} == kept
    assert len(json.loads(reference.out)["per_case"]) == 60
