"""``outlook(scenario)``: the probability of a deal, the likely settlement, what it hinges on.

The default settlement rule is the Nash bargaining solution: the unique rule that is Pareto
optimal, symmetric, independent of the utility scales and of irrelevant alternatives (Nash,
"The Bargaining Problem", Econometrica 18(2):155-162, 1950), and the limit of strategic
alternating-offers bargaining as the risk of breakdown between offers vanishes (Binmore,
Rubinstein and Wolinsky, "The Nash bargaining solution in economic modelling", RAND Journal of
Economics 17(2):176-188, 1986): the standard prediction of where bargainers with these walk-away
values settle. Every other registered solution is reported beside it, with how often and how
far it disagrees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from zopa import params
from zopa.errors import InputError
from zopa.frontier.front import frontier
from zopa.frontier.solutions import SOLUTIONS, solve
from zopa.model.schema import Scenario
from zopa.outlook import engine as en
from zopa.outlook import forecasts as fx
from zopa.outlook import hinges as hg
from zopa.outlook.result import (
    IssueSpread,
    Outlook,
    Package,
    PartyRatification,
    RedLineEffect,
    Settlement,
)
from zopa.outlook.settle import rule_names
from zopa.outlook.text import summary
from zopa.seeds import as_seed

#: Draws unless told otherwise.
DRAWS = params.OUTLOOK_DRAWS
#: The default settlement rule (see the module docstring).
DEFAULT_RULE = "nash"
#: Most frequent packages reported per rule.
TOP = 5
#: Draws re-checked against the exact per-draw analysis when candidates are a pool.
CHECK = 32
#: At most this many draws for each red line's counterfactual.
RED_LINE_DRAWS = 1000
#: A signatory margin under this is knife-edge.
KNIFE_EDGE = 0.02

Job = tuple[en.Setup, int, int, tuple[str, ...]]
"""One Monte Carlo run of the outlook: ``(setup, seed, draws, rules)``."""

Runner = Callable[[Sequence[Job]], list[en.Chunk]]
"""``runner(jobs)`` -> each job's draws joined in order (:func:`run_jobs`: in this process;
:func:`zopa.runs.outlook.chunked`: in checkpointed chunks, here or on Dask)."""


def outlook(
    scenario: Scenario,
    *,
    draws: int = DRAWS,
    seed: int = 0,
    rules: tuple[str, ...] | None = None,
    default: str = DEFAULT_RULE,
    red_lines: bool = True,
    runner: Runner | None = None,
    ratified: bool = False,
) -> Outlook:
    """The outlook of ``scenario`` over ``draws`` draws of its uncertain judgements; its Monte
    Carlo runs (the scenario's, then each red line's counterfactual) go through ``runner``.

    With ``ratified`` a deal also needs every signatory's ratifying bodies: the probability of
    a deal and the settlements are those of packages every signatory signs and every body
    passes in that draw (its factions drawn too); the probability of a signature alone and,
    per signatory, of a deal needing only its own ratifiers are reported beside it."""
    draws = params.count(draws, "draws", low=1, high=params.MAX_OUTLOOK_DRAWS)
    seed = as_seed(seed)
    st = en.setup(scenario, seed=seed, ratified=ratified)
    if not st.signatories:
        raise InputError.single("the scenario has no signatory party; mark at least one")
    names = (*rule_names(), *st.targets)
    chosen = tuple(rules) if rules else names
    for r in (default, *chosen):
        if r not in names:
            raise InputError.single(f"unknown settlement rule {r!r}; known: {', '.join(names)}")
    chosen = (default, *(r for r in chosen if r != default))
    reds = _red_line_setups(scenario, st, seed, ratified) if red_lines else []
    n_red = min(draws, RED_LINE_DRAWS)
    jobs: list[Job] = [(st, seed, draws, chosen), *((o, seed, n_red, ()) for *_, o in reds)]
    run, *counterfactuals = (runner or run_jobs)(jobs)
    deal = run.deal
    p = float(deal.mean())
    settlements = tuple(_settlement(st, run, r, default) for r in chosen)
    checked, exist_ok, agreed, gap = _check(st, run, default)
    p_signed = float(run.signed.mean())
    out = Outlook(
        scenario=scenario.name,
        as_of=scenario.as_of.isoformat() if scenario.as_of else None,
        signatories=tuple(st.game.party_ids[i] for i in st.signatories),
        draws=draws,
        seed=seed,
        chunk=en.CHUNK,
        method=st.method,
        candidates=len(st.codes),
        pilots=st.pilots,
        checked=checked,
        deal_agreed=exist_ok,
        agreed=agreed,
        check_gap=gap,
        p_deal=p,
        p_deal_se=float(np.sqrt(p * (1 - p) / draws)),
        slack=_percentiles(run.slack),
        default_rule=default,
        settlements=settlements,
        hinges=tuple(hg.hinges(st, run.z, deal)),
        red_lines=_red_lines(reds, counterfactuals, deal),
        forecasts=fx.check_forecasts(scenario, st.game),
        summary="",
        ratified=ratified,
        p_signed=p_signed,
        p_signed_se=float(np.sqrt(p_signed * (1 - p_signed) / draws)),
        ratification=_ratification(st, run) if ratified else (),
    )
    return _with_summary(out, scenario)


def _percentiles(x: np.ndarray) -> tuple[float, float, float]:
    if np.isnan(x).all():
        return (float("nan"),) * 3
    lo, mid, hi = np.nanpercentile(x, [10, 50, 90])
    return float(lo), float(mid), float(hi)


def _with_summary(out: Outlook, scenario: Scenario) -> Outlook:
    from dataclasses import replace

    return replace(out, summary=summary(out, scenario))


def run_jobs(jobs: Sequence[Job]) -> list[en.Chunk]:
    """Each job's draws, chunk after chunk in this process."""
    return [
        combine(
            [
                en.run_chunk(st, seed, c, min(en.CHUNK, draws - lo), rules)
                for c, lo in enumerate(range(0, draws, en.CHUNK))
            ]
        )
        for st, seed, draws, rules in jobs
    ]


def combine(parts: list[en.Chunk]) -> en.Chunk:
    """The chunks of a run, joined in order."""
    first = parts[0]
    return en.Chunk(
        z=np.concatenate([c.z for c in parts], axis=1),
        deal=np.concatenate([c.deal for c in parts]),
        slack=np.concatenate([c.slack for c in parts]),
        choice={r: np.concatenate([c.choice[r] for c in parts]) for r in first.choice},
        utility={r: np.concatenate([c.utility[r] for c in parts]) for r in first.utility},
        margin={r: np.concatenate([c.margin[r] for c in parts]) for r in first.margin},
        signed=np.concatenate([c.signed for c in parts]),
        alone=np.concatenate([c.alone for c in parts]),
    )


def _ratification(st: en.Setup, run: en.Chunk) -> tuple[PartyRatification, ...]:
    """Per signatory with ratifiers: the probability of a deal needing only its own."""
    out = []
    for s, p in enumerate(st.signatories):
        names = tuple(b.name for b in st.bodies if b.signatory == s)
        if names:
            pid = st.game.party_ids[p]
            out.append(PartyRatification(pid, names, float(run.alone[:, s].mean())))
    return tuple(out)


def _settlement(st: en.Setup, run: en.Chunk, rule: str, default: str) -> Settlement:
    game = st.game
    col = run.choice[rule]
    ok = col >= 0
    n = len(col)
    codes = st.codes[col[ok]]
    tally = Counter(codes.tolist())
    top = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    packages = tuple(Package(int(c), dict(game.decode(int(c))), k / n) for c, k in top)
    spreads = []
    if codes.size:
        idx = game.indices(codes)
        for k, issue_id in enumerate(game.issue_ids):
            vals = game.values[k]
            if isinstance(vals[0], str):
                counts = np.bincount(idx[:, k], minlength=len(vals)) / codes.size
                spreads.append(
                    IssueSpread(
                        issue_id,
                        tuple((str(v), float(c)) for v, c in zip(vals, counts, strict=True)),
                    )
                )
            else:
                x = np.asarray(vals, dtype=float)[idx[:, k]]
                lo, med, hi = np.percentile(x, [10, 50, 90])
                spreads.append(
                    IssueSpread(issue_id, median=float(med), interval=(float(lo), float(hi)))
                )
    base = run.choice[default]
    if ok.any():
        same = float(np.mean(st.codes[col[ok]] == st.codes[base[ok]]))
        gap = float(np.mean(np.abs(run.utility[rule][ok] - run.utility[default][ok]).max(axis=1)))
        margins = run.margin[rule][ok]
        knife = float(np.mean(margins.min(axis=1) < KNIFE_EDGE))
        med = np.median(margins, axis=0)
    else:
        same, gap, knife, med = 0.0, 0.0, 0.0, np.zeros(len(st.signatories))
    ids = [game.party_ids[i] for i in st.signatories]
    return Settlement(
        rule=rule,
        label=st.labels[rule] if rule in st.labels else SOLUTIONS[rule].label,
        packages=packages,
        issues=tuple(spreads),
        same_as_default=same,
        utility_gap=gap,
        knife_edge=knife,
        margins={pid: float(m) for pid, m in zip(ids, med, strict=True)},
    )


def _check(st: en.Setup, run: en.Chunk, rule: str) -> tuple[int, int, int, float]:
    """Re-check the first draws against the exact analysis of each drawn game (pool only):
    how many were checked, in how many the existence of a deal and in how many the settlement
    (its utilities) agree, and the largest utility gap of a settlement that differs."""
    if st.method == "exact":
        return 0, 0, 0, 0.0
    n = min(CHECK, run.z.shape[1])
    g = st.game.restrict(st.signatories)
    exist_ok = settled_ok = 0
    gap = 0.0
    z = run.z[:, :n]
    games = (
        en.ratified_games(st.scenario, st.signatories, st.judgements, z)
        if st.bodies
        else en.drawn_games(st.scenario, g, st.judgements, z)
    )
    for d, drawn in enumerate(games):
        front = frontier(drawn)
        exists = bool(front.acceptable.any())
        if exists != bool(run.deal[d]):
            continue
        exist_ok += 1
        if not exists:
            settled_ok += 1
            continue
        deal = solve(drawn, rule, front=front)
        assert deal is not None
        mine = st.codes[run.choice[rule][d]]
        diff = float(np.abs(drawn.utilities_of([deal.code]) - drawn.utilities_of([mine])).max())
        settled_ok += int(diff <= 1e-9)
        gap = max(gap, diff)
    return n, exist_ok, settled_ok, gap


def _red_line_setups(
    scenario: Scenario, st: en.Setup, seed: int, ratified: bool
) -> list[tuple[str, str, en.Setup]]:
    """(party, red line, the setup without it) for every red line of every signatory."""
    out = []
    for i in st.signatories:
        pid = st.game.party_ids[i]
        for k, red in enumerate(scenario.parties[pid].red_lines):
            other = en.without_red_line(scenario, pid, k)
            out.append(
                (
                    pid,
                    red.label or red.rule,
                    en.setup(
                        other,
                        seed=seed,
                        pilots=en.PILOTS // 4,
                        ratified=ratified,
                        forecast_of=scenario,
                    ),
                )
            )
    return out


def _red_lines(
    reds: list[tuple[str, str, en.Setup]], runs: list[en.Chunk], deal: np.ndarray
) -> tuple[RedLineEffect, ...]:
    out = [
        RedLineEffect(pid, rule, len(run.deal), float(deal[: len(run.deal)].mean()),
                      float(run.deal.mean()))
        for (pid, rule, _), run in zip(reds, runs, strict=True)
    ]  # fmt: skip
    return tuple(sorted(out, key=lambda r: (-(r.p_without - r.p_with), r.party, r.rule)))
