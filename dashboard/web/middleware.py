"""Quay's refusals become pages (or fragments) here, in one place, never a Django 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from dashboard.accounts.tokens import SignInEnded, end_session
from dashboard.quay.errors import (
    QuayAuthError,
    QuayBadRequest,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
)
from dashboard.web.htmx import HtmxHttpRequest

from .actions import error_answer
from .banners import banners_if_ready
from .htmx import wants_fragment

logger = logging.getLogger(__name__)

# Quay answers 403 `insufficient_scope` both for a scope the token lacks and for a role the
# account lacks, so the page can only name both; a body without that type is a role refusal.
SCOPE_OR_ROLE_HINT = (
    "Either the token you signed in with lacks a scope this needs (generate one with the scope "
    "in Quay under Organization › Applications › Generate Token and sign in with it), or your "
    "Quay account lacks the role here: ask an administrator of the namespace."
)
ROLE_HINT = "Your Quay account lacks the role this needs: ask an administrator of the namespace."


def _same_words(one: str, other: str) -> bool:
    def words(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    return words(one) == words(other)


class QuayErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HtmxHttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, QuayError):
            return None
        if isinstance(exception, QuayAuthError):
            return self._end_session(request, exception)
        if isinstance(exception, QuayPermissionDenied):
            title = "Quay said no"
            hint = SCOPE_OR_ROLE_HINT if exception.missing_scope else ROLE_HINT
            status = 403
        elif isinstance(exception, QuayNotFound):
            title = "Not found"
            hint = "Quay has no such thing, or it is hidden from your account."
            status = 404
        elif isinstance(exception, QuayBadRequest):
            title = "Quay refused the request"
            hint = ""
            status = 400
        else:
            title = "Quay is unavailable"
            hint = "Quay is down, slow or unreachable right now. Nothing was changed."
            status = 503
            logger.warning("Quay unavailable on %s: %s", request.path, exception.message)
        detail = exception.message
        if _same_words(detail, title):
            # Quay's own message often only names the status ("Not Found"): say it once.
            detail, hint = hint, ""
        context = {
            "title": title,
            "detail": detail,
            "hint": hint,
            "status": status,
            "retry_url": request.get_full_path() if status == 503 else "",
            # Quay just failed: the banners only if they are known already, never a wait.
            "banners": lambda: banners_if_ready(request),
        }
        return error_answer(request, context)

    def _end_session(self, request: HtmxHttpRequest, exception: QuayAuthError) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        end_session(request)
        if was_signed_in:
            messages.warning(
                request,
                # Quayside's own reason (its key changed, the sign-in was ended), or Quay's 401.
                exception.message
                if isinstance(exception, SignInEnded)
                else "Quay no longer accepts your token (expired or revoked). Sign in again.",
            )
        target = signin_url(request)
        if request.htmx:
            # Never a 302 that htmx would follow and swap the sign-in page into a fragment.
            return HttpResponseClientRedirect(target)
        return HttpResponseRedirect(target)


def signin_url(request: HtmxHttpRequest) -> str:
    """The sign-in page, leading back to the page the person was on: for htmx, the page in the
    address bar (never the fragment's URL); for a plain GET, the URL asked for."""
    target = reverse("accounts:signin")
    if request.htmx:
        # django-htmx gives the path only when the page is on this site.
        page = request.htmx.current_url_abs_path
    else:
        page = request.get_full_path() if request.method == "GET" else None
    if page and page != target:
        target += "?" + urlencode({"next": page})
    return target


class HtmxSignInMiddleware:
    """A session that ended while a page was open: `login_required` answers any request with a
    302 to the sign-in page, which htmx would follow and swap into a fragment (a polling log, a
    lazy cell, "Load more"). For htmx, the whole page goes to the sign-in page instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.htmx
            and response.status_code in (301, 302, 303, 307, 308)
            and urlsplit(response.get("Location", "")).path == reverse("accounts:signin")
        ):
            return HttpResponseClientRedirect(signin_url(request))
        return response


class VaryOnHtmxMiddleware:
    """The same URL answers with a page or a fragment, so caches must key on HX-Request; and
    messages raised during an htmx swap are delivered out of band into the page's list."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        if (
            wants_fragment(request)
            # A refused write's fragment (400, 403) brings its alert along too.
            and response.status_code in (200, 400, 403)
            and "HX-Redirect" not in response
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
        ):
            pending = list(messages.get_messages(request))
            if pending:
                response.content += render_to_string(
                    "includes/_messages.html", {"messages": pending, "oob": True}, request=request
                ).encode()
        return response
