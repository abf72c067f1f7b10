"""Quay operations for the signed-in person's own account and for looking after organizations:
the profile, application-specific tokens, authorized applications, notifications and team
invitations; creating, deleting, renaming organizations, removing members, changing default
permissions, team sync; the installation's app tokens, a user's password and the time machine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .superuser import parse_quay_time
from .transport import QuayTransport, api_path

# Quay's own rules (util/validation.py), checked before any call.
NAMESPACE = re.compile(r"^([a-z0-9]+(?:[._-][a-z0-9]+)*)$")
NAMESPACE_LENGTH = (2, 255)
PASSWORD_RULE = "A password has at least 8 characters and no whitespace."


def namespace_problem(name: str) -> str:
    """Quay's naming rule for users and organizations; "" when the name is valid."""
    if not NAMESPACE.match(name):
        return (
            "Use lowercase letters and digits, separated by single dots, dashes or "
            "underscores (no other characters, no capitals)."
        )
    low, high = NAMESPACE_LENGTH
    if not low <= len(name) <= high:
        return f"A name has {low} to {high} characters."
    return ""


def email_problem(address: str) -> str:
    """Quay's e-mail check (one @, a dotted domain); "" when it passes."""
    if not address or len(address) > 254:
        return "Enter an e-mail address."
    local, at, domain = address.partition("@")
    if not at or not local or "@" in domain:
        return "Enter an e-mail address like name@example.com."
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels):
        return "Enter an e-mail address like name@example.com."
    return ""


def password_problem(password: str) -> str:
    if re.search(r"\s", password) or len(password) < 8:
        return PASSWORD_RULE
    return ""


@dataclass(frozen=True)
class AccountProfile:
    """`GET /api/v1/user/` as a person's own account page needs it (the `user:admin` fields)."""

    username: str
    email: str | None
    verified: bool
    company: str
    given_name: str
    family_name: str
    location: str
    tag_expiration_s: int | None
    has_password_set: bool

    @property
    def has_account_details(self) -> bool:
        """Quay includes the e-mail (and the rest) only for a token with `user:admin`."""
        return self.email is not None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> AccountProfile:
        expiration = body.get("tag_expiration_s")
        return cls(
            username=str(body["username"]),
            email=body.get("email"),
            verified=bool(body.get("verified", False)),
            company=str(body.get("company") or ""),
            given_name=str(body.get("given_name") or ""),
            family_name=str(body.get("family_name") or ""),
            location=str(body.get("location") or ""),
            tag_expiration_s=int(expiration) if isinstance(expiration, int) else None,
            has_password_set=bool(body.get("has_password_set", False)),
        )


@dataclass(frozen=True)
class AppToken:
    """An application-specific token as listed: never its secret."""

    uuid: str
    title: str
    created: datetime | None
    last_accessed: datetime | None
    expiration: datetime | None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> AppToken:
        return cls(
            uuid=str(body["uuid"]),
            title=str(body.get("title") or ""),
            created=parse_quay_time(body.get("created")),
            last_accessed=parse_quay_time(body.get("last_accessed")),
            expiration=parse_quay_time(body.get("expiration")),
        )


@dataclass(frozen=True)
class CreatedAppToken:
    """`POST /api/v1/user/apptoken` answers with the secret: shown once, never stored."""

    token: AppToken
    code: str = field(repr=False)

    def __repr__(self) -> str:
        return f"<CreatedAppToken {self.token.uuid}>"


@dataclass(frozen=True)
class GrantedScope:
    scope: str
    title: str
    dangerous: bool


@dataclass(frozen=True)
class Authorization:
    """An OAuth token a person granted an application. Quay gives no name, dates or client id
    of the token itself: only the application, its organization and the scopes."""

    uuid: str
    application: str
    application_url: str
    organization: str
    scopes: tuple[GrantedScope, ...]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Authorization:
        application = body.get("application") or {}
        return cls(
            uuid=str(body["uuid"]),
            application=str(application.get("name") or ""),
            application_url=str(application.get("url") or ""),
            organization=str((application.get("organization") or {}).get("name") or ""),
            scopes=tuple(
                GrantedScope(
                    scope=str(item.get("scope") or ""),
                    title=str(item.get("title") or item.get("scope") or ""),
                    dangerous=bool(item.get("dangerous", False)),
                )
                for item in body.get("scopes") or []
            ),
        )


@dataclass(frozen=True)
class NotificationDetails:
    """What Quay's `metadata` of a notification says, as far as any kind Quayside shows uses
    it: the repository ("namespace/name") of repository kinds, the namespace of quota kinds,
    the key of `service_key_submitted`, and the invitation of `org_team_invite`."""

    repository: str = ""
    namespace: str = ""
    kid: str = ""
    inviter: str = ""
    team: str = ""
    org: str = ""
    code: str = ""

    @classmethod
    def from_api(cls, metadata: Any) -> NotificationDetails:
        if not isinstance(metadata, dict):
            return cls()

        def text(key: str) -> str:
            value = metadata.get(key)
            return str(value) if isinstance(value, str | int) else ""

        return cls(
            repository=text("repository"),
            namespace=text("namespace"),
            kid=text("kid"),
            inviter=text("inviter"),
            team=text("team"),
            org=text("org"),
            code=text("code"),
        )


@dataclass(frozen=True)
class UserNotification:
    id: str
    kind: str
    organization: str | None
    created: datetime | None
    details: NotificationDetails
    dismissed: bool

    @property
    def invite_code(self) -> str:
        return self.details.code if self.kind == "org_team_invite" else ""

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> UserNotification:
        return cls(
            id=str(body["id"]),
            kind=str(body.get("kind") or ""),
            organization=body.get("organization") or None,
            created=parse_quay_time(body.get("created")),
            details=NotificationDetails.from_api(body.get("metadata")),
            dismissed=bool(body.get("dismissed", False)),
        )


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[UserNotification]
    additional: bool


class AccountApi(QuayTransport):
    # --- The profile ----------------------------------------------------------------------

    def get_account(self) -> AccountProfile:
        """GET /api/v1/user/ (the account details need `user:admin`)."""
        return AccountProfile.from_api(self.get(api_path("user/")))

    def change_user_details(self, **changes: Any) -> AccountProfile:
        """PUT /api/v1/user/: email, password, tag_expiration_s, given_name, family_name,
        company, location."""
        body = self.request("PUT", api_path("user/"), json=changes)
        return AccountProfile.from_api(body)

    # --- Application-specific tokens -----------------------------------------------------

    def list_app_tokens(self) -> list[AppToken]:
        """GET /api/v1/user/apptoken (never the secrets)."""
        body = self.get(api_path("user/apptoken"))
        return [AppToken.from_api(item) for item in (body or {}).get("tokens", [])]

    def create_app_token(self, title: str) -> CreatedAppToken:
        """POST /api/v1/user/apptoken: the one answer that carries `token_code`."""
        body = self.request("POST", api_path("user/apptoken"), json={"title": title})
        token = (body or {}).get("token") or {}
        return CreatedAppToken(AppToken.from_api(token), str(token.get("token_code") or ""))

    def revoke_app_token(self, token_uuid: str) -> None:
        """DELETE /api/v1/user/apptoken/{token_uuid}"""
        self.request("DELETE", api_path("user/apptoken/{u}", u=token_uuid))

    def list_all_app_tokens(self) -> list[AppToken]:
        """GET /api/v1/superuser/apptokens: every token of the installation (no owner given)."""
        body = self.get(api_path("superuser/apptokens"))
        return [AppToken.from_api(item) for item in (body or {}).get("tokens", [])]

    # --- Authorized applications ---------------------------------------------------------

    def list_user_authorizations(self) -> list[Authorization]:
        """GET /api/v1/user/authorizations (needs `user:admin`)."""
        body = self.get(api_path("user/authorizations"))
        return [Authorization.from_api(item) for item in (body or {}).get("authorizations", [])]

    def delete_user_authorization(self, access_token_uuid: str) -> None:
        """DELETE /api/v1/user/authorizations/{access_token_uuid}"""
        self.request("DELETE", api_path("user/authorizations/{u}", u=access_token_uuid))

    # --- Notifications and team invitations -----------------------------------------------

    def list_user_notifications(self, *, page: int = 0, limit: int = 50) -> NotificationPage:
        """GET /api/v1/user/notifications?page=&limit= (Quay counts pages from 0)."""
        body = self.get(api_path("user/notifications"), page=str(page), limit=str(limit)) or {}
        return NotificationPage(
            [UserNotification.from_api(item) for item in body.get("notifications", [])],
            bool(body.get("additional", False)),
        )

    def update_user_notification(self, uuid: str, *, dismissed: bool) -> UserNotification:
        """PUT /api/v1/user/notifications/{uuid} {"dismissed": ...}"""
        body = self.request(
            "PUT", api_path("user/notifications/{u}", u=uuid), json={"dismissed": dismissed}
        )
        return UserNotification.from_api(body)

    def accept_team_invite(self, code: str) -> tuple[str, str]:
        """PUT /api/v1/teaminvite/{code}: answers the organization and team joined."""
        body = self.request("PUT", api_path("teaminvite/{c}", c=code)) or {}
        return str(body.get("org") or ""), str(body.get("team") or "")

    def decline_team_invite(self, code: str) -> None:
        """DELETE /api/v1/teaminvite/{code}"""
        self.request("DELETE", api_path("teaminvite/{c}", c=code))

    # --- Organizations ---------------------------------------------------------------------

    def create_organization(self, name: str, email: str = "") -> None:
        """POST /api/v1/organization/ (201 "Created"; the creator lands in its owners team)."""
        payload: dict[str, Any] = {"name": name}
        if email:
            payload["email"] = email
        self.request("POST", api_path("organization/"), json=payload)

    def delete_organization(self, orgname: str) -> None:
        """DELETE /api/v1/organization/{orgname}: the organization and everything in it."""
        self.request("DELETE", api_path("organization/{o}", o=orgname))

    def rename_organization(self, name: str, new_name: str) -> None:
        """PUT /api/v1/superuser/organizations/{name} {"name": new_name}"""
        self.request(
            "PUT", api_path("superuser/organizations/{n}", n=name), json={"name": new_name}
        )

    def remove_organization_member(self, orgname: str, membername: str) -> None:
        """DELETE /api/v1/organization/{orgname}/members/{membername}: out of every team and
        every repository permission of the organization."""
        self.request("DELETE", api_path("organization/{o}/members/{m}", o=orgname, m=membername))

    def update_organization_prototype(self, orgname: str, prototypeid: str, role: str) -> None:
        """PUT /api/v1/organization/{orgname}/prototypes/{prototypeid} {"role": ...}"""
        self.request(
            "PUT",
            api_path("organization/{o}/prototypes/{p}", o=orgname, p=prototypeid),
            json={"role": role},
        )

    def disable_team_sync(self, orgname: str, teamname: str) -> None:
        """DELETE /api/v1/organization/{orgname}/team/{teamname}/syncing"""
        self.request("DELETE", api_path("organization/{o}/team/{t}/syncing", o=orgname, t=teamname))

    # --- Superuser ---------------------------------------------------------------------------

    def set_install_user_password(self, username: str, password: str) -> None:
        """PUT /api/v1/superuser/users/{username} {"password": ...}"""
        self.request(
            "PUT", api_path("superuser/users/{u}", u=username), json={"password": password}
        )

    def expire_tag_from_time_machine(
        self, namespace: str, name: str, tag: str, manifest_digest: str
    ) -> None:
        """POST /api/v1/repository/{ns}/{name}/tag/{tag}/expire: the expired tag leaves the
        time machine at once, so it can no longer be restored."""
        self.request(
            "POST",
            api_path("repository/{n}/{r}/tag/{t}/expire", n=namespace, r=name, t=tag),
            json={"manifest_digest": manifest_digest, "is_alive": False},
        )
