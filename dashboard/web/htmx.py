"""One decision for every view: a full page, or just the fragment htmx asked for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request every view receives: django-htmx's middleware has set `htmx` on it."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx request that swaps part of the page. Boosted navigation and history restores
    need the whole page, so they are answered like a plain GET."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render `template`, or only its `{% partialdef fragment %}` for an htmx swap."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    if name == template:
        from . import swr  # the pages kept for the next visit (swr imports this module)

        swr.capture(request, template, context)
    response = render(request, name, context, status=status)
    response["Vary"] = "HX-Request"
    return response
