"""The signed-in person and the installation's global messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .transport import QuayTransport, api_path

SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class OrganizationMembership:
    name: str
    is_org_admin: bool
    can_create_repo: bool
    public: bool = False


@dataclass(frozen=True)
class CurrentUser:
    username: str
    email: str | None
    super_user: bool
    # A superuser who may look at everything and change nothing.
    global_readonly_super_user: bool
    can_create_repo: bool
    organizations: list[OrganizationMembership] = field(default_factory=list)
    avatar_color: str = ""

    @property
    def is_superuser(self) -> bool:
        return self.super_user or self.global_readonly_super_user

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> CurrentUser:
        return cls(
            username=str(body["username"]),
            email=body.get("email"),
            super_user=bool(body.get("super_user", False)),
            global_readonly_super_user=bool(body.get("global_readonly_super_user", False)),
            can_create_repo=bool(body.get("can_create_repo", False)),
            organizations=[
                OrganizationMembership(
                    name=str(org["name"]),
                    is_org_admin=bool(org.get("is_org_admin", False)),
                    can_create_repo=bool(org.get("can_create_repo", False)),
                    public=bool(org.get("public", False)),
                )
                for org in body.get("organizations") or []
            ],
            avatar_color=str((body.get("avatar") or {}).get("color", "")),
        )


@dataclass(frozen=True)
class GlobalMessage:
    uuid: str
    content: str
    severity: str
    media_type: str

    @property
    def is_markdown(self) -> bool:
        return self.media_type == "text/markdown"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> GlobalMessage:
        severity = str(body.get("severity", "info"))
        return cls(
            uuid=str(body["uuid"]),
            content=str(body.get("content", "")),
            severity=severity if severity in SEVERITIES else "info",
            media_type=str(body.get("media_type", "text/plain")),
        )


class CoreApi(QuayTransport):
    def get_user(self) -> CurrentUser:
        """GET /api/v1/user/: who the token belongs to, superuser flag, organizations."""
        return CurrentUser.from_api(self.get(api_path("user/")))

    def list_global_messages(self) -> list[GlobalMessage]:
        """GET /api/v1/messages"""
        body = self.get(api_path("messages"))
        return [GlobalMessage.from_api(item) for item in (body or {}).get("messages", [])]

    def create_global_message(self, content: str, severity: str, media_type: str) -> None:
        """POST /api/v1/messages (201, empty body: Quay does not say which uuid it made)."""
        self.request(
            "POST",
            api_path("messages"),
            json={"message": {"content": content, "severity": severity, "media_type": media_type}},
        )

    def delete_global_message(self, uuid: str) -> None:
        """DELETE /api/v1/message/{uuid} (204, also for a message already gone)."""
        self.request("DELETE", api_path("message/{uuid}", uuid=uuid))
