"""GENIUS semantics on small hand-written files: each test states a rule of FORMATS.md §4 (or the
GENIUS user guide) and checks the imported scenario computes it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.io.genius_files import write_domain, write_profile
from zopa.errors import InputError
from zopa.io import import_genius, load_genius

DISK = [("Harddisk", ["60 Gb", "80 Gb", "120 Gb"])]


def _all_utilities(folder: Path, **kw: object) -> np.ndarray:
    return import_genius(folder, **kw).compile().utilities()  # type: ignore[arg-type]


def test_user_guide_evaluations_5_8_10_give_half_point8_and_one(tmp_path):
    """GENIUS user guide, "Creating an AdditiveUtilitySpace": 5, 8, 10 -> 0.5, 0.8, 1.0."""
    write_domain(tmp_path, DISK)
    write_profile(tmp_path, "a.xml", DISK, [[5, 8, 10]], [1.0])
    np.testing.assert_allclose(_all_utilities(tmp_path)[0], [0.5, 0.8, 1.0])


def test_weights_are_used_as_written_and_utility_is_capped_at_one(tmp_path):
    issues = [("x", ["lo", "hi"]), ("y", ["lo", "hi"])]
    write_domain(tmp_path, issues)
    write_profile(tmp_path, "a.xml", issues, [[0, 4], [0, 2]], [0.6, 0.5])
    s = import_genius(tmp_path)
    assert s.parties["a"].normalize_weights is False
    u = s.compile().utilities()[0]  # outcomes (lo,lo) (lo,hi) (hi,lo) (hi,hi)
    np.testing.assert_allclose(u, [0.0, 0.5, 0.6, 1.0])  # 1.1 capped; not renormalised


def test_values_at_or_below_one_are_divided_by_the_maximum_too(tmp_path):
    """The EvaluatorDiscrete Javadoc says values <= 1 are not divided; the code divides."""
    write_domain(tmp_path, DISK)
    write_profile(tmp_path, "a.xml", DISK, [[0.1, 0.2, 0.4]], [1.0])
    np.testing.assert_allclose(_all_utilities(tmp_path)[0], [0.25, 0.5, 1.0])


def test_an_issue_whose_evaluations_are_all_zero_is_worth_nothing(tmp_path):
    issues = [("x", ["a", "b"]), ("y", ["a", "b"])]
    write_domain(tmp_path, issues)
    write_profile(tmp_path, "a.xml", issues, [[0, 0], [1, 2]], [0.5, 0.5])
    np.testing.assert_allclose(_all_utilities(tmp_path)[0], [0.25, 0.5, 0.25, 0.5])


def test_reservation_and_discount_defaults(tmp_path):
    write_domain(tmp_path, DISK)
    cases = {
        "none.xml": "",
        "zero_d.xml": '<discount_factor value="0.0"/>',
        "big_d.xml": '<discount_factor value="1.5"/><reservation value="0.3"/>',
        "half_d.xml": '<reservation value="0.25"/><discount_factor value="0.5"/>',
    }
    for name, extra in cases.items():
        write_profile(tmp_path, name, DISK, [[1, 2, 3]], [1.0], extra)
    domain = load_genius(tmp_path)
    assert domain.discounts == {"big_d": 1.0, "half_d": 0.5, "none": 1.0, "zero_d": 1.0}
    s = domain.to_scenario()
    assert {p: s.parties[p].reservation.point for p in s.parties} == {
        "big_d": 0.3,
        "half_d": 0.25,
        "none": 0.0,
        "zero_d": 0.0,
    }
    assert any("discount factor 0.5" in n and "half_d" in n for n in s.notes)
    assert not any("big_d" in n for n in s.notes)


def test_weights_match_issues_by_index_whatever_their_order_or_objective(tmp_path):
    issues = [("x", ["a", "b"]), ("y", ["a", "b"])]
    write_domain(tmp_path, issues)
    # weights after the issues, in reverse order, plus a weight on the objective (index 0);
    # the profile's objective reuses index 2, which is still issue y's weight
    (tmp_path / "a.xml").write_text(
        '<utility_space><objective index="2" name="root" type="objective">'
        '<issue index="1" name="x"><item value="a" evaluation="1"/>'
        '<item value="b" evaluation="2"/></issue>'
        '<issue index="2" name="y"><item value="a" evaluation="2"/>'
        '<item value="b" evaluation="1"/></issue>'
        '<weight index="2" value="0.7"/><weight index="1" value="0.3"/>'
        '<weight index="0" value="1.0"/></objective></utility_space>'
    )
    u = _all_utilities(tmp_path)[0]
    np.testing.assert_allclose(u, [0.3 * 0.5 + 0.7, 0.3 * 0.5 + 0.35, 0.3 + 0.7, 0.3 + 0.35])


def test_an_issue_needs_both_a_weight_and_an_evaluator(tmp_path):
    issues = [("x", ["a", "b"]), ("y", ["a", "b"]), ("z", ["a", "b"])]
    write_domain(tmp_path, issues)
    # x: no weight; y: weight but no evaluations; z: both
    write_profile(tmp_path, "a.xml", issues, [[1, 2], None, [2, 1]], [None, 0.5, 0.5])
    s = import_genius(tmp_path)
    assert list(s.parties["a"].interests) == ["z"]
    np.testing.assert_allclose(s.compile().utilities()[0], [0.5, 0.25] * 4)


def test_legacy_profile_without_objective(tmp_path):
    write_domain(tmp_path, DISK)
    (tmp_path / "a.xml").write_text(
        '<utility_space number_of_issues="1">\n<weight index="1" value=".5"/>\n'
        '<issue index="1" name="Harddisk" type="discrete">'
        '<item value="60 Gb" evaluation="1"/><item value="80 Gb" evaluation="3"/>'
        '<item value="120 Gb" evaluation="4"/></issue>\n</utility_space>'
    )
    np.testing.assert_allclose(_all_utilities(tmp_path)[0], [0.125, 0.375, 0.5])


def test_integer_issue_is_linear_from_its_lower_bound_and_clamped(tmp_path):
    issues = [("price", ("integer", -5, 5))]
    write_domain(tmp_path, issues)
    write_profile(
        tmp_path, "a.xml", issues, [{"ftype": "linear", "slope": 0.08, "offset": 0.3}], [1.0]
    )
    write_profile(tmp_path, "b.xml", issues, [None], [1.0])  # no evaluator: slope = offset = 0
    s = import_genius(tmp_path)
    assert s.issues["price"].values == tuple(float(x) for x in range(-5, 6))
    u = s.compile().utilities()
    x = np.arange(-5, 6)
    np.testing.assert_allclose(u[0], np.clip(0.08 * (x + 5) + 0.3, 0, 1), atol=1e-15)
    np.testing.assert_allclose(u[1], 0.0)


def test_legacy_integer_range_and_parameters_use_the_raw_value(tmp_path):
    (tmp_path / "d.xml").write_text(
        '<negotiation_template><utility_space><objective index="1" name="w">'
        '<issue index="2" name="revenue" type="integer"><range lowerbound="0" upperbound="2000"/>'
        "</issue></objective></utility_space></negotiation_template>"
    )
    (tmp_path / "a.xml").write_text(
        '<utility_space><objective index="1"><issue index="2" type="integer">'
        '<range lowerbound="0" upperbound="2000"/>'
        '<evaluator ftype="linear" parameter0="1" parameter1="-0.0005"/></issue>'
        '<weight index="2" value="1.0"/></objective></utility_space>'
    )
    u = _all_utilities(tmp_path)[0]
    np.testing.assert_allclose(u, 1 - 0.0005 * np.arange(2001), atol=1e-12)


@pytest.mark.parametrize(
    ("evaluator", "formula"),
    [
        (
            {"ftype": "linear", "parameter0": -0.5, "parameter1": 0.05},
            lambda x: np.clip(0.05 * x - 0.5, 0, 1),
        ),
        ({"ftype": "constant", "parameter0": 0.4}, lambda x: np.full_like(x, 0.4)),
        (
            {"ftype": "triangular", "parameter0": 15, "parameter1": 35, "parameter2": 20},
            lambda x: np.interp(x, [15, 20, 35], [0, 1, 0]),
        ),
    ],
)
def test_real_issue_evaluators_on_the_grid(tmp_path, evaluator, formula):
    issues = [("x", ("real", 10.0, 40.0))]
    write_domain(tmp_path, issues)
    write_profile(tmp_path, "a.xml", issues, [evaluator], [1.0])
    s = import_genius(tmp_path, real_steps=60)
    x = np.asarray(s.issues["x"].values)
    assert len(x) == 61 and x[0] == 10 and x[-1] == 40
    np.testing.assert_allclose(s.compile().utilities()[0], formula(x), atol=1e-12)


def test_repeated_values_keep_one_option_and_the_last_evaluation(tmp_path):
    (tmp_path / "d.xml").write_text(
        '<negotiation_template><utility_space><objective index="0">'
        '<issue index="1" name="date"><item value="Sep4"/><item value="Sep5"/>'
        '<item value="Sep4"/></issue></objective></utility_space></negotiation_template>'
    )
    (tmp_path / "a.xml").write_text(
        '<utility_space><objective index="0"><issue index="1" name="date">'
        '<item value="Sep4" evaluation="10"/><item value="Sep4" evaluation="2"/>'
        '<item value="Sep5" evaluation="4"/></issue><weight index="1" value="1"/>'
        "</objective></utility_space>"
    )
    s = import_genius(tmp_path)
    assert s.issues["date"].options == ("Sep4", "Sep5")
    np.testing.assert_allclose(s.compile().utilities()[0], [0.5, 1.0])
    assert any("listed twice" in n for n in s.notes)
    assert any("evaluated twice" in n for n in s.notes)


def test_agent_names_in_the_domain_name_the_parties(tmp_path):
    write_domain(tmp_path, DISK)
    text = (tmp_path / "domain.xml").read_text()
    agents = (
        '<agent name="Buyer" utility_space="b.xml"/><agent name="Seller" utility_space="a.xml"/>'
    )
    (tmp_path / "domain.xml").write_text(
        text.replace("<utility_space>", agents + "<utility_space>", 1)
    )
    write_profile(tmp_path, "a.xml", DISK, [[1, 2, 3]], [1.0])
    write_profile(tmp_path, "b.xml", DISK, [[3, 2, 1]], [1.0])
    s = import_genius(tmp_path)
    assert list(s.parties) == ["Seller", "Buyer"]  # file-name order: a.xml, b.xml


def test_profiles_pick_and_order_the_parties(tmp_path):
    write_domain(tmp_path, DISK)
    write_profile(tmp_path, "a.xml", DISK, [[1, 2, 3]], [1.0])
    write_profile(tmp_path, "b.xml", DISK, [[3, 2, 1]], [1.0])
    s = import_genius(tmp_path, ["b.xml", str(tmp_path / "a.xml")])
    assert list(s.parties) == ["b", "a"]
    with pytest.raises(InputError, match="no such utility space"):
        import_genius(tmp_path, ["c.xml"])


def test_issue_names_become_rule_safe_identifiers_with_the_name_as_label(tmp_path):
    issues = [
        ("Size of Fund", ["a"]),
        ("0:00-2:59 prices", ["a"]),
        ("and", ["a"]),
        ("Size of Fund!", ["a"]),
    ]
    write_domain(tmp_path, issues)
    write_profile(tmp_path, "a.xml", issues, [[1]] * 4, [0.25] * 4)
    s = import_genius(tmp_path)
    assert list(s.issues) == ["Size_of_Fund", "issue_0_00-2_59_prices", "and_", "Size_of_Fund_2"]
    assert [s.issue_label(i) for i in s.issues] == [n for n, _ in issues]
