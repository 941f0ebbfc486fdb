"""The mediated single-negotiation-text protocol.

Raiffa (1982), *The Art and Science of Negotiation*, ch. 14 (the single negotiating text of the
Camp David talks), in the automated form of Klein, Faratin, Sayama & Bar-Yam (2003),
*Negotiating complex contracts*, Group Decision and Negotiation 12(2):111-125: a mediator starts
from a random text and each round proposes changing one randomly chosen issue to another random
value; the change is adopted iff every party votes for it (``Strategy.vote``). At the deadline
each party ratifies or rejects the final text (``Strategy.respond``); the text is the agreement
iff all ratify. The mediator draws from child stream 0 of the session seed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zopa.negotiate.arena import Arena, OfferLog, View
from zopa.negotiate.protocols import (
    Ending,
    Raw,
    Rules,
    Setup,
    describe,
    finish,
    ignore,
    reset_all,
)
from zopa.negotiate.registry import register_protocol
from zopa.negotiate.session import MEDIATOR, Failure, Session, Status
from zopa.negotiate.strategies.base import Strategy
from zopa.seeds import SESSION_PROTOCOL, child


@register_protocol(
    "mediated",
    multilateral=True,
    citation="Raiffa (1982) single negotiation text; Klein, Faratin, Sayama & Bar-Yam (2003)",
)
def mediated(arena: Arena, strats: Sequence[Strategy], rules: Rules, seed: int) -> Session:
    """Single negotiation text: a mediator proposes one-issue changes, parties vote."""
    setup = Setup("mediated", arena, tuple(strats), rules, seed)
    failure = reset_all(setup)
    rng = child(seed, SESSION_PROTOCOL)
    offers = OfferLog(arena.n_parties)
    raw: list[Raw] = []
    log = raw.append if rules.trace else ignore
    mutate = _mutator(arena.game.shape, rng)
    text = _first_text(rng, arena.n_outcomes)
    status: Status = "failed" if failure else "timeout"
    played = 0
    try:
        for r, t in rules.times() if failure is None else ():
            played = r + 1
            proposal = mutate(text)
            offers.add((r, MEDIATOR, proposal))
            log((r, t, MEDIATOR, "propose", proposal))
            votes = [
                _ask(i, s, s.vote, View(r, t, proposal, MEDIATOR, offers.history(i), text))
                for i, s in enumerate(strats)
            ]
            for i, yes in enumerate(votes):
                log((r, t, i, "vote-yes" if yes else "vote-no", proposal))
            if all(votes):
                text = proposal
        if failure is None:
            answers = [
                _ask(i, s, s.respond, View(played, 1.0, text, MEDIATOR, offers.history(i), text))
                for i, s in enumerate(strats)
            ]
            for i, yes in enumerate(answers):
                log((played, 1.0, i, "accept" if yes else "reject", text))
            status = "agreement" if all(answers) else "timeout"
    except _Failed as err:
        failure, status = err.failure, "failed"
    agreement = text if status == "agreement" else None
    return finish(setup, Ending(status, agreement, played, 1.0, failure, raw))


def initial_text(seed: int, n_outcomes: int) -> int:
    """The random text a mediated session with this seed starts from."""
    return _first_text(child(seed, SESSION_PROTOCOL), n_outcomes)


def _first_text(rng: np.random.Generator, n_outcomes: int) -> int:
    return int(rng.integers(n_outcomes))


class _Failed(Exception):
    def __init__(self, failure: Failure) -> None:
        self.failure = failure


def _ask(i: int, s: Strategy, fn: Callable[[View], bool], view: View) -> bool:
    """Call a strategy's yes/no method; any exception becomes a recorded failure."""
    try:
        return bool(fn(view))
    except Exception as err:
        raise _Failed(Failure(i, s.spec, describe(err))) from err


def _mutator(shape: tuple[int, ...], rng: np.random.Generator) -> Callable[[int], int]:
    """A function changing one random issue of an outcome code to another random value."""
    strides = [int(np.prod(shape[k + 1 :])) for k in range(len(shape))]
    movable = [k for k, n in enumerate(shape) if n > 1]

    def mutate(code: int) -> int:
        if not movable:
            return code
        k = movable[int(rng.integers(len(movable)))]
        old = (code // strides[k]) % shape[k]
        new = int(rng.integers(shape[k] - 1))
        new += new >= old
        return code + (new - old) * strides[k]

    return mutate
