"""Pictures of forecasts: interval plots per issue, position trajectories and tornado charts.

Each function returns its pages as :class:`matplotlib.figure.Figure` values built with the
object API (no pyplot, no global state; see :mod:`zopa.figures`). A figure holds at most
:data:`MAX_PANELS` panels; when there are more issues than fit, further pages follow, so no issue
is left out silently. :func:`page_paths` names the files of the pages (``name.png``,
``name-2.png``, ...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from zopa.figures import PARTY_PALETTE, plain
from zopa.forecast.registry import Forecast
from zopa.forecast.runs.montecarlo import MonteCarlo
from zopa.forecast.runs.sensitivity_values import Tornado, TornadoIssue

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


def plot_distributions(mc: MonteCarlo, *, title: str = "") -> list[Figure]:
    """One panel per issue: each model's median, 80% (thick) and 95% (thin) interval, point."""
    dists = list(mc.distributions.values())
    pages = _pages(range(len(dists[0].dimensions)), MAX_PANELS)
    return [_distribution_page(mc, list(ks), title) for ks in pages]


def _distribution_page(mc: MonteCarlo, ks: list[int], title: str) -> Figure:
    dists = list(mc.distributions.values())
    rows, cols = _grid(len(ks))
    fig = Figure(figsize=(4.2 * cols, 0.5 + (0.45 * len(dists) + 1.0) * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for j, k in enumerate(ks):
        ax = axes[j // cols][j % cols]
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
    for j in range(len(ks), rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    fig.suptitle(
        plain(title)
        or f"Forecast distributions ({mc.draws} draws, seed {mc.seed}): "
        "dot median, bar 80%, line 95%, tick point forecast",
        fontsize=10,
    )
    return fig


def plot_trajectories(forecasts: Mapping[str, Forecast], names: Sequence[str]) -> list[Figure]:
    """Actor positions round by round for every iterative model (rows) and issue (columns);
    no page when no model is iterative."""
    iterative = [f for f in forecasts.values() if f.trajectory is not None]
    if not iterative:
        return []
    pages = _pages(range(len(iterative[0].dimensions)), MAX_PANELS // len(iterative))
    return [_trajectory_page(iterative, names, list(ks)) for ks in pages]


def _trajectory_page(iterative: list[Forecast], names: Sequence[str], ks: list[int]) -> Figure:
    """Each actor keeps one colour (its place in ``names``) in every panel; one legend for the
    page names every actor drawn in any panel."""
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(3.6 * len(ks), 2.8 * len(iterative) + 0.8), layout="constrained")
    axes = fig.subplots(len(iterative), len(ks), squeeze=False)
    drawn: set[int] = set()
    for r, fc in enumerate(iterative):
        assert fc.trajectory is not None
        for j, k in enumerate(ks):
            dim = fc.dimensions[k]
            ax = axes[r][j]
            traj = fc.trajectory[:, :, k]
            for i, name in enumerate(names):
                if np.isfinite(traj[:, i]).any():
                    ax.plot(traj[:, i], lw=1.2, label=plain(name), color=_actor_color(i))
                    drawn.add(i)
            ax.axhline(fc.outcome[k], color="k", ls="--", lw=0.8)
            ax.set_title(plain(f"{fc.model}: {dim}"), fontsize=9)
            ax.set_xlabel("round")
    shown = sorted(drawn)
    handles = [Line2D([], [], color=_actor_color(i), lw=1.6) for i in shown]
    handles.append(Line2D([], [], color="k", ls="--", lw=0.8))
    labels = [plain(names[i]) for i in shown] + ["forecast outcome"]
    fig.legend(handles, labels, loc="outside lower center", ncols=min(6, len(labels)), fontsize=7)
    return fig


def _actor_color(i: int) -> str:
    return PARTY_PALETTE[i % len(PARTY_PALETTE)]


def plot_tornado(result: Tornado, *, top: int = 10) -> list[Figure]:
    """Tornado chart per issue: forecast with each factor at its low (left) and high (right)."""
    pages = _pages(list(result.issues.items()), MAX_PANELS)
    return [_tornado_page(result.model, list(issues), top) for issues in pages]


def _tornado_page(model: str, issues: list[tuple[str, TornadoIssue]], top: int) -> Figure:
    rows, cols = _grid(len(issues), 2)
    fig = Figure(figsize=(6.0 * cols, (0.35 * top + 1.2) * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for n, (dim, data) in enumerate(issues):
        ax = axes[n // cols][n % cols]
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
    for n in range(len(issues), rows * cols):
        axes[n // cols][n % cols].set_visible(False)
    fig.suptitle("Blue: forecast rises with the input; orange: falls", fontsize=9)
    return fig


__all__ = ["page_paths", "plot_distributions", "plot_tornado", "plot_trajectories"]
