"""Seeds and random generators: one meaning for every random path of the library.

Every public function that draws anything takes ``seed``: an integer ``>= 0``, a
``numpy.random.Generator``, or ``None``. ``None`` always means seed 0 (never the clock), so the
same call gives the same bytes. A Generator is used as given where a function draws from one
stream, and gives one integer seed (:func:`as_seed`) where it derives child streams. (A
parameter called ``rng`` is a Generator the callee draws from and shares with its caller, e.g.
``Strategy.reset(prefs, info, rng)`` or ``Uncertain.sample(rng)``; it is never a seed.)

Child streams are ``numpy.random.SeedSequence(seed, spawn_key=key)`` (for a one-number key,
equal to ``SeedSequence(seed).spawn(n)[key]``); the keys are named below rather than written as
numbers where they are used.
"""

from __future__ import annotations

import numpy as np

from zopa.errors import InputError

__all__ = [
    "FORECAST_BACKTEST",
    "FORECAST_MODEL_NOISE",
    "FORECAST_SOBOL_SUBSAMPLE",
    "OUTLOOK_CHUNK",
    "OUTLOOK_PILOTS",
    "RUN_CHUNK",
    "SESSION_PARTY",
    "SESSION_PROTOCOL",
    "SeedLike",
    "as_seed",
    "child",
    "child_seed",
    "generator",
    "sequence",
]

#: What every ``seed`` parameter accepts.
SeedLike = int | np.integer | np.random.Generator | None

#: Stream of a negotiation session's protocol (the mediator's moves, the first text).
SESSION_PROTOCOL = 0
#: First party stream of a session: party ``i`` draws from stream ``SESSION_PARTY + i``.
SESSION_PARTY = 1

#: Stream key prefix of the outlook's chunks of draws: chunk ``c`` is ``(OUTLOOK_CHUNK, c)``.
OUTLOOK_CHUNK = 0
#: Stream of the outlook's pilot draws that pool frontier candidates.
OUTLOOK_PILOTS = 1

#: Stream key prefix of a stochastic forecast model's own noise in Monte Carlo draw ``i``:
#: ``(FORECAST_MODEL_NOISE, i)``.
FORECAST_MODEL_NOISE = 1
#: Stream of the subsample a Sobol analysis reuses for its reliability check.
FORECAST_SOBOL_SUBSAMPLE = 2
#: Stream of the draws of a backtest.
FORECAST_BACKTEST = 3

#: Stream key prefix of the chunks of a resumable run (:mod:`zopa.runs.chunks`): chunk ``i``
#: is handed ``(RUN_CHUNK, i)``. The analyses chunked so far draw from their own streams
#: (numbered by the draw, session or chunk of the analysis), so this one is for new chunked
#: work whose randomness has no stream of its own.
RUN_CHUNK = 4


def as_seed(seed: SeedLike, *, path: str = "seed") -> int:
    """The integer seed of ``seed``: itself (``>= 0``), 0 for ``None``, or one number in
    ``[0, 2**63)`` drawn from a Generator. Anything else is an :class:`InputError` at ``path``."""
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    if seed is None:
        return 0
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError.single(f"seed must be a non-negative integer, not {seed!r}", path=path)
    return int(seed)


def generator(seed: SeedLike) -> np.random.Generator:
    """``seed`` itself if it is a Generator, else ``default_rng(as_seed(seed))``."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_seed(seed))


def sequence(seed: int, *key: int) -> np.random.SeedSequence:
    """Child stream ``key`` of ``seed``: ``SeedSequence(seed, spawn_key=key)``."""
    return np.random.SeedSequence(seed, spawn_key=key)


def child(seed: int, *key: int) -> np.random.Generator:
    """The generator of child stream ``key`` of ``seed``:
    ``default_rng(SeedSequence(seed, spawn_key=key))``."""
    return np.random.default_rng(sequence(seed, *key))


def child_seed(seed: int, *key: int) -> int:
    """An integer seed in ``[0, 2**63)`` for child ``key`` of ``seed`` (the first 64-bit word
    of ``SeedSequence(seed, spawn_key=key)``'s state, halved): e.g. tournament session
    (scenario, assignment, repetition)."""
    state = sequence(seed, *key).generate_state(1, np.uint64)
    return int(state[0] >> 1)
