"""The security review of a namespace: the newest tags of every repository with each
manifest's security summary, and the vulnerabilities they share.

Quay answers security one manifest at a time, so the review reads the namespace's repositories,
one page of newest tags per repository, then each distinct digest's security once (through the
tags page's per-digest cache, so a second look costs only the tag listings). Calls: the
repository pages (one per 100), one per repository, one per distinct digest not in the cache,
at most `POOL_SIZE` at a time. It is built in the background like the access review
(`web.background`): the cache holds only what the tables need.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayAuthError, QuayError
from dashboard.quay.repositories import SEVERITIES, SecurityReport
from dashboard.repositories import security as digest_cache
from dashboard.web.background import BackgroundReport, Progress

POOL_SIZE = 8
DEPTHS = range(1, 11)
DEFAULT_DEPTH = 3
# What Quay's `status` can be, and ours when Quay would not say.
STATUSES = ("scanned", "queued", "unsupported", "failed", "unavailable")
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
TOP_VULNERABILITIES_SHOWN = 50


@dataclass(frozen=True)
class Finding:
    name: str
    severity: str
    package: str
    fixed_by: str
    link: str


@dataclass(frozen=True)
class Scan:
    """One manifest's security, reduced to what the tables show."""

    status: str
    findings: tuple[Finding, ...] = ()
    message: str = ""

    @property
    def counts(self) -> dict[str, int]:
        found = {severity: 0 for severity in SEVERITIES}
        for finding in self.findings:
            found[finding.severity] += 1
        return found

    @property
    def fixable(self) -> int:
        return sum(1 for finding in self.findings if finding.fixed_by)

    @classmethod
    def from_report(cls, report: SecurityReport) -> Scan:
        status = report.status if report.status in STATUSES else "unavailable"
        findings = tuple(
            Finding(v.name, v.severity, v.package, v.fixed_by, v.link)
            for v in report.vulnerabilities
        )
        return cls(status, findings)


@dataclass(frozen=True)
class TagEntry:
    tag: str
    digest: str
    is_manifest_list: bool
    last_modified: str | None


@dataclass
class Snapshot(Progress):
    namespace: str
    depth: int = DEFAULT_DEPTH
    repositories: list[str] = field(default_factory=list)
    tags: dict[str, list[TagEntry]] = field(default_factory=dict)  # repository -> newest tags
    scans: dict[str, Scan] = field(default_factory=dict)  # digest -> its security
    digests: int = 0  # distinct digests to read, known once every repository is listed
    failed: dict[str, str] = field(default_factory=dict)  # repository -> Quay's message

    @property
    def listed(self) -> int:
        return len(self.tags) + len(self.failed)

    @property
    def total(self) -> int:
        return len(self.repositories) + self.digests

    @property
    def completed(self) -> int:
        return self.listed + len(self.scans)

    @property
    def percent(self) -> int:
        return int(100 * self.completed / self.total) if self.total else 0


BACKGROUND: BackgroundReport[Snapshot] = BackgroundReport("security-review")


def start(
    client: QuayClient, person: str, namespace: str, depth: int, *, force: bool = False
) -> Snapshot:
    """The review in the cache, or a new build in the background. A finished review of another
    depth is rebuilt; one still building is shown as it is (one build at a time per person and
    namespace), and the page's next poll asks again once it is done."""
    cached = None if force else BACKGROUND.load(person, namespace)
    if cached is not None and cached.done and cached.depth != depth:
        force = True
    return BACKGROUND.start(
        person,
        namespace,
        Snapshot(namespace=namespace, depth=depth),
        lambda snapshot, key: build(client, person, snapshot, key),
        force=force,
    )


def load(person: str, namespace: str) -> Snapshot | None:
    return BACKGROUND.load(person, namespace)


def build_now(client: QuayClient, person: str, namespace: str, depth: int) -> Snapshot:
    """Build the review in this request (the CSV export of a review not in the cache)."""
    snapshot = Snapshot(namespace=namespace, depth=depth)
    build(client, person, snapshot, BACKGROUND.key(person, namespace))
    return snapshot


def build(client: QuayClient, person: str, snapshot: Snapshot, key: str) -> None:
    try:
        _gather(client, person, snapshot, key)
    except QuayAuthError as exc:
        # The token stopped working mid-way: nothing more can be read.
        BACKGROUND.refuse(key, snapshot, exc.message)


def _gather(client: QuayClient, person: str, snapshot: Snapshot, key: str) -> None:
    namespace = snapshot.namespace
    try:
        repositories = client.list_all_repos(namespace)
    except QuayError as exc:
        BACKGROUND.refuse(key, snapshot, exc.message)
        return
    snapshot.repositories = sorted(repo.name for repo in repositories)
    BACKGROUND.save(key, snapshot)

    def list_tags(name: str) -> tuple[str, list[TagEntry] | QuayError]:
        try:
            tags = client.list_newest_tags(namespace, name, snapshot.depth)
        except QuayAuthError:
            raise
        except QuayError as exc:
            return name, exc
        entries = [
            TagEntry(t.name, t.manifest_digest, t.is_manifest_list, t.last_modified)
            for t in tags[: snapshot.depth]
        ]
        return name, entries

    listed = BACKGROUND.each_completed(
        key, snapshot, list_tags, snapshot.repositories, pool_size=POOL_SIZE
    )
    for name, result in listed:
        if isinstance(result, QuayError):
            snapshot.failed[name] = result.message
        else:
            snapshot.tags[name] = result

    # Each distinct digest once, read through the first repository that has it.
    where: dict[str, str] = {}
    for name in snapshot.repositories:
        for entry in snapshot.tags.get(name, []):
            where.setdefault(entry.digest, name)
    snapshot.digests = len(where)
    BACKGROUND.save(key, snapshot)

    def scan(digest: str) -> tuple[str, Scan]:
        try:
            report = digest_cache.scoped_security_report(
                person, client, namespace, where[digest], digest
            )
        except QuayAuthError:
            raise
        except QuayError as exc:
            return digest, Scan("unavailable", message=exc.message)
        return digest, Scan.from_report(report)

    for digest, scanned in BACKGROUND.each_completed(
        key, snapshot, scan, where, pool_size=POOL_SIZE
    ):
        snapshot.scans[digest] = scanned
    BACKGROUND.finish(key, snapshot)


def forget(person: str, namespace: str) -> None:
    BACKGROUND.forget(person, namespace)


# --- The tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    repository: str
    tag: str
    digest: str
    is_manifest_list: bool
    last_modified: str | None
    scan: Scan

    @property
    def counts(self) -> dict[str, int]:
        return self.scan.counts


@dataclass(frozen=True)
class Filters:
    severity: str = ""  # at least this severity
    fixable: bool = False
    repository: str = ""
    status: str = ""

    @property
    def active(self) -> bool:
        return bool(self.severity or self.fixable or self.repository or self.status)

    def keeps(self, finding: Finding) -> bool:
        if self.fixable and not finding.fixed_by:
            return False
        return not self.severity or (
            SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[self.severity]
        )


# Rows with nothing found: a failed or unreadable scan deserves a look before a queued one, and
# a clean scan comes last.
_QUIET_ORDER = {"failed": 0, "unavailable": 1, "queued": 2, "unsupported": 3, "scanned": 4}


def _worst_first(row: Row) -> tuple[int, ...]:
    counts = row.counts
    return (
        -counts["Critical"],
        -counts["High"],
        -row.scan.fixable,
        -counts["Medium"],
        -counts["Low"],
        -counts["Negligible"] - counts["Unknown"],
        _QUIET_ORDER.get(row.scan.status, 1),
    )


def rows(snapshot: Snapshot, filters: Filters) -> list[Row]:
    """Every (repository, tag) of the review that passes the filters, worst first."""
    found = []
    for name in snapshot.repositories:
        if filters.repository and filters.repository not in name:
            continue
        for entry in snapshot.tags.get(name, []):
            scan = snapshot.scans.get(entry.digest)
            if scan is None:
                continue  # not read yet
            if filters.status and scan.status != filters.status:
                continue
            if (filters.severity or filters.fixable) and not any(
                filters.keeps(f) for f in scan.findings
            ):
                continue
            found.append(
                Row(
                    name, entry.tag, entry.digest, entry.is_manifest_list, entry.last_modified, scan
                )
            )
    found.sort(key=lambda row: (_worst_first(row), row.repository, row.tag))
    return found


@dataclass
class Advisory:
    """One vulnerability across the namespace."""

    name: str
    severity: str
    link: str = ""
    packages: set[str] = field(default_factory=set)
    fixed_in: set[str] = field(default_factory=set)
    repositories: set[str] = field(default_factory=set)
    tags: set[tuple[str, str]] = field(default_factory=set)

    @property
    def fixable(self) -> bool:
        return bool(self.fixed_in)

    @property
    def package_names(self) -> str:
        return ", ".join(sorted(self.packages))

    @property
    def fixed_versions(self) -> str:
        return ", ".join(sorted(self.fixed_in))


def top_vulnerabilities(rows: Iterable[Row], filters: Filters) -> list[Advisory]:
    """The vulnerabilities of the given rows, most severe and most widespread first."""
    found: dict[str, Advisory] = {}
    for row in rows:
        for finding in row.scan.findings:
            if not filters.keeps(finding):
                continue
            advisory = found.get(finding.name)
            if advisory is None:
                advisory = found[finding.name] = Advisory(finding.name, finding.severity)
            elif SEVERITY_RANK[finding.severity] < SEVERITY_RANK[advisory.severity]:
                advisory.severity = finding.severity
            advisory.link = advisory.link or finding.link
            advisory.packages.add(finding.package)
            if finding.fixed_by:
                advisory.fixed_in.add(finding.fixed_by)
            advisory.repositories.add(row.repository)
            advisory.tags.add((row.repository, row.tag))
    return sorted(
        found.values(),
        key=lambda a: (SEVERITY_RANK[a.severity], -len(a.tags), -len(a.repositories), a.name),
    )


# --- CSV ------------------------------------------------------------------------------------

TAGS_HEADER = (
    "repository", "tag", "digest", "status", *(s.lower() for s in SEVERITIES), "fixable",
)  # fmt: skip
VULNERABILITIES_HEADER = (
    "vulnerability", "severity", "packages", "repositories", "tags", "fixed_in", "link",
)  # fmt: skip


def _csv_safe(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; what Quay says is data.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def tag_csv_rows(snapshot: Snapshot, shown: list[Row]) -> Iterator[tuple[str, ...]]:
    yield TAGS_HEADER
    for row in shown:
        counts = row.counts
        yield (
            _csv_safe(row.repository),
            _csv_safe(row.tag),
            row.digest,
            row.scan.status,
            *(str(counts[s]) for s in SEVERITIES),
            str(row.scan.fixable),
        )
    for name, message in snapshot.failed.items():
        yield (
            _csv_safe(name),
            "",
            "",
            "error: " + _csv_safe(message),
            *("" for _ in SEVERITIES),
            "",
        )


def vulnerability_csv_rows(advisories: list[Advisory]) -> Iterator[tuple[str, ...]]:
    yield VULNERABILITIES_HEADER
    for a in advisories:
        yield (
            _csv_safe(a.name),
            a.severity,
            _csv_safe(a.package_names.replace(", ", "; ")),
            str(len(a.repositories)),
            str(len(a.tags)),
            _csv_safe(a.fixed_versions.replace(", ", "; ")),
            _csv_safe(a.link),
        )


class _Line:
    """A file-like object whose write returns the line: csv.writer then yields text."""

    def write(self, value: str) -> str:
        return value


def stream_csv(lines: Iterable[tuple[str, ...]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    for line in lines:
        yield writer.writerow(line)
