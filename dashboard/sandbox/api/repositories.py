"""Repositories, tags, manifests, labels, security reports, permissions, search and entities.

Recorded behaviour to match: repositories page with an opaque `next_page` (100 a page);
tags page with `page`/`limit` (at most 100) and `has_additional`, filter with
`filter_tag_name=like:x|eq:x`; `PUT .../tag/{tag}` answers 201 with the body "Updated".

Endpoints register on import with `@route(...)` (see `dashboard.sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `dashboard.sandbox.api.common`.
"""

from __future__ import annotations

import time
from typing import Any

from dashboard.sandbox.api.common import (
    has_scope,
    http_date,
    insufficient_scope,
    not_found,
    ok,
    require_scope,
)
from dashboard.sandbox.router import Request, Response, route
from dashboard.sandbox.world import SEED_EPOCH, Repository, Tag, World


def gmt_day(epoch: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def seed(world: World) -> None:
    """Add or extend this area's seed data; `SandboxServer.reset()` calls it after the core."""


# --- Shared lookups (every area's sandbox module may use these) -----------------------------


def readable_repository(req: Request, namespace: str, name: str) -> Repository:
    """The repository if the caller may read it, answering as Quay does otherwise: 401 for an
    anonymous caller on a private repository, 403 for one without a role, 404 if it is absent."""
    repo = req.world.repository(namespace, name)
    if repo is None:
        raise not_found(req)
    username = req.principal.user.username if req.principal else None
    if repo.is_public and username is None:
        return repo
    require_scope(req, "repo:read")
    if req.world.repo_role(username, repo) is None:
        raise insufficient_scope(req)
    return repo


def repository_role(req: Request, repo: Repository) -> str | None:
    username = req.principal.user.username if req.principal else None
    return req.world.repo_role(username, repo)


def tag_summary(tag: Tag) -> dict[str, Any]:
    return {
        "name": tag.name,
        "size": tag.size,
        "last_modified": http_date(tag.start_ts),
        "manifest_digest": tag.manifest_digest,
    }


# --- GET /api/v1/repository/{namespace}/{name} ----------------------------------------------


@route("GET", "/api/v1/repository/{namespace}/{name}")
def get_repository(req: Request) -> Response:
    namespace, name = req.params["namespace"], req.params["name"]
    repo = readable_repository(req, namespace, name)
    role = repository_role(req, repo)
    # A token without repo:write/repo:admin does not let Quay act with those roles.
    can_write = role in ("write", "admin") and has_scope(req, "repo:write")
    can_admin = role == "admin" and has_scope(req, "repo:admin")
    organization = req.world.organization(namespace)
    owner = organization or req.world.user(namespace)
    body: dict[str, Any] = {
        "namespace": repo.namespace,
        "name": repo.name,
        "kind": repo.kind,
        "description": repo.description,
        "is_public": repo.is_public,
        "is_organization": organization is not None,
        "is_starred": bool(req.principal and req.principal.user.username in repo.starred_by),
        "status_token": repo.status_token,
        "trust_enabled": False,
        "tag_expiration_s": owner.tag_expiration_s if owner else 1209600,
        "is_free_account": not (owner.paid if owner else False),
        "state": repo.state,
    }
    if req.query.get("includeTags", "true").lower() != "false":
        body["tags"] = {tag.name: tag_summary(tag) for tag in repo.active_tags()}
    body["can_write"] = can_write
    body["can_admin"] = can_admin
    if req.query.get("includeStats", "").lower() == "true":
        # Daily action counts for the last 30 days, newest first, as Quay reports them.
        body["stats"] = [
            {"date": gmt_day(SEED_EPOCH - days * 86400), "count": 0} for days in range(1, 31)
        ]
    return ok(body)
