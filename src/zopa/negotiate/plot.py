"""Drawing a session (matplotlib): the offers in the utility plane of the first two negotiating
parties against the Pareto frontier and the Nash point, and each party's utility of the offers
made and received over the rounds (numbered from 1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from zopa.errors import InputError
from zopa.game import Game
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.session import MEDIATOR, Session

OFFERS = ("offer", "propose")


def plot_session(s: Session, game: Game, path: str | Path) -> None:
    """Write the session's chart to ``path`` (format from the suffix); an InputError names the
    file if it cannot be written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    marks = landmarks(game)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.5))
    front = marks.frontier[np.argsort(marks.frontier[:, 0])]
    ax.plot(front[:, 0], front[:, 1], "k.-", lw=0.8, ms=3, label="Pareto frontier")
    if marks.nash is not None:
        ax.plot(*marks.nash[:2], "k*", ms=12, label="Nash point")
    for m in sorted({e.party for e in s.events if e.action in OFFERS}):
        made = [e for e in s.events if e.party == m and e.action in OFFERS]
        who = "mediator" if m == MEDIATOR else s.parties[m]
        pts = np.array([e.utilities[:2] for e in made])
        ax.plot(pts[:, 0], pts[:, 1], ".-", lw=0.8, alpha=0.7, label=f"offers by {who}")
    for i, p in enumerate(s.parties):
        own = [
            (e.round + 1, e.utilities[i]) for e in s.events if e.party == i and e.action == "offer"
        ]
        other = [
            (e.round + 1, e.utilities[i]) for e in s.events if e.party != i and e.action in OFFERS
        ]
        for rows, style, what in ((own, "-", "own offers"), (other, ":", "offers received")):
            if rows:
                r, u = zip(*rows, strict=True)
                bx.plot(r, u, style, color=f"C{i}", label=f"{p}: {what}")
    if s.agreement is not None:
        ax.plot(*s.utilities[:2], "ro", ms=9, mfc="none", label="agreement")
    ax.set_xlabel(f"utility of {s.parties[0]}")
    ax.set_ylabel(f"utility of {s.parties[1]}")
    ax.legend(fontsize=7)
    bx.set_xlabel("round")
    bx.set_ylabel("utility to the party")
    bx.legend(fontsize=7)
    fig.suptitle(f"{s.protocol}: " + " vs ".join(s.strategies) + f" — {s.status}")
    fig.tight_layout()
    try:
        fig.savefig(path)
    except (OSError, ValueError) as err:
        raise InputError.single(f"cannot write the plot: {err}", file=str(path)) from None
    finally:
        plt.close(fig)
