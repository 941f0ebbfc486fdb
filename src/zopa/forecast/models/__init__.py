"""The bundled forecast models; importing this package registers them.

Each module registers its models with :func:`~zopa.forecast.registry.register_model` when it is
imported; the order of the imports below is the order in which the models are listed.
"""

from __future__ import annotations

# isort: off
from zopa.forecast.models import baseline, nash, challenge, smp

# isort: on

__all__ = ["baseline", "challenge", "nash", "smp"]
