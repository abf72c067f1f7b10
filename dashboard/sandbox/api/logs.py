"""Usage logs and aggregated logs for repositories, users, organizations and the superuser.

Logs page with an opaque `next_page` (20 entries a page; a page may be empty and still carry
a `next_page`).

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

from dashboard.sandbox.world import World


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""
