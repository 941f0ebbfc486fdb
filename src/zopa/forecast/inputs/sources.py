"""Load forecast input from whatever the user points at: scenario, actor table or KTAB input.

* a bundled scenario name or a scenario ``.yaml``/``.json`` file → actors from the scenario
  (0–100 scale, uncertainty from the scenario's ``low/mode/high`` judgements; issues with
  unordered options are left out, with a note);
* a ``.csv`` whose first line is ``name,description,<actors>,<dimensions>`` → KTAB's SMP CSV;
* a ``.xml`` → KTAB's SMP XML: its actors, and its ``ModelParameters`` and ``IdealAdjustment``
  as options of the ``smp`` model (options given by the caller override them), its ``prngSeed``
  as the seed unless one is given;
* any other ``.csv`` → a BDM-style actor table (:mod:`zopa.forecast.inputs.tables`).

:func:`load_source` returns a :class:`ForecastInput`: the actors plus what the file says about
running them and notes for the user; :func:`scale_warnings` says when a scale-dependent model runs
on a scale that was guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from zopa import params
from zopa.forecast.actors import Actors
from zopa.forecast.inputs import ktab_csv
from zopa.forecast.inputs.forecast_input import ForecastInput
from zopa.forecast.inputs.ktab_xml import read_ktab_xml
from zopa.forecast.inputs.scenario import scenario_input
from zopa.forecast.inputs.tables import read_actor_table
from zopa.forecast.models.smp.params import ENUMS
from zopa.forecast.registry import get_model
from zopa.model import load_scenario
from zopa.model.io import path_kind


def load_source(
    source: str | Path,
    *,
    salience_max: float = params.SALIENCE_MAX,
    scale: tuple[float, float] | None = None,
    salience: str = "party",
) -> ForecastInput:
    """The :class:`ForecastInput` of ``source`` (see module); ``salience`` is the scenario
    salience basis (``party`` or ``raw``, see :mod:`zopa.model.spatial`)."""
    path = Path(source)
    suffix = path.suffix.lower()
    there = path_kind(path) is not None
    if there and suffix == ".csv":
        if ktab_csv.looks_like_ktab_csv(path):
            return ForecastInput(ktab_csv.read_ktab_csv(path), "ktab")
        actors = read_actor_table(path, salience_max=salience_max, scale=scale)
        return ForecastInput(actors, "table")
    if there and suffix == ".xml":
        return _ktab_xml(path)
    return scenario_input(load_scenario(source), salience=salience)  # type: ignore[arg-type]


def load_actors(
    source: str | Path,
    *,
    salience_max: float = params.SALIENCE_MAX,
    scale: tuple[float, float] | None = None,
) -> tuple[Actors, str]:
    """The actors of ``source`` and the kind of input read (``scenario``, ``table``, ``ktab``)."""
    given = load_source(source, salience_max=salience_max, scale=scale)
    return given.actors, given.kind


def _ktab_xml(path: Path) -> ForecastInput:
    scen = read_ktab_xml(path)
    smp: dict[str, Any] = {}
    notes = []
    if scen.params is not None:
        smp.update({name: scen.params.to_dict()[name] for name in ENUMS})
        listed = ", ".join(f"{k}={v}" for k, v in smp.items())
        notes.append(f"smp runs with the file's ModelParameters ({listed})")
    if scen.accommodation is not None:
        smp["accommodation"] = scen.accommodation.tolist()
        notes.append("smp runs with the file's IdealAdjustment (ideals lag behind positions)")
    if scen.seed is not None:
        notes.append(
            f"the file's prngSeed {scen.seed} is the seed unless `seed` is given "
            "(it matters only for Stochastic transitions and Monte Carlo draws)"
        )
    options = {"smp": smp} if smp else {}
    return ForecastInput(scen.to_actors(), "ktab", tuple(notes), options, scen.seed)


def scale_warnings(actors: Actors, model_names: Sequence[str]) -> list[str]:
    """One warning per issue whose scale was guessed, when a scale-dependent model runs."""
    dependent = [m for m in model_names if get_model(m).metadata.get("scale_dependent", False)]
    if not dependent:
        return []
    out = []
    scales = zip(
        actors.dimensions, actors.origins, actors.scale_low, actors.scale_high, strict=True
    )
    for dim, origin, lo, hi in scales:
        if origin == "given":
            continue
        how = (
            "assumed 0–100 because every position lies in it"
            if origin == "default"
            else f"taken from the observed positions, [{lo:g}, {hi:g}]"
        )
        out.append(
            f"the scale of {dim} was {how}; {', '.join(dependent)} depend on the scale: "
            "give `scale`"
        )
    return out


def merge_options(
    base: Mapping[str, Mapping[str, Any]], given: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Model options from a file overridden by the user's, per model and key."""
    out = {m: dict(v) for m, v in base.items()}
    for m, v in given.items():
        out.setdefault(m, {}).update(v)
    return out


__all__ = ["load_actors", "load_source", "merge_options", "scale_warnings"]
