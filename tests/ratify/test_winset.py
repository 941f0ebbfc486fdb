"""Ratification: a two-level known answer, rules, and win-set properties."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import interest, scenarios, unit
from zopa.errors import InputError
from zopa.frontier import frontier, solve_all, zopa
from zopa.model import scenario_from_text
from zopa.model.validate import scenario_from_document
from zopa.model.yamlsafe import Document
from zopa.ratify import ratification, ratified_game, win_set

TWO_LEVEL = """
name: two-level
issues:
  share: {range: [0, 100], step: 10}
parties:
  a:
    reservation: 0.2
    interests: {share: {weight: 1, prefers: high}}
    ratifiers:
      parliament:
        name: Parliament of A
        rule: majority
        factions:
          doves: {seats: 40, reservation: 0.2, interests: {share: {weight: 1, prefers: high}}}
          hawks: {seats: 60, reservation: 0.6, interests: {share: {weight: 1, prefers: high}}}
  b:
    reservation: 0.2
    interests: {share: {weight: 1, prefers: low}}
"""


def test_a_hawkish_ratifier_shrinks_the_win_set_and_moves_the_deal() -> None:
    # Putnam (1988): the negotiator of A can only sign what A's parliament ratifies. A's share
    # s gives A utility s/100 and B 1 - s/100; both walk away below 0.2. Without ratification
    # the ZOPA is s in 20..80 and the symmetric Nash deal s = 50. The hawks (60 of 100 seats)
    # vote for s >= 60 only, so the win-set is 60..100, the ZOPA 60..80, and the Nash deal
    # moves to s = 60: the smaller win-set is a bargaining advantage (Schelling's conjecture,
    # as Putnam states it). Worked by brute force over the 11 grid points.
    s = scenario_from_text(TWO_LEVEL)
    grid = [10 * k for k in range(11)]
    plain = [x for x in grid if x / 100 >= 0.2 and 1 - x / 100 >= 0.2 - 1e-9]
    hawks_pass = [x for x in grid if x / 100 >= 0.6 - 1e-9]
    assert plain == [20, 30, 40, 50, 60, 70, 80] and hawks_pass == [60, 70, 80, 90, 100]
    g, r = s.compile(), ratified_game(s)
    assert zopa(g).size == len(plain)
    assert zopa(r).size == len(set(plain) & set(hawks_pass)) == 3
    assert win_set(s, "a").size == len(hawks_pass)
    nash_plain = solve_all(g, front=frontier(g))["nash"]
    nash_ratified = solve_all(r, front=frontier(r))["nash"]
    assert nash_plain is not None and nash_ratified is not None
    assert g.decode(nash_plain.code)["share"] == 50
    assert r.decode(nash_ratified.code)["share"] == 60


def test_dovish_majority_does_not_bind() -> None:
    text = TWO_LEVEL.replace("seats: 40", "seats: 70")
    s = scenario_from_text(text)
    assert win_set(s, "a").size == 9  # doves pass s >= 20
    assert zopa(ratified_game(s)).size == zopa(s.compile()).size


def test_vote_reports_margin_and_reasons() -> None:
    s = scenario_from_text(TWO_LEVEL)
    vote = ratification(s, {"share": 50})
    (body,) = vote.bodies
    assert not body.passes and body.yes_seats == 40 and body.needed == 51 and body.margin == -11
    hawks = next(f for f in body.factions if f.faction == "hawks")
    assert not hawks.yes and "walk-away 0.60" in hawks.reason()
    assert vote.ratified_by("b") and not vote.ratified_by("a")
    assert ratification(s, {"share": 60}).ratified_by("a")


@pytest.mark.parametrize(
    ("rule", "passed"),
    [
        ("unanimity", [60, 70, 80, 90, 100]),
        ({"kind": "qualified", "threshold": 0.6}, [60, 70, 80, 90, 100]),
        ({"kind": "qualified", "threshold": 0.4}, [20, 30, 40, 50, 60, 70, 80, 90, 100]),
        ({"kind": "majority", "veto": ["doves"]}, [60, 70, 80, 90, 100]),
        ({"kind": "majority", "veto": ["hawks"]}, [60, 70, 80, 90, 100]),
    ],
)
def test_rules(rule: Any, passed: list[int]) -> None:
    import yaml

    data = yaml.safe_load(TWO_LEVEL)
    data["parties"]["a"]["ratifiers"]["parliament"]["rule"] = rule
    s = scenario_from_document(Document(data, "t.yaml"))
    for x in range(0, 101, 10):
        assert ratification(s, {"share": float(x)}).ratified_by("a") == (x in passed), x
    assert win_set(s, "a").size == len(passed)


def test_red_lines_of_a_faction_count() -> None:
    text = (
        TWO_LEVEL.replace("doves: {seats: 40,", "doves: {seats: 40, red_lines: ['share <= 70'],")
        .replace("seats: 60", "seats: 30")
        .replace("seats: 40", "seats: 70")
    )
    s = scenario_from_text(text)
    vote = ratification(s, {"share": 80})
    doves = next(f for f in vote.bodies[0].factions if f.faction == "doves")
    assert not doves.yes and "share <= 70" in doves.reason()
    assert win_set(s, "a").size == 6  # doves: 20..70


@pytest.mark.parametrize(
    ("edit", "where", "what"),
    [
        (
            lambda f: f["doves"]["interests"].update({"sharee": {"weight": 1, "prefers": "high"}}),
            "parties.a.ratifiers.parliament.factions.doves.interests.sharee",
            "unknown issue",
        ),
        (
            lambda f: f["doves"].update({"red_lines": ["shar > 3"]}),
            "parties.a.ratifiers.parliament.factions.doves.red_lines[0]",
            "share",
        ),
        (
            lambda f: f["doves"].update({"seats": 0}),
            "parties.a.ratifiers.parliament.factions.doves.seats",
            "greater than or equal to 1",
        ),
        (
            lambda f: f["doves"].pop("seats"),
            "parties.a.ratifiers.parliament.factions.doves.seats",
            "missing",
        ),
    ],
)
def test_bad_factions_are_located(edit: Any, where: str, what: str) -> None:
    import yaml

    data = yaml.safe_load(TWO_LEVEL)
    edit(data["parties"]["a"]["ratifiers"]["parliament"]["factions"])
    with pytest.raises(InputError) as err:
        scenario_from_document(Document(data, "t.yaml"))
    assert any(p.path == where and what in p.message for p in err.value.problems), err.value


@pytest.mark.parametrize(
    ("rule", "what"),
    [
        ({"kind": "qualified"}, "needs a 'threshold'"),
        ({"kind": "majority", "threshold": 0.6}, "'threshold' goes with"),
        ({"kind": "plurality"}, "majority"),
        ({"kind": "majority", "veto": ["owls"]}, "unknown: owls"),
    ],
)
def test_bad_rules_are_errors(rule: Any, what: str) -> None:
    import yaml

    data = yaml.safe_load(TWO_LEVEL)
    data["parties"]["a"]["ratifiers"]["parliament"]["rule"] = rule
    with pytest.raises(InputError) as err:
        scenario_from_document(Document(data, "t.yaml"))
    assert any(
        p.path.startswith("parties.a.ratifiers.parliament") and what in p.message
        for p in err.value.problems
    ), err.value


# -- properties ----------------------------------------------------------------------------------


@st.composite
def ratified_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(scenarios(max_parties=3))
    issues = data["issues"]
    bodies = {}
    for b in range(draw(st.integers(1, 2))):
        factions = {}
        for f in range(draw(st.integers(1, 3))):
            chosen = draw(st.lists(st.sampled_from(sorted(issues)), min_size=1, unique=True))
            factions[f"f{f}"] = {
                "seats": draw(st.integers(1, 50)),
                "reservation": draw(unit),
                "interests": {i: draw(interest(issues[i])) for i in chosen},
            }
        rule = draw(
            st.sampled_from(
                [
                    "majority",
                    "unanimity",
                    {"kind": "qualified", "threshold": 0.66},
                    {"kind": "majority", "veto": ["f0"]},
                ]
            )
        )
        bodies[f"b{b}"] = {"factions": factions, "rule": rule}
    first = next(iter(data["parties"]))
    data["parties"][first]["ratifiers"] = bodies
    return data


def _load(data: dict[str, Any]):
    return scenario_from_document(Document(data, "generated.yaml"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratified_scenarios())
def test_win_set_packages_are_ratified_by_the_vote(data: dict[str, Any]) -> None:
    # The compiled masks and the exact vote agree on every grid package: a package is in the
    # win-set exactly when the bodies' majorities accept it.
    s = _load(data)
    party = next(iter(s.parties))
    g, r = s.compile(), ratified_game(s)
    p = g.party_ids.index(party)
    own, with_ratifiers = g.feasible()[p], r.feasible()[p]
    for code in range(min(g.n_outcomes, 200)):
        if own[code]:  # the party's own red lines hold: the masks add only the vote
            ratified = ratification(s, g.decode(code)).ratified_by(party)
            assert bool(with_ratifiers[code]) == ratified


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratified_scenarios(), st.data())
def test_adding_a_ratifier_never_enlarges_the_win_set(data: dict[str, Any], more) -> None:
    s = _load(data)
    party = next(iter(s.parties))
    extra = copy.deepcopy(data)
    issues = data["issues"]
    chosen = more.draw(st.lists(st.sampled_from(sorted(issues)), min_size=1, unique=True))
    extra["parties"][party]["ratifiers"]["added"] = {
        "factions": {
            "x": {
                "seats": 1,
                "reservation": more.draw(unit),
                "interests": {i: more.draw(interest(issues[i])) for i in chosen},
            }
        }
    }
    bigger = _load(extra)
    before = ratified_game(s).acceptable()
    after = ratified_game(bigger).acceptable()
    assert not np.any(after & ~before)
    assert win_set(bigger, party).size <= win_set(s, party).size


def test_cli_diagnose_frontier_winset_and_power(cli, tmp_path) -> None:
    import json

    path = tmp_path / "two.yaml"
    path.write_text(TWO_LEVEL)
    r = cli("diagnose", str(path), "--terms", "share=50")
    assert r.code == 0 and "Parliament of A" in r.out and "fails" in r.out
    data = json.loads(cli("diagnose", str(path), "--terms", "share=50", "--json").out)
    assert data["ratification"]["ratified"] == {"a": False}
    plain = json.loads(cli("frontier", str(path), "--json").out)
    ratified = json.loads(cli("frontier", str(path), "--ratified", "--json").out)
    assert plain["zopa"]["size"] == 7 and ratified["zopa"]["size"] == 3
    sol = json.loads(cli("solutions", str(path), "--ratified", "--json").out)
    assert sol["solutions"]["nash"]["terms"]["share"] == 60
    w = json.loads(cli("winset", str(path), "--json").out)
    assert w["win_sets"][0]["size"] == 5 and w["zopa_ratified"] == 3
    assert "win-set of 5 of 11" in cli("winset", str(path)).out
    p = json.loads(cli("power", str(path), "--json").out)
    assert p["bodies"][0]["members"]["hawks"]["shapley_shubik"] == 1.0
    bad = tmp_path / "bad.yaml"
    bad.write_text(TWO_LEVEL.replace("rule: majority", "rule: plurality"))
    r = cli("winset", str(bad))
    assert r.code == 2 and "parties.a.ratifiers.parliament.rule" in r.err


def test_counter_robustness_redraws_the_factions_under_ratification() -> None:
    # The hawks' walk-away value is uniform on [0.5, 0.7]. A package giving A a share of 60 is
    # worth 0.6 to them, so they pass it in half of the draws (P(r <= 0.6) = 1/2); a share of 70
    # passes in every draw. Without ratification both are accepted in every draw.
    from zopa.counter.robust import robustness

    text = TWO_LEVEL.replace("reservation: 0.6", "reservation: {low: 0.5, high: 0.7}")
    s = scenario_from_text(text)
    plain, ratified = s.compile(), ratified_game(s)
    codes = [plain.encode({"share": 60}), plain.encode({"share": 70})]
    draws = 2000
    held = robustness(s, ratified, codes, [0, 1], draws=draws, seed=5)
    se = (0.25 / draws) ** 0.5
    assert abs(held[codes[0]].share - 0.5) <= 4 * se
    assert held[codes[1]].share == 1.0
    assert all(r.share == 1.0 for r in robustness(s, plain, codes, [0, 1], draws=50).values())


def test_a_body_without_a_name_is_called_by_its_id(cli, tmp_path) -> None:
    import json

    path = tmp_path / "nameless.yaml"
    path.write_text(TWO_LEVEL.replace("        name: Parliament of A\n", ""))
    s = scenario_from_text(path.read_text())
    assert win_set(s, "a").bodies == ("parliament",)
    labels = [f.label for f in ratified_game(s).constraints]
    assert "ratification by parliament" in labels
    w = json.loads(cli("winset", str(path), "--json").out)
    assert w["win_sets"][0]["bodies"] == ["parliament"]
    assert "passed by parliament" in cli("winset", str(path)).out


def test_every_draw_of_a_body_compiles_one_factions_scenario() -> None:
    """The factions' scenario of a body is built once per scenario, so drawn games of the body
    share what no draw changes, and each draw still gets its own numbers."""
    import numpy as np

    from zopa.model import load_scenario
    from zopa.model.values import sampler
    from zopa.ratify.winset import faction_game

    scenario = load_scenario("peace-talks-2025")
    body = next(b for p in scenario.parties.values() for b in p.ratifiers.values())
    issues, point = faction_game(scenario, body)
    again, drawn = faction_game(scenario, body, sampler(np.random.default_rng(5)))
    assert again == issues
    assert all(
        a.table is b.table for a, b in zip(point.constraints, drawn.constraints, strict=True)
    )
    assert not np.array_equal(point.reservations, drawn.reservations)  # the factions' walk-away
