"""Quay operations for the superuser console."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pagination import TokenPage
from .quota import Quota, QuotaReport
from .transport import QuayTransport, api_path


@dataclass(frozen=True)
class InstallationUser:
    username: str
    email: str | None
    verified: bool
    enabled: bool
    super_user: bool
    global_readonly_super_user: bool
    quotas: list[Quota] = field(default_factory=list)
    quota_report: QuotaReport | None = None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> InstallationUser:
        return cls(
            username=str(body["username"]),
            email=body.get("email"),
            verified=bool(body.get("verified", False)),
            enabled=bool(body.get("enabled", True)),
            super_user=bool(body.get("super_user", False)),
            global_readonly_super_user=bool(body.get("global_readonly_super_user", False)),
            quotas=[Quota.from_api(quota) for quota in body.get("quotas") or []],
            quota_report=QuotaReport.from_api(body.get("quota_report")),
        )


@dataclass(frozen=True)
class InstallationOrganization:
    name: str
    email: str | None
    quotas: list[Quota] = field(default_factory=list)
    quota_report: QuotaReport | None = None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> InstallationOrganization:
        return cls(
            name=str(body["name"]),
            email=body.get("email"),
            quotas=[Quota.from_api(quota) for quota in body.get("quotas") or []],
            quota_report=QuotaReport.from_api(body.get("quota_report")),
        )


class SuperuserApi(QuayTransport):
    def list_all_users(
        self, *, limit: int | None = None, next_page: str | None = None, disabled: bool = True
    ) -> TokenPage[InstallationUser]:
        """GET /api/v1/superuser/users/ (each user carries `quotas` and `quota_report`)."""
        body = self.get(
            api_path("superuser/users/"),
            limit=limit,
            next_page=next_page,
            disabled=None if disabled else "false",
        )
        return TokenPage(
            items=[InstallationUser.from_api(user) for user in body.get("users", [])],
            next_page=body.get("next_page"),
        )

    def list_all_organizations(
        self, *, limit: int | None = None, next_page: str | None = None
    ) -> TokenPage[InstallationOrganization]:
        """GET /api/v1/superuser/organizations/ (with `quotas` and `quota_report`)."""
        body = self.get(api_path("superuser/organizations/"), limit=limit, next_page=next_page)
        return TokenPage(
            items=[InstallationOrganization.from_api(org) for org in body.get("organizations", [])],
            next_page=body.get("next_page"),
        )
