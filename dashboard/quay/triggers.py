"""Quay operations for the build triggers of a repository.

Quay's API lists, reads, enables and disables (PUT), starts and deletes triggers; it cannot
create one: that takes the external service's OAuth (GitHub, GitLab, Bitbucket) or, for a
custom git trigger, Quay's own setup page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .builds import Build
from .mirroring import MirroringApi
from .transport import api_path

SERVICE_LABELS = {
    "github": "GitHub",
    "gitlab": "GitLab",
    "bitbucket": "Bitbucket",
    "custom-git": "Custom git",
}


@dataclass(frozen=True)
class Trigger:
    id: str
    service: str
    is_active: bool
    build_source: str
    repository_url: str
    dockerfile_path: str
    context: str
    branchtag_regex: str
    enabled: bool
    disabled_reason: str | None
    pull_robot: str | None
    can_invoke: bool

    @property
    def service_label(self) -> str:
        return SERVICE_LABELS.get(self.service, self.service)

    @property
    def is_custom_git(self) -> bool:
        return self.service == "custom-git"

    @property
    def short_id(self) -> str:
        return self.id.split("-", 1)[0]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Trigger:
        config = body.get("config") or {}
        robot = body.get("pull_robot")
        return cls(
            id=str(body["id"]),
            service=str(body.get("service") or ""),
            is_active=bool(body.get("is_active", False)),
            build_source=str(body.get("build_source") or config.get("build_source") or ""),
            repository_url=str(body.get("repository_url") or ""),
            dockerfile_path=str(config.get("dockerfile_path") or ""),
            context=str(config.get("context") or ""),
            branchtag_regex=str(config.get("branchtag_regex") or ""),
            enabled=bool(body.get("enabled", True)),
            disabled_reason=body.get("disabled_reason") or None,
            pull_robot=(robot or {}).get("name") if isinstance(robot, dict) else None,
            can_invoke=bool(body.get("can_invoke", False)),
        )


class TriggersApi(MirroringApi):
    def _trigger_path(
        self, namespace: str, name: str, trigger_uuid: str = "", leaf: str = ""
    ) -> str:
        if not trigger_uuid:
            return api_path(
                "repository/{namespace}/{name}/trigger/", namespace=namespace, name=name
            )
        return api_path(
            "repository/{namespace}/{name}/trigger/{trigger_uuid}" + leaf,
            namespace=namespace,
            name=name,
            trigger_uuid=trigger_uuid,
        )

    def list_triggers(self, namespace: str, name: str) -> list[Trigger]:
        """GET /api/v1/repository/{repository}/trigger/"""
        body = self.get(self._trigger_path(namespace, name)) or {}
        return [Trigger.from_api(trigger) for trigger in body.get("triggers") or []]

    def list_trigger_builds(
        self, namespace: str, name: str, trigger_uuid: str, limit: int = 5
    ) -> list[Build]:
        """GET /api/v1/repository/{repository}/trigger/{trigger_uuid}/builds"""
        body = self.get(self._trigger_path(namespace, name, trigger_uuid, "/builds"), limit=limit)
        return [Build.from_api(build) for build in (body or {}).get("builds") or []]

    def set_trigger_enabled(
        self, namespace: str, name: str, trigger_uuid: str, enabled: bool
    ) -> Trigger:
        """PUT /api/v1/repository/{repository}/trigger/{trigger_uuid}"""
        body = self._write(
            "PUT", self._trigger_path(namespace, name, trigger_uuid), {"enabled": enabled}
        )
        return Trigger.from_api(body or {})

    def start_trigger(
        self, namespace: str, name: str, trigger_uuid: str, parameters: dict[str, Any]
    ) -> Build:
        """POST /api/v1/repository/{repository}/trigger/{trigger_uuid}/start with `commit_sha`
        (custom git) or `refs` ({"kind": "branch"|"tag", "name": ...})."""
        body = self._write(
            "POST", self._trigger_path(namespace, name, trigger_uuid, "/start"), parameters
        )
        return Build.from_api(body or {})

    def delete_trigger(self, namespace: str, name: str, trigger_uuid: str) -> None:
        """DELETE /api/v1/repository/{repository}/trigger/{trigger_uuid}"""
        self._write("DELETE", self._trigger_path(namespace, name, trigger_uuid))
