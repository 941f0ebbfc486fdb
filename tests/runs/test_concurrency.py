"""Eight processes recording into one store at once: no run lost, no damaged row, one
scenario version however many processes save the same text."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from zopa.runs import Store

PROCESSES = 8
RUNS_EACH = 5
SCENARIO = "name: deal\nissues: {x: {options: [a, b]}}\n" * 50

WORKER = """
import json, os, sys, time
from zopa.runs import Store
start, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
scenario = open(sys.argv[4], encoding="utf-8").read()
deadline = time.monotonic() + 120
while not os.path.exists(start) and time.monotonic() < deadline:
    time.sleep(0.005)
with Store.open(url) as store:
    for i in range(n):
        params = {"worker": os.getpid(), "i": i}
        rid = store.start("forecast", ["forecast", "deal.yaml"], params, i, [("deal", scenario)])
        store.plan_chunks(rid, 2)
        for k in range(2):
            store.save_chunk(rid, k, json.dumps([os.getpid(), i, k]), 0.0)
        store.finish(rid, "done", result=json.dumps({**params, "values": list(range(500))}))
"""


def _record_at_once(url: str, tmp_path: Path) -> None:
    Store.open(url).close()  # the schema exists; creating it concurrently is tested below
    start, text = tmp_path / "go", tmp_path / "deal.yaml"
    text.write_text(SCENARIO, encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start), url, str(RUNS_EACH), str(text)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    time.sleep(0.3)
    start.touch()
    for p in procs:
        _, err = p.communicate(timeout=600)  # a hang guard only
        assert p.returncode == 0, err

    with Store.open(url) as store:
        runs = store.list()
        assert len(runs) == PROCESSES * RUNS_EACH
        assert len({r.id for r in runs}) == len(runs)
        seen = set()
        for summary in runs:
            run = store.get(summary.id)
            assert run.status == "done"
            pid, i = run.params["worker"], run.params["i"]
            seen.add((pid, i))
            assert run.seed == i
            assert run.result_value() == {"worker": pid, "i": i, "values": list(range(500))}
            assert store.chunks(run.id) == {k: json.dumps([pid, i, k]) for k in range(2)}
            assert [(v.name, v.version) for v in run.inputs] == [("deal", 1)]
        assert seen == {(p.pid, i) for p in procs for i in range(RUNS_EACH)}
        [version] = store.versions("deal")
        assert version.text == SCENARIO


def test_eight_processes_into_one_sqlite_file(tmp_path: Path) -> None:
    _record_at_once(f"sqlite:///{tmp_path / 'runs.sqlite'}", tmp_path)


def test_eight_processes_into_one_postgresql_database(pg_url: str, tmp_path: Path) -> None:
    _record_at_once(pg_url, tmp_path)


def test_eight_processes_create_a_new_store_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'runs.sqlite'}"
    code = "import sys\nfrom zopa.runs import Store\nStore.open(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    with Store.open(url) as store:
        assert store.list() == []
