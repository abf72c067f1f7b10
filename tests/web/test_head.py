"""HEAD is allowed wherever GET is: every route is walked with GET and HEAD, signed in as a
superuser, and must answer both alike (HEAD without a body); a route that refuses GET refuses
HEAD too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.api.builds import LIVE_BUILD_ID
from sandbox.server import SandboxServer
from tests.routes import SAMPLES as ROUTE_SAMPLES
from tests.routes import concrete, routes

pytestmark = pytest.mark.django_db

SAMPLES = {
    **ROUTE_SAMPLES,
    "namespace": "devtable",
    "name": "simple",
    "digest": "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b",
    "uuid": LIVE_BUILD_ID,
}
# The live build lives in buynlarge/orgrepo.
BUILD_SAMPLES = {**SAMPLES, "namespace": "buynlarge", "name": "orgrepo"}


ROUTES = sorted(
    {concrete(route, BUILD_SAMPLES if "/builds/" in route else SAMPLES) for route in routes()}
)


def test_every_route_has_a_sample_url() -> None:
    assert "/healthz" in ROUTES and "/" in ROUTES
    assert all("<" not in url and "(?P" not in url for url in ROUTES)


def body(response: Any) -> bytes:
    """What would go over the wire: a streamed body read whole (empty for HEAD)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_head_answers_like_get_on_every_route(devtable: Client, sandbox: SandboxServer) -> None:
    answered = 0
    for url in ROUTES:
        head = devtable.head(url)
        get = devtable.get(url)
        assert head.status_code == get.status_code, url
        assert body(head) == b"", url
        if get.status_code == 405:
            assert "GET" not in get["Allow"] and "HEAD" not in get["Allow"], url
        else:
            answered += 1
    # Most routes are pages; a walk that reached few of them proves nothing.
    assert answered >= 30


@pytest.mark.parametrize("url", ["/healthz", "/", "/repository/devtable/simple/"])
def test_head_is_a_200_without_a_body(devtable: Client, sandbox: SandboxServer, url: str) -> None:
    response = devtable.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 0


def test_a_streamed_download_is_not_read_for_head(devtable: Client, sandbox: SandboxServer) -> None:
    url = f"/repository/buynlarge/orgrepo/builds/{LIVE_BUILD_ID}/log.txt"
    response = devtable.head(url)
    assert response.status_code == 200
    assert body(response) == b""
    assert "attachment" in response["Content-Disposition"]


def test_a_post_only_route_names_head_among_nothing_it_allows(devtable: Client) -> None:
    response = devtable.head("/signout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_405_that_allows_get_allows_head_too(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.put("/healthz")
    assert response.status_code == 405
    assert "HEAD" in response["Allow"]
