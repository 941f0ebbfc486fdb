"""Where simulated negotiations come from: bundled scenarios, scenario files and GENIUS domain
folders, with the discount factors a GENIUS folder's profiles declare.

GENIUS discounts the utility of a deal reached at normalised time ``t`` to ``u · d^t`` (Lin et
al. 2014, *Genius: an integrated environment for supporting the design of generic automated
negotiators*, Computational Intelligence 30(1)); the scenario language does not record ``d``, so
a GENIUS folder's factors are read here and used as the default discount of its sessions.
Only signatories negotiate; the other parties of a scenario are scored only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zopa.errors import InputError, ZopaError
from zopa.game import Game


@dataclass(frozen=True, eq=False)
class Source:
    """A loaded scenario: its label, where it came from, the full game, the discount factor
    per party id (declared by a GENIUS folder's profiles or by a scenario's parties), and the
    rounds of a scenario's deadline."""

    label: str
    origin: str
    game: Game
    discounts: dict[str, float] = field(default_factory=dict)
    rounds: int | None = None

    @property
    def negotiators(self) -> Game:
        """The game among the signatories (all parties if fewer than two sign)."""
        sig = list(self.game.signatories)
        return self.game.restrict(sig) if len(sig) >= 2 else self.game

    def discount(self, override: float | None = None) -> list[float]:
        """One discount factor per negotiating party: ``override`` for all if given, else
        the GENIUS profiles' factors (1 where none is declared)."""
        ids = self.negotiators.party_ids
        if override is not None:
            return [override] * len(ids)
        return [self.discounts.get(pid, 1.0) for pid in ids]


def load_source(source: str | Path) -> Source:
    """A bundled scenario name, a scenario file, or a GENIUS domain folder."""
    from zopa.model.io import path_kind

    path = Path(source)
    if path_kind(path) == "folder":
        from zopa.io.genius import load_genius

        domain = load_genius(path)
        game = domain.to_scenario().compile()
        return Source(path.name, str(source), game, dict(domain.discounts))
    from zopa.model import load_scenario

    scenario = load_scenario(str(source))
    discounts = {
        pid: party.discount.point
        for pid, party in scenario.parties.items()
        if party.discount is not None
    }
    rounds = scenario.deadline.rounds if scenario.deadline is not None else None
    return Source(scenario.name, str(source), scenario.compile(), discounts, rounds)


def is_collection(path: Path) -> bool:
    """True for a folder of GENIUS domain folders (sub-folders and no XML file of its own)."""
    return path.is_dir() and not any(path.glob("*.xml")) and any(p.is_dir() for p in path.iterdir())


@dataclass
class Collected:
    """The scenarios a tournament plays, and the ones left out with the reason."""

    sources: dict[str, Source] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def add(self, src: Source) -> None:
        first = self.sources.get(src.label)
        if first is not None:
            raise InputError.single(
                f"two scenarios are both called {src.label!r} ({first.origin} and "
                f"{src.origin}); give each scenario once",
                path="scenarios",
            )
        self.sources[src.label] = src


def collect(given: Sequence[str], max_outcomes: int, multilateral: bool | None) -> Collected:
    """Load every scenario named in ``given``, expanding folders of GENIUS domains.

    Domains found in such a folder are skipped (with the reason) when they cannot be read, have
    more than ``max_outcomes`` outcomes, or have more than two negotiating parties while the
    protocol is bilateral (``multilateral`` False) or not chosen (None). Scenarios named
    directly are never skipped: their errors are errors."""
    out = Collected()
    for item in given:
        path = Path(item)
        if not is_collection(path):
            out.add(load_source(item))
            continue
        for folder in sorted(p for p in path.iterdir() if p.is_dir()):
            try:
                src = load_source(folder)
            except ZopaError as err:
                out.skipped.append((folder, err.lines()[0]))
                continue
            reason = _reason(src, max_outcomes, multilateral)
            if reason:
                out.skipped.append((folder, reason))
            else:
                out.add(src)
    if not out.sources:
        lines = [f"skipped {path.name}: {reason}" for path, reason in out.skipped]
        last = "no scenario could be loaded" + (f" ({len(lines)} skipped)" if lines else "")
        raise NothingToPlay([*lines, last])
    return out


class NothingToPlay(ZopaError):
    """Every scenario was skipped; one line per skipped domain, then the verdict."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self._lines)


def _reason(src: Source, max_outcomes: int, multilateral: bool | None) -> str | None:
    n = src.game.n_outcomes
    if n > max_outcomes:
        return f"{n:,} outcomes, more than max_outcomes = {max_outcomes:,}"
    parties = src.negotiators.n_parties
    if parties > 2 and multilateral is None:
        return f"{parties} parties; a multilateral protocol (stacked or mediated) includes it"
    if parties > 2 and not multilateral:
        return f"{parties} parties but the protocol is bilateral"
    return None
