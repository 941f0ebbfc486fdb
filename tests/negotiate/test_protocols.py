"""Protocols as transcripts: scripted parties make every move explicit."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from zopa.errors import InputError, TooLargeError
from zopa.negotiate import Rules, Scripted, Session, negotiate, replay
from zopa.negotiate.protocols import MAX_MOVES, MAX_TRACE_MOVES
from zopa.negotiate.session import MEDIATOR

from .games import pie, random_game


def test_alternating_offers_transcript() -> None:
    s = negotiate(
        pie(),
        [Scripted(offers=[900, 800, 700], accepts=[False, False]),
         Scripted(offers=[100, 200, 300], accepts=[False, False, True])],
        rounds=10,
    )  # fmt: skip
    assert s.transcript() == [
        "0 a offers 900 (0.9, 0.1)",
        "0 b rejects 900 (0.9, 0.1)",
        "0 b offers 100 (0.1, 0.9)",
        "1 a rejects 100 (0.1, 0.9)",
        "1 a offers 800 (0.8, 0.2)",
        "1 b rejects 800 (0.8, 0.2)",
        "1 b offers 200 (0.2, 0.8)",
        "2 a rejects 200 (0.2, 0.8)",
        "2 a offers 700 (0.7, 0.3)",
        "2 b accepts 700 (0.7, 0.3)",
        "agreement 700",
    ]
    assert s.terms == {"pie": "700"} and s.utilities == (0.7, 0.3)
    assert s.rounds_played == 3


def test_the_second_party_can_move_first() -> None:
    s = negotiate(pie(), [Scripted([900]), Scripted([100], accepts=[True])], first=1, rounds=5)
    assert s.transcript()[:2] == ["0 b offers 100 (0.1, 0.9)", "0 a rejects 100 (0.1, 0.9)"]


def test_deadline_ends_in_timeout_with_reservation_utilities() -> None:
    s = negotiate(pie(rv=(0.3, 0.2)), [Scripted([900]), Scripted([100])], rounds=4)
    assert s.status == "timeout" and s.agreement is None and s.rounds_played == 4
    assert s.utilities == (0.3, 0.2) and s.time == 1.0


def test_stacked_offer_passes_only_when_every_other_party_accepts() -> None:
    game = random_game(1, shape=(3, 3), parties=3)
    s = negotiate(
        game,
        [Scripted(offers=[1, 2], accepts=[False, True]),
         Scripted(offers=[5], accepts=[True, True]),
         Scripted(offers=[7], accepts=[False])],
        protocol="stacked",
        rounds=5,
    )  # fmt: skip
    moves = [line.split(" (")[0] for line in s.transcript()]
    later = [
        "{r} p0 rejects 7", "{r} p0 offers 2", "{r} p1 rejects 2", "{r} p1 offers 5",
        "{r} p2 rejects 5", "{r} p2 offers 7",
    ]  # fmt: skip
    assert moves == [
        "0 p0 offers 1",
        "0 p1 accepts 1",
        "0 p2 rejects 1",  # p1's acceptance lapses: p2 counters
        "0 p2 offers 7",
        "1 p0 rejects 7",
        "1 p0 offers 2",
        "1 p1 accepts 2",
        "1 p2 rejects 2",  # past its script: rejects and repeats its last offer
        "1 p2 offers 7",
        "2 p0 accepts 7",
        "2 p1 rejects 7",
        "2 p1 offers 5",
        "2 p2 rejects 5",
        "2 p2 offers 7",
        *[line.replace("{r}", str(r)) for r in (3, 4) for line in later],
        "timeout",
    ]


def test_stacked_agreement_needs_all_acceptances_in_a_row() -> None:
    game = random_game(1, shape=(3, 3), parties=3)
    s = negotiate(
        game,
        [Scripted(offers=[4]), Scripted(accepts=[True]), Scripted(accepts=[True])],
        protocol="stacked",
        rounds=3,
    )
    assert s.status == "agreement" and s.agreement == 4 and s.rounds_played == 1
    assert [e.action for e in s.events] == ["offer", "accept", "accept"]


def test_mediated_adopts_a_change_only_when_all_vote_for_it() -> None:
    game = random_game(2, shape=(3, 4, 2))
    s = negotiate(
        game,
        [Scripted(votes=[True, True, False], accepts=[True]),
         Scripted(votes=[True, False, True], accepts=[True])],
        protocol="mediated",
        rounds=3,
        seed=5,
    )  # fmt: skip
    proposals = [e.outcome for e in s.events if e.party == MEDIATOR]
    assert len(proposals) == 3
    # round 0 adopted (both yes), rounds 1 and 2 not: the final text is the first proposal
    assert s.status == "agreement" and s.agreement == proposals[0]
    idx = game.indices(proposals)
    assert int(np.sum(idx[1] != idx[0])) == 1  # each proposal changes one issue of the text
    assert int(np.sum(idx[2] != idx[0])) == 1


def test_mediated_text_fails_when_a_party_refuses_to_ratify() -> None:
    game = random_game(2)
    s = negotiate(game, [Scripted(votes=[True] * 9, accepts=[True]), Scripted(accepts=[False])],
                  protocol="mediated", rounds=5, seed=1)  # fmt: skip
    assert s.status == "timeout" and s.agreement is None
    assert [e.action for e in s.events[-2:]] == ["accept", "reject"]


@pytest.mark.parametrize("call", ["propose", "respond"])
def test_a_raising_strategy_fails_the_session_not_the_run(call: str) -> None:
    s = negotiate(pie(), [Scripted([900], raise_on=call), Scripted([100])], rounds=5, first=1)
    assert s.status == "failed" and s.agreement is None
    assert s.failure is not None and s.failure.party == 0
    assert s.failure.error == f"RuntimeError: scripted failure in {call}"
    assert Session.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_a_raising_voter_fails_the_mediated_session() -> None:
    s = negotiate(pie(), [Scripted(), Scripted(raise_on="vote")], protocol="mediated", rounds=5)
    assert s.status == "failed" and s.failure is not None and s.failure.party == 1


def test_a_strategy_failing_at_reset_is_recorded() -> None:
    class Broken(Scripted):
        def reset(self, *args: object) -> None:
            raise ValueError("bad setup")

    s = negotiate(pie(), [Scripted([900]), Broken()], rounds=5)
    assert s.status == "failed" and s.rounds_played == 0 and s.events == ()
    assert s.failure is not None and s.failure.error == "ValueError: bad setup"


@pytest.mark.parametrize("bad", [1001, -1, 2.0, "3", True])
def test_an_offer_outside_the_space_is_a_failure(bad: object) -> None:
    s = negotiate(pie(), [Scripted([bad]), Scripted([100])], rounds=5)  # type: ignore[list-item]
    assert s.status == "failed" and s.failure is not None
    assert s.failure.error.startswith("InvalidMove")


def test_walking_away_ends_the_session() -> None:
    s = negotiate(pie(), [Scripted([900]), Scripted([None])], rounds=5)
    assert s.status == "ended" and s.events[-1].action == "end" and s.rounds_played == 1


def test_discount_applies_at_the_time_of_agreement() -> None:
    s = negotiate(pie(), ["linear", "linear"], rounds=99, discount=[0.5, 0.9], seed=0)
    t = 50 / 100
    assert s.time == t
    np.testing.assert_allclose(s.payoffs, (0.5 * 0.5**t, 0.5 * 0.9**t))
    broken = negotiate(pie(rv=(0.4, 0.4)), ["hardliner"] * 2, rounds=9, discount=0.5)
    np.testing.assert_allclose(broken.payoffs, (0.4 * 0.5, 0.4 * 0.5))  # t = 1 at the deadline


def test_wall_clock_deadline_ends_the_session() -> None:
    start = time.perf_counter()
    s = negotiate(pie(), ["hardliner", "hardliner"], rounds=None, seconds=0.05, trace=False)
    assert s.status == "timeout" and s.rounds_played > 0
    assert time.perf_counter() - start >= 0.05


def test_sessions_replay_and_round_trip_through_json() -> None:
    game = random_game(4, shape=(5, 5))
    for protocol in ("alternating", "mediated"):
        s = negotiate(game, ["random", "micro"] if protocol == "alternating" else ["random"] * 2,
                      protocol=protocol, rounds=40, seed=123)  # fmt: skip
        assert replay(s, game) == s
        assert Session.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_no_seed_is_seed_zero() -> None:
    game = random_game(4)
    unseeded = negotiate(game, ["random", "random"], rounds=20)
    assert unseeded.seed == 0
    assert unseeded == negotiate(game, ["random", "random"], rounds=20, seed=0)


def test_a_generator_or_no_seed_still_records_a_replayable_seed() -> None:
    game = random_game(4)
    for rng in (np.random.default_rng(9), None):
        s = negotiate(game, ["random", "random"], rounds=20, seed=rng)
        assert isinstance(s.seed, int) and replay(s, game) == s


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strategies": ["linear"]}, "one strategy per party"),
        ({"strategies": {"a": "linear", "c": "linear"}}, "unknown: c"),
        ({"strategies": ["linear", "nosuch"]}, "unknown strategy 'nosuch'"),
        ({"strategies": ["linear:x=1", "linear"]}, "has no parameter 'x'"),
        ({"strategies": ["time-dependent:e=-1", "linear"]}, "need e >= 0"),
        ({"strategies": ["linear:e=2", "linear"]}, "'linear' fixes e=1.0; .* time-dependent:e=2"),
        ({"strategies": ["boulware:e=0.5", "linear"]}, "fixes e=0.2"),
        ({"strategies": ["time-dependent:e=abc", "linear"]}, "parameter 'e' expects a number"),
        ({"strategies": ["linear", "random:p_accept=yes"]}, "'p_accept' expects a number"),
        ({"strategies": ["tit-for-tat:delta=1.5", "linear"]}, "'delta' expects an integer"),
        ({"strategies": ["tit-for-tat:must_concede=1", "linear"]}, "expects true or false"),
        ({"strategies": ["linear:e", "linear"]}, "write name:param=value"),
        ({"protocol": "auction"}, "unknown protocol"),
        ({"rounds": 0}, "rounds must be >= 1"),
        ({"rounds": None}, "give a deadline"),
        ({"discount": [0.5]}, "one per party"),
        ({"discount": 1.5}, "discount"),
        ({"seed": -3}, "non-negative"),
    ],
)
def test_bad_requests_are_input_errors(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"strategies": ["linear", "linear"], **kwargs}
    strategies = args.pop("strategies")
    with pytest.raises(InputError, match=message):
        negotiate(pie(), strategies, **args)  # type: ignore[arg-type]


def test_the_default_protocol_follows_the_number_of_parties() -> None:
    assert negotiate(pie(), ["linear", "linear"], rounds=10).protocol == "alternating"
    three = random_game(1, parties=3)
    default = negotiate(three, ["linear"] * 3, rounds=10)
    assert default.protocol == "stacked"
    assert default == negotiate(three, ["linear"] * 3, rounds=10, protocol="stacked")


def test_bilateral_protocol_refuses_three_parties() -> None:
    with pytest.raises(InputError, match="use 'stacked' or 'mediated'"):
        negotiate(random_game(1, parties=3), ["linear"] * 3, protocol="alternating")


def test_deadlines_too_long_to_keep_in_memory_are_refused() -> None:
    rounds = MAX_TRACE_MOVES // 2 + 1
    with pytest.raises(TooLargeError, match="reduce the rounds or run without the trace"):
        negotiate(pie(10), ["linear", "linear"], rounds=rounds)
    with pytest.raises(TooLargeError, match=f"{MAX_MOVES + 1:,} moves"):
        negotiate(random_game(1, parties=3), ["linear"] * 3, protocol="stacked",
                  rounds=MAX_MOVES // 3 + 1, trace=False)  # fmt: skip
    assert Rules.build(2, MAX_TRACE_MOVES // 2, None, None).rounds == MAX_TRACE_MOVES // 2
    assert Rules.build(3, MAX_MOVES // 3, None, None, trace=False).rounds == MAX_MOVES // 3
