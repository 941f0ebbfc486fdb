"""The utility plane as a picture: outcomes, ZOPA, frontier, walk-away lines, proposals and
solutions. Two signatories give one panel; three or more give small multiples, one panel per
pair. Each party's walk-away line, axis label and legend entry are drawn in the party's colour
(:func:`zopa.figures.party_colors` over the scenario's party order), the same in every panel."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from zopa.figures import new_axes, party_colors, plain
from zopa.frontier.front import Frontier
from zopa.frontier.solutions import SOLUTIONS, Deal
from zopa.game import TOL, Game
from zopa.seeds import SeedLike, generator

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_frontier"]

SAMPLE = 30_000  # outcomes drawn as background dots at most
_GREY, _GREEN, _BLUE = "#bdbdbd", "#74c476", "#08519c"
_SHORT = {
    "nash": "Nash",
    "kalai-smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
    "smallest-difference": "smallest difference",
}
_MARKERS: dict[str, tuple[str, str, float]] = {
    "nash": ("*", "#ffd92f", 280),
    "kalai-smorodinsky": ("D", "#6a51a3", 90),
    "egalitarian": ("^", "#e7298a", 110),
    "utilitarian": ("s", "#1b9e77", 90),
    "smallest-difference": ("v", "#66a61e", 100),
}


def plot_frontier(
    game: Game,
    front: Frontier,
    *,
    ax: Axes | Sequence[Axes] | None = None,
    deals: Mapping[str, Deal | None] | None = None,
    proposals: Mapping[str, int] | None = None,
    title: str | None = None,
    seed: SeedLike = None,
) -> Figure:
    """Draw the utility plane and return its figure (:func:`zopa.figures.figure_bytes` renders
    it as an image).

    ``ax``: the axes to draw on: one for two signatories, one per pair of signatories for more
    (a new figure if omitted). ``proposals`` maps names to outcome codes; ``seed`` draws the
    background sample when the space has more than ``SAMPLE`` outcomes (see :mod:`zopa.seeds`).
    """
    sig = list(front.parties)
    bg = _background(game, sig, generator(seed))
    pairs = list(itertools.combinations(range(len(sig)), 2)) or [(0, 0)]
    ncols = min(3, len(pairs))
    nrows = -(-len(pairs) // ncols)
    marks = _solution_marks(deals or {}, sig, game)
    props = {n: _proposal(game, front, c) for n, c in (proposals or {}).items()}
    given = ax is not None
    if ax is not None:
        fig, axes = new_axes(ax, len(pairs), (0.0, 0.0))
    elif len(pairs) == 1:
        fig, axes = new_axes(None, 1, (7.6, 8.6))
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.27, top=0.93)
    else:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(4.6 * ncols, 4.4 * nrows + 1.2))
        axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
        fig.subplots_adjust(
            left=0.06,
            right=0.98,
            bottom=1.3 / (4.4 * nrows + 1.2),
            top=0.92,
            wspace=0.28,
            hspace=0.3,
        )
    for ax, (i, j) in zip(axes, pairs, strict=False):
        _panel(ax, game, front, bg, (i, j), marks, props)
    for ax in axes[len(pairs) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    from matplotlib.lines import Line2D

    colors = _colors(game, front)
    for k, p in enumerate(front.parties):
        handles.append(Line2D([], [], color=colors[k], ls="--", lw=1.2))
        labels.append(f"{plain(game.party_names[p])} walks away below")
    if any(better is not None for _, better in props.values()):
        handles.append(Line2D([], [], color="0.15", ls="--", lw=1.0))
        labels.append("to the closest frontier deal all accept")
    if len(pairs) == 1 and given:
        axes[0].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5)
    elif len(pairs) == 1:
        # Below the plane, in two columns: the plane keeps the canvas's full width.
        fig.legend(handles, labels, loc="lower center", ncols=2, fontsize=8, frameon=False)
    else:
        fig.legend(handles, labels, loc="lower center", ncols=4, fontsize=8.5, frameon=False)
    # Wrapped to the figure's width: a long scenario title is never cut at the edges.
    width = max(30, int(fig.get_figwidth() * 8.5))
    fig.suptitle(plain(textwrap.fill(title or "Agreement space", width)), fontsize=11)
    return fig


def _colors(game: Game, front: Frontier) -> list[str]:
    """The compared parties' colours, from the scenario's party order."""
    palette = party_colors(game.party_ids)
    return [palette[game.party_ids[p]] for p in front.parties]


def _proposal(game: Game, front: Frontier, code: int) -> tuple[np.ndarray, np.ndarray | None]:
    """A proposal's utilities and those of its closest Pareto improvement in the ZOPA."""
    better = SOLUTIONS["closest"](game, front=front, proposal=code)
    sig = list(front.parties)
    point = game.utilities_of([code])[sig, 0]
    if better is None or better.code == code:
        return point, None
    return point, game.utilities_of([better.code])[sig, 0]


def _background(game: Game, sig: list[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Utilities of a sample of outcomes, and which are feasible / acceptable to all."""
    n = game.n_outcomes
    if n <= SAMPLE:
        codes = np.arange(n, dtype=np.int64)
    else:
        codes = np.sort(rng.choice(n, size=SAMPLE, replace=False)).astype(np.int64)
    u = game.utilities_of(codes)[sig]
    feasible = game.feasible_of(codes)[sig].all(axis=0)
    accept = feasible & np.all(u >= game.reservations[sig, None] - TOL, axis=0)
    return {"u": u, "feasible": feasible, "accept": accept, "sampled": np.array(n > SAMPLE)}


def _solution_marks(
    deals: Mapping[str, Deal | None], sig: list[int], game: Game
) -> list[tuple[str, np.ndarray, str, str, float]]:
    """One marker per distinct outcome; solutions selecting the same outcome share it."""
    by_code: dict[int, list[str]] = {}
    for name, deal in deals.items():
        if deal is not None:
            by_code.setdefault(deal.code, []).append(name)
    out = []
    for code, names in by_code.items():
        marker, color, size = _MARKERS.get(names[0], ("P", "#333333", 100.0))
        short = [_SHORT.get(n, n) for n in names]
        label = "\n= ".join(" = ".join(short[k : k + 2]) for k in range(0, len(short), 2))
        out.append((label, game.utilities_of([code])[sig, 0], marker, color, size))
    return out


def _panel(
    ax: Any,
    game: Game,
    front: Frontier,
    bg: dict[str, np.ndarray],
    pair: tuple[int, int],
    marks: list[tuple[str, np.ndarray, str, str, float]],
    props: Mapping[str, tuple[np.ndarray, np.ndarray | None]],
) -> None:
    i, j = pair
    names = [plain(game.party_names[p]) for p in front.parties]
    r = front.reservations
    u, ok, acc = bg["u"], bg["feasible"], bg["accept"]
    fu, inside = front.utilities, front.acceptable
    ax.add_patch(_zopa_patch(front, i, j))
    what = "possible deals" + (" (sample)" if bool(bg["sampled"]) else "")
    dot = 5 if u.shape[1] > 5000 else 16
    ax.scatter(u[i, ok & ~acc], u[j, ok & ~acc], s=dot, c=_GREY, lw=0, label=what, rasterized=True)
    ax.scatter(
        u[i, acc], u[j, acc], s=dot, c=_GREEN, lw=0, label="deals in the ZOPA", rasterized=True
    )
    two = len(front.parties) == 2
    if two:
        ax.step(fu[i], fu[j], where="post", color=_BLUE, lw=1.2, alpha=0.8)
    size = 22 if two else 7
    ax.scatter(
        fu[i, ~inside],
        fu[j, ~inside],
        s=size,
        facecolors="white",
        edgecolors=_BLUE,
        lw=0.6,
        alpha=1.0 if two else 0.5,
        zorder=3,
        label="Pareto frontier (someone walks away)",
    )
    ax.scatter(
        fu[i, inside],
        fu[j, inside],
        s=size,
        c=_BLUE,
        lw=0,
        zorder=3,
        label="Pareto frontier (all accept)",
    )
    colors = _colors(game, front)
    ax.axvline(r[i], color=colors[i], ls="--", lw=1.2, gid=f"walkaway-{front.party_ids[i]}")
    ax.axhline(r[j], color=colors[j], ls="--", lw=1.2, gid=f"walkaway-{front.party_ids[j]}")
    ax.text(
        r[i] - 0.01,
        0.0,
        f"{names[i]} walks away",
        color=colors[i],
        fontsize=7.5,
        rotation=90,
        ha="right",
        va="bottom",
    )
    ax.text(
        0.0,
        r[j] + 0.01,
        f"{names[j]} walks away",
        color=colors[j],
        fontsize=7.5,
        ha="left",
        va="bottom",
    )
    for label, point, marker, color, area in marks:
        ax.scatter(
            point[i],
            point[j],
            marker=marker,
            s=area,
            c=color,
            edgecolors="black",
            linewidths=0.6,
            label=label,
            zorder=6 if label.startswith("Nash") else 5,  # Nash on top, never hidden
        )
    for k, (name, (point, better)) in enumerate(props.items()):
        ax.scatter(
            point[i],
            point[j],
            marker="X",
            s=70,
            c="black",
            zorder=6,
            label="tabled proposal" if k == 0 else None,
        )
        left = point[i] > 0.7  # keep the label inside the axes
        ax.annotate(
            name,
            (point[i], point[j]),
            xytext=(-6 if left else 6, -12 if k % 2 else 6),
            textcoords="offset points",
            fontsize=7.5,
            zorder=7,
            ha="right" if left else "left",
        )
        if better is not None:
            ax.annotate(
                "",
                xy=(better[i], better[j]),
                xytext=(point[i], point[j]),
                zorder=4,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "0.15",
                    "lw": 1.0,
                    "ls": "--",
                    "mutation_scale": 14,
                    "shrinkA": 6,
                    "shrinkB": 2,
                },
            )
    ax.set_xlim(-0.02, 1.04)
    ax.set_ylim(-0.02, 1.04)
    ax.set_xlabel(f"utility of {names[i]}", color=colors[i])
    ax.set_ylabel(f"utility of {names[j]}", color=colors[j])
    ax.grid(alpha=0.25)
    ax.set_aspect("equal")


def _zopa_patch(front: Frontier, i: int, j: int) -> Any:
    """The ZOPA: for two parties the region between the walk-away corner and the frontier,
    otherwise the quadrant where both parties of the panel accept."""
    from matplotlib.patches import Polygon

    x0, y0 = front.reservations[i], front.reservations[j]
    inside = front.in_zopa()
    if len(front.parties) == 2 and len(inside):
        xs, ys = inside.utilities[i], inside.utilities[j]  # x descending, y ascending
        stairs = [(x0, ys[-1])]
        for k in range(len(xs) - 1, -1, -1):
            stairs += [(xs[k], ys[k]), (xs[k], ys[k - 1] if k else y0)]
        corners = [(x0, y0), *stairs]
    else:
        corners = [(x0, y0), (x0, 1.04), (1.04, 1.04), (1.04, y0)]
    return Polygon(
        corners,
        closed=True,
        color=_GREEN,
        alpha=0.12,
        lw=0,
        zorder=0,
        label="ZOPA (every signatory accepts)",
    )
