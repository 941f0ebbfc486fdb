"""Independent tasks side by side on daemon threads, their results as they finish.

For pure computations that release the interpreter lock (numpy): the caller gets each result as
its task ends, and an exception or an interrupt (Ctrl-C) in the caller returns at once. The
threads are daemons, so a process that stops does not wait for the tasks still running (a
``ThreadPoolExecutor``'s threads are joined when the interpreter exits); tasks not yet started
are dropped.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["side_by_side"]

#: Seconds the caller waits for a result before checking again (so a signal is seen).
POLL = 0.1


def side_by_side(
    tasks: Sequence[Callable[[], Any]], workers: int, name: str = "zopa-task"
) -> Iterator[tuple[int, Any]]:
    """``(index, result)`` of every task, in the order they finish, computed on at most
    ``workers`` threads (in this thread, in order, when ``workers`` <= 1). A task's exception
    is raised here as soon as it is known."""
    if workers <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            yield i, task()
        return
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    done: queue.SimpleQueue[tuple[int, Any, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()
    for i in range(len(tasks)):
        todo.put(i)

    def work() -> None:
        while not stop.is_set():
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((i, tasks[i](), None))
            except BaseException as err:  # handed to the caller, which raises it
                done.put((i, None, err))

    for k in range(min(workers, len(tasks))):
        threading.Thread(target=work, name=f"{name}-{k}", daemon=True).start()
    try:
        for _ in range(len(tasks)):
            while True:
                try:
                    i, value, err = done.get(timeout=POLL)
                    break
                except queue.Empty:
                    continue
            if err is not None:
                raise err
            yield i, value
    finally:
        stop.set()
