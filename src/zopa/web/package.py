"""The package a request is about: a named proposal, a named proposal with changed terms, or
terms alone, checked like the command line's ``PROPOSAL`` and ``--terms``.

Analyses that take a proposal by name (counters, what it takes, the brief) are given a changed
package as a named proposal of a copy of the scenario, as a scenario file would name it; its
values then join the compiled grid, as every proposal's values do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from zopa._memo import PerObject
from zopa.diagnose import proposal_outcome
from zopa.errors import InputError
from zopa.model.schema import Proposal, Scenario

Term = StrictStr | StrictInt | StrictFloat
TermsField = Annotated[
    dict[Annotated[str, Field(max_length=200)], Term],
    Field(max_length=1000, description="issue: value; changes the proposal's terms."),
]
ScenarioId = Annotated[str, Field(max_length=200, description="A bundled scenario's name.")]
Name = Annotated[str, Field(max_length=200)]
Seed = Annotated[StrictInt, Field(ge=0, le=2**63 - 1)]

T = TypeVar("T")

#: The name a package of terms alone (no proposal named) takes in a copy of its scenario.
PACKAGE = "package"


class PackageRequest(BaseModel):
    """A scenario and a package in it: a proposal, a proposal with changes, or terms alone."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    proposal: Name | None = None
    terms: TermsField = Field(default_factory=dict)


def json_terms(terms: dict[str, str | int | float]) -> dict[str, str | float]:
    """JSON terms as the library takes them: whole numbers as floats, within ±1e15."""
    out: dict[str, str | float] = {}
    problems = []
    for key, value in terms.items():
        if isinstance(value, int) and abs(value) > 10**15:
            problems.append(InputError.single("a number beyond ±1e15", path=f"terms.{key}"))
            continue
        out[key] = float(value) if isinstance(value, int) else value
    if problems:
        raise InputError(p for e in problems for p in e.problems)
    return out


def named_package(s: Scenario, req: PackageRequest) -> tuple[Scenario, str]:
    """The scenario and the name of the request's package in it: the scenario itself for a
    named proposal unchanged, else a copy with the package as a proposal of its own."""
    from zopa.diagnose import diagnose

    if req.proposal is not None and not req.terms:
        if req.proposal not in s.proposals:
            diagnose_missing(s, req.proposal)
        return s, req.proposal
    name, terms = proposal_outcome(s, req.proposal, json_terms(req.terms))
    full = diagnose(s, terms, name).terms  # located errors, as on the command line
    name = name or PACKAGE
    if name in s.proposals and dict(s.proposals[name].terms) == dict(full):
        return s, name
    base = s.proposals.get(req.proposal) if req.proposal is not None else None
    package = Proposal(title=name, by=base.by if base is not None else None, terms=dict(full))
    return s.model_copy(update={"proposals": {**s.proposals, name: package}}), name


def diagnose_missing(s: Scenario, proposal: str) -> None:
    """Raise the command line's error for a proposal the scenario does not have."""
    from zopa.diagnose import diagnose_proposal

    diagnose_proposal(s, proposal)
    raise InputError.single(f"no proposal {proposal!r}", path="proposal")  # pragma: no cover


#: Results kept by :func:`per_scenario` (the oldest used is dropped first).
CACHE_SIZE = 48
_CACHE: PerObject[Any] = PerObject(CACHE_SIZE)


def per_scenario(s: Scenario, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()`` once per scenario object and ``key``: a stored scenario saved again is a new
    object, so nothing made from an older version is served for it."""
    return cast(T, _CACHE.get(s, key, make))
