"""Types of the compiled challenge-model kernel (``_challenge_kernels.pyx``)."""

import numpy as np
import numpy.typing as npt

_F = npt.NDArray[np.float64]

def run_batch(
    x0: _F,
    c: _F,
    s: _F,
    lo: float,
    hi: float,
    fixed: bool,
    risk: bool,
    responder: bool,
    challengers: bool,
    text: bool,
    highest: bool,
    conflict: int,
    max_rounds: int,
    median_stop: bool,
    settle: float,
    patience: int,
    median_outcome: bool,
    q: float,
    out: _F,
) -> bool: ...
