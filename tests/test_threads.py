"""Tasks side by side: every result once, errors raised as soon as known, nothing waited for."""

from __future__ import annotations

import threading

import pytest

from zopa._threads import side_by_side


@pytest.mark.parametrize("workers", [1, 2, 5])
def test_every_task_gives_its_result_once(workers: int) -> None:
    tasks = [lambda k=k: k * k for k in range(7)]
    got = dict(side_by_side(tasks, workers))
    assert got == {k: k * k for k in range(7)}


def test_an_error_is_raised_without_waiting_for_the_other_tasks() -> None:
    release = threading.Event()

    def slow() -> int:
        release.wait(30)  # would hold the caller for 30 s if it were waited for
        return 1

    def fails() -> int:
        raise ValueError("broken")

    try:
        with pytest.raises(ValueError, match="broken"):
            dict(side_by_side([slow, fails], 2))
        assert not release.is_set()
    finally:
        release.set()


def test_one_worker_runs_the_tasks_in_order_in_this_thread() -> None:
    names: list[str] = []
    tasks = [lambda k=k: names.append(threading.current_thread().name) or k for k in range(3)]
    assert [i for i, _ in side_by_side(tasks, 1)] == [0, 1, 2]
    assert set(names) == {threading.current_thread().name}
