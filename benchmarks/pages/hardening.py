"""A cold page reads the banners alongside its own calls; a returning visit to a page of queued
security scans asks Quay for none of them again."""

from __future__ import annotations

from benchmarks.page import Page
from benchmarks.pages.repositories import SECURITY_100, add_huge

PAGES = [
    # Every measured request finds the shared cache empty: the global messages are read too.
    Page(
        "cold: repository overview + banners",
        "/repository/devtable/simple/",
        budget_calls=2,
        budget_ratio=1.5,
        cold=True,
    ),
    Page(
        "cold: tags + banners",
        "/repository/devtable/complex/tags/",
        budget_calls=3,
        budget_ratio=1.5,
        cold=True,
    ),
    Page(
        "cold: organization quota + banners",
        "/organization/buynlarge/quota/",
        budget_calls=4,
        budget_ratio=1.5,
        cold=True,
    ),
    Page(
        "warm: repository overview",
        "/repository/devtable/simple/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    # 100 rows whose scans Quay reports as queued, first seen, then again two minutes later.
    Page(
        "security 100 queued rows, cold",
        SECURITY_100,
        budget_calls=100,
        budget_ratio=3,
        htmx=True,
        prepare=add_huge,
        cold=True,
    ),
    Page(
        "security 100 queued rows, back after 2 min",
        SECURITY_100,
        budget_calls=0,
        htmx=True,
        prepare=add_huge,
        later_s=120,
    ),
]
