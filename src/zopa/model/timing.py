"""Time: a deadline, and what delay costs each party.

``deadline`` (scenario level) dates the point by which a deal is wanted, with the number of
``rounds`` a simulated negotiation gets to reach it. Each party may state its cost of delay in
two ways, both over normalised time ``t`` (0 now, 1 at the deadline):

- ``discount``: the GENIUS discount factor *d* in (0, 1]: a deal (and walking away) reached at
  time *t* is worth ``u · d^t`` (Lin et al. 2014; Rubinstein 1982 for the bargaining model with
  discounting);
- ``reservation_at_deadline``: its walk-away value at the deadline; the walk-away value moves
  linearly from ``reservation`` (now) to it, so a party whose alternative worsens as the
  deadline approaches accepts more.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from zopa.model.evidence import Evidence


class Deadline(BaseModel):
    """When a deal is wanted by, and how many rounds a simulated negotiation gets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date | None = None
    rounds: int | None = Field(default=None, ge=1, le=1_000_000)
    label: str | None = None
    evidence: tuple[Evidence, ...] = ()
