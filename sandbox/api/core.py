"""Core endpoints: the signed-in user, global messages, and the OAuth 2 authorization flow."""

from __future__ import annotations

import secrets
import string
import uuid
from typing import Any
from urllib.parse import urlencode, urlsplit

from sandbox.api.account import account_details
from sandbox.api.common import (
    FORBIDDEN_MESSAGE,
    created,
    has_scope,
    invalid_request,
    is_superuser,
    no_content,
    ok,
    plain_message,
    quota_report,
    quota_summary,
    require_scope,
    require_user,
)
from sandbox.router import Request, Response, route
from sandbox.world import (
    ALL_SCOPES,
    OAUTH_TOKEN_LIFETIME_S,
    AccessToken,
    AuthorizationCode,
    Message,
    OAuthApplication,
    Organization,
    World,
)


def seed(world: World) -> None:
    """The core data lives in seed.py (see `world.build_world`); nothing to add here."""


# --- GET /api/v1/user/ -----------------------------------------------------------------------


@route("GET", "/api/v1/user/")
def get_user(req: Request) -> Response:
    # Quay puts `session_required` in this endpoint's 401 body, unlike most others.
    principal = require_user(req, session_required=True)
    require_scope(req, "user:read")
    user, world = principal.user, req.world
    # What the body carries depends on the token's scopes, as on the real server:
    # user:admin adds the account details, super:user (for a superuser) adds `super_user`.
    user_admin = has_scope(req, "user:admin")
    body: dict[str, Any] = {
        "anonymous": False,
        "username": user.username,
        "avatar": user.avatar.view("user"),
    }
    if user_admin:
        body.update(
            {
                "can_create_repo": True,
                "is_me": True,
                "verified": user.verified,
                "email": user.email,
                "logins": [],
                "invoice_email": False,
                "invoice_email_address": None,
                "preferred_namespace": user.paid,
                "tag_expiration_s": user.tag_expiration_s,
                "prompts": [],
                **account_details(world, user.username),
                "is_free_account": not user.paid,
                "has_password_set": True,
                "quotas": quota_summary(user),
                "quota_report": quota_report(user),
            }
        )
    body["organizations"] = [
        _organization_summary(req, org, user_admin)
        for org in world.user_organizations(user.username)
    ]
    if is_superuser(req):
        body["super_user"] = True
    elif user.global_readonly_super_user and has_scope(req, "super:user"):
        # A superuser who may read everything and change nothing.
        body["global_readonly_super_user"] = True
    return ok(body)


def _organization_summary(req: Request, org: Organization, user_admin: bool) -> dict[str, Any]:
    assert req.principal is not None
    username = req.principal.username
    summary: dict[str, Any] = {
        "name": org.name,
        "avatar": org.avatar.view("org"),
        # CreateRepositoryPermission needs the repo:create scope as well as the team role.
        "can_create_repo": has_scope(req, "repo:create")
        and req.world.can_create_in(username, org.name),
        "public": False,
    }
    if user_admin:
        summary["is_org_admin"] = has_scope(req, "org:admin") and req.world.is_org_admin(
            username, org.name
        )
        summary["preferred_namespace"] = org.paid
    return summary


# --- Global messages -------------------------------------------------------------------------

_MESSAGE_ENUMS = {
    "media_type": ["text/plain", "text/markdown"],
    "severity": ["info", "warning", "error"],
}


def _message_view(message: Message) -> dict[str, str]:
    return {
        "uuid": message.uuid,
        "content": message.content,
        "severity": message.severity,
        "media_type": message.media_type,
    }


@route("GET", "/api/v1/messages")
def list_messages(req: Request) -> Response:
    # Global messages are public: the real server answers without a token too.
    return ok({"messages": [_message_view(m) for m in req.world.messages]})


def _validate_message(req: Request) -> dict[str, str]:
    """Check the CreateMessage schema; the errors read like the jsonschema ones Quay sends."""
    body = req.json()
    if not isinstance(body, dict) or "message" not in body:
        raise invalid_request(req, "'message' is a required property")
    message = body["message"]
    if not isinstance(message, dict):
        raise invalid_request(req, f"{message!r} is not of type 'object'")
    for name in ("content", "media_type", "severity"):
        if name not in message:
            raise invalid_request(req, f"'{name}' is a required property")
        if not isinstance(message[name], str):
            raise invalid_request(req, f"{message[name]!r} is not of type 'string'")
    for name, allowed in _MESSAGE_ENUMS.items():
        if message[name] not in allowed:
            raise invalid_request(req, f"{message[name]!r} is not one of {allowed!r}")
    return message


def _require_superuser_or_abort(req: Request) -> None:
    """Scope first (JSON 403); then Quay's own check aborts with a plain `{"message"}` 403."""
    require_scope(req, "super:user")
    if not is_superuser(req):
        raise plain_message(403, FORBIDDEN_MESSAGE)


@route("POST", "/api/v1/messages")
def create_message(req: Request) -> Response:
    require_user(req)
    # Quay validates the body before it looks at scopes and roles.
    message = _validate_message(req)
    _require_superuser_or_abort(req)
    req.world.messages.append(
        Message(str(uuid.uuid4()), message["content"], message["severity"], message["media_type"])
    )
    return created()


@route("DELETE", "/api/v1/message/{uuid}")
def delete_message(req: Request) -> Response:
    _require_superuser_or_abort(req)
    # 204 whether or not the message still exists, as on the real server.
    req.world.messages = [m for m in req.world.messages if m.uuid != req.params["uuid"]]
    return no_content()


# --- OAuth 2 ---------------------------------------------------------------------------------

_HTML = {"Content-Type": "text/html; charset=utf-8"}
# Quay's token endpoint (an OAuth library) uses this spelling of the JSON type.
_OAUTH_JSON = {"Content-Type": "application/json;charset=UTF-8"}
_TOKEN_ALPHABET = string.ascii_letters + string.digits


def _html_page(status: int, title: str, text: str) -> Response:
    page = f"<!doctype html>\n<html lang=en>\n<title>{title}</title>\n<h1>{title}</h1>\n"
    page += f"<p>{text}</p>\n"
    return status, page, dict(_HTML)


def _redirect(location: str) -> Response:
    return 302, "", {**_HTML, "Location": location}


def _with_query(uri: str, params: dict[str, str]) -> str:
    return uri + ("&" if "?" in uri else "?") + urlencode(params)


def _random_token() -> str:
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(40))


def _find_application(world: World, client_id: str) -> OAuthApplication | None:
    for org in world.organizations.values():
        if client_id in org.applications:
            return org.applications[client_id]
    return None


def _redirect_allowed(app: OAuthApplication, redirect_uri: str) -> bool:
    if app.any_loopback_redirect:
        parts = urlsplit(redirect_uri)
        return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
    # Quay accepts any URI under the application's registered redirect URI.
    return redirect_uri.startswith(app.redirect_uri)


@route("GET", "/oauth/authorize")
def authorize(req: Request) -> Response:
    """Approve at once, with no consent page, as devtable (or `sandbox_user`)."""
    query, world = req.query, req.world
    app = _find_application(world, query.get("client_id", ""))
    if app is None:
        return _html_page(404, "Not Found", "No such application.")
    user = world.user(query.get("sandbox_user", "devtable"))
    if user is None:
        return _html_page(404, "Not Found", "No such sandbox user.")
    # Only administrators of the organization that owns the application may authorize it.
    if not world.is_org_admin(user.username, app.organization):
        return _html_page(403, "Forbidden", FORBIDDEN_MESSAGE.replace("'", "&#39;"))
    redirect_uri = query.get("redirect_uri", "")
    if not _redirect_allowed(app, redirect_uri):
        # Quay sends the error to the application's registered redirect URI instead.
        return _redirect(_with_query(app.redirect_uri, {"error": "redirect_uri_mismatch"}))
    scope = query.get("scope", "")
    if not scope or any(s not in ALL_SCOPES for s in scope.split()):
        return _redirect(_with_query(redirect_uri, {"error": "invalid_scope"}))
    echo = {"scope": scope, **({"state": query["state"]} if "state" in query else {})}
    response_type = query.get("response_type", "")
    if response_type == "code":
        code = _random_token()
        world.authorization_codes[code] = AuthorizationCode(
            code, app.client_id, user.username, scope, redirect_uri
        )
        return _redirect(_with_query(redirect_uri, {**echo, "code": code}))
    if response_type == "token":
        token = _issue_token(world, app, user.username, scope)
        fragment = urlencode(
            {"access_token": token, "token_type": "Bearer", "expires_in": OAUTH_TOKEN_LIFETIME_S}
        )
        return _redirect(f"{_with_query(redirect_uri, echo)}#{fragment}")
    return _redirect(_with_query(redirect_uri, {"error": "unsupported_response_type"}))


def _issue_token(world: World, app: OAuthApplication, username: str, scope: str) -> str:
    token = _random_token()
    world.access_tokens[token] = AccessToken(
        token, username, frozenset(scope.split()), app.client_id, uuid=str(uuid.uuid4())
    )
    return token


def _oauth_error(error: str) -> Response:
    return 400, {"error": error}, dict(_OAUTH_JSON)


@route("POST", "/oauth/access_token")
def access_token(req: Request) -> Response:
    form, world = req.form(), req.world
    for name in ("grant_type", "client_id", "redirect_uri", "code", "scope"):
        if not form.get(name):
            # A JSON body labelled text/html: the real server's quirk, kept.
            return 400, {"error": f"Required param: {name}"}, dict(_HTML)
    if req.headers.get("Authorization", "").lower().startswith("basic "):
        # Quay's token endpoint crashes on HTTP Basic client credentials.
        return _html_page(500, "Internal Server Error", "The server encountered an internal error.")
    if form["grant_type"] != "authorization_code":
        return _oauth_error("unsupported_grant_type")
    app = _find_application(world, form["client_id"])
    if app is None or form.get("client_secret") != app.client_secret:
        return _oauth_error("invalid_client")
    grant = world.authorization_codes.get(form["code"])
    # The scope must come back exactly as authorized (same order); a failed attempt
    # doesn't use up the code, a successful one does.
    if (
        grant is None
        or grant.used
        or grant.client_id != app.client_id
        or grant.redirect_uri != form["redirect_uri"]
        or grant.scope != form["scope"]
    ):
        return _oauth_error("invalid_grant")
    grant.used = True
    token = _issue_token(world, app, grant.username, grant.scope)
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": OAUTH_TOKEN_LIFETIME_S,
        "refresh_token": None,
    }
    return 200, body, dict(_OAUTH_JSON)
