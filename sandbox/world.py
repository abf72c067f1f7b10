"""The sandbox's in-memory Quay: plain dataclasses, a `World` that holds them, demo credentials.

The data itself is in `seed.py`: the fixture world of Quay's own test suite, as captured from a
real server (same names, digests, tokens and timestamps). `build_world()` builds a fresh copy;
the server calls it on every `reset()`, then each area module adds its data through `seed(world)`.
Timestamps are Unix seconds; views format them the way Quay does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any

# --- Demo credentials (fixed, so that tests, docs and `make run` can rely on them) ----------

ALL_SCOPES: tuple[str, ...] = (
    "repo:read",
    "repo:write",
    "repo:admin",
    "repo:create",
    "user:read",
    "user:admin",
    "org:admin",
    "super:user",
)

# Quay's tokens are 40 alphanumeric characters; these keep that shape so clients can't tell.
DEMO_TOKENS: dict[str, str] = {
    "devtable": "sandboxDevtableAllScopes0000000000000001",
    "reader": "sandboxReaderRepoReadUserRead00000000002",
    "freshuser": "sandboxFreshuserAllScopes000000000000003",
    "devtable-nosuper": "sandboxDevtableNoSuperUserScope000000004",
    "globalreadonly": "sandboxGlobalReadonlySuperuser0000000005",
}

# Who each demo token signs in as, and with which scopes.
DEMO_TOKEN_GRANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "devtable": ("devtable", ALL_SCOPES),
    "reader": ("reader", ("repo:read", "user:read")),
    "freshuser": ("freshuser", ALL_SCOPES),
    "devtable-nosuper": ("devtable", tuple(s for s in ALL_SCOPES if s != "super:user")),
    # A global read-only superuser: sees the whole installation, changes none of it.
    "globalreadonly": ("globalreadonlysuperuser", ALL_SCOPES),
}

DEMO_OAUTH_CLIENT_ID = "quayside-sandbox"
DEMO_OAUTH_CLIENT_SECRET = "SANDBOXQUAYSIDECLIENTSECRET0000000000001"
DEMO_OAUTH_ORGANIZATION = "buynlarge"

# Quay answers `expires_in` with ten years for every OAuth token.
OAUTH_TOKEN_LIFETIME_S = 315576000
DEFAULT_TAG_EXPIRATION_S = 1209600


_AVATAR_COLORS = (
    "#393b79", "#5254a3", "#6b6ecf", "#9c9ede", "#637939", "#8ca252", "#b5cf6b", "#cedb9c",
    "#8c6d31", "#bd9e39", "#e7ba52", "#e7cb94", "#843c39", "#ad494a", "#d6616b", "#e7969c",
    "#7b4173", "#a55194", "#ce6dbd", "#de9ed6", "#31a354", "#ff7f0e", "#c7c7c7", "#969696",
)  # fmt: skip


# --- Entities ------------------------------------------------------------------------------


@dataclass
class Avatar:
    name: str
    hash: str
    color: str

    @classmethod
    def for_name(cls, name: str) -> Avatar:
        """A stable avatar for entities created at run time (Quay hashes the email or name)."""
        digest = hashlib.sha256(name.encode()).hexdigest()
        return cls(name, digest, _AVATAR_COLORS[int(digest[:8], 16) % len(_AVATAR_COLORS)])

    def view(self, kind: str) -> dict[str, str]:
        return {"name": self.name, "hash": self.hash, "color": self.color, "kind": kind}


@dataclass
class QuotaLimit:
    id: int
    type: str  # "Warning" or "Reject"
    limit_percent: int


@dataclass
class Quota:
    id: int
    limit_bytes: int
    limits: list[QuotaLimit] = field(default_factory=list)


@dataclass
class Robot:
    name: str  # full name, "namespace+shortname"
    token: str
    description: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    last_accessed: int | None = None
    unstructured_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        return self.name.split("+", 1)[1]


@dataclass
class User:
    username: str
    email: str
    avatar: Avatar
    super_user: bool = False
    global_readonly_super_user: bool = False
    enabled: bool = True
    verified: bool = True
    # Quay derives `preferred_namespace` and `is_free_account` from a billing id.
    paid: bool = False
    used_bytes: int = 0
    backfill_status: str = "waiting"
    tag_expiration_s: int = DEFAULT_TAG_EXPIRATION_S
    robots: dict[str, Robot] = field(default_factory=dict)  # short name -> robot
    quotas: list[Quota] = field(default_factory=list)


@dataclass
class Team:
    name: str
    description: str
    role: str  # "admin", "creator" or "member"
    avatar: Avatar
    members: list[str] = field(default_factory=list)  # usernames and robot names
    invited: list[str] = field(default_factory=list)  # pending invitations (usernames)
    is_synced: bool = False


@dataclass
class OAuthApplication:
    client_id: str
    client_secret: str
    name: str
    organization: str
    redirect_uri: str
    application_uri: str = ""
    description: str = ""
    avatar_email: str | None = None
    # The demo client accepts http://127.0.0.1:<any port> and http://localhost:<any port>.
    any_loopback_redirect: bool = False


@dataclass
class Prototype:
    id: str
    role: str
    delegate_kind: str  # "user" or "team"
    delegate: str
    activating_user: str | None = None


@dataclass
class Organization:
    name: str
    email: str
    avatar: Avatar
    paid: bool = False
    used_bytes: int = 0
    backfill_status: str = "waiting"
    tag_expiration_s: int = DEFAULT_TAG_EXPIRATION_S
    teams: dict[str, Team] = field(default_factory=dict)  # in Quay's order
    robots: dict[str, Robot] = field(default_factory=dict)  # short name -> robot
    applications: dict[str, OAuthApplication] = field(default_factory=dict)  # by client_id
    quotas: list[Quota] = field(default_factory=list)
    prototypes: list[Prototype] = field(default_factory=list)


@dataclass
class Label:
    id: str
    key: str
    value: str
    source_type: str = "api"
    media_type: str = "text/plain"


@dataclass
class Layer:
    index: int
    compressed_size: int
    blob_digest: str
    command: list[str] | None = None
    created_datetime: str | None = None


@dataclass
class Manifest:
    digest: str
    manifest_data: str
    layers: list[Layer] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    is_manifest_list: bool = False
    config_media_type: str | None = None
    security_status: str = "queued"  # the fixture server has no scanner attached
    security_data: dict[str, Any] | None = None

    @property
    def compressed_size(self) -> int:
        return sum(layer.compressed_size for layer in self.layers)


@dataclass
class Tag:
    name: str
    manifest_digest: str
    size: int
    start_ts: int
    end_ts: int | None = None  # set for expired (history) and expiring tags
    reversion: bool = False
    immutable: bool = False
    is_manifest_list: bool = False


@dataclass
class Build:
    id: str
    resource_key: str
    started: int
    phase: str = "waiting"
    display_name: str = "build-name"
    tags: list[str] = field(default_factory=lambda: ["latest"])
    trigger: dict[str, Any] | None = None
    trigger_metadata: dict[str, Any] | None = None
    manual_user: str | None = None
    pull_robot: str | None = None
    error: str | None = None
    status: dict[str, Any] = field(default_factory=dict)
    subdirectory: str = ""
    dockerfile_path: str = ""
    context: str = ""
    logs: list[dict[str, Any]] = field(default_factory=list)
    logs_archived: bool = False


@dataclass
class Repository:
    namespace: str
    name: str
    description: str | None
    is_public: bool = False
    kind: str = "image"
    state: str = "NORMAL"
    status_token: str = ""
    used_bytes: int = 0
    last_modified: int | None = None
    popularity: float = 0.0
    starred_by: set[str] = field(default_factory=set)
    tags: list[Tag] = field(default_factory=list)  # newest first, history included
    manifests: dict[str, Manifest] = field(default_factory=dict)
    user_permissions: dict[str, str] = field(default_factory=dict)  # username/robot -> role
    team_permissions: dict[str, str] = field(default_factory=dict)  # team name -> role
    builds: list[Build] = field(default_factory=list)  # newest first

    @property
    def full_name(self) -> str:
        return f"{self.namespace}/{self.name}"

    def active_tags(self) -> list[Tag]:
        now = time.time()
        return [tag for tag in self.tags if tag.end_ts is None or tag.end_ts > now]


@dataclass
class LogEntry:
    kind: str
    datetime: int
    namespace: str
    metadata: dict[str, Any] = field(default_factory=dict)
    performer: str | None = None
    repository: str | None = None
    ip: str | None = None


@dataclass
class ServiceKeyApproval:
    approval_type: str
    approved_date: int
    notes: str = ""
    approver: str | None = None


@dataclass
class ServiceKey:
    kid: str
    name: str
    service: str
    created: int
    jwk_n: str
    expiration: int | None = None
    approval: ServiceKeyApproval | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    rotation_duration: int | None = None


@dataclass
class Message:
    uuid: str
    content: str
    severity: str
    media_type: str


@dataclass
class AppToken:
    uuid: str
    owner: str
    title: str
    created: int
    last_accessed: int | None = None
    expiration: int | None = None


@dataclass
class AccessToken:
    """An OAuth access token: who it acts for and with which scopes."""

    token: str
    username: str
    scopes: frozenset[str]
    client_id: str = DEMO_OAUTH_CLIENT_ID
    title: str = ""
    uuid: str = ""
    created: int = field(default_factory=lambda: int(time.time()))


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    username: str
    scope: str  # the exact string authorized; the exchange must send it back unchanged
    redirect_uri: str
    used: bool = False


# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    # The moment the world was seeded (Unix seconds): every seeded time is relative to it.
    now: int = field(default_factory=lambda: int(time.time()))
    users: dict[str, User] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    repositories: dict[tuple[str, str], Repository] = field(default_factory=dict)
    logs: list[LogEntry] = field(default_factory=list)  # newest first
    service_keys: dict[str, ServiceKey] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    app_tokens: list[AppToken] = field(default_factory=list)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    authorization_codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    # Quay numbers quotas and quota limits from shared sequences; seeded to continue them.
    counters: dict[str, int] = field(default_factory=dict)
    # Room for area modules that need state of their own (keyed by area name).
    extras: dict[str, Any] = field(default_factory=dict)
    # One lock for the whole world: handlers are quick, so serializing them is simplest.
    lock: threading.RLock = field(default_factory=threading.RLock)

    def at(self, offset: int) -> int:
        """The moment `offset` seconds after the seed moment (before it when negative). The seed
        keeps the recorded world's times as offsets from the moment it was captured, so a world
        seeded on any day looks as old as the recorded one did then."""
        return self.now + offset

    def next_id(self, sequence: str) -> int:
        self.counters[sequence] = self.counters.get(sequence, 0) + 1
        return self.counters[sequence]

    # Look-ups that answer None when absent, so handlers can turn that into a 404.
    def user(self, username: str) -> User | None:
        return self.users.get(username)

    def organization(self, name: str) -> Organization | None:
        return self.organizations.get(name)

    def repository(self, namespace: str, name: str) -> Repository | None:
        return self.repositories.get((namespace, name))

    def namespace_exists(self, name: str) -> bool:
        return name in self.users or name in self.organizations

    def namespace_avatar(self, name: str) -> Avatar:
        owner = self.users.get(name) or self.organizations.get(name)
        return owner.avatar if owner else Avatar.for_name(name)

    def robot(self, full_name: str) -> Robot | None:
        namespace, _, short = full_name.partition("+")
        owner = self.users.get(namespace) or self.organizations.get(namespace)
        return owner.robots.get(short) if owner and short else None

    # Membership and permissions, as Quay computes them from teams.
    def teams_of(self, member: str, org_name: str) -> list[Team]:
        org = self.organizations.get(org_name)
        return [t for t in org.teams.values() if member in t.members] if org else []

    def is_org_member(self, member: str, org_name: str) -> bool:
        return bool(self.teams_of(member, org_name))

    def is_org_admin(self, username: str, org_name: str) -> bool:
        return any(team.role == "admin" for team in self.teams_of(username, org_name))

    def user_organizations(self, username: str) -> list[Organization]:
        return [o for o in self.organizations.values() if self.is_org_member(username, o.name)]

    def can_create_in(self, username: str, namespace: str) -> bool:
        if namespace == username:
            return True
        return any(t.role in ("admin", "creator") for t in self.teams_of(username, namespace))

    def repo_role(self, username: str | None, repo: Repository) -> str | None:
        """The strongest role ("admin", "write", "read") a user holds on a repository."""
        if username is None:
            return "read" if repo.is_public else None
        ranks = {"read": 1, "write": 2, "admin": 3}
        roles: list[str] = []
        user = self.users.get(username)
        if user is not None and user.global_readonly_super_user:
            roles.append("read")  # Quay's global read-only superuser reads every repository
        if repo.namespace == username or self.is_org_admin(username, repo.namespace):
            roles.append("admin")
        if username in repo.user_permissions:
            roles.append(repo.user_permissions[username])
        for team in self.teams_of(username, repo.namespace):
            if team.name in repo.team_permissions:
                roles.append(repo.team_permissions[team.name])
        if repo.is_public:
            roles.append("read")
        return max(roles, key=lambda role: ranks[role]) if roles else None


def build_world(now: float | None = None) -> World:
    """A fresh copy of the core seed, seeded at `now` (the current time unless given).

    Area modules add theirs through their `seed` hooks.
    """
    # Imported here: the seed module builds on the entities above.
    from sandbox.seed import seed_core

    world = World() if now is None else World(now=int(now))
    seed_core(world)
    return world


__all__ = [
    "ALL_SCOPES",
    "DEMO_OAUTH_CLIENT_ID",
    "DEMO_OAUTH_CLIENT_SECRET",
    "DEMO_TOKENS",
    "DEMO_TOKEN_GRANTS",
    "World",
    "build_world",
]
