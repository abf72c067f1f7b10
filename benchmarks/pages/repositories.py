from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.cache.backends.dummy import DummyCache

from benchmarks.page import Page
from dashboard.repositories import security
from sandbox.api.repositories import add_huge_repository, huge_tag_digest

HUGE = ("devtable", "huge")
# The security fragment as the tags page asks for it for 100 visible rows of the huge repository.
SECURITY_100 = "/repository/devtable/huge/tags/details/?" + urlencode(
    [("d", huge_tag_digest(*HUGE, i)) for i in range(100)]
)


def add_huge(sandbox: Any) -> None:
    add_huge_repository(sandbox.world, *HUGE, tags=10_000)


def add_huge_uncached(sandbox: Any) -> None:
    """Every request pays for every digest: the per-digest cache forgets at once. (Measured
    last among these pages; only the repository pages use this cache.)"""
    add_huge(sandbox)
    security.cache = DummyCache("", {})  # type: ignore[assignment]


PAGES = [
    Page("repositories /repository/", "/repository/", budget_calls=2, budget_ratio=1.5),
    Page(
        "repositories load more (next_page)",
        "/repository/?namespace=devtable&next_page=sbxeyJvIjogMn0%3D",
        budget_calls=1,
        budget_ratio=1.5,
        htmx=True,
    ),
    Page("repositories overview", "/repository/devtable/simple/", budget_calls=2, budget_ratio=1.5),
    Page("tags, 3 tags", "/repository/devtable/complex/tags/", budget_calls=2, budget_ratio=1.5),
    Page(
        "tags, 10,000 tags",
        "/repository/devtable/huge/tags/",
        budget_calls=2,
        budget_ratio=1.5,
        prepare=add_huge,
    ),
    Page(
        "tags, 10,000 tags, 100 a page",
        "/repository/devtable/huge/tags/?limit=100",
        budget_calls=2,
        budget_ratio=1.5,
        prepare=add_huge,
    ),
    Page(
        "tags, 10,000 tags, filtered",
        "/repository/devtable/huge/tags/?filter=t0999",
        budget_calls=2,
        budget_ratio=1.5,
        prepare=add_huge,
    ),
    Page(
        "tag history, 10,000 tags",
        "/repository/devtable/huge/tags/history/",
        budget_calls=2,
        budget_ratio=1.5,
        prepare=add_huge,
    ),
    # Cold: repository, manifest, labels, security, and the global messages of a first visit.
    Page(
        "manifest, cold cache",
        "/repository/devtable/simple/manifest/"
        "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b/",
        budget_calls=5,
        budget_ratio=1.5,
        warm=False,
    ),
    Page(
        "security 100 rows, cached",
        SECURITY_100,
        budget_calls=0,
        htmx=True,
        prepare=add_huge,
    ),
    # One call per distinct digest, all at once: about one upstream latency plus the threads'.
    Page(
        "security 100 rows, uncached",
        SECURITY_100,
        budget_calls=100,
        budget_ratio=3,
        htmx=True,
        prepare=add_huge_uncached,
        warm=False,
    ),
]
