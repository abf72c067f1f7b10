"""Notifications: of a repository, of an organization, of the user's namespace; and the e-mail
addresses a repository may send notifications to.

Quay validates the two kinds differently, and the sandbox follows it: a repository notification
with an unknown event or method makes Quay fail with a 500 HTML page, and a missing uuid on its
DELETE, test and reset answers 400; namespace notifications accept only the quota events, refuse
an unknown method with 400, and answer 404 for a missing uuid everywhere.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any
from urllib.parse import urlsplit

from sandbox.api.common import (
    insufficient_scope,
    invalid_request,
    is_org_admin,
    is_superuser,
    no_content,
    not_found,
    ok,
    plain_message,
    reads_everything,
    require_scope,
    require_user,
)
from sandbox.router import HttpError, Request, Response, route
from sandbox.world import Repository, World

AREA = "notifications"

REPOSITORY_EVENTS = (
    "repo_push", "build_queued", "build_start", "build_success", "build_failure",
    "build_cancelled", "vulnerability_found", "repo_mirror_sync_started",
    "repo_mirror_sync_success", "repo_mirror_sync_failed", "repo_image_expiry",
)  # fmt: skip
NAMESPACE_EVENTS = ("quota_error", "quota_warning")
METHODS = ("quay_notification", "email", "webhook", "flowdock", "hipchat", "slack")
# Quay refuses webhooks to its own host names.
WEBHOOK_HOST_BLOCKLIST = ("localhost", "127.0.0.1")

# Notifications created at run time take these uuids first, so that a replay of the recorded
# session (create, then read, test or delete by the uuid the real server gave) finds them.
_RECORDED_UUIDS = (
    "82cd60ad-5192-4de3-a468-64d0a65cc98c",
    "9d00b8a7-4b1f-4513-971b-28f553660af7",
    "a8ce0f13-785b-44f9-b620-bbaa0182981d",
    "78cf1688-53f0-4133-b305-2ec001c1907b",
    "43aba3a9-868d-4e88-9885-6392e5b4c0d1",
    "04fbb29a-785f-4ae0-9ab3-0f3ef91c3095",
    "3fa1087e-1819-418d-aaa4-adc35947f05d",
)

_SERVER_ERROR_PAGE = (
    "<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n"
    "    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n"
)


def seed(world: World) -> None:
    """The fixture's notification on devtable/simple, a failing webhook on devtable/complex, and
    the addresses devtable/simple may e-mail (one confirmed, one waiting for its link)."""
    state: dict[str, Any] = {
        "by_owner": {},
        "emails": {
            ("devtable", "simple", "jschorr@devtable.com"): True,
            ("devtable", "simple", "jschorr+other@devtable.com"): False,
        },
        "next_uuids": list(_RECORDED_UUIDS),
        "disabled": False,  # a Quay without notifications (the tests switch it off)
    }
    world.extras[AREA] = state
    _owned(world, ("repository", "devtable", "simple")).append(
        _notification(
            "4baad38e-3474-46ed-b822-3241294789b8", None, "repo_push", "quay_notification", {}, {}
        )
    )
    _owned(world, ("repository", "devtable", "complex")).append(
        _notification(
            "5e1b7c2a-0d3f-4a8e-9b6c-2f4e8a1d7c30", "Deploy hook", "repo_push", "webhook",
            {"url": "https://deploy.example.com/hooks/quay"}, {}, failures=3,
        )
    )  # fmt: skip


def _notification(
    uuid: str,
    title: str | None,
    event: str,
    method: str,
    config: dict[str, Any],
    event_config: dict[str, Any],
    failures: int = 0,
) -> dict[str, Any]:
    return {
        "uuid": uuid,
        "title": title,
        "event": event,
        "method": method,
        "config": config,
        "event_config": event_config,
        "number_of_failures": failures,
    }


def _owned(world: World, owner: tuple[str, ...]) -> list[dict[str, Any]]:
    by_owner: dict[tuple[str, ...], list[dict[str, Any]]] = world.extras[AREA]["by_owner"]
    return by_owner.setdefault(owner, [])


def _next_uuid(world: World) -> str:
    queue: list[str] = world.extras[AREA]["next_uuids"]
    return queue.pop(0) if queue else str(uuidlib.uuid4())


def _require_enabled(req: Request) -> None:
    if req.world.extras[AREA]["disabled"]:
        raise not_found(req)


# --- Who may ---------------------------------------------------------------------------------


def _admin_repository(req: Request) -> Repository:
    """Repository notifications need admin on the repository and a repo:admin token."""
    require_user(req)
    _require_enabled(req)
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    if repo is None:
        raise not_found(req)
    if reads_everything(req):
        return repo
    principal = require_scope(req, "repo:admin")
    if req.world.repo_role(principal.username, repo) != "admin" and not is_superuser(req):
        raise insufficient_scope(req)
    return repo


def _namespace_owner(req: Request) -> tuple[str, ...]:
    require_user(req)
    _require_enabled(req)
    if "org" in req.params:
        org = req.params["org"]
        if not is_org_admin(req, org) and not reads_everything(req):
            raise insufficient_scope(req)
        if req.world.organization(org) is None:
            raise not_found(req)
        return ("organization", org)
    principal = require_scope(req, "user:admin")
    return ("user", principal.username)


# --- Validation, as Quay does it ---------------------------------------------------------------


def _schema(req: Request, schema_name: str) -> dict[str, Any]:
    body = req.json()
    if not isinstance(body, dict):
        raise invalid_request(req, f"None is not of type 'object'\n\n{schema_name}")
    for key in ("event", "method", "config", "eventConfig"):
        if key not in body:
            raise invalid_request(
                req,
                f"'{key}' is a required property\n\nFailed validating 'required' in schema:\n"
                f"    {{'description': '{schema_name}'}}",
            )
    for key in ("config", "eventConfig"):
        if not isinstance(body[key], dict):
            raise invalid_request(req, f"{body[key]!r} is not of type 'object'")
    for key in ("event", "method"):
        if not isinstance(body[key], str):
            raise invalid_request(req, f"{body[key]!r} is not of type 'string'")
    if "title" in body and not isinstance(body["title"], str):
        raise invalid_request(req, f"{body['title']!r} is not of type 'string'")
    return body


def _validate_method(req: Request, namespace: str, repo: str | None, body: dict[str, Any]) -> None:
    method, config = body["method"], body["config"]
    if method == "webhook":
        url = str(config.get("url") or "")
        if not url:
            raise invalid_request(req, "Missing webhook URL")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise invalid_request(req, "Invalid webhook URL")
        if parts.hostname.lower() in WEBHOOK_HOST_BLOCKLIST:
            raise invalid_request(req, "Invalid webhook URL")
    elif method == "slack":
        if not config.get("url"):
            raise invalid_request(req, "Missing Slack Callback URL")
    elif method == "flowdock":
        if not config.get("flow_api_token"):
            raise invalid_request(req, "Missing Flowdock API Token")
    elif method == "hipchat":
        if not config.get("notification_token"):
            raise invalid_request(req, "Missing Hipchat Room Notification Token")
        if not config.get("room_id"):
            raise invalid_request(req, "Missing Hipchat Room ID")
    elif method == "email":
        if repo is None:
            return  # a namespace's e-mail goes to the namespace's own address
        email = str(config.get("email") or "")
        if not email:
            raise invalid_request(req, "Missing e-mail address")
        if not req.world.extras[AREA]["emails"].get((namespace, repo, email)):
            raise invalid_request(
                req,
                "The specified e-mail address is not authorized to receive notifications for "
                "this repository",
            )
    elif method == "quay_notification":
        target = config.get("target")
        if not isinstance(target, dict) or not target.get("kind"):
            raise invalid_request(req, "Missing target")
        name, kind = str(target.get("name") or ""), target["kind"]
        world = req.world
        if kind == "user":
            if world.user(name) is None:
                raise invalid_request(req, f"Unknown user {name}")
        elif kind == "org":
            if world.organization(name) is None:
                raise invalid_request(req, f"Unknown organization {name}")
            if name != namespace:
                raise invalid_request(req, "Organization name must match repository namespace")
        elif kind == "team":
            org = world.organization(namespace)
            if org is None or name not in org.teams:
                raise invalid_request(req, f"Unknown team {name}")


def _create(req: Request, owner: tuple[str, ...], body: dict[str, Any]) -> Response:
    entry = _notification(
        _next_uuid(req.world),
        body.get("title"),
        body["event"],
        body["method"],
        body["config"],
        body["eventConfig"],
    )
    _owned(req.world, owner).append(entry)
    return ok(entry, 201)


def _find(req: Request, owner: tuple[str, ...], missing: HttpError) -> dict[str, Any]:
    for entry in _owned(req.world, owner):
        if entry["uuid"] == req.params["uuid"]:
            return entry
    raise missing


# --- Repository notifications ------------------------------------------------------------------

REPO = "/api/v1/repository/{namespace}/{name}/notification/"


def _repo_owner(repo: Repository) -> tuple[str, ...]:
    return ("repository", repo.namespace, repo.name)


def _repo_missing(req: Request) -> HttpError:
    ns, name, uuid = req.params["namespace"], req.params["name"], req.params["uuid"]
    return invalid_request(req, f"No repository notification found for: {ns}, {name}, {uuid}")


@route("GET", REPO)
def list_repo_notifications(req: Request) -> Response:
    repo = _admin_repository(req)
    return ok({"notifications": list(_owned(req.world, _repo_owner(repo)))})


@route("POST", REPO)
def create_repo_notification(req: Request) -> Response:
    repo = _admin_repository(req)
    body = _schema(req, "Information for creating a notification on a repository")
    if body["event"] not in REPOSITORY_EVENTS or body["method"] not in METHODS:
        # Quay looks the names up without checking them first and fails.
        return 500, _SERVER_ERROR_PAGE, {"Content-Type": "text/html; charset=utf-8"}
    _validate_method(req, repo.namespace, repo.name, body)
    return _create(req, _repo_owner(repo), body)


@route("GET", REPO + "{uuid}")
def get_repo_notification(req: Request) -> Response:
    repo = _admin_repository(req)
    return ok(_find(req, _repo_owner(repo), not_found(req)))


@route("DELETE", REPO + "{uuid}")
def delete_repo_notification(req: Request) -> Response:
    repo = _admin_repository(req)
    entry = _find(req, _repo_owner(repo), _repo_missing(req))
    _owned(req.world, _repo_owner(repo)).remove(entry)
    return no_content()


@route("POST", REPO + "{uuid}")
def reset_repo_notification(req: Request) -> Response:
    repo = _admin_repository(req)
    _find(req, _repo_owner(repo), _repo_missing(req))["number_of_failures"] = 0
    return no_content()


@route("POST", REPO + "{uuid}/test")
def test_repo_notification(req: Request) -> Response:
    repo = _admin_repository(req)
    _find(req, _repo_owner(repo), _repo_missing(req))
    return ok({})


# --- Namespace notifications (organization, user) ------------------------------------------------

ORG = "/api/v1/organization/{org}/notifications"
USER = "/api/v1/user/namespacenotifications"


def _list_namespace(req: Request) -> Response:
    return ok({"notifications": list(_owned(req.world, _namespace_owner(req)))})


def _create_namespace(req: Request) -> Response:
    owner = _namespace_owner(req)
    body = _schema(req, "Information for creating a namespace notification")
    if body["event"] not in NAMESPACE_EVENTS:
        raise invalid_request(
            req, f"Invalid event '{body['event']}'. Must be one of: {', '.join(NAMESPACE_EVENTS)}"
        )
    if body["method"] not in METHODS:
        raise invalid_request(req, f"Unknown notification method '{body['method']}'")
    _validate_method(req, owner[1], None, body)
    return _create(req, owner, body)


def _get_namespace(req: Request) -> Response:
    return ok(_find(req, _namespace_owner(req), not_found(req)))


def _delete_namespace(req: Request) -> Response:
    owner = _namespace_owner(req)
    _owned(req.world, owner).remove(_find(req, owner, not_found(req)))
    return no_content()


def _reset_namespace(req: Request) -> Response:
    _find(req, _namespace_owner(req), not_found(req))["number_of_failures"] = 0
    return no_content()


def _test_namespace(req: Request) -> Response:
    _find(req, _namespace_owner(req), not_found(req))
    return ok({})


for _base in (ORG, USER):
    route("GET", _base)(_list_namespace)
    route("POST", _base)(_create_namespace)
    route("GET", _base + "/{uuid}")(_get_namespace)
    route("DELETE", _base + "/{uuid}")(_delete_namespace)
    route("POST", _base + "/{uuid}")(_reset_namespace)
    route("POST", _base + "/{uuid}/test")(_test_namespace)


# --- Authorized e-mail addresses -----------------------------------------------------------------

EMAIL = "/api/v1/repository/{namespace}/{name}/authorizedemail/{email}"


def _email_view(repo: Repository, email: str, confirmed: bool) -> dict[str, Any]:
    return {
        "email": email,
        "repository": repo.name,
        "namespace": repo.namespace,
        "confirmed": confirmed,
    }


@route("GET", EMAIL)
def get_authorized_email(req: Request) -> Response:
    repo = _admin_repository(req)
    email = req.params["email"]
    confirmed = req.world.extras[AREA]["emails"].get((repo.namespace, repo.name, email))
    if confirmed is None:
        raise plain_message(
            404,
            "The requested URL was not found on the server. If you entered the URL manually "
            "please check your spelling and try again.",
        )
    return ok(_email_view(repo, email, confirmed))


@route("POST", EMAIL)
def send_email_authorization(req: Request) -> Response:
    """Quay mails a confirmation link; the address stays unconfirmed until it is followed."""
    repo = _admin_repository(req)
    email = req.params["email"]
    emails = req.world.extras[AREA]["emails"]
    confirmed = emails.setdefault((repo.namespace, repo.name, email), False)
    return ok(_email_view(repo, email, confirmed))
