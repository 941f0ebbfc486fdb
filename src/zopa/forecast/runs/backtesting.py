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
compromise baseline the MAE difference with a seeded paired-bootstrap 95% interval (only from
10 cases on: resampling fewer gives intervals that look certain without being so) and the count
of cases where the model beats the baseline.

Every number must be finite, the outcome must lie on the case's scale, and a capability of 0 is
kept as 0 (an empty cell or a missing key means the default 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from zopa import params
from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors
from zopa.forecast.inputs.tables import check_salience_max
from zopa.forecast.registry import get_model, registered_models
from zopa.forecast.runs.backtest_values import BacktestReport, CaseScore, ModelScore
from zopa.model.yamlsafe import read_text
from zopa.seeds import FORECAST_BACKTEST, child

#: Fewest cases for which a bootstrap interval of the MAE difference is shown.
MIN_BOOTSTRAP_CASES = 10

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
    file: str | None = None
    line: int | None = None


def load_cases(path: str | Path, *, salience_max: float = params.SALIENCE_MAX) -> list[Case]:
    """Read a cases file (``.csv``, ``.yaml``/``.yml``); see the module docstring."""
    check_salience_max(salience_max)
    p = Path(path)
    text = read_text(p, what="a cases file (CSV or YAML)")
    if p.suffix.lower() in (".yaml", ".yml"):
        return _yaml_cases(text, str(p), salience_max)
    return _csv_cases(text, str(p), salience_max)


def _number(value: Any, what: str, default: float | None = None) -> float:
    """A finite number from a cell or YAML value (empty → ``default``); ValueError otherwise."""
    if value is None or value == "":
        if default is None:
            raise ValueError(f"{what} is missing")
        return default
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not np.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return number


def _scale(row: Mapping[str, Any]) -> tuple[float, float]:
    scale = row.get("scale")
    if scale is None:
        return _number(row.get("scale_low"), "scale_low", 0.0), _number(
            row.get("scale_high"), "scale_high", 100.0
        )
    if not isinstance(scale, list | tuple) or len(scale) != 2:
        raise ValueError(f"scale must be [low, high], got {scale!r}")
    return _number(scale[0], "scale low"), _number(scale[1], "scale high")


def _make(
    file: str,
    line: int | None,
    row: Mapping[str, Any],
    actors: Mapping[str, Any],
    salience_max: float,
) -> Case:
    where = f"{row.get('case', '?')}/{row.get('issue', '?')}"
    try:
        bad = [str(a) for a, v in actors.items() if not isinstance(v, Mapping)]
        if bad:
            raise ValueError(
                f"actor(s) {', '.join(bad)}: expected a mapping with position, salience, capability"
            )
        names = [a for a, v in actors.items() if v.get("position") not in (None, "")]
        if not names:
            raise ValueError("no actor has a position")
        for key in ("case", "issue"):
            if row.get(key) in (None, ""):
                raise ValueError(f"{key} is missing")
        lo, hi = _scale(row)
        if not lo < hi:
            raise ValueError(f"the scale must have low < high, got [{lo:g}, {hi:g}]")
        pos = [_number(actors[a]["position"], f"position of {a}") for a in names]
        sal = [
            _number(actors[a].get("salience"), f"salience of {a}", 0.0) / salience_max
            for a in names
        ]
        cap = [_number(actors[a].get("capability"), f"capability of {a}", 1.0) for a in names]
        outcome = _number(row.get("outcome"), "outcome")
        if not lo <= outcome <= hi:
            raise ValueError(f"the outcome {outcome:g} lies outside the scale [{lo:g}, {hi:g}]")
        sq_raw = row.get("status_quo")
        sq = None if sq_raw in (None, "") else _number(sq_raw, "status_quo")
    except (KeyError, ValueError, TypeError) as err:
        raise InputError([Problem(file, line, where, f"bad case: {err}")]) from None
    try:
        acts = Actors.create(
            tuple(str(n) for n in names),
            (str(row["issue"]),),
            np.array(cap),
            np.array(pos)[:, None],
            np.array(sal)[:, None],
            np.array([lo]),
            np.array([hi]),
        )
    except InputError as err:
        raise InputError(
            Problem(file, line, f"{where}.{p.path}", _user_units(p.message, salience_max))
            for p in err.problems
        ) from None
    source = str(row.get("source") or "")
    return Case(str(row["case"]), str(row["issue"]), outcome, acts, sq, source, file, line)


def _user_units(message: str, salience_max: float) -> str:
    """Salience bounds in the file's units (0–salience_max) rather than 0–1."""
    return message.replace("must lie in [0, 1]", f"must lie in [0, {salience_max:g}]")


def _csv_cases(text: str, file: str, salience_max: float) -> list[Case]:
    records = []
    reader = csv.reader(io.StringIO(text))
    start = 1
    for record in reader:
        if record and not record[0].lstrip().startswith("#") and any(c.strip() for c in record):
            records.append((start, record))
        start = reader.line_num + 1
    if not records:
        raise InputError.single("no header line", file=file)
    header_line, header = records[0]
    fields = [h.strip() for h in header]
    missing = [c for c in ("case", "issue", "outcome") if c not in fields]
    if missing:
        raise InputError.single(f"header lacks column(s) {missing}", file=file, line=header_line)
    actor_names = [f.split(":", 1)[1] for f in fields if f.startswith("position:")]
    cases = []
    for line, cells in records[1:]:
        row = {f: (cells[j].strip() if j < len(cells) else "") for j, f in enumerate(fields)}
        acts = {
            a: {k: row.get(f"{k}:{a}") for k in ("position", "salience", "capability")}
            for a in actor_names
        }
        cases.append(_make(file, line, row, acts, salience_max))
    if not cases:
        raise InputError.single("no cases", file=file)
    return _unique(cases)


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
    raw_max = doc.get("salience_max", salience_max)
    try:
        smax = _number(raw_max, "salience_max")
    except ValueError as err:
        raise InputError.single(str(err), file=file, path="salience_max") from None
    try:
        check_salience_max(smax)
    except InputError:
        raise InputError.single(
            f"salience_max must be a positive number, got {raw_max!r}",
            file=file,
            path="salience_max",
        ) from None
    out = []
    for i, row in enumerate(doc["cases"]):
        if not isinstance(row, dict) or not isinstance(row.get("actors"), dict):
            raise InputError.single(
                "each case needs an 'actors' mapping", file=file, path=f"cases[{i}]"
            )
        out.append(_make(file, None, row, row["actors"], smax))
    return _unique(out)


def _unique(cases: list[Case]) -> list[Case]:
    """The cases, refusing a case/issue pair given twice (it would count twice)."""
    seen: dict[tuple[str, str], Case] = {}
    problems = []
    for c in cases:
        first = seen.setdefault((c.case, c.issue), c)
        if first is not c:
            where = f"line {first.line}" if first.line is not None else "an earlier entry"
            problems.append(
                Problem(c.file, c.line, f"{c.case}/{c.issue}", f"repeats the case of {where}")
            )
    if problems:
        raise InputError(problems)
    return cases


def backtest(
    cases: Sequence[Case],
    model_names: Sequence[str] | None = None,
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    seed: int = 0,
    bootstrap: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> BacktestReport:
    """Score each model on every case; compare with the compromise baseline. The forecasts
    are made by ``runner`` (default :func:`predict_all`), which tells ``progress(done, total)``
    how far it is."""
    names = list(model_names) if model_names else list(registered_models())
    if BASELINE not in names:
        names.append(BASELINE)
    rows_of = (runner or predict_all)(names, cases, options, progress)
    preds = {m: np.array(row, dtype=float) for m, row in zip(names, rows_of, strict=True)}
    truth = np.array([c.outcome for c in cases])
    width = np.array([float(c.actors.scale_high[0] - c.actors.scale_low[0]) for c in cases])
    errors = {m: np.abs(p - truth) for m, p in preds.items()}
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError.single(f"the seed must be a whole number >= 0, got {seed!r}", path="seed")
    rng = child(seed, FORECAST_BACKTEST)
    idx = rng.integers(0, len(cases), size=(bootstrap, len(cases)))
    enough = len(cases) >= MIN_BOOTSTRAP_CASES
    scores = {}
    for m in names:
        diff = errors[m] - errors[BASELINE]
        boot = diff[idx].mean(axis=1)
        ci = (float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5)))
        scores[m] = ModelScore(
            float(errors[m].mean()),
            float((100 * errors[m] / width).mean()),
            float(diff.mean()),
            ci if enough else None,
            int((diff < 0).sum()),
            int((diff == 0).sum()),
        )
    rows = tuple(
        CaseScore(
            c.case,
            c.issue,
            c.outcome,
            {m: float(preds[m][i]) for m in names},
            {m: float(errors[m][i]) for m in names},
        )
        for i, c in enumerate(cases)
    )
    note = (
        None
        if enough
        else f"with {len(cases)} case(s) (fewer than {MIN_BOOTSTRAP_CASES}) a bootstrap interval "
        "would look certain without being so; none is given"
    )
    return BacktestReport(BASELINE, len(cases), scores, rows, note)


Options = Mapping[str, Mapping[str, Any]] | None

Runner = Callable[
    [Sequence[str], Sequence[Case], Options, Callable[[int, int], None] | None], list[list[float]]
]
"""``runner(models, cases, options, progress)`` -> each model's forecast of every case
(:func:`predict_all` in this process; :func:`zopa.runs.backtest.chunked` in checkpointed
chunks, here or on Dask)."""


def predict_all(
    models: Sequence[str],
    cases: Sequence[Case],
    options: Options,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[float]]:
    """Each model's forecast of every case, in this process; ``progress(done, total)`` is told
    after each forecast (one per model and case)."""
    total = len(models) * len(cases)
    out = []
    for j, m in enumerate(models):
        row = []
        for i, c in enumerate(cases):
            row.append(predict(m, c, options))
            if progress is not None:
                progress(j * len(cases) + i + 1, total)
        out.append(row)
    return out


def predict(model: str, case: Case, options: Options) -> float:
    """``model``'s forecast of ``case`` (a case's problem is located at its file and line)."""
    opts = dict((options or {}).get(model, {}))
    where = f"{case.case}/{case.issue}"
    if model == "nash" and opts.get("disagreement") == "status_quo":
        if case.status_quo is None:
            raise InputError.single(
                "no status_quo for nash.disagreement=status_quo",
                file=case.file,
                line=case.line,
                path=where,
            )
        opts.setdefault("status_quo", case.status_quo)
    try:
        return float(get_model(model)(case.actors, 0, **opts).outcome[0])
    except InputError as err:
        if any(p.path.startswith(f"{model}.") for p in err.problems):
            raise  # an option problem, not the case's
        raise InputError(
            Problem(case.file, case.line, f"{where}: {p.path}", p.message) for p in err.problems
        ) from None


def bundled_cases() -> Path:
    """The example cases file shipped with zopa (BDM 1994 emission standards)."""
    return Path(__file__).parent.parent / "examples" / "bdm1994-cases.yaml"


__all__ = [
    "BASELINE",
    "Case",
    "Runner",
    "backtest",
    "bundled_cases",
    "load_cases",
    "predict",
    "predict_all",
]
