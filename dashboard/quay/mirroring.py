"""Quay operations for repository mirroring, organization mirroring, mirror health and the
proxy cache of an organization.

Credentials go one way: Quay never returns a registry password (organization mirrors say only
`has_external_registry_password`), and neither does any value here. But Quay's schema-validation
refusals quote the whole request body, password included: every write here keeps only the first
paragraph of a refusal and blanks the credentials it sent, so no page, log or message can show
them (`clean_refusal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import QuayError, QuayNotFound
from .transport import QuayTransport, api_path

SYNCING_STATUSES = frozenset({"SYNC_NOW", "SYNCING"})
SYNC_STATUS_LABELS = {
    "NEVER_RUN": "Never synced",
    "SYNC_NOW": "Sync requested",
    "SYNCING": "Syncing",
    "SUCCESS": "Synced",
    "FAIL": "Failed",
    "CANCEL": "Cancelled",
    "SKIP": "Skipped",
}
ORG_MIRROR_STATUSES = ("CANCEL", "FAIL", "NEVER_RUN", "SUCCESS", "SYNCING", "SYNC_NOW", "SKIP")
QUAY_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def sync_status_label(status: str) -> str:
    return SYNC_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def clean_refusal(message: str, *secrets: str | None) -> str:
    """Quay's reason without what it quotes: JSON-schema refusals go on, after a blank line,
    with the schema and the request body (passwords included)."""
    first = message.split("\n\n", 1)[0].strip()
    for secret in secrets:
        if secret:
            first = first.replace(secret, "[hidden]")
    return first or "Quay refused the request."


def parse_quay_date(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


class SyncState:
    """What a repository mirror and an organization mirror say alike about their sync."""

    sync_status: str

    @property
    def is_syncing(self) -> bool:
        return self.sync_status in SYNCING_STATUSES

    @property
    def status_label(self) -> str:
        return sync_status_label(self.sync_status)


@dataclass(frozen=True)
class RepoMirror(SyncState):
    is_enabled: bool
    external_reference: str
    username: str | None
    tag_patterns: list[str]
    robot_username: str
    sync_interval: int
    sync_start_date: datetime | None
    sync_expiration_date: datetime | None
    sync_retries_remaining: int
    sync_status: str
    skopeo_timeout_interval: int
    verify_tls: bool = True
    unsigned_images: bool = False
    http_proxy: str = ""
    https_proxy: str = ""
    no_proxy: str = ""
    architecture_filter: list[str] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> RepoMirror:
        config = body.get("external_registry_config") or {}
        proxy = config.get("proxy") or {}
        rule = body.get("root_rule") or {}
        return cls(
            is_enabled=bool(body.get("is_enabled", False)),
            external_reference=str(body.get("external_reference") or ""),
            username=body.get("external_registry_username") or None,
            tag_patterns=[str(value) for value in rule.get("rule_value") or []],
            robot_username=str(body.get("robot_username") or ""),
            sync_interval=int(body.get("sync_interval") or 0),
            sync_start_date=parse_quay_date(body.get("sync_start_date")),
            sync_expiration_date=parse_quay_date(body.get("sync_expiration_date")),
            sync_retries_remaining=int(body.get("sync_retries_remaining") or 0),
            sync_status=str(body.get("sync_status") or "NEVER_RUN"),
            skopeo_timeout_interval=int(body.get("skopeo_timeout_interval") or 300),
            verify_tls=bool(config.get("verify_tls", True)),
            unsigned_images=bool(config.get("unsigned_images", False)),
            http_proxy=str(proxy.get("http_proxy") or ""),
            https_proxy=str(proxy.get("https_proxy") or ""),
            no_proxy=str(proxy.get("no_proxy") or ""),
            architecture_filter=[str(a) for a in body.get("architecture_filter") or []],
        )


@dataclass(frozen=True)
class MirrorHealthDetail:
    namespace: str
    repository: str
    sync_status: str
    is_enabled: bool
    last_sync: datetime | None

    @property
    def status_label(self) -> str:
        return sync_status_label(self.sync_status)


@dataclass(frozen=True)
class MirrorHealth:
    healthy: bool
    total: int
    syncing: int
    completed: int
    failed: int
    never_run: int
    workers_active: int
    workers_configured: int
    workers_status: str
    issues: list[tuple[str, str]]  # (severity, message)
    details: list[MirrorHealthDetail] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> MirrorHealth:
        repositories = body.get("repositories") or {}
        workers = body.get("workers") or {}
        return cls(
            healthy=bool(body.get("healthy", False)),
            total=int(repositories.get("total") or 0),
            syncing=int(repositories.get("syncing") or 0),
            completed=int(repositories.get("completed") or 0),
            failed=int(repositories.get("failed") or 0),
            never_run=int(repositories.get("never_run") or 0),
            workers_active=int(workers.get("active") or 0),
            workers_configured=int(workers.get("configured") or 0),
            workers_status=str(workers.get("status") or ""),
            issues=[
                (str(issue.get("severity") or "warning"), str(issue.get("message") or ""))
                for issue in body.get("issues") or []
            ],
            details=[
                MirrorHealthDetail(
                    namespace=str(item.get("namespace") or ""),
                    repository=str(item.get("repository") or ""),
                    sync_status=str(item.get("sync_status") or ""),
                    is_enabled=bool(item.get("is_enabled", False)),
                    last_sync=parse_quay_date(item.get("last_sync")),
                )
                for item in repositories.get("details") or []
            ],
        )


@dataclass(frozen=True)
class OrgMirror(SyncState):
    is_enabled: bool
    external_registry_type: str
    external_registry_url: str
    external_namespace: str
    username: str | None
    has_password: bool
    repository_filters: list[str]
    robot_username: str
    visibility: str
    sync_interval: int
    sync_start_date: datetime | None
    sync_status: str
    sync_retries_remaining: int
    skopeo_timeout: int
    verify_tls: bool
    status_counts: dict[str, int]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> OrgMirror:
        config = body.get("external_registry_config") or {}
        return cls(
            is_enabled=bool(body.get("is_enabled", False)),
            external_registry_type=str(body.get("external_registry_type") or ""),
            external_registry_url=str(body.get("external_registry_url") or ""),
            external_namespace=str(body.get("external_namespace") or ""),
            username=body.get("external_registry_username") or None,
            has_password=bool(body.get("has_external_registry_password", False)),
            repository_filters=[str(f) for f in body.get("repository_filters") or []],
            robot_username=str(body.get("robot_username") or ""),
            visibility=str(body.get("visibility") or "private"),
            sync_interval=int(body.get("sync_interval") or 0),
            sync_start_date=parse_quay_date(body.get("sync_start_date")),
            sync_status=str(body.get("sync_status") or "NEVER_RUN"),
            sync_retries_remaining=int(body.get("sync_retries_remaining") or 0),
            skopeo_timeout=int(body.get("skopeo_timeout") or 300),
            verify_tls=bool(config.get("verify_tls", True)),
            status_counts={
                str(k): int(v or 0) for k, v in (body.get("repo_sync_status_counts") or {}).items()
            },
        )


@dataclass(frozen=True)
class OrgMirrorRepository:
    name: str
    sync_status: str
    last_sync: datetime | None

    @property
    def status_label(self) -> str:
        return sync_status_label(self.sync_status)


@dataclass(frozen=True)
class OrgMirrorRepositoryPage:
    repositories: list[OrgMirrorRepository]
    page: int
    total: int
    has_next: bool


@dataclass(frozen=True)
class ProxyCache:
    upstream_registry: str
    expiration_s: int
    insecure: bool


class MirroringApi(QuayTransport):
    def _write(self, method: str, path: str, body: Any = None, *secrets: str | None) -> Any:
        """A write whose refusal may quote the body: Quay's reason, cleaned of it."""
        try:
            return self.request(method, path, json=body)
        except QuayError as exc:
            exc.message = clean_refusal(exc.message, *secrets)
            exc.args = (exc.message,)
            raise

    # --- Repository mirroring -----------------------------------------------------------------

    def _repo_mirror_path(self, namespace: str, name: str, leaf: str = "") -> str:
        return api_path(
            "repository/{namespace}/{name}/mirror" + leaf, namespace=namespace, name=name
        )

    def get_repo_mirror(self, namespace: str, name: str) -> RepoMirror | None:
        """GET /api/v1/repository/{repository}/mirror (None when none is configured)."""
        try:
            body = self.get(self._repo_mirror_path(namespace, name))
        except QuayNotFound:
            return None
        return RepoMirror.from_api(body or {})

    def create_repo_mirror(self, namespace: str, name: str, config: dict[str, Any]) -> None:
        """POST /api/v1/repository/{repository}/mirror (Quay switches the repository to MIRROR)."""
        self._write(
            "POST",
            self._repo_mirror_path(namespace, name),
            config,
            config.get("external_registry_password"),
        )

    def update_repo_mirror(self, namespace: str, name: str, changes: dict[str, Any]) -> None:
        """PUT /api/v1/repository/{repository}/mirror"""
        self._write(
            "PUT",
            self._repo_mirror_path(namespace, name),
            changes,
            changes.get("external_registry_password"),
        )

    def sync_repo_mirror_now(self, namespace: str, name: str) -> None:
        """POST /api/v1/repository/{repository}/mirror/sync-now"""
        self._write("POST", self._repo_mirror_path(namespace, name, "/sync-now"))

    def cancel_repo_mirror_sync(self, namespace: str, name: str) -> None:
        """POST /api/v1/repository/{repository}/mirror/sync-cancel"""
        self._write("POST", self._repo_mirror_path(namespace, name, "/sync-cancel"))

    # --- Mirror health ------------------------------------------------------------------------

    def get_repo_mirror_health(
        self, namespace: str | None = None, *, detailed: bool = False
    ) -> MirrorHealth:
        """GET /api/v1/repository/mirror/health"""
        body = self.get(
            api_path("repository/mirror/health"),
            namespace=namespace,
            detailed="true" if detailed else None,
        )
        return MirrorHealth.from_api(body or {})

    def get_superuser_mirror_health(self, *, detailed: bool = False) -> MirrorHealth:
        """GET /api/v1/superuser/mirror/health"""
        body = self.get(api_path("superuser/mirror/health"), detailed="true" if detailed else None)
        return MirrorHealth.from_api(body or {})

    # --- Organization mirroring ---------------------------------------------------------------

    def _org_mirror_path(self, orgname: str, leaf: str = "") -> str:
        return api_path("organization/{orgname}/mirror" + leaf, orgname=orgname)

    def get_org_mirror(self, orgname: str) -> OrgMirror | None:
        """GET /api/v1/organization/{orgname}/mirror (None when none is configured)."""
        try:
            body = self.get(self._org_mirror_path(orgname))
        except QuayNotFound:
            return None
        return OrgMirror.from_api(body or {})

    def create_org_mirror(self, orgname: str, config: dict[str, Any]) -> None:
        """POST /api/v1/organization/{orgname}/mirror"""
        self._write(
            "POST", self._org_mirror_path(orgname), config, config.get("external_registry_password")
        )

    def update_org_mirror(self, orgname: str, changes: dict[str, Any]) -> None:
        """PUT /api/v1/organization/{orgname}/mirror"""
        self._write(
            "PUT",
            self._org_mirror_path(orgname),
            changes,
            changes.get("external_registry_password"),
        )

    def delete_org_mirror(self, orgname: str) -> None:
        """DELETE /api/v1/organization/{orgname}/mirror"""
        self._write("DELETE", self._org_mirror_path(orgname))

    def verify_org_mirror(self, orgname: str) -> tuple[bool, str]:
        """POST /api/v1/organization/{orgname}/mirror/verify: (success, Quay's message)."""
        body = self._write("POST", self._org_mirror_path(orgname, "/verify")) or {}
        return bool(body.get("success", False)), str(body.get("message") or "")

    def sync_org_mirror_now(self, orgname: str) -> None:
        """POST /api/v1/organization/{orgname}/mirror/sync-now"""
        self._write("POST", self._org_mirror_path(orgname, "/sync-now"))

    def cancel_org_mirror_sync(self, orgname: str) -> None:
        """POST /api/v1/organization/{orgname}/mirror/sync-cancel"""
        self._write("POST", self._org_mirror_path(orgname, "/sync-cancel"))

    def list_org_mirror_repositories(
        self, orgname: str, *, page: int = 1, limit: int = 100, status: str | None = None
    ) -> OrgMirrorRepositoryPage:
        """GET /api/v1/organization/{orgname}/mirror/repositories"""
        body = (
            self.get(
                self._org_mirror_path(orgname, "/repositories"),
                page=page,
                limit=limit,
                status=status,
            )
            or {}
        )
        return OrgMirrorRepositoryPage(
            repositories=[
                OrgMirrorRepository(
                    name=str(item.get("name") or item.get("repository") or ""),
                    sync_status=str(item.get("sync_status") or ""),
                    last_sync=parse_quay_date(item.get("last_sync")),
                )
                for item in body.get("repositories") or []
            ],
            page=int(body.get("page") or page),
            total=int(body.get("total") or 0),
            has_next=bool(body.get("has_next", False)),
        )

    # --- Proxy cache --------------------------------------------------------------------------

    def get_proxy_cache(self, orgname: str) -> ProxyCache | None:
        """GET /api/v1/organization/{orgname}/proxycache (Quay answers empty strings when the
        organization is no proxy cache: None)."""
        body = self.get(api_path("organization/{orgname}/proxycache", orgname=orgname)) or {}
        if not body.get("upstream_registry"):
            return None
        expiration = body.get("expiration_s")
        return ProxyCache(
            upstream_registry=str(body["upstream_registry"]),
            expiration_s=int(expiration) if isinstance(expiration, int | float) else 0,
            insecure=bool(body.get("insecure") is True),
        )

    @staticmethod
    def _proxy_body(
        upstream: str, expiration_s: int, insecure: bool, username: str, password: str
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "upstream_registry": upstream,
            "expiration_s": expiration_s,
            "insecure": insecure,
        }
        if username:
            body["upstream_registry_username"] = username
            body["upstream_registry_password"] = password
        return body

    def validate_proxy_cache(
        self, orgname: str, upstream: str, expiration_s: int, insecure: bool,
        username: str = "", password: str = "",
    ) -> str:  # fmt: skip
        """POST /api/v1/organization/{orgname}/validateproxycache: "Valid", or "Anonymous"
        when the registry answers without credentials."""
        body = self._write(
            "POST",
            api_path("organization/{orgname}/validateproxycache", orgname=orgname),
            self._proxy_body(upstream, expiration_s, insecure, username, password),
            password,
        )
        return str(body or "")

    def create_proxy_cache(
        self, orgname: str, upstream: str, expiration_s: int, insecure: bool,
        username: str = "", password: str = "",
    ) -> None:  # fmt: skip
        """POST /api/v1/organization/{orgname}/proxycache"""
        self._write(
            "POST",
            api_path("organization/{orgname}/proxycache", orgname=orgname),
            self._proxy_body(upstream, expiration_s, insecure, username, password),
            password,
        )

    def delete_proxy_cache(self, orgname: str) -> None:
        """DELETE /api/v1/organization/{orgname}/proxycache"""
        self._write("DELETE", api_path("organization/{orgname}/proxycache", orgname=orgname))
