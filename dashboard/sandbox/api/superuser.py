"""Superuser endpoints: users, organizations, service keys, app tokens, registry size
and status.

`POST /api/v1/superuser/keys` returns the private key once; it can't be read again.

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

from dashboard.sandbox.world import World


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""
