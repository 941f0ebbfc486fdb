"""Drawing a session (matplotlib): the offers in the utility plane of the first two negotiating
parties against the Pareto frontier and the Nash point, and each party's utility of the offers
made and received over the rounds (numbered from 1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from zopa.figures import new_axes, party_colors, plain
from zopa.game import Game
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.session import MEDIATOR, Session

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

OFFERS = ("offer", "propose")


def plot_session(s: Session, game: Game, *, ax: Sequence[Axes] | None = None) -> Figure:
    """The session's chart on two axes (``ax``: the utility plane and the rounds; a new figure
    if omitted); returns the figure. Each party keeps its colour (:func:`party_colors`) and is
    shown by name."""
    marks = landmarks(game)
    fig, (pane, bx) = new_axes(ax, 2, (11, 4.5))
    names = game.party_names if len(game.party_names) == len(s.parties) else s.parties
    parties = [plain(p) for p in names]
    colors = list(party_colors(s.parties).values())
    front = marks.frontier[np.argsort(marks.frontier[:, 0])]
    pane.plot(
        front[:, 0], front[:, 1], "k.-", lw=0.8, ms=3, label="Pareto frontier (red lines kept)"
    )
    if marks.nash is not None:
        pane.plot(*marks.nash[:2], "k*", ms=12, label="Nash point")
    for m in sorted({e.party for e in s.events if e.action in OFFERS}):
        made = [e for e in s.events if e.party == m and e.action in OFFERS]
        who = "mediator" if m == MEDIATOR else parties[m]
        pts = np.array([e.utilities[:2] for e in made])
        color = "0.35" if m == MEDIATOR else colors[m]
        pane.plot(
            pts[:, 0], pts[:, 1], ".-", color=color, lw=0.8, alpha=0.7, label=f"offers by {who}"
        )
    for i, p in enumerate(parties):
        own = [
            (e.round + 1, e.utilities[i]) for e in s.events if e.party == i and e.action == "offer"
        ]
        other = [
            (e.round + 1, e.utilities[i]) for e in s.events if e.party != i and e.action in OFFERS
        ]
        for rows, style, what in ((own, "-", "own offers"), (other, ":", "offers received")):
            if rows:
                r, u = zip(*rows, strict=True)
                bx.plot(r, u, style, color=colors[i], label=f"{p}: {what}")
    crossing = _crossing(s, game)
    if len(crossing):
        pane.plot(
            crossing[:, 0],
            crossing[:, 1],
            "x",
            color="#b2182b",
            ms=7,
            mew=1.4,
            zorder=5,
            label=f"crosses a red line ({len(crossing)} offers; may lie beyond the frontier)",
        )
    if s.agreement is not None:
        pane.plot(*s.utilities[:2], "ro", ms=9, mfc="none", label="agreement")
    pane.set_xlabel(f"utility of {parties[0]}")
    pane.set_ylabel(f"utility of {parties[1]}")
    pane.legend(fontsize=7)
    bx.set_xlabel("round")
    bx.set_ylabel("utility to the party")
    bx.legend(fontsize=7)
    fig.suptitle(plain(f"{s.protocol}: " + " vs ".join(s.strategies) + f" — {s.status}"))
    fig.tight_layout()
    return fig


def _crossing(s: Session, game: Game) -> np.ndarray:
    """The utilities (first two parties) of the offers that cross some party's red line: the
    frontier keeps every red line, so these offers can lie beyond it."""
    made = [e for e in s.events if e.action in OFFERS and e.outcome is not None]
    if not made:
        return np.zeros((0, 2))
    mask = np.asarray(game.feasible_of([int(e.outcome or 0) for e in made]).all(axis=0))
    ok = [bool(x) for x in mask.ravel()]
    return np.array([e.utilities[:2] for e, fine in zip(made, ok, strict=True) if not fine])
