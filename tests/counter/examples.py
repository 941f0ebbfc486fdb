"""Small scenarios written for the counter-proposal tests, with answers that can be read off."""

from __future__ import annotations

from zopa.model import Scenario, scenario_from_text

# A three-issue bilateral deal. The buyer opens at price 10 with a two-year warranty and fast
# delivery; the seller gets 0 there (walk-away 0.5) and has a red line against two-year
# warranties. Seller utility = 0.6·(price−10)/10 + 0.2·(2−warranty)/2 + 0.2·(2−delivery)/2, so
# once the warranty moves (as it must), the cheapest single extra change is the price: with a
# one-year warranty (+0.1) the price must reach 18 (0.48 + 0.1 = 0.58 ≥ 0.5; 16 gives 0.46).
TRADE = """
name: trade
issues:
  price: {range: [10, 20], step: 2, unit: k}
  warranty: {options: [none, one_year, two_years], ordered: true}
  delivery: {options: [slow, standard, fast], ordered: true}
parties:
  buyer:
    reservation: 0.4
    interests:
      price: {weight: 0.5, prefers: low}
      warranty: {weight: 0.3, prefers: high}
      delivery: {weight: 0.2, prefers: high}
  seller:
    reservation: 0.5
    interests:
      price: {weight: 0.6, prefers: high}
      warranty: {weight: 0.2, prefers: low}
      delivery: {weight: 0.2, prefers: low}
    red_lines: ["warranty != two_years"]
  broker:
    signatory: false
    interests:
      price: {weight: 1, prefers: high}
proposals:
  opening:
    by: buyer
    terms: {price: 10, warranty: two_years, delivery: fast}
"""

# Nothing can be agreed: with security above "none" (ua's red line) the US gets at most
# 0.5·0.5 + 0.5·1 = 0.75 < 0.8, its walk-away value; each of the two alone can be met.
DEADLOCK = """
name: deadlock
issues:
  security: {options: [none, statement, guarantee], ordered: true}
  share: {range: [0, 100], step: 25}
parties:
  us:
    reservation: 0.8
    interests:
      security: {weight: 0.5, prefers: low}
      share: {weight: 0.5, prefers: high}
  ua:
    reservation: 0.3
    interests:
      security: {weight: 0.7, prefers: high}
      share: {weight: 0.3, prefers: low}
    red_lines: ["security != none"]
proposals:
  draft:
    by: us
    terms: {security: none, share: 50}
"""


def load(text: str) -> Scenario:
    return scenario_from_text(text)
