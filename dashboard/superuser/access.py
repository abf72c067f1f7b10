"""Who may use the superuser console, and the one-time tokens that make a form count once.

Quay decides what a token may do; the console only avoids asking when the answer is known:
the profile kept at sign-in says whether Quay reported the person as a superuser, and a global
read-only superuser is refused every change here, before any call.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.accounts.tokens import current_profile
from dashboard.quay.core import CurrentUser

type View = Callable[..., HttpResponse]

FORM_TOKENS_SESSION_KEY = "superuser_form_tokens"
# Enough for several tabs of the console open at once; older tokens lapse.
MAX_FORM_TOKENS = 30


def console_access(view: View) -> View:
    """Superusers and global read-only superusers only. Anyone else gets a page that says why
    (Quay reports `super_user` only to a token with the super:user scope)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        profile = current_profile(request)
        if profile is None or not profile.is_superuser:
            return render(request, "superuser/no_access.html", {"profile": profile}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def can_write(profile: CurrentUser | None) -> bool:
    return profile is not None and profile.super_user


def console_write(view: View) -> View:
    """A change: refused to a global read-only superuser before Quay is asked."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        profile = current_profile(request)
        if profile is None or not profile.is_superuser:
            return render(request, "superuser/no_access.html", {"profile": profile}, status=403)
        if not can_write(profile):
            return render(request, "superuser/read_only.html", {}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def issue_form_token(request: HttpRequest) -> str:
    """A token for one form: the POST that brings it back is acted on once."""
    token = secrets.token_urlsafe(16)
    tokens: list[str] = list(request.session.get(FORM_TOKENS_SESSION_KEY, []))
    tokens.append(token)
    request.session[FORM_TOKENS_SESSION_KEY] = tokens[-MAX_FORM_TOKENS:]
    return token


def consume_form_token(request: HttpRequest) -> bool:
    """True the first time a form's token comes back, False for a repeat (or a stale form)."""
    token = request.POST.get("form_token", "")
    tokens: list[str] = list(request.session.get(FORM_TOKENS_SESSION_KEY, []))
    if not token or token not in tokens:
        return False
    # Two submits racing each other both read the session before either saves it: the
    # cache's atomic add decides which one counts.
    if not cache.add(f"superuser:form-token:{token}", True, 3600):
        return False
    tokens.remove(token)
    request.session[FORM_TOKENS_SESSION_KEY] = tokens
    return True
