"""The sandbox's endpoints, one module per area of the Quay API.

Importing this package imports every area module, which registers its routes on
`sandbox.router.ROUTER`. Each area module also has a `seed(world)` hook, called in
this order by `seed_areas()` after the core seed whenever the world is (re)built. A new area
goes into `AREA_MODULES`.
"""

from __future__ import annotations

from types import ModuleType

from sandbox.api import (
    account,
    applications,
    builds,
    core,
    logs,
    mirroring,
    notifications,
    organizations,
    policies,
    quota,
    repositories,
    security,
    superuser,
    triggers,
)
from sandbox.world import World

AREA_MODULES: tuple[ModuleType, ...] = (
    core,
    repositories,
    builds,
    logs,
    quota,
    superuser,
    organizations,
    notifications,
    policies,
    account,
    security,
    mirroring,
    applications,
    triggers,
)


def seed_areas(world: World) -> None:
    for module in AREA_MODULES:
        module.seed(world)
