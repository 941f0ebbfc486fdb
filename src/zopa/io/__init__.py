"""Importers: negotiation domains from other tools as zopa scenarios.

* :func:`import_genius` / :func:`load_genius`: GENIUS XML domains and utility spaces (linear,
  preference-uncertainty and ANAC 2014 non-linear profiles), with GENIUS semantics.
* :func:`import_negolog`: NegoLog JSON domains.
"""

from zopa.io.genius import GeniusDomain, import_genius, load_genius
from zopa.io.negolog import import_negolog

__all__ = ["GeniusDomain", "import_genius", "import_negolog", "load_genius"]
