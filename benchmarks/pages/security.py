from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache as django_cache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from benchmarks.page import Page
from dashboard.repositories import security as digest_cache
from sandbox.api.security import add_security_organization

ORG_PROD = "sha256:511dbd11b1270b063c5159a33b44e6f2db1cd3ba0773ad00666a7447a17399d0"
ORG_LATEST = "sha256:d8c3301530921d0d4dfcc18aec42b5e1ec6780793ab4cf09d51eabd8e63d3ec8"
COMPARE = "/repository/buynlarge/orgrepo/compare/?"


def cold(sandbox: Any) -> None:
    """Every request pays for every digest: the per-digest cache forgets at once."""
    digest_cache.cache = DummyCache("", {})  # type: ignore[assignment]


def warm(sandbox: Any) -> None:
    digest_cache.cache = django_cache  # type: ignore[assignment]


def organization_cold(sandbox: Any) -> None:
    add_security_organization(sandbox.world, repositories=100, tags=3)
    cold(sandbox)


def organization_warm(sandbox: Any) -> None:
    """The runner's local-memory cache keeps Django's default 300 entries, fewer than this
    review's digests; the installation's shared cache keeps 20,000: give the digests as much."""
    add_security_organization(sandbox.world, repositories=100, tags=3)
    digest_cache.cache = LocMemCache(  # type: ignore[assignment]
        "security-digests", {"OPTIONS": {"MAX_ENTRIES": 20_000}}
    )


PAGES = [
    # The whole review of 100 repositories x 3 tags built in the request (refresh=1 skips the
    # cached review; the digest cache is off): 1 repository page + 100 tag listings + 300
    # security reads, 8 at a time. Budget: repositories + distinct digests (+ the listing).
    Page(
        "security review, 100 repos x 3 tags, cold (CSV)",
        "/organization/secorp/security/?format=csv&table=tags&refresh=1",
        budget_calls=401,
        budget_ratio=60,
        prepare=organization_cold,
        warm=False,
    ),
    # A second look: the digests come from the cache, only the tag listings are read again.
    Page(
        "security review, 100 repos x 3 tags, digests cached (CSV)",
        "/organization/secorp/security/?format=csv&table=tags&refresh=1",
        budget_calls=101,
        budget_ratio=20,
        prepare=organization_warm,
    ),
    # Two digests, nothing cached (the unmeasured first request only reads the global messages
    # for everyone, as any first visit does): two manifests, two reports, two label lists, all
    # at once.
    Page(
        "compare two digests, cold",
        COMPARE + urlencode({"from": f"latest@{ORG_LATEST}", "to": f"prod@{ORG_PROD}"}),
        budget_calls=6,
        budget_ratio=1.5,
        prepare=cold,
    ),
    # Two tag names: one lookup each (together), then the six.
    Page(
        "compare two tags, cold",
        COMPARE + urlencode({"from": "latest", "to": "prod"}),
        budget_calls=8,
        budget_ratio=2.5,
        prepare=cold,
    ),
    # Seen before: manifests and reports from the per-digest cache, the labels read again.
    Page(
        "compare two digests, cached",
        COMPARE + urlencode({"from": f"latest@{ORG_LATEST}", "to": f"prod@{ORG_PROD}"}),
        budget_calls=2,
        budget_ratio=1.5,
        prepare=warm,
    ),
]
