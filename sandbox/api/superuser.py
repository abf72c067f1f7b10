"""Superuser endpoints: users, organizations, service keys, app tokens, registry size
and status.

`POST /api/v1/superuser/keys` returns the private key once; it can't be read again.

A global read-only superuser (`global_readonly_super_user`) may read everything a superuser
reads and change nothing, as in Quay (`allow_if_global_readonly_superuser()` on the reads only).

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.api.account import remove_organization, set_password
from sandbox.api.common import (
    created,
    gmt_date,
    http_date,
    invalid_request,
    no_content,
    not_found,
    ok,
    page_by_token,
    quota_report,
    quota_summary,
    require_org_admin,
    require_scope,
    require_superuser,
    require_superuser_read,
)
from sandbox.router import Request, Response, route
from sandbox.world import (
    DEMO_TOKENS,
    Avatar,
    Organization,
    ServiceKey,
    ServiceKeyApproval,
    User,
    World,
)

# The global read-only superuser of Quay's test fixture, with a demo token of every scope.
READONLY_SUPERUSER_TOKEN = DEMO_TOKENS["globalreadonly"]

# Keys created at run time take these ids first, so that a replay of the recorded session
# (create, then read the key by the id the real server gave it) finds the same key.
_RECORDED_KIDS = ("0z7f560285twmtqebP8zHEkn5x1qnvdOpmVsHlDZAUY",)


def seed(world: World) -> None:
    """More unapproved keys for the bulk actions."""
    for kid, name, service in (
        ("kid7", "builder key", "build_manager"),
        ("kid8", "security scanner key", "secscan"),
    ):
        world.service_keys[kid] = ServiceKey(
            kid, name, service, world.now, _modulus_for(kid), expiration=world.now + 400 * 86400
        )
    world.extras["superuser"] = {"next_kids": list(_RECORDED_KIDS)}


_ALL_SCOPES = (
    "repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin",
    "org:admin", "super:user",
)  # fmt: skip


def _modulus_for(kid: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha512(kid.encode()).digest() * 5).decode()[:342]


# --- Who may read and who may write ----------------------------------------------------------


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
    require_superuser_read(req)
    users = list(req.world.users.values())
    if req.query.get("disabled", "true").lower() == "false":
        users = [user for user in users if user.enabled]
    return _paged(req, "users", [superuser_user_view(user) for user in users])


@route("GET", "/api/v1/superuser/organizations/")
def list_all_organizations(req: Request) -> Response:
    require_superuser_read(req)
    orgs = list(req.world.organizations.values())
    return _paged(req, "organizations", [superuser_organization_view(org) for org in orgs])


def _user_or_404(req: Request) -> User:
    user = req.world.user(req.params["username"])
    if user is None:
        raise not_found(req)
    return user


@route("GET", "/api/v1/superuser/users/{username}")
def get_install_user(req: Request) -> Response:
    require_superuser_read(req)
    return ok(superuser_user_view(_user_or_404(req)))


# Quay's username rule (util/validation.py): lowercase letters, digits, `_`, `.`, `-`.
_USERNAME = re.compile(r"^[a-z0-9_][a-z0-9_.-]{1,254}$")


def _email_taken(world: World, email: str, *, besides: str = "") -> bool:
    owners: list[User | Organization] = [*world.users.values(), *world.organizations.values()]
    return any(
        owner.email.lower() == email.lower()
        for owner in owners
        if getattr(owner, "username", None) != besides and getattr(owner, "name", None) != besides
    )


@route("POST", "/api/v1/superuser/users/")
def create_install_user(req: Request) -> Response:
    require_superuser(req)
    body = req.json()
    if not isinstance(body, dict) or "username" not in body:
        raise invalid_request(req, "'username' is a required property")
    username, email = body["username"], body.get("email", "")
    if not isinstance(username, str) or not isinstance(email, str):
        raise invalid_request(req, "Invalid username or e-mail")
    if not _USERNAME.match(username):
        raise invalid_request(req, f"Invalid username {username}")
    if req.world.namespace_exists(username):
        raise invalid_request(req, "Requested username already exists")
    if email and _email_taken(req.world, email):
        raise invalid_request(req, "E-mail address already used")
    password = secrets.token_urlsafe(24)
    req.world.users[username] = User(username, email, Avatar.for_name(username))
    return ok(
        {
            "username": username,
            "email": email,
            "password": password,
            "encrypted_password": base64.b64encode(
                hashlib.sha256(password.encode()).digest()
            ).decode(),
        }
    )


@route("PUT", "/api/v1/superuser/users/{username}")
def change_install_user(req: Request) -> Response:
    require_superuser(req)
    user = _user_or_404(req)
    if user.super_user:
        raise invalid_request(req, "Cannot update a superuser")
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    if "email" in body:
        email = body["email"]
        if not isinstance(email, str):
            raise invalid_request(req, f"{email!r} is not of type 'string'")
        if _email_taken(req.world, email, besides=user.username):
            raise invalid_request(req, "E-mail address already used")
        user.email = email
    if "password" in body:
        set_password(req, user.username, body["password"])
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise invalid_request(req, f"{body['enabled']!r} is not of type 'boolean'")
        user.enabled = body["enabled"]
    return ok(superuser_user_view(user))


@route("DELETE", "/api/v1/superuser/users/{username}")
def delete_install_user(req: Request) -> Response:
    require_superuser(req)
    user = _user_or_404(req)
    if user.super_user:
        raise invalid_request(req, "Cannot delete a superuser")
    del req.world.users[user.username]
    return no_content()


@route("POST", "/api/v1/superusers/users/{username}/sendrecovery")
def send_install_user_recovery_email(req: Request) -> Response:
    require_superuser(req)
    user = _user_or_404(req)
    if user.super_user:
        raise invalid_request(req, "Cannot send a recovery email for a superuser")
    return ok({"email": user.email})


# --- Organizations ---------------------------------------------------------------------------


def _org_or_404(req: Request, name: str) -> Organization:
    org = req.world.organization(name)
    if org is None:
        raise not_found(req)
    return org


@route("DELETE", "/api/v1/superuser/organizations/{name}")
def delete_organization(req: Request) -> Response:
    require_superuser(req)
    org = _org_or_404(req, req.params["name"])
    remove_organization(req.world, org)
    return no_content()


@route("POST", "/api/v1/superuser/takeownership/{namespace}")
def take_ownership(req: Request) -> Response:
    principal = require_superuser(req)
    namespace = req.params["namespace"]
    org = req.world.organization(namespace)
    if org is None and req.world.user(namespace) is None:
        raise not_found(req)
    # For a user, Quay converts the account into an organization; the sandbox only answers.
    if org is not None:
        owners = next((team for team in org.teams.values() if team.role == "admin"), None)
        if owners is not None and principal.username not in owners.members:
            owners.members.append(principal.username)
    return ok({"namespace": namespace})


@route("PUT", "/api/v1/organization/{orgname}")
def change_organization_details(req: Request) -> Response:
    """PUT /api/v1/organization/{orgname}: e-mail and tag expiration (org:admin, or a
    superuser). Registered from `seed` unless the organizations area serves it."""
    require_scope(req, "org:admin")
    org = _org_or_404(req, req.params["orgname"])
    require_org_admin(req, org.name)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    if "tag_expiration_s" in body:
        value = body["tag_expiration_s"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise invalid_request(req, f"{value!r} is not of type 'integer'")
        if value < 0:
            raise invalid_request(req, f"{value} is less than the minimum of 0")
    if "email" in body:
        email = body["email"]
        if not isinstance(email, str):
            raise invalid_request(req, f"{email!r} is not of type 'string'")
        if email != org.email and _email_taken(req.world, email, besides=org.name):
            raise invalid_request(req, "E-mail address already used")
        org.email = email
    if "tag_expiration_s" in body:
        org.tag_expiration_s = body["tag_expiration_s"]
    return ok(
        {
            "name": org.name,
            "email": org.email,
            "avatar": org.avatar.view("org"),
            "is_admin": True,
            "is_member": True,
            "tag_expiration_s": org.tag_expiration_s,
        }
    )


# --- Service keys ----------------------------------------------------------------------------


def _approval_view(req: Request, key: ServiceKey) -> dict[str, Any] | None:
    approval = key.approval
    if approval is None:
        return None
    approver = req.world.user(approval.approver) if approval.approver else None
    return {
        "approval_type": approval.approval_type,
        "approved_date": gmt_date(approval.approved_date),
        "approver": superuser_user_view(approver) if approver else None,
        "notes": approval.notes,
    }


def service_key_view(req: Request, key: ServiceKey) -> dict[str, Any]:
    return {
        "approval": _approval_view(req, key),
        "created_date": gmt_date(key.created),
        "expiration_date": gmt_date(key.expiration),
        "jwk": {"e": "AQAB", "kid": key.kid, "kty": "RSA", "n": key.jwk_n},
        "kid": key.kid,
        "metadata": key.metadata,
        "name": key.name,
        "rotation_duration": key.rotation_duration,
        "service": key.service,
    }


def _key_or_404(req: Request) -> ServiceKey:
    key = req.world.service_keys.get(req.params["kid"])
    if key is None:
        raise not_found(req)
    return key


# Quay's rules: a service is lowercase letters, digits and `_`; a friendly name is letters,
# digits, spaces, `_` and `-` (or empty).
_SERVICE = re.compile(r"^[a-z0-9_]+$")
_KEY_NAME = re.compile(r"^[\s\w-]*$")


def _expiration(req: Request, body: dict[str, Any]) -> int | None:
    value = body.get("expiration")
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise invalid_request(req, f"{value!r} is not valid under any of the given schemas")
    if value <= time.time():
        raise invalid_request(req, "Expiration date cannot be in the past")
    return int(value)


def _metadata(req: Request, body: dict[str, Any]) -> dict[str, Any]:
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise invalid_request(req, f"{metadata!r} is not of type 'object'")
    return metadata


@route("GET", "/api/v1/superuser/keys")
def list_service_keys(req: Request) -> Response:
    require_superuser_read(req)
    return ok({"keys": [service_key_view(req, key) for key in req.world.service_keys.values()]})


@route("POST", "/api/v1/superuser/keys")
def create_service_key(req: Request) -> Response:
    principal = require_superuser(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    for required in ("service", "expiration"):
        if required not in body:
            raise invalid_request(req, f"'{required}' is a required property")
    service, name = body["service"], body.get("name", "")
    if not isinstance(service, str) or not _SERVICE.match(service):
        raise invalid_request(req, f"Invalid service name: {service}")
    if not isinstance(name, str) or not _KEY_NAME.match(name):
        raise invalid_request(req, f"Invalid service key friendly name: {name}")
    expiration = _expiration(req, body)
    metadata = {
        **_metadata(req, body),
        "created_by": "Quay Superuser Panel",
        "creator": principal.username,
        "ip": "127.0.0.1",
    }
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_key = private_key.public_key()
    modulus = public_key.public_numbers().n
    n = base64.urlsafe_b64encode(modulus.to_bytes(256, "big")).decode().rstrip("=")
    pending: list[str] = req.world.extras.setdefault("superuser", {}).setdefault("next_kids", [])
    kid = pending.pop(0) if pending else _thumbprint(n)
    now = int(time.time())
    notes = body.get("notes", "")
    # A superuser's own key is approved as it is made.
    req.world.service_keys[kid] = ServiceKey(
        kid, name, service, now, n, expiration,
        ServiceKeyApproval("ServiceKeyApprovalType.SUPERUSER", now, str(notes), principal.username),
        metadata=metadata,
    )  # fmt: skip
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    public_pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return ok(
        {
            "kid": kid,
            "name": name,
            "private_key": private_pem,
            "public_key": public_pem,
            "service": service,
        }
    )


def _thumbprint(n: str) -> str:
    """RFC 7638, as Quay computes a key's id."""
    canonical = f'{{"e":"AQAB","kty":"RSA","n":"{n}"}}'.encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).decode().rstrip("=")


@route("GET", "/api/v1/superuser/keys/{kid}")
def get_service_key(req: Request) -> Response:
    require_superuser_read(req)
    return ok(service_key_view(req, _key_or_404(req)))


@route("PUT", "/api/v1/superuser/keys/{kid}")
def update_service_key(req: Request) -> Response:
    require_superuser(req)
    key = _key_or_404(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    if "name" in body and (not isinstance(body["name"], str) or not _KEY_NAME.match(body["name"])):
        raise invalid_request(req, f"Invalid service key friendly name: {body['name']}")
    expiration = _expiration(req, body) if "expiration" in body else key.expiration
    metadata = _metadata(req, body)
    if "name" in body:
        key.name = body["name"]
    key.expiration = expiration
    key.metadata.update(metadata)
    return ok(service_key_view(req, key))


@route("DELETE", "/api/v1/superuser/keys/{kid}")
def delete_service_key(req: Request) -> Response:
    require_superuser(req)
    key = _key_or_404(req)
    del req.world.service_keys[key.kid]
    return no_content()


@route("POST", "/api/v1/superuser/approvedkeys/{kid}")
def approve_service_key(req: Request) -> Response:
    principal = require_superuser(req)
    key = _key_or_404(req)
    body = req.json() or {}
    notes = body.get("notes", "") if isinstance(body, dict) else ""
    if not isinstance(notes, str):
        raise invalid_request(req, f"{notes!r} is not of type 'string'")
    # Approving an approved key answers 201 and changes nothing, as on the real server.
    if key.approval is None:
        key.approval = ServiceKeyApproval(
            "ServiceKeyApprovalType.SUPERUSER", int(time.time()), notes, principal.username
        )
    return created()


# --- App tokens of every user ----------------------------------------------------------------


@route("GET", "/api/v1/superuser/apptokens")
def list_all_app_tokens(req: Request) -> Response:
    require_superuser_read(req)
    expiring = req.query.get("expiring", "").lower() == "true"
    tokens = [
        {
            "uuid": token.uuid,
            "title": token.title,
            "last_accessed": http_date(token.last_accessed),
            "created": http_date(token.created),
            "expiration": http_date(token.expiration),
        }
        for token in req.world.app_tokens
        if not expiring or token.expiration is not None
    ]
    return ok({"tokens": tokens, "only_expiring": True if expiring else None})
