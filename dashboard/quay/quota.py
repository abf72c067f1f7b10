"""Quay operations for quotas, their limits, and the registry's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .transport import QuayTransport, api_path


@dataclass(frozen=True)
class QuotaLimit:
    id: int
    type: str  # "Warning" or "Reject"
    limit_percent: int

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> QuotaLimit:
        return cls(
            id=int(body["id"]),
            type=str(body.get("type") or body.get("limit_type", {}).get("name", "")),
            limit_percent=int(body["limit_percent"]),
        )


@dataclass(frozen=True)
class Quota:
    id: int
    limit_bytes: int
    limits: list[QuotaLimit] = field(default_factory=list)
    # True when Quay reports the installation's default quota (no quota of the namespace's own).
    default_config: bool = False

    @property
    def sorted_limits(self) -> list[QuotaLimit]:
        return sorted(self.limits, key=lambda limit: (limit.limit_percent, limit.type))

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Quota:
        return cls(
            id=int(body["id"]),
            limit_bytes=int(body["limit_bytes"]),
            limits=[QuotaLimit.from_api(limit) for limit in body.get("limits") or []],
            default_config=bool(body.get("default_config", False)),
        )


@dataclass(frozen=True)
class QuotaReport:
    """What a namespace stores (`quota_bytes`) against its configured quota, if any."""

    quota_bytes: int
    configured_quota: int | None
    backfill_status: str = ""

    @property
    def percent_used(self) -> float | None:
        if not self.configured_quota:
            return None
        return 100.0 * self.quota_bytes / self.configured_quota

    @classmethod
    def from_api(cls, body: dict[str, Any] | None) -> QuotaReport | None:
        if not body:
            return None
        return cls(
            quota_bytes=int(body.get("quota_bytes") or 0),
            configured_quota=body.get("configured_quota"),
            backfill_status=str(body.get("backfill_status") or ""),
        )


@dataclass(frozen=True)
class NamespaceQuotaView:
    """The quota fields of `GET /api/v1/organization/{org}` or `GET /api/v1/user/`.

    Quay puts `quotas` and `quota_report` there only for members (and for a token with
    user:admin on the user's own view); `visible` says whether it did.
    """

    name: str
    is_admin: bool
    is_member: bool
    visible: bool
    quotas: list[Quota] = field(default_factory=list)
    quota_report: QuotaReport | None = None

    @classmethod
    def from_api(cls, body: dict[str, Any], *, name_key: str = "name") -> NamespaceQuotaView:
        return cls(
            name=str(body.get(name_key) or ""),
            is_admin=bool(body.get("is_admin", False)),
            is_member=bool(body.get("is_member", False)),
            visible="quota_report" in body or "quotas" in body,
            quotas=[Quota.from_api(quota) for quota in body.get("quotas") or []],
            quota_report=QuotaReport.from_api(body.get("quota_report")),
        )


@dataclass(frozen=True)
class RegistrySize:
    size_bytes: int
    last_ran: datetime | None
    queued: bool
    running: bool

    @property
    def in_progress(self) -> bool:
        return self.queued or self.running

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> RegistrySize:
        last_ran = body.get("last_ran")
        return cls(
            size_bytes=int(body.get("size_bytes") or 0),
            # Quay sends the completion time in milliseconds since the epoch.
            last_ran=datetime.fromtimestamp(last_ran / 1000, UTC) if last_ran else None,
            queued=bool(body.get("queued", False)),
            running=bool(body.get("running", False)),
        )


def _quota_list(body: Any) -> list[Quota]:
    return [Quota.from_api(quota) for quota in body or []] if isinstance(body, list) else []


def _superuser_quota_path(namespace: str, is_organization: bool, suffix: str = "") -> str:
    kind = "organization" if is_organization else "users"
    return api_path("superuser/{kind}/{namespace}/quota" + suffix, kind=kind, namespace=namespace)


class QuotaApi(QuayTransport):
    # --- An organization's quota and its limits ---

    def get_organization_quota_view(self, orgname: str) -> NamespaceQuotaView:
        """GET /api/v1/organization/{orgname}: only its `quotas`, `quota_report`, roles."""
        return NamespaceQuotaView.from_api(
            self.get(api_path("organization/{orgname}", orgname=orgname))
        )

    def list_organization_quota(self, orgname: str) -> list[Quota]:
        """GET /api/v1/organization/{orgname}/quota"""
        return _quota_list(self.get(api_path("organization/{orgname}/quota", orgname=orgname)))

    def create_organization_quota(self, orgname: str, limit_bytes: int) -> None:
        """POST /api/v1/organization/{orgname}/quota (400 when one exists already)."""
        self.request(
            "POST",
            api_path("organization/{orgname}/quota", orgname=orgname),
            json={"limit_bytes": limit_bytes},
        )

    def change_organization_quota(self, orgname: str, quota_id: int, limit_bytes: int) -> Quota:
        """PUT /api/v1/organization/{orgname}/quota/{quota_id}"""
        body = self.request(
            "PUT",
            api_path("organization/{orgname}/quota/{id}", orgname=orgname, id=quota_id),
            json={"limit_bytes": limit_bytes},
        )
        return Quota.from_api(body)

    def delete_organization_quota(self, orgname: str, quota_id: int) -> None:
        """DELETE /api/v1/organization/{orgname}/quota/{quota_id}"""
        self.request(
            "DELETE", api_path("organization/{orgname}/quota/{id}", orgname=orgname, id=quota_id)
        )

    def create_organization_quota_limit(
        self, orgname: str, quota_id: int, limit_type: str, threshold_percent: int
    ) -> None:
        """POST /api/v1/organization/{orgname}/quota/{quota_id}/limit"""
        self.request(
            "POST",
            api_path("organization/{orgname}/quota/{id}/limit", orgname=orgname, id=quota_id),
            json={"type": limit_type, "threshold_percent": threshold_percent},
        )

    def change_organization_quota_limit(
        self, orgname: str, quota_id: int, limit_id: int, limit_type: str, threshold_percent: int
    ) -> Quota:
        """PUT /api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}"""
        body = self.request(
            "PUT",
            api_path(
                "organization/{orgname}/quota/{id}/limit/{limit}",
                orgname=orgname,
                id=quota_id,
                limit=limit_id,
            ),
            json={"type": limit_type, "threshold_percent": threshold_percent},
        )
        return Quota.from_api(body)

    def delete_organization_quota_limit(self, orgname: str, quota_id: int, limit_id: int) -> None:
        """DELETE /api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}"""
        self.request(
            "DELETE",
            api_path(
                "organization/{orgname}/quota/{id}/limit/{limit}",
                orgname=orgname,
                id=quota_id,
                limit=limit_id,
            ),
        )

    # --- The signed-in user's own quota (read-only in Quay) ---

    def get_user_quota_view(self) -> NamespaceQuotaView:
        """GET /api/v1/user/: only its `quotas` and `quota_report`."""
        return NamespaceQuotaView.from_api(self.get(api_path("user/")), name_key="username")

    def list_user_quota(self) -> list[Quota]:
        """GET /api/v1/user/quota (needs user:admin)."""
        return _quota_list(self.get(api_path("user/quota")))

    # --- Any namespace's quota, as a superuser ---

    def list_namespace_quota_superuser(
        self, namespace: str, *, is_organization: bool
    ) -> list[Quota]:
        """GET /api/v1/superuser/{organization|users}/{namespace}/quota"""
        return _quota_list(self.get(_superuser_quota_path(namespace, is_organization)))

    def create_namespace_quota_superuser(
        self, namespace: str, limit_bytes: int, *, is_organization: bool
    ) -> None:
        """POST /api/v1/superuser/{organization|users}/{namespace}/quota"""
        self.request(
            "POST",
            _superuser_quota_path(namespace, is_organization),
            json={"limit_bytes": limit_bytes},
        )

    def change_namespace_quota_superuser(
        self, namespace: str, quota_id: int, limit_bytes: int, *, is_organization: bool
    ) -> Quota:
        """PUT /api/v1/superuser/{organization|users}/{namespace}/quota/{quota_id}"""
        path = _superuser_quota_path(namespace, is_organization, "/" + str(int(quota_id)))
        return Quota.from_api(self.request("PUT", path, json={"limit_bytes": limit_bytes}))

    def delete_namespace_quota_superuser(
        self, namespace: str, quota_id: int, *, is_organization: bool
    ) -> None:
        """DELETE /api/v1/superuser/{organization|users}/{namespace}/quota/{quota_id}"""
        path = _superuser_quota_path(namespace, is_organization, "/" + str(int(quota_id)))
        self.request("DELETE", path)

    # --- The registry's size ---

    def get_registry_size(self) -> RegistrySize:
        """GET /api/v1/superuser/registrysize/"""
        return RegistrySize.from_api(self.get(api_path("superuser/registrysize/")) or {})

    def queue_registry_size_calculation(self) -> None:
        """POST /api/v1/superuser/registrysize/ (201 queued, 202 already queued; empty body)."""
        self.request("POST", api_path("superuser/registrysize/"))
