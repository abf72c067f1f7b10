"""Filters for the builds pages: a phase's words and colour."""

from __future__ import annotations

from datetime import datetime

from django import template

from dashboard.quay.builds import phase_label

register = template.Library()

_SUCCESS = {"complete"}
_FAILURE = {"error", "internalerror", "expired", "cannot_load"}
_STOPPED = {"cancelled"}


@register.filter
def build_phase(phase: str) -> str:
    return phase_label(phase or "")


@register.filter
def phase_badge(phase: str) -> str:
    """The badge class of a phase: done, failed, stopped, or still going."""
    if phase in _SUCCESS:
        return "badge-success"
    if phase in _FAILURE:
        return "badge-error"
    if phase in _STOPPED:
        return "badge-warning"
    return "badge-info"


@register.filter
def duration(finished: datetime | None, started: datetime | None) -> str:
    """How long a build took, to the second: "42 s", "3 min 5 s", "1 h 2 min"."""
    if finished is None or started is None:
        return ""
    seconds = max(0, int((finished - started).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
