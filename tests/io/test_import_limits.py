"""Inputs beyond what zopa enumerates, JSON numbers in exponent form, and the files the import
command writes: one-line located errors (exit 2), never a traceback."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tests.io.genius_files import write_domain, write_profile
from zopa.errors import InputError
from zopa.io import import_genius, import_negolog, load_genius
from zopa.io.genius import MAX_REAL_STEPS
from zopa.model.schema import MAX_GRID

WIDE = [("price", ("integer", 0, MAX_GRID))]  # MAX_GRID + 1 values
REAL = [("price", ("real", 0, 1))]


def _wide(folder):
    write_domain(folder, WIDE)
    write_profile(folder, "p.xml", WIDE, [{"ftype": "linear", "slope": 1e-6, "offset": 0}], [1])


def test_an_integer_issue_beyond_the_grid_limit_names_the_domain_file(tmp_path):
    _wide(tmp_path)
    with pytest.raises(InputError) as err:
        load_genius(tmp_path)
    (problem,) = err.value.problems
    assert problem.file == str(tmp_path / "domain.xml")
    assert f"{MAX_GRID + 1:,} values" in problem.message and "price" in problem.message


def test_real_steps_are_checked(tmp_path):
    write_domain(tmp_path, REAL)
    write_profile(tmp_path, "p.xml", REAL, [{"ftype": "linear", "slope": 1, "offset": 0}], [1])
    assert len(import_genius(tmp_path, real_steps=MAX_REAL_STEPS).issues["price"].values) == (
        MAX_REAL_STEPS + 1
    )
    for bad in (0, MAX_REAL_STEPS + 1, 10**8, True):
        with pytest.raises(InputError, match="real_steps must be an integer from 1"):
            load_genius(tmp_path, real_steps=bad)


def test_the_import_command_reports_them_in_one_line(cli, tmp_path):
    _wide(tmp_path)
    r = cli("import", "genius", str(tmp_path))
    assert r.code == 2 and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert r.err.startswith(f"error: {tmp_path / 'domain.xml'}: integer issue 'price'")
    r = cli("import", "genius", str(tmp_path), "--real-steps", "100000000")
    assert r.code == 2 and "real_steps" in r.err and "Traceback" not in r.err


def test_negolog_reads_numbers_in_exponent_form(tmp_path):
    a = '{"reservationValue": 0, "issueWeights": {"a": 1},\n "issues": {"a": {"x": 1e-05, "y": 1, "z": 5E-1}}}'
    b = '{"reservationValue": 0.0, "issueWeights": {"a": 1.0},\n "issues": {"a": {"x": 1.0, "y": 0.0, "z": 0.5}}}'
    (tmp_path / "profileA.json").write_text(a)
    (tmp_path / "profileB.json").write_text(b)
    s = import_negolog(tmp_path)
    values = s.parties["profileA"].interests["a"].values
    assert {k: v.point for k, v in values.items()} == {"x": 1e-05, "y": 1.0, "z": 0.5}


def test_negolog_errors_keep_their_line(tmp_path):
    text = '{\n "reservationValue": 0,\n "issueWeights": {"a": 1},\n "issues": {\n  "a": {"x": 2e0, "y": 1}\n }\n}'
    (tmp_path / "profileA.json").write_text(text)
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    (problem,) = err.value.problems
    assert (problem.line, problem.path) == (5, "issues.a.x")


def test_imported_files_get_the_mode_the_umask_gives(cli, tmp_path):
    (tmp_path / "profileA.json").write_text(
        json.dumps({"issueWeights": {"a": 1}, "issues": {"a": {"x": 0, "y": 1}}})
    )
    old = os.umask(0o022)
    try:
        out = tmp_path / "s.yaml"
        assert cli("import", "negolog", str(tmp_path), "-o", str(out)).code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.umask(0o027)
        out.unlink()
        assert cli("import", "negolog", str(tmp_path), "-o", str(out)).code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert not list(tmp_path.glob(".s.yaml*"))


def test_an_output_path_that_is_a_folder_is_refused_before_importing(cli, tmp_path):
    (tmp_path / "out.yaml").mkdir()
    r = cli("import", "negolog", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out.yaml"))
    assert r.code == 2 and "is a folder" in r.err
