"""docs/notebooks/minerals-2025.ipynb runs from top to bottom in a fresh kernel, and what it
shows is what the library computes; the result values show themselves as escaped HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebooks" / "minerals-2025.ipynb"


@pytest.fixture(scope="module")
def executed():  # type: ignore[no-untyped-def]
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (test extra)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (test extra)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (test extra)")
    from jupyter_client.kernelspec import NoSuchKernel

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    try:
        client.execute()
    except (NoSuchKernel, nbclient.exceptions.DeadKernelError, RuntimeError) as err:
        if isinstance(err, nbclient.exceptions.CellExecutionError):
            raise
        pytest.skip(f"a Jupyter kernel could not start here: {err}")
    return nb


def _outputs(nb, needle: str) -> list[dict]:  # type: ignore[no-untyped-def]
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and needle in c.source]
    return list(cell.outputs)


def _html(nb, needle: str) -> str:  # type: ignore[no-untyped-def]
    return "".join(o.get("data", {}).get("text/html", "") for o in _outputs(nb, needle))


def test_every_cell_runs_without_an_error(executed) -> None:  # type: ignore[no-untyped-def]
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert cell.outputs, cell.source
            assert all(o.output_type != "error" for o in cell.outputs), cell.source


def test_the_notebook_shows_what_the_library_computes(executed) -> None:  # type: ignore[no-untyped-def]
    from zopa.counter import counter_proposals
    from zopa.diagnose import diagnose_proposal
    from zopa.model import load_scenario

    s = load_scenario("minerals-2025")
    d = diagnose_proposal(s, "us-draft-2025-02-12")
    shown = _html(executed, "diagnosis = diagnose_proposal")
    for verdict in d.verdicts:
        assert html.escape(verdict) in shown
    frontier_png = [
        o for o in _outputs(executed, "plot_frontier(") if "image/png" in o.get("data", {})
    ]
    assert len(frontier_png) == 1
    counters = counter_proposals(s, "us-draft-2025-02-12", top=3, draws=100, seed=0)
    frame = _html(executed, "table = counters.to_frame()")
    rows = re.findall(r"<tr>.*?</tr>", frame.split("<tbody>")[1], flags=re.S)
    assert len(rows) == len(counters.packages)
    for row, pkg in zip(rows, counters.packages, strict=True):
        assert f"<td>{len(pkg.changes)}</td>" in row
    brief = _html(executed, "build_report(")
    assert brief.startswith("<!DOCTYPE html>") and 'id="bottom-line"' in brief


def test_result_values_show_themselves_as_escaped_tables() -> None:
    from zopa.diagnose import diagnose
    from zopa.frontier import frontier, solve_all, zopa
    from zopa.model import load_scenario

    s = load_scenario("logrolling")
    parties = dict(s.parties)
    first = next(iter(parties))
    parties[first] = parties[first].model_copy(update={"name": "<b>A & co</b>"})
    s = s.model_copy(update={"parties": parties})
    game = s.compile()
    d = diagnose(s, dict(next(iter(s.proposals.values())).terms))
    shown = d._repr_html_()
    assert "&lt;b&gt;A &amp; co&lt;/b&gt;" in shown and "<b>A" not in shown
    front = frontier(game)
    table = front._repr_html_()
    assert table.count("<tr><td>") == min(len(front), 20)
    assert zopa(game, front)._repr_html_().startswith('<div class="zopa-view">')
    nash = solve_all(game, front=front)["nash"]
    assert nash is not None and f"<td>{nash.code}</td>" in nash._repr_html_()


def test_simulation_and_forecast_values_show_themselves() -> None:
    from zopa.counter import what_it_takes
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.runs.reports import run_forecast, run_sensitivity
    from zopa.model import load_scenario
    from zopa.negotiate import negotiate, run_tournament

    game = load_scenario("logrolling").compile()
    session = negotiate(game, {p: "boulware" for p in game.party_ids}, rounds=20, seed=0)
    assert session.status in session._repr_html_()
    t = run_tournament({"logrolling": game}, ["boulware", "conceder"], rounds=20, seed=0)
    shown = t._repr_html_()
    assert all(f"<td>{row['strategy']}</td>" in shown for row in t.table())
    report = run_forecast(load_source("minerals-2025"), draws=30, seed=1)
    assert report.monte_carlo is not None
    rows = report.monte_carlo.summary_rows()
    assert report._repr_html_().count("<tr><td>") == min(60, len(rows))
    sens = run_sensitivity(load_source("logrolling"), "compromise", method="tornado")
    assert "Sensitivity of compromise" in sens._repr_html_()
    s = load_scenario("minerals-2025")
    takes = what_it_takes(s, "us-draft-2025-02-12", "ukraine", limit=3, draws=0)
    assert takes.summary.split(".")[0] in html.unescape(takes._repr_html_())
