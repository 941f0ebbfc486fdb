"""The one guarded way to read an input file.

Every reader of user files (scenarios, imported domains, actor tables, KTAB files, backtest
cases) goes through these functions, so every input gets the same checks and the same message:
the path must name a regular file (a folder, FIFO, device or socket is refused before it is
opened, so reading never blocks), and a file over :data:`MAX_BYTES` is refused before it is read.
Sniffing the kind of a file reads at most :data:`SNIFF_BYTES` from its start.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from zopa.errors import InputError

#: The largest input file read, in bytes (the same for every reader).
MAX_BYTES = 20_000_000
#: How much of a file is read to tell its kind.
SNIFF_BYTES = 4096
#: The deepest nesting of XML elements any reader accepts.
MAX_XML_DEPTH = 100


def check_file(path: Path, label: str | None = None, what: str = "an input file") -> int:
    """The size of ``path`` in bytes, or a located InputError when it is not a regular file
    or is over :data:`MAX_BYTES`. ``what`` names the expected kind of file."""
    name = label or str(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the name
        raise _unreadable(err, name) from None
    _check_mode(info, name, what)
    return info.st_size


def read_bytes(path: Path, label: str | None = None, what: str = "an input file") -> bytes:
    """The bytes of a checked file (see :func:`check_file`); never more than the cap. The file
    is opened without blocking and checked again once open, so a file swapped for a FIFO
    between the check and the read is still refused."""
    name = label or str(path)
    check_file(path, name, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as err:
        raise _unreadable(err, name) from None
    with os.fdopen(fd, "rb") as handle:
        _check_mode(os.fstat(fd), name, what)
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as err:
            raise _unreadable(err, name) from None
    if len(raw) > MAX_BYTES:
        raise InputError.single(f"file is over the limit of {MAX_BYTES:,} bytes", file=name)
    return raw


def _check_mode(info: os.stat_result, name: str, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError.single(f"is a directory, expected {what}", file=name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError.single(f"is not a regular file, expected {what}", file=name)
    if info.st_size > MAX_BYTES:
        raise InputError.single(
            f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}", file=name
        )


def _unreadable(err: Exception, name: str) -> InputError:
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return InputError.single(f"cannot read file: {reason}", file=name)


def read_text(path: Path, label: str | None = None, what: str = "a scenario file") -> str:
    """A checked file as UTF-8 text (a leading byte-order mark is dropped); bytes that are not
    UTF-8 are a located InputError."""
    name = label or str(path)
    raw = read_bytes(path, name, what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError.single(
            f"the file is not UTF-8 text: byte 0x{raw[err.start]:02x} at offset {err.start} "
            "is not valid UTF-8; save it as UTF-8",
            file=name,
            line=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_prefix(path: Path, size: int = SNIFF_BYTES) -> bytes | None:
    """The first ``size`` bytes of a regular file, or None when the path is not a readable
    regular file (special files are never opened, so sniffing never blocks)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            return handle.read(size)
        except OSError:
            return None


def csv_rows(
    text: str, file: str | None, *, skipinitialspace: bool = False, strip: bool = True
) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the 1-based line on which each starts (fields trimmed and
    trailing blank fields cut when ``strip``); a malformed record, such as a field over the csv
    module's limit, is a located InputError."""
    reader = csv.reader(io.StringIO(text), skipinitialspace=skipinitialspace)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            cells = [f.strip() for f in fields] if strip else fields
            while strip and cells and not cells[-1]:
                cells.pop()
            if any(c.strip() for c in cells):
                out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError.single(f"not readable as CSV: {err}", file=file, line=start) from None
    return out
