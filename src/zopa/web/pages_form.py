"""The scenario form: parties, issues, interests and red lines as fields, for those who would
rather not write YAML.

The form shows the newest version's values; on saving, each field that changed is written into
the scenario's data (a field left as shown keeps the value as written, evidence and all), an
issue, a party or an interest can be added, and the result is saved as the next version through
the same check as the editor (a bundled scenario as a copy under a new name). A judged number is
written as one number, as ``LOW MODE HIGH`` (a triangular judgement) or as ``LOW HIGH``.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from zopa.errors import ZopaError
from zopa.model import bundled_scenarios
from zopa.web import api_scenarios as api
from zopa.web import sources
from zopa.web.pages_common import form, query, refused, render
from zopa.web.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

#: Value functions the form edits; an interest written otherwise is kept as it is.
PREFERS = ("high", "low")


def judged(value: Any) -> str:
    """A judged number as the form shows it."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, dict):
        keys = [k for k in ("low", "mode", "high") if k in value]
        if "value" in value:
            return judged(value["value"])
        return " ".join(judged(value[k]) for k in keys)
    return str(value)


def unjudged(text: str) -> Any:
    """The form's text of a judged number as scenario data (the validator locates the rest)."""
    parts = text.replace(",", " ").split()
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return text
    tidy = [int(x) if x.is_integer() and abs(x) < 2**53 else x for x in numbers]
    if len(tidy) == 1:
        return tidy[0]
    if len(tidy) == 2:
        return {"low": tidy[0], "high": tidy[1]}
    if len(tidy) == 3:
        return {"low": tidy[0], "mode": tidy[1], "high": tidy[2]}
    return text


def _source(name: str) -> tuple[str, int | None, bool]:
    bundled = bundled_scenarios()
    if name in bundled:
        return bundled[name].read_text(encoding="utf-8"), None, True
    v = sources.version(name)
    return v.text, v.version, False


def _data(text: str, name: str) -> dict[str, Any]:
    from zopa.model.yamlsafe import parse

    data = parse(text, name).data
    if not isinstance(data, dict):
        raise HTTPException(422, "the scenario's text is not a mapping: edit it as YAML")
    return data


def fields(data: dict[str, Any]) -> dict[str, str]:
    """Every field of the form with the value it shows."""
    out: dict[str, str] = {}
    for iid, issue in (data.get("issues") or {}).items():
        out[f"issue.{iid}.label"] = str(issue.get("label") or "")
        if "options" in issue:
            out[f"issue.{iid}.options"] = ", ".join(str(o) for o in issue.get("options") or [])
        elif "range" in issue:
            lo, hi = [*issue["range"], None, None][:2]
            out[f"issue.{iid}.low"], out[f"issue.{iid}.high"] = judged(lo), judged(hi)
    for pid, party in (data.get("parties") or {}).items():
        out[f"party.{pid}.name"] = str(party.get("name") or "")
        out[f"party.{pid}.signatory"] = "on" if party.get("signatory", True) else ""
        out[f"party.{pid}.reservation"] = judged(party.get("reservation", 0))
        for iid, interest in (party.get("interests") or {}).items():
            out[f"party.{pid}.interest.{iid}.weight"] = judged(interest.get("weight"))
            out[f"party.{pid}.interest.{iid}.prefers"] = str(interest.get("prefers") or "")
        rules = [r if isinstance(r, str) else r.get("rule", "") for r in party.get("red_lines", [])]
        out[f"party.{pid}.red_lines"] = "\n".join(str(r) for r in rules)
    return out


def apply(data: dict[str, Any], given: dict[str, str]) -> dict[str, Any]:
    """``data`` with every changed field written in, and the additions the form asks for."""
    out = copy.deepcopy(data)
    shown = fields(data)

    def changed(key: str) -> str | None:
        if key not in given:
            return None
        new = given[key].replace("\r\n", "\n").strip()
        return None if new == shown.get(key, "").strip() else new

    for iid, issue in (out.get("issues") or {}).items():
        if (v := changed(f"issue.{iid}.label")) is not None:
            issue["label"] = v
        if (v := changed(f"issue.{iid}.options")) is not None:
            issue["options"] = [o.strip() for o in v.split(",") if o.strip()]
        lo, hi = changed(f"issue.{iid}.low"), changed(f"issue.{iid}.high")
        if "range" in issue and (lo is not None or hi is not None):
            old = list(issue["range"])
            issue["range"] = [
                unjudged(lo) if lo is not None else old[0],
                unjudged(hi) if hi is not None else old[1],
            ]
    for pid, party in (out.get("parties") or {}).items():
        if (v := changed(f"party.{pid}.name")) is not None:
            party["name"] = v
        signs = given.get(f"party.{pid}.signatory", "") == "on"
        if signs != (shown.get(f"party.{pid}.signatory") == "on"):
            party["signatory"] = signs
        if (v := changed(f"party.{pid}.reservation")) is not None:
            party["reservation"] = unjudged(v)
        for iid, interest in (party.get("interests") or {}).items():
            if (v := changed(f"party.{pid}.interest.{iid}.weight")) is not None:
                interest["weight"] = unjudged(v)
            if (v := changed(f"party.{pid}.interest.{iid}.prefers")) in PREFERS:
                for other in ("values", "ideal", "tolerance", "points"):
                    interest.pop(other, None)
                interest["prefers"] = v
        if (v := changed(f"party.{pid}.red_lines")) is not None:
            party["red_lines"] = _red_lines(party.get("red_lines", []), v)
        _new_interest(party, pid, given)
    _new_issue(out, given)
    _new_party(out, given)
    return out


def _red_lines(before: list[Any], text: str) -> list[Any]:
    """One rule a line; a rule kept from before keeps its label and evidence."""
    kept = {(r if isinstance(r, str) else r.get("rule")): r for r in before}
    return [kept.get(line.strip(), line.strip()) for line in text.split("\n") if line.strip()]


def _new_interest(party: dict[str, Any], pid: str, given: dict[str, str]) -> None:
    issue = given.get(f"party.{pid}.new.issue", "").strip()
    if issue:
        party.setdefault("interests", {})[issue] = {
            "weight": unjudged(given.get(f"party.{pid}.new.weight", "").strip() or "1"),
            "prefers": given.get(f"party.{pid}.new.prefers", "high") or "high",
        }


def _new_issue(data: dict[str, Any], given: dict[str, str]) -> None:
    iid = given.get("new_issue.id", "").strip()
    if not iid:
        return
    issue: dict[str, Any] = {"label": given.get("new_issue.label", "").strip() or iid}
    options = [o.strip() for o in given.get("new_issue.options", "").split(",") if o.strip()]
    if options:
        issue["options"] = options
    else:
        issue["range"] = [
            unjudged(given.get("new_issue.low", "0").strip() or "0"),
            unjudged(given.get("new_issue.high", "100").strip() or "100"),
        ]
    data.setdefault("issues", {})[iid] = issue


def _new_party(data: dict[str, Any], given: dict[str, str]) -> None:
    pid = given.get("new_party.id", "").strip()
    if pid:
        data.setdefault("parties", {})[pid] = {
            "name": given.get("new_party.name", "").strip() or pid,
            "reservation": unjudged(given.get("new_party.reservation", "0").strip() or "0"),
            "interests": {},
        }


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    sources.find(name)  # a text that does not validate is edited as YAML (its problems, 422)
    text, base, bundled = _source(name)
    data = _data(text, name)
    values = {**fields(data), **context.pop("values", {})}
    return render(
        request, "scenario_form.html", status, name=name, base=base, bundled=bundled,
        data=data, values=values, prefers=PREFERS, **context,
    )  # fmt: skip


@router.get("/scenarios/{name:path}/form", response_class=HTMLResponse)
def form_page(request: Request, name: str) -> HTMLResponse:
    """Parties, issues, interests and red lines as a form."""
    return _page(request, name)


@router.post("/scenarios/{name:path}/form", response_class=HTMLResponse)
async def form_save(request: Request, name: str) -> Response:
    """Write the form's changes into the scenario and save them as its next version."""
    import yaml

    given = {k: v for k, v in (await form(request, max_fields=2000)).items() if isinstance(v, str)}
    text, base, bundled = _source(name)
    new = yaml.safe_dump(apply(_data(text, name), given), sort_keys=False, allow_unicode=True)
    target = given.get("copy_name", "").strip() if bundled else name
    try:
        if bundled:
            api.create(api.NewScenario(name=target, text=new))
        else:
            api.save(name, api.ScenarioSave(text=new, base=base))
    except (ZopaError, HTTPException, ValidationError) as err:
        status, problems = refused(err)
        return _page(request, name, status, problems=problems, values=given)
    return RedirectResponse(f"/scenarios/{quote(target)}/edit{query(request)}", status_code=303)
