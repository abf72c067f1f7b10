"""Quay operations for the security review and the comparison of two manifests.

Both are built from reads the repositories area already has (tags, manifests, labels, a
manifest's security); what is new here is the one read the review repeats per repository.
"""

from __future__ import annotations

from .repositories import Tag
from .transport import QuayTransport, api_path

# Quay takes at most 100 tags a page.
MAX_NEWEST_TAGS = 100


class SecurityApi(QuayTransport):
    def list_newest_tags(self, namespace: str, name: str, count: int) -> list[Tag]:
        """GET /api/v1/repository/{namespace}/{name}/tag/?onlyActiveTags=true&limit=N: the first
        page is the newest tags, as Quay lists a repository's tags newest first."""
        body = self.get(
            api_path("repository/{namespace}/{name}/tag/", namespace=namespace, name=name),
            page=1,
            limit=max(1, min(count, MAX_NEWEST_TAGS)),
            onlyActiveTags="true",
        )
        return [Tag.from_api(item) for item in body.get("tags") or []]
