"""The registry of the main analysis's sections: each computed and rendered by one entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType

from zopa.model.schema import Scenario
from zopa.registry import Registry

#: ``compute(scenario, draws, seed)`` -> the section's JSON-ready data.
Compute = Callable[[Scenario, int, int], Any]
#: ``render(scenario, data)`` -> what a terminal shows for the section (``--json`` has the data).
Render = Callable[[Scenario, Any], Sequence[RenderableType]]


@dataclass(frozen=True)
class Section:
    """A section of the main analysis: its key in the report, its title, how it is computed
    and how it is rendered."""

    name: str
    title: str
    compute: Compute
    render: Render


def _load() -> None:
    import zopa.analysis.sections  # noqa: F401


#: Every section, in report order.
SECTIONS: Registry[Section] = Registry("section", load=_load)


def register_section(name: str, *, title: str, render: Render) -> Callable[[Compute], Compute]:
    """Decorator registering ``compute`` as the section ``name``, rendered by ``render``."""

    def decorator(compute: Compute) -> Compute:
        SECTIONS.add(name, Section(name, title, compute, render))
        return compute

    return decorator
