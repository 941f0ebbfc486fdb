"""Server-rendered pages: the proposal desk.

The page is rendered with the diagnosis of the chosen proposal already in it; the script shipped
in ``static/desk.js`` asks ``/api/diagnose`` again whenever a term changes. Templates are
Jinja2 with autoescaping on, so every text from a scenario or a request is escaped.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from jinja2 import Environment, PackageLoader, select_autoescape

from zopa._json import to_jsonable
from zopa.diagnose import diagnosis_document, proposal_outcome
from zopa.model import bundled_scenarios
from zopa.model.schema import Scenario
from zopa.web.api import bundled
from zopa.web.pages_common import DEFAULT_SCENARIO
from zopa.web.responses import HTMLResponse
from zopa.web.workbench import desk_data

router = APIRouter()


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("zopa.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _controls(s: Scenario, terms: dict[str, str | float]) -> list[dict[str, Any]]:
    """One control per issue: a select for an issue with options, a slider for a range."""
    out = []
    for issue_id, issue in s.issues.items():
        control: dict[str, Any] = {
            "id": issue_id,
            "label": s.issue_label(issue_id),
            "unit": issue.unit or "",
            "value": terms.get(issue_id),
        }
        if issue.options is not None:
            control["options"] = list(issue.options)
        else:
            lo, hi = issue.bounds
            control |= {"min": lo, "max": hi, "step": (hi - lo) / 100 or 1}
        out.append(control)
    return out


def _start(s: Scenario, proposal: str | None) -> tuple[str | None, dict[str, str | float]]:
    """The proposal the desk opens with: the one asked for, else the scenario's first, else each
    issue's first value."""
    name = proposal if proposal is not None else next(iter(s.proposals), None)
    if name is not None:
        return proposal_outcome(s, name, {})
    return None, {i: issue.values[0] for i, issue in s.issues.items()}


def _names(current: str) -> list[str]:
    """The scenarios to choose from: the bundled ones, then the store's (none when the store
    cannot be opened: the desk still works on bundled scenarios), and the one on the desk."""
    from zopa.errors import ZopaError
    from zopa.web.sources import stored_names

    names = list(bundled_scenarios())
    with contextlib.suppress(ZopaError):
        names += stored_names()
    return names if current in names else [*names, current]


@router.get("/", response_class=HTMLResponse)
def desk(
    scenario: Annotated[str, Query(max_length=200)] = DEFAULT_SCENARIO,
    proposal: Annotated[str | None, Query(max_length=200)] = None,
    token: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    """The proposal desk: choose each term and see each party's verdict, margin and reasons."""
    s = bundled(scenario)
    name, terms = _start(s, proposal)
    doc = to_jsonable(diagnosis_document(s, terms, name))
    parties = [
        {**doc["parties"][pid], "verdict_text": text}
        for pid, text in zip(doc["parties"], doc["verdicts"], strict=True)
    ]
    carried = {"token": token} if token else {}
    html = (
        _env()
        .get_template("desk.html")
        .render(
            scenario_id=scenario,
            title=s.title or s.name,
            scenarios=_names(scenario),
            proposals=list(s.proposals),
            proposal=name if name in s.proposals else None,
            controls=_controls(s, terms),
            parties=parties,
            data=desk_data(s),
            # the page's own files carry the token the page was opened with (already checked)
            query=f"?{urlencode(carried)}" if carried else "",
            # the jobs page offers the scenario on the desk
            jobs_query=f"?{urlencode({'scenario': scenario, **carried})}",
        )
    )
    return HTMLResponse(html)
