"""Documentation that runs: every ``zopa ...`` command written in README.md and docs/*.md, the
README's YAML and Python examples.

Each fenced block's commands run in order, in a fresh folder (files one command writes are there
for the next). Where the page says what a command prints, the output is checked against the
page's own words (:data:`STATED`). To keep the suite quick, Monte Carlo sizes above
:data:`MOST_DRAWS` are lowered to it (the page's command is otherwise unchanged); commands on
the reference data beside the checkout are skipped, with the reason, where it is absent,
placeholder paths (``path/to/...``) are not run, and the few commands in :data:`SLOW` run only
with ``ZOPA_DOCS_SLOW=1``."""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from zopa.model import bundled_scenarios, scenario_from_text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
REFERENCE = "../shared/reference"

#: The most Monte Carlo draws (and Sobol samples) a documented command runs with here.
MOST_DRAWS = 100
SIZE_OPTIONS = ("--draws", "-n", "--samples", "--counter-draws")
#: Commands with a Monte Carlo size option, and its default where the page gives none.
DEFAULT_SIZES = {
    "analyze": ("--draws",),
    "outlook": ("--draws",),
    "report": ("--draws", "--counter-draws"),
    "sensitivity": ("--samples",),
}

#: Commands too slow for every run of the suite (skipped unless ZOPA_DOCS_SLOW=1), and why.
SLOW: dict[str, str] = {
    "zopa tournament ../shared/reference/negotiation-domains/genius": (
        "a tournament over every GENIUS domain"
    ),
}

#: Commands that continue an interrupted run, which a fresh folder cannot have (tests/runs
#: interrupts runs and resumes them), and why.
NEEDS_AN_INTERRUPTED_RUN = ("zopa runs resume", "--resume")

#: What a page says a command prints: (page, command) -> texts the output contains, each
#: taken from the page's words.
STATED: dict[tuple[str, str], tuple[str, ...]] = {
    # "zopa diagnose ... # who would sign, and why not"; the README's Python example prints
    # "Ukraine would not sign: ..." from the same diagnosis.
    ("README.md", "zopa diagnose minerals-2025 us-draft-2025-02-12"): (
        "Ukraine would not sign",
        "United States would sign",
    ),
    # "Ukraine would not sign the first US draft ... The United States would sign its own draft."
    ("minerals-2025.md", "zopa diagnose minerals-2025 us-draft-2025-02-12"): (
        "Ukraine would not sign",
        "United States would sign",
    ),
    # "zopa check FILE prints a one-line summary and exits 0" (docs/scenarios.md).
    ("README.md", "zopa check my-scenario.yaml"): ("valid scenario 'price-split'",),
    # "zopa frontier anac.yaml  # 10 frontier points"
    ("frontier.md", "zopa frontier anac.yaml"): ("Pareto frontier: 10 points",),
    # "zopa scenarios  # the bundled scenarios"
    ("README.md", "zopa scenarios"): tuple(bundled_scenarios()),
}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    commands: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.page.name}:{self.line}"


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def command_blocks() -> list[Block]:
    """Every fenced block with ``zopa`` command lines, in page order."""
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in re.finditer(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
            lines = [
                ln.strip().removeprefix("$ ")
                for ln in match.group(1).splitlines()
                if ln.strip().removeprefix("$ ").startswith("zopa ")
            ]
            if lines:
                line = text[: match.start()].count("\n") + 2
                found.append(Block(page, line, tuple(lines)))
    return found


def _write_files_shown_above(block: Block, folder: Path) -> None:
    """A YAML file a command reads that no command of the block writes ("``zopa power
    council.yaml``: a body file like the one above") is the page's last YAML block above the
    commands."""
    text = block.page.read_text()
    above = "\n".join(text.splitlines()[: block.line])
    shown = _blocks(above, "yaml")
    written = {o for c in block.commands for o in _outputs(_words(c)[1:])}
    for command in block.commands:
        for word in _words(command)[1:]:
            target = folder / word
            if (
                shown
                and word.endswith((".yaml", ".yml"))
                and "/" not in word
                and word not in written
                and not target.exists()
            ):
                target.write_text(shown[-1])


def _words(command: str) -> list[str]:
    return shlex.split(command, comments=True)


def _smaller(args: list[str]) -> list[str]:
    """The command with Monte Carlo sizes above MOST_DRAWS lowered to it."""
    args = list(args)
    for k, word in enumerate(args[:-1]):
        if word in SIZE_OPTIONS and args[k + 1].isdigit() and int(args[k + 1]) > MOST_DRAWS:
            args[k + 1] = str(MOST_DRAWS)
    for size in DEFAULT_SIZES.get(args[0], ()) if args else ():
        if size not in args:
            args += [size, str(MOST_DRAWS)]
    return args


def _skip_reason(args: list[str], missing: set[str]) -> str | None:
    slow = next(
        (why for start, why in SLOW.items() if " ".join(["zopa", *args]).startswith(start)), None
    )
    if slow is not None and not os.environ.get("ZOPA_DOCS_SLOW"):
        return f"slow ({slow}); ZOPA_DOCS_SLOW=1 runs it"
    line = " ".join(["zopa", *args])
    if line.startswith(NEEDS_AN_INTERRUPTED_RUN[0]) or NEEDS_AN_INTERRUPTED_RUN[1] in args:
        return "continues an interrupted run (tests/runs interrupts and resumes runs)"
    for word in args:
        if word.startswith("path/to/"):
            return f"placeholder path {word}"
        if word in missing:
            return f"{word} comes from a command that was not run"
        if REFERENCE in word and not (ROOT / word).exists():
            return f"reference data not found at {(ROOT / word).resolve()}"
    return None


def _outputs(args: list[str]) -> list[str]:
    return [args[k + 1] for k, a in enumerate(args[:-1]) if a in ("-o", "--output", "--out")]


@pytest.mark.parametrize("block", command_blocks(), ids=lambda b: b.id)
def test_documented_commands_run(block: Block, cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    if block.page.name == "README.md":  # "zopa check my-scenario.yaml" checks the example
        (tmp_path / "my-scenario.yaml").write_text(_blocks(README, "yaml")[0])
    _write_files_shown_above(block, tmp_path)
    missing: set[str] = set()
    reasons: list[str] = []
    ran = 0
    for command in block.commands:
        args = _words(command)[1:]
        args = [str(ROOT / a) if REFERENCE in a else a for a in args]
        reason = _skip_reason(_words(command)[1:], missing)
        if reason is not None:
            missing.update(_outputs(_words(command)[1:]))
            reasons.append(f"{command.split('#')[0].strip()}: {reason}")
            continue
        result = cli(*_smaller(args))
        assert result.code == 0, f"{block.id}: {command}\n{result.err}"
        assert result.out.strip(), f"{block.id}: {command} printed nothing"
        if "--json" in args or args[0] == "schema":
            assert "zopa_version" in json.loads(result.out)
        text = " ".join(result.out.split())  # tables wrap: compare with spaces collapsed
        for stated in STATED.get((block.page.name, command.split("#")[0].strip()), ()):
            assert stated in text, f"{block.id}: {command} should print {stated!r}"
        ran += 1
    if ran == 0:
        pytest.skip("; ".join(reasons))


def test_every_stated_output_belongs_to_a_documented_command() -> None:
    documented = {
        (b.page.name, c.split("#")[0].strip()) for b in command_blocks() for c in b.commands
    }
    assert set(STATED) <= documented


def test_every_page_with_commands_is_covered() -> None:
    pages = {b.page.name for b in command_blocks()}
    assert {"README.md", "frontier.md", "counter.md", "forecast.md", "negotiate.md"} <= pages


def test_readme_has_the_two_fresh_machine_commands_and_ci_runs_the_second() -> None:
    top = README.split("## A short tour")[0]
    commands = [b.strip() for b in _blocks(top, "bash")]
    assert len(commands) == 2
    install_and_analyze, install_and_test = commands
    assert "pip install" in install_and_analyze
    assert install_and_analyze.endswith("zopa analyze minerals-2025")
    assert "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text()
    assert install_and_test in ci.splitlines()


def test_readme_yaml_example_is_a_valid_scenario() -> None:
    s = scenario_from_text(_blocks(README, "yaml")[0], "README.md")
    assert s.parties["buyer"].red_lines[0].rule == "price <= 90"


def test_readme_python_example_prints_what_its_comments_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each ``print(...)  # TEXT`` line: the line printed starts with TEXT (up to a ``...``)."""
    for block in _blocks(README, "python"):
        claims = [
            line.split("#", 1)[1].strip().split("...")[0].strip()
            for line in block.splitlines()
            if line.startswith("print(") and "#" in line
        ]
        exec(compile(block, "README.md", "exec"), {})
        printed = capsys.readouterr().out.splitlines()
        assert claims and len(printed) == len(claims)
        for claim, line in zip(claims, printed, strict=True):
            assert line.startswith(claim), (claim, line)
