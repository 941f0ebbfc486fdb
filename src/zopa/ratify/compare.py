"""Side by side: how the agreement space and the forecasts change with who sits at the table.

For each table variant: the ZOPA among its signatories (size and share of the space), the
Pareto frontier's points inside the ZOPA, the bargaining solutions, and the forecast of each
spatial model among the parties at the table (the variant's signatories are the actors; parties
not at the table are left out of the forecast, which is zopa's reading of "not at the table").
With ``ratified`` every party accepts only what its ratifiers would pass. With ``outlook_draws``
the outlook's probability of a deal among each variant's signatories is added (off by default: it
costs seconds to minutes per variant on a space of millions of outcomes), with ``ratified`` the
probability of a deal its ratifiers also pass, beside the probability of a signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from zopa.frontier import frontier, solve_all, zopa
from zopa.game import Game
from zopa.model.schema import Scenario
from zopa.ratify.variants import TableVariant, game_for, with_signatories
from zopa.seeds import as_seed, generator

#: Forecast models run for each variant (point forecasts at the modal judgements).
FORECAST_MODELS = ("compromise", "median", "nash", "challenge")


@dataclass(frozen=True)
class VariantResult:
    variant: TableVariant
    zopa_exists: bool
    zopa_size: int | None
    n_outcomes: int
    frontier_in_zopa: int
    solutions: dict[str, dict[str, Any] | None]
    forecasts: dict[str, dict[str, str]]
    rejected_by: dict[str, tuple[str, ...]]
    outlook: dict[str, Any] | None = None

    @property
    def zopa_share(self) -> float | None:
        return None if self.zopa_size is None else self.zopa_size / self.n_outcomes

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.variant.to_dict(),
            "zopa_exists": self.zopa_exists,
            "zopa_size": self.zopa_size,
            "zopa_share": self.zopa_share,
            "n_outcomes": self.n_outcomes,
            "frontier_in_zopa": self.frontier_in_zopa,
            "solutions": self.solutions,
            "rejected_by": {k: list(v) for k, v in self.rejected_by.items()},
            "forecasts": self.forecasts,
            "outlook": self.outlook,
        }


@dataclass(frozen=True)
class Comparison:
    scenario: str
    ratified: bool
    variants: tuple[VariantResult, ...]
    forecast_models: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "ratified": self.ratified,
            "forecast_models": list(self.forecast_models),
            "variants": [v.to_dict() for v in self.variants],
        }


def compare(
    scenario: Scenario,
    variants: Sequence[TableVariant],
    *,
    ratified: bool = False,
    forecasts: bool = True,
    seed: int = 0,
    outlook_draws: int = 0,
) -> Comparison:
    """The agreement space and forecasts of each variant (the game is compiled once)."""
    seed = as_seed(seed)
    if ratified:
        from zopa.ratify.winset import ratified_game

        base: Game = ratified_game(scenario)
    else:
        base = scenario.compile()
    if base.n_parties * base.n_outcomes <= base.max_cells:
        base.acceptable()  # computed once, shared by every variant
    results = [_one(scenario, base, v, forecasts, seed) for v in variants]
    if outlook_draws:
        results = [
            replace(r, outlook=_outlook(scenario, r.variant, outlook_draws, seed, ratified))
            for r in results
        ]
    models = FORECAST_MODELS if forecasts else ()
    return Comparison(scenario.name, ratified, tuple(results), models)


def _one(
    scenario: Scenario, base: Game, v: TableVariant, forecasts: bool, seed: int
) -> VariantResult:
    game = game_for(base, v.signatories)
    front = frontier(game)
    zone = zopa(game, front)
    deals = solve_all(game, front=front)
    rejected = {}
    for name, deal in deals.items():
        if deal is not None:
            ok = game.acceptable_of([deal.code])[:, 0]
            rejected[name] = tuple(p for k, p in enumerate(game.party_ids) if not ok[k])
    return VariantResult(
        variant=v,
        zopa_exists=zone.exists,
        zopa_size=zone.size,
        n_outcomes=zone.n_outcomes,
        frontier_in_zopa=len(front.in_zopa()),
        solutions={n: (d.to_dict() if d else None) for n, d in deals.items()},
        forecasts=_forecasts(scenario, v, seed) if forecasts else {},
        rejected_by=rejected,
    )


def _outlook(
    scenario: Scenario, v: TableVariant, draws: int, seed: int, ratified: bool
) -> dict[str, Any]:
    """The probability of a deal among the variant's signatories (``zopa outlook``); with
    ``ratified`` the deal also needs their ratifiers, and the probability of a signature alone
    is given beside it."""
    from zopa.outlook.api import outlook

    o = outlook(
        with_signatories(scenario, v.signatories),
        draws=draws,
        seed=seed,
        red_lines=False,
        ratified=ratified,
    )
    return {
        "p_deal": o.p_deal,
        "p_deal_se": o.p_deal_se,
        "ratified": o.ratified,
        "p_signed": o.p_signed,
        "draws": o.draws,
        "seed": o.seed,
    }


def _forecasts(scenario: Scenario, v: TableVariant, seed: int) -> dict[str, dict[str, str]]:
    """Each model's point forecast among the parties at the table, in the issues' terms."""

    from zopa.forecast.inputs.scenario import actors_from_scenario, on_issue
    from zopa.forecast.registry import get_model

    at_table = with_signatories(scenario, v.signatories).model_copy(
        update={"parties": {p: scenario.parties[p] for p in v.signatories}}
    )
    actors = actors_from_scenario(at_table)
    out: dict[str, dict[str, str]] = {}
    for name in FORECAST_MODELS:
        result = get_model(name)(actors, generator(seed))
        out[name] = {
            dim: on_issue(scenario, dim, float(x))
            for dim, x in zip(result.dimensions, result.outcome, strict=True)
        }
    return out
