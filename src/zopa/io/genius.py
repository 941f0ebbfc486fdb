"""Importing GENIUS negotiation domains (XML domain + utility spaces) into zopa scenarios.

GENIUS (Lin, Kraus, Baarslag, Tykhonov, Hindriks, Jonker, Computational Intelligence 30(1),
2014) stores a domain as one ``<negotiation_template>`` file and one ``<utility_space>`` file per
party. :func:`load_genius` reads a folder with exact GENIUS semantics (see
:mod:`zopa.io.genius_xml` and :mod:`zopa.io.hyperrect`) and can evaluate utilities itself;
:meth:`GeniusDomain.to_scenario` writes the same preferences in the scenario language:

* discrete issues become option issues with per-option values ``evaluation / max evaluation``;
* integer issues become range issues with step 1, real issues range issues on a grid of
  ``real_steps`` intervals, their value functions piecewise-linear ``points``;
* weights are kept as written (``normalize_weights: false``) and the scenario's clip to [0, 1]
  is GENIUS's cap at 1;
* a missing reservation value is 0; discount factors (which the scenario language does not
  model) are listed in the scenario's notes and in :attr:`GeniusDomain.discounts`;
* non-linear (ANAC 2014) profiles become package terms with ``scale = maxutility``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from zopa import params
from zopa.errors import InputError, Problem
from zopa.io._errors import invalid as _invalid
from zopa.io._names import identifier, unique_identifiers
from zopa.io._xml import read_xml, sniff_root
from zopa.io.genius_xml import DomainFile, Evaluation, GeniusIssue, ProfileFile, read_domain
from zopa.io.genius_xml import read_profile as _read_profile
from zopa.io.hyperrect import Term, as_terms, evaluate
from zopa.model import Evidence, Interest, Issue, PackageTerm, Party, Scenario, Source
from zopa.model.grids import MAX_GRID

DOMAIN_ROOT = "negotiation_template"
#: The most grid intervals a real-valued issue may be given (``real_steps``).
MAX_REAL_STEPS = 100_000
PROFILE_ROOT = "utility_space"


@dataclass(frozen=True)
class GeniusDomain:
    """A GENIUS domain and its profiles, read with GENIUS semantics."""

    domain: DomainFile
    profiles: tuple[ProfileFile, ...]
    issue_ids: tuple[str, ...]
    party_ids: tuple[str, ...]
    party_names: tuple[str, ...]
    real_steps: int = params.GENIUS_REAL_STEPS

    @cached_property
    def issues(self) -> tuple[Issue, ...]:
        """The domain's issues in the scenario language (same order as the domain file); an
        InputError names the domain file when an issue has more values than zopa enumerates."""
        return tuple(
            _issue(i, ident, self.real_steps, self.domain.path)
            for i, ident in zip(self.domain.issues, self.issue_ids, strict=True)
        )

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(i.values) for i in self.issues)

    @property
    def discounts(self) -> dict[str, float]:
        """Each party's discount factor (1 when absent or invalid, as in GENIUS)."""
        return {pid: p.discount for pid, p in zip(self.party_ids, self.profiles, strict=True)}

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """``(P, n)`` GENIUS utilities of outcomes given as ``(n, K)`` per-issue value indices.

        Computed from the files directly (also for non-linear profiles that the scenario language
        cannot express)."""
        idx = np.asarray(indices, dtype=np.intp).reshape(-1, len(self.issues))
        columns = {
            gi.index: np.asarray(_numbers(issue), dtype=float)[idx[:, k]]
            for k, (gi, issue) in enumerate(zip(self.domain.issues, self.issues, strict=True))
        }
        out = np.zeros((len(self.profiles), len(idx)))
        for p, prof in enumerate(self.profiles):
            if prof.ufun is not None:
                assert prof.max_utility is not None
                out[p] = evaluate(prof.ufun, columns, len(idx)) / prof.max_utility
                continue
            for k, gi in enumerate(self.domain.issues):
                ev, w = prof.evaluations.get(gi.index), prof.weights.get(gi.index)
                if ev is not None and w is not None:
                    out[p] += w * _value(ev, self.issues[k], idx[:, k])
        return np.asarray(np.minimum(out, 1.0))

    def to_scenario(self, name: str | None = None) -> Scenario:
        """The domain as a scenario; InputError when a profile cannot be expressed exactly."""
        parties = {pid: self._party(p) for p, pid in enumerate(self.party_ids)}
        sources = {"domain": Source(title=f"GENIUS domain {Path(self.domain.path).name}")}
        for pid, prof in zip(self.party_ids, self.profiles, strict=True):
            sources[pid] = Source(title=f"GENIUS utility space {Path(prof.path).name}")
        try:
            return Scenario(
                name=name or identifier(Path(self.domain.path).parent.name or "genius"),
                title=None if self.domain.name.lower() in ("", "root") else self.domain.name,
                sources=sources,
                issues=dict(zip(self.issue_ids, self.issues, strict=True)),
                parties=parties,
                notes=self.notes,
            )
        except ValidationError as err:
            raise _invalid(self.domain.path, err) from None

    @property
    def notes(self) -> tuple[str, ...]:
        out = [f"{Path(self.domain.path).name}: {n}" for n in self.domain.notes]
        for pid, prof in zip(self.party_ids, self.profiles, strict=True):
            out += [f"{Path(prof.path).name}: {n}" for n in prof.notes]
            if prof.discount != 1.0:
                out.append(
                    f"party {pid}: GENIUS discount factor {prof.discount:g} "
                    "(payoff u·d^t at normalised time t; zopa negotiate and zopa tournament "
                    "apply it to this folder, the scenario language does not record it)"
                )
            if prof.kind == "uncertain":
                out.append(
                    f"party {pid}: preference-uncertainty profile; its true additive "
                    "utility is used"
                )
        return tuple(out)

    def _party(self, p: int) -> Party:
        try:
            return self._build_party(p)
        except ValidationError as err:
            raise _invalid(self.profiles[p].path, err) from None

    def _build_party(self, p: int) -> Party:
        prof, pid = self.profiles[p], self.party_ids[p]
        reservation = prof.reservation or 0.0
        if not 0 <= reservation <= 1:
            raise _error(prof.path, f"reservation value {reservation:g} is outside [0, 1]")
        common = {
            "name": self.party_names[p],
            "reservation": reservation,
            "normalize_weights": False,
            "evidence": (Evidence(source=pid, note=f"imported as a GENIUS {prof.kind} profile"),),
        }
        if prof.ufun is not None:
            terms = as_terms(prof.ufun)
            if isinstance(terms, str):
                raise _error(
                    prof.path,
                    f"cannot be written as a zopa scenario: {terms}; "
                    "load_genius(...).utilities evaluates it",
                )
            when = [_rule(t, self.domain, self.issue_ids) for t in terms]
            return Party(
                terms=tuple(
                    PackageTerm(when=w, value=t.value)
                    for w, t in zip(when, terms, strict=True)
                    if w is not None
                ),
                scale=prof.max_utility,
                **common,
            )
        interests = {}
        for k, gi in enumerate(self.domain.issues):
            ev, w = prof.evaluations.get(gi.index), prof.weights.get(gi.index)
            if ev is None or not w:
                continue
            if w < 0:
                raise _error(prof.path, f"issue {gi.name!r} has a negative weight {w:g}")
            interests[self.issue_ids[k]] = _interest(w, ev, self.issues[k])
        return Party(interests=interests, **common)


# -- reading a folder -----------------------------------------------------------------------------


def load_genius(
    domain_dir: str | Path,
    profiles: Sequence[str | Path] | None = None,
    *,
    real_steps: int = params.GENIUS_REAL_STEPS,
) -> GeniusDomain:
    """Read a GENIUS domain folder (or a domain file) and its utility spaces.

    ``profiles`` picks and orders the utility-space files (paths, or names inside the folder);
    by default every ``<utility_space>`` file of the folder is a party, in file-name order.
    ``real_steps`` is the number of grid intervals of a real-valued issue."""
    if isinstance(real_steps, bool) or not 1 <= real_steps <= MAX_REAL_STEPS:
        raise InputError.single(
            f"real_steps must be an integer from 1 to {MAX_REAL_STEPS:,}, not {real_steps!r}",
            path="real_steps",
        )
    path = Path(domain_dir)
    folder = path if path.is_dir() else path.parent
    if not path.exists():
        raise InputError.single("no such domain folder or file", file=str(domain_dir))
    roots = {f: sniff_root(f) for f in sorted(folder.glob("*.xml")) if f.is_file()}
    if path.is_dir():
        domains = [f for f, tag in roots.items() if tag == DOMAIN_ROOT]
        if len(domains) != 1:
            found = ", ".join(f.name for f in domains) or "none"
            raise InputError.single(
                f"expected exactly one GENIUS domain file (<{DOMAIN_ROOT}>), found {found}",
                file=str(path),
            )
        path = domains[0]
    domain = read_domain(read_xml(path))
    files = _profile_files(folder, profiles, roots)
    parsed = tuple(_read_profile(read_xml(f), domain) for f in files)
    names = [domain.agents.get(f.name) or f.stem for f in files]
    out = GeniusDomain(
        domain=domain,
        profiles=parsed,
        issue_ids=tuple(unique_identifiers((i.name for i in domain.issues), "issue")),
        party_ids=tuple(unique_identifiers(names, "party")),
        party_names=tuple(names),
        real_steps=real_steps,
    )
    out.issues  # noqa: B018  (checked now, so a bad issue is reported at load)
    return out


def import_genius(
    domain_dir: str | Path,
    profiles: Sequence[str | Path] | None = None,
    *,
    real_steps: int = params.GENIUS_REAL_STEPS,
    name: str | None = None,
) -> Scenario:
    """A GENIUS domain folder as a zopa :class:`Scenario`."""
    return load_genius(domain_dir, profiles, real_steps=real_steps).to_scenario(name)


def _profile_files(
    folder: Path, profiles: Sequence[str | Path] | None, roots: dict[Path, str | None]
) -> list[Path]:
    if profiles is None:
        files = [f for f, tag in roots.items() if tag == PROFILE_ROOT]
        if not files:
            raise InputError.single(
                f"no GENIUS utility space (<{PROFILE_ROOT}>) file found", file=str(folder)
            )
        return files
    out = []
    for given in profiles:
        p = Path(given)
        if not p.is_file() and (folder / p).is_file():
            p = folder / p
        if not p.is_file():
            raise InputError.single("no such utility space file", file=str(given))
        out.append(p)
    if not out:
        raise InputError.single("give at least one utility space file", file=str(folder))
    return out


# -- scenario pieces ------------------------------------------------------------------------------


def _issue(gi: GeniusIssue, ident: str, real_steps: int, file: str) -> Issue:
    label = gi.name if gi.name != ident else None
    try:
        if gi.kind == "discrete":
            return Issue(label=label, options=gi.values)
        if gi.low == gi.high:
            return Issue(label=label, options=(_fmt(gi.low),))
        if gi.kind == "integer" and gi.high - gi.low + 1 > MAX_GRID:
            raise _error(
                file,
                f"integer issue {gi.name!r} has {gi.high - gi.low + 1:,.0f} values "
                f"({_fmt(gi.low)}..{_fmt(gi.high)}); zopa enumerates at most {MAX_GRID:,} "
                "values per issue",
            )
        step = 1.0 if gi.kind == "integer" else (gi.high - gi.low) / real_steps
        return Issue(label=label, range=(gi.low, gi.high), step=step)
    except ValidationError as err:
        raise _invalid(file, err, f"issue {gi.name!r}: ") from None


def _numbers(issue: Issue) -> list[float]:
    if issue.options is not None:
        try:
            return [float(o) for o in issue.options]
        except ValueError:
            return [float(i) for i in range(len(issue.options))]
    return [float(v) for v in issue.values]


def _value(ev: Evaluation, issue: Issue, idx: np.ndarray) -> np.ndarray:
    if ev.values is not None:
        assert issue.options is not None
        table = np.array([ev.values[o] for o in issue.options])
        return np.asarray(table[idx])
    assert ev.points is not None
    x = np.asarray(_numbers(issue))[idx]
    xs, vs = zip(*ev.points, strict=True)
    return np.asarray(np.interp(x, xs, vs))


def _interest(weight: float, ev: Evaluation, issue: Issue) -> Interest:
    if ev.values is not None:
        return Interest(weight=weight, values=ev.values)
    assert ev.points is not None
    if issue.options is not None:  # a single-valued numeric issue
        return Interest(weight=weight, values={issue.options[0]: ev.points[0][1]})
    return Interest(weight=weight, points=ev.points)


def _rule(term: Term, domain: DomainFile, issue_ids: tuple[str, ...]) -> str | None:
    """The rule under which a rectangle term holds, or None when it never holds."""
    parts = []
    for b in term.bounds:
        k = next(k for k, i in enumerate(domain.issues) if i.index == b.index)
        gi, ident = domain.issues[k], issue_ids[k]
        lo, hi = max(b.low, gi.low), min(b.high, gi.high)
        covers = lo <= gi.low and hi >= gi.high
        if term.exclusive:
            if not covers:
                parts.append(f"{ident} < {_fmt(b.low)} or {ident} > {_fmt(b.high)}")
            continue
        if lo > hi:
            return None
        if lo == hi:
            parts.append(f"{ident} == {_fmt(lo)}")
        elif not covers:
            cond = [f"{ident} >= {_fmt(lo)}"] if lo > gi.low else []
            cond += [f"{ident} <= {_fmt(hi)}"] if hi < gi.high else []
            parts.append(" and ".join(cond))
    if term.exclusive and term.bounds:
        return " or ".join(f"({p})" for p in parts) if parts else None
    return " and ".join(parts) if parts else "true"


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) and math.isfinite(x) else repr(x)


def _error(file: str, message: str) -> InputError:
    return InputError([Problem(file, None, "", message)])
