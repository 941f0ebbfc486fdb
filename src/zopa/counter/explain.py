"""Plain-language sentences for counter-proposals, concession sets and conflicts."""

from __future__ import annotations

from collections.abc import Sequence

from zopa.counter.results import Change, Effect, Limit, Value

#: Utility changes smaller than this are reported as "unchanged".
NEGLIGIBLE = 0.005


def value_text(value: Value, unit: str | None = None) -> str:
    """An option name with spaces for underscores, or a number with its unit."""
    if isinstance(value, str):
        return value.replace("_", " ")
    text = f"{value:g}"
    if unit:
        text += unit if unit == "%" else f" {unit}"
    return text


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


def essential_text(label: str, before: Value, allowed: Sequence[Value], unit: str | None) -> str:
    options = join([value_text(v, unit) for v in allowed], "or")
    return f"{in_sentence(label)} must move from {value_text(before, unit)} (to {options})"


def conflict_text(limits: Sequence[Limit], best: dict[str, float] | None = None) -> str:
    """Why no outcome meets all of ``limits`` at once, in words."""
    items = [_limit_text(c) for c in limits]
    if len(items) == 1:
        c = limits[0]
        if c.kind == "reservation" and best is not None and c.party in best:
            return f"No outcome reaches {items[0]}: the best it can get is {best[c.party]:.2f}."
        return f"No outcome satisfies {items[0]}."
    return (
        f"No outcome meets {join(items)} at once, though any {len(items) - 1} of them can be met."
    )


def _limit_text(c: Limit) -> str:
    return c.text
