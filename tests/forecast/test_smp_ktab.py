"""Conformance of the SMP with KTAB's own runs in ``shared/reference/ktab_smp``.

Known answers: KTAB's ``smpc`` program (commit 3b5b063, default parameters) run on each example
scenario, as stored next to the inputs: the position log (``*_posLog.csv``, %5.2f on 0-100), the
extracted ``summary.json`` (state count, turn-1 risk attitudes to 3 decimals, win probabilities
per state to 4 decimals) and two text logs with every intermediate quantity of a turn
(probabilities and gains of challenges to 4 decimals, bargains to 3 decimals on 0-100).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.forecast.ktab_poslog import read_ktab_poslog
from zopa.forecast.inputs.ktab import KTABScenario
from zopa.forecast.inputs.ktab_csv import read_ktab_table
from zopa.forecast.inputs.ktab_xml import read_ktab_xml
from zopa.forecast.models.smp.challenge import best_targets, own_view_challenges, pair_challenges
from zopa.forecast.models.smp.model import SMPResult, run_smp
from zopa.forecast.models.smp.params import BargnModel, SMPParams
from zopa.forecast.models.smp.resolve import TurnState, make_bargains
from zopa.forecast.models.smp.run import assess

CASES = [
    "dummyData_3Dim",
    "SOE-Pol-Comp",
    "SOE-Policy",
    "SOE-Competitive",
    "dummyData-a040",
    "dummyData_6Dim",
]


def _run(ref: Path, case: str) -> tuple[KTABScenario, dict[str, Any], SMPResult]:
    scen = read_ktab_table(ref / "ktab_smp" / "inputs" / f"{case}.csv")
    summary = json.loads((ref / "ktab_smp" / "outputs" / case / "summary.json").read_text())
    res = run_smp(scen.position / 100.0, scen.salience / 100.0, scen.capability)
    return scen, summary, res


@pytest.mark.parametrize("case", CASES)
def test_trajectory_matches_ktab(reference_dir: Path, case: str) -> None:
    scen, summary, res = _run(reference_dir, case)
    dims = len(scen.dimensions)
    names, ktab = read_ktab_poslog(
        reference_dir / "ktab_smp" / "outputs" / case / f"{case}_posLog.csv", dims
    )
    assert names == scen.actor_names
    assert res.states == summary["n_states"] == ktab.shape[0]
    np.testing.assert_allclose(res.positions * 100.0, ktab, rtol=0, atol=0.01)


@pytest.mark.parametrize("case", CASES)
def test_risk_attitudes_and_win_probabilities_match_ktab(reference_dir: Path, case: str) -> None:
    scen, summary, res = _run(reference_dir, case)
    names = scen.actor_names
    risk = np.array([summary["risk_attitudes_turn1"][a] for a in names])
    np.testing.assert_allclose(res.risk[0], risk, rtol=0, atol=1e-3)
    probs = np.array([summary["win_prob_history"][a] for a in names]).T
    np.testing.assert_allclose(res.win_prob, probs, rtol=0, atol=1e-4)
    ratios = np.array(summary["fractional_change_per_step"])
    np.testing.assert_allclose(res.ratios, ratios, rtol=0, atol=1e-4)


@pytest.mark.slow
def test_eighty_actors_match_ktab(reference_dir: Path) -> None:
    _, summary, res = _run(reference_dir, "dummyData-a080")
    _, ktab = read_ktab_poslog(
        reference_dir / "ktab_smp/outputs/dummyData-a080/dummyData-a080_posLog.csv", 1
    )
    assert res.states == summary["n_states"]
    np.testing.assert_allclose(res.positions * 100.0, ktab, rtol=0, atol=0.01)


# ----- every intermediate quantity KTAB logs ------------------------------------------------------

EST = re.compile(
    r"Est by\s+(\d+) of prob ([\d.]+) that \[\s*(\d+)>\s*(\d+)\], with expected gain to\s+(\d+) of ([-+\d.]+)"
)
TARGET = re.compile(r"In turn (\d+) actor (\d+) has most advantageous target (\d+)")
NO_TARGET = re.compile(r"In turn (\d+) Actor (\d+) has no advantageous targets")
BARGAIN = re.compile(r"Bargain \[\d+, (\d+):(\d+)\] from\s+(\d+)'s perspective")
COMPROMISE = re.compile(r"Power-weighted compromise \[\d+, (\d+):(\d+)\]")
PROPOSE = re.compile(r"^\s+(?:compromise|\d+) proposes\s+(\d+) adopt:((?:\s+[-\d.]+)+)")


def _parse_log(text: str) -> dict[str, list[Any]]:
    """Turn-tagged records of a KTAB text log."""
    out: dict[str, list[Any]] = {k: [] for k in ("est", "target", "none", "bargain", "risk")}
    turn = -1
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if m := TARGET.search(line):
            turn = int(m[1])
            out["target"].append((turn, int(m[2]), int(m[3])))
        elif m := NO_TARGET.search(line):
            out["none"].append((int(m[1]), int(m[2])))
        elif m := EST.search(line):
            h, p, i, j, kk, g = m.groups()
            out["est"].append((turn, int(h), int(kk), int(i), int(j), float(p), float(g)))
        elif line.startswith("Inferred risk attitudes"):
            vals = []
            for nxt in lines[k + 1 :]:
                if not re.fullmatch(r"\s*[-+][\d.]+\s*", nxt):
                    break
                vals.append(float(nxt))
            out["risk"].append(vals)
        elif (m := BARGAIN.search(line)) or (m := COMPROMISE.search(line)):
            kind = "pw" if len(m.groups()) == 2 else ("own" if m[3] == m[1] else "rcvr")
            # threads interleave their output: take the next two proposal lines
            found = [p for nxt in lines[k + 1 : k + 8] if (p := PROPOSE.match(nxt))][:2]
            init, rcvr = ([float(v) for v in f[2].split()] for f in found)
            out["bargain"].append((turn, kind, int(m[1]), int(m[2]), init, rcvr))
    return out


LOGS = [
    ("dummyData_3Dim", "dummyData_3Dim_smpc_log_full.txt.gz"),
    ("SOE-Policy", "SOE-Policy_smpc_log_turn1.txt.gz"),
]


@pytest.mark.parametrize(("case", "log"), LOGS)
def test_every_logged_challenge_and_bargain(reference_dir: Path, case: str, log: str) -> None:
    scen, _, res = _run(reference_dir, case)
    path = reference_dir / "ktab_smp" / "outputs" / case / log
    rec = _parse_log(gzip.decompress(path.read_bytes()).decode())
    params = SMPParams()
    sal = scen.salience[None] / 100.0
    cap = scen.capability[None]
    turns = sorted({t for t, *_ in rec["target"]})
    assert turns, "no challenges parsed"
    # each state's inferred risk attitudes (printed to 3 decimals)
    for t, risk in enumerate(rec["risk"][: res.states]):
        np.testing.assert_allclose(res.risk[t], risk, rtol=0, atol=5.1e-4)
    for t in turns:
        x = res.positions[t][None]
        st = assess(x, x, sal, cap, params)
        p, gain = own_view_challenges(
            st.d, st.r_hat, st.weight, st.s_total, params.voting_rule, params.third_party
        )
        target, odds, _ = best_targets(p, gain)
        logged = {i: j for tt, i, j in rec["target"] if tt == t}
        logged.update({i: -1 for tt, i in rec["none"] if tt == t})
        assert {i: int(target[0, i]) for i in logged} == logged
        ests = [e for e in rec["est"] if e[0] == t]
        assert ests
        who = tuple(np.array([e[c] for e in ests]) for c in (1, 2, 3, 4))
        zero = np.zeros(len(ests), dtype=np.intp)
        p_h, g_h = pair_challenges(
            st.d, st.r_hat, st.weight, st.s_total, (zero, *who), params.voting_rule,
            params.third_party,
        )  # fmt: skip
        np.testing.assert_allclose(p_h, [e[5] for e in ests], rtol=0, atol=5.1e-5)
        np.testing.assert_allclose(g_h, [e[6] for e in ests], rtol=0, atol=5.1e-5)
        _check_bargains(rec, t, st, target[0], odds[0])


def _check_bargains(
    rec: dict[str, list[Any]], t: int, st: TurnState, target: np.ndarray, odds: np.ndarray
) -> None:
    """Own-view, receiver-view (KTAB quirk) and power-weighted bargains, 3 decimals on 0-100."""
    bargains = {(b[1], b[2], b[3]): (b[4], b[5]) for b in rec["bargain"] if b[0] == t}
    challengers = [i for i in range(len(target)) if target[i] >= 0]
    assert len(bargains) == 3 * len(challengers)
    made = {
        model: make_bargains(st, target[None], odds[None], SMPParams(bargain_model=model))
        for model in BargnModel
    }
    for i in challengers:
        j = int(target[i])
        logged = [bargains[(kind, i, j)] for kind in ("own", "rcvr", "pw")]
        ours = [
            (made[BargnModel.INIT_ONLY][0][0, i, 0], made[BargnModel.INIT_ONLY][1][0, i, 0]),
            (made[BargnModel.INIT_RCVR][0][0, i, 1], made[BargnModel.INIT_RCVR][1][0, i, 1]),
            (made[BargnModel.PW_COMP][0][0, i, 0], made[BargnModel.PW_COMP][1][0, i, 0]),
        ]
        for (log_i, log_j), (b_i, b_j) in zip(logged, ours, strict=True):
            np.testing.assert_allclose(b_i * 100, log_i, rtol=0, atol=5.1e-4)
            np.testing.assert_allclose(b_j * 100, log_j, rtol=0, atol=5.1e-4)


@pytest.mark.parametrize("case", ["dummyData_3Dim", "SOE-Pol-Comp"])
def test_ktab_own_regression_lines(reference_dir: Path, case: str) -> None:
    """The lines KTAB's own regression script compares, from its 2017 reference logs."""
    scen, _, res = _run(reference_dir, case)
    path = reference_dir / "ktab_smp" / "regression" / f"{case}.ref2017-fractional-prob.txt"
    ratios, probs = [], {}
    for line in path.read_text().splitlines():
        if line.startswith("Fractional change"):
            ratios.append(float(line.split(":")[1].split()[0]))
        elif ", prob :" in line:
            name, values = line.split(", prob :")
            probs[name.strip()] = [float(v) for v in values.split()]
    np.testing.assert_allclose(res.ratios, ratios, rtol=0, atol=5.1e-5)
    table = np.array([probs[a] for a in scen.actor_names]).T
    np.testing.assert_allclose(res.win_prob, table, rtol=0, atol=5.1e-5)


def test_ktab_stochastic_runs_only_take_options_we_offer(reference_dir: Path) -> None:
    """KTAB's five runs of smpExample.xml (MarkovIncentive PCE, PropCbc votes, Stochastic
    transitions, a lagging accommodation matrix) do not reproduce draw by draw, but every step
    must move each actor to one of the options of its queue, as we build them from the state
    KTAB logged, and each run must end where the stop rule says."""
    ref = reference_dir / "ktab_smp"
    scen = read_ktab_xml(ref / "inputs" / "smpExample.xml")
    params, acc = scen.params, scen.accommodation
    assert params is not None and acc is not None
    sal, cap = scen.salience[None] / 100.0, scen.capability[None]
    runs = sorted((ref / "outputs" / "smpExample_stochastic").glob("*posLog*.csv"))
    assert len(runs) == 5
    for path in runs:
        pos = read_ktab_poslog(path, len(scen.dimensions))[1] / 100.0
        ideal = pos[0]
        moves = []
        for t in range(len(pos) - 1):
            if t:
                ideal = acc @ pos[t] + (1 - acc.sum(axis=1))[:, None] * ideal
            st = assess(pos[t][None], ideal[None], sal, cap, params)
            p, gain = own_view_challenges(
                st.d, st.r_hat, st.weight, st.s_total, params.voting_rule, params.third_party
            )
            target, odds, _ = best_targets(p, gain)
            b_init, b_rcvr = make_bargains(st, target, odds, params)
            for k in range(pos.shape[1]):
                options = [pos[t, k]] + [b_rcvr[0, i, 0] for i in np.nonzero(target[0] == k)[0]]
                if target[0, k] >= 0:
                    options.append(b_init[0, k, 0])
                assert any(np.allclose(pos[t + 1, k], o, atol=1.1e-4) for o in options), (
                    path,
                    t,
                    k,
                )
            moves.append(np.linalg.norm(pos[t + 1] - pos[t], axis=1).sum())
        ratios = np.array(moves) / (moves[0] + params.min_sig_delta)
        assert ratios[-1] < 0.02 and np.all(ratios[1:-1] >= 0.02)
