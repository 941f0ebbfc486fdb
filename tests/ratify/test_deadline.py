"""Time: walk-away values that move towards the deadline, discounts, and the deadline's rounds."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from zopa.errors import InputError
from zopa.model import scenario_from_text
from zopa.model.validate import scenario_from_document
from zopa.model.yamlsafe import Document
from zopa.negotiate.sources import load_source
from zopa.ratify.deadline import approach, reservations_at

CLOCK = """
name: clock
deadline: {date: 2025-04-30, rounds: 40, label: 100 days}
issues:
  share: {range: [0, 100], step: 10}
parties:
  a:
    reservation: 0.7
    reservation_at_deadline: 0.3
    discount: 0.9
    interests: {share: {weight: 1, prefers: high}}
  b:
    reservation: 0.3
    interests: {share: {weight: 1, prefers: low}}
proposals:
  half: {by: b, terms: {share: 50}}
"""


def test_acceptance_and_zopa_as_the_deadline_approaches() -> None:
    # By hand: a's walk-away is 0.7 - 0.4 t, so it accepts share 50 (utility 0.5) from t = 0.5
    # on. b accepts share <= 70 throughout; a accepts share >= 100 (0.7 - 0.4 t), so the ZOPA
    # is 70..70, 60..70, 50..70, 40..70 and 30..70 at t = 0, 1/4, 1/2, 3/4, 1 (step 10).
    s = scenario_from_text(CLOCK)
    assert reservations_at(s, 0.5).tolist() == pytest.approx([0.5, 0.3])
    result = approach(s, s.proposals["half"].terms, name="half", steps=5)
    a = result.parties[0]
    assert a.accepts == (False, False, True, True, True)
    assert result.signed_at() == (False, False, True, True, True)
    assert result.zopa == (1, 2, 3, 4, 5)
    data = result.to_dict()
    assert data["deadline"] == "100 days"
    assert data["parties"][0]["discounted_utility"][-1] == pytest.approx(0.5 * 0.9)
    assert json.loads(json.dumps(data))["signed"] == [False, False, True, True, True]


def test_without_time_judgements_nothing_moves() -> None:
    s = scenario_from_text(CLOCK.replace("    reservation_at_deadline: 0.3\n", ""))
    result = approach(s, {"share": 70.0}, steps=3)
    assert result.zopa == (1, 1, 1) and result.signed_at() == (True, True, True)


def test_scenario_discounts_and_rounds_reach_the_simulation(tmp_path) -> None:
    path = tmp_path / "clock.yaml"
    path.write_text(CLOCK)
    src = load_source(str(path))
    assert src.discounts == {"a": 0.9} and src.rounds == 40
    assert src.discount() == [0.9, 1.0]
    assert src.discount(0.5) == [0.5, 0.5]


@pytest.mark.parametrize(
    ("edit", "where", "what"),
    [
        (lambda d: d["parties"]["a"].update(discount=0), "parties.a", "(0, 1]"),
        (lambda d: d["parties"]["a"].update(discount=1.5), "parties.a", "(0, 1]"),
        (lambda d: d["parties"]["a"].update(reservation_at_deadline=2), "parties.a", "[0, 1]"),
        (lambda d: d["deadline"].update(rounds=0), "deadline.rounds", "greater than"),
        (lambda d: d["deadline"].update(when="soon"), "deadline.when", "unknown key"),
    ],
)
def test_bad_time_fields_are_located(edit: Any, where: str, what: str) -> None:
    data = yaml.safe_load(CLOCK)
    edit(data)
    with pytest.raises(InputError) as err:
        scenario_from_document(Document(data, "t.yaml"))
    assert any(p.path == where and what in p.message for p in err.value.problems), err.value


def test_cli_deadline(cli, tmp_path) -> None:
    path = tmp_path / "clock.yaml"
    path.write_text(CLOCK)
    r = cli("deadline", str(path), "half")
    assert r.code == 0 and "t=0.50" in r.out and "100 days" in r.out
    data = json.loads(cli("deadline", str(path), "--json", "--steps", "3").out)
    assert data["zopa"] == [1, 3, 5] and data["parties"] == []
    r = cli("deadline", str(path), "--steps", "1")
    assert r.code == 2 and "--steps" in r.err
    r = cli("negotiate", str(path), "--json")
    assert r.code == 0 and json.loads(r.out)["rounds"] == 40


def test_diagnose_says_how_the_answer_changes(cli, tmp_path) -> None:
    path = tmp_path / "clock.yaml"
    path.write_text(CLOCK)
    r = cli("diagnose", str(path), "half")
    assert r.code == 0 and "t=0.25 no, t=0.50 yes" in r.out
    data = json.loads(cli("diagnose", str(path), "half", "--json").out)
    assert data["deadline"]["signed"] == [False, False, True, True, True]


def test_outlook_says_how_the_zopa_changes_as_the_deadline_approaches(cli, tmp_path) -> None:
    # The ZOPA at the point estimates grows 1, 2, 3, 4, 5 packages (worked by hand above).
    path = tmp_path / "clock.yaml"
    path.write_text(CLOCK)
    r = cli("outlook", str(path), "--draws", "20")
    assert r.code == 0 and "As the deadline approaches" in r.out
    assert "t=0.00 1, t=0.25 2, t=0.50 3, t=0.75 4, t=1.00 5 packages" in " ".join(r.out.split())
    data = json.loads(cli("outlook", str(path), "--draws", "20", "--json").out)
    assert data["deadline"]["zopa"] == [1, 2, 3, 4, 5]
    still = tmp_path / "still.yaml"
    still.write_text(CLOCK.replace("    reservation_at_deadline: 0.3\n", ""))
    assert "deadline" not in json.loads(cli("outlook", str(still), "--draws", "20", "--json").out)


def test_show_names_ratifiers_variants_the_deadline_and_time(cli, tmp_path) -> None:
    text = (
        CLOCK.replace(
            "  share: {range: [0, 100], step: 10}\n",
            "  share: {range: [0, 100], step: 10}\n"
            "  cap: {options: [none, phased, full], ordered: true, schedule: {phased: [[0, none], [2.5, full]]}}\n",
        )
        .replace(
            "    interests: {share: {weight: 1, prefers: low}}\n",
            "    time_preference: {discount: 0.8}\n"
            "    interests: {share: {weight: 1, prefers: low}, cap: {weight: 1, prefers: high}}\n"
            "    ratifiers:\n"
            "      senate: {rule: unanimity, factions: {x: {seats: 3}, y: {seats: 4}}}\n",
        )
        .replace(
            "proposals:\n", "variants:\n  solo: {label: B alone, signatories: [b]}\nproposals:\n"
        )
        .replace("{share: 50}", "{share: 50, cap: none}")
    )
    path = tmp_path / "clock.yaml"
    path.write_text(text)
    out = " ".join(cli("show", str(path)).out.split())
    assert "ratifier of b: senate (needs every faction; seats: x 3, y 4)" in out
    assert "table variant B alone: b sign" in out
    assert "deadline: 100 days; 2025-04-30; 40 rounds" in out
    assert "time for a: walk-away 0.30 at the deadline; discount 0.9 to the deadline" in out
    assert "time for b: weighs schedules with discount 0.8" in out
    assert "schedule of cap: if phased: none from 0, full from 2.5" in out


def test_deadline_with_ratification(cli, tmp_path) -> None:
    # b's senate passes only share <= 40; the ZOPA 70..70, 60..70, 50..70, 40..70, 30..70
    # (worked above) keeps 0, 0, 0, 1 and 2 of its packages.
    path = tmp_path / "clock.yaml"
    path.write_text(
        CLOCK.replace(
            "    interests: {share: {weight: 1, prefers: low}}\n",
            "    interests: {share: {weight: 1, prefers: low}}\n"
            "    ratifiers:\n"
            "      senate: {rule: majority, factions: {x: {seats: 3, red_lines: ['share <= 40']}}}\n",
        )
    )
    data = json.loads(cli("deadline", str(path), "--ratified", "--json").out)
    assert data["zopa"] == [0, 0, 0, 1, 2] and data["ratified"] is True
    assert json.loads(cli("deadline", str(path), "--json").out)["zopa"] == [1, 2, 3, 4, 5]
    assert "ZOPA with ratification" in cli("deadline", str(path), "--ratified").out
