"""Global messages for the banners: fetched at most once a minute for everyone, shared through
the cache (Redis when several instances run), not once per page per person."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from dashboard.quay.client import QuayClient
from dashboard.quay.core import GlobalMessage
from dashboard.quay.errors import QuayError

logger = logging.getLogger(__name__)

CACHE_KEY = "quay:global-messages"


def global_messages(client: QuayClient) -> list[GlobalMessage]:
    cached: list[GlobalMessage] | None = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    try:
        found = client.list_global_messages()
    except QuayError as exc:
        # Banners are a courtesy: a page must not fail because they could not be read.
        logger.info("global messages unavailable: %s", exc.message)
        return []
    remember_global_messages(found)
    return found


def remember_global_messages(found: list[GlobalMessage]) -> None:
    """A page that read the messages fresh anyway shares them with everyone's banners."""
    cache.set(CACHE_KEY, found, settings.QUAY_MESSAGES_CACHE_SECONDS)


def forget_global_messages() -> None:
    """After a superuser changes the messages: their own next page shows the change at once."""
    cache.delete(CACHE_KEY)
