"""Repository builds, build status and build logs (`?start=N` -> `{start, total, logs}`;
archived logs answer `{logs_url}`), plus the superuser build views.

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

from dashboard.sandbox.world import World


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""
