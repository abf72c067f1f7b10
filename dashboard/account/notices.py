"""The person's Quay notifications, read with one call that is kept briefly per person.

The bell in the header and the invitations on the overview both come from this one cached
answer: a page renders what is already known and never calls Quay for it; when nothing is
known, the bell loads itself once (`/user/notifications/bell/`) and fills the cache for the
pages that follow. Marking, accepting or declining forgets the cached answer.
"""

from __future__ import annotations

from django.core.cache import cache

from dashboard.accounts.tokens import current_profile
from dashboard.quay.account import NotificationPage, UserNotification
from dashboard.quay.client import QuayClient
from dashboard.web.htmx import HtmxHttpRequest

CACHE_SECONDS = 120
# Quay's own default page is 5; one page of this size is what the bell and the list read.
PAGE_SIZE = 50


def _key(request: HtmxHttpRequest) -> str:
    return f"user-notifications:{request.user.pk}"


def may_read(request: HtmxHttpRequest) -> bool:
    """Quay answers `/user/notifications` (and the other account pages but the profile) only
    for a token with `user:admin`; the profile (from the session) shows that scope by carrying
    the e-mail address."""
    profile = current_profile(request)
    return profile is not None and profile.email is not None


def known(request: HtmxHttpRequest) -> NotificationPage | None:
    """What the cache holds, without a call."""
    found = cache.get(_key(request))
    return found if isinstance(found, NotificationPage) else None


def read(request: HtmxHttpRequest, client: QuayClient) -> NotificationPage:
    """One call to Quay at most per `CACHE_SECONDS`."""
    found = known(request)
    if found is None:
        found = client.list_user_notifications(limit=PAGE_SIZE)
        cache.set(_key(request), found, CACHE_SECONDS)
    return found


def remember(request: HtmxHttpRequest, page: NotificationPage) -> None:
    cache.set(_key(request), page, CACHE_SECONDS)


def forget(request: HtmxHttpRequest) -> None:
    cache.delete(_key(request))


def unread(page: NotificationPage) -> list[UserNotification]:
    return [note for note in page.notifications if not note.dismissed]


def invitations(page: NotificationPage) -> list[UserNotification]:
    return [note for note in page.notifications if note.invite_code]
