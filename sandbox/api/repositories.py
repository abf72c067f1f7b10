"""Repositories, tags, manifests, labels, security reports, stars and repository search.

Recorded behaviour to match: repositories page with an opaque `next_page` (100 a page);
tags page with `page`/`limit` (at most 100) and `has_additional`, filter with
`filter_tag_name=like:x|eq:x`; `PUT .../tag/{tag}` answers 201 with the body "Updated".

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from sandbox.api.common import (
    api_error,
    created,
    has_scope,
    http_date,
    insufficient_scope,
    invalid_request,
    is_superuser,
    no_content,
    not_found,
    ok,
    page_by_number,
    page_by_token,
    plain_message,
    raise_,
    require_scope,
    require_user,
)
from sandbox.api.mirroring import organization_is_mirrored
from sandbox.router import Request, Response, route
from sandbox.world import Label, Layer, Manifest, Repository, Tag, World

REPOS_PER_PAGE = 100
SEARCH_PAGE_SIZE = 10
TAG_NAME = re.compile(r"^[\w][\w.-]{0,127}$", re.ASCII)
REPOSITORY_NAME = re.compile(r"^[a-z0-9][.a-z0-9_-]{0,254}$")
LABEL_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9]|[-.](?![.-]))*[a-z0-9]?$|^[a-z0-9]$")
RESERVED_LABEL_PREFIXES = ("com.docker.", "io.docker.", "org.dockerproject.")
INVALID_TAG_MESSAGE = (
    'Invalid tag: must match [A-Za-z0-9_.-], NOT start with "." or "-", '
    "and can contain 1-128 characters"
)
LIST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.list.v2+json"
IMAGE_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"


def gmt_day(epoch: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def now() -> int:
    return int(time.time())


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def is_live(tag: Tag, at: int | None = None) -> bool:
    return tag.end_ts is None or tag.end_ts > (at or now())


# --- Seed ------------------------------------------------------------------------------------

_PLATFORMS = (("linux", "amd64", ""), ("linux", "arm64", "v8"), ("linux", "arm", "v7"))

# package, installed version, vulnerability, severity, fixed in
_VULNERABILITIES = (
    ("openssl", "1.1.1d-0+deb10u2", "CVE-2021-3711", "Critical", "1.1.1d-0+deb10u7"),
    ("openssl", "1.1.1d-0+deb10u2", "CVE-2021-3712", "High", "1.1.1d-0+deb10u7"),
    ("glibc", "2.28-10", "CVE-2021-33574", "High", ""),
    ("zlib", "1:1.2.11.dfsg-1", "CVE-2018-25032", "Medium", "1:1.2.11.dfsg-1+deb10u1"),
    ("bash", "5.0-4", "CVE-2019-18276", "Low", ""),
    ("tar", "1.30+dfsg-6", "CVE-2005-2541", "Negligible", ""),
)


# A package as the scanner reports it: name, version, and its vulnerabilities as
# (advisory, severity, fixed in).
Feature = tuple[str, str, tuple[tuple[str, str, str], ...]]


def scanner_data(digest: str, features: tuple[Feature, ...]) -> dict[str, Any]:
    """A Clair v4 report as Quay relays it: every package, vulnerable or not, each with its
    vulnerabilities."""
    return {
        "Layer": {
            "Name": digest,
            "ParentName": "",
            "NamespaceName": "",
            "IndexedByVersion": 4,
            "Features": [
                {
                    "Name": package,
                    "VersionFormat": "",
                    "NamespaceName": "",
                    "AddedBy": digest,
                    "Version": version,
                    "BaseScores": [],
                    "CVEIds": [name for name, _, _ in vulnerabilities],
                    "Vulnerabilities": [
                        {
                            "Severity": severity,
                            "NamespaceName": "debian:10",
                            "Link": f"https://security-tracker.debian.org/tracker/{name}",
                            "FixedBy": fixed,
                            "Description": f"{name} in {package}.",
                            "Name": name,
                            "Metadata": {
                                "UpdatedBy": "debian",
                                "RepoName": None,
                                "DistroName": "Debian",
                            },
                        }
                        for name, severity, fixed in vulnerabilities
                    ],
                }
                for package, version, vulnerabilities in features
            ],
        }
    }


def security_data(digest: str, rows: tuple[tuple[str, str, str, str, str], ...]) -> dict[str, Any]:
    """`scanner_data` from one row per vulnerability: (package, version, advisory, severity,
    fixed in)."""
    packages: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
    for package, version, cve, severity, fixed in rows:
        packages.setdefault(package, (version, []))[1].append((cve, severity, fixed))
    return scanner_data(
        digest, tuple((name, version, tuple(v)) for name, (version, v) in packages.items())
    )


def add_manifest_list(
    repo: Repository,
    tag_name: str,
    start_ts: int,
    platforms: tuple[tuple[str, str, str], ...] = _PLATFORMS,
    image: Callable[[str, str], Manifest] | None = None,
) -> Tag:
    """A multi-architecture tag: a manifest list whose children are in the repository too.
    `image(digest, architecture)` makes a child's manifest, when one layer will not do."""
    children = []
    for os_name, arch, variant in platforms:
        digest = _sha(f"{repo.full_name}:{tag_name}:{arch}{variant}")
        if image is not None:
            repo.manifests[digest] = image(digest, arch)
        else:
            layers = [Layer(0, 2_400_000, _sha(f"{digest}/layer"))]
            document = {"schemaVersion": 2, "mediaType": IMAGE_MEDIA_TYPE, "layers": []}
            repo.manifests[digest] = Manifest(
                digest,
                json.dumps(document),
                layers,
                config_media_type="application/vnd.docker.container.image.v1+json",
            )
        platform = {"architecture": arch, "os": os_name}
        if variant:
            platform["variant"] = variant
        children.append(
            {"mediaType": IMAGE_MEDIA_TYPE, "size": 527, "digest": digest, "platform": platform}
        )
    document = {"schemaVersion": 2, "mediaType": LIST_MEDIA_TYPE, "manifests": children}
    digest = _sha(json.dumps(document))
    repo.manifests[digest] = Manifest(
        digest, json.dumps(document, indent=3), [], is_manifest_list=True,
        security_status="unsupported",
    )  # fmt: skip
    tag = Tag(tag_name, digest, 0, start_ts, is_manifest_list=True)
    repo.tags.append(tag)
    return tag


def seed(world: World) -> None:
    """Multi-architecture tags and security reports of every status, beside the recorded tags."""
    complex_repo = world.repositories[("devtable", "complex")]
    add_manifest_list(complex_repo, "multiarch", world.now - 10)
    by_tag = {tag.name: tag for tag in complex_repo.tags}
    prod = complex_repo.manifests[by_tag["prod"].manifest_digest]
    prod.security_status, prod.security_data = (
        "scanned",
        security_data(prod.digest, _VULNERABILITIES),
    )
    staging = complex_repo.manifests[by_tag["staging"].manifest_digest]
    staging.security_status = "failed"
    clean = complex_repo.manifests[by_tag["v2.0"].manifest_digest]
    clean.security_status, clean.security_data = "scanned", security_data(clean.digest, ())
    org_latest = world.repositories[("buynlarge", "orgrepo")]
    for tag in org_latest.tags:
        manifest = org_latest.manifests[tag.manifest_digest]
        manifest.security_status = "scanned"
        manifest.security_data = security_data(manifest.digest, _VULNERABILITIES[2:4])
    # A few scanned manifests among superwide's many tags, so a page of rows mixes statuses.
    wide = world.repositories[("devtable", "superwide")]
    for tag in wide.tags[::7]:
        manifest = wide.manifests[tag.manifest_digest]
        manifest.security_status = "scanned"
        manifest.security_data = security_data(manifest.digest, _VULNERABILITIES[:2])


def huge_tag_digest(namespace: str, name: str, index: int) -> str:
    """The manifest digest of tag number `index` of a repository made by add_huge_repository."""
    return _sha(f"{namespace}/{name}:t{index:05d}")


def add_huge_repository(
    world: World, namespace: str = "devtable", name: str = "huge", tags: int = 10_000
) -> Repository:
    """A repository with many tags, each on its own manifest (for the benchmark and its test).
    Not in the default seed: building it on every reset would slow every test."""
    with world.lock:
        repo = Repository(
            namespace, name, "A repository with many tags.", status_token=str(uuid.uuid4()),
            used_bytes=tags * 1024, last_modified=world.now,
        )  # fmt: skip
        for i in range(tags):
            digest = huge_tag_digest(namespace, name, i)
            repo.manifests[digest] = Manifest(
                digest, '{"schemaVersion": 2}', [Layer(0, 1024, _sha(f"{digest}/l"))]
            )
            repo.tags.append(Tag(f"t{i:05d}", digest, 1024, world.now - i))
        world.repositories[(namespace, name)] = repo
        return repo


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


def _repository_with_role(req: Request, role: str) -> Repository:
    """The repository of the path if the caller holds `role` (and the token the scope)."""
    namespace, name = req.params["namespace"], req.params["name"]
    require_user(req)
    repo = req.world.repository(namespace, name)
    if repo is None:
        raise not_found(req)
    require_scope(req, f"repo:{role}")
    held = repository_role(req, repo)
    ranks = {None: 0, "read": 1, "write": 2, "admin": 3}
    if ranks[held] < ranks[role]:
        raise insufficient_scope(req)
    return repo


def _require_normal_state(repo: Repository) -> None:
    if repo.state != "NORMAL":
        raise plain_message(503, f"Repository is in read only or mirror mode: {repo.state}")


def tag_view(tag: Tag) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": tag.name,
        "reversion": tag.reversion,
        "immutable": tag.immutable,
        "start_ts": tag.start_ts,
    }
    if tag.end_ts is not None:
        body["end_ts"] = tag.end_ts
    body.update(
        {
            "manifest_digest": tag.manifest_digest,
            "is_manifest_list": tag.is_manifest_list,
            "size": None if tag.is_manifest_list else tag.size,
            "last_modified": http_date(tag.start_ts),
        }
    )
    if tag.end_ts is not None:
        body["expiration"] = http_date(tag.end_ts)
    return body


# --- Repositories ----------------------------------------------------------------------------


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
        at = now()
        body["tags"] = {tag.name: tag_summary(tag) for tag in repo.tags if is_live(tag, at)}
    body["can_write"] = can_write
    body["can_admin"] = can_admin
    if req.query.get("includeStats", "").lower() == "true":
        body["stats"] = _daily_actions(req.world, repo)
    return ok(body)


def _daily_actions(world: World, repo: Repository) -> list[dict[str, Any]]:
    """Quay's `stats`: pulls and pushes a day for the 30 days before today, newest first. Quay
    counts them in its repository action counter; the sandbox counts its usage log."""
    from sandbox.api.logs import all_entries  # the logs area builds on this one

    counts: Counter[str] = Counter(
        gmt_day(entry.datetime)
        for entry in all_entries(world)
        if entry.kind in ("pull_repo", "push_repo")
        and entry.namespace == repo.namespace
        and entry.repository == repo.name
    )
    days = [gmt_day(now() - back * 86400) for back in range(1, 31)]
    return [{"date": day, "count": counts[day]} for day in days]


def _summary_view(
    req: Request, repo: Repository, with_dates: bool, with_popularity: bool
) -> dict[str, Any]:
    owner = req.world.organization(repo.namespace) or req.world.user(repo.namespace)
    body: dict[str, Any] = {
        "namespace": repo.namespace,
        "name": repo.name,
        "description": repo.description,
        "is_public": repo.is_public,
        "kind": repo.kind,
        "state": repo.state,
    }
    if with_dates:
        body["last_modified"] = repo.last_modified
    if with_popularity:
        body["popularity"] = repo.popularity
    if req.principal is not None:
        body["is_starred"] = req.principal.username in repo.starred_by
    body["quota_report"] = {
        "quota_bytes": repo.used_bytes,
        "configured_quota": owner.quotas[0].limit_bytes if owner and owner.quotas else None,
    }
    return body


# Quay lists repositories in the order they were created; the fixture created them in this
# order (as recorded), which differs from the seed's grouping by namespace.
_CREATION_ORDER = {
    name: rank
    for rank, name in enumerate(
        (
            "randomuser/randomrepo", "devtable/simple", "devtable/sharedtags", "devtable/history",
            "devtable/complex", "devtable/gargantuan", "devtable/trusted", "public/publicrepo",
            "outsideorg/coolrepo", "devtable/shared", "devtable/text-full-repo",
            "devtable/building", "testorgforautoprune/autoprunerepo", "buynlarge/orgrepo",
            "buynlarge/anotherorgrepo", "devtable/superwide", "devtable/mirrored",
            "devtable/readonly", "orgwithnosuperuser/repo",
        )
    )
}  # fmt: skip


def _creation_rank(repo: Repository) -> int:
    return _CREATION_ORDER.get(repo.full_name, len(_CREATION_ORDER))


@route("GET", "/api/v1/repository")
def list_repos(req: Request) -> Response:
    namespace = req.query.get("namespace") or None
    starred = req.query.get("starred", "").lower() == "true"
    public = req.query.get("public", "").lower() == "true"
    if not (namespace or starred or public):
        raise invalid_request(req, "You must specify either a namespace, starred or public")
    if starred:
        require_user(req)
    username = req.principal.username if req.principal else None
    if req.principal is not None and not has_scope(req, "repo:read"):
        username = None  # without repo:read a token sees only what the world sees
    superuser = is_superuser(req)
    found = []
    for repo in sorted(req.world.repositories.values(), key=_creation_rank):
        if namespace and repo.namespace != namespace:
            continue
        if starred and username not in repo.starred_by:
            continue
        if not superuser and req.world.repo_role(username, repo) is None:
            continue
        found.append(repo)
    page, next_page = page_by_token(req, found, REPOS_PER_PAGE)
    with_dates = req.query.get("last_modified", "").lower() == "true"
    with_popularity = req.query.get("popularity", "").lower() == "true"
    body: dict[str, Any] = {
        "repositories": [_summary_view(req, r, with_dates, with_popularity) for r in page]
    }
    if next_page:
        body["next_page"] = next_page
    return ok(body)


@route("POST", "/api/v1/repository")
def create_repo(req: Request) -> Response:
    principal = require_scope(req, "repo:create")
    data = req.json() or {}
    namespace = str(data.get("namespace") or principal.username)
    name = str(data.get("repository") or "")
    visibility = data.get("visibility")
    if visibility not in ("public", "private"):
        raise invalid_request(req, "'visibility' must be one of ['public', 'private']")
    if not req.world.namespace_exists(namespace) or not req.world.can_create_in(
        principal.username, namespace
    ):
        raise insufficient_scope(req)
    if organization_is_mirrored(req.world, namespace):
        raise invalid_request(
            req,
            "Cannot create repository: organization is managed by organization-level mirroring",
        )
    if not REPOSITORY_NAME.match(name):
        raise invalid_request(req, "Invalid repository name")
    if req.world.repository(namespace, name):
        raise invalid_request(req, "Repository already exists")
    req.world.repositories[(namespace, name)] = Repository(
        namespace,
        name,
        str(data.get("description") or ""),
        is_public=visibility == "public",
        status_token=str(uuid.uuid4()),
        last_modified=now(),
    )
    return created({"namespace": namespace, "name": name, "kind": "image"})


@route("PUT", "/api/v1/repository/{namespace}/{name}")
def update_repo(req: Request) -> Response:
    repo = _repository_with_role(req, "admin")
    data = req.json() or {}
    if not isinstance(data.get("description"), str):
        raise invalid_request(req, "'description' is a required property")
    repo.description = data["description"]
    return ok({"success": True})


@route("DELETE", "/api/v1/repository/{namespace}/{name}")
def delete_repository(req: Request) -> Response:
    repo = _repository_with_role(req, "admin")
    del req.world.repositories[(repo.namespace, repo.name)]
    return no_content()


@route("POST", "/api/v1/repository/{namespace}/{name}/changevisibility")
def change_visibility(req: Request) -> Response:
    repo = _repository_with_role(req, "admin")
    visibility = (req.json() or {}).get("visibility")
    if visibility not in ("public", "private"):
        raise invalid_request(req, "'visibility' must be one of ['public', 'private']")
    repo.is_public = visibility == "public"
    return ok({"success": True})


@route("PUT", "/api/v1/repository/{namespace}/{name}/changestate")
def change_state(req: Request) -> Response:
    repo = _repository_with_role(req, "admin")
    state = (req.json() or {}).get("state")
    if state not in ("NORMAL", "READ_ONLY", "MIRROR"):
        raise invalid_request(req, f"Invalid repository state: {state}")
    repo.state = state
    return ok({"success": True})


@route("POST", "/api/v1/user/starred")
def create_star(req: Request) -> Response:
    principal = require_scope(req, "repo:read")
    data = req.json() or {}
    repo = req.world.repository(str(data.get("namespace")), str(data.get("repository")))
    if repo is None or req.world.repo_role(principal.username, repo) is None:
        raise not_found(req)
    repo.starred_by.add(principal.username)
    return created({"namespace": repo.namespace, "repository": repo.name})


@route("DELETE", "/api/v1/user/starred/{namespace}/{name}")
def delete_star(req: Request) -> Response:
    principal = require_scope(req, "repo:read")
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    if repo is None:
        raise not_found(req)
    repo.starred_by.discard(principal.username)
    return no_content()


@route("GET", "/api/v1/find/repositories")
def find_repositories(req: Request) -> Response:
    query = req.query.get("query", "").strip().lower()
    username = req.principal.username if req.principal else None
    found = [
        repo
        for repo in req.world.repositories.values()
        if query and query in repo.name.lower() and req.world.repo_role(username, repo) is not None
    ]
    try:
        page = max(1, int(req.query.get("page", "1")))
    except ValueError:
        page = 1
    start = (page - 1) * SEARCH_PAGE_SIZE
    results = []
    for repo in found[start : start + SEARCH_PAGE_SIZE]:
        is_org = req.world.organization(repo.namespace) is not None
        results.append(
            {
                "kind": "repository",
                "title": "repo",
                "namespace": {
                    "title": "org" if is_org else "user",
                    "kind": "org" if is_org else "user",
                    "avatar": req.world.namespace_avatar(repo.namespace).view(
                        "org" if is_org else "user"
                    ),
                    "name": repo.namespace,
                    "score": 1,
                    "href": f"/{'organization' if is_org else 'user'}/{repo.namespace}",
                },
                "name": repo.name,
                "description": repo.description,
                "is_public": repo.is_public,
                "score": 4,
                "href": f"/repository/{repo.full_name}",
            }
        )
    return ok(
        {
            "results": results,
            "has_additional": start + SEARCH_PAGE_SIZE < len(found),
            "page": page,
            "page_size": SEARCH_PAGE_SIZE,
            "start_index": start,
        }
    )


# --- Tags ------------------------------------------------------------------------------------


@route("GET", "/api/v1/repository/{namespace}/{name}/tag/")
def list_repo_tags(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    at = now()
    tags = repo.tags
    if req.query.get("onlyActiveTags", "").lower() == "true":
        tags = [tag for tag in tags if is_live(tag, at)]
    specific = req.query.get("specificTag")
    if specific:
        tags = [tag for tag in tags if tag.name == specific]
    name_filter = req.query.get("filter_tag_name", "")
    if name_filter:
        kind, _, value = name_filter.partition(":")
        if kind == "like":
            tags = [tag for tag in tags if value in tag.name]
        elif kind == "eq":
            tags = [tag for tag in tags if tag.name == value]
        else:
            raise invalid_request(req, "Invalid filter_tag_name: must start with like: or eq:")
    page, number, more = page_by_number(req, tags, default_limit=50, max_limit=100)
    return ok({"tags": [tag_view(tag) for tag in page], "page": number, "has_additional": more})


def _live_tag(repo: Repository, name: str) -> Tag | None:
    at = now()
    return next((tag for tag in repo.tags if tag.name == name and is_live(tag, at)), None)


@route("PUT", "/api/v1/repository/{namespace}/{name}/tag/{tag}")
def change_tag(req: Request) -> Response:
    repo = _repository_with_role(req, "write")
    tag_name = req.params["tag"]
    if not TAG_NAME.match(tag_name):
        raise plain_message(400, INVALID_TAG_MESSAGE)
    _require_normal_state(repo)
    data = req.json() or {}
    current = _live_tag(repo, tag_name)
    at = now()
    if current is not None and current.immutable:
        if "manifest_digest" in data:
            raise api_error(
                req, 409, "tag_immutable", f"Cannot overwrite immutable tag '{tag_name}'"
            )
        if "expiration" in data:
            raise plain_message(400, f"Cannot set expiration on immutable tag '{tag_name}'")
    if "immutable" in data:
        _change_immutable(req, repo, current, data["immutable"])
    if "manifest_digest" in data:
        manifest = repo.manifests.get(str(data["manifest_digest"]))
        if manifest is None:
            raise not_found(req)
        if current is not None:
            current.end_ts = at
        # Imported here: the policies area builds on this module.
        from sandbox.api.policies import born_immutable

        repo.tags.insert(
            0,
            Tag(tag_name, manifest.digest, manifest.compressed_size, at,
                is_manifest_list=manifest.is_manifest_list,
                immutable=born_immutable(req.world, repo, tag_name)),
        )  # fmt: skip
        repo.last_modified = at
    if "expiration" in data:
        tag = _live_tag(repo, tag_name) or raise_(not_found(req))
        expiration = data["expiration"]
        if expiration is None:
            tag.end_ts = None
        else:
            try:
                when = int(expiration)
            except (TypeError, ValueError):
                raise invalid_request(req, "Invalid expiration") from None
            if when <= at:
                raise invalid_request(req, "Expiration must be in the future")
            tag.end_ts = when
    # Quay answers with the JSON string "Updated", not a JSON object.
    return created('"Updated"')


def _change_immutable(req: Request, repo: Repository, tag: Tag | None, value: Any) -> None:
    """Write permission may make a tag immutable; only an admin may make it mutable again."""
    if not isinstance(value, bool):
        raise invalid_request(req, f"{value!r} is not of type 'boolean'")
    if tag is None:
        raise not_found(req)
    if not value and tag.immutable and repository_role(req, repo) != "admin":
        raise insufficient_scope(req)
    tag.immutable = value


@route("DELETE", "/api/v1/repository/{namespace}/{name}/tag/{tag}")
def delete_full_tag(req: Request) -> Response:
    repo = _repository_with_role(req, "write")
    _require_normal_state(repo)
    tag = _live_tag(repo, req.params["tag"]) or raise_(not_found(req))
    if tag.immutable:
        raise api_error(req, 409, "tag_immutable", f"Cannot delete immutable tag '{tag.name}'")
    tag.end_ts = now()
    return no_content()


@route("POST", "/api/v1/repository/{namespace}/{name}/tag/{tag}/restore")
def restore_tag(req: Request) -> Response:
    repo = _repository_with_role(req, "write")
    _require_normal_state(repo)
    digest = str((req.json() or {}).get("manifest_digest") or "")
    tag_name = req.params["tag"]
    if not any(t.name == tag_name and t.manifest_digest == digest for t in repo.tags):
        raise invalid_request(req, "Cannot restore tag to the given manifest")
    manifest = repo.manifests.get(digest) or raise_(not_found(req))
    at = now()
    current = _live_tag(repo, tag_name)
    if current is not None:
        current.end_ts = at
    repo.tags.insert(
        0,
        Tag(tag_name, digest, manifest.compressed_size, at, reversion=True,
            is_manifest_list=manifest.is_manifest_list),
    )  # fmt: skip
    return ok({})


# --- Manifests, labels, security -------------------------------------------------------------


def _manifest(req: Request, repo: Repository) -> Manifest:
    return repo.manifests.get(req.params["digest"]) or raise_(not_found(req))


@route("GET", "/api/v1/repository/{namespace}/{name}/manifest/{digest}")
def get_repo_manifest(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    manifest = _manifest(req, repo)
    return ok(
        {
            "digest": manifest.digest,
            "is_manifest_list": manifest.is_manifest_list,
            "manifest_data": manifest.manifest_data,
            "config_media_type": manifest.config_media_type,
            "layers_compressed_size": None
            if manifest.is_manifest_list
            else manifest.compressed_size,
            "layers": None
            if manifest.is_manifest_list
            else [
                {
                    "index": layer.index,
                    "compressed_size": layer.compressed_size,
                    "is_remote": False,
                    "urls": None,
                    "command": layer.command,
                    "comment": None,
                    "author": None,
                    "blob_digest": layer.blob_digest,
                    "created_datetime": layer.created_datetime,
                }
                for layer in manifest.layers
            ],
        }
    )


def label_view(label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "key": label.key,
        "value": label.value,
        "source_type": label.source_type,
        "media_type": label.media_type,
    }


@route("GET", "/api/v1/repository/{namespace}/{name}/manifest/{digest}/labels")
def list_manifest_labels(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    manifest = _manifest(req, repo)
    prefix = req.query.get("filter", "")
    labels = [label for label in manifest.labels if label.key.startswith(prefix)]
    return ok({"labels": [label_view(label) for label in labels]})


@route("POST", "/api/v1/repository/{namespace}/{name}/manifest/{digest}/labels")
def add_manifest_label(req: Request) -> Response:
    repo = _repository_with_role(req, "write")
    manifest = _manifest(req, repo)
    data = req.json() or {}
    key, value = str(data.get("key") or ""), data.get("value")
    media_type = data.get("media_type") or "text/plain"
    if not isinstance(value, str):
        raise invalid_request(req, "'value' is a required property")
    if media_type not in ("text/plain", "application/json"):
        raise invalid_request(req, f"Unknown label media type: {media_type}")
    if not key or len(key) > 255 or not LABEL_KEY.match(key):
        raise invalid_request(req, f"Invalid label key: {key}")
    if key.startswith(RESERVED_LABEL_PREFIXES):
        raise invalid_request(req, f"Label '{key}' has a reserved prefix")
    if media_type == "application/json":
        try:
            json.loads(value)
        except ValueError:
            raise invalid_request(req, "Expected JSON value for label") from None
    label = Label(str(uuid.uuid4()), key, value, "api", media_type)
    manifest.labels.append(label)
    return created({"label": label_view(label)})


@route("DELETE", "/api/v1/repository/{namespace}/{name}/manifest/{digest}/labels/{labelid}")
def delete_manifest_label(req: Request) -> Response:
    repo = _repository_with_role(req, "write")
    manifest = _manifest(req, repo)
    label = next((lb for lb in manifest.labels if lb.id == req.params["labelid"]), None)
    if label is None:
        raise not_found(req)
    if label.source_type != "api":
        raise invalid_request(req, "Cannot delete read-only label")
    manifest.labels.remove(label)
    return no_content()


@route("GET", "/api/v1/repository/{namespace}/{name}/manifest/{digest}/security")
def get_repo_manifest_security(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    manifest = _manifest(req, repo)
    data = manifest.security_data if manifest.security_status == "scanned" else None
    if data is not None and req.query.get("vulnerabilities", "").lower() != "true":
        data = json.loads(json.dumps(data))
        for feature in data["Layer"]["Features"]:
            feature.pop("Vulnerabilities", None)
    return ok({"status": manifest.security_status, "data": data})
