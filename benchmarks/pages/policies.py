"""Notifications, auto-prune and immutability pages, and the dry run over many tags.

The dry run keeps the tags it read for a moment (the preview redraws as the form changes), so
only the first of the repeated requests reads Quay: `calls` is that cold request's count, and
the median is mostly the redraws. `--repeat 1` gives the cold time alone.

The repository pages ask for the repository first (who may do what) and only then for the list,
so that a person who may not read it causes no refused call: two calls one after the other, a
ratio near 2 by design. A dry run costs the repository plus at most 20 tag pages.
"""

from __future__ import annotations

from typing import Any

from benchmarks.page import Page
from sandbox.api.repositories import add_huge_repository


def tags_2000(sandbox: Any) -> None:
    add_huge_repository(sandbox.world, name="huge", tags=2_000)


def tags_10000(sandbox: Any) -> None:
    add_huge_repository(sandbox.world, name="huge", tags=10_000)


REPO = "/repository/devtable/simple/"
ORG = "/organization/buynlarge/"
DRY = "/repository/devtable/huge/autoprune/dryrun/?method=number_of_tags&count=100"

PAGES = [
    Page("notifications, repository", REPO + "notifications/", budget_calls=2, budget_ratio=3.0),
    Page("notifications, organization", ORG + "notifications/", budget_calls=1, budget_ratio=2.0),
    Page("notifications, user", "/user/namespace-notifications/", budget_calls=1, budget_ratio=2.0),
    Page("auto-prune, repository", REPO + "autoprune/", budget_calls=2, budget_ratio=3.0),
    Page("auto-prune, organization", ORG + "autoprune/", budget_calls=1, budget_ratio=2.0),
    Page("immutability, repository", REPO + "immutability/", budget_calls=2, budget_ratio=3.0),
    Page("immutability, organization", ORG + "immutability/", budget_calls=1, budget_ratio=2.0),
    Page("auto-prune dry run, 2,000 tags", DRY, budget_calls=21, htmx=True, warm=False,
         prepare=tags_2000),
    Page("auto-prune dry run, 10,000 tags (stops early)", DRY, budget_calls=21, htmx=True,
         warm=False, prepare=tags_10000),
]  # fmt: skip
