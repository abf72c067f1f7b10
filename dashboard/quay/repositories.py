"""Quay operations for repositories, tags, manifests, labels and security."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .pagination import NumberedPage, TokenPage, walk_pages
from .transport import QuayTransport, api_path

REPOSITORY_STATES = ("NORMAL", "READ_ONLY", "MIRROR")
# Quay's severities, most severe first ("Unknown" and "Negligible" are what Clair reports for
# packages without a rated advisory).
SEVERITIES = ("Critical", "High", "Medium", "Low", "Negligible", "Unknown")
# A manifest's document type, when the document itself does not say (schema 1 has no field).
SCHEMA1_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v1+prettyjws"


@dataclass(frozen=True)
class DayCount:
    """One day of a repository's activity as Quay counts it (pulls and pushes)."""

    day: date
    count: int

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> DayCount:
        return cls(date.fromisoformat(str(body["date"])), int(body.get("count") or 0))


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
    # Daily pull/push counts when asked with includeStats, newest first.
    stats: list[DayCount] = field(default_factory=list)
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def activity_total(self) -> int:
        return sum(day.count for day in self.stats)

    @property
    def active_days(self) -> int:
        return sum(1 for day in self.stats if day.count)

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
            tag_expiration_s=(
                None if body.get("tag_expiration_s") is None else int(body["tag_expiration_s"])
            ),
            stats=[DayCount.from_api(day) for day in body.get("stats") or []],
            tags=dict(body.get("tags") or {}),
        )


@dataclass(frozen=True)
class RepositorySummary:
    """One row of `GET /api/v1/repository`: no permissions, no tags."""

    namespace: str
    name: str
    description: str
    is_public: bool
    kind: str
    state: str
    is_starred: bool
    last_modified: int | None = None
    popularity: float | None = None
    # Bytes stored, from the quota report Quay adds when quota accounting is on.
    size: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> RepositorySummary:
        report = body.get("quota_report") or {}
        size = report.get("quota_bytes") if isinstance(report, dict) else None
        popularity = body.get("popularity")
        return cls(
            namespace=str(body["namespace"]),
            name=str(body["name"]),
            description=str(body.get("description") or ""),
            is_public=bool(body.get("is_public", False)),
            kind=str(body.get("kind") or "image"),
            state=str(body.get("state") or "NORMAL"),
            is_starred=bool(body.get("is_starred", False)),
            last_modified=body.get("last_modified"),
            popularity=float(popularity) if popularity is not None else None,
            size=int(size) if isinstance(size, int | float) else None,
        )


@dataclass(frozen=True)
class Tag:
    name: str
    manifest_digest: str
    is_manifest_list: bool
    size: int | None
    start_ts: int | None
    end_ts: int | None
    last_modified: str | None
    expiration: str | None
    reversion: bool = False
    immutable: bool = False

    @property
    def is_active(self) -> bool:
        return self.end_ts is None

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Tag:
        return cls(
            name=str(body["name"]),
            manifest_digest=str(body.get("manifest_digest") or ""),
            is_manifest_list=bool(body.get("is_manifest_list", False)),
            size=body.get("size"),
            start_ts=body.get("start_ts"),
            end_ts=body.get("end_ts"),
            last_modified=body.get("last_modified"),
            expiration=body.get("expiration"),
            reversion=bool(body.get("reversion", False)),
            immutable=bool(body.get("immutable", False)),
        )


@dataclass(frozen=True)
class Layer:
    index: int
    blob_digest: str
    compressed_size: int | None
    command: str = ""


@dataclass(frozen=True)
class ChildManifest:
    """One entry of a manifest list: an image for one platform."""

    digest: str
    media_type: str
    size: int | None
    os: str
    architecture: str
    variant: str = ""

    @property
    def platform(self) -> str:
        parts = [self.os or "?", self.architecture or "?"]
        if self.variant:
            parts.append(self.variant)
        return "/".join(parts)


@dataclass(frozen=True)
class Manifest:
    digest: str
    is_manifest_list: bool
    media_type: str
    config_media_type: str | None
    size: int | None
    layers: list[Layer]
    children: list[ChildManifest]

    @property
    def platforms(self) -> list[str]:
        return [child.platform for child in self.children]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Manifest:
        try:
            document = json.loads(body.get("manifest_data") or "{}")
        except ValueError:
            document = {}
        if not isinstance(document, dict):
            document = {}
        media_type = document.get("mediaType") or (
            SCHEMA1_MEDIA_TYPE if document.get("schemaVersion") == 1 else ""
        )
        children = [
            ChildManifest(
                digest=str(entry.get("digest", "")),
                media_type=str(entry.get("mediaType", "")),
                size=entry.get("size"),
                os=str((entry.get("platform") or {}).get("os", "")),
                architecture=str((entry.get("platform") or {}).get("architecture", "")),
                variant=str((entry.get("platform") or {}).get("variant", "") or ""),
            )
            for entry in document.get("manifests") or []
            if isinstance(entry, dict)
        ]
        layers = [
            Layer(
                index=int(layer.get("index", position)),
                blob_digest=str(layer.get("blob_digest") or ""),
                compressed_size=layer.get("compressed_size"),
                command=" ".join(layer.get("command") or []),
            )
            for position, layer in enumerate(body.get("layers") or [])
        ]
        return cls(
            digest=str(body["digest"]),
            is_manifest_list=bool(body.get("is_manifest_list", False)),
            media_type=str(media_type),
            config_media_type=body.get("config_media_type"),
            size=body.get("layers_compressed_size"),
            layers=layers,
            children=children,
        )


@dataclass(frozen=True)
class Label:
    id: str
    key: str
    value: str
    source_type: str
    media_type: str

    @property
    def read_only(self) -> bool:
        # Labels from the image itself or from Quay cannot be deleted through the API.
        return self.source_type != "api"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Label:
        return cls(
            id=str(body["id"]),
            key=str(body.get("key", "")),
            value=str(body.get("value", "")),
            source_type=str(body.get("source_type") or "api"),
            media_type=str(body.get("media_type") or "text/plain"),
        )


@dataclass(frozen=True)
class Vulnerability:
    name: str
    severity: str
    package: str
    installed_version: str
    fixed_by: str
    link: str
    description: str

    @property
    def fixable(self) -> bool:
        return bool(self.fixed_by)


@dataclass(frozen=True)
class Package:
    """One feature the scanner found in the image, vulnerable or not."""

    name: str
    version: str


@dataclass(frozen=True)
class SecurityReport:
    """`status` is Quay's: "scanned", "queued", "failed" or "unsupported"."""

    status: str
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)

    @property
    def scanned(self) -> bool:
        return self.status == "scanned"

    @property
    def counts(self) -> dict[str, int]:
        """Vulnerabilities by severity, most severe first, only the severities present."""
        found = Counter(v.severity for v in self.vulnerabilities)
        return {severity: found[severity] for severity in SEVERITIES if found[severity]}

    @property
    def notable_counts(self) -> dict[str, int]:
        """The counts worth a glance in a table row: Negligible and Unknown left out."""
        return {s: n for s, n in self.counts.items() if s not in ("Negligible", "Unknown")}

    @property
    def fixable_count(self) -> int:
        return sum(1 for v in self.vulnerabilities if v.fixable)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> SecurityReport:
        status = str(body.get("status") or "unsupported")
        features = (((body.get("data") or {}).get("Layer") or {}).get("Features")) or []
        vulnerabilities = []
        for feature in features:
            for vuln in feature.get("Vulnerabilities") or []:
                severity = str(vuln.get("Severity") or "Unknown")
                vulnerabilities.append(
                    Vulnerability(
                        name=str(vuln.get("Name", "")),
                        severity=severity if severity in SEVERITIES else "Unknown",
                        package=str(feature.get("Name", "")),
                        installed_version=str(feature.get("Version", "")),
                        fixed_by=str(vuln.get("FixedBy") or ""),
                        link=str(vuln.get("Link") or "").split()[0] if vuln.get("Link") else "",
                        description=str(vuln.get("Description") or ""),
                    )
                )
        order = {severity: rank for rank, severity in enumerate(SEVERITIES)}
        vulnerabilities.sort(key=lambda v: (order[v.severity], v.package, v.name))
        packages = sorted(
            {Package(str(f.get("Name", "")), str(f.get("Version", ""))) for f in features},
            key=lambda p: (p.name, p.version),
        )
        return cls(status=status, vulnerabilities=vulnerabilities, packages=packages)


@dataclass(frozen=True)
class RepositorySearchResult:
    namespace: str
    name: str
    description: str
    is_public: bool

    @property
    def full_name(self) -> str:
        return f"{self.namespace}/{self.name}"


class RepositoriesApi(QuayTransport):
    # --- Repositories ---

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

    def list_repos(
        self,
        *,
        namespace: str | None = None,
        starred: bool = False,
        public: bool = False,
        next_page: str | None = None,
    ) -> TokenPage[RepositorySummary]:
        """GET /api/v1/repository (100 a page, continued with `next_page`)."""
        body = self.get(
            api_path("repository"),
            namespace=namespace,
            starred="true" if starred else None,
            public="true" if public else None,
            last_modified="true",
            popularity="true",
            next_page=next_page,
        )
        return TokenPage(
            items=[RepositorySummary.from_api(item) for item in body.get("repositories") or []],
            next_page=body.get("next_page") or None,
        )

    def list_all_repos(self, namespace: str) -> list[RepositorySummary]:
        """GET /api/v1/repository?namespace=..., every page: for the few views (the access
        review) that need every repository of a namespace, not a screenful."""
        # Quay pages by 100; a thousand pages is far past any real organization.
        walk = walk_pages(
            lambda token: self.list_repos(namespace=namespace, next_page=token), max_pages=1000
        )
        return list(walk)

    def conduct_repo_search(
        self, query: str, *, page: int = 1
    ) -> NumberedPage[RepositorySearchResult]:
        """GET /api/v1/find/repositories?query= (10 a page)."""
        body = self.get(api_path("find/repositories"), query=query, page=page)
        results = [
            RepositorySearchResult(
                namespace=str((item.get("namespace") or {}).get("name", "")),
                name=str(item.get("name", "")),
                description=str(item.get("description") or ""),
                is_public=bool(item.get("is_public", False)),
            )
            for item in body.get("results") or []
            if item.get("kind") == "repository"
        ]
        return NumberedPage(
            items=results,
            page=int(body.get("page") or page),
            limit=int(body.get("page_size") or 10),
            has_additional=bool(body.get("has_additional", False)),
        )

    def create_repo(self, namespace: str, name: str, visibility: str, description: str) -> None:
        """POST /api/v1/repository"""
        self.request(
            "POST",
            api_path("repository"),
            json={
                "namespace": namespace,
                "repository": name,
                "visibility": visibility,
                "description": description,
                "repo_kind": "image",
            },
        )

    def update_repo(self, namespace: str, name: str, description: str) -> None:
        """PUT /api/v1/repository/{namespace}/{name}"""
        self.request(
            "PUT",
            api_path("repository/{namespace}/{name}", namespace=namespace, name=name),
            json={"description": description},
        )

    def change_repo_visibility(self, namespace: str, name: str, visibility: str) -> None:
        """POST /api/v1/repository/{namespace}/{name}/changevisibility"""
        self.request(
            "POST",
            api_path(
                "repository/{namespace}/{name}/changevisibility", namespace=namespace, name=name
            ),
            json={"visibility": visibility},
        )

    def change_repo_state(self, namespace: str, name: str, state: str) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/changestate"""
        self.request(
            "PUT",
            api_path("repository/{namespace}/{name}/changestate", namespace=namespace, name=name),
            json={"state": state},
        )

    def delete_repository(self, namespace: str, name: str) -> None:
        """DELETE /api/v1/repository/{namespace}/{name}"""
        self.request(
            "DELETE", api_path("repository/{namespace}/{name}", namespace=namespace, name=name)
        )

    def create_star(self, namespace: str, name: str) -> None:
        """POST /api/v1/user/starred"""
        self.request(
            "POST", api_path("user/starred"), json={"namespace": namespace, "repository": name}
        )

    def delete_star(self, namespace: str, name: str) -> None:
        """DELETE /api/v1/user/starred/{namespace}/{name}"""
        self.request(
            "DELETE", api_path("user/starred/{namespace}/{name}", namespace=namespace, name=name)
        )

    # --- Tags ---

    def list_repo_tags(
        self,
        namespace: str,
        name: str,
        *,
        page: int = 1,
        limit: int = 50,
        name_filter: str = "",
        exact: bool = False,
        only_active: bool = True,
    ) -> NumberedPage[Tag]:
        """GET /api/v1/repository/{namespace}/{name}/tag/ (`page`, `limit` ≤ 100, no total)."""
        body = self.get(
            api_path("repository/{namespace}/{name}/tag/", namespace=namespace, name=name),
            page=page,
            limit=limit,
            onlyActiveTags="true" if only_active else None,
            filter_tag_name=(f"{'eq' if exact else 'like'}:{name_filter}" if name_filter else None),
        )
        return NumberedPage(
            items=[Tag.from_api(item) for item in body.get("tags") or []],
            page=int(body.get("page") or page),
            limit=limit,
            has_additional=bool(body.get("has_additional", False)),
        )

    def change_tag(self, namespace: str, name: str, tag: str, manifest_digest: str) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/tag/{tag} (create or move; 201 "Updated")."""
        self.request(
            "PUT",
            api_path(
                "repository/{namespace}/{name}/tag/{tag}", namespace=namespace, name=name, tag=tag
            ),
            json={"manifest_digest": manifest_digest},
        )

    def change_tag_expiration(
        self, namespace: str, name: str, tag: str, expiration: int | None
    ) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/tag/{tag} with `expiration` (Unix seconds;
        null clears it)."""
        self.request(
            "PUT",
            api_path(
                "repository/{namespace}/{name}/tag/{tag}", namespace=namespace, name=name, tag=tag
            ),
            json={"expiration": expiration},
        )

    def delete_full_tag(self, namespace: str, name: str, tag: str) -> None:
        """DELETE /api/v1/repository/{namespace}/{name}/tag/{tag}"""
        self.request(
            "DELETE",
            api_path(
                "repository/{namespace}/{name}/tag/{tag}", namespace=namespace, name=name, tag=tag
            ),
        )

    def restore_tag(self, namespace: str, name: str, tag: str, manifest_digest: str) -> None:
        """POST /api/v1/repository/{namespace}/{name}/tag/{tag}/restore"""
        self.request(
            "POST",
            api_path(
                "repository/{namespace}/{name}/tag/{tag}/restore",
                namespace=namespace,
                name=name,
                tag=tag,
            ),
            json={"manifest_digest": manifest_digest},
        )

    # --- Manifests, labels, security ---

    def get_repo_manifest(self, namespace: str, name: str, digest: str) -> Manifest:
        """GET /api/v1/repository/{namespace}/{name}/manifest/{digest}"""
        body = self.get(
            api_path(
                "repository/{namespace}/{name}/manifest/{digest}",
                namespace=namespace,
                name=name,
                digest=digest,
            )
        )
        return Manifest.from_api(body)

    def list_manifest_labels(self, namespace: str, name: str, digest: str) -> list[Label]:
        """GET /api/v1/repository/{namespace}/{name}/manifest/{digest}/labels"""
        body = self.get(
            api_path(
                "repository/{namespace}/{name}/manifest/{digest}/labels",
                namespace=namespace,
                name=name,
                digest=digest,
            )
        )
        return [Label.from_api(item) for item in body.get("labels") or []]

    def add_manifest_label(
        self, namespace: str, name: str, digest: str, key: str, value: str, media_type: str
    ) -> Label:
        """POST /api/v1/repository/{namespace}/{name}/manifest/{digest}/labels"""
        body = self.request(
            "POST",
            api_path(
                "repository/{namespace}/{name}/manifest/{digest}/labels",
                namespace=namespace,
                name=name,
                digest=digest,
            ),
            json={"key": key, "value": value, "media_type": media_type},
        )
        return Label.from_api((body or {}).get("label") or {})

    def delete_manifest_label(self, namespace: str, name: str, digest: str, label_id: str) -> None:
        """DELETE /api/v1/repository/{namespace}/{name}/manifest/{digest}/labels/{label_id}"""
        self.request(
            "DELETE",
            api_path(
                "repository/{namespace}/{name}/manifest/{digest}/labels/{label_id}",
                namespace=namespace,
                name=name,
                digest=digest,
                label_id=label_id,
            ),
        )

    def get_repo_manifest_security(self, namespace: str, name: str, digest: str) -> SecurityReport:
        """GET /api/v1/repository/{namespace}/{name}/manifest/{digest}/security
        (with `vulnerabilities=true`)."""
        body = self.get(
            api_path(
                "repository/{namespace}/{name}/manifest/{digest}/security",
                namespace=namespace,
                name=name,
                digest=digest,
            ),
            vulnerabilities="true",
        )
        return SecurityReport.from_api(body or {})
