from __future__ import annotations

from django import template

register = template.Library()

_UNITS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))


@register.filter
def seconds_label(seconds: int | None) -> str:
    """86400 → "1 day", 5400 → "90 minutes": the largest unit that divides exactly."""
    if not seconds:
        return "—"
    for size, unit in _UNITS:
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


@register.filter
def mirror_event(kind: str) -> str:
    """`repo_mirror_sync_now_requested` → "Sync now requested"."""
    words = kind.removeprefix("repo_mirror_").removeprefix("org_mirror_").replace("_", " ")
    return words[:1].upper() + words[1:]
