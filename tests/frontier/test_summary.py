"""``zopa.frontier.summary``: one consistent picture for reports and ``zopa analyze``."""

from __future__ import annotations

import json

from zopa.frontier import SOLUTIONS, frontier, frontier_summary, solve, zopa
from zopa.game import TOL
from zopa.model import load_scenario


def test_summary_of_a_scenario_agrees_with_the_parts():
    scenario = load_scenario("minerals-2025")
    game = scenario.compile()
    data = json.loads(json.dumps(frontier_summary(scenario, max_points=5).to_dict()))
    front = frontier(game)
    assert data["signatories"] == list(front.party_ids)
    assert data["zopa"] == json.loads(json.dumps(zopa(game, front).to_dict()))
    assert data["frontier"]["size"] == len(front)
    assert data["frontier"]["in_zopa"] == int(front.acceptable.sum())
    assert len(data["frontier"]["points"]) == min(5, len(front))
    for name, deal in data["solutions"].items():
        assert not SOLUTIONS[name].needs_target
        direct = solve(game, name, front=front)
        assert deal == (None if direct is None else json.loads(json.dumps(direct.to_dict())))
    for name, proposal in scenario.proposals.items():
        entry = data["proposals"][name]
        code = game.encode(proposal.terms)
        assert entry["code"] == code
        u = game.utilities_of([code])[:, 0]
        accepted = [
            game.party_ids[i]
            for i in game.signatories
            if u[i] >= game.reservations[i] - TOL and game.feasible_of([code])[i, 0]
        ]
        assert entry["accepted_by"] == accepted
        assert entry["in_zopa"] == (len(accepted) == len(game.signatories))
        closest = solve(game, "closest", front=front, proposal=code)
        assert entry["closest"] == (None if closest is None else closest.to_dict())


def test_summary_of_a_game_has_no_proposals():
    game = load_scenario("logrolling").compile()
    data = frontier_summary(game).to_dict()
    assert data["proposals"] == {}
    assert data["frontier"]["size"] == len(data["frontier"]["points"])
