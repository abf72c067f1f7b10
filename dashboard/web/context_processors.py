from __future__ import annotations

from typing import Any

from django.urls import reverse

from dashboard.accounts.tokens import current_profile, quay_client_for, quay_host
from dashboard.quay.core import GlobalMessage
from dashboard.web.htmx import HtmxHttpRequest

from .banners import page_banners

# The main navigation's entries that stand for a whole part of the site, by its first page.
SECTIONS = (
    ("repositories", "repositories:list"),
    ("organizations", "organizations:list"),
    ("superuser", "superuser:console"),
)


def main_section(path: str) -> str:
    """The entry of the main navigation the page at `path` belongs to, or ""."""
    if path == reverse("overview"):
        return "overview"
    if path == reverse("usagelogs:user"):
        return "logs"
    return next((key for key, name in SECTIONS if path.startswith(reverse(name))), "")


def chrome(request: HtmxHttpRequest) -> dict[str, Any]:
    """What base.html needs: who is signed in, and the banners (read lazily, so a fragment
    that never shows them costs nothing)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"profile": None, "banners": list, "quay_host": quay_host()}

    def banners() -> list[GlobalMessage]:
        return page_banners(request, lambda: quay_client_for(request))

    return {
        "profile": current_profile(request),
        "banners": banners,
        "quay_host": quay_host(),
        "main_section": main_section(request.path),
    }
