"""Output files under hostile conditions: every ``--plot`` and ``-o`` checks its path before the
work, a write that fails after the work leaves the user's file as it was, a planted symlink is
replaced and never followed, an overwritten file keeps its mode, and the picture functions leave
matplotlib's global state alone."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.hostile import HANG_GUARD, assert_clean

PNG = b"\x89PNG\r\n\x1a\n"
OLD = b"the user's own file, which no failed run may touch\n"

# Every command that writes a picture, with its picture option.
PLOTS: list[tuple[str, ...]] = [
    ("frontier", "logrolling", "--plot"),
    ("tradeoff", "logrolling", "split-both", "a", "b", "--plot"),
    ("negotiate", "logrolling", "--rounds", "10", "--plot"),
    ("forecast", "logrolling", "--draws", "20", "--plot"),
    ("sensitivity", "logrolling", "--samples", "8", "--plot"),
]
# Every command that writes a file with -o / --output / --out.
OUTPUTS: list[tuple[str, ...]] = [
    ("import", "genius", "{domain}", "-o"),
    ("tournament", "logrolling", "-s", "linear", "-s", "boulware", "--rounds", "10", "--out"),
]
PLOT_IDS = [a[0] for a in PLOTS]


def _bad_places(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths no picture can be written to, each with a word the error must contain."""
    folder_png = tmp_path / "x.png"
    folder_png.mkdir()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return {
        "missing folder": (tmp_path / "no" / "x.png", "does not exist"),
        "unknown suffix": (tmp_path / "out.txt", "image format"),
        "a folder": (folder_png, "is a folder"),
        "name too long": (tmp_path / ("x" * 300 + ".png"), "longer than"),
        "read-only folder": (locked / "x.png", "not writable"),
    }


@pytest.mark.parametrize("args", PLOTS, ids=PLOT_IDS)
def test_every_plot_path_is_checked_before_the_work(cli, tmp_path, args) -> None:
    places = _bad_places(tmp_path)
    if os.geteuid() == 0:  # root writes into read-only folders
        del places["read-only folder"]
    for what, (path, word) in places.items():
        r = cli(*args, str(path))
        assert_clean(r.code, r.out, r.err)
        assert r.code == 2, what
        assert word in r.err and "--plot" in r.err, (what, r.err)
        assert r.out == "", (what, r.out)  # refused before any result was printed


@pytest.mark.parametrize("args", PLOTS, ids=PLOT_IDS)
def test_every_plot_is_written_and_replaces_a_symlink_without_following_it(
    cli, tmp_path, args
) -> None:
    target = tmp_path / "precious.txt"
    target.write_bytes(OLD)
    link = tmp_path / "chart.png"
    link.symlink_to(target)
    r = cli(*args, str(link))
    assert r.code == 0, r.err
    assert target.read_bytes() == OLD
    assert not link.is_symlink() and link.read_bytes()[:8] == PNG
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_overwritten_output_keeps_its_mode(cli, tmp_path) -> None:
    out = tmp_path / "chart.png"
    out.write_bytes(OLD)
    out.chmod(0o600)
    assert cli("frontier", "logrolling", "--plot", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_bytes()[:8] == PNG


_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
from zopa.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", PLOTS, ids=PLOT_IDS)
def test_a_write_that_fails_after_the_work_keeps_the_old_file(tmp_path, args) -> None:
    """A file-size limit (``ulimit -f``) stops the write of the picture: one located error,
    exit 2, and the user's file is unchanged. (The run is not recorded: the limit would stop
    the run store's writes first.)"""
    out = tmp_path / "chart.png"
    out.write_bytes(OLD)
    run = subprocess.run(
        [sys.executable, "-c", _LIMITED, *args, str(out), "--no-record"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000)),
    )
    assert_clean(run.returncode, run.stdout, run.stderr)
    assert run.returncode == 2 and "chart.png" in run.stderr, run.stderr
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]


def test_a_full_standard_output_is_a_clean_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")  # pragma: no cover
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-c", "from zopa.cli import main; main()", "show", "minerals-2025"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "No space left on device" in run.stderr


def test_a_closed_pipe_is_no_traceback() -> None:
    code = "from zopa.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=HANG_GUARD) in (0, 1, 2) and "Traceback" not in err


def test_plot_functions_return_figures_and_leave_matplotlib_alone(tmp_path) -> None:
    import matplotlib

    from zopa.counter.plot import plot_tradeoff
    from zopa.counter.tradeoff import local_frontier
    from zopa.frontier import frontier
    from zopa.frontier.plot import plot_frontier
    from zopa.model import load_scenario
    from zopa.negotiate import negotiate
    from zopa.negotiate.plot import plot_session

    matplotlib.use("svg")
    before = dict(matplotlib.rcParams)
    s = load_scenario("logrolling")
    game = s.compile()
    session = negotiate(game, ["boulware", "conceder"], rounds=10)
    figures = [
        plot_frontier(game, frontier(game)),
        plot_tradeoff(local_frontier(s, "split-both", "a", "b")),
        plot_session(session, game),
    ]
    assert matplotlib.get_backend() == "svg"
    assert dict(matplotlib.rcParams) == before
    for fig in figures:
        assert type(fig).__name__ == "Figure" and fig.axes


def test_a_plot_draws_on_the_callers_axes() -> None:
    from matplotlib.figure import Figure

    from zopa.counter.plot import plot_tradeoff
    from zopa.counter.tradeoff import local_frontier
    from zopa.errors import InputError
    from zopa.model import load_scenario

    fig = Figure()
    ax = fig.subplots()
    result = local_frontier(load_scenario("logrolling"), "split-both", "a", "b")
    assert plot_tradeoff(result, ax=ax) is fig and ax.has_data()
    with pytest.raises(InputError, match="axes"):
        plot_tradeoff(result, ax=[ax, ax])


def test_dollar_signs_in_names_are_not_mathematical_text(tmp_path) -> None:
    from zopa.cli._files import save_figure
    from zopa.counter.plot import plot_tradeoff
    from zopa.counter.tradeoff import local_frontier
    from zopa.model import load_scenario

    result = local_frontier(load_scenario("logrolling"), "split-both", "a", "b")
    fig = plot_tradeoff(result, names=("$\\frac{", "pay $5 \ud800"))
    assert save_figure(fig, tmp_path / "t.svg").read_bytes()


READERS = [("check",), ("diagnose",), ("forecast", "--draws", "0"), ("negotiate",)]


@pytest.mark.parametrize("args", READERS, ids=[a[0] for a in READERS])
def test_unreadable_input_paths_are_located_errors(cli, tmp_path, args) -> None:
    long_name = tmp_path / ("x" * 300 + ".yaml")
    paths = {"name too long": long_name}
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked"
        locked.mkdir()
        (locked / "a.yaml").write_text("name: x\n")
        locked.chmod(0o000)
        unreadable = tmp_path / "unreadable.yaml"
        unreadable.write_text("name: x\n")
        unreadable.chmod(0o000)
        paths |= {"unsearchable folder": locked / "a.yaml", "unreadable": unreadable}
    for what, path in paths.items():
        r = cli(args[0], str(path), *args[1:])
        assert_clean(r.code, r.out, r.err)
        assert r.code == 2 and path.name[:50] in r.err, (what, r.err)
