"""Long computations report progress(done, total) and give the same result with or without it."""

from __future__ import annotations

from zopa.counter import counter_proposals, what_it_takes
from zopa.forecast import monte_carlo, registered_models
from zopa.forecast.inputs.scenario import actors_from_scenario
from zopa.forecast.runs import backtesting as bt
from zopa.model import load_scenario


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def test_counter_robustness_draws_are_reported_one_by_one() -> None:
    s = load_scenario("minerals-2025")
    seen = Recorder()
    with_bar = counter_proposals(s, "us-draft-2025-02-12", draws=40, seed=3, progress=seen)
    without = counter_proposals(s, "us-draft-2025-02-12", draws=40, seed=3)
    assert seen.calls == [(k, 40) for k in range(1, 41)]
    assert with_bar.to_dict() == without.to_dict()


def test_what_it_takes_reports_its_draws() -> None:
    s = load_scenario("minerals-2025")
    seen = Recorder()
    result = what_it_takes(s, "us-draft-2025-02-12", "ukraine", draws=25, progress=seen)
    assert seen.calls == [(k, 25) for k in range(1, 26)]
    assert (
        result.to_dict() == what_it_takes(s, "us-draft-2025-02-12", "ukraine", draws=25).to_dict()
    )


def test_monte_carlo_reports_each_model() -> None:
    actors = actors_from_scenario(load_scenario("minerals-2025"))
    names = list(registered_models())[:3]
    seen = Recorder()
    mc = monte_carlo(actors, names, draws=50, seed=1, progress=seen)
    assert seen.calls == [(k, len(names)) for k in range(1, len(names) + 1)]
    assert mc.to_dict() == monte_carlo(actors, names, draws=50, seed=1).to_dict()


def test_backtest_reports_each_forecast() -> None:
    cases = bt.load_cases(bt.bundled_cases())
    seen = Recorder()
    result = bt.backtest(cases, ["median"], progress=seen)
    total = 2 * len(cases)  # the model asked for and the compromise baseline
    assert seen.calls == [(k, total) for k in range(1, total + 1)]
    assert result == bt.backtest(cases, ["median"])
