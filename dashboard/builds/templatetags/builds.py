"""Filters for the builds pages: a phase's words and colour."""

from __future__ import annotations

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
