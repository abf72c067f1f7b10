"""One decision for every view: a full page, or just the fragment htmx asked for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseStopPolling
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
    stop_polling: bool = False,
) -> HttpResponse:
    """Render `template`, or only its `{% partialdef fragment %}` for an htmx swap.

    `stop_polling`: the answer to a poll that has nothing more to wait for; htmx swaps it in
    and stops the poller (286). `Vary: HX-Request` is added to every answer by
    `web.middleware.VaryOnHtmxMiddleware`."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    if name == template:
        from . import swr  # the pages kept for the next visit (swr imports this module)

        swr.capture(request, template, context)
    content = render_to_string(name, context, request)
    if stop_polling:
        return HttpResponseStopPolling(content)
    return HttpResponse(content, status=status)
