"""No answer Quay (or what stands in front of it) can give makes a Django 500: every page and
fragment is loaded with each fault of the fault proxy between the dashboard and the sandbox."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.api import builds as sandbox_builds
from sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in
from tests.faults import FAULTS, FaultProxy
from tests.routes import BUILD, SIMPLE_LATEST, all_paths

pytestmark = pytest.mark.django_db

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
