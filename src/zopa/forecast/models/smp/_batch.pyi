"""Types of the compiled SMP turn loop (``_batch.pyx``)."""

import numpy as np
import numpy.typing as npt

_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.intp]

MAX_ACTORS: int

def simulate_batch(
    x: _F,
    sal: _F,
    cap: _F,
    squarings: int,
    big_r_range: int,
    big_r_adjust: int,
    third_party: int,
    interp: int,
    min_steps: int,
    max_steps: int,
    min_delta_ratio: float,
    min_sig_delta: float,
    tol: float,
    final_p: _F,
    final_r: _F,
    states: _I,
    best: _I,
) -> None: ...
