"""Types of the compiled Nash bisection (``_nash_kernels.pyx``)."""

import numpy as np
import numpy.typing as npt

_F = npt.NDArray[np.float64]

def bisect(
    xs: _F,
    w: _F,
    reach: _F,
    left: _F,
    right: _F,
    power: float,
    iterations: int,
    out: _F,
) -> None: ...
def outcomes_worst(
    position: _F,
    w: _F,
    lo: _F,
    hi: _F,
    power: float,
    iterations: int,
    out: _F,
) -> None: ...

BLOCK: int
