"""Repository mirroring, organization mirroring, mirror health and the proxy cache.

Recorded behaviour to match (`responses-next/` 307-423, 484):
- A repository mirror POST needs `skopeo_timeout_interval` (≥ 300), answers 201 with an empty
  body and itself switches the repository to MIRROR; PUT answers 201 too; there is no DELETE
  (state NORMAL keeps the configuration). Refusals come in three shapes: the usual error object
  (schema validation, which echoes the whole request body, password included), only
  `{"detail"}` (date format, 409 "already exits", password without username, architecture
  filter) and a plain `{"message"}` (robot checks). A refused robot leaves an orphan tag rule
  behind, after which a PUT of `root_rule` answers 201 and changes nothing.
- sync-now is accepted while disabled and twice in a row; a second sync-cancel answers 404
  (the organization mirror: 400). Passwords are never returned.
- Organization mirroring needs an empty organization; its PUT answers 200 and ignores
  `external_registry_type`; an organization under it refuses new repositories and a proxy
  cache.
- The proxy cache answers 200 with empty strings when none is configured, 201 "Created" and
  201 "Deleted".

The capture host had no DNS, and the sandbox keeps to that: a registry given by a public IP
literal or by a name under example.com, example.org or example.net "resolves"; any other name
answers "Cannot resolve hostname", and private or loopback addresses are not allowed. Only the
example hosts answer a connection test.

No mirror worker runs behind the sandbox: instead, each read of a mirror moves a requested sync
one step on (SYNC_NOW → SYNCING → SUCCESS), logging what Quay's worker logs, so that a page that
polls sees every state without waiting.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
    plain_message,
    require_scope,
    require_user,
)
from sandbox.router import HttpError, Request, Response, route
from sandbox.world import LogEntry, Repository, Robot, World

SYNC_STATUSES = ("CANCEL", "FAIL", "NEVER_RUN", "SUCCESS", "SYNCING", "SYNC_NOW", "SKIP")
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MASKED = "********"


@dataclass
class RepoMirror:
    external_reference: str
    sync_interval: int
    sync_start: int
    root_rule: list[str]
    robot_username: str
    skopeo_timeout_interval: int = 300
    is_enabled: bool = True
    username: str | None = None
    password: str | None = None
    verify_tls: bool = True
    unsigned_images: bool = False
    proxy: dict[str, str | None] = field(
        default_factory=lambda: {"http_proxy": None, "https_proxy": None, "no_proxy": None}
    )
    # The fixture's mirror was saved with an empty registry configuration.
    bare_config: bool = False
    sync_status: str = "NEVER_RUN"
    sync_retries_remaining: int = 3
    sync_expiration: int | None = None
    last_sync: int | None = None


@dataclass
class OrgMirror:
    external_registry_type: str
    external_registry_url: str
    external_namespace: str
    robot_username: str
    visibility: str
    sync_interval: int
    sync_start: int
    created: int
    is_enabled: bool = True
    username: str | None = None
    password: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    repository_filters: list[str] = field(default_factory=list)
    skopeo_timeout: int = 300
    sync_status: str = "NEVER_RUN"
    sync_retries_remaining: int = 3
    sync_expiration: int | None = None


@dataclass
class ProxyCache:
    upstream_registry: str
    expiration_s: int = 86400
    insecure: bool = False
    username: str | None = None
    password: str | None = None


def repo_mirrors(world: World) -> dict[tuple[str, str], RepoMirror]:
    mirrors: dict[tuple[str, str], RepoMirror] = world.extras.setdefault("repo_mirrors", {})
    return mirrors


def org_mirrors(world: World) -> dict[str, OrgMirror]:
    mirrors: dict[str, OrgMirror] = world.extras.setdefault("org_mirrors", {})
    return mirrors


def proxy_caches(world: World) -> dict[str, ProxyCache]:
    caches: dict[str, ProxyCache] = world.extras.setdefault("proxy_caches", {})
    return caches


def organization_is_mirrored(world: World, org: str) -> bool:
    """Whether organization-level mirroring manages `org` (Quay then refuses new repositories,
    immutability policies and a proxy cache there)."""
    return org in org_mirrors(world)


def _robot_token(name: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    digest = hashlib.sha256(name.encode()).digest() * 2
    return "".join(alphabet[b % len(alphabet)] for b in digest)[:64]


def seed(world: World) -> None:
    """The fixture's mirrored repository (devtable/mirrored, quay.io/coreos/etcd) and proxy
    organization (proxyorg caches docker.io)."""
    repo_mirrors(world)[("devtable", "mirrored")] = RepoMirror(
        external_reference="quay.io/coreos/etcd",
        sync_interval=86400,
        sync_start=world.at(-4200),
        root_rule=["latest", "3.3*"],
        robot_username="devtable+dtrobot",
        skopeo_timeout_interval=600,
        username="fakeusername",
        password="fakepassword",
        bare_config=True,
    )
    proxy_caches(world)["proxyorg"] = ProxyCache("docker.io", 86400, False)
    # The robot the organization-mirroring captures used in the empty organization titi.
    titi = world.organizations["titi"]
    titi.robots["mirrorbot"] = Robot(
        "titi+mirrorbot", _robot_token("titi+mirrorbot"), created=world.at(-120)
    )


# --- Shared checks ------------------------------------------------------------------------------


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime(ISO_FORMAT)


def iso_micro(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(value: Any) -> int | None:
    try:
        return int(datetime.strptime(str(value), ISO_FORMAT).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return None


def schema_error(req: Request, message: str, where: str, instance: Any) -> HttpError:
    """A JSON-schema refusal as Quay words it: the first line says what is wrong, the rest
    quotes the schema and the offending instance (for a missing property, the whole request
    body, passwords included)."""
    detail = f"{message}\n\nFailed validating {where}\n\nOn instance:\n    {instance!r}"
    return invalid_request(req, detail)


def detail_only(status: int, detail: str) -> HttpError:
    return HttpError((status, {"detail": detail}, {"Content-Type": "application/json"}))


def _check_types(req: Request, body: dict[str, Any], types: dict[str, tuple[type, ...]]) -> None:
    for key, allowed in types.items():
        if (key in body and not isinstance(body[key], allowed)) or (
            key in body and isinstance(body[key], bool) and bool not in allowed
        ):
            names = {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object"}
            wanted = "/".join(names.get(t, "null") for t in allowed)
            raise schema_error(
                req, f"{body[key]!r} is not of type '{wanted}'", f"'type' in {key}", body[key]
            )


def _check_minimum(req: Request, body: dict[str, Any], key: str, minimum: int) -> None:
    value = body.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value < minimum:
        raise schema_error(
            req,
            f"{value} is less than the minimum of {minimum}",
            f"'minimum' in schema['properties']['{key}']",
            value,
        )


def _check_required(req: Request, body: dict[str, Any], required: tuple[str, ...]) -> None:
    for key in required:
        if key not in body:
            raise schema_error(req, f"'{key}' is a required property", "'required'", body)


def registry_host(reference: str) -> str:
    """The host of `host[:port]/path` or of a URL."""
    rest = reference.split("://", 1)[-1]
    host = rest.split("/", 1)[0]
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check_registry_host(req: Request, reference: str, refusal: str) -> None:
    """Quay's SSRF check when a registry is saved: the host must resolve, and not to a private,
    loopback or link-local address."""
    host = registry_host(reference).lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost":
            raise invalid_request(req, refusal) from None
        if not host.endswith(tuple(f".{d}" for d in EXAMPLE_DOMAINS)) and host not in (
            EXAMPLE_DOMAINS
        ):
            raise invalid_request(req, f"Cannot resolve hostname '{host}'") from None
        return
    if not address.is_global:
        raise invalid_request(req, refusal)


def reachable(reference: str) -> bool:
    host = registry_host(reference).lower()
    return host in EXAMPLE_DOMAINS or host.endswith(tuple(f".{d}" for d in EXAMPLE_DOMAINS))


def json_object(req: Request) -> dict[str, Any]:
    """The request's JSON body when it is an object, else an empty one (which the schema
    checks then refuse)."""
    body = req.json()
    return body if isinstance(body, dict) else {}


def performer(req: Request) -> str | None:
    return req.principal.username if req.principal else None


def log(
    world: World,
    kind: str,
    namespace: str,
    performer: str | None,
    metadata: dict[str, Any],
    repository: str | None = None,
) -> None:
    if repository:
        metadata = {"namespace": namespace, "repo": repository, **metadata}
    world.logs.insert(
        0, LogEntry(kind, int(time.time()), namespace, metadata, performer, repository)
    )


# --- Repository mirroring -----------------------------------------------------------------------


def admin_repository(req: Request) -> Repository:
    """The repository of the path, for its administrator (or a superuser): repo:admin, then
    403 for anyone else, 404 only for a superuser (as Quay's mirror and trigger endpoints)."""
    principal = require_scope(req, "repo:admin")
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    if is_superuser(req):
        if repo is None:
            raise not_found(req)
        return repo
    if repo is None or req.world.repo_role(principal.username, repo) != "admin":
        raise insufficient_scope(req)
    return repo


def _mirror_of(req: Request, repo: Repository) -> RepoMirror:
    mirror = repo_mirrors(req.world).get((repo.namespace, repo.name))
    if mirror is None:
        raise not_found(req)
    return mirror


def _advance(world: World, repo: Repository, mirror: RepoMirror) -> None:
    """The sandbox's mirror worker: one step per read of the mirror."""
    if not mirror.is_enabled:
        return
    if mirror.sync_status == "SYNC_NOW":
        mirror.sync_status = "SYNCING"
        mirror.sync_expiration = int(time.time()) + mirror.skopeo_timeout_interval
        log(world, "repo_mirror_sync_started", repo.namespace, None,
            {"message": f"'{mirror.external_reference}' with tag pattern "
                        f"'{','.join(mirror.root_rule)}'"}, repo.name)  # fmt: skip
    elif mirror.sync_status == "SYNCING":
        at = int(time.time())
        mirror.sync_status = "SUCCESS"
        mirror.sync_expiration = None
        mirror.sync_retries_remaining = 3
        mirror.last_sync = at
        mirror.sync_start = at + mirror.sync_interval
        tags = [p for p in mirror.root_rule if "*" not in p and "?" not in p]
        log(world, "repo_mirror_sync_success", repo.namespace, None,
            {"message": f"'{mirror.external_reference}'", "tags": tags}, repo.name)  # fmt: skip


def mirror_view(mirror: RepoMirror) -> dict[str, Any]:
    config: dict[str, Any] = (
        {}
        if mirror.bare_config
        else {
            "verify_tls": mirror.verify_tls,
            "unsigned_images": mirror.unsigned_images,
            "proxy": dict(mirror.proxy),
        }
    )
    return {
        "is_enabled": mirror.is_enabled,
        "mirror_type": "PULL",
        "external_reference": mirror.external_reference,
        "external_registry_username": mirror.username,
        "external_registry_config": config,
        "sync_interval": mirror.sync_interval,
        "sync_start_date": iso(mirror.sync_start),
        "sync_expiration_date": iso(mirror.sync_expiration),
        "sync_retries_remaining": mirror.sync_retries_remaining,
        "sync_status": mirror.sync_status,
        "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": list(mirror.root_rule)},
        "robot_username": mirror.robot_username,
        "skopeo_timeout_interval": mirror.skopeo_timeout_interval,
        "architecture_filter": [],
    }


@route("GET", "/api/v1/repository/{namespace}/{name}/mirror")
def get_repo_mirror(req: Request) -> Response:
    repo = admin_repository(req)
    mirror = _mirror_of(req, repo)
    body = mirror_view(mirror)
    _advance(req.world, repo, mirror)
    return ok(body)


_MIRROR_TYPES: dict[str, tuple[type, ...]] = {
    "is_enabled": (bool,),
    "external_reference": (str,),
    "external_registry_username": (str, type(None)),
    "external_registry_password": (str, type(None)),
    "sync_start_date": (str,),
    "sync_interval": (int,),
    "robot_username": (str,),
    "root_rule": (dict,),
    "external_registry_config": (dict,),
    "skopeo_timeout_interval": (int,),
    "architecture_filter": (list, type(None)),
}


def _validate_mirror_body(req: Request, body: dict[str, Any]) -> None:
    _check_types(req, body, _MIRROR_TYPES)
    _check_minimum(req, body, "sync_interval", 0)
    _check_minimum(req, body, "skopeo_timeout_interval", 300)
    rule = body.get("root_rule")
    if isinstance(rule, dict):
        if rule.get("rule_kind") != "tag_glob_csv":
            raise schema_error(
                req,
                f"{rule.get('rule_kind')!r} is not one of ['tag_glob_csv']",
                "'enum' in schema['properties']['root_rule']['properties']['rule_kind']",
                rule.get("rule_kind"),
            )
        if not isinstance(rule.get("rule_value"), list):
            raise schema_error(
                req,
                f"{rule.get('rule_value')!r} is not of type 'array'",
                "'type' in schema['properties']['root_rule']['properties']['rule_value']",
                rule.get("rule_value"),
            )


def _check_rule(req: Request, rule: dict[str, Any]) -> list[str]:
    values = [str(value) for value in rule.get("rule_value") or []]
    if not values or not all(value.strip() for value in values):
        raise invalid_request(
            req, "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least "
            "one rule"
        )  # fmt: skip
    return values


def _check_mirror_robot(req: Request, repo: Repository, robot_name: str) -> None:
    if req.world.robot(robot_name) is None:
        raise plain_message(400, "Could not find robot with specified username")
    if robot_name.partition("+")[0] != repo.namespace:
        raise plain_message(400, "Invalid robot")


def _check_reference(req: Request, reference: str) -> None:
    if "://" in reference:
        raise invalid_request(req, "External registry reference must not include a URL scheme")
    check_registry_host(req, reference, "The provided registry location is not allowed")


def _apply_registry_config(mirror: RepoMirror, config: dict[str, Any]) -> None:
    mirror.bare_config = False
    if "verify_tls" in config:
        mirror.verify_tls = bool(config["verify_tls"])
    if "unsigned_images" in config:
        mirror.unsigned_images = bool(config["unsigned_images"])
    proxy = config.get("proxy")
    if isinstance(proxy, dict):
        for key in ("http_proxy", "https_proxy", "no_proxy"):
            if key in proxy:
                mirror.proxy[key] = proxy[key] or None


def _orphan_rules(world: World) -> set[tuple[str, str]]:
    orphans: set[tuple[str, str]] = world.extras.setdefault("mirror_orphan_rules", set())
    return orphans


@route("POST", "/api/v1/repository/{namespace}/{name}/mirror")
def create_repo_mirror(req: Request) -> Response:
    repo = admin_repository(req)
    body = json_object(req)
    _check_required(
        req, body,
        ("external_reference", "sync_interval", "sync_start_date", "root_rule",
         "skopeo_timeout_interval"),
    )  # fmt: skip
    _validate_mirror_body(req, body)
    key = (repo.namespace, repo.name)
    if key in repo_mirrors(req.world):
        raise detail_only(
            409, f"Mirror configuration already exits for repository {repo.full_name}"
        )
    start = parse_iso(body["sync_start_date"])
    if start is None:
        raise detail_only(400, "Incorrect DateTime format for sync_start_date.")
    _check_reference(req, body["external_reference"])
    rule = _check_rule(req, body["root_rule"])
    robot_name = str(body.get("robot_username") or "")
    try:
        _check_mirror_robot(req, repo, robot_name)
    except HttpError:
        _orphan_rules(req.world).add(key)  # Quay stored the rule before it looked at the robot
        raise
    mirror = RepoMirror(
        external_reference=body["external_reference"],
        sync_interval=body["sync_interval"],
        sync_start=start,
        root_rule=rule,
        robot_username=robot_name,
        skopeo_timeout_interval=body["skopeo_timeout_interval"],
        is_enabled=bool(body.get("is_enabled", True)),
        username=body.get("external_registry_username") or None,
        password=body.get("external_registry_password") or None,
    )
    _apply_registry_config(mirror, body.get("external_registry_config") or {})
    repo_mirrors(req.world)[key] = mirror
    repo.state = "MIRROR"
    # Quay gives the robot write permission on the repository if it lacks it.
    if repo.user_permissions.get(robot_name) not in ("write", "admin"):
        repo.user_permissions[robot_name] = "write"
    log(req.world, "repo_mirror_config_changed", repo.namespace, performer(req),
        {"changed": "external_reference", "to": mirror.external_reference}, repo.name)  # fmt: skip
    return created()


@route("PUT", "/api/v1/repository/{namespace}/{name}/mirror")
def update_repo_mirror(req: Request) -> Response:
    repo = admin_repository(req)
    mirror = _mirror_of(req, repo)
    body = json_object(req)
    _validate_mirror_body(req, body)
    if body.get("architecture_filter"):
        raise detail_only(
            400, "Architecture filtering requires FEATURE_SPARSE_INDEX to be enabled."
        )
    if "external_registry_password" in body and "external_registry_username" not in body:
        raise detail_only(400, "Unable to set a new password without also specifying a username.")
    if "robot_username" in body:
        _check_mirror_robot(req, repo, str(body["robot_username"]))
    if "sync_start_date" in body:
        start = parse_iso(body["sync_start_date"])
        if start is None:
            raise detail_only(400, "Incorrect DateTime format for sync_start_date.")
        mirror.sync_start = start
    if "external_reference" in body:
        _check_reference(req, body["external_reference"])
    rule = _check_rule(req, body["root_rule"]) if "root_rule" in body else None
    changes: list[tuple[str, Any]] = []
    if "is_enabled" in body and body["is_enabled"] != mirror.is_enabled:
        mirror.is_enabled = body["is_enabled"]
        kind = "repo_mirror_enabled" if mirror.is_enabled else "repo_mirror_disabled"
        log(req.world, kind, repo.namespace, performer(req), {}, repo.name)
    if "external_reference" in body:
        mirror.external_reference = body["external_reference"]
        changes.append(("external_reference", mirror.external_reference))
    if rule is not None and (repo.namespace, repo.name) not in _orphan_rules(req.world):
        mirror.root_rule = rule
        changes.append(("root_rule", ",".join(rule)))
    for key, attribute in (
        ("sync_interval", "sync_interval"),
        ("skopeo_timeout_interval", "skopeo_timeout_interval"),
        ("robot_username", "robot_username"),
    ):
        if key in body:
            setattr(mirror, attribute, body[key])
            changes.append((key, body[key]))
    if "external_registry_username" in body:
        mirror.username = body["external_registry_username"] or None
        if mirror.username is None:
            mirror.password = None
        changes.append(("external_registry_username", mirror.username))
    if "external_registry_password" in body:
        mirror.password = body["external_registry_password"] or None
        changes.append(("external_registry_password", MASKED))
    if isinstance(body.get("external_registry_config"), dict):
        _apply_registry_config(mirror, body["external_registry_config"])
        changes.append(("external_registry_config", "changed"))
    for changed, to in changes:
        log(req.world, "repo_mirror_config_changed", repo.namespace, performer(req),
            {"changed": changed, "to": to}, repo.name)  # fmt: skip
    return created()


@route("POST", "/api/v1/repository/{namespace}/{name}/mirror/sync-now")
def sync_repo_mirror_now(req: Request) -> Response:
    repo = admin_repository(req)
    mirror = _mirror_of(req, repo)
    mirror.sync_status = "SYNC_NOW"
    mirror.sync_retries_remaining = max(mirror.sync_retries_remaining, 1)
    log(req.world, "repo_mirror_sync_now_requested", repo.namespace, performer(req), {}, repo.name)
    return no_content()


@route("POST", "/api/v1/repository/{namespace}/{name}/mirror/sync-cancel")
def cancel_repo_mirror_sync(req: Request) -> Response:
    repo = admin_repository(req)
    mirror = _mirror_of(req, repo)
    if mirror.sync_status not in ("SYNC_NOW", "SYNCING"):
        raise not_found(req)
    mirror.sync_status = "CANCEL"
    mirror.sync_retries_remaining = 0
    mirror.sync_expiration = None
    return no_content()


# --- Mirror health ------------------------------------------------------------------------------


def _health(req: Request, mirrors: list[tuple[tuple[str, str], RepoMirror]]) -> dict[str, Any]:
    counts = {"SYNCING": 0, "SYNC_NOW": 0, "SUCCESS": 0, "FAIL": 0, "NEVER_RUN": 0}
    issues = []
    now = time.time()
    for (namespace, name), mirror in mirrors:
        if mirror.sync_status in counts:
            counts[mirror.sync_status] += 1
        if mirror.sync_status == "NEVER_RUN":
            issues.append(f"Repository {namespace}/{name} has never been synced")
        elif mirror.sync_status == "FAIL":
            issues.append(f"Repository {namespace}/{name} failed its last sync")
    stamp = iso_micro(now)
    body: dict[str, Any] = {
        "healthy": counts["FAIL"] == 0,
        "workers": {"active": 0, "configured": 0, "status": "healthy"},
        "repositories": {
            "total": len(mirrors),
            "syncing": counts["SYNCING"] + counts["SYNC_NOW"],
            "completed": counts["SUCCESS"],
            "failed": counts["FAIL"],
            "never_run": counts["NEVER_RUN"],
        },
        "tags_pending": 0,
        "last_check": stamp,
        "issues": [
            {
                "severity": "error" if "failed" in message else "warning",
                "message": message,
                "timestamp": stamp,
            }
            for message in issues
        ],
    }
    if req.query.get("detailed", "").lower() == "true":
        body["repositories"]["details"] = [
            {
                "namespace": namespace,
                "repository": name,
                "sync_status": mirror.sync_status,
                "is_enabled": mirror.is_enabled,
                "last_sync": iso(mirror.last_sync),
                "retries_remaining": mirror.sync_retries_remaining,
            }
            for (namespace, name), mirror in mirrors[:100]
        ]
        body["repositories"]["pagination"] = {
            "limit": 100,
            "offset": 0,
            "has_more": len(mirrors) > 100,
        }
    return body


def _sorted_mirrors(
    world: World, namespace: str | None
) -> list[tuple[tuple[str, str], RepoMirror]]:
    return sorted(
        (key, mirror)
        for key, mirror in repo_mirrors(world).items()
        if (namespace is None or key[0] == namespace) and world.repository(*key) is not None
    )


@route("GET", "/api/v1/repository/mirror/health", first=True)
def repo_mirror_health(req: Request) -> Response:
    principal = require_user(req)
    namespace = req.query.get("namespace") or None
    if not is_superuser(req):
        if namespace is None:
            raise insufficient_scope(req)
        own = namespace == principal.username and has_scope(req, "repo:read")
        admin = has_scope(req, "org:admin") and req.world.is_org_admin(
            principal.username, namespace
        )
        if not (own or admin):
            raise insufficient_scope(req)
    return ok(_health(req, _sorted_mirrors(req.world, namespace)))


@route("GET", "/api/v1/superuser/mirror/health")
def superuser_mirror_health(req: Request) -> Response:
    require_user(req)
    if not (
        req.principal
        and (req.principal.user.super_user or req.principal.user.global_readonly_super_user)
        and has_scope(req, "super:user")
    ):
        raise insufficient_scope(req)
    return ok(_health(req, _sorted_mirrors(req.world, req.query.get("namespace") or None)))


# --- Organization mirroring ---------------------------------------------------------------------


def org_admin(req: Request) -> str:
    """The organization of the path, for its administrators (or a superuser)."""
    principal = require_scope(req, "org:admin")
    org = req.params["orgname"]
    if is_superuser(req):
        if req.world.organization(org) is None:
            raise not_found(req)
        return org
    if req.world.organization(org) is None or not req.world.is_org_admin(principal.username, org):
        raise insufficient_scope(req)
    return org


def _org_mirror(req: Request, org: str) -> OrgMirror:
    mirror = org_mirrors(req.world).get(org)
    if mirror is None:
        raise not_found(req)
    return mirror


def org_mirror_view(req: Request, org: str, mirror: OrgMirror) -> dict[str, Any]:
    counts = dict.fromkeys(SYNC_STATUSES, 0)
    for key, repo_mirror in repo_mirrors(req.world).items():
        if key[0] == org:
            counts[repo_mirror.sync_status] = counts.get(repo_mirror.sync_status, 0) + 1
    config = mirror.config or {
        "verify_tls": True,
        "proxy": {"https_proxy": None, "http_proxy": None, "no_proxy": None},
    }
    return {
        "is_enabled": mirror.is_enabled,
        "external_registry_type": mirror.external_registry_type,
        "external_registry_url": mirror.external_registry_url,
        "external_namespace": mirror.external_namespace,
        "external_registry_username": mirror.username,
        "has_external_registry_password": bool(mirror.password),
        "external_registry_config": json.loads(json.dumps(config)),
        "repository_filters": list(mirror.repository_filters),
        "robot_username": mirror.robot_username,
        "visibility": mirror.visibility,
        "sync_interval": mirror.sync_interval,
        "sync_start_date": iso(mirror.sync_start),
        "sync_expiration_date": iso(mirror.sync_expiration),
        "sync_status": mirror.sync_status,
        "sync_retries_remaining": mirror.sync_retries_remaining,
        "repo_sync_status_counts": counts,
        "skopeo_timeout": mirror.skopeo_timeout,
        "creation_date": iso_micro(mirror.created),
    }


_ORG_MIRROR_TYPES: dict[str, tuple[type, ...]] = {
    "external_registry_url": (str,),
    "external_namespace": (str,),
    "robot_username": (str,),
    "sync_interval": (int,),
    "sync_start_date": (str,),
    "is_enabled": (bool,),
    "external_registry_username": (str, type(None)),
    "external_registry_password": (str, type(None)),
    "external_registry_config": (dict,),
    "repository_filters": (list,),
    "skopeo_timeout": (int,),
}


def _validate_org_mirror(req: Request, body: dict[str, Any], *, creating: bool) -> None:
    if creating and body.get("external_registry_type") not in ("harbor", "quay"):
        value = body.get("external_registry_type")
        if "external_registry_type" in body:
            raise schema_error(
                req,
                f"{value!r} is not one of ['harbor', 'quay']",
                "'enum' in schema['properties']['external_registry_type']",
                value,
            )
    if creating:
        _check_required(
            req, body,
            ("external_registry_type", "external_registry_url", "external_namespace",
             "robot_username", "visibility", "sync_interval", "sync_start_date"),
        )  # fmt: skip
    _check_types(req, body, _ORG_MIRROR_TYPES)
    if "visibility" in body and body["visibility"] not in ("public", "private"):
        raise schema_error(
            req,
            f"{body['visibility']!r} is not one of ['public', 'private']",
            "'enum' in schema['properties']['visibility']",
            body["visibility"],
        )
    _check_minimum(req, body, "sync_interval", 60)
    _check_minimum(req, body, "skopeo_timeout", 30)
    if "sync_start_date" in body and parse_iso(body["sync_start_date"]) is None:
        raise invalid_request(
            req, "Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ"
        )
    if "external_registry_url" in body:
        check_registry_host(
            req, body["external_registry_url"], "The provided registry URL is not allowed"
        )


def _check_org_robot(req: Request, org: str, robot_name: str) -> None:
    if req.world.robot(robot_name) is None:
        raise invalid_request(req, f"Invalid robot account: {robot_name}")
    if robot_name.partition("+")[0] != org:
        raise invalid_request(req, "Robot account must belong to the organization")


@route("GET", "/api/v1/organization/{orgname}/mirror")
def get_org_mirror(req: Request) -> Response:
    org = org_admin(req)
    return ok(org_mirror_view(req, org, _org_mirror(req, org)))


@route("POST", "/api/v1/organization/{orgname}/mirror")
def create_org_mirror(req: Request) -> Response:
    org = org_admin(req)
    body = json_object(req)
    _validate_org_mirror(req, body, creating=True)
    _check_org_robot(req, org, str(body["robot_username"]))
    if org in org_mirrors(req.world):
        raise invalid_request(req, "Mirror configuration already exists for this organization")
    if any(namespace == org for namespace, _ in req.world.repositories):
        raise invalid_request(
            req,
            "Cannot create organization mirror: the organization already contains repositories. "
            "Organization mirroring requires an empty organization.",
        )
    org_mirrors(req.world)[org] = OrgMirror(
        external_registry_type=body["external_registry_type"],
        external_registry_url=body["external_registry_url"],
        external_namespace=body["external_namespace"],
        robot_username=body["robot_username"],
        visibility=body["visibility"],
        sync_interval=body["sync_interval"],
        sync_start=parse_iso(body["sync_start_date"]) or int(time.time()),
        created=int(time.time()),
        is_enabled=bool(body.get("is_enabled", True)),
        username=body.get("external_registry_username") or None,
        password=body.get("external_registry_password") or None,
        config=dict(body.get("external_registry_config") or {}),
        repository_filters=[str(f) for f in body.get("repository_filters") or []],
        skopeo_timeout=int(body.get("skopeo_timeout") or 300),
    )
    log(req.world, "org_mirror_enabled", org, performer(req), {})
    return created()


@route("PUT", "/api/v1/organization/{orgname}/mirror")
def update_org_mirror(req: Request) -> Response:
    org = org_admin(req)
    mirror = _org_mirror(req, org)
    body = json_object(req)
    _validate_org_mirror(req, body, creating=False)
    if "robot_username" in body:
        _check_org_robot(req, org, str(body["robot_username"]))
    if "is_enabled" in body and body["is_enabled"] != mirror.is_enabled:
        mirror.is_enabled = body["is_enabled"]
        kind = "org_mirror_enabled" if mirror.is_enabled else "org_mirror_disabled"
        log(req.world, kind, org, performer(req), {})
    for key in ("external_registry_url", "external_namespace", "robot_username", "visibility",
                "sync_interval", "skopeo_timeout"):  # fmt: skip
        if key in body:
            setattr(mirror, key, body[key])
    if "sync_start_date" in body:
        mirror.sync_start = parse_iso(body["sync_start_date"]) or mirror.sync_start
    if "repository_filters" in body:
        mirror.repository_filters = [str(f) for f in body["repository_filters"]]
    if "external_registry_username" in body:
        mirror.username = body["external_registry_username"] or None
        if mirror.username is None:
            mirror.password = None
    if "external_registry_password" in body:
        mirror.password = body["external_registry_password"] or None
    if isinstance(body.get("external_registry_config"), dict):
        mirror.config = dict(body["external_registry_config"])
    log(req.world, "org_mirror_config_changed", org, performer(req), {})
    return 200, "", {"Content-Type": "text/html; charset=utf-8"}


@route("DELETE", "/api/v1/organization/{orgname}/mirror")
def delete_org_mirror(req: Request) -> Response:
    org = org_admin(req)
    _org_mirror(req, org)
    del org_mirrors(req.world)[org]
    for (namespace, _), repo in req.world.repositories.items():
        if namespace == org and repo.state == "MIRROR":
            repo.state = "NORMAL"
    return no_content()


@route("POST", "/api/v1/organization/{orgname}/mirror/verify")
def verify_org_mirror(req: Request) -> Response:
    org = org_admin(req)
    mirror = _org_mirror(req, org)
    url = mirror.external_registry_url
    if reachable(url):
        return ok({"success": True, "message": f"Successfully connected to {url}"})
    host = registry_host(url)
    return ok(
        {
            "success": False,
            "message": f"Connection error: could not reach {host} (the sandbox reaches only "
            "registries under example.com, example.org and example.net)",
        }
    )


@route("POST", "/api/v1/organization/{orgname}/mirror/sync-now")
def sync_org_mirror_now(req: Request) -> Response:
    org = org_admin(req)
    mirror = _org_mirror(req, org)
    mirror.sync_status = "SYNC_NOW"
    mirror.sync_start = int(time.time())
    log(req.world, "org_mirror_sync_now_requested", org, performer(req), {})
    return no_content()


@route("POST", "/api/v1/organization/{orgname}/mirror/sync-cancel")
def cancel_org_mirror_sync(req: Request) -> Response:
    org = org_admin(req)
    mirror = _org_mirror(req, org)
    if mirror.sync_status == "CANCEL":
        raise invalid_request(req, "Cannot cancel: mirror is already cancelled")
    mirror.sync_status = "CANCEL"
    mirror.sync_retries_remaining = 0
    mirror.sync_expiration = int(time.time())
    log(req.world, "org_mirror_sync_cancelled", org, performer(req), {})
    return no_content()


@route("GET", "/api/v1/organization/{orgname}/mirror/repositories")
def list_org_mirror_repositories(req: Request) -> Response:
    org = org_admin(req)
    _org_mirror(req, org)
    status = req.query.get("status") or None
    if status is not None and status not in SYNC_STATUSES:
        raise invalid_request(
            req, f"Invalid status filter '{status}'. Valid values: {', '.join(SYNC_STATUSES)}"
        )
    try:
        page = max(1, int(req.query.get("page", "1")))
        limit = min(500, max(1, int(req.query.get("limit", "100"))))
    except ValueError:
        raise invalid_request(req, "Invalid paging parameters") from None
    found = [
        (name, mirror)
        for (namespace, name), mirror in sorted(repo_mirrors(req.world).items())
        if namespace == org and (status is None or mirror.sync_status == status)
    ]
    start = (page - 1) * limit
    return ok(
        {
            "repositories": [
                {
                    "name": name,
                    "sync_status": mirror.sync_status,
                    "last_sync": iso(mirror.last_sync),
                    "is_enabled": mirror.is_enabled,
                }
                for name, mirror in found[start : start + limit]
            ],
            "page": page,
            "limit": limit,
            "total": len(found),
            "has_next": start + limit < len(found),
        }
    )


# --- Proxy cache --------------------------------------------------------------------------------


def _org_member_with_org_rights(req: Request) -> str:
    """Any member may read the proxy cache, but Quay grants membership rights to an OAuth
    token only when it carries repo:create or org:admin."""
    principal = require_user(req)
    org = req.params["orgname"]
    if req.world.organization(org) is None:
        raise insufficient_scope(req) if not is_superuser(req) else not_found(req)
    if is_superuser(req):
        return org
    member = req.world.is_org_member(principal.username, org)
    if not member or not (has_scope(req, "org:admin") or has_scope(req, "repo:create")):
        raise insufficient_scope(req)
    return org


def _proxy_body(req: Request) -> dict[str, Any]:
    body = json_object(req)
    if "upstream_registry" not in body:
        raise schema_error(req, "'upstream_registry' is a required property", "'required'", body)
    if not isinstance(body["upstream_registry"], str):
        raise schema_error(
            req,
            f"{body['upstream_registry']!r} is not of type 'string'",
            "'type' in schema['properties']['upstream_registry']",
            body["upstream_registry"],
        )
    return body


@route("GET", "/api/v1/organization/{orgname}/proxycache")
def get_proxy_cache(req: Request) -> Response:
    org = _org_member_with_org_rights(req)
    cache = proxy_caches(req.world).get(org)
    if cache is None:
        return ok({"upstream_registry": "", "expiration_s": "", "insecure": ""})
    return ok(
        {
            "upstream_registry": cache.upstream_registry,
            "expiration_s": cache.expiration_s,
            "insecure": cache.insecure,
        }
    )


def _check_proxy(req: Request, org: str, body: dict[str, Any]) -> None:
    if organization_is_mirrored(req.world, org):
        raise invalid_request(
            req,
            "Cannot create proxy cache: organization is managed by organization-level mirroring",
        )
    if org in proxy_caches(req.world):
        raise invalid_request(req, "Proxy Cache Configuration already exists")
    check_registry_host(req, body["upstream_registry"], "The provided registry URL is not allowed")


@route("POST", "/api/v1/organization/{orgname}/proxycache")
def create_proxy_cache(req: Request) -> Response:
    org = org_admin(req)
    body = _proxy_body(req)
    _check_proxy(req, org, body)
    try:
        expiration = int(body.get("expiration_s") or 86400)
    except (TypeError, ValueError):
        raise invalid_request(req, "Invalid expiration_s") from None
    proxy_caches(req.world)[org] = ProxyCache(
        body["upstream_registry"],
        expiration,
        bool(body.get("insecure", False)),
        body.get("upstream_registry_username") or None,
        body.get("upstream_registry_password") or None,
    )
    log(req.world, "create_proxy_cache_config", org, performer(req),
        {"namespace": org, "upstream_registry": body["upstream_registry"]})  # fmt: skip
    return created('"Created"')


@route("POST", "/api/v1/organization/{orgname}/validateproxycache")
def validate_proxy_cache(req: Request) -> Response:
    org = org_admin(req)
    body = _proxy_body(req)
    _check_proxy(req, org, body)
    upstream = body["upstream_registry"]
    failed = "Failed login to remote registry. Please verify entered details and try again."
    if not reachable(upstream):
        raise invalid_request(req, failed)
    username = body.get("upstream_registry_username")
    password = body.get("upstream_registry_password")
    if username and password:
        # The sandbox's example registries accept any credentials but these.
        if password == "wrong":
            raise invalid_request(req, failed)
        return 202, '"Valid"', {"Content-Type": "application/json"}
    return 202, '"Anonymous"', {"Content-Type": "application/json"}


@route("DELETE", "/api/v1/organization/{orgname}/proxycache")
def delete_proxy_cache(req: Request) -> Response:
    org = org_admin(req)
    if org not in proxy_caches(req.world):
        raise not_found(req)
    del proxy_caches(req.world)[org]
    log(req.world, "delete_proxy_cache_config", org, performer(req), {"namespace": org})
    return created('"Deleted"')
