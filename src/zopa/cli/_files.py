"""Output files: checked before any work, written atomically after it.

Every file a command writes (``-o``/``--output``, ``--out``, ``--plot``, ``--csv``) goes through
here:

- :func:`check_writable` (and :func:`check_plot_path` for pictures) refuses, before the analysis
  runs, a path that cannot be written: a missing folder, a folder in the file's place, a name
  too long for the file system, a folder without write permission, an unsupported image suffix.
- :func:`write_files` writes each file to a temporary file beside it and moves it into place:
  a failed write (a full disk, a file-size limit) leaves the old file as it was, a symlink
  planted at the path is replaced, never followed, and an existing file keeps its mode.

Every failure is an :class:`~zopa.errors.InputError` naming the file: exit 2, no traceback.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zopa.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "check_plot_path",
    "check_writable",
    "save_csv",
    "save_figure",
    "save_figures",
    "write_file",
    "write_files",
]

_PREFIX = ".zopa-"


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _refuse(path: Path, problem: str, option: str) -> InputError:
    return InputError.single(f"cannot write: {problem}", file=str(path), path=option)


def check_writable(path: Path, option: str = "") -> Path:
    """``path`` if a file can be written there; otherwise an InputError naming the path and
    the option that gave it, raised before any work is done."""
    folder = _folder(path)
    try:
        if not folder.is_dir():
            raise _refuse(path, f"folder {str(folder)!r} does not exist", option)
        limit = os.pathconf(folder, "PC_NAME_MAX")
        if len(os.fsencode(path.name)) > limit:
            raise _refuse(path, f"the file name is longer than {limit} bytes", option)
        if path.is_dir():
            raise _refuse(path, "is a folder, expected a file name", option)
        if path.exists() and not path.is_file():
            raise _refuse(path, "is not a regular file", option)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise _refuse(path, f"folder {str(folder)!r} is not writable", option)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=_PREFIX, suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise _refuse(path, err.strerror or str(err), option) from None
    return path


def check_plot_path(path: Path, option: str = "--plot") -> Path:
    """The path of a picture, checked before any work: a suffix naming an image format
    matplotlib writes, and a place :func:`check_writable` accepts."""
    from zopa.figures import image_formats

    formats = image_formats()
    if path.suffix.lower().lstrip(".") not in formats:
        known = ", ".join("." + f for f in formats)
        raise _refuse(path, f"the name must end in an image format ({known})", option)
    return check_writable(path, option)


def save_csv(
    path: Path, rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None
) -> Path:
    """Write ``rows`` (a result's ``records()``) as CSV, atomically (:func:`zopa.frames.csv_text`:
    a header line, ``header`` or the rows' columns, then one line per row)."""
    from zopa.frames import csv_text

    write_file(path, csv_text(rows, header))
    return path


def save_figure(fig: Figure, path: Path, *, dpi: float | None = None) -> Path:
    """Render ``fig`` in memory in the format its suffix names and write it atomically."""
    from zopa.figures import figure_bytes

    write_file(path, figure_bytes(fig, path.suffix.lstrip("."), dpi=dpi))
    return path


def save_figures(figures: Mapping[Path, Figure], *, dpi: float | None = None) -> list[Path]:
    """Render several figures in memory and write them all or nothing; their paths."""
    from zopa.figures import figure_bytes

    write_files({p: figure_bytes(f, p.suffix.lstrip("."), dpi=dpi) for p, f in figures.items()})
    return list(figures)


def write_files(files: Mapping[Path, str | bytes]) -> None:
    """Write several files all or nothing (text as UTF-8).

    Each content goes first to a temporary file beside its target, with the mode of the file it
    replaces (or the mode a new file gets under the umask); then the targets are replaced one by
    one. If a replacement fails, the files already replaced get their old content back (or are
    removed if they are new), so a failed run never leaves half of its output."""
    for path in files:
        check_writable(path)
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path | None] = {}
    current = next(iter(files), Path("."))
    try:
        for path, data in files.items():
            current = path
            temps[path] = _temporary(path, data, _mode(path))
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


def write_file(path: Path, data: str | bytes) -> None:
    """Write one file atomically: the old file or the complete new one, never half."""
    write_files({path: data})


def _mode(path: Path) -> int:
    """The permission bits of the regular file at ``path`` (a symlink is not followed), or
    those a new file gets under the umask."""
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(path: Path, data: str | bytes, mode: int) -> Path:
    fd, name = tempfile.mkstemp(dir=_folder(path), prefix=_PREFIX, suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _backup(path: Path) -> Path | None:
    """Keep what is at ``path`` under a temporary name (None if there is nothing)."""
    if not os.path.lexists(path):
        return None
    fd, name = tempfile.mkstemp(dir=_folder(path), prefix=_PREFIX, suffix=".old")
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
