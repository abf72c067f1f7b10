"""Quay operations for organizations, teams, members, robots and permissions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .transport import QuayTransport, api_path

ROLES = ("read", "write", "admin")
TEAM_ROLES = ("member", "creator", "admin")
ROLE_RANK = {"read": 1, "write": 2, "admin": 3}

# Quay's own rules (data/model and endpoints/api): checked before any call.
ROBOT_SHORTNAME = re.compile(r"^[a-z][a-z0-9_]{1,254}$")
TEAM_NAME = re.compile(r"^[a-z][a-z0-9_]{1,254}$")
USERNAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?$")
ROBOT_FULLNAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?\+[a-z][a-z0-9_]{1,254}$")
EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$")


def strongest_role(*roles: str | None) -> str | None:
    present = [role for role in roles if role in ROLE_RANK]
    return max(present, key=ROLE_RANK.__getitem__) if present else None


@dataclass(frozen=True)
class Robot:
    """A robot account. Its token is deliberately not kept: Quay sends it with every listing,
    and Quayside shows it only when a person asks for it."""

    name: str
    description: str
    created: str | None
    last_accessed: str | None
    # Only when listed with permissions=true.
    teams: tuple[str, ...] = ()
    repositories: tuple[str, ...] = ()

    @property
    def shortname(self) -> str:
        return self.name.split("+", 1)[-1]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Robot:
        return cls(
            name=str(body["name"]),
            description=str(body.get("description") or ""),
            created=body.get("created"),
            last_accessed=body.get("last_accessed"),
            teams=tuple(str(team["name"]) for team in body.get("teams") or []),
            repositories=tuple(str(repo) for repo in body.get("repositories") or []),
        )


@dataclass(frozen=True)
class RobotCredentials:
    """A robot with its token: only ever built for a person who asked to see it, never cached."""

    name: str
    token: str

    def __repr__(self) -> str:
        return f"<RobotCredentials {self.name}>"


@dataclass(frozen=True)
class Team:
    name: str
    description: str
    role: str
    member_count: int = 0
    repo_count: int = 0
    is_synced: bool = False
    can_view: bool = True

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Team:
        return cls(
            name=str(body["name"]),
            description=str(body.get("description") or ""),
            role=str(body.get("role") or "member"),
            member_count=int(body.get("member_count") or 0),
            repo_count=int(body.get("repo_count") or 0),
            is_synced=bool(body.get("is_synced", False)),
            can_view=bool(body.get("can_view", True)),
        )


@dataclass(frozen=True)
class Organization:
    name: str
    email: str
    is_admin: bool
    is_member: bool
    # In Quay's order (`ordered_teams`); empty for someone who is not a member.
    teams: list[Team] = field(default_factory=list)
    # Only administrators get the quota fields; None when Quay sent none.
    quota_bytes: int | None = None
    configured_quota: int | None = None
    # Administrators only: how long deleted tags stay in the time machine.
    tag_expiration_s: int | None = None

    @property
    def has_quota_report(self) -> bool:
        return self.quota_bytes is not None

    @property
    def quota_percent(self) -> float | None:
        if self.quota_bytes is None or not self.configured_quota:
            return None
        return 100.0 * self.quota_bytes / self.configured_quota

    def team(self, name: str) -> Team | None:
        return next((team for team in self.teams if team.name == name), None)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Organization:
        by_name = body.get("teams") or {}
        order = body.get("ordered_teams") or list(by_name)
        report = body.get("quota_report") or None
        return cls(
            name=str(body["name"]),
            email=str(body.get("email") or ""),
            is_admin=bool(body.get("is_admin", False)),
            is_member=bool(body.get("is_member", False)),
            teams=[Team.from_api(by_name[name]) for name in order if name in by_name],
            quota_bytes=int(report.get("quota_bytes") or 0) if report else None,
            configured_quota=report.get("configured_quota") if report else None,
            tag_expiration_s=body.get("tag_expiration_s"),
        )


@dataclass(frozen=True)
class OrganizationMember:
    name: str
    kind: str
    teams: tuple[str, ...]
    # Repositories the member holds a direct permission on.
    repositories: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> OrganizationMember:
        return cls(
            name=str(body["name"]),
            kind=str(body.get("kind") or "user"),
            teams=tuple(str(team["name"]) for team in body.get("teams") or []),
            repositories=tuple(str(repo) for repo in body.get("repositories") or []),
        )


@dataclass(frozen=True)
class Collaborator:
    """A user outside the organization with a permission on one of its repositories."""

    name: str
    repositories: tuple[str, ...]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Collaborator:
        return cls(
            name=str(body["name"]),
            repositories=tuple(str(repo) for repo in body.get("repositories") or []),
        )


@dataclass(frozen=True)
class TeamMember:
    name: str
    kind: str  # "user", or "invite" for an e-mail invitation
    is_robot: bool
    invited: bool

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> TeamMember:
        return cls(
            name=str(body.get("name") or body.get("email") or ""),
            kind=str(body.get("kind") or "user"),
            is_robot=bool(body.get("is_robot", False)),
            invited=bool(body.get("invited", False)),
        )


@dataclass(frozen=True)
class TeamMembers:
    name: str
    members: list[TeamMember]
    can_edit: bool
    # Where Quay has team syncing: the service a synced team follows (with its group, for
    # those who may see it), and whether this person may turn syncing on or off.
    synced_service: str = ""
    synced_config: dict[str, Any] = field(default_factory=dict)
    can_sync: bool = False


@dataclass(frozen=True)
class RepositoryGrant:
    """A role on one repository, as team and robot permission lists report it."""

    repository: str
    role: str
    is_public: bool = False

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> RepositoryGrant:
        repository = body.get("repository") or {}
        return cls(
            repository=str(repository.get("name", "")),
            role=str(body.get("role", "")),
            is_public=bool(repository.get("is_public", False)),
        )


@dataclass(frozen=True)
class Permission:
    """One entry of a repository's permission lists: a user, a robot or a team, and its role."""

    name: str
    kind: str  # "user", "robot" or "team"
    role: str
    # For users: whether they belong to the organization (None when Quay does not say).
    is_org_member: bool | None = None

    @classmethod
    def from_api(cls, body: dict[str, Any], *, team: bool = False) -> Permission:
        kind = "team" if team else "robot" if body.get("is_robot") else "user"
        member = body.get("is_org_member")
        return cls(
            name=str(body["name"]),
            kind=kind,
            role=str(body.get("role", "")),
            is_org_member=None if member is None else bool(member),
        )


@dataclass(frozen=True)
class TransitiveRole:
    """Where part of a user's effective permission comes from: their own grant or a team."""

    role: str
    source_kind: str  # "user" or "team"
    source: str

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> TransitiveRole:
        return cls(
            role=str(body.get("role", "")),
            source_kind="team" if body.get("kind") == "team" else "user",
            source=str(body.get("name", "")),
        )


@dataclass(frozen=True)
class Prototype:
    """A default permission: `delegate` gets `role` on every new repository (created by
    `activating_user`, or by anyone when that is None)."""

    id: str
    role: str
    delegate: str
    delegate_kind: str  # "user" (robots included) or "team"
    activating_user: str | None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Prototype:
        delegate = body.get("delegate") or {}
        activating = body.get("activating_user") or None
        return cls(
            id=str(body["id"]),
            role=str(body.get("role", "")),
            delegate=str(delegate.get("name", "")),
            delegate_kind="team" if delegate.get("kind") == "team" else "user",
            activating_user=str(activating["name"]) if activating else None,
        )


@dataclass(frozen=True)
class Entity:
    """A match of the entity search: a user, robot, team or organization."""

    name: str
    kind: str
    is_robot: bool = False

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Entity:
        return cls(
            name=str(body["name"]),
            kind=str(body.get("kind") or "user"),
            is_robot=bool(body.get("is_robot", False)),
        )


class OrganizationsApi(QuayTransport):
    # --- The organization ---------------------------------------------------------------

    def get_organization(self, orgname: str) -> Organization:
        """GET /api/v1/organization/{orgname}: its teams (Quay has no team list) and quota."""
        return Organization.from_api(self.get(api_path("organization/{o}", o=orgname)))

    def list_organization_members(self, orgname: str) -> list[OrganizationMember]:
        """GET /api/v1/organization/{orgname}/members"""
        body = self.get(api_path("organization/{o}/members", o=orgname))
        return [OrganizationMember.from_api(item) for item in (body or {}).get("members", [])]

    def list_organization_collaborators(self, orgname: str) -> list[Collaborator]:
        """GET /api/v1/organization/{orgname}/collaborators"""
        body = self.get(api_path("organization/{o}/collaborators", o=orgname))
        return [Collaborator.from_api(item) for item in (body or {}).get("collaborators", [])]

    # --- Teams ----------------------------------------------------------------------------

    def update_organization_team(
        self, orgname: str, teamname: str, role: str, description: str = ""
    ) -> Team:
        """PUT /api/v1/organization/{orgname}/team/{teamname}: create a team or change it."""
        body = self.request(
            "PUT",
            api_path("organization/{o}/team/{t}", o=orgname, t=teamname),
            json={"role": role, "description": description},
        )
        return Team.from_api(body)

    def delete_organization_team(self, orgname: str, teamname: str) -> None:
        """DELETE /api/v1/organization/{orgname}/team/{teamname}"""
        self.request("DELETE", api_path("organization/{o}/team/{t}", o=orgname, t=teamname))

    def get_organization_team_members(self, orgname: str, teamname: str) -> TeamMembers:
        """GET /api/v1/organization/{orgname}/team/{teamname}/members?includePending=true"""
        body = self.get(
            api_path("organization/{o}/team/{t}/members", o=orgname, t=teamname),
            includePending="true",
        )
        synced = body.get("synced")
        synced = synced if isinstance(synced, dict) else {}
        config = synced.get("config")
        config = config if isinstance(config, dict) else {}
        return TeamMembers(
            name=str(body.get("name", teamname)),
            members=[TeamMember.from_api(item) for item in body.get("members", [])],
            can_edit=bool(body.get("can_edit", False)),
            synced_service=str(synced.get("service") or ""),
            synced_config={str(key): value for key, value in config.items()},
            can_sync=isinstance(body.get("can_sync"), dict),
        )

    def update_organization_team_member(
        self, orgname: str, teamname: str, membername: str
    ) -> TeamMember:
        """PUT /api/v1/organization/{orgname}/team/{teamname}/members/{membername}: adds an
        organization member or robot; someone outside the organization is invited."""
        body = self.request(
            "PUT",
            api_path("organization/{o}/team/{t}/members/{m}", o=orgname, t=teamname, m=membername),
        )
        return TeamMember.from_api(body)

    def invite_team_member_email(self, orgname: str, teamname: str, email: str) -> TeamMember:
        """PUT /api/v1/organization/{orgname}/team/{teamname}/invite/{email}"""
        body = self.request(
            "PUT", api_path("organization/{o}/team/{t}/invite/{e}", o=orgname, t=teamname, e=email)
        )
        return TeamMember.from_api(body)

    def delete_organization_team_member(self, orgname: str, teamname: str, membername: str) -> None:
        """DELETE /api/v1/organization/{orgname}/team/{teamname}/members/{membername}"""
        self.request(
            "DELETE",
            api_path("organization/{o}/team/{t}/members/{m}", o=orgname, t=teamname, m=membername),
        )

    def delete_team_member_email_invite(self, orgname: str, teamname: str, email: str) -> None:
        """DELETE /api/v1/organization/{orgname}/team/{teamname}/invite/{email}"""
        self.request(
            "DELETE",
            api_path("organization/{o}/team/{t}/invite/{e}", o=orgname, t=teamname, e=email),
        )

    def get_organization_team_permissions(
        self, orgname: str, teamname: str
    ) -> list[RepositoryGrant]:
        """GET /api/v1/organization/{orgname}/team/{teamname}/permissions"""
        body = self.get(api_path("organization/{o}/team/{t}/permissions", o=orgname, t=teamname))
        return [RepositoryGrant.from_api(item) for item in (body or {}).get("permissions", [])]

    # --- Robots ---------------------------------------------------------------------------

    def list_robots(
        self, namespace: str, *, is_organization: bool, permissions: bool = False
    ) -> list[Robot]:
        """GET /api/v1/organization/{orgname}/robots, or /api/v1/user/robots for your own."""
        if is_organization:
            path = api_path("organization/{orgname}/robots", orgname=namespace)
        else:
            path = api_path("user/robots")
        body = self.get(path, token="false", permissions="true" if permissions else None)
        return [Robot.from_api(robot) for robot in (body or {}).get("robots", [])]

    def _robot_path(self, namespace: str, shortname: str, is_organization: bool, rest: str) -> str:
        if is_organization:
            return api_path("organization/{o}/robots/{r}" + rest, o=namespace, r=shortname)
        return api_path("user/robots/{r}" + rest, r=shortname)

    def create_robot(
        self, namespace: str, shortname: str, description: str, *, is_organization: bool
    ) -> Robot:
        """PUT /api/v1/organization/{orgname}/robots/{shortname} (or /user/robots/...)"""
        body = self.request(
            "PUT",
            self._robot_path(namespace, shortname, is_organization, ""),
            json={"description": description},
        )
        return Robot.from_api(body)

    def delete_robot(self, namespace: str, shortname: str, *, is_organization: bool) -> None:
        """DELETE /api/v1/organization/{orgname}/robots/{shortname} (or /user/robots/...)"""
        self.request("DELETE", self._robot_path(namespace, shortname, is_organization, ""))

    def get_robot_credentials(
        self, namespace: str, shortname: str, *, is_organization: bool
    ) -> RobotCredentials:
        """GET /api/v1/organization/{orgname}/robots/{shortname}: the robot with its token."""
        body = self.get(self._robot_path(namespace, shortname, is_organization, ""))
        return RobotCredentials(name=str(body["name"]), token=str(body["token"]))

    def regenerate_robot_token(
        self, namespace: str, shortname: str, *, is_organization: bool
    ) -> RobotCredentials:
        """POST /api/v1/organization/{orgname}/robots/{shortname}/regenerate"""
        body = self.request(
            "POST", self._robot_path(namespace, shortname, is_organization, "/regenerate")
        )
        return RobotCredentials(name=str(body["name"]), token=str(body["token"]))

    # --- Repository permissions -----------------------------------------------------------

    def _permission_path(self, namespace: str, name: str, kind: str, who: str = "") -> str:
        """A repository's permissions of one `kind` (`user`, robots among them, or `team`), or
        the one of `who`: the six permission operations differ only in this path."""
        if who:
            return api_path(
                "repository/{n}/{r}/permissions/{k}/{w}", n=namespace, r=name, k=kind, w=who
            )
        return api_path("repository/{n}/{r}/permissions/{k}/", n=namespace, r=name, k=kind)

    def _permissions(self, namespace: str, name: str, kind: str) -> list[dict[str, Any]]:
        body = self.get(self._permission_path(namespace, name, kind))
        return list(((body or {}).get("permissions") or {}).values())

    def list_repo_user_permissions(self, namespace: str, name: str) -> list[Permission]:
        """GET /api/v1/repository/{namespace}/{name}/permissions/user/ (robots included)"""
        return [Permission.from_api(item) for item in self._permissions(namespace, name, "user")]

    def list_repo_team_permissions(self, namespace: str, name: str) -> list[Permission]:
        """GET /api/v1/repository/{namespace}/{name}/permissions/team/"""
        items = self._permissions(namespace, name, "team")
        return [Permission.from_api(item, team=True) for item in items]

    def change_user_permissions(self, namespace: str, name: str, username: str, role: str) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/permissions/user/{username}"""
        path = self._permission_path(namespace, name, "user", username)
        self.request("PUT", path, json={"role": role})

    def delete_user_permissions(self, namespace: str, name: str, username: str) -> None:
        """DELETE /api/v1/repository/{namespace}/{name}/permissions/user/{username}"""
        self.request("DELETE", self._permission_path(namespace, name, "user", username))

    def change_team_permissions(self, namespace: str, name: str, teamname: str, role: str) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/permissions/team/{teamname}"""
        path = self._permission_path(namespace, name, "team", teamname)
        self.request("PUT", path, json={"role": role})

    def delete_team_permissions(self, namespace: str, name: str, teamname: str) -> None:
        """DELETE /api/v1/repository/{namespace}/{name}/permissions/team/{teamname}"""
        self.request("DELETE", self._permission_path(namespace, name, "team", teamname))

    def get_user_transitive_permission(
        self, namespace: str, name: str, username: str
    ) -> list[TransitiveRole]:
        """GET /api/v1/repository/{namespace}/{name}/permissions/user/{username}/transitive"""
        body = self.get(
            api_path(
                "repository/{n}/{r}/permissions/user/{u}/transitive",
                n=namespace,
                r=name,
                u=username,
            )
        )
        return [TransitiveRole.from_api(item) for item in (body or {}).get("permissions", [])]

    # --- Default permissions (prototypes) -------------------------------------------------

    def list_organization_prototypes(self, orgname: str) -> list[Prototype]:
        """GET /api/v1/organization/{orgname}/prototypes"""
        body = self.get(api_path("organization/{o}/prototypes", o=orgname))
        return [Prototype.from_api(item) for item in (body or {}).get("prototypes", [])]

    def create_organization_prototype(
        self,
        orgname: str,
        role: str,
        delegate: str,
        delegate_kind: str,
        activating_user: str | None = None,
    ) -> Prototype:
        """POST /api/v1/organization/{orgname}/prototypes"""
        payload: dict[str, Any] = {
            "role": role,
            "delegate": {"name": delegate, "kind": delegate_kind},
        }
        if activating_user:
            payload["activating_user"] = {"name": activating_user}
        body = self.request(
            "POST", api_path("organization/{o}/prototypes", o=orgname), json=payload
        )
        return Prototype.from_api(body)

    def delete_organization_prototype(self, orgname: str, prototypeid: str) -> None:
        """DELETE /api/v1/organization/{orgname}/prototypes/{prototypeid}"""
        self.request(
            "DELETE", api_path("organization/{o}/prototypes/{p}", o=orgname, p=prototypeid)
        )

    # --- Entities -------------------------------------------------------------------------

    def get_matching_entities(
        self, prefix: str, *, namespace: str = "", include_teams: bool = False
    ) -> list[Entity]:
        """GET /api/v1/entities/{prefix}?namespace=&includeTeams=: users, robots and teams."""
        body = self.get(
            api_path("entities/{p}", p=prefix),
            namespace=namespace or None,
            includeTeams="true" if include_teams else None,
        )
        return [Entity.from_api(item) for item in (body or {}).get("results", [])]
