"""Open at once, then refresh (stale-while-revalidate) for the pages people return to.

A page decorated with `stale_while_revalidate` keeps what the person last saw: the template and
context its view rendered, in the shared cache, per sign-in (`tokens.cache_scope`) and Quay
installation, for at most `MAX_AGE_SECONDS`. The next visit renders that at once, marked ("as of
40 s ago · refreshing") and inert (`hx-disable`), and asks for the fresh page straight away with
`REFRESH_HEADER`; htmx swaps the fresh `#swr-page` in when Quay answers. A refresh that Quay
refuses (403, 404) drops the entry and reloads the page, so the refusal replaces the stale view;
a 401 ends the session as anywhere else. A first visit always waits for Quay.

A write through Quayside drops what it changed: `WriteMiddleware` moves the generation of the
namespace the write's URL names (and of the person-wide pages, such as the repository list), or
of everything when the URL names none; every entry's key carries the generations it was saved
under, so an entry saved before the write is never found again, whoever saved it.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.accounts.tokens import cache_scope, quay_host
from dashboard.quay.errors import QuayAuthError, QuayNotFound, QuayPermissionDenied

from .htmx import HtmxHttpRequest, wants_fragment
from .preload import preloading

# A kept page older than this is not shown: the person waits for Quay, as on a first visit.
MAX_AGE_SECONDS = 180
# Sent by the stale page's refresh (htmx): answer with the whole fresh page, not a fragment.
REFRESH_HEADER = "X-Quayside-Refresh"
# Generations outlive every entry saved under them.
GENERATION_SECONDS = 24 * 3600
EVERYTHING = "*"
PERSON_WIDE = "~"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Kept:
    template: str
    context: dict[str, Any]
    saved_at: float


def _generation_key(name: str) -> str:
    return f"swr:gen:{quay_host()}:{name}"


def _generations(namespace: str | None) -> str:
    names = [EVERYTHING, namespace if namespace else PERSON_WIDE]
    found = cache.get_many([_generation_key(name) for name in names])
    return ".".join(str(found.get(_generation_key(name), 0)) for name in names)


def forget(namespace: str | None) -> None:
    """Drop everything kept about `namespace` (and the person-wide pages that list it), for
    everyone; with no namespace, everything kept on this Quay."""
    names = [namespace, PERSON_WIDE] if namespace else [EVERYTHING]
    now = time.time_ns()
    cache.set_many({_generation_key(name): now for name in names}, GENERATION_SECONDS)


def _key(request: HtmxHttpRequest, namespace: str | None, what: str) -> str:
    digest = hashlib.sha256(what.encode()).hexdigest()[:32]
    place = f"{namespace or PERSON_WIDE}:{_generations(namespace)}"
    return f"swr:{quay_host()}:{cache_scope(request)}:{place}:{digest}"


def remember(request: HtmxHttpRequest, namespace: str, what: str, value: Any) -> None:
    """Keep one answer about `namespace` for this person, dropped by any write to it."""
    cache.set(_key(request, namespace, what), value, MAX_AGE_SECONDS)


def recall(request: HtmxHttpRequest, namespace: str, what: str) -> Any:
    return cache.get(_key(request, namespace, what))


class _WholePage:
    """`request.htmx` for a refresh: still htmx (a 401 answers with HX-Redirect), but the view
    renders the whole page, from which htmx selects `#swr-page`."""

    def __init__(self, details: Any) -> None:
        self._details = details
        self.boosted = True
        self.history_restore_request = False

    def __bool__(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._details, name)


def _age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min"


def stale_while_revalidate(
    namespace_kwarg: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Keep the page this view renders for the person's next visit (see the module's text).
    `namespace_kwarg` names the URL's namespace, whose writes drop it; without one, the page
    lists many namespaces and any write drops it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refreshing = bool(request.htmx) and request.headers.get(REFRESH_HEADER) == "1"
            if (
                request.method != "GET"
                or not request.user.is_authenticated
                or (wants_fragment(request) and not refreshing)
            ):
                return view(request, *args, **kwargs)
            namespace = kwargs.get(namespace_kwarg) if namespace_kwarg else None
            key = _key(request, namespace, request.get_full_path())
            if not refreshing and not preloading(request):
                # (A preload is kept by the browser for the click: it must be the fresh page.)
                kept: Kept | None = cache.get(key)
                age = time.time() - kept.saved_at if kept else MAX_AGE_SECONDS + 1
                if kept is not None and age <= MAX_AGE_SECONDS:
                    return _stale(request, kept, age)
            return _fresh(request, view, key, refreshing, args, kwargs)

        return wrapped

    return decorate


def _stale(request: HtmxHttpRequest, kept: Kept, age: float) -> HttpResponse:
    request.swr_page = True  # type: ignore[attr-defined]
    context = {**kept.context, "swr": {"age": _age(age), "url": request.get_full_path()}}
    response = render(request, kept.template, context)
    response["Cache-Control"] = "no-store"
    return response


def _fresh(
    request: HtmxHttpRequest,
    view: Callable[..., HttpResponse],
    key: str,
    refreshing: bool,
    args: Any,
    kwargs: Any,
) -> HttpResponse:
    captured: list[tuple[str, dict[str, Any]]] = []
    request.swr_capture = lambda template, context: captured.append((template, context))  # type: ignore[attr-defined]
    request.swr_page = True  # type: ignore[attr-defined]
    details = request.htmx
    if refreshing:
        request.htmx = _WholePage(details)  # type: ignore[assignment]
    try:
        response = view(request, *args, **kwargs)
    except (QuayPermissionDenied, QuayNotFound):
        cache.delete(key)
        if refreshing:
            # The stale view must not stay: the page reloads, finds nothing kept, and shows
            # Quay's refusal as a first visit would.
            refusal = HttpResponse()
            refusal["HX-Refresh"] = "true"
            return refusal
        raise
    except QuayAuthError:
        cache.delete(key)
        raise
    finally:
        request.htmx = details
        del request.swr_capture  # type: ignore[attr-defined]
    if response.status_code == 200 and captured:
        template, context = captured[-1]
        cache.set(key, Kept(template, _keepable(context), time.time()), MAX_AGE_SECONDS)
    return response


def _keepable(context: dict[str, Any]) -> dict[str, Any]:
    """What the shared cache can hold of a page's context: Quay's answers and what was worked
    out from them. A form (it holds its renderer) is left out: the stale view, inert and
    replaced within a call, shows the page without it."""
    kept = {}
    for name, value in context.items():
        try:
            pickle.dumps(value)
        except (pickle.PicklingError, TypeError, AttributeError):
            continue
        kept[name] = value
    return kept


def capture(request: HtmxHttpRequest, template: str, context: dict[str, Any]) -> None:
    """Called by `render_page` for a whole page: hands it to a decorated view's keeping."""
    keep = getattr(request, "swr_capture", None)
    if keep is not None:
        keep(template, context)


class WriteMiddleware:
    """Every write through Quayside drops what is kept about the namespace its URL names."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            match = request.resolver_match
            names = match.kwargs if match else {}
            forget(names.get("namespace") or names.get("org"))
        return response
