"""NegoLog JSON profiles: utility Σ w·u as written, issue order from the first profile, and
located errors for bad profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zopa.errors import InputError
from zopa.io import import_negolog


def _profile(
    weights: dict[str, float], issues: dict[str, dict[str, Any]], rv: Any = 0.0
) -> dict[str, Any]:
    return {"reservationValue": rv, "issueWeights": weights, "issues": issues}


A = _profile(
    {"size": 0.6, "colour": 0.5},
    {"size": {"S": 0.0, "L": 1.0}, "colour": {"red": 1.0, "blue": 0.2}},
    0.3,
)
B = _profile(
    {"colour": 0.5, "size": 0.5},
    {"colour": {"blue": 1.0, "red": 0.0}, "size": {"L": 0.0, "S": 1.0}},
)


def _write(folder: Path, **profiles: dict[str, Any]) -> None:
    for name, data in profiles.items():
        (folder / f"{name}.json").write_text(json.dumps(data, indent=1))


def test_utilities_are_weighted_sums_as_written(tmp_path):
    _write(tmp_path, profileA=A, profileB=B, specs={"Name": "x", "NumberOfBids": 4})
    s = import_negolog(tmp_path)
    assert list(s.issues) == ["size", "colour"]
    assert s.issues["colour"].options == ("red", "blue")
    assert s.parties["profileA"].reservation.point == 0.3
    u = s.compile().utilities()  # outcomes (S,red) (S,blue) (L,red) (L,blue)
    np.testing.assert_allclose(u[0], [0.5, 0.1, 1.0, 0.7])  # 1.1 capped at 1; not renormalised
    np.testing.assert_allclose(u[1], [0.5, 1.0, 0.0, 0.5])


def test_profiles_can_be_picked(tmp_path):
    _write(tmp_path, profileA=A, profileB=B)
    s = import_negolog(tmp_path, ["profileB.json"])
    assert list(s.parties) == ["profileB"]
    assert s.issues["colour"].options == ("blue", "red")


def test_tab_indented_json_is_read(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(A, indent="\t"))
    assert list(import_negolog(tmp_path).parties) == ["p"]


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        ({**A, "issues": {**A["issues"], "size": {"S": 1.5, "L": 1.0}}}, 9, "utility in [0, 1]"),
        ({**A, "issueWeights": {"size": 0.5}}, 3, "weight >= 0"),
        ({**A, "reservationValue": 2}, 2, "number in [0, 1]"),
    ],
)
def test_bad_values_are_located(tmp_path, bad, line, message):
    _write(tmp_path, profileA=bad)
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    problem = err.value.problems[0]
    assert message in problem.message and problem.line == line
    assert problem.file == str(tmp_path / "profileA.json")


def test_profiles_must_agree_on_issues_and_values(tmp_path):
    other = _profile({"size": 1.0}, {"size": {"S": 1.0, "M": 0.0}})
    _write(tmp_path, profileA=A, profileB=other)
    with pytest.raises(InputError, match="expected the issues"):
        import_negolog(tmp_path)
    other = _profile(
        {"size": 1.0, "colour": 0.0},
        {"size": {"S": 1.0, "M": 0.0}, "colour": {"red": 1, "blue": 0}},
    )
    _write(tmp_path, profileB=other)
    with pytest.raises(InputError, match="expected the values"):
        import_negolog(tmp_path)


def test_folder_problems(tmp_path):
    with pytest.raises(InputError, match="no NegoLog profile"):
        import_negolog(tmp_path)
    (tmp_path / "broken.json").write_text('{"issues": {\n  "a": [}\n}')
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    assert err.value.problems[0].line == 2
    with pytest.raises(InputError, match="no such domain folder"):
        import_negolog(tmp_path / "missing")
