"""Organizations, members, collaborators, teams, robots, applications and default
permissions (prototypes), repository permissions and the entity search.

Teams have no list endpoint: `GET /api/v1/organization/{org}` carries `teams` and `ordered_teams`.

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from typing import Any

from sandbox.api.common import (
    created,
    has_scope,
    http_date,
    insufficient_scope,
    invalid_request,
    is_org_admin,
    no_content,
    not_found,
    ok,
    quota_report,
    quota_summary,
    reads_everything,
    require_org_admin,
    require_scope,
    require_user,
)
from sandbox.router import ROUTER, Request, Response, route
from sandbox.world import (
    Avatar,
    Organization,
    Prototype,
    Repository,
    Robot,
    Team,
    User,
    World,
)

ROLES = ("read", "write", "admin")
TEAM_ROLES = ("member", "creator", "admin")
_ROBOT_SHORTNAME = re.compile(r"^[a-z][a-z0-9_]{1,254}$")
_TEAM_NAME = re.compile(r"^[a-z][a-z0-9_]{1,254}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

BIG_ORG = "megacorp"


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core.

    Nothing to add: the recorded organizations are in the core seed, and the large
    organization of the access review is built on demand (`add_review_organization`)."""


# --- The organization for the access review benchmark (not in the default seed) -------------


def _token(seed_text: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    digest = hashlib.sha256(seed_text.encode()).digest() * 2
    return "".join(alphabet[b % len(alphabet)] for b in digest)[:64]


def add_review_organization(
    world: World,
    name: str = BIG_ORG,
    *,
    repositories: int = 200,
    teams: int = 30,
    robots: int = 40,
    users: int = 60,
) -> Organization:
    """A large organization for the access review: `repositories` repositories with user, robot
    and team permissions, `teams` teams, `robots` robots, `users` members and a few outside
    collaborators. Deterministic; called on demand (benchmarks, tests), never by `seed`, so
    that reset stays fast."""
    with world.lock:
        if name in world.organizations:
            return world.organizations[name]
        org = Organization(name=name, email=f"{name}@example.com", avatar=Avatar.for_name(name))
        owners = Team(
            "owners", "Administrators of the organization.", "admin", Avatar.for_name("owners"),
            members=["devtable"],
        )  # fmt: skip
        org.teams["owners"] = owners
        people = [f"{name}_user{i:02d}" for i in range(users)]
        for person in people:
            world.users.setdefault(
                person, User(person, f"{person}@example.com", Avatar.for_name(person))
            )
        outsiders = [f"{name}_outside{i}" for i in range(3)]
        for person in outsiders:
            world.users.setdefault(
                person, User(person, f"{person}@example.com", Avatar.for_name(person))
            )
        for i in range(robots):
            short = f"bot{i:02d}"
            # Every third robot never used, every third one used long ago, the rest recently.
            last = None if i % 3 == 0 else world.now - (120 if i % 3 == 1 else 2) * 86400
            org.robots[short] = Robot(
                f"{name}+{short}", _token(f"{name}+{short}"), f"Robot {i}", world.now, last
            )
        role_cycle = ("member", "member", "creator")
        for t in range(teams):
            team = Team(
                f"team{t:02d}", f"Team number {t}", role_cycle[t % 3], Avatar.for_name(f"t{t}")
            )
            team.members = [people[(t * 3 + k) % users] for k in range(4)]
            team.members.append(f"{name}+bot{t % robots:02d}")
            org.teams[team.name] = team
        world.organizations[name] = org
        for r in range(repositories):
            repo = Repository(name, f"repo{r:03d}", f"Repository {r}", is_public=r % 25 == 0)
            repo.status_token = _token(f"status/{name}/{r}")
            # Most repositories have an admin user; every tenth one only the organization.
            if r % 10:
                repo.user_permissions[people[r % users]] = "admin"
            repo.user_permissions[people[(r + 7) % users]] = "write"
            repo.user_permissions[f"{name}+bot{r % robots:02d}"] = ("read", "write")[r % 2]
            repo.team_permissions[f"team{r % teams:02d}"] = ROLES[(r // teams) % 3]
            repo.team_permissions[f"team{(r + 11) % teams:02d}"] = "read"
            if r % 40 == 0:
                repo.user_permissions[outsiders[(r // 40) % len(outsiders)]] = "write"
            world.repositories[(name, repo.name)] = repo
        return org


# --- Views -----------------------------------------------------------------------------------


def _user_entity(world: World, name: str, org_name: str | None = None) -> dict[str, Any]:
    is_robot = "+" in name
    body: dict[str, Any] = {
        "name": name,
        "kind": "user",
        "is_robot": is_robot,
        "avatar": world.namespace_avatar(name).view("robot" if is_robot else "user")
        if not is_robot
        else Avatar.for_name(name).view("robot"),
    }
    if org_name is not None and not is_robot:
        body["is_org_member"] = world.is_org_member(name, org_name)
    return body


def _member_view(world: World, name: str, invited: bool) -> dict[str, Any]:
    if "@" in name and "+" not in name:
        return {
            "email": name,
            "kind": "invite",
            "avatar": Avatar.for_name(name).view("user"),
            "invited": True,
        }
    is_robot = "+" in name
    return {
        "name": name,
        "kind": "user",
        "is_robot": is_robot,
        "avatar": (Avatar.for_name(name) if is_robot else world.namespace_avatar(name)).view(
            "robot" if is_robot else "user"
        ),
        "invited": invited,
    }


def _team_repo_count(world: World, org: Organization, team: Team) -> int:
    return sum(
        1
        for repo in world.repositories.values()
        if repo.namespace == org.name and team.name in repo.team_permissions
    )


def _team_view(world: World, org: Organization, team: Team, *, counts: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": team.name,
        "description": team.description,
        "role": team.role,
        "avatar": team.avatar.view("team"),
        "can_view": True,
    }
    if counts:
        body["repo_count"] = _team_repo_count(world, org, team)
        body["member_count"] = len(team.members)
        body["is_synced"] = team.is_synced
    return body


def _organization(req: Request) -> Organization:
    org = req.world.organization(req.params["orgname"])
    if org is None:
        raise not_found(req)
    return org


def _team(req: Request, org: Organization) -> Team:
    team = org.teams.get(req.params["teamname"])
    if team is None:
        raise not_found(req)
    return team


def _org_repositories(world: World, org: Organization) -> list[Repository]:
    return [repo for repo in world.repositories.values() if repo.namespace == org.name]


# --- GET /api/v1/organization/{orgname} ---------------------------------------------------


@route("GET", "/api/v1/organization/{orgname}")
def get_organization(req: Request) -> Response:
    org = _organization(req)
    principal = req.principal
    username = principal.username if principal else None
    admin = is_org_admin(req, org.name)
    member = bool(username and req.world.is_org_member(username, org.name)) or admin
    body: dict[str, Any] = {
        "name": org.name,
        # Quay shows the e-mail to administrators only, and an empty string to everyone else.
        "email": org.email if admin else "",
        "avatar": org.avatar.view("user"),
        "is_admin": admin,
        "is_member": member,
    }
    if member:
        body["teams"] = {
            team.name: _team_view(req.world, org, team, counts=True) for team in org.teams.values()
        }
        body["ordered_teams"] = list(org.teams)
    if admin:
        body.update(
            {
                "invoice_email": False,
                "invoice_email_address": None,
                "tag_expiration_s": org.tag_expiration_s,
                "is_free_account": not org.paid,
            }
        )
    if member:
        # The quota is not an administrator's secret: members see what their org stores.
        body.update({"quotas": quota_summary(org), "quota_report": quota_report(org)})
    return ok(body)


@route("GET", "/api/v1/organization/{orgname}/members")
def list_organization_members(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    names: list[str] = []
    for team in org.teams.values():
        for member in team.members:
            if "+" not in member and member not in names:
                names.append(member)
    members = []
    for name in names:
        members.append(
            {
                "name": name,
                "kind": "user",
                "avatar": req.world.namespace_avatar(name).view("user"),
                "teams": [
                    {"name": team.name, "avatar": team.avatar.view("team")}
                    for team in req.world.teams_of(name, org.name)
                ],
                "repositories": [
                    repo.name
                    for repo in _org_repositories(req.world, org)
                    if name in repo.user_permissions
                ],
            }
        )
    return ok({"members": members})


@route("GET", "/api/v1/organization/{orgname}/collaborators")
def list_organization_collaborators(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    found: dict[str, list[str]] = {}
    for repo in _org_repositories(req.world, org):
        for name in repo.user_permissions:
            if "+" not in name and not req.world.is_org_member(name, org.name):
                found.setdefault(name, []).append(repo.name)
    return ok(
        {
            "collaborators": [
                {
                    "kind": "user",
                    "name": name,
                    "avatar": req.world.namespace_avatar(name).view("user"),
                    "repositories": repos,
                }
                for name, repos in found.items()
            ]
        }
    )


# --- Teams -----------------------------------------------------------------------------------


@route("PUT", "/api/v1/organization/{orgname}/team/{teamname}")
def update_organization_team(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    name = req.params["teamname"]
    body = req.json() or {}
    role = body.get("role")
    if role not in TEAM_ROLES:
        raise invalid_request(req, f"Invalid role for team: {role}")
    if not _TEAM_NAME.match(name):
        raise invalid_request(req, "Invalid team name")
    team = org.teams.get(name)
    is_new = team is None
    if team is None:
        team = Team(name, str(body.get("description") or ""), role, Avatar.for_name(name))
        org.teams[name] = team
    else:
        if team.role == "admin" and role != "admin" and _only_admin_team(org, team):
            raise invalid_request(
                req, f"Cannot remove admin role from team '{name}': it is the last admin team"
            )
        team.role = role
        if "description" in body:
            team.description = str(body.get("description") or "")
    view = _team_view(req.world, org, team, counts=False)
    view["new_team"] = is_new
    return ok(view)


def _only_admin_team(org: Organization, team: Team) -> bool:
    return not any(t.role == "admin" for t in org.teams.values() if t is not team)


@route("DELETE", "/api/v1/organization/{orgname}/team/{teamname}")
def delete_organization_team(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    if team.role == "admin" and _only_admin_team(org, team):
        raise invalid_request(
            req, f"Deleting team '{team.name}' would remove admin ability for the organization"
        )
    del org.teams[team.name]
    for repo in _org_repositories(req.world, org):
        repo.team_permissions.pop(team.name, None)
    return no_content()


@route("GET", "/api/v1/organization/{orgname}/team/{teamname}/members")
def get_organization_team_members(req: Request) -> Response:
    org = _organization(req)
    principal = require_user(req)
    team = _team(req, org)
    admin = is_org_admin(req, org.name)
    can_view = admin or req.world.is_org_member(principal.username, org.name)
    if not can_view:
        raise insufficient_scope(req)
    members = [_member_view(req.world, name, False) for name in team.members]
    if admin and req.query.get("includePending", "").lower() == "true":
        members += [_member_view(req.world, name, True) for name in team.invited]
    return ok({"name": team.name, "members": members, "can_edit": admin})


@route("PUT", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}")
def update_organization_team_member(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    name = req.params["membername"]
    if "+" in name:
        robot = req.world.robot(name)
        if robot is None or name.split("+", 1)[0] != org.name:
            raise invalid_request(req, "Invalid robot account or name")
        if name not in team.members:
            team.members.append(name)
        return ok(_member_view(req.world, name, False))
    if req.world.user(name) is None:
        raise invalid_request(req, "Unknown user")
    if name in team.members:
        return ok(_member_view(req.world, name, False))
    if req.world.is_org_member(name, org.name):
        team.members.append(name)
        return ok(_member_view(req.world, name, False))
    # Someone outside the organization is invited, not added.
    if name not in team.invited:
        team.invited.append(name)
    return ok(_member_view(req.world, name, True))


@route("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}")
def delete_organization_team_member(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    name = req.params["membername"]
    if name in team.invited:
        team.invited.remove(name)
        return no_content()
    if name not in team.members:
        raise invalid_request(req, f"User {name} does not belong to team {team.name}")
    if team.role == "admin" and _only_admin_team(org, team) and len(team.members) == 1:
        raise invalid_request(req, "Cannot remove the last member of the last admin team")
    team.members.remove(name)
    return no_content()


@route("PUT", "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}")
def invite_team_member_email(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    email = req.params["email"]
    if not _EMAIL.match(email):
        raise invalid_request(req, "Invalid e-mail address")
    if email not in team.invited:
        team.invited.append(email)
    return ok(_member_view(req.world, email, True))


@route("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}")
def delete_team_member_email_invite(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    email = req.params["email"]
    if email not in team.invited:
        raise not_found(req)
    team.invited.remove(email)
    return no_content()


@route("GET", "/api/v1/organization/{orgname}/team/{teamname}/permissions")
def get_organization_team_permissions(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    team = _team(req, org)
    return ok(
        {
            "permissions": [
                {
                    "repository": {"name": repo.name, "is_public": repo.is_public},
                    "role": repo.team_permissions[team.name],
                }
                for repo in _org_repositories(req.world, org)
                if team.name in repo.team_permissions
            ]
        }
    )


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


def _robot_detail(robot: Robot, metadata: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "name": robot.name,
        "created": http_date(robot.created),
        "last_accessed": http_date(robot.last_accessed),
        "description": robot.description,
        "token": robot.token,
        "unstructured_metadata": metadata,
    }


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


def _robot_owner(req: Request) -> User | Organization:
    """The organization of an /organization/{orgname}/robots path (admins only), or the
    signed-in user for /user/robots."""
    if "orgname" in req.params:
        org = _organization(req)
        require_org_admin(req, org.name)
        return org
    return require_scope(req, "user:admin").user


def _owner_name(owner: User | Organization) -> str:
    return owner.username if isinstance(owner, User) else owner.name


def _existing_robot(req: Request, owner: User | Organization) -> Robot:
    robot = owner.robots.get(req.params["shortname"])
    if robot is None:
        raise not_found(req)
    return robot


def create_robot(req: Request) -> Response:
    owner = _robot_owner(req)
    short = req.params["shortname"]
    if not _ROBOT_SHORTNAME.match(short):
        raise invalid_request(
            req,
            "Invalid robot account name. Robot names must start with a lowercase letter and "
            "contain only lowercase letters, digits and underscores (2 to 255 characters).",
        )
    if short in owner.robots:
        raise invalid_request(req, f"Existing robot with name: {_owner_name(owner)}+{short}")
    body = req.json() or {}
    full = f"{_owner_name(owner)}+{short}"
    robot = Robot(
        full,
        _token(f"{full}/{uuid.uuid4()}"),
        description=str(body.get("description") or ""),
        created=int(time.time()),
    )
    owner.robots[short] = robot
    return created(_robot_detail(robot, body.get("unstructured_metadata")))


def get_robot(req: Request) -> Response:
    owner = _robot_owner(req)
    robot = _existing_robot(req, owner)
    return ok(_robot_detail(robot, robot.unstructured_metadata))


def delete_robot(req: Request) -> Response:
    owner = _robot_owner(req)
    robot = _existing_robot(req, owner)
    del owner.robots[robot.short_name]
    if isinstance(owner, Organization):
        for team in owner.teams.values():
            if robot.name in team.members:
                team.members.remove(robot.name)
    for repo in req.world.repositories.values():
        repo.user_permissions.pop(robot.name, None)
    return no_content()


def regenerate_robot(req: Request) -> Response:
    owner = _robot_owner(req)
    robot = _existing_robot(req, owner)
    robot.token = _token(f"{robot.name}/{uuid.uuid4()}")
    return ok(_robot_detail(robot, robot.unstructured_metadata))


def robot_permissions(req: Request) -> Response:
    owner = _robot_owner(req)
    robot = _existing_robot(req, owner)
    return ok(
        {
            "permissions": [
                {
                    "repository": {"name": repo.name, "is_public": repo.is_public},
                    "role": repo.user_permissions[robot.name],
                }
                for repo in req.world.repositories.values()
                if robot.name in repo.user_permissions
            ]
        }
    )


for _prefix in (
    "/api/v1/organization/{orgname}/robots/{shortname}",
    "/api/v1/user/robots/{shortname}",
):
    ROUTER.add("PUT", _prefix, create_robot)
    ROUTER.add("GET", _prefix, get_robot)
    ROUTER.add("DELETE", _prefix, delete_robot)
    ROUTER.add("POST", _prefix + "/regenerate", regenerate_robot)
    ROUTER.add("GET", _prefix + "/permissions", robot_permissions)


# --- Default permissions (prototypes) ------------------------------------------------------


def _prototype_view(world: World, org: Organization, prototype: Prototype) -> dict[str, Any]:
    def user(name: str) -> dict[str, Any]:
        body = _user_entity(world, name)
        body["is_org_member"] = "+" in name or world.is_org_member(name, org.name)
        return body

    if prototype.delegate_kind == "team":
        team = org.teams.get(prototype.delegate)
        delegate: dict[str, Any] = {
            "name": prototype.delegate,
            "kind": "team",
            "avatar": (team.avatar if team else Avatar.for_name(prototype.delegate)).view("team"),
        }
    else:
        delegate = user(prototype.delegate)
    return {
        "activating_user": user(prototype.activating_user) if prototype.activating_user else None,
        "delegate": delegate,
        "role": prototype.role,
        "id": prototype.id,
    }


@route("GET", "/api/v1/organization/{orgname}/prototypes")
def list_prototypes(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    return ok({"prototypes": [_prototype_view(req.world, org, p) for p in org.prototypes]})


@route("POST", "/api/v1/organization/{orgname}/prototypes")
def create_prototype(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    body = req.json() or {}
    role = body.get("role")
    delegate = body.get("delegate") or {}
    if role not in ROLES:
        raise invalid_request(req, "Invalid role")
    name = str(delegate.get("name") or "")
    kind = delegate.get("kind")
    if kind == "team":
        if name not in org.teams:
            raise invalid_request(req, "Unknown team")
    elif kind == "user":
        if "+" in name:
            if req.world.robot(name) is None or name.split("+", 1)[0] != org.name:
                raise invalid_request(req, "Unknown robot")
        elif req.world.user(name) is None:
            raise invalid_request(req, "Unknown user")
    else:
        raise invalid_request(req, "Missing delegate")
    activating = (body.get("activating_user") or {}).get("name")
    if activating and req.world.user(str(activating)) is None:
        raise invalid_request(req, "Unknown activating user")
    prototype = Prototype(str(uuid.uuid4()), role, kind, name, activating or None)
    org.prototypes.append(prototype)
    return ok(_prototype_view(req.world, org, prototype))


@route("DELETE", "/api/v1/organization/{orgname}/prototypes/{prototypeid}")
def delete_prototype(req: Request) -> Response:
    org = _organization(req)
    require_org_admin(req, org.name)
    for prototype in org.prototypes:
        if prototype.id == req.params["prototypeid"]:
            org.prototypes.remove(prototype)
            return no_content()
    raise not_found(req)


# --- Repository permissions ----------------------------------------------------------------


def _admin_repository(req: Request) -> Repository:
    """The repository if the caller administers it (repo:admin scope and the admin role)."""
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    principal = require_user(req)
    if repo is None:
        raise not_found(req)
    if not has_scope(req, "repo:admin") or (
        req.world.repo_role(principal.username, repo) != "admin" and not reads_everything(req)
    ):
        raise insufficient_scope(req)
    return repo


def _user_permission_view(world: World, repo: Repository, name: str, role: str) -> dict[str, Any]:
    body: dict[str, Any] = {"role": role, **_user_entity(world, name)}
    body.pop("kind")
    if repo.namespace in world.organizations and "+" not in name:
        body["is_org_member"] = world.is_org_member(name, repo.namespace)
    return body


def _team_permission_view(world: World, repo: Repository, name: str, role: str) -> dict[str, Any]:
    org = world.organization(repo.namespace)
    team = org.teams.get(name) if org else None
    avatar = team.avatar if team else Avatar.for_name(name)
    return {"role": role, "name": name, "avatar": avatar.view("team")}


@route("GET", "/api/v1/repository/{namespace}/{name}/permissions/user/")
def list_repo_user_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    return ok(
        {
            "permissions": {
                name: _user_permission_view(req.world, repo, name, role)
                for name, role in _user_grants(req.world, repo).items()
            }
        }
    )


def _user_grants(world: World, repo: Repository) -> dict[str, str]:
    """Quay stores an admin permission for the owner of a repository in a user namespace
    (recording 049); the seed leaves it implicit."""
    if repo.namespace in world.users and repo.namespace not in repo.user_permissions:
        return {repo.namespace: "admin", **repo.user_permissions}
    return repo.user_permissions


@route("GET", "/api/v1/repository/{namespace}/{name}/permissions/team/")
def list_repo_team_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    return ok(
        {
            "permissions": {
                name: _team_permission_view(req.world, repo, name, role)
                for name, role in repo.team_permissions.items()
            }
        }
    )


def _role(req: Request) -> str:
    role = (req.json() or {}).get("role")
    if role not in ROLES:
        raise invalid_request(req, f"Invalid role: {role}")
    return str(role)


@route("PUT", "/api/v1/repository/{namespace}/{name}/permissions/user/{username}")
def change_user_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    role = _role(req)
    name = req.params["username"]
    if "+" in name:
        if req.world.robot(name) is None or name.split("+", 1)[0] != repo.namespace:
            raise invalid_request(req, "Invalid robot account or name")
    elif req.world.user(name) is None:
        raise invalid_request(req, "Invalid username: " + name)
    repo.user_permissions[name] = role
    return ok(_user_permission_view(req.world, repo, name, role))


@route("DELETE", "/api/v1/repository/{namespace}/{name}/permissions/user/{username}")
def delete_user_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    if repo.user_permissions.pop(req.params["username"], None) is None:
        raise invalid_request(req, "User does not have permission for repo.")
    return no_content()


@route("GET", "/api/v1/repository/{namespace}/{name}/permissions/user/{username}")
def get_user_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    name = req.params["username"]
    if name not in repo.user_permissions:
        raise not_found(req)
    return ok(_user_permission_view(req.world, repo, name, repo.user_permissions[name]))


@route("GET", "/api/v1/repository/{namespace}/{name}/permissions/user/{username}/transitive")
def get_user_transitive_permission(req: Request) -> Response:
    repo = _admin_repository(req)
    name = req.params["username"]
    if req.world.user(name) is None and req.world.robot(name) is None:
        raise not_found(req)
    roles: list[dict[str, Any]] = []
    if name in repo.user_permissions:
        roles.append({"role": repo.user_permissions[name], **_user_entity(req.world, name)})
    for team in req.world.teams_of(name, repo.namespace):
        if team.name in repo.team_permissions:
            roles.append(
                {
                    "role": repo.team_permissions[team.name],
                    "name": team.name,
                    "kind": "team",
                    "avatar": team.avatar.view("team"),
                }
            )
    if not roles:
        raise not_found(req)
    return ok({"permissions": roles})


@route("PUT", "/api/v1/repository/{namespace}/{name}/permissions/team/{teamname}")
def change_team_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    role = _role(req)
    org = req.world.organization(repo.namespace)
    name = req.params["teamname"]
    if org is None or name not in org.teams:
        raise invalid_request(req, "Invalid team name: " + name)
    repo.team_permissions[name] = role
    return ok(_team_permission_view(req.world, repo, name, role))


@route("DELETE", "/api/v1/repository/{namespace}/{name}/permissions/team/{teamname}")
def delete_team_permissions(req: Request) -> Response:
    repo = _admin_repository(req)
    if repo.team_permissions.pop(req.params["teamname"], None) is None:
        raise invalid_request(req, "Team does not have permission for repo.")
    return no_content()


# --- GET /api/v1/entities/{prefix} --------------------------------------------------------


@route("GET", "/api/v1/entities/{prefix}")
def get_matching_entities(req: Request) -> Response:
    require_user(req)
    prefix = req.params["prefix"].lower()
    namespace = req.query.get("namespace", "")
    org = req.world.organization(namespace) if namespace else None
    admin = bool(org) and is_org_admin(req, namespace)
    results: list[dict[str, Any]] = []
    robot_prefix = prefix.split("+", 1)[1] if "+" in prefix else prefix
    for username in sorted(req.world.users):
        if username.startswith(prefix) and req.world.users[username].enabled:
            results.append(_user_entity(req.world, username, org.name if org else None))
    if org is not None and admin:
        for robot in org.robots.values():
            if robot.short_name.startswith(robot_prefix):
                results.append(_user_entity(req.world, robot.name))
    if org is not None and req.query.get("includeTeams", "").lower() == "true":
        principal = req.principal
        if admin or (principal and req.world.is_org_member(principal.username, org.name)):
            for team in org.teams.values():
                if team.name.startswith(prefix):
                    results.append(
                        {
                            "name": team.name,
                            "kind": "team",
                            "is_robot": False,
                            "avatar": team.avatar.view("team"),
                        }
                    )
    if req.query.get("includeOrgs", "").lower() == "true":
        for name, other in req.world.organizations.items():
            if name.startswith(prefix):
                results.append({"name": name, "kind": "org", "avatar": other.avatar.view("org")})
    return ok({"results": results[:20]})
