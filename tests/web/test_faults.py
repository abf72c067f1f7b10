"""No answer Quay (or what stands in front of it) can give makes a Django 500: every page and
fragment is loaded with each fault of the fault proxy between the dashboard and the sandbox."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dashboard.sandbox.api import builds as sandbox_builds
from dashboard.sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in
from tests.faults import FAULTS, FaultProxy

pytestmark = pytest.mark.django_db

SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"
BUILD = sandbox_builds.FAILED_BUILD_ID

# A value for every path parameter, naming things devtable can see in the seeded sandbox.
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

# Fragments that only a query asks for: the next page of a list, a lazy column, a suggestion.
FRAGMENTS = [
    "/repository/?next_page=abc",
    f"/repository/devtable/simple/tags/details/?d={SIMPLE_LATEST}",
    "/repository/devtable/simple/tags/?page=2",
    "/repository/devtable/simple/permissions/?suggest=1&entity=dev",
    "/organization/buynlarge/access/?page=2",
    "/user/logs/?range=7d",
    "/user/logs/?next_page=abc",
    "/superuser/users/?next_page=abc",
    "/superuser/organizations/?next_page=abc",
    "/superuser/quotas/?page=2",
    "/superuser/builds/?uuid=" + BUILD,
]


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    samples = dict(SAMPLES)
    for pattern, values in OVERRIDES.items():
        if re.match(pattern, route):
            samples.update(values)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples[m.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples[m.group(1)], path)
    return "/" + path.removeprefix("^").removesuffix("$")


def all_paths() -> list[str]:
    routes = [r for r in _routes(get_resolver().url_patterns) if not r.startswith(SKIPPED)]
    return sorted({_concrete(route) for route in routes})


@pytest.fixture
def signed_in(fault_proxy: FaultProxy, settings: object) -> Client:
    settings.QUAY_TIMEOUT = 2  # type: ignore[attr-defined]
    return sign_in(Client(raise_request_exception=False), DEMO_TOKENS["devtable"])


_answering: list[str] = []


def _pages(client: Client) -> list[str]:
    """Every path that answers GET (the others refuse the method before any call), found once,
    and the fragments a query asks for."""
    if not _answering:
        _answering.extend(path for path in all_paths() if client.get(path).status_code != 405)
    return _answering + FRAGMENTS


def _problems(client: Client, url: str) -> list[str]:
    found = []
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(url, headers=headers)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code >= 500 and response.status_code != 503:
            found.append(f"{url} {headers}: {response.status_code}")
        if b"Traceback" in content:
            found.append(f"{url} {headers}: traceback in the page")
        if response.status_code == 503 and b"Quay" not in content:
            found.append(f"{url} {headers}: 503 that does not name Quay")
    return found


def test_the_walk_covers_pages_and_fragments(signed_in: Client) -> None:
    pages = _pages(signed_in)
    for expected in (
        "/",
        "/repository/devtable/simple/tags/",
        f"/repository/buynlarge/orgrepo/builds/{BUILD}/log.txt",
        "/organization/buynlarge/quota/",
        "/superuser/keys/",
        "/user/logs/",
    ):
        assert expected in pages
    assert len(pages) > 40


@pytest.mark.parametrize("fault", FAULTS)
def test_no_page_fails_whatever_quay_answers(
    signed_in: Client, fault_proxy: FaultProxy, fault: str
) -> None:
    pages = _pages(signed_in)
    fault_proxy.fault = fault
    problems = [problem for url in pages for problem in _problems(signed_in, url)]
    assert problems == []
    if fault == "401":
        # Quay no longer accepts the token: the session ended, and pages lead to sign-in.
        assert signed_in.get("/")["Location"].startswith("/signin/")


@pytest.mark.parametrize("fault", ["short-body", "reset-mid-body"])
def test_a_download_that_breaks_off_says_the_log_is_incomplete(
    signed_in: Client, fault_proxy: FaultProxy, sandbox: object, fault: str
) -> None:
    with sandbox.world.lock:  # type: ignore[attr-defined]
        sandbox_builds.add_big_log_build(sandbox.world, 6000)  # type: ignore[attr-defined]
    fault_proxy.fault = fault
    url = f"/repository/buynlarge/orgrepo/builds/{sandbox_builds.BIG_BUILD_ID}/log.txt"
    response = signed_in.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content).decode()
        assert body.rstrip().endswith("]")
        assert "This log is incomplete" in body.splitlines()[-1]
        assert len(body.splitlines()) < 6000
    else:
        # A reset may take the first bytes with it: then it is an error page before any line.
        assert fault == "reset-mid-body" and response.status_code == 503
