"""Checks of the command line's arguments that typer cannot make itself."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from zopa.errors import InputError

#: How standard input is named in messages.
STDIN = "<stdin>"

#: Options that take one ``KEY=VALUE`` per flag and may be repeated, with the other way to
#: give several values where there is one.
KEY_VALUE_LISTS: dict[str, str] = {
    "--terms": "--terms {a} --terms {b} (or --terms {a},{b})",
    "--option": "--option {a} --option {b}",
    "--threshold": "--threshold {a} --threshold {b}",
    "-t": "-t {a} -t {b}",
    "--strategy": "--strategy {a} --strategy {b}",
    "-s": "-s {a} -s {b}",
}


def check_list_options(args: Sequence[str]) -> None:
    """Refuse several ``KEY=VALUE`` values after one flag (``--terms a=1 b=2``), which the
    parser would otherwise read as an argument of another meaning, with the way to write them."""
    end = args.index("--") if "--" in args else len(args)
    for k in range(end):
        flag, inline, value = args[k].partition("=")
        if flag not in KEY_VALUE_LISTS:
            continue
        at = k if inline else k + 1  # where the flag's value is
        if at + 1 >= end:
            continue
        value = value if inline else args[at]
        extra = args[at + 1]
        if "=" in extra and not extra.startswith("-"):
            raise InputError.single(
                f"takes one value per flag: {value!r} is its value and {extra!r} is left over; "
                "write " + KEY_VALUE_LISTS[flag].format(a=value, b=extra),
                path=flag,
            )


#: Options that take one value per flag and may be repeated.
LISTS = (*KEY_VALUE_LISTS, "--keep", "--model", "-m", "--rule", "--profiles", "--variant")


def left_over(args: Sequence[str], extra: Sequence[str]) -> InputError | None:
    """Where the parser found ``extra`` arguments it has no place for: if the first of them
    comes right after the value of a list option (``--keep us eu``), an error saying how to
    give several values; else None."""
    if not extra:
        return None
    end = args.index("--") if "--" in args else len(args)
    for k in range(end - 2):
        flag = args[k]
        if flag in LISTS and args[k + 2] == extra[0] and not args[k + 1].startswith("-"):
            value = args[k + 1]
            return InputError.single(
                f"takes one value per flag: {value!r} is its value and {extra[0]!r} is left "
                f"over; write {flag} {value} {flag} {extra[0]}",
                path=flag,
            )
    return None


def read_stdin() -> str:
    """Standard input as UTF-8 text, with the size limit and the messages of scenario files."""
    from zopa.model.yamlsafe import MAX_BYTES

    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputError.single(f"input is over the limit of {MAX_BYTES} bytes", file=STDIN)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError.single(
            f"the input is not UTF-8 text: byte 0x{raw[err.start]:02x} at offset {err.start} "
            "is not valid UTF-8",
            file=STDIN,
            line=raw[: err.start].count(b"\n") + 1,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text
