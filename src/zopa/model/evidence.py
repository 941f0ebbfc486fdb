"""Sources and evidence: where every judgement in a scenario comes from."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, model_validator


class Source(BaseModel):
    """A document a scenario cites."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    url: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    note: str | None = None


class Evidence(BaseModel):
    """Why a judgement was made: a cited source (with a quote or note) or an analyst's judgement.
    ``date`` is when the evidence became known (default: its source's date)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str | None = None
    quote: str | None = None
    note: str | None = None
    judgement: str | None = None
    date: dt.date | None = None

    @model_validator(mode="after")
    def _has_basis(self) -> Evidence:
        if self.source is None and self.judgement is None:
            raise ValueError(
                "evidence needs a 'source' (an id from sources) or a 'judgement' "
                "(the analyst's reason)"
            )
        return self
