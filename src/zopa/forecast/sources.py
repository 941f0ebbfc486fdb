"""Load :class:`Actors` from whatever the user points at: scenario, actor table or KTAB input.

* a bundled scenario name or a scenario ``.yaml``/``.json`` file → :func:`actors_from_scenario`
  (0–100 scale, uncertainty from the scenario's ``low/mode/high`` judgements);
* a ``.csv`` whose first line is ``name,description,<actors>,<dimensions>`` → KTAB's SMP CSV;
* a ``.xml`` → KTAB's SMP XML (its actors; model parameters stay with ``--option smp.…``);
* any other ``.csv`` → a BDM-style actor table (:mod:`zopa.forecast.tables`).
"""

from __future__ import annotations

from pathlib import Path

from zopa.forecast.actors import Actors
from zopa.forecast.scenario import actors_from_scenario
from zopa.forecast.tables import read_actor_table


def load_actors(
    source: str | Path,
    *,
    salience_max: float = 100.0,
    scale: tuple[float, float] | None = None,
) -> tuple[Actors, str]:
    """The actors of ``source`` and the kind of input read (``scenario``, ``table``, ``ktab``)."""
    path = Path(source)
    suffix = path.suffix.lower()
    if path.exists() and suffix == ".csv":
        from zopa.forecast import ktab_csv

        if ktab_csv.looks_like_ktab_csv(path):
            return ktab_csv.read_ktab_csv(path), "ktab"
        return read_actor_table(path, salience_max=salience_max, scale=scale), "table"
    if path.exists() and suffix == ".xml":
        from zopa.forecast import ktab_csv

        return ktab_csv.read_ktab(path).to_actors(), "ktab"
    from zopa.model import load_scenario

    return actors_from_scenario(load_scenario(source)), "scenario"


__all__ = ["load_actors"]
