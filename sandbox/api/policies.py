"""Auto-prune and immutability policies of namespaces and repositories, and what immutability
does to tags.

As on the real server: a policy POST answers 201 with only `{"uuid"}`, PUT 204 with no body,
DELETE 200 with `{"uuid"}`. Auto-prune refuses an identical duplicate on POST but not on PUT,
and takes any tag pattern, even one that is not a regular expression; immutability checks the
pattern. An immutability policy freezes every matching tag at once (its expiration cleared),
new matching tags are born immutable, and deleting the policy leaves its tags immutable.
"""

from __future__ import annotations

import hashlib
import re
import uuid as uuidlib
from typing import Any

from sandbox.api.common import (
    insufficient_scope,
    invalid_request,
    is_org_admin,
    is_superuser,
    not_found,
    ok,
    raise_,
    reads_everything,
    require_scope,
    require_user,
)
from sandbox.api.mirroring import organization_is_mirrored
from sandbox.api.repositories import is_live
from sandbox.router import Handler, HttpError, Request, Response, route
from sandbox.world import Layer, Manifest, Repository, Tag, World

AREA = "policies"

AUTOPRUNE_METHODS = ("number_of_tags", "creation_date")
DURATION = re.compile(r"^-?\d+[smhdwy]$")
MAX_PATTERN = 256

# Policies created at run time take these uuids first, so that a replay of the recorded session
# finds them by the uuid the real server gave (auto-prune and immutability, in capture order).
_RECORDED_UUIDS = {
    "autoprunepolicy": [
        "454d01ab-8e64-4db5-b3c6-073ace9a1549",
        "20e7db8d-a08c-4f75-af99-eacd9cf03f51",
        "4d52744f-0166-4a1f-ae4b-6d022a6c1136",
        "e503389c-6d6f-4485-afc7-517e02665c58",
        "e4b90a3a-3271-4824-919b-80198e4f24fc",
        "b4c1010f-fee5-47f1-a2dd-37d65f2a89c1",
        "732d8b0b-d646-4a6b-9a8a-9ecadb58fd1f",
    ],
    "immutabilitypolicy": [
        "d082680d-acab-4f4c-bd1c-fb8de8223535",
        "8b1cf8b3-fa30-49f2-b663-340a5b9b8aca",
        "26c2bfff-6b71-4516-b204-48796aa8609a",
        "2fc9a9f0-1e43-4901-bad5-dc3f29a7297f",
    ],
}

# The digests of devtable/simple's two manifests in the capture of these recordings (Quay signs
# the fixture's schema 1 manifests afresh whenever the fixture is loaded).
_CAPTURE_DIGESTS = {
    "latest": "sha256:59024a3b2b3bbe06de5128193b5a565bb7fddb32c6f018c70cd34524ec169146",
    "prod": "sha256:00b666324e52507ba475d38fadb4ed1739f1b5b90a21af1b63b9532fe927556b",
}

# A demo repository for the dry run: tags of several kinds and ages (name, age in days, size).
_DEMO_TAGS = (
    [(f"release-1.{i}", 20 + 30 * i, 45_000_000 + i * 1_000_000) for i in range(6)]
    + [(f"dev-{i:03d}", i * 2, 44_000_000) for i in range(24)]
    + [(f"pr-{1000 + i}", i * 5 + 1, 43_500_000) for i in range(12)]
)


def seed(world: World) -> None:
    """The fixture's policies (buynlarge, devtable and devtable/simple), and a demo organization
    repository with tags to prune and releases kept immutable."""
    world.extras[AREA] = {
        "autoprunepolicy": {
            ("organization", "buynlarge"): [
                _autoprune("c550badf-2184-4772-89b3-08e55b96708c", "creation_date", "5d")
            ],
            ("user", "devtable"): [
                _autoprune("d093e8c8-1d49-48e8-8cfb-90b147648f57", "number_of_tags", 10)
            ],
            ("repository", "devtable", "simple"): [
                _autoprune("5400109a-2cbc-450f-90ef-c8dfcb2f7c93", "number_of_tags", 10)
            ],
            ("organization", "testorgforautoprune"): [
                _autoprune(
                    "0f0c4d1e-6d2a-4b8e-8f3e-7a1c2b3d4e5f", "creation_date", "4w", "^pr-", True
                )
            ],
        },
        "immutabilitypolicy": {
            ("organization", "testorgforautoprune"): [
                _immutability("9a7e3c1d-2b4f-4e6a-8c0d-1f2e3a4b5c6d", "^release-.*$", True)
            ],
        },
        "next_uuids": {kind: list(uuids) for kind, uuids in _RECORDED_UUIDS.items()},
        # Switched off, Quay answers 404 on these paths (the tests switch them off).
        "disabled": set(),
    }
    simple = world.repositories[("devtable", "simple")]
    by_name = {tag.name: tag for tag in simple.tags}
    for tag_name, digest in _CAPTURE_DIGESTS.items():
        if tag_name in by_name:
            simple.manifests.setdefault(digest, simple.manifests[by_name[tag_name].manifest_digest])
    demo = world.repositories[("testorgforautoprune", "autoprunerepo")]
    for tag_name, days, size in _DEMO_TAGS:
        digest = "sha256:" + hashlib.sha256(f"autoprunerepo:{tag_name}".encode()).hexdigest()
        layer = Layer(0, size, "sha256:" + hashlib.sha256(digest.encode()).hexdigest())
        demo.manifests[digest] = Manifest(digest, '{"schemaVersion": 2}', [layer])
        start = world.now - days * 86400 - 60
        demo.tags.append(
            Tag(tag_name, digest, size, start, immutable=tag_name.startswith("release-"))
        )
    demo.tags.sort(key=lambda tag: tag.start_ts, reverse=True)


def _autoprune(
    uuid: str,
    method: str,
    value: int | str,
    pattern: str | None = None,
    matches: bool | None = None,
) -> dict[str, Any]:
    return {
        "uuid": uuid,
        "method": method,
        "value": value,
        "tagPattern": pattern,
        "tagPatternMatches": matches,
    }


def _immutability(uuid: str, pattern: str, matches: bool) -> dict[str, Any]:
    return {"uuid": uuid, "tagPattern": pattern, "tagPatternMatches": matches}


def _state(world: World) -> dict[str, Any]:
    state: dict[str, Any] = world.extras[AREA]
    return state


def _policies(world: World, kind: str, owner: tuple[str, ...]) -> list[dict[str, Any]]:
    by_owner: dict[tuple[str, ...], list[dict[str, Any]]] = _state(world)[kind]
    return by_owner.setdefault(owner, [])


def _next_uuid(world: World, kind: str) -> str:
    queue: list[str] = _state(world)["next_uuids"][kind]
    return queue.pop(0) if queue else str(uuidlib.uuid4())


# --- Who may -----------------------------------------------------------------------------------


def _owner(req: Request, kind: str) -> tuple[str, ...]:
    """The owner named by the path, if the caller administers it; 404 when switched off."""
    require_user(req)
    if kind in _state(req.world)["disabled"]:
        raise not_found(req)
    params = req.params
    if reads_everything(req):
        if "name" in params:
            repo = req.world.repository(params["namespace"], params["name"])
            return (
                ("repository", params["namespace"], params["name"])
                if repo
                else raise_(not_found(req))
            )
        if "org" in params:
            if req.world.organization(params["org"]) is None:
                raise not_found(req)
            return ("organization", params["org"])
    if "name" in params:
        repo = req.world.repository(params["namespace"], params["name"])
        if repo is None:
            raise not_found(req)
        principal = require_scope(req, "repo:admin")
        if req.world.repo_role(principal.username, repo) != "admin" and not is_superuser(req):
            raise insufficient_scope(req)
        return ("repository", repo.namespace, repo.name)
    if "org" in params:
        if not is_org_admin(req, params["org"]):
            raise insufficient_scope(req)
        if req.world.organization(params["org"]) is None:
            raise not_found(req)
        return ("organization", params["org"])
    principal = require_scope(req, "user:admin")
    return ("user", principal.username)


def _find(req: Request, kind: str, owner: tuple[str, ...]) -> dict[str, Any]:
    for policy in _policies(req.world, kind, owner):
        if policy["uuid"] == req.params["uuid"]:
            return policy
    raise not_found(req)


def _required(req: Request, body: Any, keys: tuple[str, ...], description: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid_request(req, f"{body!r} is not of type 'object'")
    for key in keys:
        if key not in body:
            raise invalid_request(
                req,
                f"'{key}' is a required property\n\nFailed validating 'required' in schema:\n"
                f"    {{'description': '{description}'}}",
            )
    return body


# Quay answers a policy PUT with 204 and no body.
_UPDATED: Response = (204, "", {"Content-Type": "application/json"})


# --- Listing, reading and deleting: the same for both kinds -------------------------------------


def _lister(kind: str) -> Handler:
    def handler(req: Request) -> Response:
        return ok({"policies": list(_policies(req.world, kind, _owner(req, kind)))})

    return handler


def _getter(kind: str) -> Handler:
    def handler(req: Request) -> Response:
        return ok(_find(req, kind, _owner(req, kind)))

    return handler


def _deleter(kind: str) -> Handler:
    """DELETE answers 200 with the uuid, not 204."""

    def handler(req: Request) -> Response:
        owner = _owner(req, kind)
        policy = _find(req, kind, owner)
        _policies(req.world, kind, owner).remove(policy)
        return ok({"uuid": policy["uuid"]})

    return handler


# --- Auto-prune ----------------------------------------------------------------------------------


def _autoprune_config(req: Request) -> dict[str, Any]:
    body = _required(
        req,
        req.json(),
        ("method", "value"),
        "The policy configuration that is to be applied to the organization",
    )
    method, value = body["method"], body["value"]
    if method not in AUTOPRUNE_METHODS:
        raise invalid_request(req, "Invalid method provided")
    valid = (
        isinstance(value, int) and not isinstance(value, bool) and value > 0
        if method == "number_of_tags"
        else isinstance(value, str) and bool(DURATION.match(value))
    )
    if not valid:
        raise invalid_request(req, "Invalid value given for method type")
    pattern = body.get("tagPattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise invalid_request(req, "tag_pattern must be string")
        if not pattern.strip():
            raise invalid_request(req, "tag_pattern cannot be empty")
    matches = body.get("tagPatternMatches", True)
    if not isinstance(matches, bool):
        raise invalid_request(req, "tag_pattern_matches must be bool")
    return {"method": method, "value": value, "tagPattern": pattern, "tagPatternMatches": matches}


def _same_autoprune(existing: dict[str, Any], config: dict[str, Any]) -> bool:
    def key(policy: dict[str, Any]) -> tuple[Any, ...]:
        matches = policy.get("tagPatternMatches")
        return (
            policy["method"],
            policy["value"],
            policy.get("tagPattern"),
            True if matches is None else matches,
        )

    return key(existing) == key(config)


def create_autoprune(req: Request) -> Response:
    owner = _owner(req, "autoprunepolicy")
    config = _autoprune_config(req)
    policies = _policies(req.world, "autoprunepolicy", owner)
    if any(_same_autoprune(policy, config) for policy in policies):
        where = "repository" if owner[0] == "repository" else "namespace"
        raise invalid_request(
            req,
            f"Existing policy with same values for this {where}, duplicate policies are not "
            "permitted",
        )
    policy = {"uuid": _next_uuid(req.world, "autoprunepolicy"), **config}
    policies.append(policy)
    return ok({"uuid": policy["uuid"]}, 201)


def update_autoprune(req: Request) -> Response:
    owner = _owner(req, "autoprunepolicy")
    policy = _find(req, "autoprunepolicy", owner)
    # Quay does not look for duplicates here.
    policy.update(_autoprune_config(req))
    return _UPDATED


# --- Immutability --------------------------------------------------------------------------------


def _immutability_config(req: Request) -> dict[str, Any]:
    body = _required(req, req.json(), ("tagPattern",), "The immutability policy configuration")
    pattern, matches = body["tagPattern"], body.get("tagPatternMatches", True)
    if not isinstance(matches, bool):
        raise invalid_request(
            req,
            f"{matches!r} is not of type 'boolean'\n\nFailed validating 'type' in "
            "schema['properties']['tagPatternMatches']",
        )
    if not isinstance(pattern, str) or not pattern.strip():
        raise invalid_request(req, "tag_pattern is required and must be a non-empty string")
    if len(pattern) > MAX_PATTERN:
        raise invalid_request(req, f"tag_pattern must be {MAX_PATTERN} characters or less")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise invalid_request(req, f"Invalid regex pattern: {exc}") from None
    return {"tagPattern": pattern, "tagPatternMatches": matches}


def freezes(policy: dict[str, Any], tag_name: str) -> bool:
    """Whether an immutability policy makes this tag immutable (Quay matches the whole name)."""
    try:
        matched = re.fullmatch(policy["tagPattern"], tag_name) is not None
    except re.error:
        matched = False
    return matched if policy.get("tagPatternMatches", True) is not False else not matched


def _repositories_of(world: World, owner: tuple[str, ...]) -> list[Repository]:
    if owner[0] == "repository":
        repo = world.repository(owner[1], owner[2])
        return [repo] if repo else []
    return [repo for (namespace, _), repo in world.repositories.items() if namespace == owner[1]]


def _apply(world: World, owner: tuple[str, ...], policy: dict[str, Any]) -> None:
    for repo in _repositories_of(world, owner):
        for tag in repo.tags:
            if is_live(tag) and not tag.immutable and freezes(policy, tag.name):
                tag.immutable = True
                tag.end_ts = None


def born_immutable(world: World, repo: Repository, tag_name: str) -> bool:
    """Whether a tag created now in `repo` is immutable from the start."""
    if AREA not in world.extras:
        return False
    owners = [("repository", repo.namespace, repo.name), ("organization", repo.namespace)]
    return any(
        freezes(policy, tag_name)
        for owner in owners
        for policy in _policies(world, "immutabilitypolicy", owner)
    )


def _duplicate_pattern(
    req: Request, owner: tuple[str, ...], pattern: str, exclude: str = ""
) -> HttpError | None:
    for policy in _policies(req.world, "immutabilitypolicy", owner):
        if policy["uuid"] != exclude and policy["tagPattern"] == pattern:
            return invalid_request(req, "A policy with the same tag_pattern already exists")
    return None


def create_immutability(req: Request) -> Response:
    owner = _owner(req, "immutabilitypolicy")
    if owner[0] == "organization" and organization_is_mirrored(req.world, owner[1]):
        raise invalid_request(
            req,
            "Cannot create immutability policy: organization is managed by "
            "organization-level mirroring",
        )
    config = _immutability_config(req)
    duplicate = _duplicate_pattern(req, owner, config["tagPattern"])
    if duplicate:
        raise duplicate
    policy = {"uuid": _next_uuid(req.world, "immutabilitypolicy"), **config}
    _policies(req.world, "immutabilitypolicy", owner).append(policy)
    _apply(req.world, owner, policy)
    return ok({"uuid": policy["uuid"]}, 201)


def update_immutability(req: Request) -> Response:
    owner = _owner(req, "immutabilitypolicy")
    policy = _find(req, "immutabilitypolicy", owner)
    config = _immutability_config(req)
    duplicate = _duplicate_pattern(req, owner, config["tagPattern"], exclude=policy["uuid"])
    if duplicate:
        raise duplicate
    policy.update(config)
    _apply(req.world, owner, policy)
    return _UPDATED


# --- Routes ---------------------------------------------------------------------------------------

_OWNERS = {
    "autoprunepolicy": (
        "/api/v1/organization/{org}/",
        "/api/v1/user/",
        "/api/v1/repository/{namespace}/{name}/",
    ),
    "immutabilitypolicy": (
        "/api/v1/organization/{org}/",
        "/api/v1/repository/{namespace}/{name}/",
    ),
}
_HANDLERS = {
    "autoprunepolicy": (create_autoprune, update_autoprune),
    "immutabilitypolicy": (create_immutability, update_immutability),
}

for _kind, _prefixes in _OWNERS.items():
    _create, _update = _HANDLERS[_kind]
    for _prefix in _prefixes:
        route("GET", _prefix + _kind + "/")(_lister(_kind))
        route("POST", _prefix + _kind + "/")(_create)
        route("GET", _prefix + _kind + "/{uuid}")(_getter(_kind))
        route("PUT", _prefix + _kind + "/{uuid}")(_update)
        route("DELETE", _prefix + _kind + "/{uuid}")(_deleter(_kind))
