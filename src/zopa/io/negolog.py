"""Importing NegoLog JSON domains into zopa scenarios.

NegoLog (Doğru, Keskin, Jonker, Baarslag, Aydoğan, "NegoLog: An Integrated Python-based Automated
Negotiation Framework with Enhanced Assessment Components", IJCAI-24 Demo Track, 2024) stores a
domain as one JSON file per party::

    {"reservationValue": r, "issueWeights": {issue: w}, "issues": {issue: {value: u}}}

There is no separate domain file: the issues and their values are the keys of ``issues``, and
every profile lists the same ones. The utility is ``Σ w·u`` with value utilities already on
[0, 1] and weights used as written, so the scenario keeps ``normalize_weights: false``. Issue and
value order follow the first profile. Other JSON files in the folder (``specs.json``) are
ignored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from zopa.errors import InputError, Problem
from zopa.io._errors import invalid
from zopa.io._names import identifier, unique_identifiers
from zopa.model import Evidence, Interest, Issue, Party, Scenario, Source
from zopa.model.uncertain import MAX_MAGNITUDE
from zopa.model.yamlsafe import Document, parse, read_text

_PROFILE_KEYS = {"issues", "issueWeights"}


def import_negolog(
    domain_dir: str | Path,
    profiles: Sequence[str | Path] | None = None,
    *,
    name: str | None = None,
) -> Scenario:
    """A NegoLog domain folder (``profileA.json``, ``profileB.json``, ...) as a scenario."""
    folder = Path(domain_dir)
    docs = _documents(folder, profiles)
    first = docs[0]
    issue_names = list(first.data["issues"])
    if not issue_names:
        raise InputError([first.problem(("issues",), "expected at least one issue")])
    options = {i: tuple(str(v) for v in first.data["issues"][i]) for i in issue_names}
    problems = [p for d in docs for p in _check(d, options)]
    if problems:
        raise InputError(problems)
    issue_ids = unique_identifiers(issue_names, "issue")
    party_ids = unique_identifiers((Path(d.file).stem for d in docs), "party")
    issues = {}
    for ident, nm in zip(issue_ids, issue_names, strict=True):
        try:
            issues[ident] = Issue(label=nm if nm != ident else None, options=options[nm])
        except ValidationError as err:
            raise invalid(first.file, err, f"issue {nm!r}: ") from None
    parties = {}
    sources = {}
    for pid, doc in zip(party_ids, docs, strict=True):
        sources[pid] = Source(title=f"NegoLog profile {Path(doc.file).name}")
        try:
            parties[pid] = _party(doc, pid, issue_names, issue_ids)
        except ValidationError as err:
            raise invalid(doc.file, err) from None
    try:
        return Scenario(
            name=name or identifier(folder.name or "negolog"),
            sources=sources,
            issues=issues,
            parties=parties,
        )
    except ValidationError as err:
        raise invalid(first.file, err) from None


def _documents(folder: Path, profiles: Sequence[str | Path] | None) -> list[Document]:
    if profiles is not None:
        files = [Path(p) if Path(p).is_file() else folder / p for p in profiles]
        for given, f in zip(profiles, files, strict=True):
            if not f.is_file():
                raise InputError.single("no such profile file", file=str(given))
        docs = [_load(f) for f in files]
    else:
        if not folder.is_dir():
            raise InputError.single("no such domain folder", file=str(folder))
        docs = [_load(f) for f in sorted(folder.glob("*.json"))]
        docs = [d for d in docs if _meant_as_profile(d.data)]
    if not docs:
        raise InputError.single(
            "no NegoLog profile (a JSON file with 'issues' and 'issueWeights') found",
            file=str(folder),
        )
    for d in docs:
        if not isinstance(d.data, dict) or not set(d.data) >= _PROFILE_KEYS:
            missing = sorted(_PROFILE_KEYS - set(d.data if isinstance(d.data, dict) else ()))
            raise InputError(
                [d.problem((), f"expected 'issues' and 'issueWeights' keys; missing {missing}")]
            )
        if not isinstance(d.data["issues"], dict) or not all(
            isinstance(v, dict) for v in d.data["issues"].values()
        ):
            raise InputError([d.problem(("issues",), "expected {issue: {value: utility}}")])
    return docs


def _meant_as_profile(data: Any) -> bool:
    """Whether a JSON file of the folder is meant as a profile (and so is checked as one): it
    has a key only profiles have, or ``issues`` without being a zopa scenario. Other files
    (such as ``specs.json`` or a scenario written next to the profiles) are not profiles."""
    if not isinstance(data, dict):
        return False
    if {"issueWeights", "reservationValue"} & set(data):
        return True
    return "issues" in data and "parties" not in data


def _load(path: Path) -> Document:
    """A JSON file read by the guarded reader and the JSON parser, with the line of every key
    (see :func:`zopa.model.yamlsafe.parse`)."""
    return parse(read_text(path, what="a NegoLog profile (JSON)"), str(path), json_syntax=True)


def _check(doc: Document, options: dict[str, tuple[str, ...]]) -> list[Problem]:
    data: dict[str, Any] = doc.data
    out: list[Problem] = []
    if set(data["issues"]) != set(options):
        out.append(doc.problem(("issues",), f"expected the issues {sorted(options)}"))
        return out
    weights = data["issueWeights"]
    for issue, values in data["issues"].items():
        w = weights.get(issue) if isinstance(weights, dict) else None
        if not _number(w) or w < 0:
            out.append(doc.problem(("issueWeights", issue), "expected a weight >= 0"))
        if set(map(str, values)) != set(options[issue]):
            msg = f"expected the values {sorted(options[issue])}"
            out.append(doc.problem(("issues", issue), msg))
        for value, u in values.items():
            if not _number(u) or not 0 <= u <= 1:
                out.append(doc.problem(("issues", issue, value), "expected a utility in [0, 1]"))
    rv = data.get("reservationValue", 0.0)
    if rv is not None and (not _number(rv) or not 0 <= rv <= 1):
        out.append(doc.problem(("reservationValue",), "expected a number in [0, 1]"))
    return out


def _party(doc: Document, pid: str, issue_names: list[str], issue_ids: list[str]) -> Party:
    data = doc.data
    interests = {
        ident: Interest(
            weight=float(data["issueWeights"][nm]),
            values={str(v): float(u) for v, u in data["issues"][nm].items()},
        )
        for ident, nm in zip(issue_ids, issue_names, strict=True)
        if data["issueWeights"][nm] > 0
    }
    return Party(
        name=Path(doc.file).stem,
        reservation=float(data.get("reservationValue") or 0.0),
        interests=interests,
        normalize_weights=False,
        evidence=(Evidence(source=pid, note="imported from a NegoLog profile"),),
    )


def _number(x: Any) -> TypeGuard[int | float]:
    """A finite number within the magnitudes a scenario may use."""
    return (
        isinstance(x, int | float)
        and not isinstance(x, bool)
        and math.isfinite(x)
        and abs(x) <= MAX_MAGNITUDE
    )
