"""Helpers every area module uses: Quay's answers and errors, auth and scope checks, paging.

Errors are raised (`raise not_found()` or the `require_*` checks), so a handler reads top-down:

    user = require_user(req)
    require_scope(req, "repo:read")
    repo = req.world.repository(ns, name) or raise_(not_found(req))
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, NoReturn

from sandbox.router import HttpError, Principal, Request, Response
from sandbox.world import Organization, User

JSON = {"Content-Type": "application/json"}
# Quay answers its empty 201/204 bodies with Flask's default content type.
EMPTY_BODY_TYPE = {"Content-Type": "text/html; charset=utf-8"}


# --- Answers ---------------------------------------------------------------------------------


def ok(body: Any, status: int = 200) -> Response:
    return status, body, dict(JSON)


def created(body: Any = None) -> Response:
    """201: Quay answers most creations with an empty body, some with the string "Created"."""
    return (201, body, dict(JSON)) if body is not None else (201, "", dict(EMPTY_BODY_TYPE))


def no_content() -> Response:
    return 204, "", dict(EMPTY_BODY_TYPE)


# --- Errors, with Quay's JSON error body -----------------------------------------------------


def error_body(req: Request, status: int, error_type: str, detail: str) -> dict[str, Any]:
    return {
        "detail": detail,
        "error_message": detail,
        "error_type": error_type,
        "title": error_type,
        "type": f"{req.base_url}/api/v1/error/{error_type}",
        "status": status,
    }


def api_error(req: Request, status: int, error_type: str, detail: str) -> HttpError:
    return HttpError((status, error_body(req, status, error_type, detail), dict(JSON)))


def unauthorized(req: Request, *, session_required: bool = False) -> HttpError:
    """401 invalid_token. Some endpoints (GET /user/) put `session_required: false` first."""
    body = error_body(req, 401, "invalid_token", "Requires authentication")
    if session_required:
        body = {"session_required": False, **body}
    return HttpError((401, body, dict(JSON)))


def insufficient_scope(req: Request) -> HttpError:
    """403 for a missing scope and for a missing role alike: Quay doesn't tell them apart."""
    return api_error(req, 403, "insufficient_scope", "Unauthorized")


def not_found(req: Request) -> HttpError:
    return api_error(req, 404, "not_found", "Not Found")


def invalid_request(req: Request, detail: str) -> HttpError:
    return api_error(req, 400, "invalid_request", detail)


def plain_message(status: int, message: str) -> HttpError:
    """Flask's `abort()` answer inside an API endpoint: `{"message": ...}`, no error_type."""
    return HttpError((status, {"message": message}, dict(JSON)))


FORBIDDEN_MESSAGE = (
    "You don't have the permission to access the requested resource. "
    "It is either read-protected or not readable by the server."
)


def raise_(error: HttpError) -> NoReturn:
    """Raise in expression position: `repo = lookup(...) or raise_(not_found(req))`."""
    raise error


# --- Authentication and permissions ----------------------------------------------------------


def require_user(req: Request, *, session_required: bool = False) -> Principal:
    """The authenticated principal, or 401 invalid_token."""
    if req.principal is None:
        raise unauthorized(req, session_required=session_required)
    return req.principal


def has_scope(req: Request, scope: str) -> bool:
    return req.principal is not None and scope in req.principal.scopes


def require_scope(req: Request, *scopes: str) -> Principal:
    """401 without a valid token; 403 insufficient_scope unless the token has every scope."""
    principal = require_user(req)
    if not all(scope in principal.scopes for scope in scopes):
        raise insufficient_scope(req)
    return principal


def is_superuser(req: Request) -> bool:
    """Quay's SuperUserPermission: a superuser whose token carries super:user."""
    return (
        req.principal is not None
        and req.principal.user.super_user
        and "super:user" in req.principal.scopes
    )


def require_superuser(req: Request) -> Principal:
    """401 without a token; 403 insufficient_scope without super:user or superuser rights."""
    principal = require_scope(req, "super:user")
    if not principal.user.super_user:
        raise insufficient_scope(req)
    return principal


def reads_everything(req: Request) -> bool:
    """A read by a global read-only superuser (Quay's `allow_if_global_readonly_superuser()`):
    Quay lets them read what an administrator or a superuser reads, anywhere, and change
    nothing."""
    return (
        req.method == "GET"
        and req.principal is not None
        and req.principal.user.global_readonly_super_user
        and "super:user" in req.principal.scopes
    )


def require_superuser_read(req: Request) -> Principal:
    """Superusers and global read-only superusers, with the super:user scope."""
    principal = require_scope(req, "super:user")
    if not (principal.user.super_user or principal.user.global_readonly_super_user):
        raise insufficient_scope(req)
    return principal


def is_org_admin(req: Request, org_name: str) -> bool:
    """AdministerOrganizationPermission: org:admin scope and an admin team (or a superuser).
    Quay lets a global read-only superuser read whatever an administrator reads, never change."""
    if not has_scope(req, "org:admin") or req.principal is None:
        return False
    if reads_everything(req):
        return True
    return req.world.is_org_admin(req.principal.username, org_name) or is_superuser(req)


def require_org_admin(req: Request, org_name: str) -> Principal:
    principal = require_user(req)
    if not is_org_admin(req, org_name):
        raise insufficient_scope(req)
    return principal


# --- Views shared by several areas -----------------------------------------------------------


def http_date(epoch: int | None) -> str | None:
    """Quay's timestamp format in API bodies: 'Thu, 26 Nov 2026 18:51:19 -0000'."""
    if epoch is None:
        return None
    return format_datetime(datetime.fromtimestamp(epoch, UTC)).replace("+0000", "-0000")


def gmt_date(epoch: int | None) -> str | None:
    """The variant service keys use: 'Thu, 26 Nov 2026 18:51:23 GMT'."""
    if epoch is None:
        return None
    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


def quota_report(owner: User | Organization) -> dict[str, Any]:
    configured = owner.quotas[0].limit_bytes if owner.quotas else None
    return {
        "quota_bytes": owner.used_bytes,
        "configured_quota": configured,
        "running_backfill": owner.backfill_status,
        "backfill_status": owner.backfill_status,
    }


def quota_summary(owner: User | Organization) -> list[dict[str, Any]]:
    """The short quota form embedded in user and organization views."""
    return [
        {
            "id": quota.id,
            "limit_bytes": quota.limit_bytes,
            "limits": [
                {"id": lim.id, "type": lim.type, "limit_percent": lim.limit_percent}
                for lim in quota.limits
            ],
        }
        for quota in owner.quotas
    ]


# --- Paging ----------------------------------------------------------------------------------


def encode_page_token(offset: int) -> str:
    """An opaque `next_page` token. Quay's are encrypted; clients must not look inside."""
    return "sbx" + base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def decode_page_token(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(json.loads(base64.urlsafe_b64decode(token.removeprefix("sbx")))["o"])
    except (ValueError, KeyError, TypeError):
        return 0


def page_by_token(req: Request, items: list[Any], page_size: int) -> tuple[list[Any], str | None]:
    """Slice `items` by the request's `next_page` token; return the page and the next token."""
    offset = decode_page_token(req.query.get("next_page"))
    page = items[offset : offset + page_size]
    more = offset + page_size < len(items)
    return page, encode_page_token(offset + page_size) if more else None


def page_by_number(
    req: Request, items: list[Any], default_limit: int = 50, max_limit: int = 100
) -> tuple[list[Any], int, bool]:
    """`page` (from 1) and `limit` (capped) paging: the slice, the page, and has_additional."""
    try:
        page = max(1, int(req.query.get("page", "1")))
        limit = min(max_limit, max(1, int(req.query.get("limit", str(default_limit)))))
    except ValueError as exc:
        raise invalid_request(req, "Invalid paging parameters") from exc
    start = (page - 1) * limit
    return items[start : start + limit], page, start + limit < len(items)
