"""The nine model parameters of KTAB's Spatial Model of Politics, with KTAB's defaults.

KTAB (KAPSARC Toolkit for Behavioral Analysis, github.com/KAPSARC/KTAB, MIT licence) runs its
SMP with nine enumerated parameters. Their names and integer codes here follow KTAB's own enums,
so a parameter list written for KTAB's XML input or its Python wrapper reads the same:

=================  ===============================================  =============
parameter          options (KTAB code)                              KTAB default
=================  ===============================================  =============
victory_prob       Linear 0, Square 1, Quartic 2, Octic 3, Binary 4   Linear
voting_rule        Binary 0, PropBin 1, Prop 2, PropCbc 3, Cubic 4,   Prop
                   ASymProsp 5
pce                Conditional 0, MarkovIncentive 1, MarkovUniform 2  Conditional
transitions        Deterministic 0, Stochastic 1                      Deterministic
big_r_range        Min 0, Mid 1, Max 2                                Mid
big_r_adjust       None 0, OneThird 1, Half 2, TwoThirds 3, Full 4    OneThird
third_party        NoCommit 0, SemiCommit 1, FullCommit 2             SemiCommit
bargain_interp     S1P1 0, S2P2 1, S2PMax 2                           S2P2
bargain_model      InitOnlyInterp 0, InitRcvrInterp 1, PWCompInterp 2 InitOnlyInterp
=================  ===============================================  =============

Besides these, :class:`SMPParams` holds KTAB's fixed stopping rule (at least 2 and at most 100
steps; stop once this step's movement is below 2% of the first step's) and ``ktab_quirks``,
which keeps two details of KTAB's bargaining code that only matter for the non-default
``InitRcvrInterp`` and ``PWCompInterp`` bargain models (see
:mod:`~zopa.forecast.models.smp.challenge`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np

from zopa.errors import InputError, Problem


class _KtabEnum(enum.IntEnum):
    """An enum whose values are KTAB's integer codes and whose ``label`` is KTAB's name."""

    @property
    def label(self) -> str:
        """KTAB's name of this option."""
        return _LABELS[type(self).__name__][int(self)]

    def __str__(self) -> str:
        return self.label


class VictoryProbModel(_KtabEnum):
    """How coalition strengths become a probability of victory: ``C^m/(C^m + C'^m)``."""

    LINEAR = 0
    SQUARE = 1
    QUARTIC = 2
    OCTIC = 3
    BINARY = 4


class VotingRule(_KtabEnum):
    """How an actor's utility difference between two options becomes a vote."""

    BINARY = 0
    PROP_BIN = 1
    PROP = 2
    PROP_CBC = 3
    CUBIC = 4
    ASYM_PROSP = 5


class PCEModel(_KtabEnum):
    """How pairwise victory probabilities become option probabilities."""

    CONDITIONAL = 0
    MARKOV_INCENTIVE = 1
    MARKOV_UNIFORM = 2


class StateTransitions(_KtabEnum):
    """Whether each actor takes the most probable bargain or draws one."""

    DETERMINISTIC = 0
    STOCHASTIC = 1


class BigRRange(_KtabEnum):
    """Range of the inferred risk attitudes: [0, 1], [-1/2, 1] or [-1, 1]."""

    MIN = 0
    MID = 1
    MAX = 2


class BigRAdjust(_KtabEnum):
    """How much of i's true risk attitude h puts into its estimate of it."""

    NONE = 0
    ONE_THIRD = 1
    HALF = 2
    TWO_THIRDS = 3
    FULL = 4


class ThirdPartyCommit(_KtabEnum):
    """Whether a third party that sides with the loser must adopt the winner's position."""

    NO_COMMIT = 0
    SEMI_COMMIT = 1
    FULL_COMMIT = 2


class InterVecBrgn(_KtabEnum):
    """How a bargain interpolates the two positions per dimension."""

    S1P1 = 0
    S2P2 = 1
    S2PMAX = 2


class BargnModel(_KtabEnum):
    """Whose view of the challenge shapes the bargain(s) put to the vote."""

    INIT_ONLY = 0
    INIT_RCVR = 1
    PW_COMP = 2


_LABELS: dict[str, tuple[str, ...]] = {
    "VictoryProbModel": ("Linear", "Square", "Quartic", "Octic", "Binary"),
    "VotingRule": ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
    "PCEModel": ("Conditional", "MarkovIncentive", "MarkovUniform"),
    "StateTransitions": ("Deterministic", "Stochastic"),
    "BigRRange": ("Min", "Mid", "Max"),
    "BigRAdjust": ("None", "OneThird", "Half", "TwoThirds", "Full"),
    "ThirdPartyCommit": ("NoCommit", "SemiCommit", "FullCommit"),
    "InterVecBrgn": ("S1P1", "S2P2", "S2PMax"),
    "BargnModel": ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}


E = TypeVar("E", bound=_KtabEnum)

#: The most steps a run may be given (KTAB's default is 100).
MAX_STEPS = 100_000

# The parameter names and their enums, in the order KTAB's Python wrapper takes their codes.
KTAB_ORDER: tuple[tuple[str, type[_KtabEnum]], ...] = (
    ("victory_prob", VictoryProbModel),
    ("pce", PCEModel),
    ("transitions", StateTransitions),
    ("voting_rule", VotingRule),
    ("big_r_adjust", BigRAdjust),
    ("big_r_range", BigRRange),
    ("third_party", ThirdPartyCommit),
    ("bargain_interp", InterVecBrgn),
    ("bargain_model", BargnModel),
)
ENUMS: dict[str, type[_KtabEnum]] = dict(KTAB_ORDER)
# KTAB's XML element name of each parameter.
XML_NAMES: dict[str, str] = {
    "victory_prob": "VictoryProbModel",
    "voting_rule": "VotingRule",
    "pce": "PCEModel",
    "transitions": "StateTransitions",
    "big_r_range": "BigRRange",
    "big_r_adjust": "BigRAdjust",
    "third_party": "ThirdPartyCommit",
    "bargain_interp": "InterVecBrgn",
    "bargain_model": "BargnModel",
}


def parse_enum(kind: type[E], value: Any, path: str = "") -> E:
    """``value`` as a member of ``kind``: a member, KTAB's code, KTAB's name or the Python name."""
    if isinstance(value, kind):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return kind(value)
        except ValueError:
            pass
    if isinstance(value, str):
        key = value.strip().replace("-", "_").lower()
        for member in kind:
            if key in (
                member.label.lower(),
                member.name.lower(),
                member.name.lower().replace("_", ""),
            ):
                return member
            if key.isdigit() and int(key) == member.value:
                return member
    choices = ", ".join(f"{m.label} ({m.value})" for m in kind)
    raise InputError.single(f"{value!r} is not one of {choices}", path=path)


@dataclass(frozen=True)
class SMPParams:
    """All settings of one SMP run; the defaults are KTAB's (see the module table)."""

    victory_prob: VictoryProbModel = VictoryProbModel.LINEAR
    voting_rule: VotingRule = VotingRule.PROP
    pce: PCEModel = PCEModel.CONDITIONAL
    transitions: StateTransitions = StateTransitions.DETERMINISTIC
    big_r_range: BigRRange = BigRRange.MID
    big_r_adjust: BigRAdjust = BigRAdjust.ONE_THIRD
    third_party: ThirdPartyCommit = ThirdPartyCommit.SEMI_COMMIT
    bargain_interp: InterVecBrgn = InterVecBrgn.S2P2
    bargain_model: BargnModel = BargnModel.INIT_ONLY
    ktab_quirks: bool = True
    min_steps: int = 2
    max_steps: int = 100
    min_delta_ratio: float = 0.02
    min_sig_delta: float = 1e-4
    position_tolerance: float = 1e-3

    def __post_init__(self) -> None:
        for name, kind in ENUMS.items():
            object.__setattr__(self, name, parse_enum(kind, getattr(self, name), f"smp.{name}"))
        problems: list[Problem] = []

        def check(name: str, ok: bool, message: str) -> None:
            if not ok:
                problems.append(Problem(None, None, f"smp.{name}", message))

        for name in ("min_steps", "max_steps"):
            value = getattr(self, name)
            check(
                name,
                isinstance(value, int) and not isinstance(value, bool),
                "must be a whole number",
            )
        for name in ("min_delta_ratio", "min_sig_delta", "position_tolerance"):
            value = getattr(self, name)
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            check(name, ok and np.isfinite(value) and value >= 0, "must be a non-negative number")
        check("ktab_quirks", isinstance(self.ktab_quirks, bool), "must be true or false")
        if problems:
            raise InputError(problems)
        check(
            "max_steps",
            1 <= self.min_steps <= self.max_steps <= MAX_STEPS,
            f"need 1 <= min_steps <= max_steps <= {MAX_STEPS}",
        )
        check("min_sig_delta", self.min_sig_delta > 0, "must be positive")
        if problems:
            raise InputError(problems)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> SMPParams:
        """Parameters from keyword options; an unknown option is an :class:`InputError`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise InputError(
                Problem(
                    None, None, f"smp.{k}", f"unknown SMP option; known: {', '.join(sorted(known))}"
                )
                for k in unknown
            )
        return cls(**dict(options))

    @classmethod
    def from_ktab_codes(cls, codes: Sequence[int], **extra: Any) -> SMPParams:
        """Parameters from the nine integer codes in the order of KTAB's Python wrapper.

        That order is VictoryProbModel, PCEModel, StateTransitions, VotingRule, BigRAdjust,
        BigRRange, ThirdPartyCommit, InterVecBrgn, BargnModel.
        """
        if len(codes) != len(KTAB_ORDER):
            raise InputError.single(
                f"expected {len(KTAB_ORDER)} codes, got {len(codes)}", path="smp"
            )
        values: dict[str, Any] = {
            name: parse_enum(kind, int(c), f"smp.{name}")
            for (name, kind), c in zip(KTAB_ORDER, codes, strict=True)
        }
        return cls(**values, **extra)

    def ktab_codes(self) -> tuple[int, ...]:
        """The nine integer codes in the order of KTAB's Python wrapper."""
        return tuple(int(getattr(self, name)) for name, _ in KTAB_ORDER)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: KTAB's names for the nine parameters, plain numbers otherwise."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.label if isinstance(value, _KtabEnum) else value
        return out


__all__ = [
    "ENUMS",
    "KTAB_ORDER",
    "XML_NAMES",
    "BargnModel",
    "BigRAdjust",
    "BigRRange",
    "InterVecBrgn",
    "PCEModel",
    "SMPParams",
    "StateTransitions",
    "ThirdPartyCommit",
    "VictoryProbModel",
    "VotingRule",
    "parse_enum",
]
