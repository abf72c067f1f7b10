"""OAuth applications of an organization, their client secrets and their tokens.

Recorded behaviour to match (`responses-next/` 424-455): only administrators of the
organization may read or change its applications; the client secret comes back on every read
(create, get, list, PUT, reset); create and token create answer 200, not 201; PUT replaces
(an omitted description or avatar_email falls back to empty); a token's secret is returned only
at its creation; comma-separated scopes are accepted and normalized to spaces; a token without
expiration lives ten years; token validation answers with a plain `{"message"}` except the
schema's minimum of `expiration`.

A token made here is a working access token of the sandbox (it signs in like any other).
"""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sandbox.api.common import (
    no_content,
    not_found,
    ok,
    plain_message,
)
from sandbox.api.mirroring import json_object, log, org_admin, performer, schema_error
from sandbox.router import Request, Response, route
from sandbox.world import (
    ALL_SCOPES,
    OAUTH_TOKEN_LIFETIME_S,
    AccessToken,
    OAuthApplication,
    Organization,
    World,
)

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# The ids the captures got, handed out first so that a replay of the captures finds its way.
_RECORDED_CLIENT_IDS = ("MKAVANJPAH51ZLPG2TF8",)
_RECORDED_TOKEN_UUIDS = (
    "6e5eb546-0051-4271-8360-30007ec94a6a",
    "6b74a405-8c62-4ace-8383-bd95cb75aabe",
)


def seed(world: World) -> None:
    """The fixture's applications are in the core seed; this keeps the recorded ids."""
    world.extras["applications"] = {
        "client_ids": list(_RECORDED_CLIENT_IDS),
        "token_uuids": list(_RECORDED_TOKEN_UUIDS),
    }


def _next(world: World, sequence: str, fresh: str, taken: set[str] | None = None) -> str:
    """The next recorded id, unless something of the world holds it already (the account
    area seeds the recorded authorization itself), else `fresh`."""
    pending: list[str] = world.extras.setdefault("applications", {}).setdefault(sequence, [])
    while pending:
        candidate = pending.pop(0)
        if not taken or candidate not in taken:
            return candidate
    return fresh


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _expiries(world: World) -> dict[str, int]:
    expiries: dict[str, int] = world.extras.setdefault("application_token_expiry", {})
    return expiries


def _organization(req: Request) -> Organization:
    """The organization of the path, for its administrators (or a superuser)."""
    org = req.world.organization(org_admin(req))
    assert org is not None
    return org


def _application(req: Request, org: Organization) -> OAuthApplication:
    app = org.applications.get(req.params["client_id"])
    if app is None:
        raise not_found(req)
    return app


def application_view(app: OAuthApplication) -> dict[str, Any]:
    return {
        "name": app.name,
        "description": app.description,
        "application_uri": app.application_uri,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "redirect_uri": app.redirect_uri,
        "avatar_email": app.avatar_email,
    }


def _body(req: Request, required: tuple[str, ...]) -> dict[str, Any]:
    body = json_object(req)
    for key in required:
        if key not in body:
            raise schema_error(req, f"'{key}' is a required property", "'required'", body)
    for key in ("name", "description", "application_uri", "redirect_uri", "avatar_email"):
        if key in body and not isinstance(body[key], str):
            raise schema_error(
                req,
                f"{body[key]!r} is not of type 'string'",
                f"'type' in schema['properties']['{key}']",
                body[key],
            )
    return body


@route("GET", "/api/v1/organization/{orgname}/applications")
def list_applications(req: Request) -> Response:
    org = _organization(req)
    return ok({"applications": [application_view(app) for app in org.applications.values()]})


@route("POST", "/api/v1/organization/{orgname}/applications")
def create_application(req: Request) -> Response:
    org = _organization(req)
    body = _body(req, ("name",))
    app = OAuthApplication(
        client_id=_next(req.world, "client_ids", _random(20)),
        client_secret=_random(40),
        name=body["name"],
        organization=org.name,
        redirect_uri=body.get("redirect_uri", ""),
        application_uri=body.get("application_uri", ""),
        description=body.get("description", ""),
        avatar_email=body.get("avatar_email") or None,
    )
    org.applications[app.client_id] = app
    log(req.world, "create_application", org.name, performer(req),
        {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
    return ok(application_view(app))


@route("GET", "/api/v1/organization/{orgname}/applications/{client_id}")
def get_application(req: Request) -> Response:
    org = _organization(req)
    return ok(application_view(_application(req, org)))


@route("PUT", "/api/v1/organization/{orgname}/applications/{client_id}")
def update_application(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    body = _body(req, ("name", "redirect_uri", "application_uri"))
    app.name = body["name"]
    app.redirect_uri = body["redirect_uri"]
    app.application_uri = body["application_uri"]
    app.description = body.get("description", "")
    app.avatar_email = body.get("avatar_email") or None
    log(req.world, "update_application", org.name, performer(req),
        {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
    return ok(application_view(app))


@route("DELETE", "/api/v1/organization/{orgname}/applications/{client_id}")
def delete_application(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    del org.applications[app.client_id]
    for token, grant in list(req.world.access_tokens.items()):
        if grant.client_id == app.client_id:
            del req.world.access_tokens[token]
    log(req.world, "delete_application", org.name, performer(req),
        {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
    return no_content()


@route("POST", "/api/v1/organization/{orgname}/applications/{client_id}/resetclientsecret")
def reset_client_secret(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    app.client_secret = _random(40)
    log(req.world, "reset_application_client_secret", org.name, performer(req),
        {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
    return ok(application_view(app))


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _token_view(world: World, grant: AccessToken) -> dict[str, Any]:
    expires = _expiries(world).get(grant.uuid, grant.created + OAUTH_TOKEN_LIFETIME_S)
    return {
        "uuid": grant.uuid,
        "name": grant.title,
        "scope": " ".join(sorted(grant.scopes, key=ALL_SCOPES.index)),
        "expires_at": _iso(expires),
        "created": _iso(grant.created),
        "created_by": grant.username,
        "last_accessed": None,
    }


def _tokens_of(world: World, app: OAuthApplication) -> list[AccessToken]:
    grants = [grant for grant in world.access_tokens.values() if grant.client_id == app.client_id]
    return sorted(grants, key=lambda grant: grant.created, reverse=True)


@route("GET", "/api/v1/organization/{orgname}/applications/{client_id}/tokens")
def list_application_tokens(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    return ok({"tokens": [_token_view(req.world, grant) for grant in _tokens_of(req.world, app)]})


@route("POST", "/api/v1/organization/{orgname}/applications/{client_id}/tokens")
def create_application_token(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    body = json_object(req)
    expiration = body.get("expiration")
    if expiration is not None:
        if isinstance(expiration, bool) or not isinstance(expiration, int | float):
            raise schema_error(
                req, f"{expiration!r} is not of type 'number'",
                "'type' in schema['properties']['expiration']", expiration,
            )  # fmt: skip
        if expiration < 1:
            raise schema_error(
                req, f"{expiration} is less than the minimum of 1",
                "'minimum' in schema['properties']['expiration']", expiration,
            )  # fmt: skip
    name = str(body.get("name") or "").strip()
    if not name:
        raise plain_message(400, "'name' must not be empty")
    scopes = str(body.get("scope") or "").replace(",", " ").split()
    if not scopes:
        raise plain_message(400, "'scope' must not be empty")
    for scope in scopes:
        if scope not in ALL_SCOPES:
            raise plain_message(400, f"Invalid scope: {scope}")
    principal = req.principal
    assert principal is not None
    token = _random(40)
    now = time.time()
    grant = AccessToken(
        token, principal.username, frozenset(scopes), app.client_id,
        title=name, uuid=_next(
            req.world,
            "token_uuids",
            str(uuid.uuid4()),
            {grant.uuid for grant in req.world.access_tokens.values()},
        ), created=int(now),
    )  # fmt: skip
    req.world.access_tokens[token] = grant
    lifetime = min(int(expiration), OAUTH_TOKEN_LIFETIME_S) if expiration else None
    _expiries(req.world)[grant.uuid] = int(now) + (lifetime or OAUTH_TOKEN_LIFETIME_S)
    log(req.world, "create_oauth_api_token", org.name, principal.username,
        {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
    view = _token_view(req.world, grant)
    view["scope"] = " ".join(scopes)
    return ok({**view, "token": token})


@route("DELETE", "/api/v1/organization/{orgname}/applications/{client_id}/tokens/{token_uuid}")
def revoke_application_token(req: Request) -> Response:
    org = _organization(req)
    app = _application(req, org)
    for token, grant in list(req.world.access_tokens.items()):
        if grant.client_id == app.client_id and grant.uuid == req.params["token_uuid"]:
            del req.world.access_tokens[token]
            log(req.world, "revoke_oauth_api_token", org.name, performer(req),
                {"application_name": app.name, "client_id": app.client_id})  # fmt: skip
            return no_content()
    raise not_found(req)
