from __future__ import annotations

from typing import Any

from dashboard.accounts.tokens import current_profile, quay_client_for, quay_host
from dashboard.quay.core import GlobalMessage
from dashboard.web.htmx import HtmxHttpRequest

from .banners import page_banners


def chrome(request: HtmxHttpRequest) -> dict[str, Any]:
    """What base.html needs: who is signed in, and the banners (read lazily, so a fragment
    that never shows them costs nothing)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"profile": None, "banners": list, "quay_host": quay_host()}

    def banners() -> list[GlobalMessage]:
        return page_banners(request, lambda: quay_client_for(request))

    return {"profile": current_profile(request), "banners": banners, "quay_host": quay_host()}
