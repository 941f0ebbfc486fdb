"""The Council of the EU: the Treaty of Rome's weighted votes and the Lisbon double majority,
checked against published values and the rule's own text."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from zopa.power import body_from_data, power

# Treaty of Rome (1957), art. 148(2): France, Germany and Italy 4 votes each, Belgium and the
# Netherlands 2, Luxembourg 1; a qualified majority is 12 of the 17 votes.
EEC_1958 = {
    "name": "Council of the EEC, 1958",
    "members": {
        "france": 4,
        "germany": 4,
        "italy": 4,
        "belgium": 2,
        "netherlands": 2,
        "luxembourg": 1,
    },
    "quota": 12,
}

# Lisbon rule (art. 16(4) TEU, art. 238(3) TFEU): at least 55% of the members, at least 15 of
# them, representing at least 65% of the population; a blocking minority needs at least four
# members, so any 24 of the 27 win. Populations: Eurostat, 1 January 2020, in millions (rounded
# to 0.1 million; the facts tested below hold with wide margins).
EU27_POPULATION = {
    "germany": 83.2, "france": 67.3, "italy": 59.6, "spain": 47.3, "poland": 38.0,
    "romania": 19.3, "netherlands": 17.4, "belgium": 11.5, "czechia": 10.7, "greece": 10.7,
    "sweden": 10.3, "portugal": 10.3, "hungary": 9.8, "austria": 8.9, "bulgaria": 7.0,
    "denmark": 5.8, "finland": 5.5, "slovakia": 5.5, "ireland": 5.0, "croatia": 4.1,
    "lithuania": 2.8, "slovenia": 2.1, "latvia": 1.9, "estonia": 1.3, "cyprus": 0.9,
    "luxembourg": 0.6, "malta": 0.5,
}  # fmt: skip
LISBON = {
    "name": "Council of the EU, qualified majority",
    "members": {m: {"population": p} for m, p in EU27_POPULATION.items()},
    "rule": [{"members": 15, "population": "65%"}, {"members": 24}],
}


@pytest.mark.parametrize("method", ["enumeration", "dp"])
def test_treaty_of_rome_council(method: str) -> None:
    # Published: normalised Banzhaf 5/21 for each large member, 1/7 for Belgium and the
    # Netherlands and 0 for Luxembourg, a null player from 1958 to 1972 (S. J. Brams, "Game
    # theory: the Banzhaf value", Encyclopaedia Britannica; Felsenthal & Machover 1998, who also
    # give Shapley-Shubik 0.233, 0.150 and 0). By hand: every minimal winning coalition has an
    # even weight of exactly 12 or is 4+4+4, so Luxembourg's single vote is never decisive.
    r = power(body_from_data(EEC_1958), method)
    assert r.banzhaf == pytest.approx(
        [float(Fraction(5, 21))] * 3 + [float(Fraction(1, 7))] * 2 + [0.0], abs=1e-15
    )
    assert r.swings == (10, 10, 10, 6, 6, 0)
    assert r.shapley_shubik == pytest.approx([14 / 60] * 3 + [9 / 60] * 2 + [0.0], abs=1e-15)
    assert [round(x, 3) for x in r.shapley_shubik] == [0.233] * 3 + [0.15] * 2 + [0.0]


def _wins(members: list[str]) -> bool:
    body = body_from_data(LISBON)
    chosen = np.array([m in members for m in body.members])
    sums = (body.weight_matrix() * chosen[:, None]).sum(axis=0)
    return bool(body.wins(np.array(chosen.sum()), sums))


def test_lisbon_rule_as_written() -> None:
    by_size = sorted(EU27_POPULATION, key=EU27_POPULATION.__getitem__, reverse=True)
    # Any 24 members win, whatever their population: three members can never block ...
    assert _wins(by_size[3:])
    # ... though the three largest hold far more than 35% of the population.
    assert sum(EU27_POPULATION[m] for m in by_size[:3]) / sum(EU27_POPULATION.values()) > 0.35
    # The four largest members block: the other 23 hold less than 65% of the population.
    assert not _wins(by_size[4:])
    # Fifteen members holding 65% of the population win; fourteen never do.
    assert _wins(by_size[:15]) and not _wins(by_size[:14])
    # The fifteen smallest members are a majority of states but not of the population.
    assert not _wins(by_size[-15:])


def test_no_member_of_the_lisbon_council_is_a_null_player() -> None:
    # Under the double majority every member, Malta included, can be decisive (a standard
    # exercise: COMAP, *For All Practical Purposes*, ch. 11): with the fourteen largest other
    # members it makes the fifteenth member of a coalition holding 65% of the population.
    by_size = sorted(EU27_POPULATION, key=EU27_POPULATION.__getitem__, reverse=True)
    for m in EU27_POPULATION:
        others = [x for x in by_size if x != m][:14]
        assert _wins([*others, m]) and not _wins(others), m


def test_lisbon_indices_by_sampling_rank_members_by_population() -> None:
    # The sampled Shapley-Shubik index of the 27-member body: larger members never have
    # markedly less power (a monotonicity every weighted double majority has), and the
    # estimates sum to one. Seeded: the same numbers twice.
    body = body_from_data(LISBON)
    a = power(body, "sample", samples=20_000, seed=7)
    assert a == power(body, "sample", samples=20_000, seed=7)
    assert sum(a.shapley_shubik) == pytest.approx(1.0)
    assert a.shapley_shubik_se is not None
    ss = dict(zip(body.members, a.shapley_shubik, strict=True))
    se = dict(zip(body.members, a.shapley_shubik_se, strict=True))
    assert ss["germany"] > ss["france"] > ss["spain"] > ss["malta"] > 0
    for big, small in [("germany", "malta"), ("poland", "ireland"), ("italy", "austria")]:
        assert ss[big] + 4 * (se[big] + se[small]) > ss[small]
