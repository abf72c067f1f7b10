"""Namespace quotas and quota limits, for organizations, users and the superuser, and the
registry's size.

As on Quay's current server: anyone in an organization (or a superuser) may read its quota;
every change, on the organization's own endpoints too, needs a superuser whose token carries
super:user. A second `POST .../quota` for the same namespace answers 400 "already exists".
A limit is refused only when one of the same type and percentage exists: Quay's "only one
Reject" check never fires. The registry size, once queued, reports queued, then running, then
done, one step per read, so a page that polls can be watched finishing.

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import time
from typing import Any

from sandbox.api.common import (
    created,
    has_scope,
    insufficient_scope,
    invalid_request,
    is_superuser,
    no_content,
    not_found,
    ok,
    reads_everything,
    require_scope,
    require_superuser,
    require_superuser_read,
    require_user,
)
from sandbox.router import ROUTER, Request, Response, route
from sandbox.world import (
    Avatar,
    Organization,
    Quota,
    QuotaLimit,
    Team,
    User,
    World,
)

AREA = "quota"
# Quay answers its creations here with the JSON string "Created" (a str body goes out as is).
CREATED = '"Created"'
_BINARY_PREFIXES = ("Byte", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def seed(world: World) -> None:
    """The registry size as the fixture server reports it: never computed."""
    world.extras[AREA] = {
        "registry": {"size_bytes": 0, "last_ran": None, "queued": False, "running": False}
    }


def add_quota_namespaces(world: World, count: int = 500) -> None:
    """Grow the world by `count` namespaces with quotas, half users and half organizations,
    for the superuser quota table's benchmark and tests. Not in the default seed: a reset
    must stay fast."""
    with world.lock:
        for i in range(count):
            name = f"quotans{i:04d}"
            limit_bytes = (1 + i % 50) * 1024**3
            # Usage spread from 0% to 119% of the quota, so every colour of the table shows.
            used = limit_bytes * ((i * 37) % 120) // 100
            quota = Quota(world.next_id("quota"), limit_bytes)
            quota.limits.append(QuotaLimit(world.next_id("quota_limit"), "Warning", 80))
            if i % 3 == 0:
                quota.limits.append(QuotaLimit(world.next_id("quota_limit"), "Reject", 100))
            if i % 2 == 0:
                user = User(
                    username=name,
                    email=f"{name}@example.com",
                    avatar=Avatar.for_name(name),
                    used_bytes=used,
                    backfill_status="complete",
                )
                user.quotas.append(quota)
                world.users[name] = user
            else:
                org = Organization(
                    name=name,
                    email=f"{name}@example.com",
                    avatar=Avatar.for_name(name),
                    used_bytes=used,
                    backfill_status="complete",
                )
                org.teams["owners"] = Team(
                    "owners", "", "admin", Avatar.for_name("owners"), members=["devtable"]
                )
                org.quotas.append(quota)
                world.organizations[name] = org


# --- Views -----------------------------------------------------------------------------------


def _human(size: int) -> str:
    """Quay's `limit` string (bitmath's best prefix, one decimal): "2.9 KiB", "10.0 GiB"."""
    value = float(size)
    for prefix in _BINARY_PREFIXES:
        if value < 1024 or prefix == _BINARY_PREFIXES[-1]:
            return f"{value:.1f} {prefix}"
        value /= 1024
    raise AssertionError("unreachable")


def limit_view(limit: QuotaLimit) -> dict[str, Any]:
    return {"id": limit.id, "type": limit.type, "limit_percent": limit.limit_percent}


def quota_view(quota: Quota) -> dict[str, Any]:
    return {
        "id": quota.id,
        "limit_bytes": quota.limit_bytes,
        "limit": _human(quota.limit_bytes),
        "default_config": False,
        "limits": [limit_view(limit) for limit in quota.limits],
        "default_config_exists": False,
    }


# --- Lookups and checks ----------------------------------------------------------------------


def _organization(req: Request) -> Organization:
    org = req.world.organization(req.params["orgname"])
    if org is None:
        raise not_found(req)
    return org


def _require_member_or_superuser(req: Request, org_name: str) -> None:
    """OrganizationMemberPermission (org:admin or a repo scope) or a superuser; 403 otherwise,
    also for an organization that doesn't exist (Quay checks permission before existence)."""
    principal = require_user(req)
    if is_superuser(req) or reads_everything(req):
        return
    member = req.world.is_org_member(principal.username, org_name)
    if not member or not (has_scope(req, "org:admin") or has_scope(req, "repo:read")):
        raise insufficient_scope(req)


def _require_quota_superuser(req: Request) -> None:
    """The writes: the super:user scope first (403 insufficient_scope), then superuser rights."""
    require_scope(req, "super:user")
    require_superuser(req)


def _find_quota(req: Request, owner: User | Organization) -> Quota:
    for quota in owner.quotas:
        if str(quota.id) == req.params["quota_id"]:
            return quota
    raise not_found(req)


def _find_limit(req: Request, quota: Quota) -> QuotaLimit:
    for limit in quota.limits:
        if str(limit.id) == req.params["limit_id"]:
            return limit
    raise not_found(req)


def _body(req: Request) -> dict[str, Any]:
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, "Invalid JSON body")
    return body


def _limit_bytes(req: Request, body: dict[str, Any], *, required: bool) -> int | None:
    if "limit_bytes" not in body:
        if required:
            raise invalid_request(req, "'limit_bytes' is a required property")
        return None
    value = body["limit_bytes"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_request(req, f"{value!r} is not of type 'integer'")
    if value <= 0:
        raise invalid_request(req, f"Invalid quota size limit value: '{value}'")
    return value


def _limit_fields(
    req: Request, body: dict[str, Any], *, required: bool
) -> tuple[str | None, int | None]:
    kind, percent = body.get("type"), body.get("threshold_percent")
    if required and (kind is None or percent is None):
        missing = "type" if kind is None else "threshold_percent"
        raise invalid_request(req, f"'{missing}' is a required property")
    if kind is not None:
        if not isinstance(kind, str) or kind.lower() not in ("warning", "reject"):
            raise invalid_request(req, "Invalid quota limit type")
        kind = "Warning" if kind.lower() == "warning" else "Reject"
    if percent is not None:
        if isinstance(percent, bool) or not isinstance(percent, int):
            raise invalid_request(req, f"{percent!r} is not of type 'integer'")
        if not 0 < percent <= 100:
            raise invalid_request(req, "Quota limit threshold must be between 1 and 100")
    return kind, percent


# --- An organization's quota -----------------------------------------------------------------


@route("GET", "/api/v1/organization/{orgname}/quota")
def list_organization_quota(req: Request) -> Response:
    _require_member_or_superuser(req, req.params["orgname"])
    org = _organization(req)
    return ok([quota_view(quota) for quota in org.quotas])


@route("POST", "/api/v1/organization/{orgname}/quota")
def create_organization_quota(req: Request) -> Response:
    _require_quota_superuser(req)
    org = _organization(req)
    return _add_quota(req, org, f"Organization quota for '{org.name}' already exists")


def _add_quota(req: Request, owner: User | Organization, exists_message: str) -> Response:
    """A namespace has at most one quota; Quay words the refusal differently per endpoint."""
    limit_bytes = _limit_bytes(req, _body(req), required=True)
    if owner.quotas:
        raise invalid_request(req, exists_message)
    assert limit_bytes is not None
    owner.quotas.append(Quota(req.world.next_id("quota"), limit_bytes))
    return created(CREATED)


@route("GET", "/api/v1/organization/{orgname}/quota/{quota_id}")
def get_organization_quota(req: Request) -> Response:
    _require_member_or_superuser(req, req.params["orgname"])
    return ok(quota_view(_find_quota(req, _organization(req))))


@route("PUT", "/api/v1/organization/{orgname}/quota/{quota_id}")
def change_organization_quota(req: Request) -> Response:
    _require_quota_superuser(req)
    body = _body(req)
    quota = _find_quota(req, _organization(req))
    limit_bytes = _limit_bytes(req, body, required=False)
    if limit_bytes:
        quota.limit_bytes = limit_bytes
    return ok(quota_view(quota))


@route("DELETE", "/api/v1/organization/{orgname}/quota/{quota_id}")
def delete_organization_quota(req: Request) -> Response:
    _require_quota_superuser(req)
    org = _organization(req)
    org.quotas.remove(_find_quota(req, org))
    return no_content()


@route("GET", "/api/v1/organization/{orgname}/quota/{quota_id}/limit")
def list_organization_quota_limits(req: Request) -> Response:
    _require_member_or_superuser(req, req.params["orgname"])
    quota = _find_quota(req, _organization(req))
    return ok([limit_view(limit) for limit in quota.limits])


@route("POST", "/api/v1/organization/{orgname}/quota/{quota_id}/limit")
def create_organization_quota_limit(req: Request) -> Response:
    _require_quota_superuser(req)
    kind, percent = _limit_fields(req, _body(req), required=True)
    quota = _find_quota(req, _organization(req))
    assert kind is not None and percent is not None
    if any(lim.type == kind and lim.limit_percent == percent for lim in quota.limits):
        raise invalid_request(req, "Quota limit already exists")
    quota.limits.append(QuotaLimit(req.world.next_id("quota_limit"), kind, percent))
    return created(CREATED)


@route("GET", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}")
def get_organization_quota_limit(req: Request) -> Response:
    _require_member_or_superuser(req, req.params["orgname"])
    quota = _find_quota(req, _organization(req))
    return ok(limit_view(_find_limit(req, quota)))


@route("PUT", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}")
def change_organization_quota_limit(req: Request) -> Response:
    _require_quota_superuser(req)
    kind, percent = _limit_fields(req, _body(req), required=False)
    quota = _find_quota(req, _organization(req))
    limit = _find_limit(req, quota)
    if kind is not None:
        limit.type = kind
    if percent is not None:
        limit.limit_percent = percent
    return ok(quota_view(quota))


@route("DELETE", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}")
def delete_organization_quota_limit(req: Request) -> Response:
    _require_quota_superuser(req)
    quota = _find_quota(req, _organization(req))
    quota.limits.remove(_find_limit(req, quota))
    return no_content()


# --- The user's own quota (read-only) --------------------------------------------------------


@route("GET", "/api/v1/user/quota")
def list_user_quota(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    return ok([quota_view(quota) for quota in principal.user.quotas])


@route("GET", "/api/v1/user/quota/{quota_id}")
def get_user_quota(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    return ok(quota_view(_find_quota(req, principal.user)))


@route("GET", "/api/v1/user/quota/{quota_id}/limit")
def list_user_quota_limits(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    quota = _find_quota(req, principal.user)
    return ok([limit_view(limit) for limit in quota.limits])


@route("GET", "/api/v1/user/quota/{quota_id}/limit/{limit_id}")
def get_user_quota_limit(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    quota = _find_quota(req, principal.user)
    _find_limit(req, quota)
    # Quay answers this one with the whole quota, not the limit.
    return ok(quota_view(quota))


# --- Any namespace's quota, as a superuser ---------------------------------------------------
# Quay serves /superuser/users/... and /superuser/organization/... with one resource: either
# path reaches a user or an organization by name.


def _namespace(req: Request) -> User | Organization:
    name = req.params["namespace"]
    owner = req.world.user(name) or req.world.organization(name)
    if owner is None:
        raise not_found(req)
    return owner


def _list_namespace_quota(req: Request) -> Response:
    require_superuser(req)
    return ok([quota_view(quota) for quota in _namespace(req).quotas])


def _create_namespace_quota(req: Request) -> Response:
    require_superuser(req)
    return _add_quota(req, _namespace(req), f"Quota for '{req.params['namespace']}' already exists")


def _change_namespace_quota(req: Request) -> Response:
    require_superuser(req)
    body = _body(req)
    quota = _find_quota(req, _namespace(req))
    limit_bytes = _limit_bytes(req, body, required=False)
    if limit_bytes:
        quota.limit_bytes = limit_bytes
    return ok(quota_view(quota))


def _delete_namespace_quota(req: Request) -> Response:
    require_superuser(req)
    owner = _namespace(req)
    owner.quotas.remove(_find_quota(req, owner))
    return no_content()


for _kind in ("users", "organization"):
    ROUTER.add("GET", f"/api/v1/superuser/{_kind}/{{namespace}}/quota", _list_namespace_quota)
    ROUTER.add("POST", f"/api/v1/superuser/{_kind}/{{namespace}}/quota", _create_namespace_quota)
    ROUTER.add(
        "PUT",
        f"/api/v1/superuser/{_kind}/{{namespace}}/quota/{{quota_id}}",
        _change_namespace_quota,
    )
    ROUTER.add(
        "DELETE",
        f"/api/v1/superuser/{_kind}/{{namespace}}/quota/{{quota_id}}",
        _delete_namespace_quota,
    )


# --- The registry's size ---------------------------------------------------------------------


def _registry(req: Request) -> dict[str, Any]:
    state: dict[str, Any] = req.world.extras.setdefault(AREA, {}).setdefault(
        "registry", {"size_bytes": 0, "last_ran": None, "queued": False, "running": False}
    )
    return state


@route("GET", "/api/v1/superuser/registrysize/")
def get_registry_size(req: Request) -> Response:
    require_superuser_read(req)
    state = _registry(req)
    body = {key: state[key] for key in ("size_bytes", "last_ran", "running", "queued")}
    # One step of the background job per read: queued -> running -> done.
    if state["queued"]:
        state.update(queued=False, running=True)
    elif state["running"]:
        world = req.world
        total = sum(user.used_bytes for user in world.users.values())
        total += sum(org.used_bytes for org in world.organizations.values())
        state.update(running=False, size_bytes=total, last_ran=int(time.time() * 1000))
    return ok(body)


@route("POST", "/api/v1/superuser/registrysize/")
def queue_registry_size_calculation(req: Request) -> Response:
    require_superuser(req)
    state = _registry(req)
    if state["queued"] or state["running"]:
        return 202, "", {"Content-Type": "text/html; charset=utf-8"}
    state["queued"] = True
    return created()


@route("GET", "/api/v1/superuser/registrystatus")
def registry_status(req: Request) -> Response:
    # Anonymous on Quay too; the fixture server was never set up through its config tool.
    return ok({"status": "setup-incomplete"})
