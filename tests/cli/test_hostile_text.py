"""Every command that shows a scenario's text, on a scenario whose every name carries rich
markup, terminal escape sequences, a bidirectional override, a carriage return or a lone
surrogate: the text is shown as written (escaped), never read as markup or sent to the terminal
raw, and nothing crashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.hostile import (
    ESCAPES,
    HANG_GUARD,
    HOSTILE,
    MARKUP,
    SURROGATE,
    assert_clean,
    hang_guard,
    hostile_scenario,
)
from tests.io.genius_files import write_domain, write_profile

ZOPA = (sys.executable, "-c", "from zopa.cli import main; main()")
PROPOSAL = "p" + HOSTILE
PARTY = "a" + HOSTILE

# (arguments after the scenario file, whether the human output shows the scenario's names)
COMMANDS: list[tuple[tuple[str, ...], bool]] = [
    (("show",), True),
    (("show", "--json"), False),
    (("show", "--yaml"), False),
    (("check",), True),
    (("check", "--json"), False),
    (("diagnose", PROPOSAL), True),
    (("diagnose", PROPOSAL, "--json"), False),
    (("frontier",), True),
    (("frontier", "--json"), False),
    (("solutions",), True),
    (("counter", PROPOSAL, "--draws", "20"), True),
    (("counter", PROPOSAL, "--json", "--draws", "0"), False),
    (("what-it-takes", PROPOSAL, "--for", "b" + HOSTILE, "--draws", "20"), True),
    (("tradeoff", PROPOSAL), True),
    (("negotiate", "--rounds", "20"), True),
    (("negotiate", "--rounds", "20", "--json"), False),
    (("analyze", "--draws", "50"), True),
    (("analyze", "--draws", "50", "--json"), False),
    (("forecast", "--draws", "50"), True),
    (("forecast", "--draws", "50", "--json"), False),
    (("sensitivity", "--samples", "16"), True),
    (("outlook", "--draws", "50"), True),
    (("compare", "--variant", f"{PARTY},b{HOSTILE}", "--no-forecasts"), True),
    (("compare", "--variant", f"{PARTY},b{HOSTILE}", "--json"), False),
    (("coalitions",), True),
    (("winset",), False),
    (("deadline", PROPOSAL, "--steps", "3"), True),
    (("outlook", "--draws", "50", "--json"), False),
    (("audit", "--draws", "50", "--all"), True),
    (("audit", "--draws", "0", "--json"), False),
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_scenario(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(
    ("args", "shown"),
    COMMANDS,
    ids=[" ".join(a[:1] + tuple(x for x in a if x.startswith("--"))) for a, _ in COMMANDS],
)
def test_every_command_shows_hostile_names_as_text(cli, scenario, args, shown) -> None:
    command, *rest = args
    with hang_guard():
        r = cli(command, str(scenario), *rest)
    assert_clean(r.code, r.out, r.err, shown=shown and r.code == 0)
    if "--json" in rest and r.code == 0:
        data = json.loads(r.out)  # still valid JSON, the same strings once decoded
        assert any(HOSTILE in text for text in _strings(data))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_the_escapes_are_visible_in_the_output(cli, scenario) -> None:
    r = cli("show", str(scenario))
    assert r.code == 0
    assert "\\x1b]0;PWNED" in r.out and "\\u202eevil" in r.out
    assert MARKUP in r.out.replace("\n", " ") or "[link=file:///etc/passwd]" in r.out


def test_a_file_name_with_brackets_is_printed_as_written(cli, scenario) -> None:
    r = cli("check", str(scenario))
    assert r.code == 0 and "deal[draft].yaml" in r.out


def test_a_lone_surrogate_in_a_name_is_escaped(cli, tmp_path) -> None:
    path = hostile_scenario(tmp_path, SURROGATE, "s.yaml")
    for args in (("show",), ("frontier",), ("negotiate", "--rounds", "10"), ("show", "--json")):
        r = cli(args[0], str(path), *args[1:])
        assert_clean(r.code, r.out, r.err)
        assert r.code == 0 and "\\ud800" in r.out


def test_errors_quoting_hostile_text_are_escaped(cli, scenario) -> None:
    r = cli("diagnose", str(scenario), "no such proposal " + ESCAPES)
    assert r.code == 2
    assert_clean(r.code, r.out, r.err)


def test_a_genius_import_with_hostile_names(cli, tmp_path) -> None:
    """Issue and value names carry markup; a profile's file name (the party id) carries markup
    and escape sequences. The table after ``-o`` shows them as text."""
    issues = [("Drinks" + MARKUP, ["Beer" + MARKUP, "Wine"]), ("Food", ["Chips", "Nuts"])]
    write_domain(tmp_path, issues)
    evals = [[1, 3], [2, 1]]
    write_profile(
        tmp_path, "agent[bold red][link=https:x]" + ESCAPES + ".xml", issues, evals, [0.5, 0.5]
    )
    write_profile(tmp_path, "other.xml", issues, [[3, 1], [1, 2]], [0.7, 0.3])
    out = tmp_path / "out.yaml"
    r = cli("import", "genius", str(tmp_path), "-o", str(out))
    assert_clean(r.code, r.out, r.err)
    assert r.code == 0 and out.is_file()
    assert "red][link=https:x]" in r.out and "\\x1b]0;" in r.out


def test_in_a_terminal_no_escape_sequence_of_the_input_is_sent(scenario) -> None:
    """With colours forced on, the console's own styles are sent, but never the input's
    title-setting, screen-clearing or link sequences (OSC ``ESC ]`` or ``ESC [2J``)."""
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    for args in (("show",), ("diagnose", PROPOSAL), ("counter", PROPOSAL, "--draws", "0")):
        run = subprocess.run(
            [*ZOPA, args[0], str(scenario), *args[1:]],
            capture_output=True,
            env=env,
            timeout=HANG_GUARD,
            check=False,
        )
        out = run.stdout.decode("utf-8")
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        assert "\x1b[" in out  # colours are on: the test can fail
        assert "\x1b]" not in out and "\x1b[2J" not in out
        assert "\\x1b]0;PWNED" in out


#: Arguments the command line itself refuses (typer and click's usage errors): an unknown command
#: or option, an extra argument, a value that is no number or no choice, each with whether the
#: message quotes what was typed.
USAGE_ERRORS: list[tuple[tuple[str, ...], bool]] = [
    (("nocmd" + HOSTILE,), True),
    (("show", "price-split", "--x" + ESCAPES + HOSTILE), True),  # click cuts an option at '='
    (("show", "price-split", "extra" + HOSTILE), True),
    (("frontier", "price-split", "--method", "x" + HOSTILE), True),
    (("negotiate", "price-split", "--protocol", "x" + HOSTILE), True),
    (("show", "price-split", "--jso" + ESCAPES), True),
    (("counter", "price-split", "opening-ask", "--top", "1" + HOSTILE), False),
    (("forecast", "price-split", "--draws", HOSTILE), False),
]


@pytest.mark.parametrize(
    ("args", "quoted"), USAGE_ERRORS, ids=[f"{a[0][:5]}-{len(a)}" for a, _ in USAGE_ERRORS]
)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_usage_errors_show_what_was_typed_as_text(cli, args, quoted, as_json) -> None:
    """The command line's own refusals quote the typed argument escaped: no control character,
    no markup read (the markup is printed as written), exit 2."""
    r = cli(*args, *(["--json"] if as_json else []))
    assert r.code == 2
    assert_clean(r.code, r.out, r.err)
    if as_json:
        problems = json.loads(r.out)["problems"]
        text = " ".join(p["message"] for p in problems)
    else:
        text = r.err
    if quoted:
        assert "\\x1b" in text  # the escape is shown, visibly
    if quoted and "[/bold red]" in "".join(args) and "No such option" not in text:
        assert "[bold red]x[/bold red][link=file:///etc/passwd]" in text
