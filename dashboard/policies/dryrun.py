"""What a policy would do today, worked out from the tags Quay lists (neither Quay's UI nor its
API previews a policy).

The rules follow Quay's own auto-prune worker:
- only live tags count (not expired ones); immutable tags are never pruned, and they are left
  out before counting, so "keep the newest 10" keeps 10 mutable tags beside any immutable ones;
- "keep the newest N" orders tags by when they were pushed, newest first, and prunes the rest;
- "older than" prunes tags pushed longer ago than the duration;
- the tag pattern is a regular expression *searched* in the name (`dev` matches `my-dev-1`),
  and "does not match" inverts it; cosign signature tags (`sha256-<digest>.sig`, `.att`,
  `.sbom`) are never pruned.
Immutability matches the *whole* name (`^`/`$` implied), as Quay does.

Where the API does not say: tags Quay hides (never listed by the API) are invisible here too;
tags pushed in the same second keep the order the API lists them in; the total size adds the
tags' sizes, while storage shared between manifests is freed only when nothing else uses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import MAX_CONCURRENT_CALLS, map_concurrently
from dashboard.quay.pagination import NumberedPage
from dashboard.quay.policies import parse_duration
from dashboard.quay.repositories import Tag

TAGS_PER_PAGE = 100
MAX_TAG_PAGES = 20
COSIGN_TAG = re.compile(r"^sha256-[a-f0-9]{64}\.(sig|att|sbom)$")


@dataclass(frozen=True)
class TagSample:
    """The live tags read for a dry run, and whether reading stopped before the end."""

    tags: list[Tag]
    pages_read: int
    stopped_early: bool
    repositories: int = 1
    repositories_unread: int = 0


def read_tags(
    client: QuayClient, namespace: str, name: str, max_pages: int = MAX_TAG_PAGES
) -> TagSample:
    """Read up to `max_pages` pages of live tags. Quay pages tags by number, so after the first
    page the rest are asked for together, a wave at a time, until a page says nothing follows."""

    def fetch(page: int) -> NumberedPage[Tag]:
        return client.list_repo_tags(namespace, name, page=page, limit=TAGS_PER_PAGE)

    first = fetch(1)
    tags, calls, more = list(first.items), 1, first.has_additional
    wave = 2  # small at first: most repositories end within a few pages
    while more and calls < max_pages:
        numbers = list(range(calls + 1, min(max_pages, calls + wave) + 1))
        batch: list[NumberedPage[Tag]] = map_concurrently(fetch, numbers)
        calls += len(numbers)
        for page in batch:
            tags.extend(page.items)
            more = page.has_additional
            if not more:
                break
        wave = MAX_CONCURRENT_CALLS
    return TagSample(tags=tags, pages_read=calls, stopped_early=more)


@dataclass(frozen=True)
class RepositoryTags:
    repository: str
    sample: TagSample


def read_namespace_tags(
    client: QuayClient, namespace: str, max_pages: int = MAX_TAG_PAGES
) -> tuple[list[RepositoryTags], bool]:
    """The first page of tags of each repository of a namespace, at most `max_pages`
    repositories (one call each, together), and whether anything was left unread."""
    listing = client.list_repos(namespace=namespace)
    chosen = listing.items[:max_pages]
    samples: list[TagSample] = map_concurrently(
        lambda repo: read_tags(client, namespace, repo.name, max_pages=1), chosen
    )
    unread = listing.has_more or len(listing.items) > len(chosen)
    unread = unread or any(sample.stopped_early for sample in samples)
    return [
        RepositoryTags(repo.name, sample) for repo, sample in zip(chosen, samples, strict=True)
    ], unread


def _searched(pattern: str | None, matches: bool, tag_name: str) -> bool:
    if pattern is None:
        return True
    try:
        found = re.search(pattern, tag_name) is not None
    except re.error:
        # Quay takes a pattern that is not a regular expression and then matches nothing.
        found = False
    return found if matches else not found


def pattern_error(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return ""


@dataclass
class PrunePreview:
    pruned: list[Tag] = field(default_factory=list)
    protected: list[Tag] = field(default_factory=list)  # immutable tags the policy would hit
    considered: int = 0
    problem: str = ""

    @property
    def total_size(self) -> int:
        return sum(tag.size or 0 for tag in self.pruned)

    @property
    def newest(self) -> Tag | None:
        return max(self.pruned, key=_pushed, default=None)

    @property
    def oldest(self) -> Tag | None:
        return min(self.pruned, key=_pushed, default=None)


def _pushed(tag: Tag) -> int:
    return tag.start_ts or 0


def preview_autoprune(
    tags: Sequence[Tag],
    method: str,
    value: int | str,
    tag_pattern: str | None,
    tag_pattern_matches: bool,
    now: datetime,
) -> PrunePreview:
    """The tags one auto-prune policy would delete now, and the immutable ones it would spare."""
    preview = PrunePreview()
    candidates = [
        tag
        for tag in tags
        if tag.end_ts is None or tag.end_ts > now.timestamp()
        if not COSIGN_TAG.match(tag.name)
        if _searched(tag_pattern, tag_pattern_matches, tag.name)
    ]
    if tag_pattern is not None and pattern_error(tag_pattern):
        preview.problem = (
            f"“{tag_pattern}” is not a regular expression ({pattern_error(tag_pattern)}). "
            "Quay accepts it anyway, and then prunes nothing with it."
        )
    mutable = [tag for tag in candidates if not tag.immutable]
    immutable = [tag for tag in candidates if tag.immutable]
    preview.considered = len(mutable)
    if method == "number_of_tags":
        keep = int(value)
        ordered = sorted(mutable, key=_pushed, reverse=True)
        preview.pruned = ordered[keep:]
        preview.protected = immutable
    elif method == "creation_date":
        age = parse_duration(str(value)) or timedelta(0)
        cutoff = (now - age).timestamp()
        preview.pruned = [tag for tag in mutable if _pushed(tag) < cutoff]
        preview.protected = [tag for tag in immutable if _pushed(tag) < cutoff]
    preview.pruned.sort(key=_pushed, reverse=True)
    return preview


@dataclass
class FreezePreview:
    frozen: list[Tag] = field(default_factory=list)  # would become immutable
    already: list[Tag] = field(default_factory=list)  # matching and immutable already


def freezes(tag_pattern: str, tag_pattern_matches: bool, tag_name: str) -> bool:
    try:
        matched = re.fullmatch(tag_pattern, tag_name) is not None
    except re.error:
        return False
    return matched if tag_pattern_matches else not matched


def preview_immutability(
    tags: Sequence[Tag], tag_pattern: str, tag_pattern_matches: bool, now: datetime
) -> FreezePreview:
    preview = FreezePreview()
    for tag in tags:
        if tag.end_ts is not None and tag.end_ts <= now.timestamp():
            continue
        if freezes(tag_pattern, tag_pattern_matches, tag.name):
            (preview.already if tag.immutable else preview.frozen).append(tag)
    return preview
