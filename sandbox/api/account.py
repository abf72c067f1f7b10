"""The person's own account, and looking after organizations: `PUT /api/v1/user/`,
application-specific tokens, authorized applications, the person's notifications and team
invitations; creating and deleting an organization, removing a member, changing a default
permission; the superuser's rename and password change; the time machine's expire.

Quay's answers, as its source and the recordings have them:
- `POST /api/v1/organization/` answers 201 with the JSON string "Created"; a taken name or a bad
  one answers 400 with Quay's message.
- `POST /api/v1/user/apptoken` answers 200 with `{"token": {..., "token_code"}}`: the only time
  the secret is readable through the listing endpoints.
- `/user/authorizations` needs `user:admin` (403 for `user:read`, recording 452); its entries
  have no name, dates or client_id (recording 438).
- Team invitations reach the invited user as notifications of kind `org_team_invite` whose
  metadata carries the invite `code`; accepting (`PUT /teaminvite/{code}`) answers
  `{"org", "team"}`, declining answers 204.

Endpoints register on import with `@route(...)` (see `sandbox.router`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.api.common import (
    created,
    http_date,
    insufficient_scope,
    invalid_request,
    is_org_admin,
    is_superuser,
    no_content,
    not_found,
    ok,
    require_org_admin,
    require_scope,
    require_superuser,
    require_user,
)
from sandbox.router import Request, Response, route
from sandbox.world import (
    AccessToken,
    AppToken,
    Avatar,
    Organization,
    Team,
    World,
)

_NAMESPACE = re.compile(r"^([a-z0-9]+(?:[._-][a-z0-9]+)*)$")
_CODE_ALPHABET = string.ascii_uppercase + string.digits
_SCOPE_TITLES = {
    "repo:read": "View all visible repositories",
    "repo:write": "Read/Write to any accessible repositories",
    "repo:admin": "Administer Repositories",
    "repo:create": "Create Repositories",
    "user:read": "Read User Information",
    "user:admin": "Administer User",
    "org:admin": "Administer Organization",
    "super:user": "Super User Access",
}
# The authorization revoked in the recordings (capture token 2), granted to devtable.
RECORDED_AUTHORIZATION = "6b74a405-8c62-4ace-8383-bd95cb75aabe"
FIXTURE_AUTHORIZATION = "c6ac81ee-df64-42ad-ac37-e776789edf76"


@dataclass
class Notification:
    id: str
    username: str
    kind: str
    created: int
    metadata: dict[str, Any] = field(default_factory=dict)
    organization: str | None = None
    dismissed: bool = False


@dataclass
class AccountState:
    # Per user: company, given_name, family_name, location (Quay's USER_METADATA).
    details: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # Hashes only: the sandbox keeps no password or token secret in the clear either.
    passwords: dict[str, str] = field(default_factory=dict)
    token_codes: dict[str, str] = field(default_factory=dict)  # app token uuid -> code hash
    notifications: list[Notification] = field(default_factory=list)
    # Invitation codes already answered (accepted or declined).
    answered: set[str] = field(default_factory=set)
    # Teams synced from a directory group, as (organization, team). The recorded server has
    # no team syncing, so none by default: tests add one to act on it.
    synced_teams: set[tuple[str, str]] = field(default_factory=set)


def state(world: World) -> AccountState:
    found = world.extras.get("account")
    if not isinstance(found, AccountState):
        found = AccountState()
        world.extras["account"] = found
    return found


def seed(world: World) -> None:
    """A few notifications for devtable, an invitation for freshuser, and OAuth grants."""
    account = state(world)
    account.notifications += [
        Notification(
            "5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a01",
            "devtable",
            "build_failure",
            world.at(-3600),
            {"repository": "devtable/building", "build_id": "deadbeef-dead-beef-dead-beefdeadbeef"},
        ),
        Notification(
            "5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a02",
            "devtable",
            "quota_warning",
            world.at(-7200),
            {"namespace": "buynlarge"},
            organization="buynlarge",
        ),
        Notification(
            "5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a03",
            "devtable",
            "repo_push",
            world.at(-86400),
            {"repository": "devtable/simple", "updated_tags": ["latest"]},
            dismissed=True,
        ),
    ]
    # Application tokens of other people, for the superuser's list: one expiring soon and used,
    # one expired and never used.
    day = 86400
    world.app_tokens += [
        AppToken(
            "7d3f6b1e-2c47-4b0a-9f61-3a0c2d9e8b11",
            "freshuser",
            "laptop podman",
            world.at(-90 * day),
            last_accessed=world.at(-day),
            expiration=world.at(10 * day),
        ),
        AppToken(
            "7d3f6b1e-2c47-4b0a-9f61-3a0c2d9e8b12",
            "reader",
            "old ci",
            world.at(-400 * day),
            expiration=world.at(-5 * day),
        ),
    ]
    sellnsmall = world.organization("sellnsmall")
    if sellnsmall is not None:
        team = sellnsmall.teams.get("owners")
        if team is not None and "freshuser" not in team.invited:
            team.invited.append("freshuser")
    for token_uuid, client_id, scopes in (
        (FIXTURE_AUTHORIZATION, "deadbeef", ("repo:admin",)),
        (RECORDED_AUTHORIZATION, "deadpork", ("repo:write", "repo:read")),
    ):
        secret = f"sandbox-grant-{token_uuid}"
        world.access_tokens[secret] = AccessToken(
            secret, "devtable", frozenset(scopes), client_id, uuid=token_uuid, created=world.now
        )


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _user_admin(req: Request) -> str:
    """Quay's `require_user_admin`: a token with `user:admin`; answers the username."""
    return require_scope(req, "user:admin").username


# --- PUT /api/v1/user/ ---------------------------------------------------------------------

_DETAIL_FIELDS = ("given_name", "family_name", "company", "location")


def account_details(world: World, username: str) -> dict[str, str | None]:
    """The metadata fields `GET /api/v1/user/` reports (None when never set)."""
    stored = state(world).details.get(username, {})
    return {name: stored.get(name) for name in _DETAIL_FIELDS}


@route("PUT", "/api/v1/user/")
def change_user_details(req: Request) -> Response:
    username = _user_admin(req)
    user = req.world.user(username)
    if user is None:
        raise not_found(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    for name in ("password", "email", *_DETAIL_FIELDS):
        value = body.get(name)
        nullable = value is None and name in _DETAIL_FIELDS
        if name in body and not nullable and not isinstance(value, str):
            raise invalid_request(req, f"{value!r} is not of type 'string'")
    if "tag_expiration_s" in body:
        value = body["tag_expiration_s"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise invalid_request(req, f"{value!r} is not of type 'integer'")
        if value < 0:
            raise invalid_request(req, f"{value} is less than the minimum of 0")
    account = state(req.world)
    if "password" in body:
        password = body["password"]
        if re.search(r"\s", password) or len(password) < 8:
            raise invalid_request(
                req,
                "Invalid password, password must be at least 8 characters and contain no "
                "whitespace.",
            )
        account.passwords[username] = _hash(password)
    if "tag_expiration_s" in body:
        user.tag_expiration_s = body["tag_expiration_s"]
    if "email" in body and body["email"] != user.email:
        email = body["email"]
        if any(other.email == email for other in req.world.users.values()):
            raise invalid_request(req, "E-mail address already used")
        # Quay without mailing takes the new address at once, verified.
        user.email = email
        user.verified = True
    details = account.details.setdefault(username, {})
    for name in _DETAIL_FIELDS:
        if name in body:
            details[name] = body[name]
    from sandbox.api.core import get_user

    return get_user(req)


# --- Application-specific tokens ------------------------------------------------------------


def _token_view(token: AppToken) -> dict[str, Any]:
    return {
        "uuid": token.uuid,
        "title": token.title,
        "last_accessed": http_date(token.last_accessed),
        "created": http_date(token.created),
        "expiration": http_date(token.expiration),
    }


@route("GET", "/api/v1/user/apptoken")
def list_app_tokens(req: Request) -> Response:
    username = _user_admin(req)
    expiring = req.query.get("expiring", "").lower() == "true"
    tokens = [
        _token_view(token)
        for token in req.world.app_tokens
        if token.owner == username and (not expiring or token.expiration is not None)
    ]
    return ok({"tokens": tokens, "only_expiring": True if expiring else None})


@route("POST", "/api/v1/user/apptoken")
def create_app_token(req: Request) -> Response:
    username = _user_admin(req)
    body = req.json()
    if not isinstance(body, dict) or "title" not in body:
        raise invalid_request(req, "'title' is a required property")
    title = body["title"]
    if not isinstance(title, str):
        raise invalid_request(req, f"{title!r} is not of type 'string'")
    token = AppToken(str(uuid.uuid4()), username, title, int(time.time()))
    # Quay's full token string: a 60-character secret behind the token's own prefix.
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(60))
    req.world.app_tokens.append(token)
    state(req.world).token_codes[token.uuid] = _hash(code)
    return ok({"token": {**_token_view(token), "token_code": code}})


@route("DELETE", "/api/v1/user/apptoken/{token_uuid}")
def revoke_app_token(req: Request) -> Response:
    username = _user_admin(req)
    for token in req.world.app_tokens:
        if token.uuid == req.params["token_uuid"] and token.owner == username:
            req.world.app_tokens.remove(token)
            state(req.world).token_codes.pop(token.uuid, None)
            return no_content()
    raise not_found(req)


# --- Authorized applications ----------------------------------------------------------------


def _grants(req: Request, username: str) -> list[AccessToken]:
    return [
        token
        for token in req.world.access_tokens.values()
        if token.username == username and token.uuid and _application(req.world, token)
    ]


def _application(world: World, token: AccessToken) -> tuple[Organization, Any] | None:
    for org in world.organizations.values():
        if token.client_id in org.applications:
            return org, org.applications[token.client_id]
    return None


def _authorization_view(req: Request, token: AccessToken) -> dict[str, Any]:
    found = _application(req.world, token)
    assert found is not None
    org, app = found
    return {
        "application": {
            "name": app.name,
            "description": app.description,
            "url": app.application_uri,
            "avatar": Avatar.for_name(app.name).view("app"),
            "organization": {"name": org.name, "avatar": org.avatar.view("org")},
        },
        "scopes": [
            {
                "title": _SCOPE_TITLES.get(scope, scope),
                "scope": scope,
                "description": _SCOPE_TITLES.get(scope, scope),
                "icon": "fa-hdd-o",
                "dangerous": scope == "super:user",
            }
            for scope in sorted(token.scopes)
        ],
        "uuid": token.uuid,
    }


def _grant_or_404(req: Request, username: str) -> AccessToken:
    for token in _grants(req, username):
        if token.uuid == req.params["access_token_uuid"]:
            return token
    raise not_found(req)


@route("GET", "/api/v1/user/authorizations")
def list_user_authorizations(req: Request) -> Response:
    username = _user_admin(req)
    return ok(
        {"authorizations": [_authorization_view(req, token) for token in _grants(req, username)]}
    )


@route("GET", "/api/v1/user/authorizations/{access_token_uuid}")
def get_user_authorization(req: Request) -> Response:
    username = _user_admin(req)
    return ok(_authorization_view(req, _grant_or_404(req, username)))


@route("DELETE", "/api/v1/user/authorizations/{access_token_uuid}")
def delete_user_authorization(req: Request) -> Response:
    username = _user_admin(req)
    token = _grant_or_404(req, username)
    del req.world.access_tokens[token.token]
    return no_content()


# --- Notifications and team invitations -----------------------------------------------------


def invite_code(org: str, team: str, username: str) -> str:
    """A stable invitation code per (organization, team, person): Quay's are random tokens."""
    return hashlib.sha256(f"invite:{org}/{team}/{username}".encode()).hexdigest()[:40]


def _pending_invites(world: World, username: str) -> list[tuple[Organization, Team, str]]:
    answered = state(world).answered
    found = []
    for org in world.organizations.values():
        for team in org.teams.values():
            code = invite_code(org.name, team.name, username)
            if username in team.invited and code not in answered:
                found.append((org, team, code))
    return found


def _notifications(world: World, username: str) -> list[Notification]:
    """Stored ones, and one `org_team_invite` per pending invitation (as Quay creates them)."""
    invites = [
        Notification(
            str(uuid.UUID(code[:32])),
            username,
            "org_team_invite",
            world.now,
            {"code": code, "inviter": _inviter(org), "org": org.name, "team": team.name},
            organization=None,
        )
        for org, team, code in _pending_invites(world, username)
    ]
    stored = [note for note in state(world).notifications if note.username == username]
    return sorted(invites + stored, key=lambda note: -note.created)


def _inviter(org: Organization) -> str:
    owners = next((team for team in org.teams.values() if team.role == "admin"), None)
    return next((name for name in owners.members if "+" not in name), "") if owners else ""


def _notification_view(note: Notification) -> dict[str, Any]:
    return {
        "id": note.id,
        "organization": note.organization,
        "kind": note.kind,
        "created": http_date(note.created),
        "metadata": note.metadata,
        "dismissed": note.dismissed,
    }


@route("GET", "/api/v1/user/notifications")
def list_user_notifications(req: Request) -> Response:
    username = _user_admin(req)
    try:
        page = max(0, int(req.query.get("page", "0")))
        limit = max(1, int(req.query.get("limit", "5")))
    except ValueError as exc:
        raise invalid_request(req, "Invalid paging parameters") from exc
    notes = _notifications(req.world, username)
    shown = notes[page * limit : page * limit + limit]
    return ok(
        {
            "notifications": [_notification_view(note) for note in shown],
            "additional": page * limit + limit < len(notes),
        }
    )


@route("PUT", "/api/v1/user/notifications/{uuid}")
def update_user_notification(req: Request) -> Response:
    username = _user_admin(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    dismissed = body.get("dismissed", False)
    if not isinstance(dismissed, bool):
        raise invalid_request(req, f"{dismissed!r} is not of type 'boolean'")
    for note in _notifications(req.world, username):
        if note.id == req.params["uuid"]:
            stored = next((n for n in state(req.world).notifications if n.id == note.id), None)
            if stored is None:
                # An invitation's notification, dismissed: keep it as a stored one.
                stored = note
                state(req.world).notifications.append(stored)
                state(req.world).answered.add(str(note.metadata.get("code")))
            stored.dismissed = dismissed
            return ok(_notification_view(stored))
    raise not_found(req)


def _invite(req: Request, username: str) -> tuple[Organization, Team, str]:
    code = req.params["code"]
    for org, team, found in _pending_invites(req.world, username):
        if found == code:
            return org, team, code
    raise not_found(req)


@route("PUT", "/api/v1/teaminvite/{code}")
def accept_team_invite(req: Request) -> Response:
    username = _user_admin(req)
    org, team, code = _invite(req, username)
    team.invited.remove(username)
    if username not in team.members:
        team.members.append(username)
    state(req.world).answered.add(code)
    return ok({"org": org.name, "team": team.name})


@route("DELETE", "/api/v1/teaminvite/{code}")
def decline_team_invite(req: Request) -> Response:
    username = _user_admin(req)
    _, team, code = _invite(req, username)
    team.invited.remove(username)
    state(req.world).answered.add(code)
    return no_content()


# --- Organizations -------------------------------------------------------------------------


def _namespace_issue(name: str) -> str:
    if not _NAMESPACE.match(name):
        return f"Invalid namespace {name}: Namespace must match expression " + _NAMESPACE.pattern
    if not 2 <= len(name) <= 255:
        return f"Invalid namespace {name}: Namespace must be between 2 and 255 characters in length"
    return ""


def _email_issue(email: str) -> bool:
    local, at, domain = email.partition("@")
    labels = domain.split(".")
    return not (at and local and "@" not in domain and len(labels) >= 2 and all(labels))


@route("POST", "/api/v1/organization/")
def create_organization(req: Request) -> Response:
    username = _user_admin(req)
    body = req.json()
    if not isinstance(body, dict) or "name" not in body:
        raise invalid_request(req, "'name' is a required property")
    name, email = body["name"], body.get("contact_email") or body.get("email") or ""
    if not isinstance(name, str) or not isinstance(email, str):
        raise invalid_request(req, f"{name!r} is not of type 'string'")
    if req.world.namespace_exists(name):
        raise invalid_request(req, "A user or organization with this name already exists")
    if email and _email_issue(email):
        raise invalid_request(req, "Invalid email address")
    issue = _namespace_issue(name)
    if issue:
        raise invalid_request(req, issue)
    emails = {user.email for user in req.world.users.values()}
    emails |= {org.email for org in req.world.organizations.values()}
    if email and email in emails:
        raise invalid_request(req, f"Email has already been used: {email}")
    org = Organization(name, email or str(uuid.uuid4()), Avatar.for_name(name))
    org.teams["owners"] = Team("owners", "", "admin", Avatar.for_name("owners"), [username])
    req.world.organizations[name] = org
    # The JSON string "Created", quotes included (a str body goes out as it is).
    return created('"Created"')


@route("DELETE", "/api/v1/organization/{orgname}")
def delete_organization(req: Request) -> Response:
    require_scope(req, "org:admin")
    org = req.world.organization(req.params["orgname"])
    if not is_org_admin(req, req.params["orgname"]):
        raise insufficient_scope(req)
    if org is None:
        raise not_found(req)
    remove_organization(req.world, org)
    return no_content()


def remove_organization(world: World, org: Organization) -> None:
    """The organization and its repositories (Quay's namespace deletion, done at once)."""
    del world.organizations[org.name]
    for key in [key for key in world.repositories if key[0] == org.name]:
        del world.repositories[key]


@route("DELETE", "/api/v1/organization/{orgname}/members/{membername}")
def remove_organization_member(req: Request) -> Response:
    require_user(req)
    name = req.params["orgname"]
    if not is_org_admin(req, name):
        raise insufficient_scope(req)
    org = req.world.organization(name)
    member = req.params["membername"]
    if org is None or "+" in member or req.world.user(member) is None:
        raise not_found(req)
    admins = {
        person
        for team in org.teams.values()
        if team.role == "admin"
        for person in team.members
        if "+" not in person
    }
    if admins == {member}:
        # Quay raises this from its data model; the endpoint lets it through as a 400.
        raise invalid_request(req, "Cannot remove user as they are the only organization admin")
    for team in org.teams.values():
        if member in team.members:
            team.members.remove(member)
    for repo in req.world.repositories.values():
        if repo.namespace == org.name:
            repo.user_permissions.pop(member, None)
    return no_content()


@route("PUT", "/api/v1/organization/{orgname}/prototypes/{prototypeid}")
def update_prototype(req: Request) -> Response:
    require_scope(req, "org:admin")
    org = req.world.organization(req.params["orgname"])
    require_org_admin(req, req.params["orgname"])
    if org is None:
        raise not_found(req)
    body = req.json()
    if not isinstance(body, dict) or "role" not in body:
        raise invalid_request(req, "'role' is a required property")
    if body["role"] not in ("read", "write", "admin"):
        raise invalid_request(req, f"{body['role']!r} is not one of ['read', 'write', 'admin']")
    for prototype in org.prototypes:
        if prototype.id == req.params["prototypeid"]:
            prototype.role = body["role"]
            from sandbox.api.organizations import _prototype_view

            return ok(_prototype_view(req.world, org, prototype))
    raise not_found(req)


@route("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/syncing")
def disable_team_sync(req: Request) -> Response:
    """Quay without team syncing has no such endpoint (404); with it, only a superuser who
    administers the organization may turn it off (NONSUPERUSER_TEAM_SYNCING_SETUP off)."""
    require_scope(req, "super:user")
    key = (req.params["orgname"], req.params["teamname"])
    account = state(req.world)
    if key not in account.synced_teams:
        raise not_found(req)
    if not (is_superuser(req) and is_org_admin(req, key[0])):
        raise insufficient_scope(req)
    account.synced_teams.discard(key)
    org = req.world.organization(key[0])
    team = org.teams.get(key[1]) if org else None
    if org is None or team is None:
        raise not_found(req)
    team.is_synced = False
    return ok(
        {
            "name": team.name,
            "description": team.description,
            "role": team.role,
            "avatar": team.avatar.view("team"),
            "can_view": True,
            "new_team": False,
        }
    )


# --- Superuser -----------------------------------------------------------------------------


@route("PUT", "/api/v1/superuser/organizations/{name}")
def rename_organization(req: Request) -> Response:
    require_superuser(req)
    org = req.world.organization(req.params["name"])
    if org is None:
        raise not_found(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    new_name = body.get("name")
    if isinstance(new_name, str) and new_name != org.name:
        if req.world.namespace_exists(new_name):
            raise invalid_request(req, "Username is already in use")
        issue = _namespace_issue(new_name)
        if issue:
            raise invalid_request(req, issue)
        del req.world.organizations[org.name]
        old, org.name = org.name, new_name
        req.world.organizations[new_name] = org
        for key in [key for key in req.world.repositories if key[0] == old]:
            repo = req.world.repositories.pop(key)
            repo.namespace = new_name
            req.world.repositories[(new_name, repo.name)] = repo
    from sandbox.api.superuser import superuser_organization_view

    return ok(superuser_organization_view(org))


def set_password(req: Request, username: str, password: Any) -> None:
    """The superuser's `PUT /api/v1/superuser/users/{username}` with a `password`."""
    if not isinstance(password, str):
        raise invalid_request(req, f"{password!r} is not of type 'string'")
    if re.search(r"\s", password) or len(password) < 8:
        raise invalid_request(
            req,
            "Invalid password, password must be at least 8 characters and contain no whitespace.",
        )
    state(req.world).passwords[username] = _hash(password)


@route("POST", "/api/v1/repository/{namespace}/{name}/tag/{tag}/expire")
def expire_tag(req: Request) -> Response:
    principal = require_user(req)
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    if repo is None:
        raise not_found(req)
    role = req.world.repo_role(principal.username, repo)
    may_write = (role in ("write", "admin") and "repo:write" in principal.scopes) or is_superuser(
        req
    )
    if not may_write:
        raise insufficient_scope(req)
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    digest = body.get("manifest_digest")
    if not body.get("is_alive", False) and not digest:
        raise invalid_request(req, "manifest_digest required when is_alive set to false")
    now = time.time()
    dead = [
        tag
        for tag in repo.tags
        if tag.name == req.params["tag"]
        and tag.manifest_digest == digest
        and tag.end_ts is not None
        and tag.end_ts <= now
    ]
    if not dead:
        raise not_found(req)
    for tag in dead:
        repo.tags.remove(tag)
    return ok("")
