"""KTAB's Spatial Model of Politics: the ``smp`` model (:mod:`.model`), its options
(:mod:`.params`), the probability-of-conflict and vote kernels (:mod:`.pce`), the challenges
(:mod:`.challenge`), the search for each actor's best one (:mod:`.targets`) and every
challenge among a few actors (:mod:`.few`), bargain resolution (:mod:`.resolve`) and the turn
loop (:mod:`.run`).

Importing this package registers the ``smp`` model.
"""

from __future__ import annotations

from zopa.forecast.models.smp.model import run_smp, smp_batch

__all__ = ["run_smp", "smp_batch"]
