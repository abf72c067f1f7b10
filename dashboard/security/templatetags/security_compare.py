"""Filters for the comparison page and its entry points."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

from dashboard.quay.repositories import Tag
from dashboard.web.formatting import human_size

register = template.Library()


@register.filter
def signed_size(size: int | None) -> str:
    """A size change: +1.2 MB, a minus sign and 300 B, or no change."""
    if not size:
        return "no change"
    return ("+" if size > 0 else "−") + human_size(abs(size))


@register.filter
def with_previous(tags: list[Tag]) -> list[tuple[Tag, str]]:
    """Each entry of a tag history (newest first) with the query comparing it to the manifest
    the same tag pointed at before, when that entry is on the same page ("" otherwise)."""
    pairs: list[tuple[Tag, str]] = []
    for index, tag in enumerate(tags):
        query = ""
        for older in tags[index + 1 :]:
            if older.name == tag.name:
                if older.manifest_digest != tag.manifest_digest:
                    query = urlencode(
                        {
                            "from": f"{older.name}@{older.manifest_digest}",
                            "to": f"{tag.name}@{tag.manifest_digest}",
                        }
                    )
                break
        pairs.append((tag, query))
    return pairs
