"""Usage logs and aggregated logs for repositories, users, organizations and the superuser.

Logs page with an opaque `next_page` (20 entries a page; a page may be empty and still carry
a `next_page`).

Besides the entries the core seeds (recorded on the real server), the sandbox holds a generated
log large enough to page through: about six thousand entries over six weeks before the seed
moment, many kinds, performed by users, robots, an OAuth application on behalf of a user, and
anonymously. It is generated deterministically once per hour of seed moment and shared, never
copied, by every reset within that hour: entries are never changed in place, so `reset()` stays
fast.

Quay's behaviour followed here (endpoints/api/logs.py): unparsable dates fall back to the
defaults (yesterday until today), the end date gets a day added, an end before the start is a
plain 400; `/user/logs` leaves out the service key kinds; only the superuser's entries carry a
`namespace`; `exportlogs` checks the callback's shape and answers `{"export_id"}`.

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sandbox.api.common import (
    http_date,
    insufficient_scope,
    invalid_request,
    is_org_admin,
    is_superuser,
    not_found,
    ok,
    plain_message,
    reads_everything,
    require_scope,
    require_superuser_read,
    require_user,
)
from sandbox.router import Request, Response, route
from sandbox.world import LogEntry, World

LOGS_PER_PAGE = 20
SERVICE_LEVEL_LOG_KINDS = frozenset(
    {
        "service_key_create",
        "service_key_approve",
        "service_key_delete",
        "service_key_modify",
        "service_key_extend",
        "service_key_rotate",
    }
)
GENERATED_DAYS = 42
GENERATED_PER_DAY = 150
# The seed's own OAuth application in buynlarge (seed.py), acting for devtable.
OAUTH_APPLICATION = ("deadbeef", "Some Test App")
_BAD_REQUEST = "The browser (or proxy) sent a request that this server could not understand."


def seed(world: World) -> None:
    """Share the generated log with this world (see the module docstring)."""
    for entry in world.logs:
        # Quay keeps an entry's repository apart from its metadata: the recorded label entry
        # belongs to devtable/simple though its metadata does not say so.
        if entry.kind.startswith("manifest_label") and entry.repository is None:
            entry.repository = "simple"
    world.extras["usagelogs"] = {"generated": generated_log(world.now // 3600), "exports": []}


# --- The generated log ---------------------------------------------------------------------

# namespace -> repositories and the performers that act there (None: anonymous)
_NAMESPACES: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {
    "devtable": (
        ("simple", "complex", "building", "history", "shared"),
        ("devtable", "devtable", "devtable+dtrobot", "public", None, "oauth:devtable"),
    ),
    "buynlarge": (
        ("orgrepo", "anotherorgrepo"),
        ("devtable", "public", "reader", "buynlarge+coolrobot", "creator", None, "oauth:devtable"),
    ),
    "public": (("publicrepo",), ("public", None)),
}
_TAGS = ("latest", "prod", "v1.0", "v1.1", "v2.0", "staging", "nightly")
_TEAMS = ("owners", "readers", "creators")
_ROLES = ("read", "write", "admin")


def _digest(seed: str) -> str:
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def _metadata(
    kind: str, rng: random.Random, namespace: str, repo: str, who: str | None
) -> dict[str, Any]:
    tag = rng.choice(_TAGS)
    username = who if who and not who.startswith("oauth:") else None
    base: dict[str, Any] = {"namespace": namespace, "repo": repo}
    match kind:
        case "pull_repo":
            if username:
                return {**base, "tag": tag, "username": username}
            return {**base, "tag": tag}
        case "push_repo":
            return {**base, "tag": tag, "release": None}
        case "create_tag":
            return {**base, "tag": tag, "username": username, "image": _digest(tag)[:19]}
        case "move_tag":
            return {
                **base,
                "tag": tag,
                "username": username,
                "manifest_digest": _digest(f"{repo}{tag}new"),
                "original_manifest_digest": _digest(f"{repo}{tag}"),
            }
        case "delete_tag":
            return {**base, "tag": tag, "username": username}
        case "change_tag_expiration":
            return {"tag": tag, "expiration_date": "2026-12-31", "old_expiration_date": None}
        case "manifest_label_add" | "manifest_label_delete":
            return {**base, "key": "maintainer", "manifest_digest": _digest(f"{repo}{tag}")}
        case "change_repo_permission":
            return {**base, "username": "reader", "role": rng.choice(_ROLES)}
        case "delete_repo_permission":
            return {**base, "team": rng.choice(_TEAMS)}
        case "change_repo_visibility":
            return {**base, "visibility": rng.choice(("public", "private"))}
        case "set_repo_description":
            return {**base, "description": "Images built from main."}
        case "create_repo":
            return dict(base)
        case "build_dockerfile":
            return {**base, "trigger_id": "10187152-f41a-494b-af12-af495397060f"}
        case "create_robot" | "regenerate_robot_token":
            return {"robot": f"{namespace}+builder"}
        case "org_add_team_member" | "org_remove_team_member":
            return {"team": rng.choice(_TEAMS), "member": "reader"}
        case "org_set_team_role":
            return {"team": rng.choice(_TEAMS), "role": rng.choice(("member", "creator"))}
        case "login_success":
            return {"type": "quayauth", "kind": "user", "useragent": "docker/27.3.1"}
        case "login_failure":
            return {
                "type": "quayauth",
                "kind": "user",
                "username": "reader",
                "message": "Invalid Username or Password",
            }
        case "add_repo_notification":
            return {**base, "event": "repo_push"}
        case "repo_verb":
            return {**base, "tag": tag, "verb": "squash"}
        case _:
            return dict(base)


# kind, weight
_KINDS: tuple[tuple[str, int], ...] = (
    ("pull_repo", 60), ("push_repo", 12), ("create_tag", 5), ("move_tag", 3), ("delete_tag", 3),
    ("change_tag_expiration", 1), ("manifest_label_add", 2), ("manifest_label_delete", 1),
    ("change_repo_permission", 1), ("delete_repo_permission", 1), ("change_repo_visibility", 1),
    ("set_repo_description", 1), ("build_dockerfile", 2), ("login_success", 4),
    ("login_failure", 1), ("add_repo_notification", 1), ("repo_verb", 1), ("create_repo", 1),
)  # fmt: skip
_ORG_KINDS = (
    "create_robot", "regenerate_robot_token", "org_add_team_member", "org_remove_team_member",
    "org_set_team_role",
)  # fmt: skip


@lru_cache(maxsize=2)
def generated_log(seed_hour: int) -> tuple[LogEntry, ...]:
    """The generated entries, newest first (about 6,300: 150 a day for 42 days), ending an hour
    or two before any seed moment within `seed_hour` (Unix hours)."""
    rng = random.Random(5)
    kinds = [kind for kind, _ in _KINDS]
    weights = [weight for _, weight in _KINDS]
    namespaces = list(_NAMESPACES)
    entries: list[LogEntry] = []
    # At least an hour before the seed moment, so the recorded entries stay the newest.
    newest = (seed_hour - 1) * 3600
    for index in range(GENERATED_DAYS * GENERATED_PER_DAY):
        when = newest - index * (86400 // GENERATED_PER_DAY) - rng.randrange(0, 500)
        namespace = rng.choices(namespaces, weights=(5, 4, 1))[0]
        repos, performers = _NAMESPACES[namespace]
        repo = rng.choice(repos)
        who = rng.choice(performers)
        kind = rng.choices(kinds, weights=weights)[0]
        if namespace == "buynlarge" and rng.random() < 0.04:
            kind = rng.choice(_ORG_KINDS)
        if kind in ("push_repo", "create_tag", "move_tag", "delete_tag") and who is None:
            who = performers[0]
        metadata = _metadata(kind, rng, namespace, repo, who)
        performer = who
        if who and who.startswith("oauth:"):
            performer = who.removeprefix("oauth:")
            client_id, app_name = OAUTH_APPLICATION
            metadata |= {
                "oauth_token_id": 17,
                "oauth_token_application_id": client_id,
                "oauth_token_application": app_name,
            }
        ip = (
            None
            if who is None and rng.random() < 0.3
            else f"10.{index % 7}.{index % 211}.{index % 251}"
        )
        entries.append(
            LogEntry(kind, when, namespace, metadata, performer, metadata.get("repo"), ip)
        )
    entries.sort(key=lambda entry: entry.datetime, reverse=True)
    return tuple(entries)


def all_entries(world: World) -> list[LogEntry]:
    """Every entry of the world, newest first: the core seed, exports logged here, generated."""
    generated = world.extras.get("usagelogs", {}).get("generated", ())
    entries = [*world.logs, *generated]
    entries.sort(key=lambda entry: entry.datetime, reverse=True)
    return entries


# --- Views ---------------------------------------------------------------------------------


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%m/%d/%Y").replace(tzinfo=UTC)
    except ValueError:
        return None


def _time_range(req: Request) -> tuple[datetime, datetime]:
    """Quay's defaults and its added day; an end before the start is a plain 400."""
    now = datetime.now(UTC)
    start = _parse_date(req.query.get("starttime")) or now - timedelta(days=1)
    end = (_parse_date(req.query.get("endtime")) or now) + timedelta(days=1)
    if end < start:
        raise plain_message(400, _BAD_REQUEST)
    return start, end


def _select(
    req: Request,
    *,
    namespace: str | None = None,
    repository: str | None = None,
    performer: str | None = None,
    ignore: Iterable[str] = (),
) -> tuple[datetime, datetime, list[LogEntry]]:
    start, end = _time_range(req)
    low, high = start.timestamp(), end.timestamp()
    ignored = set(ignore)
    chosen = [
        entry
        for entry in all_entries(req.world)
        if low <= entry.datetime < high
        and (namespace is None or entry.namespace == namespace)
        and (repository is None or entry.repository == repository)
        and (not performer or entry.performer == performer)
        and entry.kind not in ignored
    ]
    return start, end, chosen


def _entry_view(world: World, entry: LogEntry, include_namespace: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "kind": entry.kind,
        "metadata": entry.metadata,
        "ip": entry.ip,
        "datetime": http_date(entry.datetime),
    }
    if entry.performer:
        is_robot = "+" in entry.performer
        view["performer"] = {
            "kind": "user",
            "name": entry.performer,
            "is_robot": is_robot,
            "avatar": world.namespace_avatar(entry.performer.split("+")[0]).view(
                "robot" if is_robot else "user"
            ),
        }
    if include_namespace:
        is_org = entry.namespace in world.organizations
        view["namespace"] = {
            "kind": "org" if is_org else "user",
            "name": entry.namespace,
            "avatar": world.namespace_avatar(entry.namespace).view("org" if is_org else "user"),
        }
    return view


def _encode_token(offset: int, skipped: bool = False, final: bool = False) -> str:
    raw = json.dumps({"o": offset, "s": int(skipped), "f": int(final)}).encode()
    return "sbxlog" + base64.urlsafe_b64encode(raw).decode()


def _decode_token(token: str | None) -> tuple[int, bool, bool]:
    if not token:
        return 0, False, False
    try:
        state = json.loads(base64.urlsafe_b64decode(token.removeprefix("sbxlog")))
        return max(0, int(state["o"])), bool(state["s"]), bool(state.get("f"))
    except (ValueError, KeyError, TypeError):
        return 0, False, False


def _window(world: World, epoch: int) -> int:
    """Which week-long window before the seed moment an entry falls in. Counted from the seed
    moment, not the calendar, so that where pages end short does not depend on the weekday."""
    return (world.now - epoch) // (7 * 86400)


def _logs_answer(
    req: Request, start: datetime, end: datetime, entries: list[LogEntry], include_namespace: bool
) -> Response:
    """One page from the `next_page` offset.

    Quay reads its log tables a time window at a time: it answers an empty page (with a
    `next_page`) when a window holds nothing, and its last page with entries still carries a
    `next_page` that leads to an empty page without one (recorded: one entry and a
    `next_page`). The sandbox does both with windows of a week counted back from the seed
    moment: a page ends short where a window ends, the first page of the next window comes
    empty first, and the page after the last entries is empty."""
    offset, skipped, final = _decode_token(req.query.get("next_page"))
    body: dict[str, Any] = {
        "start_time": http_date(int(start.timestamp())),
        "end_time": http_date(int(end.timestamp())),
        "logs": [],
    }
    if final:
        return ok(body)
    crosses_week = 0 < offset < len(entries) and _window(
        req.world, entries[offset].datetime
    ) != _window(req.world, entries[offset - 1].datetime)
    if crosses_week and not skipped:
        body["next_page"] = _encode_token(offset, skipped=True)
        return ok(body)
    page = entries[offset : offset + LOGS_PER_PAGE]
    for index in range(1, len(page)):
        if _window(req.world, page[index].datetime) != _window(req.world, page[index - 1].datetime):
            page = page[:index]  # a window ends here: a short page
            break
    body["logs"] = [_entry_view(req.world, entry, include_namespace) for entry in page]
    last = offset + len(page) >= len(entries)
    body["next_page"] = _encode_token(offset + len(page), final=last)
    return ok(body)


def _aggregate_answer(entries: list[LogEntry]) -> Response:
    counts: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        day = datetime.fromtimestamp(entry.datetime, UTC).strftime("%Y-%m-%d")
        counts[(day, entry.kind)] += 1
    aggregated = []
    for (day, kind), count in sorted(counts.items()):
        midnight = int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
        aggregated.append({"kind": kind, "count": count, "datetime": http_date(midnight)})
    return ok({"aggregated": aggregated})


def _require_repo_admin(req: Request, namespace: str, repository: str) -> None:
    """repo:admin and an admin role; Quay checks the permission before it looks the repository
    up, so a missing repository is a 403 for everyone but a superuser."""
    principal = require_scope(req, "repo:admin")
    repo = req.world.repository(namespace, repository)
    if is_superuser(req):
        if repo is None:
            raise not_found(req)
        return
    if repo is None or (
        req.world.repo_role(principal.username, repo) != "admin" and not reads_everything(req)
    ):
        raise insufficient_scope(req)


def _require_org_logs(req: Request, orgname: str) -> None:
    require_scope(req, "org:admin")
    if not is_org_admin(req, orgname):
        raise insufficient_scope(req)


def _performer(req: Request) -> str | None:
    return req.query.get("performer") or None


@route("GET", "/api/v1/repository/{namespace}/{repository}/logs")
def list_repo_logs(req: Request) -> Response:
    namespace, repository = req.params["namespace"], req.params["repository"]
    _require_repo_admin(req, namespace, repository)
    start, end, entries = _select(req, namespace=namespace, repository=repository)
    return _logs_answer(req, start, end, entries, include_namespace=False)


@route("GET", "/api/v1/repository/{namespace}/{repository}/aggregatelogs")
def aggregate_repo_logs(req: Request) -> Response:
    namespace, repository = req.params["namespace"], req.params["repository"]
    _require_repo_admin(req, namespace, repository)
    return _aggregate_answer(_select(req, namespace=namespace, repository=repository)[2])


@route("GET", "/api/v1/user/logs")
def list_user_logs(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    start, end, entries = _select(
        req,
        namespace=principal.username,
        performer=_performer(req),
        ignore=SERVICE_LEVEL_LOG_KINDS,
    )
    return _logs_answer(req, start, end, entries, include_namespace=False)


@route("GET", "/api/v1/user/aggregatelogs")
def aggregate_user_logs(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    entries = _select(
        req,
        namespace=principal.username,
        performer=_performer(req),
        ignore=SERVICE_LEVEL_LOG_KINDS,
    )[2]
    return _aggregate_answer(entries)


@route("GET", "/api/v1/organization/{orgname}/logs")
def list_org_logs(req: Request) -> Response:
    orgname = req.params["orgname"]
    _require_org_logs(req, orgname)
    start, end, entries = _select(req, namespace=orgname, performer=_performer(req))
    return _logs_answer(req, start, end, entries, include_namespace=False)


@route("GET", "/api/v1/organization/{orgname}/aggregatelogs")
def aggregate_org_logs(req: Request) -> Response:
    orgname = req.params["orgname"]
    _require_org_logs(req, orgname)
    return _aggregate_answer(_select(req, namespace=orgname, performer=_performer(req))[2])


@route("GET", "/api/v1/superuser/logs")
def list_all_logs(req: Request) -> Response:
    require_superuser_read(req)
    start, end, entries = _select(req)
    return _logs_answer(req, start, end, entries, include_namespace=True)


@route("GET", "/api/v1/superuser/aggregatelogs")
def aggregate_all_logs(req: Request) -> Response:
    require_superuser_read(req)
    return _aggregate_answer(_select(req)[2])


# --- Asynchronous export -------------------------------------------------------------------


def _queue_export(req: Request, namespace: str, repository: str | None) -> Response:
    options = req.json()
    if not isinstance(options, dict):
        raise invalid_request(req, "Invalid JSON body")
    callback_url = options.get("callback_url") or ""
    callback_email = options.get("callback_email") or ""
    if callback_url and not str(callback_url).startswith(("https://", "http://")):
        raise plain_message(400, "Invalid callback URL")
    if callback_email and "@" not in str(callback_email):
        raise plain_message(400, "Invalid callback e-mail")
    _time_range(req)
    export_id = hashlib.sha256(f"{namespace}/{repository}/{time.time_ns()}".encode()).hexdigest()[
        :32
    ]
    export_id = (
        f"{export_id[:8]}-{export_id[8:12]}-{export_id[12:16]}-{export_id[16:20]}-{export_id[20:]}"
    )
    req.world.extras.setdefault("usagelogs", {}).setdefault("exports", []).append(
        {"export_id": export_id, "url": callback_url, "email": callback_email}
    )
    metadata: dict[str, Any] = {
        "export_id": export_id,
        "url": callback_url or None,
        "email": callback_email or None,
    }
    if repository:
        metadata["repo"] = repository
    performer = req.principal.username if req.principal else None
    req.world.logs.insert(
        0,
        LogEntry(
            "export_logs_success", int(time.time()), namespace, metadata, performer, repository
        ),
    )
    return ok({"export_id": export_id})


@route("POST", "/api/v1/repository/{namespace}/{repository}/exportlogs")
def export_repo_logs(req: Request) -> Response:
    namespace, repository = req.params["namespace"], req.params["repository"]
    _require_repo_admin(req, namespace, repository)
    return _queue_export(req, namespace, repository)


@route("POST", "/api/v1/user/exportlogs")
def export_user_logs(req: Request) -> Response:
    principal = require_scope(req, "user:admin")
    return _queue_export(req, principal.username, None)


@route("POST", "/api/v1/organization/{orgname}/exportlogs")
def export_org_logs(req: Request) -> Response:
    orgname = req.params["orgname"]
    require_user(req)
    _require_org_logs(req, orgname)
    return _queue_export(req, orgname, None)
