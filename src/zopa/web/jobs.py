"""Background jobs for long analyses: a bounded queue served by worker threads.

A job is a function of its :class:`Job`, returning the job's JSON document. It runs in a worker
thread, so the server keeps answering while it runs; the job calls ``job.progress(done, total)``
as it goes, and that call is where a job is stopped: when it was cancelled or
has run past its timeout, ``progress`` raises and the job ends as ``cancelled`` or
``timed_out``. The queue holds at most ``capacity`` waiting jobs; one more is refused with
:class:`QueueFull` (answered 503 with ``Retry-After``). Finished jobs are kept (the newest
:data:`KEEP`) so their status and result can be read.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zopa.errors import ZopaError

#: Finished jobs kept for reading back.
KEEP = 200

Work = Callable[["Job"], dict[str, Any]]
#: Called when a job ends (to record it): the job, its status and its document or error lines.
Finish = Callable[["Job"], None]

FINAL = ("done", "failed", "cancelled", "timed_out")


class QueueFull(Exception):
    """The queue holds as many waiting jobs as it may."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the job queue is full")
        self.retry_after = retry_after


class Stopped(Exception):
    """Raised inside a job by ``progress`` when it was cancelled or ran out of time."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def _iso(t: float | None) -> str | None:
    return None if t is None else datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    """One job and where it stands; ``kind`` and ``params`` say what it computes."""

    id: str
    kind: str
    params: dict[str, Any]
    work: Work = field(repr=False)
    timeout: float
    status: str = "queued"
    done: int = 0
    total: int | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] | None = field(default=None, repr=False)
    problems: list[dict[str, Any]] | None = None
    run_id: int | None = None
    note: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _t0: float = field(default=0.0, repr=False)

    def progress(self, done: int, total: int) -> None:
        """Record progress; stop the job here if it was cancelled or is out of time."""
        self.done, self.total = done, total
        if self.cancel.is_set():
            raise Stopped("cancelled")
        if self.started is not None and time.monotonic() - self._t0 > self.timeout:
            raise Stopped("timed_out")

    def to_dict(self) -> dict[str, Any]:
        seconds = None
        if self.started is not None:
            seconds = round((self.finished or time.time()) - self.started, 3)
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            # asked to stop and still running: it stops when its current chunk ends
            "cancelling": self.cancel.is_set() and self.status not in FINAL,
            "params": self.params,
            "progress": {"done": self.done, "total": self.total},
            "created_at": _iso(self.created),
            "started_at": _iso(self.started),
            "finished_at": _iso(self.finished),
            "seconds": seconds,
            "timeout": self.timeout,
            "run": self.run_id,
            "problems": self.problems,
            "note": self.note,
        }


class JobQueue:
    """At most ``capacity`` waiting jobs, run by ``workers`` threads, each stopped after
    ``timeout`` seconds; ``finish`` is called as each job ends (in its worker thread)."""

    def __init__(
        self,
        *,
        workers: int = 1,
        capacity: int = 8,
        timeout: float = 600.0,
        finish: Finish | None = None,
    ) -> None:
        self.capacity = capacity
        self.timeout = timeout
        self.finish = finish
        self._waiting: queue.Queue[Job] = queue.Queue(maxsize=capacity)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._workers = [
            threading.Thread(target=self._serve, name=f"zopa-job-{i}", daemon=True)
            for i in range(workers)
        ]
        for w in self._workers:
            w.start()

    def submit(self, kind: str, params: dict[str, Any], work: Work) -> Job:
        """Queue a job; :class:`QueueFull` when ``capacity`` jobs are already waiting."""
        job = Job(secrets.token_hex(8), kind, params, work, self.timeout)
        with self._lock:
            try:
                self._waiting.put_nowait(job)
            except queue.Full:
                raise QueueFull(self.retry_after()) from None
            self._jobs[job.id] = job
            self._trim()
        return job

    def retry_after(self) -> int:
        """A guess of the seconds until a place frees up (at least 1)."""
        took = [
            j.finished - j.started
            for j in self._jobs.values()
            if j.finished is not None and j.started is not None
        ]
        return max(1, round(sum(took[-5:]) / len(took[-5:]))) if took else 5

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def list(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def position(self, job: Job) -> int | None:
        """How many queued jobs are ahead of ``job`` (None once it has started)."""
        if job.status != "queued":
            return None
        with self._lock:
            ahead = [j for j in self._jobs.values() if j.status == "queued"]
        return ahead.index(job) if job in ahead else None

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop: a queued job never starts, a running one stops at its next
        progress call. A finished job is left as it is."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.status in FINAL:
                return job
            job.cancel.set()
            never_started = job.status == "queued"
            if never_started:
                job.status = "cancelled"
        if never_started:
            self._end(job, "cancelled")
        return job

    def _trim(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.status in FINAL]
        for key in finished[: max(0, len(self._jobs) - KEEP)]:
            del self._jobs[key]

    def _serve(self) -> None:
        while True:
            job = self._waiting.get()
            try:
                with self._lock:
                    if job.cancel.is_set() or job.status != "queued":
                        continue
                    job.status, job.started, job._t0 = "running", time.time(), time.monotonic()
                self._run(job)
            finally:
                self._waiting.task_done()

    def _run(self, job: Job) -> None:
        try:
            job.result = job.work(job)
        except Stopped as stop:
            self._end(job, stop.status)
        except ZopaError as err:
            from zopa.web.errors import problems

            job.problems = problems(err)
            self._end(job, "failed")
        except Exception as err:  # a job's failure must not take its worker thread down
            job.problems = [
                {"file": None, "line": None, "path": None, "message": f"{type(err).__name__}"}
            ]
            self._end(job, "failed")
        else:
            self._end(job, "done")

    def _end(self, job: Job, status: str) -> None:
        job.status, job.finished = status, time.time()
        if self.finish is not None:
            try:
                self.finish(job)
            except Exception as err:  # recording must never lose the job's own answer
                job.note = f"not recorded in the run store: {err}"
