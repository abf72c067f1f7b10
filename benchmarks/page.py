from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Page:
    """One page to measure. `prepare(sandbox)` may grow the sandbox's world first;
    `htmx` sends the request as an htmx fragment request."""

    name: str
    url: str
    budget_calls: int | None = None
    budget_ratio: float | None = None
    token: str = "devtable"
    htmx: bool = False
    prepare: Any = None
    warm: bool = True  # one unmeasured request first (caches as a person's second visit)
    cold: bool = False  # the shared cache emptied before every measured request
    later_s: int = 0  # the measured requests come this many seconds after the warm one
