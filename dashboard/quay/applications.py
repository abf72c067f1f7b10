"""Quay operations for an organization's OAuth applications and the tokens generated for them.

Quay returns an application's client secret on every administrator's read (list, get, PUT,
reset); `Application` drops it, so that only the two calls whose point is the secret (create
and reset) hand it on, once, as `ApplicationSecret`. A token's secret comes back only when it
is generated (`GeneratedToken`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .mirroring import MirroringApi, parse_quay_date
from .transport import api_path, filled

# Quay's OAuth scopes, in the order and with the words of its own authorization page.
SCOPES: tuple[tuple[str, str], ...] = (
    ("repo:read", "View all visible repositories"),
    ("repo:write", "Read/Write to any accessible repositories"),
    ("repo:admin", "Administer repositories"),
    ("repo:create", "Create repositories"),
    ("user:read", "Read user information"),
    ("user:admin", "Administer user"),
    ("org:admin", "Administer organization"),
    ("super:user", "Super user access"),
)
SCOPE_NAMES = tuple(name for name, _ in SCOPES)


@dataclass(frozen=True)
class Application:
    client_id: str
    name: str
    description: str
    application_uri: str
    redirect_uri: str
    avatar_email: str | None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Application:
        return cls(
            client_id=str(body["client_id"]),
            name=str(body.get("name") or ""),
            description=str(body.get("description") or ""),
            application_uri=str(body.get("application_uri") or ""),
            redirect_uri=str(body.get("redirect_uri") or ""),
            avatar_email=body.get("avatar_email") or None,
        )


@dataclass(frozen=True)
class ApplicationSecret:
    """An application with its client secret, for the one page that shows it."""

    application: Application
    client_secret: str = ""

    def __repr__(self) -> str:
        return f"<ApplicationSecret {self.application.client_id}>"


@dataclass(frozen=True)
class ApplicationToken:
    uuid: str
    name: str
    scopes: list[str]
    expires_at: datetime | None
    created: datetime | None
    created_by: str
    last_accessed: datetime | None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> ApplicationToken:
        return cls(
            uuid=str(body["uuid"]),
            name=str(body.get("name") or ""),
            scopes=str(body.get("scope") or "").split(),
            expires_at=parse_quay_date(body.get("expires_at")),
            created=parse_quay_date(body.get("created")),
            created_by=str(body.get("created_by") or ""),
            last_accessed=parse_quay_date(body.get("last_accessed")),
        )


@dataclass(frozen=True)
class GeneratedToken:
    token: ApplicationToken
    secret: str = ""

    def __repr__(self) -> str:
        return f"<GeneratedToken {self.token.uuid}>"


def _app_fields(
    name: str, redirect_uri: str, application_uri: str, description: str, avatar_email: str
) -> dict[str, Any]:
    return {
        "name": name,
        "redirect_uri": redirect_uri,
        "application_uri": application_uri,
        "description": description,
        **filled(avatar_email=avatar_email),
    }


class ApplicationsApi(MirroringApi):
    def _app_path(self, orgname: str, client_id: str = "", leaf: str = "") -> str:
        if not client_id:
            return api_path("organization/{orgname}/applications", orgname=orgname)
        return api_path(
            "organization/{orgname}/applications/{client_id}" + leaf,
            orgname=orgname,
            client_id=client_id,
        )

    def list_applications(self, orgname: str) -> list[Application]:
        """GET /api/v1/organization/{orgname}/applications"""
        body = self.get(self._app_path(orgname)) or {}
        return [Application.from_api(app) for app in body.get("applications") or []]

    def get_application(self, orgname: str, client_id: str) -> Application:
        """GET /api/v1/organization/{orgname}/applications/{client_id}"""
        return Application.from_api(self.get(self._app_path(orgname, client_id)) or {})

    def get_application_secret(self, orgname: str, client_id: str) -> ApplicationSecret:
        """GET /api/v1/organization/{orgname}/applications/{client_id}, keeping the client
        secret Quay includes: for the one page that hands it on."""
        body = self.get(self._app_path(orgname, client_id)) or {}
        return ApplicationSecret(Application.from_api(body), str(body.get("client_secret") or ""))

    def create_application(
        self, orgname: str, name: str, redirect_uri: str, application_uri: str = "",
        description: str = "", avatar_email: str = "",
    ) -> ApplicationSecret:  # fmt: skip
        """POST /api/v1/organization/{orgname}/applications"""
        fields = _app_fields(name, redirect_uri, application_uri, description, avatar_email)
        body = self._write("POST", self._app_path(orgname), fields) or {}
        return ApplicationSecret(Application.from_api(body), str(body.get("client_secret") or ""))

    def update_application(
        self, orgname: str, client_id: str, name: str, redirect_uri: str,
        application_uri: str = "", description: str = "", avatar_email: str = "",
    ) -> Application:  # fmt: skip
        """PUT /api/v1/organization/{orgname}/applications/{client_id} (replaces every field)"""
        fields = _app_fields(name, redirect_uri, application_uri, description, avatar_email)
        body = self._write("PUT", self._app_path(orgname, client_id), fields) or {}
        return Application.from_api(body)

    def delete_application(self, orgname: str, client_id: str) -> None:
        """DELETE /api/v1/organization/{orgname}/applications/{client_id}"""
        self._write("DELETE", self._app_path(orgname, client_id))

    def reset_client_secret(self, orgname: str, client_id: str) -> ApplicationSecret:
        """POST /api/v1/organization/{orgname}/applications/{client_id}/resetclientsecret"""
        body = self._write("POST", self._app_path(orgname, client_id, "/resetclientsecret")) or {}
        return ApplicationSecret(Application.from_api(body), str(body.get("client_secret") or ""))

    def list_application_tokens(self, orgname: str, client_id: str) -> list[ApplicationToken]:
        """GET /api/v1/organization/{orgname}/applications/{client_id}/tokens"""
        body = self.get(self._app_path(orgname, client_id, "/tokens")) or {}
        return [ApplicationToken.from_api(token) for token in body.get("tokens") or []]

    def create_application_token(
        self, orgname: str, client_id: str, name: str, scopes: list[str],
        expiration_s: int | None = None,
    ) -> GeneratedToken:  # fmt: skip
        """POST /api/v1/organization/{orgname}/applications/{client_id}/tokens"""
        fields: dict[str, Any] = {"name": name, "scope": " ".join(scopes)}
        if expiration_s:
            fields["expiration"] = expiration_s
        body = self._write("POST", self._app_path(orgname, client_id, "/tokens"), fields) or {}
        return GeneratedToken(ApplicationToken.from_api(body), str(body.get("token") or ""))

    def revoke_application_token(self, orgname: str, client_id: str, token_uuid: str) -> None:
        """DELETE /api/v1/organization/{orgname}/applications/{client_id}/tokens/{token_uuid}"""
        path = api_path(
            "organization/{orgname}/applications/{client_id}/tokens/{token_uuid}",
            orgname=orgname,
            client_id=client_id,
            token_uuid=token_uuid,
        )
        self._write("DELETE", path)
