"""Quay operations for organizations, teams, members, robots and permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .transport import QuayTransport, api_path


@dataclass(frozen=True)
class Robot:
    """A robot account. Its token is deliberately not kept: Quay sends it with every listing,
    and Quayside shows it only when a person asks for it."""

    name: str
    description: str
    created: str | None
    last_accessed: str | None

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
        )


class OrganizationsApi(QuayTransport):
    def list_robots(self, namespace: str, *, is_organization: bool) -> list[Robot]:
        """GET /api/v1/organization/{orgname}/robots, or /api/v1/user/robots for your own."""
        if is_organization:
            path = api_path("organization/{orgname}/robots", orgname=namespace)
        else:
            path = api_path("user/robots")
        body = self.get(path, token="false")
        return [Robot.from_api(robot) for robot in (body or {}).get("robots", [])]
