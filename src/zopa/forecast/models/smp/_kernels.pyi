"""Types of the compiled SMP kernels (``_kernels.pyx``)."""

import numpy as np
import numpy.typing as npt

_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.intp]

def pair_challenges(
    row: _F,
    col: _F,
    diag: _F,
    d_t: _F,
    r_hat: _F,
    weight: _F,
    s_total: _F,
    b: _I,
    i: _I,
    j: _I,
    within: bool,
    p_out: _F,
    g_out: _F,
) -> None: ...
def prop_coalitions(utils: _F, weights: _F, net: _F, alone: bool, out: _F) -> None: ...
