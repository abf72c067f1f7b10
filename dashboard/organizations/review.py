"""The organization access review: who can reach which repository, with which role, and why.

Quay answers this one repository at a time, so the review is gathered from the organization
(teams and their roles), its members (with their teams), its robots (with their teams and last
use), the list of repositories, and two permission lists per repository. Those per-repository
calls run in a bounded pool of `POOL_SIZE`.

Gathering 200 repositories takes seconds, so it runs in a background thread that writes its
progress into the cache under the person and the organization (the cache is Redis in
production, so any instance can answer the page's polls). What is cached is only what the matrix
needs — each repository's grants, never a raw answer and never a robot token — so memory grows
with the matrix. The matrix itself is computed from that snapshot when a page is rendered.
"""

from __future__ import annotations

import copy
import csv
import io
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from django.core.cache import cache

from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayError
from dashboard.quay.organizations import ROLE_RANK, Permission, strongest_role
from dashboard.web import clock

logger = logging.getLogger(__name__)

POOL_SIZE = 8
# A finished review is reused this long; "Refresh" rebuilds at once.
CACHE_SECONDS = 120
# A build that has not written for this long is taken as dead (its process went away).
STALE_BUILD_SECONDS = 120
# Progress reaches the cache at most this often, so Redis sees tens of writes, not hundreds.
PROGRESS_INTERVAL_S = 0.25
ADMIN_MANY_THRESHOLD = 10
UNUSED_ROBOT_DAYS = 90


@dataclass
class Snapshot:
    """Everything the matrix is computed from, as it stands (partial while building)."""

    org: str
    state: str = "building"  # "building", "done" or "refused"
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    error: str = ""
    team_roles: dict[str, str] = field(default_factory=dict)  # team -> member/creator/admin
    member_teams: dict[str, list[str]] = field(default_factory=dict)  # user -> teams
    robot_teams: dict[str, list[str]] = field(default_factory=dict)  # robot -> teams
    robot_last_used: dict[str, str | None] = field(default_factory=dict)
    repositories: list[tuple[str, bool]] = field(default_factory=list)  # (name, is_public)
    user_grants: dict[str, dict[str, str]] = field(default_factory=dict)  # repo -> name -> role
    team_grants: dict[str, dict[str, str]] = field(default_factory=dict)  # repo -> team -> role
    outside_users: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # repo -> Quay's message

    @property
    def total(self) -> int:
        return len(self.repositories)

    @property
    def completed(self) -> int:
        return len(self.user_grants) + len(self.failed)

    @property
    def done(self) -> bool:
        return self.state != "building"

    @property
    def percent(self) -> int:
        return int(100 * self.completed / self.total) if self.total else 0


# --- Gathering ------------------------------------------------------------------------------


def cache_key(user_id: int | str, org: str) -> str:
    return f"access-review:{user_id}:{org}"


def load(user_id: int | str, org: str) -> Snapshot | None:
    snapshot: Snapshot | None = cache.get(cache_key(user_id, org))
    stale = snapshot is not None and clock.timestamp() - snapshot.updated > STALE_BUILD_SECONDS
    if snapshot is not None and not snapshot.done and stale:
        return None
    return snapshot


def start(client: QuayClient, user_id: int | str, org: str, *, force: bool = False) -> Snapshot:
    """The review in the cache, or a new build started in the background. One build at a time
    per person and organization, across every process: "Refresh" during a build shows it."""
    key = cache_key(user_id, org)
    existing = None if force else load(user_id, org)
    if existing is not None:
        return existing
    snapshot = Snapshot(org)
    # `add` is atomic in the shared cache (Redis, or the database cache): of two requests at
    # once, in any processes, one starts the build. The claim lasts until the build ends (or
    # is taken as dead, like its snapshot).
    if not cache.add(_claim_key(key), snapshot.build_id, STALE_BUILD_SECONDS):
        return load(user_id, org) or snapshot
    cache.set(key, snapshot, STALE_BUILD_SECONDS)
    # The page renders its own copy: the thread fills `snapshot` in while the page reads.
    shown = copy.deepcopy(snapshot)
    thread = threading.Thread(
        target=_build_quietly, args=(client, key, snapshot), name=f"access-review:{org}"
    )
    thread.daemon = True
    thread.start()
    return shown


def build_now(client: QuayClient, user_id: int | str, org: str) -> Snapshot:
    """Build the review in this request (the CSV export of a review not in the cache)."""
    snapshot = Snapshot(org)
    build(client, snapshot, cache_key(user_id, org))
    return snapshot


def _claim_key(key: str) -> str:
    return f"{key}:claim"


def _build_quietly(client: QuayClient, key: str, snapshot: Snapshot) -> None:
    try:
        build(client, snapshot, key)
    except Exception:
        # A thread's exception would vanish; the page shows what it knows and may refresh.
        logger.exception("access review of %s failed", snapshot.org)
        snapshot.state = "refused"
        snapshot.error = snapshot.error or "The review could not be completed."
        _save(key, snapshot, CACHE_SECONDS)
    finally:
        if cache.get(_claim_key(key)) == snapshot.build_id:
            cache.delete(_claim_key(key))


def build(client: QuayClient, snapshot: Snapshot, key: str) -> None:
    org = snapshot.org
    try:
        organization, members, robots, repositories = gather(
            lambda: client.get_organization(org),
            lambda: client.list_organization_members(org),
            lambda: client.list_robots(org, is_organization=True, permissions=True),
            lambda: client.list_all_repos(org),
        )
    except QuayError as exc:
        snapshot.state = "refused"
        snapshot.error = exc.message
        _save(key, snapshot, CACHE_SECONDS)
        return
    snapshot.team_roles = {team.name: team.role for team in organization.teams}
    snapshot.member_teams = {m.name: list(m.teams) for m in members}
    snapshot.robot_teams = {robot.name: list(robot.teams) for robot in robots}
    snapshot.robot_last_used = {robot.name: robot.last_accessed for robot in robots}
    snapshot.repositories = [(repo.name, repo.is_public) for repo in repositories]
    _save(key, snapshot)

    def fetch(name: str) -> tuple[str, tuple[list[Permission], list[Permission]] | QuayError]:
        try:
            users = client.list_repo_user_permissions(org, name)
            teams = client.list_repo_team_permissions(org, name)
        except QuayError as exc:
            return name, exc
        return name, (users, teams)

    last_write = time.monotonic()
    with ThreadPoolExecutor(max_workers=POOL_SIZE) as pool:
        futures = [pool.submit(fetch, name) for name, _ in snapshot.repositories]
        for future in as_completed(futures):
            name, result = future.result()
            if isinstance(result, QuayError):
                snapshot.failed[name] = result.message
            else:
                users, teams = result
                snapshot.user_grants[name] = {p.name: p.role for p in users}
                snapshot.team_grants[name] = {p.name: p.role for p in teams}
                snapshot.outside_users.update(
                    p.name for p in users if p.kind == "user" and p.is_org_member is False
                )
            if time.monotonic() - last_write >= PROGRESS_INTERVAL_S:
                _save(key, snapshot)
                last_write = time.monotonic()
    snapshot.state = "done"
    _save(key, snapshot, CACHE_SECONDS)


def _save(key: str, snapshot: Snapshot, timeout: int = STALE_BUILD_SECONDS) -> None:
    current: Snapshot | None = cache.get(key)
    newer = current is not None and current.started > snapshot.started
    if current is not None and current.build_id != snapshot.build_id and newer:
        # A refresh started a newer build: this one must not overwrite it.
        return
    snapshot.updated = clock.timestamp()
    cache.set(key, snapshot, timeout)
    if not snapshot.done:
        # A long build keeps its claim as long as it shows progress.
        cache.touch(_claim_key(key), STALE_BUILD_SECONDS)


def forget(user_id: int | str, org: str) -> None:
    """After a change made through Quayside, the person's cached review is out of date."""
    cache.delete(cache_key(user_id, org))


# --- The matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    role: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Principal:
    kind: str  # "user", "robot" or "team"
    name: str
    outside: bool = False
    teams: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass
class Matrix:
    repositories: list[tuple[str, bool]]
    principals: list[Principal]
    cells: dict[str, dict[str, Cell]]  # principal key -> repository -> cell
    failed: dict[str, str]

    def cell(self, principal: Principal, repository: str) -> Cell | None:
        return self.cells.get(principal.key, {}).get(repository)

    def rows(self) -> list[tuple[Principal, list[Cell | None]]]:
        return [
            (principal, [self.cell(principal, name) for name, _ in self.repositories])
            for principal in self.principals
        ]


def build_matrix(snapshot: Snapshot) -> Matrix:
    """Effective roles: a user's or robot's own grant and every grant of their teams, the
    strongest winning; an admin team, and every member of one, administers every repository."""
    admin_teams = {team for team, role in snapshot.team_roles.items() if role == "admin"}
    teams_of: dict[str, list[str]] = {**snapshot.member_teams, **snapshot.robot_teams}
    principals: dict[str, Principal] = {}

    def principal(kind: str, name: str) -> Principal:
        key = f"{kind}:{name}"
        if key not in principals:
            principals[key] = Principal(
                kind,
                name,
                outside=kind == "user" and name in snapshot.outside_users,
                teams=tuple(teams_of.get(name, ())),
            )
        return principals[key]

    for name in snapshot.team_roles:
        principal("team", name)
    for name in snapshot.member_teams:
        principal("user", name)
    for name in snapshot.robot_teams:
        principal("robot", name)

    cells: dict[str, dict[str, Cell]] = {}

    def grant(who: Principal, repository: str, role: str, source: str) -> None:
        row = cells.setdefault(who.key, {})
        current = row.get(repository)
        if current is None:
            row[repository] = Cell(role, (source,))
        else:
            best = strongest_role(current.role, role) or role
            row[repository] = Cell(best, (*current.sources, source))

    for repository, _public in snapshot.repositories:
        if repository not in snapshot.user_grants:
            continue
        for name, role in snapshot.user_grants[repository].items():
            grant(principal("robot" if "+" in name else "user", name), repository, role, "direct")
        for team, role in snapshot.team_grants.get(repository, {}).items():
            grant(principal("team", team), repository, role, "direct")
            for member, member_teams in teams_of.items():
                if team in member_teams:
                    kind = "robot" if "+" in member else "user"
                    grant(principal(kind, member), repository, role, f"team {team}")
        for team in admin_teams:
            # An admin team administers the whole organization, so every repository in it.
            grant(principal("team", team), repository, "admin", "organization admin team")
        for member, member_teams in teams_of.items():
            for team in member_teams:
                if team in admin_teams:
                    kind = "robot" if "+" in member else "user"
                    grant(
                        principal(kind, member), repository, "admin", f"organization admin ({team})"
                    )
                    break
    order = {"user": 0, "robot": 1, "team": 2}
    ordered = sorted(principals.values(), key=lambda p: (order[p.kind], p.name))
    return Matrix(list(snapshot.repositories), ordered, cells, dict(snapshot.failed))


def filter_matrix(
    matrix: Matrix, *, principal: str = "", repository: str = "", role: str = ""
) -> Matrix:
    """Keep principals whose name contains `principal`, repositories whose name contains
    `repository` (and that a kept principal reaches, once principals are narrowed), and (with
    `role`) only cells of at least that role."""
    repositories = [(name, public) for name, public in matrix.repositories if repository in name]
    minimum = ROLE_RANK.get(role, 0)
    cells: dict[str, dict[str, Cell]] = {}
    for key, row in matrix.cells.items():
        kept = {
            name: cell
            for name, cell in row.items()
            if ROLE_RANK.get(cell.role, 0) >= minimum and repository in name
        }
        if kept:
            cells[key] = kept
    principals = [
        p for p in matrix.principals if principal in p.name and (not role or p.key in cells)
    ]
    failed = {name: message for name, message in matrix.failed.items() if repository in name}
    if principal or role:
        # Narrowed to a few principals, the columns they cannot reach are only noise.
        reached = {name for p in principals for name in cells.get(p.key, {})}
        repositories = [r for r in repositories if r[0] in reached or r[0] in failed]
    return Matrix(repositories, principals, cells, failed)


# --- Flags ----------------------------------------------------------------------------------


@dataclass
class Flags:
    admin_on_many: list[tuple[Principal, int]]
    outside_writers: list[tuple[Principal, list[str]]]
    unused_robots: list[tuple[str, str | None]]  # robot, last used (None: never)
    without_admin: list[str]
    public: list[str]

    @property
    def count(self) -> int:
        return sum(
            len(items)
            for items in (
                self.admin_on_many,
                self.outside_writers,
                self.unused_robots,
                self.without_admin,
                self.public,
            )
        )


def _explicit_admin(cell: Cell) -> bool:
    """Admin granted on the repository itself (own or team grant), not the organization role."""
    return cell.role == "admin" and any(
        not source.startswith("organization admin") for source in cell.sources
    )


def flags(snapshot: Snapshot, matrix: Matrix, *, now: float | None = None) -> Flags:
    now = clock.timestamp() if now is None else now
    admin_on_many = []
    outside_writers = []
    for p in matrix.principals:
        row = matrix.cells.get(p.key, {})
        admins = sum(1 for cell in row.values() if _explicit_admin(cell))
        if admins >= ADMIN_MANY_THRESHOLD:
            admin_on_many.append((p, admins))
        if p.outside:
            writes = sorted(name for name, cell in row.items() if cell.role in ("write", "admin"))
            if writes:
                outside_writers.append((p, writes))
    unused: list[tuple[str, str | None]] = []
    for robot, last in sorted(snapshot.robot_last_used.items()):
        if last is None:
            unused.append((robot, None))
            continue
        try:
            used = parsedate_to_datetime(last).timestamp()
        except (TypeError, ValueError):
            continue
        if now - used > UNUSED_ROBOT_DAYS * 86400:
            unused.append((robot, last))
    without_admin = [
        name
        for name, _ in snapshot.repositories
        if name in snapshot.user_grants
        and "admin" not in snapshot.user_grants[name].values()
        and "admin" not in snapshot.team_grants.get(name, {}).values()
    ]
    public = [name for name, is_public in snapshot.repositories if is_public]
    admin_on_many.sort(key=lambda item: (-item[1], item[0].name))
    return Flags(admin_on_many, outside_writers, unused, without_admin, public)


# --- CSV ------------------------------------------------------------------------------------

CSV_HEADER = ("principal_kind", "principal", "repository", "role", "source", "public")


def _csv_safe(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; names from Quay are data.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_rows(matrix: Matrix) -> Iterable[tuple[str, ...]]:
    public = dict(matrix.repositories)
    yield CSV_HEADER
    for principal, cells in matrix.rows():
        for (repository, _), cell in zip(matrix.repositories, cells, strict=True):
            if cell is None:
                continue
            yield (
                principal.kind,
                _csv_safe(principal.name),
                _csv_safe(repository),
                cell.role,
                _csv_safe("; ".join(cell.sources)),
                "yes" if public[repository] else "no",
            )
    for repository, message in matrix.failed.items():
        yield ("error", "", _csv_safe(repository), "", _csv_safe(message), "")


def to_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(csv_rows(matrix))
    return out.getvalue()
