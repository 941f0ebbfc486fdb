"""The one error the run store raises: a store that cannot be used, said in one line."""

from __future__ import annotations

from zopa.errors import ZopaError


class StoreError(ZopaError):
    """The run store cannot be opened, read or written (bad URL, read-only or full disk,
    a newer schema, a damaged file, an unknown run). Existing runs are never touched."""
