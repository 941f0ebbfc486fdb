"""Readers of KTAB's SMP CSV and XML scenarios and of its position log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.forecast.ktab_poslog import read_ktab_poslog
from zopa.errors import InputError
from zopa.forecast.inputs.ktab_csv import looks_like_ktab_csv, read_ktab_csv, read_ktab_table
from zopa.forecast.inputs.ktab_xml import read_ktab_xml
from zopa.forecast.models.smp.params import PCEModel, StateTransitions, VotingRule

GOOD = """\ufeffMy scenario ,"a test, with a comma",3,2,
Actor,Description,Power,Tax Position,Tax Salience,Spend Position,Spend Salience,
A, first actor, 100, 30, 40, 70.5, 60,
B,"second, quoted",50,45,65,10,20
C,,25.5,100,0,0,100,,,

"""


def write(tmp_path: Path, text: str, name: str = "case.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_well_formed_table(tmp_path: Path) -> None:
    scen = read_ktab_table(write(tmp_path, GOOD))
    assert (scen.name, scen.description) == ("My scenario", "a test, with a comma")
    assert scen.actor_names == ("A", "B", "C")
    assert scen.actor_descriptions == ("first actor", "second, quoted", "")
    assert scen.dimensions == ("Tax Position", "Spend Position")
    np.testing.assert_array_equal(scen.capability, [100, 50, 25.5])
    np.testing.assert_array_equal(scen.position, [[30, 70.5], [45, 10], [100, 0]])
    np.testing.assert_array_equal(scen.salience, [[40, 60], [65, 20], [0, 100]])
    assert scen.params is None and scen.accommodation is None


def test_actors_are_on_the_0_100_scale_with_unit_saliences(tmp_path: Path) -> None:
    actors = read_ktab_csv(write(tmp_path, GOOD))
    np.testing.assert_array_equal(actors.scale_low, [0, 0])
    np.testing.assert_array_equal(actors.scale_high, [100, 100])
    np.testing.assert_allclose(actors.salience[1], [0.65, 0.20])
    assert actors.names == ("A", "B", "C")


LINES = GOOD.splitlines()


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        ((2, "A, first actor, lots, 30, 40, 70.5, 60,"), 3, "expected a number"),
        ((3, "B,second,50,145,65,10,20"), 4, "position must lie in [0, 100]"),
        ((3, "B,second,50,45,65,10,40"), 4, "more than 100"),
        ((3, "B,second,-5,45,65,10,20"), 4, "non-negative"),
        ((3, "A,second,50,45,65,10,20"), 4, "repeats the one on line 3"),
        ((3, "B,second,50,45,65,10"), 4, "expected 7 fields"),
        ((0, "My scenario,x,4,2"), 5, "declares 4 actors"),
        ((0, "My scenario,x,three,2"), 1, "whole number"),
        ((1, "Actor,Description,Power,Tax,TaxSal"), 2, "header needs 7 columns"),
    ],
)
def test_bad_tables_name_file_and_line(
    tmp_path: Path, change: tuple[int, str], line: int, fragment: str
) -> None:
    lines = list(LINES)
    lines[change[0]] = change[1]
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(InputError) as err:
        read_ktab_table(path)
    matching = [p for p in err.value.problems if fragment in p.message]
    assert matching, [str(p) for p in err.value.problems]
    assert matching[0].file == str(path) and matching[0].line == line


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    lines = list(LINES)
    lines[2] = "A, first actor, x, 30, 40, 170.5, 60,"
    lines[3] = "B,second,50,45,95,10,20"
    with pytest.raises(InputError) as err:
        read_ktab_table(write(tmp_path, "\n".join(lines)))
    assert {p.line for p in err.value.problems} == {3, 4}
    assert len(err.value.problems) == 3


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_ktab_table(tmp_path / "missing.csv")
    with pytest.raises(InputError):
        read_ktab_table(write(tmp_path, "just one line,\n"))


def test_sniffing_tells_ktab_tables_apart(tmp_path: Path) -> None:
    assert looks_like_ktab_csv(write(tmp_path, GOOD))
    bdm = "actor,capability,position,salience\nA,1,5,50\n"
    assert not looks_like_ktab_csv(write(tmp_path, bdm, "bdm.csv"))


XML = """\ufeff<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tiny</name>
  <desc>Two dimensions</desc>
  <prngSeed>03507583219545544127</prngSeed>
  <ModelParameters>
    <VictoryProbModel>Linear</VictoryProbModel>
    <PCEModel>MarkovIncentive</PCEModel>
    <StateTransitions>Stochastic</StateTransitions>
    <VotingRule>PropCbc</VotingRule>
    <BigRAdjust>OneThird</BigRAdjust>
    <BigRRange>Mid</BigRRange>
    <ThirdPartyCommit>SemiCommit</ThirdPartyCommit>
    <InterVecBrgn>S2P2</InterVecBrgn>
    <BargnModel>InitOnlyInterp</BargnModel>
  </ModelParameters>
  <Dimensions><dName>X</dName><dName>Y</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><description>a</description><capability>10</capability>
      <Position><dCoord>52.8</dCoord><dCoord>39.8</dCoord></Position>
      <Salience><dSal>32.3</dSal><dSal>22.4</dSal></Salience></Actor>
    <Actor><name>B</name><description>b</description><capability>20</capability>
      <Position><dCoord>15.9</dCoord><dCoord>61.4</dCoord></Position>
      <Salience><dSal>25.2</dSal><dSal>34.5</dSal></Salience></Actor>
    <Actor><name>C</name><description>c</description><capability>30</capability>
      <Position><dCoord>61.1</dCoord><dCoord>86.5</dCoord></Position>
      <Salience><dSal>28.8</dSal><dSal>28.6</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment>
    <iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.25</adjust></iaPair>
    <iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>A</referencePos><adjust>0.5</adjust></iaPair>
  </IdealAdjustment>
</Scenario>
"""


def test_reads_an_xml_scenario_with_parameters(tmp_path: Path) -> None:
    scen = read_ktab_xml(write(tmp_path, XML, "tiny.xml"))
    assert scen.name == "Tiny" and scen.seed == 3507583219545544127
    assert scen.dimensions == ("X", "Y") and scen.actor_names == ("A", "B", "C")
    assert scen.params is not None
    assert scen.params.pce == PCEModel.MARKOV_INCENTIVE
    assert scen.params.voting_rule == VotingRule.PROP_CBC
    assert scen.params.transitions == StateTransitions.STOCHASTIC
    np.testing.assert_array_equal(scen.position[1], [15.9, 61.4])
    assert scen.accommodation is not None
    np.testing.assert_array_equal(scen.accommodation[0], [0.5, 0.25, 0.0])
    np.testing.assert_array_equal(scen.accommodation[1:], np.eye(3)[1:])


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("<VotingRule>PropCbc</VotingRule>", "<VotingRule>Loud</VotingRule>", "not one of"),
        ("<dSal>22.4</dSal>", "", "expected 2 values"),
        ("<capability>20</capability>", "<capability>-2</capability>", "non-negative"),
        ("<adjust>0.25</adjust>", "<adjust>0.75</adjust>", "sum to at most 1"),
        ("<referencePos>B</referencePos>", "<referencePos>Z</referencePos>", "name actors"),
    ],
)
def test_bad_xml_values_are_input_errors(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        read_ktab_xml(write(tmp_path, XML.replace(old, new), "bad.xml"))
    assert any(fragment in p.message for p in err.value.problems), err.value.lines()


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_ktab_xml(write(tmp_path, XML.replace("</Actors>", "</Actorz>"), "bad.xml"))
    assert err.value.problems[0].line == XML.splitlines().index("  </Actors>") + 1


def test_reference_inputs(reference_dir: Path) -> None:
    ref = reference_dir / "ktab_smp"
    for case in (
        "SOE-Policy",
        "SOE-Pol-Comp",
        "dummyData_3Dim",
        "dummyData_6Dim",
        "dummyData-a080",
    ):
        summary = json.loads((ref / "outputs" / case / "summary.json").read_text())
        scen = read_ktab_table(ref / "inputs" / f"{case}.csv")
        assert looks_like_ktab_csv(ref / "inputs" / f"{case}.csv")
        assert len(scen.actor_names) == summary["n_actors"]
        assert len(scen.dimensions) == summary["dimensions"]
        names, pos = read_ktab_poslog(
            ref / "outputs" / case / f"{case}_posLog.csv", len(scen.dimensions)
        )
        assert names == scen.actor_names and pos.shape[0] == summary["n_states"]
        np.testing.assert_allclose(pos[0], scen.position, atol=0.005)
        final = np.array([summary["final_positions_0_100"][a] for a in names]).reshape(
            pos[-1].shape
        )
        np.testing.assert_allclose(pos[-1], final, atol=0.005)
    example = read_ktab_xml(ref / "inputs" / "smpExample.xml")
    assert example.params is not None and example.seed == 3507583219545544127


def test_cli_runs_an_xml_scenario_with_its_parameters(tmp_path: Path, cli: Any) -> None:
    """The file's ModelParameters, IdealAdjustment and prngSeed reach the smp model; --option and
    --seed override them."""
    from zopa.forecast import get_model

    path = write(tmp_path, XML, "tiny.xml")
    r = cli("forecast", str(path), "-m", "smp", "--draws", "0", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    details = data["forecasts"]["smp"]["details"]
    assert details["parameters"]["pce"] == "MarkovIncentive"
    assert details["parameters"]["transitions"] == "Stochastic"
    assert details["accommodation"][0] == [0.5, 0.25, 0.0]
    assert data["seed"] == 3507583219545544127
    assert any("ModelParameters" in n for n in data["notes"])
    scen = read_ktab_xml(path)
    assert scen.params is not None and scen.accommodation is not None
    expected = get_model("smp")(
        scen.to_actors(),
        scen.seed,
        **{
            k: v
            for k, v in scen.params.to_dict().items()
            if k in ("pce", "voting_rule", "transitions")
        },
        accommodation=scen.accommodation.tolist(),
    )
    assert data["forecasts"]["smp"]["outcome"] == expected.outcome.tolist()
    r = cli(
        "forecast",
        str(path),
        "-m",
        "smp",
        "--draws",
        "0",
        "--json",
        "--option",
        "smp.pce=Conditional",
        "--seed",
        "5",
    )
    over = json.loads(r.out)
    assert over["forecasts"]["smp"]["details"]["parameters"]["pce"] == "Conditional"
    assert over["seed"] == 5
    assert any("is the seed unless `seed` is given" in n for n in data["notes"])
    shown = cli("forecast", str(path), "-m", "smp", "--draws", "0")
    assert "is the seed unless --seed is given" in shown.out
