"""Table variants, coalitions and the side-by-side comparison."""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import scenarios
from zopa.errors import InputError
from zopa.model import scenario_from_text
from zopa.model.validate import scenario_from_document
from zopa.model.yamlsafe import Document
from zopa.ratify.coalitions import coalitions
from zopa.ratify.compare import compare
from zopa.ratify.variants import TableVariant, game_for, resolve, with_signatories

THREE = """
name: three
issues:
  x: {options: [o0, o1, o2, o3, o4], ordered: true}
parties:
  a: {reservation: 0.5, interests: {x: {weight: 1, prefers: high}}}
  b: {reservation: 0.5, interests: {x: {weight: 1, prefers: low}}}
  c:
    reservation: 0.5
    interests: {x: {weight: 1, values: {o0: 1, o1: 0, o2: 0, o3: 1, o4: 1}}}
variants:
  ab: {label: A and B, signatories: [a, b]}
  abc: {label: all three, signatories: [a, b, c]}
"""


def test_coalitions_worked_by_hand() -> None:
    # A accepts o2..o4 (value k/4 >= 0.5), B accepts o0..o2, C accepts o0, o3, o4.
    # Own ZOPAs: A∩B = {o2}, A∩C = {o3, o4}, B∩C = {o0}, A∩B∩C = {}.
    # Blocks (the others accept, some member rejects): A blocks B∩C \ A = {o0}; B blocks
    # A∩C \ B = {o3, o4}; C blocks A∩B \ C = {o2}; {A,B} block C \ (A∩B) = {o0, o3, o4};
    # {A,C} block B \ (A∩C) = {o0, o1, o2}; {B,C} block A \ (B∩C) = {o2, o3, o4}; all three
    # block every deal outside A∩B∩C: 5.
    result = coalitions(scenario_from_text(THREE).compile())
    expected = {
        ("a",): (3, 1),
        ("b",): (3, 2),
        ("c",): (3, 1),
        ("a", "b"): (1, 3),
        ("a", "c"): (2, 3),
        ("b", "c"): (1, 3),
        ("a", "b", "c"): (0, 5),
    }
    assert {c.members: (c.zopa, c.blocks) for c in result.coalitions} == expected


def test_variants_compare_side_by_side() -> None:
    s = scenario_from_text(THREE)
    variants = [resolve(s, "ab"), resolve(s, "abc"), resolve(s, "a,c")]
    result = compare(s, variants, forecasts=True)
    sizes = [v.zopa_size for v in result.variants]
    assert sizes == [1, 0, 2]
    assert result.variants[0].solutions["nash"]["terms"] == {"x": "o2"}
    assert result.variants[1].solutions["nash"] is None
    assert set(result.variants[2].forecasts) == {"compromise", "median", "nash", "challenge"}
    assert json.loads(json.dumps(result.to_dict()))["variants"][2]["signatories"] == ["a", "c"]


@pytest.mark.parametrize(
    ("spec", "what"),
    [
        ("a,z", "neither a declared variant"),
        ("a,a", "names a party twice"),
        (",", "neither"),
        ("a,,b", "empty party id"),
        ("a,b,", "empty party id"),
    ],
)
def test_bad_variants_on_the_command_line(spec: str, what: str) -> None:
    with pytest.raises(InputError) as err:
        resolve(scenario_from_text(THREE), spec)
    assert err.value.problems[0].path == "variant" and what in err.value.problems[0].message


def test_bad_declared_variants_are_located() -> None:
    import yaml

    data = yaml.safe_load(THREE)
    data["variants"]["ab"]["signatories"] = ["a", "d"]
    data["variants"]["abc"]["signatories"] = []
    with pytest.raises(InputError) as err:
        scenario_from_document(Document(data, "t.yaml"))
    paths = {p.path for p in err.value.problems}
    assert "variants.ab.signatories[1]" in paths and "variants.abc.signatories" in paths


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_parties=4))
def test_fewer_signatories_never_shrink_the_zopa(data: dict[str, Any]) -> None:
    s = scenario_from_document(Document(data, "generated.yaml"))
    base = s.compile()
    parties = list(s.parties)
    acceptable = base.acceptable()
    for k in range(1, len(parties) + 1):
        for bigger in itertools.combinations(parties, k):
            for smaller in itertools.combinations(bigger, k - 1):
                if not smaller:
                    continue
                big = game_for(base, bigger)
                small = game_for(base, smaller)
                mask_big = acceptable[list(big.signatories)].all(axis=0)
                mask_small = acceptable[list(small.signatories)].all(axis=0)
                assert not np.any(mask_big & ~mask_small)
    variants = [TableVariant(str(i), "", tuple(parties[: i + 1])) for i in range(len(parties))]
    sizes = [v.zopa_size for v in compare(s, variants, forecasts=False).variants]
    assert all(a is not None and b is not None and a >= b for a, b in itertools.pairwise(sizes))


def test_with_signatories_keeps_everything_else() -> None:
    s = scenario_from_text(THREE)
    v = with_signatories(s, ["c"])
    assert [p.signatory for p in v.parties.values()] == [False, False, True]
    assert v.issues == s.issues and v.parties["a"].interests == s.parties["a"].interests


def test_cli_compare_and_coalitions(cli, tmp_path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE)
    r = cli("compare", str(path))
    assert r.code == 0 and "A and B" in r.out and "all three" in r.out
    data = json.loads(cli("compare", str(path), "--variant", "b,c", "--json").out)
    assert data["variants"][0]["zopa_size"] == 1
    data = json.loads(cli("coalitions", str(path), "--json").out)
    assert len(data["coalitions"]) == 7
    r = cli("compare", str(path), "--variant", "b,x")
    assert r.code == 2 and "--variant" in r.err
    bare = tmp_path / "bare.yaml"
    bare.write_text(THREE.split("variants:")[0])
    r = cli("compare", str(bare))
    assert r.code == 2 and "declares no variants" in r.err


def test_compare_with_the_outlook(cli, tmp_path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE)
    data = json.loads(cli("compare", str(path), "--outlook", "50", "--json").out)
    ab, abc = data["variants"]
    # nothing in THREE is uncertain: a deal exists in every draw for A and B, in none for all three
    assert ab["outlook"]["p_deal"] == 1.0 and abc["outlook"]["p_deal"] == 0.0
    assert "P(deal)" in cli("compare", str(path), "--outlook", "20").out
    r = cli("compare", str(path), "--outlook", "20", "--ratified", "--json")
    assert r.code == 0  # no ratifiers in THREE: ratification changes nothing
    ab, abc = json.loads(r.out)["variants"]
    assert ab["outlook"]["p_deal"] == ab["outlook"]["p_signed"] == 1.0
    out = cli("compare", str(path), "--outlook", "20", "--ratified").out
    assert "P(signed and ratified), outlook" in out and "P(signed), outlook" in out
    assert cli("compare", str(path), "--outlook", "-1").code == 2


def test_compare_prints_range_terms_as_written(cli, tmp_path) -> None:
    # One issue 0..100 step 10; a wants it high, b low, both walk away below 0.3: the Nash deal
    # of a and b splits at 50, printed as 50 (not 50.0).
    path = tmp_path / "split.yaml"
    path.write_text(
        "name: split\nissues:\n  share: {range: [0, 100], step: 10}\nparties:\n"
        "  a: {reservation: 0.3, interests: {share: {weight: 1, prefers: high}}}\n"
        "  b: {reservation: 0.3, interests: {share: {weight: 1, prefers: low}}}\n"
    )
    r = cli("compare", str(path), "--variant", "a,b", "--variant", "a", "--no-forecasts")
    assert r.code == 0, r.err
    row = next(line for line in r.out.splitlines() if "Nash deal: share" in line)
    assert row.split("│")[2].strip() == "50" and ".0" not in row
