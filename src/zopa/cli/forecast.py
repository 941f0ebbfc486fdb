"""Forecast commands: forecast, sensitivity, backtest, forecast-models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from zopa.cli._app import app
from zopa.cli._common import console, print_json
from zopa.errors import InputError, Problem
from zopa.forecast import backtesting as bt
from zopa.forecast import get_model, models, monte_carlo, sobol, tornado, widen
from zopa.forecast.actors import Actors
from zopa.forecast.sources import load_actors

SourceArg = Annotated[
    str,
    typer.Argument(
        help="A bundled scenario name, a scenario YAML/JSON file, a BDM-style actor CSV, "
        "or a KTAB SMP CSV/XML file."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
ModelOpt = Annotated[
    list[str] | None, typer.Option("--model", "-m", help="Model to run (repeatable; default all).")
]
OptionOpt = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", help="Model option MODEL.KEY=VALUE, e.g. challenge.q=0.5."),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Master seed of the Monte Carlo draws.")]
ScaleOpt = Annotated[
    str | None, typer.Option("--scale", help="LOW,HIGH issue scale for actor tables.")
]
SalienceOpt = Annotated[
    float, typer.Option("--salience-max", help="Salience scale maximum in actor tables.")
]


def parse_options(items: list[str] | None) -> dict[str, dict[str, Any]]:
    """``["challenge.q=0.5"]`` → ``{"challenge": {"q": 0.5}}`` (values read as YAML scalars)."""
    out: dict[str, dict[str, Any]] = {}
    problems = []
    for item in items or []:
        key, sep, raw = item.partition("=")
        model, dot, name = key.partition(".")
        if not (sep and dot and model and name):
            problems.append(Problem(None, None, "--option", f"expected MODEL.KEY=VALUE: {item!r}"))
            continue
        get_model(model)
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        out.setdefault(model, {})[name] = value
    if problems:
        raise InputError(problems)
    return out


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise InputError.single("expected LOW,HIGH", path="--scale") from None
    return lo, hi


def _thresholds(items: list[str] | None, actors: Actors) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for item in items or []:
        issue, sep, raw = item.rpartition("=")
        targets = [issue] if sep else list(actors.dimensions)
        if sep and issue not in actors.dimensions:
            raise InputError.single(f"no issue {issue!r}", path="--threshold")
        try:
            value = float(raw)
        except ValueError:
            raise InputError.single(f"not a number: {raw!r}", path="--threshold") from None
        for t in targets:
            out.setdefault(t, []).append(value)
    return out


def _fmt(v: float) -> str:
    return "—" if v != v else f"{v:.4g}"


@app.command("forecast")
def forecast_cmd(
    source: SourceArg,
    model: ModelOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", "-n", help="Monte Carlo draws (0: none).")
    ] = 2000,
    seed: SeedOpt = 0,
    option: OptionOpt = None,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", "-t", help="[ISSUE=]VALUE: report P(outcome > VALUE)."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write interval and trajectory plots here.")
    ] = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = 100.0,
    as_json: JsonOpt = False,
) -> None:
    """Forecast every issue with every model, with Monte Carlo intervals."""
    actors, kind = load_actors(source, salience_max=salience_max, scale=_scale(scale))
    options = parse_options(option)
    names = model or list(models())
    point = {n: get_model(n)(actors.point(), seed, **options.get(n, {})) for n in names}
    mc = None
    if draws > 0:
        mc = monte_carlo(
            actors,
            names,
            draws=draws,
            seed=seed,
            options=options,
            thresholds=_thresholds(threshold, actors),
        )
    if plot is not None:
        from zopa.forecast.plots import plot_distributions, plot_trajectories

        if mc is not None:
            plot_distributions(mc, plot)
        traj = plot.with_name(f"{plot.stem}-trajectories{plot.suffix or '.png'}")
        plot_trajectories(point, actors.names, traj if mc is not None else plot)
    if as_json:
        print_json(
            {
                "source": source,
                "input": kind,
                "actors": actors.to_dict(),
                "forecasts": {n: f.to_dict() for n, f in point.items()},
                "monte_carlo": None if mc is None else mc.to_dict(),
            }
        )
        return
    _forecast_table(actors, point, mc, draws)


def _forecast_table(actors: Actors, point: dict[str, Any], mc: Any, draws: int) -> None:
    title = f"Forecasts ({actors.n} actors" + (
        f", {draws} draws)" if mc else ", no uncertainty run)"
    )
    cols = ["issue", "model", "point"]
    if mc:
        cols += ["median", "80% interval", "95% interval", "P(> t)"]
    table = Table(*cols, title=title)
    for k, dim in enumerate(actors.dimensions):
        for j, (name, fc) in enumerate(point.items()):
            row = [dim if j == 0 else "", name, _fmt(float(fc.outcome[k]))]
            if mc:
                d = mc.distributions[name]
                i80, i95 = d.interval80[k], d.interval95[k]
                ps = ", ".join(
                    f">{t:g}: {d.exceedance(t, k):.0%}" for t in d.thresholds.get(dim, [])
                )
                row += [
                    _fmt(float(d.median[k])),
                    f"[{_fmt(i80[0])}, {_fmt(i80[1])}]",
                    f"[{_fmt(i95[0])}, {_fmt(i95[1])}]",
                    ps,
                ]
            table.add_row(*row, end_section=j == len(point) - 1)
    console.print(table)
    scales = zip(actors.dimensions, actors.scale_low, actors.scale_high, strict=True)
    console.print("scale: " + ", ".join(f"{d} [{a:g}, {b:g}]" for d, a, b in scales))


@app.command("sensitivity")
def sensitivity_cmd(
    source: SourceArg,
    model: Annotated[str, typer.Option("--model", "-m", help="Model to analyse.")] = "challenge",
    method: Annotated[str, typer.Option("--method", help="tornado, sobol or both.")] = "both",
    samples: Annotated[int, typer.Option("--samples", help="Sobol base sample size N.")] = 512,
    top: Annotated[int, typer.Option("--top", help="Rows shown per issue.")] = 8,
    seed: SeedOpt = 0,
    option: OptionOpt = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write the tornado chart here.")
    ] = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = 100.0,
    as_json: JsonOpt = False,
) -> None:
    """Which actors' judgements move the forecast: tornado and Sobol indices."""
    if method not in ("tornado", "sobol", "both"):
        raise InputError.single("expected tornado, sobol or both", path="--method")
    actors, _ = load_actors(source, salience_max=salience_max, scale=_scale(scale))
    defaulted = not actors.factors()
    if defaulted:
        actors = widen(actors)
    opts = parse_options(option).get(model, {})
    tor = tornado(actors, model, options=opts, seed=seed) if method != "sobol" else None
    sob = (
        sobol(actors, model, samples=samples, seed=seed, options=opts)
        if method != "tornado"
        else None
    )
    if plot is not None and tor is not None:
        from zopa.forecast.plots import plot_tornado

        plot_tornado(tor, plot, top=top)
    if as_json:
        print_json(
            {
                "model": model,
                "default_ranges": defaulted,
                "tornado": None if tor is None else _tornado_json(tor),
                "sobol": sob,
            }
        )
        return
    if defaulted:
        console.print(
            "No uncertainty stated: default ranges used (position ±10% of scale, "
            "salience ±0.1, capability ±25%)."
        )
    for dim in actors.dimensions:
        _sensitivity_tables(dim, tor, sob, top)


def _tornado_json(tor: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": tor["model"],
        "issues": {
            d: {"base": v["base"], "bars": [{**b.__dict__, "swing": b.swing} for b in v["bars"]]}
            for d, v in tor["issues"].items()
        },
    }


def _sensitivity_tables(dim: str, tor: Any, sob: Any, top: int) -> None:
    if tor is not None:
        t = Table(
            "input",
            "range",
            "forecast at low",
            "at high",
            "swing",
            title=f"{dim}: one at a time (base {tor['issues'][dim]['base']:.4g})",
        )
        for b in tor["issues"][dim]["bars"][:top]:
            t.add_row(
                b.label,
                f"{b.low:.3g}–{b.high:.3g}",
                _fmt(b.outcome_low),
                _fmt(b.outcome_high),
                _fmt(b.swing),
            )
        console.print(t)
    if sob is not None and not sob["issues"][dim]["variance"] > 0:
        console.print(f"{dim}: the forecast does not vary over the draws; no variance to share.")
    elif sob is not None:
        t = Table(
            "actor / input",
            "total index [95%]",
            "first-order [95%]",
            title=f"{dim}: share of forecast variance (Sobol, N={sob['samples']})",
        )
        rows = sob["issues"][dim]["actors"] + sob["issues"][dim]["factors"][:top]
        for j, r in enumerate(rows):
            t.add_row(
                r["label"],
                f"{r['total']:.3f} [{r['total_ci95'][0]:.2f}, {r['total_ci95'][1]:.2f}]",
                f"{r['first']:.3f} [{r['first_ci95'][0]:.2f}, {r['first_ci95'][1]:.2f}]",
                end_section=j == len(sob["issues"][dim]["actors"]) - 1,
            )
        console.print(t)


@app.command("backtest")
def backtest_cmd(
    cases_file: Annotated[str, typer.Argument(help="Cases CSV/YAML, or 'bdm1994' (bundled).")],
    model: ModelOpt = None,
    option: OptionOpt = None,
    seed: SeedOpt = 0,
    salience_max: SalienceOpt = 100.0,
    as_json: JsonOpt = False,
) -> None:
    """Score models on resolved cases: MAE, per-case errors, comparison with the compromise."""
    path = bt.bundled_cases() if cases_file == "bdm1994" else Path(cases_file)
    cases = bt.load_cases(path, salience_max=salience_max)
    result = bt.backtest(cases, model, options=parse_options(option), seed=seed)
    if as_json:
        print_json(result)
        return
    t = Table(
        "model",
        "MAE",
        "MAE % of scale",
        "vs compromise [95%]",
        "wins / cases",
        title=f"Backtest on {result['cases']} case(s) from {path}",
    )
    for name, r in result["models"].items():
        ci = r["vs_baseline_ci95"]
        t.add_row(
            name,
            f"{r['mae']:.4g}",
            f"{r['mae_percent_of_scale']:.1f}",
            f"{r['vs_baseline']:+.3g} [{ci[0]:+.3g}, {ci[1]:+.3g}]",
            f"{r['wins']} / {result['cases']}",
        )
    console.print(t)
    per = Table("case", "issue", "outcome", *result["models"], title="Per-case forecasts (error)")
    for row in result["per_case"]:
        per.add_row(
            row["case"],
            row["issue"],
            _fmt(row["outcome"]),
            *(f"{_fmt(row['forecast'][m])} ({_fmt(row['error'][m])})" for m in result["models"]),
        )
    console.print(per)


@app.command("forecast-models")
def forecast_models_cmd(as_json: JsonOpt = False) -> None:
    """List the forecast models, their sources and options."""
    rows = {
        n: {
            "label": s.metadata.get("label", n),
            "summary": s.summary,
            "citation": s.metadata.get("citation", ""),
            "vectorised": s.batch is not None,
            "options": s.metadata.get("options", {}),
        }
        for n, s in models().items()
    }
    if as_json:
        print_json(rows)
        return
    t = Table("model", "what", "source", "options", title="Forecast models")
    for n, r in rows.items():
        t.add_row(n, r["summary"], str(r["citation"]), ", ".join(r["options"]))
    console.print(t)
