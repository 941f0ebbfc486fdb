"""The negotiation dance: every offer of a session, each step classified and drawn.

A *step* is a party's offer compared with its own previous offer. Hindriks, Jonker & Tykhonov
("Analysis of Negotiation Dynamics", CIA 2007; "Let's dans! An analytic framework of negotiation
dynamics and strategies", WI-IAT 2011) classify it by the change it makes to the offering
party's own utility (``d_self``) and to the other side's (``d_other``):

=============  ==================  =================
move           own utility         other side's
=============  ==================  =================
silent         unchanged           unchanged
nice           unchanged           rises
fortunate      rises               rises
selfish        rises               falls or same
concession     falls               rises or same
unfortunate    falls or same       falls
=============  ==================  =================

"Unchanged" means within :data:`zopa.game.TOL`. With more than two parties the other side's
utility is the mean of the other parties' utilities (our extension; the classification was
defined for two). A party's first offer has no move. Each offer is also marked as answered:
*accepted* when every other party accepted it (the agreement), *rejected* when a party
rejected it or answered it with an offer of its own, and *unanswered* when the session ended
before anyone answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from zopa.figures import new_axes, party_colors, plain
from zopa.game import TOL
from zopa.negotiate.session import MEDIATOR, Session

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MOVES", "Step", "classify_move", "dance", "plot_dance"]

Move = Literal["concession", "unfortunate", "selfish", "fortunate", "nice", "silent"]
Answer = Literal["accepted", "rejected", "unanswered"]

#: The move classes, and the marker each is drawn with (distinct shapes).
MOVES: dict[str, str] = {
    "concession": "v",
    "unfortunate": "X",
    "selfish": "^",
    "fortunate": "D",
    "nice": "P",
    "silent": "s",
}
_OPENING = "o"


def classify_move(d_self: float, d_other: float, tol: float = TOL) -> Move:
    """The class of a step that changes the offering party's utility by ``d_self`` and the
    other side's by ``d_other`` (see the module's table)."""
    own = 0 if abs(d_self) <= tol else (1 if d_self > 0 else -1)
    other = 0 if abs(d_other) <= tol else (1 if d_other > 0 else -1)
    if own == 0:
        return "silent" if other == 0 else ("nice" if other > 0 else "unfortunate")
    if own > 0:
        return "fortunate" if other > 0 else "selfish"
    return "unfortunate" if other < 0 else "concession"


@dataclass(frozen=True)
class Step:
    """One offer of the session: who made it, when, its utilities, its move and its answer."""

    round: int  #: from 0
    party: int
    outcome: int
    utilities: tuple[float, ...]
    move: Move | None  #: None: the party's first offer
    answer: Answer

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {"utilities": list(self.utilities)}


def dance(session: Session) -> tuple[Step, ...]:
    """Every offer the parties made (not the mediator's), in order, classified."""
    events = session.events
    steps: list[Step] = []
    last: dict[int, tuple[float, ...]] = {}
    n = len(session.parties)
    for k, e in enumerate(events):
        if e.action != "offer" or e.party == MEDIATOR or e.outcome is None:
            continue
        before = last.get(e.party)
        move: Move | None = None
        if before is not None:
            others = [p for p in range(n) if p != e.party]
            d_self = e.utilities[e.party] - before[e.party]
            d_other = sum(e.utilities[p] - before[p] for p in others) / max(1, len(others))
            move = classify_move(d_self, d_other)
        last[e.party] = e.utilities
        steps.append(Step(e.round, e.party, e.outcome, e.utilities, move, _answer(session, k)))
    return tuple(steps)


def _answer(session: Session, k: int) -> Answer:
    """How the offer at event ``k`` was answered: by the events that follow it up to the next
    offer."""
    offer = session.events[k]
    for e in session.events[k + 1 :]:
        if e.action == "reject" or e.action == "offer":
            return "rejected"
        if e.action == "end":
            return "rejected"
    if session.agreed and session.agreement == offer.outcome:
        return "accepted"
    return "unanswered"


def plot_dance(
    session: Session,
    *,
    pair: tuple[int, int] = (0, 1),
    names: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The dance in the utility plane of two parties (``pair``, default the first two): each
    party's offers joined in its colour, each step's marker the shape of its move, rejected
    and unanswered offers hollow, the accepted one ringed; on ``ax`` (a new figure if
    omitted); returns the figure. ``names``: the parties' names (default their ids), in the
    session's party order."""
    from matplotlib.lines import Line2D

    i, j = pair
    names = [plain(p) for p in (names or session.parties)]
    colors = party_colors(session.parties)
    fig, (a,) = new_axes(ax, 1, (7.0, 6.4), layout="constrained")
    steps = dance(session)
    for p, party in enumerate(session.parties):
        mine = [s for s in steps if s.party == p]
        if not mine:
            continue
        color = colors[party]
        a.plot(
            [s.utilities[i] for s in mine],
            [s.utilities[j] for s in mine],
            "-",
            color=color,
            lw=0.8,
            alpha=0.6,
            gid=f"path-{p}",
        )
        for s in mine:
            hollow = s.answer != "accepted"
            a.scatter(
                s.utilities[i],
                s.utilities[j],
                marker=MOVES[s.move] if s.move else _OPENING,
                s=42,
                facecolors="white" if hollow else color,
                edgecolors=color,
                linewidths=1.2,
                zorder=3,
                gid=f"step-{p}-{s.move or 'opening'}-{s.answer}",
            )
    agreed = [s for s in steps if s.answer == "accepted"]
    for s in agreed:
        a.scatter(
            s.utilities[i],
            s.utilities[j],
            marker="o",
            s=260,
            facecolors="none",
            edgecolors="black",
            linewidths=1.6,
            zorder=4,
            gid="accepted",
        )
    party_handles = [
        Line2D([], [], color=colors[p], lw=2, label=names[k])
        for k, p in enumerate(session.parties)
        if any(s.party == k for s in steps)
    ]
    used = [m for m in MOVES if any(s.move == m for s in steps)]
    move_handles = [
        Line2D([], [], ls="", marker=MOVES[m], color="0.3", mfc="0.3", label=m) for m in used
    ]
    move_handles.insert(
        0, Line2D([], [], ls="", marker=_OPENING, color="0.3", mfc="0.3", label="first offer")
    )
    answer_handles = [
        Line2D([], [], ls="", marker="o", color="0.3", mfc="white", label="rejected / unanswered"),
        Line2D([], [], ls="", marker="o", ms=13, color="black", mfc="none", label="accepted"),
    ]
    a.legend(
        handles=[*party_handles, *move_handles, *answer_handles],
        fontsize=7.5,
        loc="lower left",
        ncols=2,
        framealpha=0.9,
    )
    a.set_xlim(-0.02, 1.04)
    a.set_ylim(-0.02, 1.04)
    a.set_xlabel(f"utility of {names[i]}")
    a.set_ylabel(f"utility of {names[j]}")
    a.grid(alpha=0.25)
    a.set_title(
        plain(f"Negotiation dance: {' vs '.join(session.strategies)} ({session.status})"),
        fontsize=10,
    )
    return fig
