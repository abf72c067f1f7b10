"""HEAD wherever GET: uptime monitors and link checkers ask with HEAD, and every view that
answers GET answers HEAD the same way, without a body (RFC 9110: the same headers as GET)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

from dashboard.web.htmx import HtmxHttpRequest


class HeadAsGetMiddleware:
    """Runs a HEAD request as the GET it stands for, in one place instead of in each view's
    method decorator, then drops the body (a streamed one unread). A view that refuses GET
    (`require_POST`) refuses HEAD too; a 405 names HEAD wherever it names GET."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self._allow_head(self.get_response(request))
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming and isinstance(response, StreamingHttpResponse):
            # Never read the stream (a build log from Quay): an empty body in its place. The
            # stream and what it holds open are closed with the response, when the server
            # closes it after the whole middleware chain (closing it here would end the
            # request, database connections included, before the session is saved).
            response.streaming_content = []
            return self._allow_head(response)
        if isinstance(response, HttpResponse):
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return self._allow_head(response)

    @staticmethod
    def _allow_head(response: HttpResponseBase) -> HttpResponseBase:
        if response.status_code == 405 and response.has_header("Allow"):
            allowed = [method.strip() for method in response["Allow"].split(",")]
            if "GET" in allowed and "HEAD" not in allowed:
                response["Allow"] = ", ".join([*allowed, "HEAD"])
        return response
