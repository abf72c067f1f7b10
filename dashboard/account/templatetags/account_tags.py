"""The header's bell and the overview's invitations, from what the cache already knows."""

from __future__ import annotations

from typing import Any

from django import template

from dashboard.account import notices

register = template.Library()


@register.inclusion_tag("useraccount/_bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"show": False, "bell_only": True}
    if not notices.may_read(request):
        return {"show": False}
    page = notices.known(request)
    return {"show": True, "count": len(notices.unread(page)) if page else None}


@register.inclusion_tag("useraccount/_invitations.html", takes_context=True)
def pending_invitations(context: dict[str, Any]) -> dict[str, Any]:
    """The overview's invitations: from the cache when it knows, else loaded after the page."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not notices.may_read(request):
        return {"show": False}
    page = notices.known(request)
    if page is None:
        return {"show": True, "loaded": False}
    return {"show": True, "loaded": True, "invitations": notices.invitations(page)}


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`errors|get_item:name`: a form's value or error by a name held in a variable."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
