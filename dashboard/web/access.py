"""Who may open the superuser pages, decided in one place for every area that has them
(the console, system usage logs, the quota table, the build lookup).

Quay decides what a token may do; these checks only avoid asking when the answer is known: the
profile kept at sign-in says whether Quay reported the person as a superuser, and a global
read-only superuser is refused every change before any call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http.response import HttpResponseBase
from django.shortcuts import render

from dashboard.accounts.tokens import current_profile
from dashboard.quay.core import CurrentUser
from dashboard.web.htmx import HtmxHttpRequest

type View = Callable[..., HttpResponseBase]

READ_METHODS = frozenset({"GET", "HEAD"})


def can_change_installation(profile: CurrentUser | None) -> bool:
    """A full superuser; a global read-only superuser looks and changes nothing."""
    return profile is not None and profile.super_user


def reads_as_org_admin(profile: CurrentUser | None, org: str) -> bool:
    """May read what only an organization's administrators read (its members, robots, logs,
    policies...): its administrators, and superusers (Quay lets the read-only kind read too).
    Known from the profile kept at sign-in, so that nobody else is sent a call Quay refuses."""
    if profile is None:
        return False
    if profile.is_superuser:
        return True
    return any(o.name == org and o.is_org_admin for o in profile.organizations)


def superuser_required(view: View) -> View:
    """Superusers and global read-only superusers may look; anyone else gets a page that says
    why (Quay reports `super_user` only to a token with the super:user scope). Every other
    method than GET or HEAD is a change, refused to a global read-only superuser before Quay is
    asked, so that a view serving both a page and its form can never forget the difference."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        profile = current_profile(request)
        if profile is None or not profile.is_superuser:
            return render(request, "web/superuser_only.html", {"profile": profile}, status=403)
        if request.method not in READ_METHODS and not can_change_installation(profile):
            return render(request, "web/superuser_read_only.html", {}, status=403)
        return view(request, *args, **kwargs)

    return wrapped
