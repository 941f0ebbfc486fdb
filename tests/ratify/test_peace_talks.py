"""The bundled peace-talks-2025 scenario: sourcing rules, and what its docs say it shows."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import numpy as np
import pytest

from zopa.diagnose import diagnose_proposal
from zopa.frontier.zone import zopa_mask
from zopa.model import load_scenario
from zopa.model.validate import evidence_items
from zopa.ratify import ratification, ratified_game
from zopa.ratify.compare import compare
from zopa.ratify.variants import declared

NAME = "peace-talks-2025"
CUT_OFF = dt.date(2025, 2, 16)
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(NAME)


def test_uses_nothing_after_the_cut_off(scenario) -> None:
    assert scenario.as_of == CUT_OFF
    for sid, source in scenario.sources.items():
        assert source.date is None or source.date <= CUT_OFF, sid
    for name, p in scenario.proposals.items():
        assert p.date is not None and p.date <= CUT_OFF, name


def test_every_judgement_has_evidence(scenario) -> None:
    cited = {ev.source for _, ev in evidence_items(scenario) if ev.source}
    assert cited == set(scenario.sources)
    for pid, party in scenario.parties.items():
        assert party.capability.evidence and party.reservation.evidence, pid
        for iid, interest in party.interests.items():
            assert interest.evidence, (pid, iid)
        for red in party.red_lines:
            assert red.evidence and red.label, (pid, red.rule)
        for body in party.ratifiers.values():
            assert body.evidence
            for fid, faction in body.factions.items():
                assert faction.evidence or any(r.evidence for r in faction.red_lines), fid
    for vid, variant in scenario.variants.items():
        assert variant.evidence, vid
    for name, p in scenario.proposals.items():
        assert p.evidence, name


def test_table_variants_of_the_brief(scenario) -> None:
    assert {v: tuple(x.signatories) for v, x in scenario.variants.items()} == {
        "us-russia": ("us", "russia"),
        "us-russia-ukraine": ("us", "russia", "ukraine"),
        "with-europe": ("us", "russia", "ukraine", "europe"),
    }
    assert scenario.signatories == ("us", "russia", "ukraine")


def test_what_the_docs_say_about_the_proposals(scenario) -> None:
    us = diagnose_proposal(scenario, "us-positions-2025-02")
    assert us.rejecting == ("russia",)
    crossed = {h.label for h in us.party("russia").red_lines_crossed}
    assert crossed == {
        "no Western troops without a UN Security Council mandate",
        "no brief ceasefire before a settlement",
    }
    assert ratification(scenario, us.terms).ratified_by("ukraine")
    kf = diagnose_proposal(scenario, "kellogg-fleitz-2024")
    assert kf.rejecting == ("russia",)
    ru = diagnose_proposal(scenario, "russia-june-2024")
    assert set(ru.rejecting) == {"us", "ukraine"} and ru.party("ukraine").red_lines_crossed
    assert not ru.party("us").red_lines_crossed
    ua = diagnose_proposal(scenario, "ukraine-positions-2025-02")
    assert set(ua.rejecting) == {"us", "russia"}


def test_what_the_docs_say_about_the_zopa(scenario) -> None:
    game = scenario.compile()
    mask = zopa_mask(game)
    assert int(mask.sum()) == 60_861 and game.n_outcomes == 4_800_000
    idx = game.indices(np.flatnonzero(mask))
    values = {i: {game.values[k][j] for j in set(idx[:, k])} for k, i in enumerate(game.issue_ids)}
    assert values["territory"] <= {"freeze_current_line", "donbas_ceded", "four_oblasts_ceded"}
    assert values["troops"] <= {"monitors_or_un_mandate", "none"}
    assert values["army"] <= {"no_limits", "cap_800k"}
    assert "ceasefire_first" not in values["sequencing"]
    assert values["nato"] <= {"deferred_long", "off_table_in_practice", "binding_neutrality"}
    ratified = ratified_game(scenario)
    rmask = zopa_mask(ratified)
    assert int(rmask.sum()) == 11_530 and not np.any(rmask & ~mask)
    ridx = ratified.indices(np.flatnonzero(rmask))
    k_terr, k_rec = game.issue_ids.index("territory"), game.issue_ids.index("recognition")
    assert {game.values[k_terr][j] for j in set(ridx[:, k_terr])} == {"freeze_current_line"}
    assert {game.values[k_rec][j] for j in set(ridx[:, k_rec])} <= {"none", "de_facto_line"}


def test_what_the_docs_say_about_the_variants(scenario) -> None:
    result = compare(scenario, declared(scenario), ratified=True, forecasts=False)
    sizes = [v.zopa_size for v in result.variants]
    assert sizes == [274_404, 11_530, 10_127]
    us_russia, with_ukraine, with_europe = result.variants
    nash = us_russia.solutions["nash"]
    assert nash is not None
    assert nash["terms"]["recognition"] == "de_jure_all" and nash["terms"]["army"] == "cap_85k"
    assert set(us_russia.rejected_by["nash"]) == {"ukraine", "europe"}
    assert with_ukraine.solutions["nash"]["terms"]["recognition"] == "de_facto_line"
    assert with_ukraine.solutions["nash"]["terms"]["army"] == "cap_800k"
    assert with_ukraine.solutions["nash"]["terms"]["guarantees"] == "us_inclusive_guarantee"
    assert with_europe.solutions["nash"]["terms"]["army"] == "no_limits"
    assert with_ukraine.rejected_by["nash"] == () and with_europe.rejected_by["nash"] == ()


def test_the_opposed_faction_holds_all_the_power(cli) -> None:
    import json

    data = json.loads(cli("power", NAME, "--json").out)
    (body,) = data["bodies"]
    assert body["party"] == "ukraine"
    assert body["members"]["oppose_concessions"]["shapley_shubik"] == pytest.approx(1.0)


def _bash_lines(doc: str) -> list[list[str]]:
    text = (DOCS / doc).read_text()
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        out += [shlex.split(line.split("#")[0])[1:] for line in block.strip().splitlines()]
    return out


@pytest.mark.parametrize(
    "args",
    _bash_lines("who-must-say-yes.md") + _bash_lines("peace-talks-2025.md"),
    ids=lambda a: " ".join(a),
)
def test_documented_commands_run(args: list[str], cli, tmp_path: Path) -> None:
    text = (DOCS / "who-must-say-yes.md").read_text()
    council = tmp_path / "council.yaml"
    council.write_text(re.findall(r"```yaml\n(.*?)```", text, re.S)[0])
    args = [str(council) if a == "council.yaml" else a for a in args]
    result = cli(*args)
    assert result.code == 0, result.err
