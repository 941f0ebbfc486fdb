"""Drawing a local trade-off frontier (a matplotlib figure; see :mod:`zopa.figures`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zopa.counter.results import TradeOff
from zopa.figures import new_axes, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def plot_tradeoff(
    result: TradeOff,
    names: tuple[str, str] | None = None,
    *,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """The frontier as a staircase with its points, the proposal, and both walk-away lines,
    drawn on ``ax`` (a new figure if omitted); returns the figure."""
    a_name, b_name = (plain(n) for n in (names or (result.a, result.b)))
    fig, (pane,) = new_axes(ax, 1, (6.4, 5.2))
    xs = [p.u_a for p in result.points]
    ys = [p.u_b for p in result.points]
    pane.step(xs, ys, where="post", color="0.6", linewidth=1)
    both = [p.accepts_a and p.accepts_b for p in result.points]
    pane.scatter(
        [x for x, ok in zip(xs, both, strict=True) if ok],
        [y for y, ok in zip(ys, both, strict=True) if ok],
        color="tab:green",
        label="frontier: both accept",
        zorder=3,
    )
    pane.scatter(
        [x for x, ok in zip(xs, both, strict=True) if not ok],
        [y for y, ok in zip(ys, both, strict=True) if not ok],
        color="tab:blue",
        label="frontier: one walks away",
        zorder=3,
    )
    pane.scatter(
        *result.base, marker="*", s=180, color="tab:red", label=plain(result.proposal), zorder=4
    )
    ra, rb = result.reservations
    pane.axvline(ra, color="tab:red", linestyle=":", linewidth=1)
    pane.axhline(rb, color="tab:red", linestyle=":", linewidth=1)
    pane.text(ra, 1.01, f" {a_name} walks away", fontsize=8, va="bottom", ha="left")
    pane.text(1.0, rb, f"{b_name} walks away ", fontsize=8, va="bottom", ha="right")
    pane.set_xlim(-0.02, 1.02)
    pane.set_ylim(-0.02, 1.06)
    pane.set_xlabel(f"utility of {a_name}")
    pane.set_ylabel(f"utility of {b_name}")
    scope = f"changing at most {result.within} issue{'s' if result.within != 1 else ''}"
    pane.set_title(f"Trade-off around {plain(result.proposal)}\n({scope})", fontsize=10)
    pane.legend(loc="lower left", fontsize=8)
    pane.grid(alpha=0.3)
    fig.tight_layout()
    return fig
