"""Every route of the URLconf, and a concrete URL for each: for tests that walk them all."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def routes() -> list[str]:
    """Each route as written: `repository/<ns:namespace>/…` or a regex `^superuser/…$`."""
    return list(_walk(get_resolver().url_patterns))


def concrete(route: str, samples: Mapping[str, str]) -> str:
    """`superuser/users/<ns:username>/delete/` → `/superuser/users/freshuser/delete/`."""
    # Regex groups first: their `(?P<name>…)` holds what looks like a path converter.
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples[m.group(1)], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples[m.group(1)], path)
    return "/" + path.removeprefix("^").removesuffix("$")
