"""Global messages for the banners: fetched at most once a minute for everyone, shared through
the cache (Redis when several instances run), not once per page per person.

A page's banners are read alongside the page's own calls: `BannersMiddleware` starts the read
before the view runs (when the cache has none), and the template takes the result after the
view, so a cold page costs its slowest call, not two calls in a row. One read at a time per
process and Quay: pages that start together share it. A failed read is remembered briefly (no
banners for a few seconds), so a Quay that hangs costs each page one timeout, not two, and an
error page never waits for the banners at all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from dashboard.accounts.tokens import quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.core import GlobalMessage
from dashboard.quay.errors import QuayError
from dashboard.web.htmx import HtmxHttpRequest

from .htmx import wants_fragment

logger = logging.getLogger(__name__)

CACHE_KEY = "quay:global-messages"
# How long "the banners could not be read" is remembered: pages go on without them meanwhile.
FAILURE_SECONDS = 15
_REQUEST_ATTRIBUTE = "_quay_banners"
# Signing in and out, and the health checks: no banners, and no token to read.
_NOT_PAGES = ("/signin/", "/signout/", "/accounts/", "/healthz", "/readyz")

# One read in flight per Quay at a time; its thread may outlive the page that started it (an
# error page does not wait for it), so the pool is small and shared by the process.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="quay-banners")
_lock = threading.Lock()
_in_flight: dict[str, Future[list[GlobalMessage]]] = {}


def start_reading(client: QuayClient) -> Future[list[GlobalMessage]]:
    """The messages from the cache, or a read under way (started now, or joined)."""
    cached: list[GlobalMessage] | None = cache.get(CACHE_KEY)
    if cached is not None:
        done: Future[list[GlobalMessage]] = Future()
        done.set_result(cached)
        return done
    with _lock:
        running = _in_flight.get(client.base_url)
        if running is None or running.done():
            running = _pool.submit(_read, client)
            _in_flight[client.base_url] = running
        return running


def _read(client: QuayClient) -> list[GlobalMessage]:
    try:
        found = client.list_global_messages()
    except QuayError as exc:
        # Banners are a courtesy: a page must not fail, nor wait again, because of them.
        logger.info("global messages unavailable: %s", exc.message)
        cache.set(CACHE_KEY, [], FAILURE_SECONDS)
        return []
    # (The database cache lends this thread a connection per operation: none is left open.)
    remember_global_messages(found)
    return found


def global_messages(client: QuayClient) -> list[GlobalMessage]:
    return start_reading(client).result()


def banners_if_ready(request: HtmxHttpRequest) -> list[GlobalMessage]:
    """What an error page shows: the banners if they are already known, never a wait."""
    started: Future[list[GlobalMessage]] | None = getattr(request, _REQUEST_ATTRIBUTE, None)
    if started is not None and started.done():
        return started.result()
    cached: list[GlobalMessage] | None = cache.get(CACHE_KEY)
    return cached or []


def page_banners(request: HtmxHttpRequest, client: Callable[[], QuayClient]) -> list[GlobalMessage]:
    """The banners of a page: the read the middleware started, or one started now."""
    started: Future[list[GlobalMessage]] | None = getattr(request, _REQUEST_ATTRIBUTE, None)
    if started is not None:
        return started.result()
    return global_messages(client())


def remember_global_messages(found: list[GlobalMessage]) -> None:
    """A page that read the messages fresh anyway shares them with everyone's banners."""
    cache.set(CACHE_KEY, found, settings.QUAY_MESSAGES_CACHE_SECONDS)


def forget_global_messages() -> None:
    """After a superuser changes the messages: their own next page shows the change at once."""
    cache.delete(CACHE_KEY)


class BannersMiddleware:
    """Starts the banners' read before the view, for every whole page a signed-in person asks
    for (fragments show no banners). Unmatched URLs never get here (`process_view`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HtmxHttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # A form posted without htmx is answered with a whole page too (or a redirect to one,
        # which then finds the banners in the cache).
        if request.method not in ("GET", "HEAD", "POST") or wants_fragment(request):
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        if request.path.startswith(_NOT_PAGES):
            return None
        try:
            client = quay_client_for(request)
        except QuayError as exc:
            # No usable token (a key that changed, a sign-in ended elsewhere): the session ends
            # here as it would in the view, saying why.
            from .middleware import QuayErrorMiddleware  # which imports this module

            return QuayErrorMiddleware(self.get_response).process_exception(request, exc)
        setattr(request, _REQUEST_ATTRIBUTE, start_reading(client))
        return None
