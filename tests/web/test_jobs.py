"""Background jobs: queued, polled, cancelled, timed out, refused when the queue is full, and
recorded in the run store with the command line's document."""

from __future__ import annotations

import json
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from zopa.web import create_app
from zopa.web.jobs import Job, JobQueue, QueueFull


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'jobs.sqlite'}"


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    """Poll until the job has ended (a hang guard, not a speed limit)."""
    for _ in range(6000):
        doc = client.get(f"/api/jobs/{job_id}").json()
        if doc["status"] not in ("queued", "running"):
            return doc
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def _until(check: Any) -> None:
    for _ in range(6000):
        if check():
            return
        time.sleep(0.01)
    raise AssertionError("condition never held")


def test_an_outlook_job_gives_the_command_lines_document_and_is_recorded(cli, store_url) -> None:
    from zopa.runs import Store

    client = TestClient(create_app(store=store_url))
    r = client.post("/api/jobs/outlook", json={"scenario": "logrolling", "draws": 1500, "seed": 3})
    assert r.status_code == 202
    assert r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    doc = _wait(client, r.json()["id"])
    assert doc["status"] == "done" and doc["progress"] == {"done": 2, "total": 2}
    result = client.get(doc["result_url"]).json()
    expected = json.loads(
        cli("outlook", "logrolling", "--draws", "1500", "--seed", "3", "--json", "--no-record").out
    )
    assert result == expected
    run = Store.open(store_url).get(doc["run"])
    assert run.command == "outlook" and run.status == "done" and run.seed == 3
    assert json.loads(run.result or "") == expected
    assert [v.name for v in run.inputs] == ["logrolling"]
    assert run.argv[:2] == ("outlook", "logrolling")


def test_a_forecast_job_gives_the_command_lines_document(cli, store_url) -> None:
    client = TestClient(create_app(store=store_url))
    body = {"scenario": "minerals-2025", "draws": 40, "seed": 5, "models": ["compromise"]}
    doc = _wait(client, client.post("/api/jobs/forecast", json=body).json()["id"])
    assert doc["status"] == "done", doc
    args = ("forecast", "minerals-2025", "--draws", "40", "--seed", "5", "--model", "compromise")
    expected = json.loads(cli(*args, "--json", "--no-record").out)
    assert client.get(f"/api/jobs/{doc['id']}/result").json() == expected


def test_a_job_past_its_timeout_stops_and_is_recorded_as_interrupted(store_url) -> None:
    from zopa.runs import Store

    client = TestClient(create_app(store=store_url, job_timeout=0.0))
    r = client.post("/api/jobs/outlook", json={"scenario": "logrolling", "draws": 3000})
    doc = _wait(client, r.json()["id"])
    assert doc["status"] == "timed_out"
    assert client.get(f"/api/jobs/{doc['id']}/result").status_code == 409
    run = Store.open(store_url).get(doc["run"])
    assert run.status == "interrupted" and "timed out" in (run.error or "")


def _blocking(release: threading.Event) -> Any:
    def work(job: Job) -> dict[str, Any]:
        while not release.wait(0.01):
            job.progress(0, 1)
        job.progress(1, 1)
        return {"ok": True}

    return work


def test_the_queue_is_bounded_and_cancels_queued_and_running_jobs() -> None:
    ended: list[tuple[str, str]] = []
    q = JobQueue(workers=1, capacity=1, finish=lambda j: ended.append((j.id, j.status)))
    release = threading.Event()
    running = q.submit("block", {}, _blocking(release))
    _until(lambda: running.status == "running")
    waiting = q.submit("block", {}, _blocking(release))
    with pytest.raises(QueueFull):
        q.submit("block", {}, _blocking(release))
    assert q.position(waiting) == 0 and q.position(running) is None
    q.cancel(waiting.id)
    assert waiting.status == "cancelled" and waiting.started is None
    q.cancel(running.id)
    _until(lambda: running.status == "cancelled")
    assert sorted(ended) == sorted([(waiting.id, "cancelled"), (running.id, "cancelled")])
    # the worker is free again: a new job runs to the end
    release.set()
    last = q.submit("block", {}, _blocking(release))
    _until(lambda: last.status == "done")
    assert last.result == {"ok": True}


def test_a_full_queue_is_503_with_retry_after_and_delete_cancels(store_url) -> None:
    app = create_app(store=store_url, job_queue=1)
    client = TestClient(app)
    release = threading.Event()
    try:
        first = app.state.jobs.submit("block", {}, _blocking(release))
        _until(lambda: first.status == "running")
        queued = client.post("/api/jobs/outlook", json={"scenario": "logrolling", "draws": 10})
        assert queued.status_code == 202 and queued.json()["position"] == 0
        full = client.post("/api/jobs/outlook", json={"scenario": "logrolling", "draws": 10})
        assert full.status_code == 503 and int(full.headers["retry-after"]) >= 1
        assert full.json()["error"] == "busy"
        gone = client.delete(f"/api/jobs/{queued.json()['id']}")
        assert gone.status_code == 200 and gone.json()["status"] == "cancelled"
        listed = [j["id"] for j in client.get("/api/jobs").json()["jobs"]]
        assert queued.json()["id"] in listed
    finally:
        release.set()


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/jobs/outlook", {"scenario": "logrolling", "draws": 0}, 422),
        ("/api/jobs/outlook", {"scenario": "logrolling", "draws": 20_001}, 422),
        ("/api/jobs/outlook", {"scenario": "no-such"}, 404),
        ("/api/jobs/outlook", {"scenario": "logrolling", "seed": -1}, 422),
        ("/api/jobs/forecast", {"scenario": "minerals-2025", "models": ["nope"]}, 422),
        ("/api/jobs/forecast", {"scenario": "minerals-2025", "draws": 20_001}, 422),
    ],
)
def test_bad_job_requests_are_4xx_before_queueing(store_url, path, body, status) -> None:
    client = TestClient(create_app(store=store_url))
    assert client.post(path, json=body).status_code == status
    assert client.get("/api/jobs").json()["jobs"] == []


def test_unknown_jobs_are_404(store_url) -> None:
    client = TestClient(create_app(store=store_url))
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.get("/api/jobs/nope/result").status_code == 404
    assert client.delete("/api/jobs/nope").status_code == 404


def test_a_running_job_asked_to_stop_says_so_until_its_chunk_ends(store_url) -> None:
    app = create_app(store=store_url)
    client = TestClient(app)
    chunk_ends = threading.Event()

    def one_long_chunk(job: Job) -> dict[str, Any]:
        job.progress(0, 2)
        chunk_ends.wait(60)
        job.progress(1, 2)  # stops here when cancelled
        return {"ok": True}

    try:
        job = app.state.jobs.submit("block", {"scenario": "logrolling"}, one_long_chunk)
        _until(lambda: job.status == "running")
        assert client.get(f"/api/jobs/{job.id}").json()["cancelling"] is False
        asked = client.delete(f"/api/jobs/{job.id}").json()
        assert asked["status"] == "running" and asked["cancelling"] is True
        page = client.get(f"/jobs/{job.id}").text
        assert "it stops when its current chunk ends" in page
        assert 'id="cancel-form" hidden' in page
    finally:
        chunk_ends.set()
    _until(lambda: job.status == "cancelled")
    ended = client.get(f"/api/jobs/{job.id}").json()
    assert ended["status"] == "cancelled" and ended["cancelling"] is False
    assert "it stops when" not in client.get(f"/jobs/{job.id}").text
