"""Plain-language sentences for counter-proposals, concession sets and conflicts."""

from __future__ import annotations

from collections.abc import Sequence

from zopa._types import Value
from zopa.counter.blocks import runs
from zopa.counter.results import (
    Change,
    Conflict,
    Effect,
    Essential,
    Limit,
    Package,
    Robustness,
)

#: Utility changes smaller than this are reported as "unchanged".
NEGLIGIBLE = 0.005


def value_text(value: Value, unit: str | None = None) -> str:
    """An option exactly as the scenario names it, or a number with its unit."""
    if isinstance(value, str):
        return value
    text = f"{value:g}"
    if unit:
        text += unit if unit == "%" else f" {unit}"
    return text


def choice_text(positions: Sequence[int], grid: Sequence[Value], unit: str | None = None) -> str:
    """Values of one issue (positions on its grid) in words: options joined by "or"; on a
    range issue, runs of three or more neighbouring grid values as an interval ("0–40%")."""
    if not positions or isinstance(grid[0], str):
        return join([value_text(grid[p], unit) for p in positions], "or")
    parts = []
    for first, last in runs(sorted(positions)):
        if last - first >= 2:
            parts.append(f"{grid[first]:g}–{value_text(grid[last], unit)}")
        else:
            parts.extend(value_text(grid[p], unit) for p in range(first, last + 1))
    return join(parts, "or")


def signed(x: float, digits: int = 3) -> str:
    """``+0.003``; rounding noise never shows as ``-0.000``."""
    return f"{round(x, digits) + 0.0:+.{digits}f}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 package``, ``3 packages``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def agree(names: Sequence[str], singular: str, plural_form: str) -> str:
    """``United States accepts`` / ``United States and Ukraine accept``."""
    return f"{join(names)} {singular if len(names) == 1 else plural_form}"


def join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: ``Past aid`` → ``past aid`` (``US aid`` stays)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def change_text(change: Change, unit: str | None = None) -> str:
    """``past aid becomes not counted (not repaid as debt)``."""
    after, before = value_text(change.after, unit), value_text(change.before, unit)
    return f"{in_sentence(change.label)} becomes {after} (not {before})"


def effect_text(effect: Effect, labels: dict[str, str]) -> str:
    """What the package costs or gives a party, and on which issue mostly."""
    delta = effect.delta
    if abs(delta) < NEGLIGIBLE:
        return f"leaves {effect.name} unchanged"
    losing = delta < 0
    parts = sorted(effect.by_issue, key=lambda kv: kv[1] if losing else -kv[1])
    main = [in_sentence(labels.get(k, k)) for k, v in parts if (v < 0 if losing else v > 0)]
    where = ""
    if main:
        where = f", {'mostly ' if len(main) > 1 else ''}on {main[0]}"
    verb = "costs" if losing else "gives"
    return f"{verb} {effect.name} {abs(delta):.2f} of utility{where}"


def package_text(
    changes: Sequence[Change],
    effects: Sequence[Effect],
    labels: dict[str, str],
    units: dict[str, str | None],
) -> str:
    """``Ukraine signs if …; this costs the United States 0.06 of utility, mostly on …``."""
    required = [e for e in effects if e.accepts_after and e.signatory]
    won = [e.name for e in effects if e.accepts_after and not e.accepts_before and e.signatory]
    if not changes:
        return "The proposal as it stands already satisfies every party required."
    what = join([change_text(c, units.get(c.issue)) for c in changes])
    head = f"{join(won)} {'signs' if len(won) == 1 else 'sign'} if {what}" if won else what
    others = [effect_text(e, labels) for e in required if e.name not in won]
    text = head + ("; this " + "; it ".join(others) if others else "") + "."
    side = [e for e in effects if not e.signatory and abs(e.delta) >= NEGLIGIBLE]
    if side:
        bits = [f"{e.name} {'gains' if e.delta > 0 else 'loses'} {abs(e.delta):.2f}" for e in side]
        text += " Stakeholders: " + join(bits) + "."
    return text[0].upper() + text[1:]


def essential_text(label: str, before: Value, allowed: str, unit: str | None) -> str:
    """``security guarantee must move from none (to statement_of_support)``."""
    return f"{in_sentence(label)} must move from {value_text(before, unit)} (to {allowed})"


def conflict_text(limits: Sequence[Limit], best: dict[str, float] | None = None) -> str:
    """Why no outcome meets all of ``limits`` at once, in words."""
    items = [_limit_text(c) for c in limits]
    if len(items) == 1:
        c = limits[0]
        if c.kind == "reservation" and best is not None and c.party in best:
            return f"No outcome reaches {items[0]}: the best it can get is {best[c.party]:.2f}."
        return f"No outcome satisfies {items[0]}."
    if len(items) == 2:
        return f"No outcome meets {join(items)} at once, though each can be met on its own."
    return (
        f"No outcome meets {join(items)} at once, though any {len(items) - 1} of them can be "
        "met together."
    )


def robustness_text(
    margins: Sequence[tuple[str, float]], robust: Robustness | None, names: dict[str, str]
) -> str:
    """``Margins over walk-away: United States 0.230, Ukraine 0.003; both sign in 54% of 200
    draws of the uncertain inputs.``"""
    text = "Margin over walk-away: " + ", ".join(f"{names[p]} {signed(m)}" for p, m in margins)
    if robust is not None:
        who = (
            "it signs" if len(margins) == 1 else ("both sign" if len(margins) == 2 else "all sign")
        )
        text += (
            f"; {who} in {robust.share:.0%} of {plural(robust.draws, 'draw')} of the "
            "uncertain inputs"
        )
    text += "."
    if is_knife_edge(margins, robust):
        text += (
            f" Knife-edge: accepted in under {KNIFE_SHARE:.0%} of draws or with a margin under "
            f"{KNIFE_MARGIN:g} for a required party, so a small error in the judgements can "
            "turn it into a rejection."
        )
    return text


#: A package accepted in fewer draws than this share, or with a smaller margin than
#: :data:`KNIFE_MARGIN` for a required party, is called knife-edge.
KNIFE_SHARE = 0.6
KNIFE_MARGIN = 0.02


def is_knife_edge(margins: Sequence[tuple[str, float]], robust: Robustness | None) -> bool:
    """Whether a package is knife-edge (see :data:`KNIFE_SHARE`, :data:`KNIFE_MARGIN`)."""
    thin = any(m < KNIFE_MARGIN for _, m in margins)
    return thin or (robust is not None and robust.share < KNIFE_SHARE)


def _limit_text(c: Limit) -> str:
    return c.text


def _all(names: Sequence[str]) -> str:
    return "" if len(names) == 1 else ("both " if len(names) == 2 else "all ")


def counter_summary(
    proposal: str,
    names: Sequence[str],
    needs_change: bool,
    packages: Sequence[Package],
    routes: int,
    essential: Sequence[Essential],
    conflicts: Sequence[Conflict],
    margin: float,
) -> str:
    """The one-paragraph answer of ``zopa counter`` (first letter capitalised)."""
    text = _counter_summary(
        proposal, names, needs_change, packages, routes, essential, conflicts, margin
    )
    return text[:1].upper() + text[1:]


def _counter_summary(
    proposal: str,
    names: Sequence[str],
    needs_change: bool,
    packages: Sequence[Package],
    routes: int,
    essential: Sequence[Essential],
    conflicts: Sequence[Conflict],
    margin: float,
) -> str:
    who = join(names)
    with_margin = f" with a margin of at least {margin:g} over walk-away" if margin else ""
    if not needs_change:
        return f"{agree(names, 'already accepts', 'already accept')} {proposal}{with_margin}."
    if not packages:
        return f"No outcome is acceptable to {who}{' together' if len(names) > 1 else ''}" + (
            f"{with_margin}. " + " ".join(c.explanation for c in conflicts)
        )
    n = len(packages)
    text = f"{plural(n, 'package', 'different packages')} that {who} would {_all(names)}accept"
    text += with_margin
    if 0 < routes < n:
        text += f" ({routes} changing different issues, {n - routes} with different values)"
    text += "."
    if essential:
        text += " Essential: " + "; ".join(e.text for e in essential) + "."
    robust = [p.robustness for p in packages if p.robustness is not None]
    if robust:
        shares = ", ".join(f"{r.share:.0%}" for r in robust)
        sign = "signs" if len(names) == 1 else "sign"
        text += (
            f" Share of {plural(robust[0].draws, 'draw')} of the uncertain inputs in which "
            f"{who} {_all(names)}{sign}, package by package: {shares}."
        )
    return text
