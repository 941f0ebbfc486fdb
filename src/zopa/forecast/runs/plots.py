"""Pictures of forecasts: interval plots per issue, position trajectories, tornado charts and
Sobol indices.

Every picture is built with matplotlib's object API (no pyplot, no global state; see
:mod:`zopa.figures`). One issue's panel: :func:`plot_distribution`, :func:`plot_trajectory`,
:func:`plot_tornado_issue`, :func:`plot_sobol_issue` draw on the ``ax`` given (or a new figure)
and return the figure. Every issue: :func:`plot_distributions`, :func:`plot_trajectories`,
:func:`plot_tornado`, :func:`plot_sobol` return pages; a page holds at most :data:`MAX_PANELS`
panels, and when there are more issues than fit further pages follow, so no issue is left out
silently (with ``ax``, one axes per panel, they draw there and return that one figure).
:func:`page_paths` names the files of the pages (``name.png``, ``name-2.png``, ...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from zopa.errors import InputError
from zopa.figures import PARTY_PALETTE, new_axes, plain
from zopa.forecast.registry import Forecast
from zopa.forecast.runs.montecarlo import MonteCarlo
from zopa.forecast.runs.sensitivity_values import (
    SobolIndices,
    SobolIssue,
    Tornado,
    TornadoIssue,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MAX_PANELS = 12


def _grid(count: int, cols: int = 3) -> tuple[int, int]:
    cols = max(1, min(cols, count))
    return math.ceil(count / cols), cols


def page_paths(path: str | Path, pages: int) -> list[Path]:
    """``path`` for the first page, ``<stem>-2<suffix>``, ... for the others."""
    p = Path(path)
    return [p] + [p.with_name(f"{p.stem}-{k}{p.suffix}") for k in range(2, pages + 1)]


def _pages(items: Sequence[Any], per_page: int) -> list[Sequence[Any]]:
    per_page = max(1, per_page)
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items]


def _index(dims: Sequence[str], issue: str) -> int:
    if issue not in dims:
        raise InputError.single(
            f"unknown issue {issue!r}; expected one of {', '.join(dims)}", path="issue"
        )
    return list(dims).index(issue)


def _given(ax: Sequence[Axes], count: int) -> tuple[Figure, list[Axes]]:
    return new_axes(list(ax), count, (0.0, 0.0))


def plot_distribution(mc: MonteCarlo, issue: str, *, ax: Axes | None = None) -> Figure:
    """One issue: each model's median (dot), 80% (thick) and 95% (thin) interval and point
    forecast (tick), on ``ax`` (a new figure if omitted); returns the figure."""
    dists = list(mc.distributions.values())
    k = _index(dists[0].dimensions, issue)
    fig, (a,) = new_axes(ax, 1, (4.6, 0.5 + 0.45 * len(dists) + 1.0), layout="constrained")
    _distribution_panel(a, mc, k)
    return fig


def plot_distributions(
    mc: MonteCarlo, *, title: str = "", ax: Sequence[Axes] | None = None
) -> list[Figure]:
    """One panel per issue: each model's median, 80% (thick) and 95% (thin) interval, point."""
    dists = list(mc.distributions.values())
    count = len(dists[0].dimensions)
    if ax is not None:
        fig, axes = _given(ax, count)
        for k, a in enumerate(axes):
            _distribution_panel(a, mc, k)
        return [fig]
    pages = _pages(range(count), MAX_PANELS)
    return [_distribution_page(mc, list(ks), title) for ks in pages]


def _distribution_panel(ax: Axes, mc: MonteCarlo, k: int) -> None:
    dists = list(mc.distributions.values())
    for y, dist in enumerate(dists):
        lo95, hi95 = dist.interval95[k]
        lo80, hi80 = dist.interval80[k]
        ax.plot([lo95, hi95], [y, y], color="0.6", lw=1.2)
        ax.plot([lo80, hi80], [y, y], color="C0", lw=4, solid_capstyle="butt")
        ax.plot([dist.median[k]], [y], "o", color="C3", ms=5)
        ax.plot([dist.point[k]], [y], "|", color="k", ms=12)
    ax.set_yticks(range(len(dists)), [plain(d.model) for d in dists])
    ax.set_ylim(-0.7, len(dists) - 0.3)
    ax.invert_yaxis()
    ax.set_title(plain(dists[0].dimensions[k]), fontsize=10)
    ax.grid(axis="x", alpha=0.3)


def _distribution_page(mc: MonteCarlo, ks: list[int], title: str) -> Figure:
    dists = list(mc.distributions.values())
    rows, cols = _grid(len(ks))
    fig = Figure(figsize=(4.2 * cols, 0.5 + (0.45 * len(dists) + 1.0) * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for j, k in enumerate(ks):
        _distribution_panel(axes[j // cols][j % cols], mc, k)
    for j in range(len(ks), rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    fig.suptitle(
        plain(title)
        or f"Forecast distributions ({mc.draws} draws, seed {mc.seed}): "
        "dot median, bar 80%, line 95%, tick point forecast",
        fontsize=10,
    )
    return fig


def plot_trajectory(
    forecast: Forecast, issue: str, names: Sequence[str], *, ax: Axes | None = None
) -> Figure:
    """One iterative model's actor positions round by round on one issue, each actor in its
    colour (its place in ``names``) and named in the legend, the forecast outcome dashed; on
    ``ax`` (a new figure if omitted); returns the figure."""
    if forecast.trajectory is None:
        raise InputError.single(
            f"the {forecast.model} model has no rounds to draw", path="forecast"
        )
    k = _index(forecast.dimensions, issue)
    fig, (a,) = new_axes(ax, 1, (5.0, 3.6), layout="constrained")
    drawn = _trajectory_panel(a, forecast, names, k)
    a.legend(*_actor_legend(names, sorted(drawn)), fontsize=7)
    return fig


def plot_trajectories(
    forecasts: Mapping[str, Forecast],
    names: Sequence[str],
    *,
    ax: Sequence[Axes] | None = None,
) -> list[Figure]:
    """Actor positions round by round for every iterative model (rows) and issue (columns);
    no page when no model is iterative. With ``ax``: one axes per model and issue (models
    first), drawn there."""
    iterative = [f for f in forecasts.values() if f.trajectory is not None]
    if not iterative:
        return []
    count = len(iterative[0].dimensions)
    if ax is not None:
        fig, axes = _given(ax, count * len(iterative))
        drawn: set[int] = set()
        for r, fc in enumerate(iterative):
            for k in range(count):
                drawn |= _trajectory_panel(axes[r * count + k], fc, names, k)
        fig.legend(*_actor_legend(names, sorted(drawn)), loc="lower center", fontsize=7)
        return [fig]
    pages = _pages(range(count), MAX_PANELS // len(iterative))
    return [_trajectory_page(iterative, names, list(ks)) for ks in pages]


def _trajectory_panel(ax: Axes, fc: Forecast, names: Sequence[str], k: int) -> set[int]:
    assert fc.trajectory is not None
    traj = fc.trajectory[:, :, k]
    drawn = set()
    for i, name in enumerate(names):
        if np.isfinite(traj[:, i]).any():
            ax.plot(traj[:, i], lw=1.2, label=plain(name), color=_actor_color(i))
            drawn.add(i)
    ax.axhline(fc.outcome[k], color="k", ls="--", lw=0.8)
    ax.set_title(plain(f"{fc.model}: {fc.dimensions[k]}"), fontsize=9)
    ax.set_xlabel("round")
    return drawn


def _actor_legend(names: Sequence[str], shown: Sequence[int]) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=_actor_color(i), lw=1.6) for i in shown]
    handles.append(Line2D([], [], color="k", ls="--", lw=0.8))
    return handles, [plain(names[i]) for i in shown] + ["forecast outcome"]


def _trajectory_page(iterative: list[Forecast], names: Sequence[str], ks: list[int]) -> Figure:
    """Each actor keeps one colour (its place in ``names``) in every panel; one legend for the
    page names every actor drawn in any panel."""
    fig = Figure(figsize=(3.6 * len(ks), 2.8 * len(iterative) + 0.8), layout="constrained")
    axes = fig.subplots(len(iterative), len(ks), squeeze=False)
    drawn: set[int] = set()
    for r, fc in enumerate(iterative):
        for j, k in enumerate(ks):
            drawn |= _trajectory_panel(axes[r][j], fc, names, k)
    handles, labels = _actor_legend(names, sorted(drawn))
    fig.legend(handles, labels, loc="outside lower center", ncols=min(6, len(labels)), fontsize=7)
    return fig


def _actor_color(i: int) -> str:
    return PARTY_PALETTE[i % len(PARTY_PALETTE)]


def plot_tornado_issue(
    result: Tornado, issue: str, *, top: int = 10, ax: Axes | None = None
) -> Figure:
    """One issue's tornado: the forecast with each input at its low and high end (blue: rises
    with the input; orange: falls), on ``ax`` (a new figure if omitted); returns the figure."""
    _index(list(result.issues), issue)
    fig, (a,) = new_axes(ax, 1, (6.0, 0.35 * top + 1.2), layout="constrained")
    _tornado_panel(a, result.model, issue, result.issues[issue], top)
    return fig


def plot_tornado(
    result: Tornado, *, top: int = 10, ax: Sequence[Axes] | None = None
) -> list[Figure]:
    """Tornado chart per issue: forecast with each factor at its low (left) and high (right)."""
    items = list(result.issues.items())
    if ax is not None:
        fig, axes = _given(ax, len(items))
        for a, (dim, data) in zip(axes, items, strict=True):
            _tornado_panel(a, result.model, dim, data, top)
        return [fig]
    pages = _pages(items, MAX_PANELS)
    return [_tornado_page(result.model, list(issues), top) for issues in pages]


def _tornado_panel(ax: Axes, model: str, dim: str, data: TornadoIssue, top: int) -> None:
    bars, base = data.bars[:top], data.base
    for y, bar in enumerate(bars):
        lo, hi = sorted((bar.outcome_low, bar.outcome_high))
        ax.barh(
            y,
            hi - lo,
            left=lo,
            color="C0" if bar.outcome_high >= bar.outcome_low else "C1",
            alpha=0.8,
        )
    ax.axvline(base, color="k", lw=0.8)
    ax.set_yticks(range(len(bars)), [plain(b.label) for b in bars], fontsize=7)
    ax.invert_yaxis()
    ax.set_title(plain(f"{model}: {dim} (base {base:.3g})"), fontsize=9)


def _tornado_page(model: str, issues: list[tuple[str, TornadoIssue]], top: int) -> Figure:
    rows, cols = _grid(len(issues), 2)
    fig = Figure(figsize=(6.0 * cols, (0.35 * top + 1.2) * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for n, (dim, data) in enumerate(issues):
        _tornado_panel(axes[n // cols][n % cols], model, dim, data, top)
    for n in range(len(issues), rows * cols):
        axes[n // cols][n % cols].set_visible(False)
    fig.suptitle("Blue: forecast rises with the input; orange: falls", fontsize=9)
    return fig


#: Sobol bars: the total index (light) and the first-order index (dark) of each input (Saltelli
#: et al. 2010, "Variance based sensitivity analysis of model output", estimators as in
#: :mod:`zopa.forecast.runs.sensitivity`).
SOBOL_TOTAL, SOBOL_FIRST = "#9ecae1", "#08519c"


def plot_sobol_issue(
    result: SobolIndices, issue: str, *, top: int = 10, ax: Axes | None = None
) -> Figure:
    """One issue's Sobol indices: for the ``top`` inputs by total index, the total index (light
    bar) above the first-order index (dark bar), each with its 95% interval as a whisker; inputs
    whose index rests on too few moving draws are hatched. On ``ax`` (a new figure if omitted);
    returns the figure."""
    _index(list(result.issues), issue)
    fig, (a,) = new_axes(ax, 1, (6.0, 0.35 * top + 1.4), layout="constrained")
    _sobol_panel(a, result.model, issue, result.issues[issue], top)
    return fig


def plot_sobol(
    result: SobolIndices, *, top: int = 10, ax: Sequence[Axes] | None = None
) -> list[Figure]:
    """Sobol indices per issue (see :func:`plot_sobol_issue`), one panel per issue."""
    items = list(result.issues.items())
    if ax is not None:
        fig, axes = _given(ax, len(items))
        for a, (dim, data) in zip(axes, items, strict=True):
            _sobol_panel(a, result.model, dim, data, top)
        return [fig]
    pages = []
    for chunk in _pages(items, MAX_PANELS):
        rows, cols = _grid(len(chunk), 2)
        fig = Figure(figsize=(6.0 * cols, (0.35 * top + 1.4) * rows), layout="constrained")
        grid = fig.subplots(rows, cols, squeeze=False)
        for n, (dim, data) in enumerate(chunk):
            _sobol_panel(grid[n // cols][n % cols], result.model, dim, data, top)
        for n in range(len(chunk), rows * cols):
            grid[n // cols][n % cols].set_visible(False)
        fig.suptitle(
            f"Sobol indices ({result.samples} base samples): light total, dark first-order, "
            "whiskers 95% intervals; hatched: too few moving draws",
            fontsize=9,
        )
        pages.append(fig)
    return pages


def _sobol_panel(ax: Axes, model: str, dim: str, data: SobolIssue, top: int) -> None:
    rows = data.factors[:top]
    for y, ix in enumerate(rows):
        hatch = None if ix.reliable else "///"
        for dy, value, ci, color in (
            (-0.18, ix.total, ix.total_ci95, SOBOL_TOTAL),
            (0.18, ix.first, ix.first_ci95, SOBOL_FIRST),
        ):
            ax.barh(y + dy, value, height=0.34, color=color, hatch=hatch, edgecolor="0.4", lw=0)
            ax.plot(list(ci), [y + dy, y + dy], color="black", lw=0.9)
    ax.set_yticks(range(len(rows)), [plain(ix.label) for ix in rows], fontsize=7)
    ax.set_xlim(0, 1.05)
    ax.invert_yaxis()
    note = "" if data.variance > 0 else " (does not vary)"
    ax.set_title(plain(f"{model}: {dim}{note}"), fontsize=9)
    ax.set_xlabel("share of the forecast's variance")


__all__ = [
    "page_paths",
    "plot_distribution",
    "plot_distributions",
    "plot_sobol",
    "plot_sobol_issue",
    "plot_tornado",
    "plot_tornado_issue",
    "plot_trajectories",
    "plot_trajectory",
]
