"""Human renderers for the sections of ``zopa analyze`` (JSON has the full data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zopa.model.schema import Scenario

Renderer = Callable[[Scenario, Any], None]

RENDERERS: dict[str, Renderer] = {}
