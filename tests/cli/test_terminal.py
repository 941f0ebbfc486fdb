"""Output on a terminal: tables follow its width and never cut a value with an ellipsis.

The terminal is a pseudo-terminal of a chosen size, with the command in a fresh interpreter."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

from rich.cells import cell_len  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def on_terminal(args: list[str], columns: int, *, stderr_too: bool = False) -> str:
    """Run ``python -m zopa ARGS`` with stdout (and stderr) on a terminal ``columns`` wide; all
    that was written there, as text without colour codes (a transient progress bar is in it,
    though erased on the screen)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="xterm", NO_COLOR="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zopa", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave if stderr_too else subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, (err or b"").decode()
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return ANSI.sub("", text)


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.mark.parametrize("columns", [80, 100])
def test_tables_fit_the_terminal_width(columns: int) -> None:
    text = on_terminal(["frontier", "minerals-2025", "--limit", "5"], columns)
    assert "Pareto frontier" in text
    assert widest(text) <= columns
    assert widest(text) > columns - 10  # the long terms use the room there is


def test_a_pipe_keeps_the_wide_layout(cli) -> None:
    out = cli("frontier", "minerals-2025", "--limit", "5").out
    assert 100 < widest(out) <= 120


@pytest.mark.parametrize(
    "args",
    [
        ["frontier", "minerals-2025", "--limit", "5"],
        ["solutions", "minerals-2025"],
        ["diagnose", "minerals-2025", "us-draft-2025-02-12"],
        ["show", "minerals-2025"],
    ],
    ids=" ".join,
)
def test_narrow_terminals_wrap_values_and_never_cut_them(args: list[str]) -> None:
    text = on_terminal(args, 60)
    assert "…" not in text
    assert widest(text) <= 60


COUNTER = ["counter", "minerals-2025", "us-draft-2025-02-12", "--draws", "300"]


def test_long_work_shows_a_progress_bar_on_a_terminal() -> None:
    text = on_terminal(COUNTER, 100, stderr_too=True)
    assert "robustness draws" in text
    assert "Counter-proposals to us-draft-2025-02-12" in text


def test_no_progress_bar_with_json_or_without_a_terminal(cli) -> None:
    text = on_terminal([*COUNTER, "--json"], 100, stderr_too=True)
    assert "robustness draws" not in text
    assert '"zopa_version"' in text
    piped = cli(*COUNTER)
    assert piped.code == 0 and piped.err == ""
    assert "robustness draws" not in piped.out


@pytest.mark.parametrize(
    ("args", "label", "result"),
    [
        (["analyze", "price-split", "--draws", "50"], "analysis: parts done", "Outlook"),
        (["outlook", "price-split", "--draws", "200"], "outlook: chunks of draws done", "P(deal)"),
    ],
    ids=["analyze", "outlook"],
)
def test_analyze_and_outlook_show_a_bar_on_a_terminal_only(
    cli, args: list[str], label: str, result: str
) -> None:
    shown = on_terminal([*args, "--no-record"], 100, stderr_too=True)
    assert label in shown and result in shown
    as_json = on_terminal([*args, "--no-record", "--json"], 100, stderr_too=True)
    assert label not in as_json and '"zopa_version"' in as_json
    piped = cli(*args, "--no-record")
    assert piped.code == 0 and label not in piped.out + piped.err


def test_help_wraps_descriptions_to_the_terminal_not_to_the_source() -> None:
    """A command's description is wrapped where the terminal ends, not where its docstring was
    wrapped in the source: on a wide terminal each one is a single line."""
    import inspect

    from zopa.cli import app

    text = on_terminal(["--help"], 220)
    shown = 0
    for info in app.registered_commands:
        doc = info.callback.__doc__ if info.callback else None
        if not doc:
            continue
        first = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
        if len(first) < 150:  # fits on one line of the table at 220 columns
            assert first in text, first
            shown += 1
    assert shown > 10
