"""GENIUS and NegoLog inputs built to break the readers: deep nesting, special files, huge
neighbours, oversize files, invalid numbers and partial profiles give located errors (exit 2),
and a tournament skips a bad domain with the reason instead of stopping."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from tests.io.genius_files import write_domain, write_profile
from zopa.errors import InputError
from zopa.io import import_genius, import_negolog, load_genius
from zopa.io._xml import MAX_DEPTH
from zopa.model.guarded import MAX_BYTES, SNIFF_BYTES

ISSUES = [("color", ("discrete", ["red", "blue"], None))]


def _good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    issues = [("price", ("integer", 0, 4))]
    write_domain(folder, issues)
    for name, slope in (("a.xml", 1), ("b.xml", -1)):
        evals = [{"ftype": "linear", "slope": 0.25 * slope, "offset": 0 if slope > 0 else 1}]
        write_profile(folder, name, issues, evals, [1])


def _deep(path: Path, depth: int = 5000) -> None:
    path.write_text(
        '<negotiation_template><utility_space number_of_issues="1">'
        + "<objective>" * depth
        + "</objective>" * depth
        + "</utility_space></negotiation_template>\n"
    )


def test_a_domain_nested_5000_deep_is_a_located_error(tmp_path: Path) -> None:
    _deep(tmp_path / "domain.xml")
    with pytest.raises(InputError) as err:
        load_genius(tmp_path)
    (line,) = err.value.lines()
    assert line.startswith(f"{tmp_path / 'domain.xml'}:1: elements nested more than {MAX_DEPTH}")


def test_a_tournament_skips_a_bad_domain_with_the_reason(tmp_path: Path, cli) -> None:
    _good(tmp_path / "good")
    (tmp_path / "bad").mkdir()
    _deep(tmp_path / "bad" / "domain.xml")
    r = cli("tournament", str(tmp_path), "--repetitions", "1")
    assert "Traceback" not in r.err
    assert r.code == 0, r.err
    assert "skipped bad:" in r.err and "nested more than" in r.err


def test_a_fifo_named_xml_in_the_folder_does_not_block(tmp_path: Path) -> None:
    _good(tmp_path)
    os.mkfifo(tmp_path / "pipe.xml")
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["domain"] = load_genius(tmp_path)
        except Exception as err:  # reported below
            result["error"] = err

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)  # a hang guard only
    assert not worker.is_alive(), "reading the folder blocked on a FIFO"
    assert "error" not in result, result
    assert len(result["domain"].profiles) == 2  # type: ignore[attr-defined]


def test_a_fifo_given_as_the_domain_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "domain.xml")
    with pytest.raises(InputError, match="not a regular file"):
        load_genius(tmp_path / "domain.xml")


def test_sniffing_a_huge_neighbour_reads_only_its_start(tmp_path: Path) -> None:
    _good(tmp_path)
    big = tmp_path / "zz-big.xml"
    with big.open("wb") as f:  # a sparse file of 5 GB: nothing is written to disk
        f.write(b"<other>")
        f.truncate(5 * 10**9)
    domain = load_genius(tmp_path)
    assert len(domain.profiles) == 2
    assert SNIFF_BYTES < 10**6


def test_an_oversize_genius_file_gets_the_same_cap_and_message_as_scenarios(tmp_path: Path) -> None:
    _good(tmp_path)
    path = tmp_path / "domain.xml"
    text = path.read_text()
    path.write_text(text + "<!--" + " " * (MAX_BYTES + 1) + "-->")
    with pytest.raises(InputError) as err:
        load_genius(tmp_path)
    assert err.value.lines() == [
        f"{path}: file is {path.stat().st_size:,} bytes; the limit is {MAX_BYTES:,}"
    ]


# -- NegoLog ---------------------------------------------------------------------------------------


def _profile(weights: object, issues: object, reservation: object = 0.0) -> str:
    return json.dumps({"reservationValue": reservation, "issueWeights": weights, "issues": issues})


def _negolog(folder: Path, a: str, b: str) -> None:
    (folder / "profileA.json").write_text(a)
    (folder / "profileB.json").write_text(b)


GOOD_A = _profile({"i": 1}, {"i": {"x": 1, "y": 0}})
GOOD_B = _profile({"i": 1}, {"i": {"x": 0, "y": 1}})


def test_negolog_empty_option_list_is_a_located_error(tmp_path: Path) -> None:
    _negolog(tmp_path, _profile({"i": 1}, {"i": {}}), _profile({"i": 1}, {"i": {}}))
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    assert all(str(tmp_path / "profileA.json") in line for line in err.value.lines())


@pytest.mark.parametrize("weight", ["1e400", "1" + "0" * 400, "1" + "0" * 5000])
def test_negolog_huge_weights_are_located_errors(tmp_path: Path, weight: str) -> None:
    a = (
        '{"reservationValue": 0,\n "issueWeights": {"i": '
        + weight
        + '},\n "issues": {"i": {"x": 1, "y": 0}}}'
    )
    _negolog(tmp_path, a, GOOD_B)
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    (line,) = err.value.lines()
    assert line.startswith(f"{tmp_path / 'profileA.json'}:2: issueWeights.i: ")


def test_negolog_profile_without_issue_weights_is_not_dropped(tmp_path: Path) -> None:
    _negolog(tmp_path, GOOD_A, json.dumps({"issues": {"i": {"x": 0, "y": 1}}}))
    (tmp_path / "specs.json").write_text('{"rounds": 10}')
    with pytest.raises(InputError) as err:
        import_negolog(tmp_path)
    (line,) = err.value.lines()
    assert str(tmp_path / "profileB.json") in line and "issueWeights" in line


def test_negolog_fifo_profile_is_refused(tmp_path: Path) -> None:
    (tmp_path / "profileA.json").write_text(GOOD_A)
    os.mkfifo(tmp_path / "profileB.json")
    with pytest.raises(InputError, match="not a regular file"):
        import_negolog(tmp_path)


def test_the_good_inputs_still_import(tmp_path: Path) -> None:
    _good(tmp_path / "g")
    assert len(import_genius(tmp_path / "g").parties) == 2
    _negolog(tmp_path, GOOD_A, GOOD_B)
    assert len(import_negolog(tmp_path).parties) == 2
