"""Template filters every page may use (loaded as a builtin)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from dashboard.web.formatting import human_percent, human_size, parse_quay_time, short_digest
from dashboard.web.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render Markdown and sanitize it; the only way Quay's text becomes HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitized by nh3


@register.filter
def filesize(size: int | float | None) -> str:
    return human_size(size)


@register.filter
def percent(value: float | None) -> str:
    return human_percent(value)


@register.filter
def quaytime(value: object) -> datetime | None:
    return parse_quay_time(value)


@register.filter(name="short_digest")
def short_digest_filter(digest: str | None, length: int = 12) -> str:
    return short_digest(digest, length)
