"""Template filters every page may use (loaded as a builtin)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from dashboard.web.actions import issue_form_token
from dashboard.web.formatting import (
    human_percent,
    human_size,
    parse_quay_time,
    short_digest,
    time_element,
)
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
def when(value: object, style: str = "") -> SafeString | str:
    """`{{ x|when }}` reads "3 days ago"; `{{ x|when:"exact" }}` the exact UTC time. Both are a
    `<time>` element with the exact time in its title (see `formatting.time_element`)."""
    return time_element(value, exact=style == "exact")


@register.filter
def percent(value: float | None) -> str:
    return human_percent(value)


@register.filter
def quaytime(value: object) -> datetime | None:
    return parse_quay_time(value)


@register.filter(name="short_digest")
def short_digest_filter(digest: str | None, length: int = 12) -> str:
    return short_digest(digest, length)


@register.simple_tag(takes_context=True)
def form_token(context: template.Context) -> SafeString:
    """The hidden one-time token of a destructive form: what it sends is done once."""
    token = issue_form_token(context["request"])
    return format_html('<input type="hidden" name="form_token" value="{}">', token)
