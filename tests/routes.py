"""Every route of the URLconf, and a concrete URL for each: for tests that walk them all."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from django.urls import URLPattern, URLResolver, get_resolver

from sandbox.api import builds as sandbox_builds


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


# --- Walking them as devtable, with Quay's faults and bad input ---------------------------------

SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"
BUILD = sandbox_builds.FAILED_BUILD_ID

# A value for every path parameter, naming things devtable can see in the seeded sandbox (none
# of them the global read-only superuser's own).
SAMPLES = {
    "namespace": "devtable",
    "org": "buynlarge",
    "name": "simple",
    "username": "freshuser",
    "team": "owners",
    "tag": "latest",
    "digest": SIMPLE_LATEST,
    "uuid": BUILD,
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
# Builds live in buynlarge/orgrepo; the quota editor edits an organization's quota.
OVERRIDES = {
    r"^repository/<ns:namespace>/<repo:name>/builds/": {
        "namespace": "buynlarge",
        "name": "orgrepo",
    },
    r"^superuser/quotas/<str:kind>/": {"namespace": "buynlarge"},
}
# Sign-in, sign-out and allauth's pages do not talk to Quay on behalf of a session.
SKIPPED = ("signin/", "signout/", "accounts/", "healthz", "readyz")
PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def page_routes() -> list[str]:
    """Every route of ours that acts for a signed-in person (not sign-in, allauth, health)."""
    return sorted({r for r in routes() if not r.removeprefix("^").startswith(SKIPPED)})


def parameters(route: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in PARAMETER.finditer(route)]


def sample_path(route: str, replace: Mapping[str, str] | None = None) -> str:
    """The route at devtable's samples, with `replace` taking the place of those it names."""
    samples = dict(SAMPLES)
    for pattern, values in OVERRIDES.items():
        if re.match(pattern, route):
            samples.update(values)
    samples.update(replace or {})
    # Stand-ins first: a value may itself look like a converter ("<script>").
    stand_ins = {name: f"\x00{index}\x00" for index, name in enumerate(samples)}
    path = concrete(route, stand_ins)
    for name, stand_in in stand_ins.items():
        path = path.replace(stand_in, samples[name])
    return path


def all_paths() -> list[str]:
    return sorted({sample_path(route) for route in page_routes()})
