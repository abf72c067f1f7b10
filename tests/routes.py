"""Every route of the URLconf, and a concrete URL for each: for tests that walk them all."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from django.urls import URLPattern, URLResolver, get_resolver

# A value for every path parameter of the URLconf: things that exist in the sandbox, mostly
# not devtable's own (tests that need otherwise override some).
SAMPLES = {
    "namespace": "buynlarge",
    "org": "buynlarge",
    "name": "orgrepo",
    "username": "freshuser",
    "team": "owners",
    "tag": "latest",
    "digest": "sha256:d8c3301530921d0d4dfcc18aec42b5e1ec6780793ab4cf09d51eabd8e63d3ec8",
    "uuid": "deadbeef-dead-beef-dead-beefdeadbeef",
    "label_id": "6b3dbdd6-6d15-4b1e-9d6a-0b1f2c3d4e5f",
    "limit_id": "1",
    "kind": "organization",
    "kid": "kid3",
    "member": "public",
    "prototype": "0aac273e-7222-480f-9a13-0cfbfcac473e",
    "token_uuid": "bf37edbd-055e-4cc5-b6cd-989dbf547f80",
    "code": "deadbeef",
    "answer": "decline",
    "client_id": "deadbeef",
}


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
