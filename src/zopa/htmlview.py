"""How result values show themselves in a notebook: small HTML tables, every text escaped.

The main result values define ``_repr_html_`` (Jupyter calls it to display a value) with the
helpers here: :func:`view` gives a heading, a few sentences and a table of at most ``limit``
rows, saying how many rows are left out (``records()`` or ``to_frame()`` give them all). Numbers
are shown with four significant digits; nothing in the HTML runs or loads anything.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["cell", "view"]

LIMIT = 20


def cell(value: Any) -> str:
    """One value as escaped HTML text (floats with four significant digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return html.escape(str(value))


def view(
    title: str,
    lines: Sequence[str] = (),
    rows: Sequence[Mapping[str, Any]] = (),
    columns: Sequence[str] | None = None,
    limit: int = LIMIT,
) -> str:
    """A heading, sentences and a table of ``rows`` (``columns``, or every row's keys)."""
    out = [f'<div class="zopa-view"><strong>{html.escape(title)}</strong>']
    out += [f"<p>{html.escape(line)}</p>" for line in lines]
    if rows:
        names = (
            list(columns)
            if columns is not None
            else list(dict.fromkeys(k for r in rows for k in r))
        )
        out.append("<table><thead><tr>")
        out += [f"<th>{html.escape(n)}</th>" for n in names]
        out.append("</tr></thead><tbody>")
        for row in rows[:limit]:
            out.append("<tr>" + "".join(f"<td>{cell(row.get(n))}</td>" for n in names) + "</tr>")
        out.append("</tbody></table>")
        if len(rows) > limit:
            out.append(
                f"<p>… {len(rows) - limit:,} more rows (records() or to_frame() give all)</p>"
            )
    out.append("</div>")
    return "".join(out)
