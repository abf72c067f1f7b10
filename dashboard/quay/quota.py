"""Quay operations for quotas, their limits, and the registry's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .transport import QuayTransport


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

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Quota:
        return cls(
            id=int(body["id"]),
            limit_bytes=int(body["limit_bytes"]),
            limits=[QuotaLimit.from_api(limit) for limit in body.get("limits") or []],
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


class QuotaApi(QuayTransport):
    pass
