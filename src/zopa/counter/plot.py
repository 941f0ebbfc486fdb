"""Drawing a local trade-off frontier (matplotlib, written to a PNG/SVG/PDF file)."""

from __future__ import annotations

from pathlib import Path

from zopa.counter.results import TradeOff
from zopa.errors import InputError


def check_path(path: str | Path) -> Path:
    """The chart path, if it can be written: an existing folder and a format matplotlib
    writes (told by the suffix); otherwise an :class:`InputError`."""
    from matplotlib.backend_bases import FigureCanvasBase

    out = Path(path)
    formats = FigureCanvasBase.get_supported_filetypes()
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in formats:
        known = ", ".join("." + f for f in sorted(formats))
        raise InputError.single(
            f"cannot write a chart to {str(out)!r}: the name must end in one of {known}",
            path="plot",
        )
    if not out.parent.is_dir():
        raise InputError.single(
            f"cannot write a chart to {str(out)!r}: folder {str(out.parent)!r} does not exist",
            path="plot",
        )
    return out


def plot_tradeoff(result: TradeOff, path: str | Path, names: tuple[str, str] | None = None) -> None:
    """The frontier as a staircase with its points, the proposal, and both walk-away lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a_name, b_name = names or (result.a, result.b)
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    xs = [p.u_a for p in result.points]
    ys = [p.u_b for p in result.points]
    ax.step(xs, ys, where="post", color="0.6", linewidth=1)
    both = [p.accepts_a and p.accepts_b for p in result.points]
    ax.scatter(
        [x for x, ok in zip(xs, both, strict=True) if ok],
        [y for y, ok in zip(ys, both, strict=True) if ok],
        color="tab:green",
        label="frontier: both accept",
        zorder=3,
    )
    ax.scatter(
        [x for x, ok in zip(xs, both, strict=True) if not ok],
        [y for y, ok in zip(ys, both, strict=True) if not ok],
        color="tab:blue",
        label="frontier: one walks away",
        zorder=3,
    )
    ax.scatter(*result.base, marker="*", s=180, color="tab:red", label=result.proposal, zorder=4)
    ra, rb = result.reservations
    ax.axvline(ra, color="tab:red", linestyle=":", linewidth=1)
    ax.axhline(rb, color="tab:red", linestyle=":", linewidth=1)
    ax.text(ra, 1.01, f" {a_name} walks away", fontsize=8, va="bottom", ha="left")
    ax.text(1.0, rb, f"{b_name} walks away ", fontsize=8, va="bottom", ha="right")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.06)
    ax.set_xlabel(f"utility of {a_name}")
    ax.set_ylabel(f"utility of {b_name}")
    scope = f"changing at most {result.within} issue{'s' if result.within != 1 else ''}"
    ax.set_title(f"Trade-off around {result.proposal}\n({scope})", fontsize=10)
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    try:
        fig.savefig(check_path(path))
    except OSError as err:
        raise InputError.single(
            f"cannot write a chart to {str(path)!r}: {err.strerror or err}", path="plot"
        ) from None
    finally:
        plt.close(fig)
