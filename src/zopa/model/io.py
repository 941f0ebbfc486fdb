"""Loading scenarios (bundled names or paths) and writing them back canonically."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from zopa.errors import InputError
from zopa.model.yamlsafe import load_document, parse

if TYPE_CHECKING:
    from zopa.model.schema import Scenario


def bundled_scenarios() -> dict[str, Path]:
    """Bundled scenario names and their files."""
    root = resources.files("zopa") / "scenarios"
    out: dict[str, Path] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out[entry.name[: -len(".yaml")]] = Path(str(entry))
    return out


def path_kind(path: str | Path) -> str | None:
    """``"folder"``, ``"file"`` (anything else that is there) or None (nothing there) for
    ``path``; an InputError naming the path when it cannot even be looked at (a name too long for
    the file system, a folder that may not be searched)."""
    try:
        p = Path(path)
        return "folder" if p.is_dir() else "file" if p.exists() else None
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise InputError.single(f"cannot read: {reason}", file=str(path)) from None


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a bundled scenario by name, or a YAML/JSON scenario file by path."""
    from zopa.model.validate import scenario_from_document

    path = Path(name_or_path)
    bundled = bundled_scenarios()
    there = path_kind(path) is not None
    if not there and str(name_or_path) in bundled:
        return scenario_from_document(
            load_document(bundled[str(name_or_path)], label=f"{name_or_path} (bundled)")
        )
    if not there:
        names = ", ".join(bundled) or "none"
        raise InputError.single(
            f"no such file, and no bundled scenario of that name (bundled: {names})",
            file=str(name_or_path),
        )
    return scenario_from_document(load_document(path))


def scenario_from_text(text: str, file: str = "<text>", *, json_syntax: bool = False) -> Scenario:
    """Validate a scenario given as YAML (or JSON) text."""
    from zopa.model.validate import scenario_from_document

    return scenario_from_document(parse(text, file, json_syntax=json_syntax))


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """The canonical plain-data form: defaults omitted, whole numbers without a decimal point."""
    data: dict[str, Any] = _tidy(scenario.model_dump(mode="json", exclude_defaults=True))
    return data


def _tidy(value: Any) -> Any:
    """Write whole floats as integers (``50`` rather than ``50.0``); loading reads them back as
    the same floats."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def dump_scenario(scenario: Scenario, fmt: str = "yaml", *, ascii_only: bool = False) -> str:
    """Canonical YAML or JSON text; loading it gives back an equal scenario. ``ascii_only``
    writes every other character as an escape (for a terminal that must not receive control
    characters or bidirectional overrides raw)."""
    data = scenario_to_data(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=ascii_only) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=not ascii_only, width=100)


#: The identifier of the scenario language's JSON Schema (``$id``), one per zopa release.
SCHEMA_ID = "urn:zopa:scenario:{version}"


def schema() -> dict[str, Any]:
    """The JSON Schema of the scenario language, with its ``$schema`` dialect and ``$id``."""
    from zopa import __version__
    from zopa.model.schema import Scenario

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(version=__version__),
        **Scenario.model_json_schema(),
    }
