"""Did-you-mean suggestions for unknown names, at a bounded cost.

``difflib`` compares a word with every choice at a cost that grows with the product of their
lengths, so a document with thousands of misspelt names among thousands of choices would take
minutes. Here a word is cut to :data:`MAX_WORD` characters and compared in full with at most
:data:`MAX_CANDIDATES` choices: all of them when there are no more, otherwise the choices next to
the word in alphabetical order and next to it in the order of the reversed words (so a typo at
either end still finds the name). The sorted orders are built once per set of choices.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from functools import lru_cache

#: The longest word (and choice) compared; longer ones are cut.
MAX_WORD = 64
#: The most choices compared in full for one word.
MAX_CANDIDATES = 32


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (difflib's ratio of at least 0.6), or None."""
    w = word[:MAX_WORD]
    items = tuple(dict.fromkeys(str(c) for c in choices))
    if not w or not items:
        return None
    if len(items) <= MAX_CANDIDATES:
        candidates = list(items)
    else:
        forward, backward, order = _index(items)
        half = MAX_CANDIDATES // 4
        near: set[str] = set()
        for keys, key in ((forward, w), (backward, w[::-1])):
            at = bisect.bisect_left(keys, (key, ""))
            near.update(c for _, c in keys[max(0, at - half) : at + half])
        candidates = sorted(near, key=order.__getitem__)
    cut = {c[:MAX_WORD]: c for c in reversed(candidates)}
    found = difflib.get_close_matches(w, list(cut)[::-1], n=1)
    return cut[found[0]] if found else None


@lru_cache(maxsize=16)
def _index(
    items: tuple[str, ...],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, int]]:
    forward = sorted((c[:MAX_WORD], c) for c in items)
    backward = sorted((c[:MAX_WORD][::-1], c) for c in items)
    return forward, backward, {c: i for i, c in enumerate(items)}


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty text."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match is not None else ""
