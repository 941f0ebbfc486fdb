"""A progress bar for long work, shown only to a person at a terminal.

The library reports progress through a ``progress(done, total)`` callable; :func:`progress_bar`
gives the commands one that draws a bar on stderr, or ``None`` (no bar, no cost) when the output
is JSON or standard output is not a terminal (a pipe, a file, a test)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int], None]


def wants_bar(as_json: bool) -> bool:
    """Whether a bar may be drawn: not with ``--json``, and only when both stdout (where the
    result goes) and stderr (where the bar goes) are terminals."""
    return not as_json and sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def progress_bar(what: str, *, as_json: bool) -> Iterator[Progress | None]:
    """A ``progress(done, total)`` drawing a transient bar labelled ``what`` (gone when the work
    is done), or ``None`` where no bar is wanted."""
    if not wants_bar(as_json):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zopa.cli._console import make_console

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield report
