"""Helpers shared by the command modules: output and argument loading."""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zopa.cli._console import json_text, make_console

console = make_console()


def to_jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and non-finite floats to plain JSON values."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        f = float(value)
        return f if math.isfinite(f) else None
    return value


def print_json(data: Any) -> None:
    """Print data as indented JSON on stdout (keys in their meaningful order)."""
    print(json_text(to_jsonable(data)))


# -- output files ---------------------------------------------------------------------------------


def check_writable(path: Path, option: str = "") -> Path:
    """Refuse, before any work is done, an output path that cannot be written: its folder
    missing or not writable, or a folder in its place (an InputError naming the path)."""
    from zopa.errors import InputError

    folder = path.parent if str(path.parent) else Path(".")
    problem = None
    if not folder.is_dir():
        problem = f"folder {str(folder)!r} does not exist"
    elif path.is_dir():
        problem = "is a folder, expected a file name"
    elif path.exists() and not path.is_file():
        problem = "is not a regular file"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"folder {str(folder)!r} is not writable"
    if problem is not None:
        raise InputError.single(f"cannot write: {problem}", file=str(path), path=option)
    return path


def write_files(files: Mapping[Path, str]) -> None:
    """Write several text files all or nothing.

    Each text goes first to a temporary file beside its target, with the mode a new file gets
    under the umask; then the targets are replaced one by one. If a replacement fails, the
    files already replaced get their old content back (or are removed if they are new), so a
    failed run never leaves half of its output. Errors are InputErrors naming the file."""
    from zopa.errors import InputError

    for path in files:
        check_writable(path)
    mode = 0o666 & ~_umask()
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path | None] = {}
    current = next(iter(files), Path("."))
    try:
        for path, text in files.items():
            current = path
            temps[path] = _temporary(path, text, mode)
        for path, tmp in temps.items():
            current = path
            backups[path] = _backup(path)
            os.replace(tmp, path)
    except OSError as err:
        _undo(temps, backups)
        reason = err.strerror or str(err)
        raise InputError.single(f"cannot write: {reason}", file=str(current)) from None
    except BaseException:
        _undo(temps, backups)
        raise
    for backup in backups.values():
        if backup is not None:
            backup.unlink(missing_ok=True)


def write_file(path: Path, text: str) -> None:
    """Write one text file atomically: the old file or the complete new one, never half."""
    write_files({path: text})


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temporary(path: Path, text: str, mode: int) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _backup(path: Path) -> Path | None:
    """Keep the existing file at ``path`` under a temporary name (None if there is none)."""
    if not path.exists():
        return None
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".old")
    os.close(fd)
    os.replace(path, name)
    return Path(name)


def _undo(temps: Mapping[Path, Path], backups: Mapping[Path, Path | None]) -> None:
    """Put back what :func:`write_files` replaced and remove its temporary files."""
    for path, backup in backups.items():
        try:
            if backup is not None:
                os.replace(backup, path)
            elif not temps[path].exists():  # the new file had been moved into place
                path.unlink(missing_ok=True)
        except OSError:
            pass
    for tmp in temps.values():
        tmp.unlink(missing_ok=True)
