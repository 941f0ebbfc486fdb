"""Who must say yes: ratification, table variants, coalitions.

Core objects: win-sets (the packages a party's ratifiers would pass, compiled as acceptance
masks on the :class:`~zopa.game.Game`), :class:`Ratification` (how each body would vote on a
package, and why), table variants (who signs) and coalitions (which subsets could agree).
"""

from zopa.ratify.vote import Ratification, ratification
from zopa.ratify.winset import (
    ratification_factors,
    ratified_game,
    requires_ratification,
    win_set,
)

__all__ = [
    "Ratification",
    "ratification",
    "ratification_factors",
    "ratified_game",
    "requires_ratification",
    "win_set",
]
