"""Organizations, members, collaborators, teams, robots, applications and default
permissions (prototypes).

Teams have no list endpoint: `GET /api/v1/organization/{org}` carries `teams` and `ordered_teams`.

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

from typing import Any

from dashboard.sandbox.api.common import (
    http_date,
    not_found,
    ok,
    require_org_admin,
    require_scope,
)
from dashboard.sandbox.router import Request, Response, route
from dashboard.sandbox.world import Organization, Robot, User, World


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""


# --- Robots ----------------------------------------------------------------------------------


def robot_view(req: Request, owner: User | Organization, robot: Robot) -> dict[str, Any]:
    """A robot as the robot lists show it: with its token unless `token=false`, with its teams
    and repositories when `permissions=true`."""
    body: dict[str, Any] = {
        "name": robot.name,
        "created": http_date(robot.created),
        "last_accessed": http_date(robot.last_accessed),
    }
    if req.query.get("permissions", "").lower() == "true":
        teams = [
            {"name": team.name, "avatar": team.avatar.view("team")}
            for team in getattr(owner, "teams", {}).values()
            if robot.name in team.members
        ]
        repositories = [
            repo.name
            for repo in req.world.repositories.values()
            if repo.namespace == robot.name.split("+", 1)[0] and robot.name in repo.user_permissions
        ]
        body.update({"teams": teams, "repositories": repositories})
    body["description"] = robot.description
    if req.query.get("token", "true").lower() != "false":
        body["token"] = robot.token
    return body


@route("GET", "/api/v1/organization/{orgname}/robots")
def list_org_robots(req: Request) -> Response:
    org = req.world.organization(req.params["orgname"])
    if org is None:
        raise not_found(req)
    require_org_admin(req, org.name)
    return ok({"robots": [robot_view(req, org, robot) for robot in org.robots.values()]})


@route("GET", "/api/v1/user/robots")
def list_user_robots(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    user = principal.user
    return ok({"robots": [robot_view(req, user, robot) for robot in user.robots.values()]})
