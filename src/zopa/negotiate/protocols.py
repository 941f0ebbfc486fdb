"""Protocols: who moves when, what ends a session. One call shape for all of them:
``run(arena, strategies, rules, seed) -> Session``; :func:`negotiate` is the facade.

* ``alternating`` — bilateral alternating offers (Rubinstein 1982, *Perfect equilibrium in a
  bargaining model*, Econometrica 50:97-109) with a deadline, as run by GENIUS and NegMAS.
* ``stacked`` — its multilateral form, the stacked alternating offers protocol (Aydoğan,
  Festen, Hindriks, Jonker 2017, *Alternating offers protocols for multilateral negotiation*,
  in Modern Approaches to Agent-based Complex Automated Negotiation, SCI 674): parties move in a
  fixed cycle; each either accepts the offer on the table or rejects it with a counter-offer
  (proposing implies accepting one's own offer); an offer passes when every other party has
  accepted it in turn.
* ``mediated`` — a single negotiation text (Raiffa 1982; Klein, Faratin, Sayama, Bar-Yam 2003),
  in :mod:`zopa.negotiate.mediated`.

A round is one move by every party (in ``alternating``/``stacked``) or one mediator proposal.
Relative time in round ``r`` (0-based) of ``R`` is ``t = (r + 1) / (R + 1)``, the convention of
GENIUS's ``DiscreteTimeline`` and NegMAS's SAO mechanism; with a wall-clock limit of ``S``
seconds it is ``max(that, elapsed / S)`` and the session ends at ``t = 1`` (such sessions are not
reproducible move for move). Discounting: see :mod:`zopa.negotiate.session`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from zopa.errors import InputError, TooLargeError
from zopa.game import Game
from zopa.negotiate.arena import Arena, History, OfferLog, SessionInfo, View
from zopa.negotiate.registry import (
    default_protocol,
    make_strategy,
    protocol_spec,
    register_protocol,
    strategy_spec,
)
from zopa.negotiate.session import Action, Event, Failure, Session, Status
from zopa.negotiate.strategies.base import Strategy
from zopa.seeds import SESSION_PARTY, SeedLike, as_seed, child

#: The most moves (rounds x parties) a session may be given: its offer history grows with them.
MAX_MOVES = 5_000_000
#: The most moves of a session whose trace (every move with every utility) is kept.
MAX_TRACE_MOVES = 250_000
Raw = tuple[int, float, int, Action, int | None]


@dataclass(frozen=True)
class Rules:
    """Deadline (rounds and/or seconds), per-party discount factors, and who moves first."""

    rounds: int | None = 100
    seconds: float | None = None
    discount: tuple[float, ...] = ()
    first: int = 0
    trace: bool = True

    def times(self) -> Iterator[tuple[int, float]]:
        """``(round, relative time)`` until the deadline."""
        start = time.perf_counter()
        r = 0
        while self.rounds is None or r < self.rounds:
            t = (r + 1) / (self.rounds + 1) if self.rounds is not None else 0.0
            if self.seconds is not None:
                t = max(t, (time.perf_counter() - start) / self.seconds)
                if t >= 1.0:
                    return
            yield r, t
            r += 1

    @classmethod
    def build(
        cls,
        n: int,
        rounds: int | None,
        seconds: float | None,
        discount: float | Sequence[float] | None,
        first: int = 0,
        trace: bool = True,
    ) -> Rules:
        """Checked rules for ``n`` parties; an InputError names the bad setting."""
        if rounds is None and seconds is None:
            raise InputError.single("give a deadline: rounds and/or seconds", path="rounds")
        if rounds is not None and (isinstance(rounds, bool) or rounds < 1):
            raise InputError.single(f"rounds must be >= 1, not {rounds!r}", path="rounds")
        if seconds is not None and not seconds > 0:
            raise InputError.single(f"seconds must be > 0, not {seconds!r}", path="seconds")
        if discount is None:
            disc = (1.0,) * n
        elif isinstance(discount, int | float):
            disc = (float(discount),) * n
        else:
            disc = tuple(float(d) for d in discount)
        if len(disc) != n or not all(0 < d <= 1 for d in disc):
            raise InputError.single(
                f"discount must be one factor in (0, 1] or one per party ({n})", path="discount"
            )
        if not 0 <= first < n:
            raise InputError.single(f"first must be a party index 0..{n - 1}", path="first")
        if rounds is not None:
            _check_length(rounds, n, trace)
        return cls(rounds, seconds, disc, first, trace)


def _check_length(rounds: int, n: int, trace: bool) -> None:
    """Refuse deadlines whose history (or trace) would not fit in memory."""
    moves = rounds * n
    limit = MAX_TRACE_MOVES if trace else MAX_MOVES
    if moves > limit:
        what = "with the trace kept " if trace else ""
        advice = "reduce the rounds" + (" or run without the trace (trace=False)" if trace else "")
        raise TooLargeError(
            f"{rounds:,} rounds x {n} parties = {moves:,} moves {what}is more than the limit of "
            f"{limit:,}; {advice}"
        )


class InvalidMove(Exception):
    """A strategy returned something that is not an outcome code of the game."""


def negotiate(
    game: Game | Arena,
    strategies: Sequence[str | Strategy] | Mapping[str, str | Strategy],
    *,
    protocol: str | None = None,
    rounds: int | None = 100,
    seconds: float | None = None,
    discount: float | Sequence[float] | None = None,
    first: int = 0,
    seed: SeedLike = None,
    trace: bool = True,
) -> Session:
    """Run one session. ``strategies`` gives one strategy (spec or instance) per party of the
    game, in order or by party id; ``protocol`` defaults to
    :func:`~zopa.negotiate.registry.default_protocol` for the number of parties. ``seed`` is
    an integer, a Generator or None (seed 0, see :mod:`zopa.seeds`); the session records the
    integer seed it used, so :func:`replay` reproduces it."""
    arena = game if isinstance(game, Arena) else Arena.of(game)
    strats = _strategies(arena, strategies)
    spec = protocol_spec(protocol or default_protocol(arena.n_parties))
    _check_compatible(spec.name, spec.multilateral, arena, strats)
    rules = Rules.build(arena.n_parties, rounds, seconds, discount, first, trace)
    result: Session = spec.run(arena, strats, rules, as_seed(seed))
    return result


def replay(session: Session, game: Game | Arena) -> Session:
    """Run a recorded session again from its seed and strategy specs."""
    return negotiate(
        game,
        list(session.strategies),
        protocol=session.protocol,
        rounds=session.rounds,
        seconds=session.seconds,
        discount=list(session.discount),
        first=session.first,
        seed=session.seed,
        trace=bool(session.events),
    )


# -- alternating / stacked alternating offers -------------------------------------------------


@register_protocol(
    "alternating", multilateral=False, citation="Rubinstein (1982); GENIUS/NegMAS SAO"
)
def alternating(arena: Arena, strats: Sequence[Strategy], rules: Rules, seed: int) -> Session:
    """Bilateral alternating offers with a deadline."""
    return _offers("alternating", arena, strats, rules, seed)


@register_protocol(
    "stacked", multilateral=True, citation="Aydoğan et al. (2017), stacked alternating offers"
)
def stacked(arena: Arena, strats: Sequence[Strategy], rules: Rules, seed: int) -> Session:
    """Stacked alternating offers: an offer passes when every other party accepts it."""
    return _offers("stacked", arena, strats, rules, seed)


def _offers(
    name: str, arena: Arena, strats: Sequence[Strategy], rules: Rules, seed: int
) -> Session:
    n = arena.n_parties
    setup = Setup(name, arena, tuple(strats), rules, seed)
    failure = reset_all(setup)
    copies = OfferLog(n).copies  # each party's own record of the offers (hot path: inlined)
    raw: list[Raw] = []
    log = raw.append if rules.trace else ignore
    order = [(rules.first + k) % n for k in range(n)]
    standing: int | None = None
    offerer: int | None = None
    accepted = 0
    status: Status = "failed" if failure else "timeout"
    played, t = 0, 1.0
    for r, t in rules.times() if failure is None else ():
        played = r + 1
        for i in order:
            s = strats[i]
            mine = copies[i]
            view = View(r, t, standing, offerer, History(mine, len(mine)))
            try:
                if standing is not None:
                    if s.respond(view):
                        log((r, t, i, "accept", standing))
                        accepted += 1
                        if accepted == n - 1:
                            status = "agreement"
                            break
                        continue
                    log((r, t, i, "reject", standing))
                code = _valid(s.propose(view), arena.n_outcomes)
            except Exception as err:
                failure, status = Failure(i, s.spec, describe(err)), "failed"
                break
            if code is None:
                log((r, t, i, "end", None))
                status = "ended"
                break
            standing, offerer, accepted = code, i, 0
            item = (r, i, code)
            for c in copies:
                c.append(item)
            log((r, t, i, "offer", code))
        if status != "timeout":
            break
    else:
        t = 1.0
    agreement = standing if status == "agreement" else None
    return finish(setup, Ending(status, agreement, played, t, failure, raw))


# -- mediated single text ---------------------------------------------------------------------


# -- shared plumbing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What a protocol runs: its name, the arena, one strategy per party, the rules, the seed."""

    protocol: str
    arena: Arena
    strategies: tuple[Strategy, ...]
    rules: Rules
    seed: int


@dataclass(frozen=True)
class Ending:
    """How a session ended: its status, the agreement (an outcome code, or None), the rounds
    played, the relative time, the failure if a strategy failed, and the raw trace."""

    status: Status
    agreement: int | None
    played: int
    time: float
    failure: Failure | None
    raw: Sequence[Raw]


def reset_all(setup: Setup) -> Failure | None:
    """Reset every strategy for the session (party ``i`` gets child stream
    ``SESSION_PARTY + i`` of the seed); the first failure, if any."""
    arena, rules = setup.arena, setup.rules
    n = arena.n_parties
    for i, s in enumerate(setup.strategies):
        info = SessionInfo(
            i, n, setup.protocol, rules.rounds, rules.seconds, rules.discount[i], arena.n_outcomes
        )
        try:
            s.reset(arena.prefs[i], info, child(setup.seed, SESSION_PARTY + i))
        except Exception as err:
            return Failure(i, s.spec, describe(err))
    return None


def finish(setup: Setup, end: Ending) -> Session:
    """The session record of a run that ended as ``end`` says."""
    arena, rules, agreement = setup.arena, setup.rules, end.agreement
    game = arena.game
    if agreement is not None:
        utilities = arena.utility_matrix[:, agreement].tolist()
    else:
        utilities = game.reservations.tolist()
    payoffs = [u * d**end.time for u, d in zip(utilities, rules.discount, strict=True)]
    return Session(
        protocol=setup.protocol,
        parties=game.party_ids,
        strategies=tuple(s.spec for s in setup.strategies),
        seed=setup.seed,
        rounds=rules.rounds,
        status=end.status,
        agreement=agreement,
        terms=game.decode(agreement) if agreement is not None else None,
        utilities=tuple(utilities),
        payoffs=tuple(payoffs),
        rounds_played=end.played,
        time=float(end.time),
        failure=end.failure,
        events=_events(arena, end.raw),
        seconds=rules.seconds,
        discount=rules.discount,
        first=rules.first,
    )


def _events(arena: Arena, raw: Sequence[Raw]) -> tuple[Event, ...]:
    if not raw:
        return ()
    rounds, times, parties, actions, codes = zip(*raw, strict=True)
    picked = np.array([c if c is not None else 0 for c in codes], dtype=np.int64)
    utils: Iterable[tuple[float, ...]] = map(tuple, arena.utility_matrix[:, picked].T.tolist())
    if None in codes:
        utils = (u if c is not None else () for u, c in zip(utils, codes, strict=True))
    return tuple(map(Event._make, zip(rounds, times, parties, actions, codes, utils, strict=True)))


def _valid(code: object, n: int) -> int | None:
    if type(code) is int and 0 <= code < n:
        return code
    if code is None:
        return None
    if isinstance(code, bool) or not isinstance(code, int | np.integer):
        raise InvalidMove(f"proposed {code!r}, which is not an outcome code")
    c = int(code)
    if not 0 <= c < n:
        raise InvalidMove(f"proposed outcome {c}, outside the space 0..{n - 1}")
    return c


def describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def ignore(_: object) -> None:
    return None


def _strategies(
    arena: Arena, given: Sequence[str | Strategy] | Mapping[str, str | Strategy]
) -> list[Strategy]:
    ids = arena.game.party_ids
    if isinstance(given, Mapping):
        unknown = [k for k in given if k not in ids]
        missing = [p for p in ids if p not in given]
        if unknown or missing:
            raise InputError.single(
                f"strategies must name each negotiating party ({', '.join(ids)})"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else ""),
                path="strategy",
            )
        seq = [given[p] for p in ids]
    else:
        seq = list(given)
        if len(seq) != len(ids):
            raise InputError.single(
                f"need one strategy per party ({len(ids)}: {', '.join(ids)}), got {len(seq)}",
                path="strategy",
            )
    return [make_strategy(s) for s in seq]


def _check_compatible(name: str, multilateral: bool, arena: Arena, strats: list[Strategy]) -> None:
    n = arena.n_parties
    if n < 2:
        raise InputError.single("a negotiation needs at least two parties", path="strategy")
    if n > 2 and not multilateral:
        raise InputError.single(
            f"protocol {name!r} is bilateral but there are {n} parties; use 'stacked' or "
            "'mediated'",
            path="protocol",
        )
    for s in strats:
        base = s.spec.partition(":")[0]
        if n > 2 and base and base != "scripted" and strategy_spec(base).bilateral_only:
            raise InputError.single(
                f"strategy {base!r} is bilateral only; the session has {n} parties",
                path="strategy",
            )
