"""Quay operations for the usage logs of a repository, an organization, the user and the system.

Quay pages logs with an opaque `next_page` (20 entries a page); a page may be empty and still
carry a `next_page`. Dates go as `MM/DD/YYYY` in UTC, the end date inclusive (Quay adds a day).
Only the organization and user endpoints accept `performer`; none filters by kind; the
superuser has no `exportlogs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any

from .errors import QuayUnavailable
from .pagination import TokenPage
from .transport import QuayTransport, api_path

QUAY_DATE_FORMAT = "%m/%d/%Y"


class LogScopeKind(StrEnum):
    REPOSITORY = "repository"
    ORGANIZATION = "organization"
    USER = "user"
    SUPERUSER = "superuser"


@dataclass(frozen=True)
class LogScope:
    """Whose logs: a repository (`namespace`/`name`), an organization (`namespace`), the
    signed-in user, or the whole system."""

    kind: LogScopeKind
    namespace: str = ""
    name: str = ""

    @property
    def accepts_performer(self) -> bool:
        return self.kind in (LogScopeKind.ORGANIZATION, LogScopeKind.USER)

    @property
    def can_export_in_quay(self) -> bool:
        return self.kind != LogScopeKind.SUPERUSER

    def _path(self, leaf: str) -> str:
        if self.kind == LogScopeKind.REPOSITORY:
            return api_path(
                "repository/{namespace}/{name}/" + leaf, namespace=self.namespace, name=self.name
            )
        if self.kind == LogScopeKind.ORGANIZATION:
            return api_path("organization/{orgname}/" + leaf, orgname=self.namespace)
        if self.kind == LogScopeKind.USER:
            return api_path("user/" + leaf)
        return api_path("superuser/" + leaf)


@dataclass(frozen=True)
class Performer:
    """Who acted. Quay names users and robots; an OAuth application acting for a user shows
    only in the entry's metadata (`oauth_token_application`)."""

    name: str
    is_robot: bool = False
    avatar_color: str = ""


@dataclass(frozen=True)
class MirrorChange:
    """A mirror event's details: a setting that `changed` (and what `to`), or the worker's
    `message`, and the `tags` it synced."""

    changed: str = ""
    to: str = ""
    message: str = ""
    tags: tuple[str, ...] = ()

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any]) -> MirrorChange:
        def text(key: str) -> str:
            value = metadata.get(key)
            return str(value) if isinstance(value, str | int | float | bool) else ""

        tags = metadata.get("tags")
        return cls(
            changed=text("changed"),
            to=text("to"),
            message=text("message"),
            tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        )


@dataclass(frozen=True)
class LogNamespace:
    name: str
    is_organization: bool


@dataclass(frozen=True)
class LogEntry:
    kind: str
    metadata: dict[str, Any]
    ip: str | None
    datetime: datetime | None
    performer: Performer | None = None
    # Only the superuser's logs name the namespace of each entry.
    namespace: LogNamespace | None = None
    raw_datetime: str = ""

    @property
    def repository(self) -> str:
        """The repository an entry of a namespace's or the user's log is about, if any."""
        value = self.metadata.get("repo")
        return str(value) if isinstance(value, str) else ""

    @property
    def mirror_change(self) -> MirrorChange:
        """What a `repo_mirror_*` entry's metadata says changed (the mirror's history)."""
        return MirrorChange.from_metadata(self.metadata)

    @property
    def application(self) -> str | None:
        """The OAuth application that acted on behalf of the performer, if any."""
        value = self.metadata.get("oauth_token_application")
        return str(value) if value else None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> LogEntry:
        performer_body = body.get("performer")
        performer = None
        if isinstance(performer_body, dict) and performer_body.get("name"):
            performer = Performer(
                name=str(performer_body["name"]),
                is_robot=bool(performer_body.get("is_robot", False)),
                avatar_color=str((performer_body.get("avatar") or {}).get("color", "")),
            )
        namespace_body = body.get("namespace")
        namespace = None
        if isinstance(namespace_body, dict) and namespace_body.get("name"):
            namespace = LogNamespace(
                name=str(namespace_body["name"]),
                is_organization=namespace_body.get("kind") == "org",
            )
        metadata = body.get("metadata")
        return cls(
            kind=str(body.get("kind") or ""),
            metadata=metadata if isinstance(metadata, dict) else {},
            ip=body.get("ip") or None,
            datetime=_parse_time(body.get("datetime")),
            performer=performer,
            namespace=namespace,
            raw_datetime=str(body.get("datetime") or ""),
        )


@dataclass(frozen=True)
class AggregatedCount:
    kind: str
    count: int
    day: date


@dataclass(frozen=True)
class LogExport:
    export_id: str


@dataclass(frozen=True)
class DateRange:
    """Inclusive UTC dates, as Quay reads them."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def params(self) -> dict[str, str]:
        return {
            "starttime": self.start.strftime(QUAY_DATE_FORMAT),
            "endtime": self.end.strftime(QUAY_DATE_FORMAT),
        }


LogPage = TokenPage[LogEntry]


def _parse_time(value: object) -> datetime | None:
    """Quay's RFC 2822 dates ("Thu, 26 Nov 2026 18:51:19 -0000"), always UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _log_params(
    scope: LogScope, dates: DateRange, performer: str, next_page: str | None
) -> dict[str, Any]:
    params: dict[str, Any] = dates.params()
    if performer:
        if not scope.accepts_performer:
            raise ValueError(f"Quay's {scope.kind} logs take no performer filter")
        params["performer"] = performer
    if next_page:
        params["next_page"] = next_page
    return params


class UsageLogsApi(QuayTransport):
    def list_repo_logs(
        self, namespace: str, name: str, dates: DateRange, next_page: str | None = None
    ) -> LogPage:
        """GET /api/v1/repository/{repository}/logs"""
        scope = LogScope(LogScopeKind.REPOSITORY, namespace, name)
        return self.list_logs(scope, dates, next_page=next_page)

    def list_org_logs(
        self, orgname: str, dates: DateRange, performer: str = "", next_page: str | None = None
    ) -> LogPage:
        """GET /api/v1/organization/{orgname}/logs"""
        scope = LogScope(LogScopeKind.ORGANIZATION, orgname)
        return self.list_logs(scope, dates, performer=performer, next_page=next_page)

    def list_user_logs(
        self, dates: DateRange, performer: str = "", next_page: str | None = None
    ) -> LogPage:
        """GET /api/v1/user/logs"""
        scope = LogScope(LogScopeKind.USER)
        return self.list_logs(scope, dates, performer=performer, next_page=next_page)

    def list_all_logs(self, dates: DateRange, next_page: str | None = None) -> LogPage:
        """GET /api/v1/superuser/logs"""
        return self.list_logs(LogScope(LogScopeKind.SUPERUSER), dates, next_page=next_page)

    def list_logs(
        self,
        scope: LogScope,
        dates: DateRange,
        *,
        performer: str = "",
        next_page: str | None = None,
    ) -> LogPage:
        """GET /api/v1/{repository/{repository},organization/{orgname},user,superuser}/logs"""
        body = self.get(scope._path("logs"), **_log_params(scope, dates, performer, next_page))
        if not isinstance(body, dict) or not isinstance(body.get("logs"), list):
            raise QuayUnavailable("Quay answered the logs request with something unexpected.")
        return LogPage(
            items=[LogEntry.from_api(item) for item in body["logs"] if isinstance(item, dict)],
            next_page=body.get("next_page") or None,
        )

    def get_aggregate_logs(
        self, scope: LogScope, dates: DateRange, *, performer: str = ""
    ) -> list[AggregatedCount]:
        """GET /api/v1/{repository/{repository},organization/{orgname},user,superuser}/
        aggregatelogs"""
        body = self.get(scope._path("aggregatelogs"), **_log_params(scope, dates, performer, None))
        counts: list[AggregatedCount] = []
        for item in (body or {}).get("aggregated") or []:
            when = _parse_time(item.get("datetime"))
            if when is None or not item.get("kind"):
                continue
            counts.append(
                AggregatedCount(str(item["kind"]), int(item.get("count") or 0), when.date())
            )
        return counts

    def export_logs(
        self,
        scope: LogScope,
        dates: DateRange,
        *,
        callback_email: str = "",
        callback_url: str = "",
    ) -> LogExport:
        """POST /api/v1/{repository/{repository},organization/{orgname},user}/exportlogs"""
        if not scope.can_export_in_quay:
            raise ValueError("Quay has no export of the whole system's logs")
        payload = {"callback_email": callback_email} if callback_email else {}
        if callback_url:
            payload["callback_url"] = callback_url
        body = self.request("POST", scope._path("exportlogs"), params=dates.params(), json=payload)
        return LogExport(export_id=str((body or {}).get("export_id") or ""))
