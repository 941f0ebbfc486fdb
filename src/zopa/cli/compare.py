"""Who sits at the table: ``zopa compare`` (table variants) and ``zopa coalitions``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from zopa.cli._app import app
from zopa.cli._common import Table, console, show_json
from zopa.cli.options import JsonOpt, RatifiedOpt, ScenarioArg, seed_option

if TYPE_CHECKING:
    from zopa.ratify.compare import Comparison


@app.command("compare")
def compare_cmd(
    scenario: ScenarioArg,
    variant: Annotated[
        list[str] | None,
        typer.Option(
            "--variant",
            help="A declared variant, or comma-separated signatories such as us,russia "
            "(repeatable; default: every declared variant).",
        ),
    ] = None,
    ratified: RatifiedOpt = False,
    forecasts: Annotated[
        bool, typer.Option("--forecasts/--no-forecasts", help="Run the forecast models.")
    ] = True,
    seed: Annotated[int, seed_option("Seed of the forecasts and the outlook.")] = 0,
    outlook: Annotated[
        int,
        typer.Option(
            "--outlook",
            help="Draws for the outlook's probability of a deal per variant (0: off; slow on "
            "large spaces).",
        ),
    ] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Side by side: the agreement space and the forecasts under each table variant."""
    from zopa.errors import InputError
    from zopa.model import load_scenario
    from zopa.ratify.compare import compare
    from zopa.ratify.variants import declared, resolve

    s = load_scenario(scenario)
    chosen = [resolve(s, v) for v in variant] if variant else declared(s)
    if not chosen:
        raise InputError.single(
            "the scenario declares no variants; give --variant (e.g. --variant "
            f"{','.join(list(s.parties)[:2])})",
            path="--variant",
        )
    if outlook < 0:
        raise InputError.single(
            f"--outlook must be 0 or more draws, got {outlook}", path="--outlook"
        )
    result = compare(
        s, chosen, ratified=ratified, forecasts=forecasts, seed=seed, outlook_draws=outlook
    )
    if show_json(result.to_dict(), as_json):
        return
    render_comparison(result)


def render_comparison(c: Comparison) -> None:
    title = f"{c.scenario}: who sits at the table" + (" (with ratification)" if c.ratified else "")
    table = Table("", *[v.variant.label for v in c.variants], title=title)
    table.add_row("signatories", *[", ".join(v.variant.signatories) for v in c.variants])
    table.add_row("ZOPA", *[_zopa(v.zopa_size, v.zopa_share, v.zopa_exists) for v in c.variants])
    table.add_row("frontier in ZOPA", *[f"{v.frontier_in_zopa:,}" for v in c.variants])
    if any(v.outlook for v in c.variants):
        table.add_row(
            "P(signed and ratified), outlook" if c.ratified else "P(deal), outlook",
            *[
                f"{v.outlook['p_deal']:.2f} ± {v.outlook['p_deal_se']:.2f}" if v.outlook else "-"
                for v in c.variants
            ],
        )
        if c.ratified:
            table.add_row(
                "P(signed), outlook",
                *[f"{v.outlook['p_signed']:.2f}" if v.outlook else "-" for v in c.variants],
            )
    same: list[str] = []
    deals = [v.solutions.get("nash") for v in c.variants]
    _rows(table, "Nash deal", [d["terms"] if d else {} for d in deals], same)
    table.add_row(
        "Nash deal rejected by",
        *[", ".join(v.rejected_by.get("nash", ())) or "-" for v in c.variants],
    )
    for model in c.forecast_models:
        _rows(table, f"forecast {model}", [v.forecasts.get(model, {}) for v in c.variants], same)
    console.print(table)
    if same:
        console.print(f"  the same under every variant: {'; '.join(same)}")
    console.print(
        "  ZOPA: deals every signatory of the variant accepts; the Nash deal on the frontier "
        "among them (--json lists every solution); forecasts among the parties at the table."
    )


def _rows(
    table: Table, head: str, per_variant: Sequence[Mapping[str, object]], same: list[str]
) -> None:
    """One row per issue where the variants differ; agreed values go to ``same``."""
    table.add_section()
    issues = dict.fromkeys(k for terms in per_variant for k in terms)
    for issue in issues:
        cells = [_term(terms.get(issue, "-")) for terms in per_variant]
        if len(set(cells)) == 1 and len(per_variant) > 1:
            same.append(f"{head} {issue}={cells[0]}")
        else:
            table.add_row(f"{head}: {issue}", *cells)


def _term(value: object) -> str:
    """A term as written: an option's name, or a number without a needless ``.0``."""
    return format(value, "g") if isinstance(value, float) else str(value)


def _zopa(size: int | None, share: float | None, exists: bool) -> str:
    if size is None:
        return "exists (not counted)" if exists else "none"
    return f"{size:,} ({100 * (share or 0):.2f}%)" if size else "none"


@app.command("coalitions")
def coalitions_cmd(
    scenario: ScenarioArg,
    ratified: RatifiedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Which subsets of the signatories could agree among themselves, and which deals each
    subset would block."""
    from zopa.model import load_scenario
    from zopa.ratify.coalitions import coalitions

    s = load_scenario(scenario)
    if ratified:
        from zopa.ratify import ratified_game

        game = ratified_game(s)
    else:
        game = s.compile()
    result = coalitions(game)
    if show_json({"scenario": s.name, **result.to_dict()}, as_json):
        return
    table = Table(
        "coalition", "own ZOPA", "blocks", title=f"{s.name}: coalitions of the signatories"
    )
    for c in result.coalitions:
        table.add_row(", ".join(c.members), f"{c.zopa:,}", f"{c.blocks:,}")
    console.print(table)
    console.print(
        f"  of {result.n_outcomes:,} deals. Own ZOPA: deals every member accepts. Blocks: deals "
        "every other signatory accepts but some member rejects."
    )
