"""Writing small GENIUS XML files for tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr


def issue_xml(index: int, name: str, spec: Any, evals: Any = None) -> str:
    """``spec`` is a list of value labels (discrete), ``("integer", lo, hi)`` or
    ``("real", lo, hi)``; ``evals`` is a list of evaluations or an evaluator attribute dict."""
    if isinstance(spec, tuple):
        kind, lo, hi = spec
        bounds = f'lowerbound="{lo}" upperbound="{hi}"'
        inner = ""
        if kind == "real":
            inner, bounds = f"<range {bounds}/>", ""
        if evals is not None:
            attrs = " ".join(f'{k}="{v}"' for k, v in evals.items())
            inner += f"<evaluator {attrs}/>"
        return (
            f'<issue index="{index}" name={quoteattr(name)} type="{kind}" {bounds}>{inner}</issue>'
        )
    items = []
    for j, label in enumerate(spec):
        ev = "" if evals is None else f' evaluation="{evals[j]}"'
        items.append(f'<item index="{j + 1}" value={quoteattr(label)}{ev}/>')
    body = "\n".join(items)
    return f'<issue index="{index}" name={quoteattr(name)} type="discrete">\n{body}\n</issue>'


def write_domain(folder: Path, issues: Sequence[tuple[str, Any]], name: str = "domain.xml") -> Path:
    body = "\n".join(issue_xml(k + 1, n, spec) for k, (n, spec) in enumerate(issues))
    text = (
        "<negotiation_template>\n<utility_space>\n"
        f'<objective index="0" name="root" type="objective">\n{body}\n</objective>\n'
        "</utility_space>\n</negotiation_template>\n"
    )
    path = folder / name
    path.write_text(text)
    return path


def write_profile(
    folder: Path,
    name: str,
    issues: Sequence[tuple[str, Any]],
    evals: Sequence[Any],
    weights: Sequence[float | None],
    extra: str = "",
) -> Path:
    parts = [issue_xml(k + 1, n, spec, evals[k]) for k, (n, spec) in enumerate(issues)]
    parts += [
        f'<weight index="{k + 1}" value="{w}"/>' for k, w in enumerate(weights) if w is not None
    ]
    body = "\n".join(parts)
    text = (
        f'<utility_space>\n<objective index="0" name="root" type="objective">\n{body}\n'
        f"</objective>\n{extra}</utility_space>\n"
    )
    path = folder / name
    path.write_text(text)
    return path
