"""Backtesting: score forecast models on resolved cases (actor judgements plus the outcome).

Cases file, one row per issue as in the DEU datasets (Thomson et al. 2006; Arregui & Perarnaud
2021), CSV or YAML.

CSV (``#`` lines are comments)::

    case,issue,outcome,scale_low,scale_high,status_quo,source,position:NL,salience:NL,capability:NL,...

``case``, ``issue`` and ``outcome`` are required; ``scale_low``/``scale_high`` default to 0/100;
``status_quo`` (the reference point, optional) is passed to models that use one (Nash with
``disagreement=status_quo``); ``source`` is free text. Each actor ``A`` has ``position:A``,
``salience:A`` (0–100 by default) and optionally ``capability:A`` (default 1); an empty position
means the actor takes no part in that issue.

YAML::

    salience_max: 100
    cases:
      - {case: ..., issue: ..., outcome: 8.833, scale: [4, 10], source: ...,
         actors: {Netherlands: {capability: 0.08, position: 4, salience: 80}, ...}}

Scores: the absolute error per case, the mean absolute error (MAE) per model, and against the
compromise baseline the MAE difference with a seeded paired-bootstrap 95% interval and the count
of cases where the model beats the baseline.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors
from zopa.forecast.registry import get_model, models

BASELINE = "compromise"


@dataclass(frozen=True, eq=False)
class Case:
    """One resolved issue: who wanted what, and what happened."""

    case: str
    issue: str
    outcome: float
    actors: Actors
    status_quo: float | None = None
    source: str = ""


def load_cases(path: str | Path, *, salience_max: float = 100.0) -> list[Case]:
    """Read a cases file (``.csv``, ``.yaml``/``.yml``); see the module docstring."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError.single(f"cannot read: {err.strerror}", file=str(p)) from None
    if p.suffix.lower() in (".yaml", ".yml"):
        return _yaml_cases(text, str(p), salience_max)
    return _csv_cases(text, str(p), salience_max)


def _make(
    file: str,
    line: int | None,
    row: Mapping[str, Any],
    actors: Mapping[str, Mapping[str, Any]],
    salience_max: float,
) -> Case:
    where = f"{row.get('case', '?')}/{row.get('issue', '?')}"
    try:
        names = [a for a, v in actors.items() if v.get("position") not in (None, "")]
        if not names:
            raise ValueError("no actor has a position")
        scale = row.get("scale") or (row.get("scale_low") or 0, row.get("scale_high") or 100)
        lo, hi = float(scale[0]), float(scale[1])
        pos = [float(actors[a]["position"]) for a in names]
        sal = [float(actors[a].get("salience") or 0) / salience_max for a in names]
        cap = [float(actors[a].get("capability") or 1) for a in names]
        outcome = float(row["outcome"])
        sq_raw = row.get("status_quo")
        sq = None if sq_raw in (None, "") else float(sq_raw)
    except (KeyError, ValueError, TypeError) as err:
        raise InputError([Problem(file, line, where, f"bad case: {err}")]) from None
    try:
        acts = Actors(
            tuple(names),
            (str(row["issue"]),),
            np.array(cap),
            np.array(pos)[:, None],
            np.array(sal)[:, None],
            np.array([lo]),
            np.array([hi]),
        )
    except InputError as err:
        raise InputError(
            Problem(file, line, f"{where}.{p.path}", p.message) for p in err.problems
        ) from None
    return Case(
        str(row["case"]), str(row["issue"]), outcome, acts, sq, str(row.get("source") or "")
    )


def _csv_cases(text: str, file: str, salience_max: float) -> list[Case]:
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    offset = {
        i: n
        for i, n in enumerate(
            [n for n, ln in enumerate(text.splitlines(), 1) if not ln.lstrip().startswith("#")]
        )
    }
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    fields = reader.fieldnames or []
    missing = [c for c in ("case", "issue", "outcome") if c not in fields]
    if missing:
        raise InputError.single(f"header lacks column(s) {missing}", file=file, line=offset.get(0))
    actor_names = [f.split(":", 1)[1] for f in fields if f.startswith("position:")]
    cases = []
    for i, row in enumerate(reader, start=1):
        acts = {
            a: {k: row.get(f"{k}:{a}") for k in ("position", "salience", "capability")}
            for a in actor_names
        }
        cases.append(_make(file, offset.get(i), row, acts, salience_max))
    if not cases:
        raise InputError.single("no cases", file=file)
    return cases


def _yaml_cases(text: str, file: str, salience_max: float) -> list[Case]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError.single(
            f"not valid YAML: {getattr(err, 'problem', err)}",
            file=file,
            line=None if mark is None else mark.line + 1,
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list) or not doc["cases"]:
        raise InputError.single("expected a mapping with a non-empty 'cases' list", file=file)
    smax = float(doc.get("salience_max", salience_max))
    out = []
    for i, row in enumerate(doc["cases"]):
        if not isinstance(row, dict) or not isinstance(row.get("actors"), dict):
            raise InputError.single(
                "each case needs an 'actors' mapping", file=file, path=f"cases[{i}]"
            )
        out.append(_make(file, None, row, row["actors"], smax))
    return out


def backtest(
    cases: Sequence[Case],
    model_names: Sequence[str] | None = None,
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    seed: int = 0,
    bootstrap: int = 2000,
) -> dict[str, Any]:
    """Score each model on every case; compare with the compromise baseline."""
    names = list(model_names) if model_names else list(models())
    if BASELINE not in names:
        names.append(BASELINE)
    preds = {m: np.array([_predict(m, c, options) for c in cases]) for m in names}
    truth = np.array([c.outcome for c in cases])
    width = np.array([float(c.actors.scale_high[0] - c.actors.scale_low[0]) for c in cases])
    errors = {m: np.abs(p - truth) for m, p in preds.items()}
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(3,)))
    idx = rng.integers(0, len(cases), size=(bootstrap, len(cases)))
    summary = {}
    for m in names:
        diff = errors[m] - errors[BASELINE]
        boot = diff[idx].mean(axis=1)
        summary[m] = {
            "mae": float(errors[m].mean()),
            "mae_percent_of_scale": float((100 * errors[m] / width).mean()),
            "vs_baseline": float(diff.mean()),
            "vs_baseline_ci95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
            "wins": int((diff < 0).sum()),
            "ties": int((diff == 0).sum()),
        }
    rows = [
        {
            "case": c.case,
            "issue": c.issue,
            "outcome": c.outcome,
            "forecast": {m: float(preds[m][i]) for m in names},
            "error": {m: float(errors[m][i]) for m in names},
        }
        for i, c in enumerate(cases)
    ]
    return {"baseline": BASELINE, "cases": len(cases), "models": summary, "per_case": rows}


def _predict(model: str, case: Case, options: Mapping[str, Mapping[str, Any]] | None) -> float:
    opts = dict((options or {}).get(model, {}))
    if model == "nash" and opts.get("disagreement") == "status_quo":
        if case.status_quo is None:
            raise InputError.single(
                f"case {case.case}/{case.issue} has no status_quo for Nash", path="status_quo"
            )
        opts.setdefault("status_quo", case.status_quo)
    return float(get_model(model)(case.actors, 0, **opts).outcome[0])


def bundled_cases() -> Path:
    """The example cases file shipped with zopa (BDM 1994 emission standards)."""
    return Path(__file__).with_name("examples") / "bdm1994-cases.yaml"


__all__ = ["BASELINE", "Case", "backtest", "bundled_cases", "load_cases"]
