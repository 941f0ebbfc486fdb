"""What every picture of zopa shares: figures built with matplotlib's object API, text shown as
written, and image bytes for the caller to store.

The plot functions (:func:`zopa.frontier.plot.plot_frontier`,
:func:`zopa.counter.plot.plot_tradeoff`, :func:`zopa.negotiate.plot.plot_session`, ...) draw on
axes the caller gives, or on a new :class:`matplotlib.figure.Figure`, and return the figure.
They never touch pyplot, the backend or any other global state of matplotlib (a notebook's
inline plots keep working), and never write files themselves: :func:`figure_bytes` renders a
figure in memory, and the command line stores those bytes atomically.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zopa.errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PARTY_PALETTE", "figure_bytes", "image_formats", "new_axes", "party_colors", "plain"]

#: Formats matplotlib lists that need more than matplotlib itself (pgf needs LaTeX).
_NEEDS_MORE = frozenset({"pgf"})
_SURROGATE = re.compile("[\ud800-\udfff]")


#: One colour per party, in the scenario's party order, in every chart (matplotlib's
#: colour-blind-aware "tab10" cycle; it repeats after ten parties).
PARTY_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def party_colors(parties: Sequence[str]) -> dict[str, str]:
    """Each party's colour: the same party keeps the same colour in every chart of a scenario
    when ``parties`` is the scenario's party order."""
    return {p: PARTY_PALETTE[i % len(PARTY_PALETTE)] for i, p in enumerate(parties)}


def image_formats() -> tuple[str, ...]:
    """The file suffixes (without the dot) a figure can be written as, sorted."""
    from matplotlib.backend_bases import FigureCanvasBase

    return tuple(sorted(set(FigureCanvasBase.get_supported_filetypes()) - _NEEDS_MORE))


def plain(text: str) -> str:
    """``text`` as a label matplotlib shows as written: dollar signs do not start mathematical
    text, and lone surrogates (not encodable in SVG or PDF) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text).replace("$", r"\$")


def new_axes(
    ax: Axes | Sequence[Axes] | None, count: int, figsize: tuple[float, float], **layout: Any
) -> tuple[Figure, list[Axes]]:
    """The figure and ``count`` axes to draw on: the caller's (one Axes when ``count`` is 1,
    else a sequence of ``count``), or a new figure with ``count`` panels side by side."""
    if ax is None:
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize, **layout)
        return fig, list(fig.subplots(1, count, squeeze=False).ravel())
    axes = [ax] if not isinstance(ax, Sequence) else list(ax)
    if len(axes) != count:
        raise InputError.single(f"expected {count} axes to draw on, got {len(axes)}", path="ax")
    owner = axes[0].figure  # a Figure, or a SubFigure whose .figure is the Figure
    return owner.figure, axes


def figure_bytes(fig: Figure, fmt: str, *, dpi: float | None = None) -> bytes:
    """The figure rendered as an image of format ``fmt`` (a suffix from :func:`image_formats`),
    in memory."""
    if fmt.lower() not in image_formats():
        raise InputError.single(
            f"unknown image format {fmt!r}; expected one of {', '.join(image_formats())}",
            path="fmt",
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt.lower(), dpi=dpi if dpi is not None else "figure")
    return buffer.getvalue()
