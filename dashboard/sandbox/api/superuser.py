"""Superuser endpoints: users, organizations, service keys, app tokens, registry size
and status.

`POST /api/v1/superuser/keys` returns the private key once; it can't be read again.

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

from typing import Any

from dashboard.sandbox.api.common import (
    invalid_request,
    ok,
    page_by_token,
    quota_report,
    quota_summary,
    require_superuser,
)
from dashboard.sandbox.router import Request, Response, route
from dashboard.sandbox.world import Organization, User, World


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""


# --- Users and organizations of the whole installation --------------------------------------


def _paged(req: Request, key: str, items: list[dict[str, Any]]) -> Response:
    """Everything at once without `limit`; with it, pages of at most 100 and a `next_page`."""
    if "limit" not in req.query:
        return ok({key: items})
    try:
        limit = min(100, max(1, int(req.query["limit"])))
    except ValueError as exc:
        raise invalid_request(req, "Invalid limit") from exc
    page, next_page = page_by_token(req, items, limit)
    body: dict[str, Any] = {key: page}
    if next_page:
        body["next_page"] = next_page
    return ok(body)


def superuser_user_view(user: User) -> dict[str, Any]:
    return {
        "kind": "user",
        "name": user.username,
        "username": user.username,
        "email": user.email,
        "verified": user.verified,
        "avatar": user.avatar.view("user"),
        "super_user": user.super_user,
        "global_readonly_super_user": user.global_readonly_super_user,
        "enabled": user.enabled,
        "quotas": quota_summary(user),
        "quota_report": quota_report(user),
    }


def superuser_organization_view(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "email": org.email,
        "avatar": org.avatar.view("org"),
        "quotas": quota_summary(org),
        "quota_report": quota_report(org),
    }


@route("GET", "/api/v1/superuser/users/")
def list_all_users(req: Request) -> Response:
    require_superuser(req)
    users = list(req.world.users.values())
    if req.query.get("disabled", "true").lower() == "false":
        users = [user for user in users if user.enabled]
    return _paged(req, "users", [superuser_user_view(user) for user in users])


@route("GET", "/api/v1/superuser/organizations/")
def list_all_organizations(req: Request) -> Response:
    require_superuser(req)
    orgs = list(req.world.organizations.values())
    return _paged(req, "organizations", [superuser_organization_view(org) for org in orgs])
