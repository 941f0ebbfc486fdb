"""Results as tables: rows of plain values, CSV text and pandas DataFrames.

The result values that hold many rows (frontier points, counter-proposals, Monte Carlo draws,
sensitivity indices, tournament sessions) give ``records()``: one plain dict per row, every
value a number, a string, a boolean or None. :func:`csv_text` writes such rows as CSV and
:func:`data_frame` turns them into a :class:`pandas.DataFrame`; their ``to_frame()`` methods
call it. pandas is an optional extra (``pip install 'zopa[frames]'``): it is imported only
when a frame is asked for.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

__all__ = ["MISSING_PANDAS", "Row", "columns", "csv_text", "data_frame", "flat"]

Row = dict[str, Any]

MISSING_PANDAS = (
    "a DataFrame needs pandas, which is not installed; install the optional extra with "
    "pip install 'zopa[frames]' (or pip install pandas)"
)


def flat(value: Any) -> Any:
    """A cell: numbers, strings, booleans and None as they are; numpy scalars as Python ones;
    anything else as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return item()
    return str(value)


def columns(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every column of ``rows`` in the order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)  # every digit: the value reads back
    return value


def csv_text(rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None) -> str:
    """``rows`` as CSV (a header line, then one line per row; missing and None cells empty,
    numbers written in full)."""
    names = list(header) if header is not None else columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(flat(row.get(name))) for name in names])
    return out.getvalue()


def data_frame(
    rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None
) -> pandas.DataFrame:
    """``rows`` as a :class:`pandas.DataFrame` with the columns of :func:`csv_text`; an
    ImportError saying how to install pandas when it is missing."""
    try:
        import pandas
    except ImportError as err:
        raise ImportError(MISSING_PANDAS) from err
    names = list(header) if header is not None else columns(rows)
    return pandas.DataFrame([[flat(r.get(n)) for n in names] for r in rows], columns=names)
