"""Quay operations for the superuser console."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from .pagination import TokenPage
from .quota import Quota, QuotaReport
from .transport import QuayTransport, api_path, filled, given


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


def parse_quay_time(value: object) -> datetime | None:
    """Service keys carry RFC 2822 dates ("Thu, 26 Nov 2026 18:51:23 GMT") or null."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class CreatedUser:
    """What `POST /api/v1/superuser/users/` answers: the only time the password is readable."""

    username: str
    email: str | None
    password: str = field(repr=False)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> CreatedUser:
        return cls(
            username=str(body.get("username", "")),
            email=body.get("email"),
            password=str(body.get("password", "")),
        )


@dataclass(frozen=True)
class ServiceKeyApproval:
    approval_type: str  # "superuser", "key_rotation" or "automatic"
    approved_date: datetime | None
    approver: str | None
    notes: str

    @classmethod
    def from_api(cls, body: dict[str, Any] | None) -> ServiceKeyApproval | None:
        if not body:
            return None
        # Quay sends the enum's repr, "ServiceKeyApprovalType.SUPERUSER".
        kind = str(body.get("approval_type") or "").rsplit(".", 1)[-1].lower()
        approver = body.get("approver")
        return cls(
            approval_type=kind,
            approved_date=parse_quay_time(body.get("approved_date")),
            approver=str(approver.get("username") or approver.get("name"))
            if isinstance(approver, dict)
            else None,
            notes=str(body.get("notes") or ""),
        )


@dataclass(frozen=True)
class ServiceKey:
    kid: str
    name: str
    service: str
    created: datetime | None
    expiration: datetime | None
    approval: ServiceKeyApproval | None
    rotation_duration: int | None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def approved(self) -> bool:
        return self.approval is not None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> ServiceKey:
        rotation = body.get("rotation_duration")
        return cls(
            kid=str(body["kid"]),
            name=str(body.get("name") or ""),
            service=str(body.get("service") or ""),
            created=parse_quay_time(body.get("created_date")),
            expiration=parse_quay_time(body.get("expiration_date")),
            approval=ServiceKeyApproval.from_api(body.get("approval")),
            rotation_duration=int(rotation) if rotation is not None else None,
            metadata=dict(body.get("metadata") or {}),
        )


@dataclass(frozen=True)
class CreatedServiceKey:
    """What `POST /api/v1/superuser/keys` answers. The private key is never stored: it goes
    from this object to the person's browser once."""

    kid: str
    name: str
    service: str
    private_key: str = field(repr=False)
    public_key: str = field(default="", repr=False)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> CreatedServiceKey:
        return cls(
            kid=str(body.get("kid", "")),
            name=str(body.get("name") or ""),
            service=str(body.get("service") or ""),
            private_key=str(body.get("private_key") or ""),
            public_key=str(body.get("public_key") or ""),
        )


class _Unset:
    """Marks an argument left out, where None means something (a key without expiration)."""


UNSET = _Unset()


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

    def get_install_user(self, username: str) -> InstallationUser:
        """GET /api/v1/superuser/users/{username}"""
        return InstallationUser.from_api(
            self.get(api_path("superuser/users/{username}", username=username))
        )

    def create_install_user(self, username: str, email: str) -> CreatedUser:
        """POST /api/v1/superuser/users/ (answers with a generated password, shown once)."""
        body = self.request(
            "POST", api_path("superuser/users/"), json={"username": username, "email": email}
        )
        return CreatedUser.from_api(body or {})

    def change_install_user(
        self, username: str, *, enabled: bool | None = None, email: str | None = None
    ) -> None:
        """PUT /api/v1/superuser/users/{username} (enabled, email)."""
        changes = given(enabled=enabled, email=email)
        self.request("PUT", api_path("superuser/users/{username}", username=username), json=changes)

    def delete_install_user(self, username: str) -> None:
        """DELETE /api/v1/superuser/users/{username}"""
        self.request("DELETE", api_path("superuser/users/{username}", username=username))

    def send_install_user_recovery_email(self, username: str) -> str:
        """POST /api/v1/superusers/users/{username}/sendrecovery (note Quay's `superusers`)."""
        body = self.request(
            "POST", api_path("superusers/users/{username}/sendrecovery", username=username)
        )
        return str((body or {}).get("email") or "")

    def change_organization_details_as_superuser(
        self, orgname: str, *, email: str | None = None, tag_expiration_s: int | None = None
    ) -> None:
        """PUT /api/v1/organization/{orgname}: Quay's superuser organization endpoint renames
        only, so e-mail and tag expiration go through the organization's own, which lets a
        superuser in."""
        changes = given(email=email, tag_expiration_s=tag_expiration_s)
        self.request("PUT", api_path("organization/{orgname}", orgname=orgname), json=changes)

    def delete_organization_as_superuser(self, name: str) -> None:
        """DELETE /api/v1/superuser/organizations/{name}"""
        self.request("DELETE", api_path("superuser/organizations/{name}", name=name))

    def take_ownership(self, namespace: str) -> None:
        """POST /api/v1/superuser/takeownership/{namespace}"""
        self.request("POST", api_path("superuser/takeownership/{namespace}", namespace=namespace))

    def list_service_keys(self) -> list[ServiceKey]:
        """GET /api/v1/superuser/keys"""
        body = self.get(api_path("superuser/keys"))
        return [ServiceKey.from_api(key) for key in (body or {}).get("keys", [])]

    def get_service_key(self, kid: str) -> ServiceKey:
        """GET /api/v1/superuser/keys/{kid}"""
        return ServiceKey.from_api(self.get(api_path("superuser/keys/{kid}", kid=kid)))

    def create_service_key(
        self,
        service: str,
        *,
        name: str = "",
        expiration: int | None = None,
        notes: str = "",
        metadata: dict[str, str] | None = None,
    ) -> CreatedServiceKey:
        """POST /api/v1/superuser/keys (the private key is in this answer and nowhere else)."""
        payload = {
            "service": service,
            "expiration": expiration,
            **filled(name=name, notes=notes, metadata=metadata),
        }
        body = self.request("POST", api_path("superuser/keys"), json=payload)
        return CreatedServiceKey.from_api(body or {})

    def update_service_key(
        self,
        kid: str,
        *,
        name: str | None = None,
        expiration: int | _Unset | None = UNSET,
        metadata: dict[str, str] | None = None,
    ) -> ServiceKey:
        """PUT /api/v1/superuser/keys/{kid} (name, expiration — null for none —, metadata)."""
        payload = given(name=name, metadata=metadata)
        if not isinstance(expiration, _Unset):
            payload["expiration"] = expiration  # null is a value here: no expiration
        body = self.request("PUT", api_path("superuser/keys/{kid}", kid=kid), json=payload)
        return ServiceKey.from_api(body)

    def delete_service_key(self, kid: str) -> None:
        """DELETE /api/v1/superuser/keys/{kid}"""
        self.request("DELETE", api_path("superuser/keys/{kid}", kid=kid))

    def approve_service_key(self, kid: str, notes: str = "") -> None:
        """POST /api/v1/superuser/approvedkeys/{kid} (201, empty body)."""
        self.request(
            "POST", api_path("superuser/approvedkeys/{kid}", kid=kid), json={"notes": notes}
        )
