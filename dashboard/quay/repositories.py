"""Quay operations for repositories, tags, manifests, labels and security."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .transport import QuayTransport, api_path


@dataclass(frozen=True)
class Repository:
    namespace: str
    name: str
    description: str
    is_public: bool
    kind: str
    state: str
    can_write: bool
    can_admin: bool
    is_starred: bool
    is_organization: bool
    tag_expiration_s: int | None = None
    # Daily pull/push counts when asked with includeStats: [{"date": "2026-11-25", "count": 3}].
    stats: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Repository:
        return cls(
            namespace=str(body["namespace"]),
            name=str(body["name"]),
            description=str(body.get("description") or ""),
            is_public=bool(body.get("is_public", False)),
            kind=str(body.get("kind") or "image"),
            state=str(body.get("state") or "NORMAL"),
            can_write=bool(body.get("can_write", False)),
            can_admin=bool(body.get("can_admin", False)),
            is_starred=bool(body.get("is_starred", False)),
            is_organization=bool(body.get("is_organization", False)),
            tag_expiration_s=body.get("tag_expiration_s"),
            stats=list(body.get("stats") or []),
            tags=dict(body.get("tags") or {}),
        )


class RepositoriesApi(QuayTransport):
    def get_repository(
        self, namespace: str, name: str, *, include_stats: bool = False, include_tags: bool = False
    ) -> Repository:
        """GET /api/v1/repository/{namespace}/{name}"""
        body = self.get(
            api_path("repository/{namespace}/{name}", namespace=namespace, name=name),
            includeStats="true" if include_stats else None,
            includeTags="true" if include_tags else "false",
        )
        return Repository.from_api(body)
