"""Pages asked for before the click: htmx's preload extension (static/js/htmx-ext-preload.js)
requests a link's page after a short hover, with `HX-Preloaded: true`, and the click then takes
it from the browser's cache. Only links to pages (GET) carry `preload`, never an action.

The browser keeps such an answer only briefly (`PRELOAD_SECONDS`), privately, and only for the
same cookies: a write through Quayside sets the messages cookie, so the page it leads back to
is asked for afresh.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PRELOAD_SECONDS = 10


def preloading(request: HttpRequest) -> bool:
    return request.method == "GET" and request.headers.get("HX-Preloaded") == "true"


class PreloadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            preloading(request)
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not getattr(response, "streaming", False)
        ):
            response["Cache-Control"] = f"private, max-age={PRELOAD_SECONDS}"
            patch_vary_headers(response, ["Cookie"])
        return response
