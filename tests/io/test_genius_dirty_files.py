"""Leniency on the defects found in real GENIUS files (FORMATS.md §4.5), and located errors for
files that are truly broken."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.io.genius_files import write_domain, write_profile
from zopa.errors import InputError
from zopa.io import import_genius, load_genius
from zopa.io._xml import parse_text, repair, root_tag

DIRTY_DOMAIN = (
    "\n<!-- saved by hand -->\n"
    '<?xml version="1.0" encoding="windows-1252"?>\n'
    "<negotiation_template>\n<utility_space>\n"
    '<objective index="0" name="root" type="objective">\n'
    '<issue index="1" name="Drinks" type="discrete"vtype="discrete">\n'
    '<item index="1" value="Coffee & Thee"/>\n'
    '<item index="2" value="Water &amp; Lemon"/>\n'
    '<item index="3" value="Budget 100 \x80"/>\n'
    "</issue>\n</objective>\n</utility_space>\n</negotiation_template>\n"
)


def test_a_dirty_domain_imports_with_its_values_intact(tmp_path):
    (tmp_path / "d.xml").write_bytes(DIRTY_DOMAIN.encode("latin-1"))
    (tmp_path / "a.xml").write_bytes(
        b'<utility_space><objective index="0"><issue index="1" name="Drinks">'
        b'<item value="Coffee & Thee" evaluation="1"/><item value="Water &amp; Lemon" '
        b'evaluation="2"/><item value="Budget 100 \x80" evaluation="4"/></issue>'
        b'<weight index="1" value="1"/></objective></utility_space>'
    )
    s = import_genius(tmp_path)
    assert s.issues["Drinks"].options == ("Coffee & Thee", "Water & Lemon", "Budget 100 €")
    np.testing.assert_allclose(s.compile().utilities()[0], [0.25, 0.5, 1.0])
    notes = " ".join(s.notes)
    assert "Windows-1252" in notes and "'&'" in notes and "declaration" in notes
    assert "without a blank" in notes


def test_files_that_are_not_genius_xml_are_skipped(tmp_path):
    write_domain(tmp_path, [("x", ["a", "b"])])
    write_profile(tmp_path, "a.xml", [("x", ["a", "b"])], [[1, 2]], [1.0])
    (tmp_path / "pareto.xml").write_text("0.5, 1.0\n1.0, 0.5\n\n")
    (tmp_path / "other.xml").write_text("<something/>")
    assert list(import_genius(tmp_path).parties) == ["a"]
    assert root_tag("0.5, 1.0\n") is None


def test_broken_xml_names_file_and_line(tmp_path):
    write_domain(tmp_path, [("x", ["a", "b"])])
    (tmp_path / "a.xml").write_text(
        "<utility_space>\n<objective index='0'>\n<issue index='1'>\n</utility_space>\n"
    )
    with pytest.raises(InputError) as err:
        load_genius(tmp_path)
    (problem,) = err.value.problems
    assert problem.file == str(tmp_path / "a.xml") and problem.line == 4
    assert "not well-formed" in problem.message


@pytest.mark.parametrize(
    ("profile", "line", "message"),
    [
        (
            '<issue index="1">\n<item value="a" evaluation="1"/></issue>',
            1,
            "no evaluation for ['b']",
        ),
        ('<issue index="1"><item value="a"\n evaluation="lots"/></issue>', 1, "must be a number"),
        ('<issue index="1"><item value="a" evaluation="-1"/></issue>', 1, "negative"),
        ('\n<issue index="7"><item value="a" evaluation="1"/></issue>', 2, "not in the domain"),
        ('<weight index="1" value="x"/>', 1, "must be a number"),
    ],
)
def test_truly_broken_profiles_are_located(tmp_path, profile, line, message):
    write_domain(tmp_path, [("x", ["a", "b"])])
    (tmp_path / "a.xml").write_text(f"<utility_space>{profile}</utility_space>")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")) as err:
        load_genius(tmp_path)
    assert err.value.problems[0].line == line


def test_folder_problems(tmp_path):
    with pytest.raises(InputError, match="exactly one GENIUS domain file"):
        load_genius(tmp_path)
    write_domain(tmp_path, [("x", ["a"])])
    with pytest.raises(InputError, match="no GENIUS utility space"):
        load_genius(tmp_path)
    write_domain(tmp_path, [("x", ["a"])], name="again.xml")
    with pytest.raises(InputError, match=r"found again\.xml, domain\.xml"):
        load_genius(tmp_path)
    with pytest.raises(InputError, match="no such domain folder"):
        load_genius(tmp_path / "missing")


def test_reservation_outside_the_unit_interval_and_constraint_spaces_are_refused(tmp_path):
    write_domain(tmp_path, [("x", ["a"])])
    write_profile(tmp_path, "a.xml", [("x", ["a"])], [[1]], [1.0], '<reservation value="-0.2"/>')
    with pytest.raises(InputError, match="outside"):
        import_genius(tmp_path)
    (tmp_path / "a.xml").write_text('<utility_space type="constraint"/>')
    with pytest.raises(InputError, match="constraint"):
        load_genius(tmp_path)


def test_a_domain_file_may_be_given_instead_of_its_folder(tmp_path):
    domain = write_domain(tmp_path, [("x", ["a", "b"])])
    write_profile(tmp_path, "a.xml", [("x", ["a", "b"])], [[1, 2]], [1.0])
    assert import_genius(domain) == import_genius(tmp_path)


_text = st.text(
    # U+FFFE and U+FFFF are outside XML 1.0's Char production (section 2.2): no XML file can
    # carry them, and a file that has them is refused as not well-formed (tested below).
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"<>\ufffe\uffff'),
    max_size=30,
)


@given(_text)
def test_any_value_with_bare_ampersands_reads_back_as_written(value):
    escaped_entities = ("&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#")
    if any(e in value for e in escaped_entities) or ("&" in value and ";" in value):
        return  # text that already looks like a reference is read as one, as XML says
    fixed, _ = repair(f'<r>\n<item value="{value}"/>\n</r>')
    item = parse_text(fixed, "t").children[0]
    assert item.get("value") == value.replace("\t", " ") or item.get("value") == value


@given(st.text(max_size=200))
def test_repairs_never_move_a_line(text):
    fixed, _ = repair(text)
    assert fixed.count("\n") == text.count("\n")


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_a_character_xml_cannot_carry_is_a_located_error(char):
    fixed, _ = repair(f'<r>\n<item value="{char}"/>\n</r>')
    with pytest.raises(InputError) as err:
        parse_text(fixed, "t")
    assert str(err.value).startswith("t:2:")
