"""Malformed path parts are a 404 before any call to Quay; encoded slashes go nowhere."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.server import SandboxServer

pytestmark = pytest.mark.django_db

DIGEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"

BAD_GETS = [
    "/repository/Devtable/simple/",
    "/repository/-devtable/simple/",
    "/repository/devtable/Simple/tags/",
    "/repository/devtable/simple%2F..%2Fcomplex/tags/",
    "/repository/devtable/..%2F..%2Fapi/",
    "/repository/devtable/simple/tags/.hidden/expiration/",
    "/repository/devtable/simple/tags/" + "a" * 129 + "/expiration/",
    "/repository/devtable/simple/manifest/sha256:xyz/",
    "/repository/devtable/simple/manifest/" + DIGEST[:-1] + "/",
    "/repository/devtable/simple/manifest/" + DIGEST.upper() + "/",
    "/repository/devtable/simple/manifest/sha512:" + "a" * 128 + "/",
    "/repository/devtable/simple/manifest/" + DIGEST + "%2F..%2F..%2Fsecurity/",
]

BAD_POSTS = [
    "/repository/devtable/simple/tags/-bad/delete/",
    "/repository/devtable/simple/tags/bad%20tag/delete/",
    "/repository/devtable/simple/tags/a%2F..%2Fb/delete/",
    "/repository/devtable/simple/tags/x/restore/../../../settings/delete/",
    f"/repository/devtable/simple/manifest/{DIGEST}/labels/not-a-uuid/delete/",
    "/repository/devtable/Simple/settings/delete/",
    "/repository/UPPER/simple/star/",
]


@pytest.mark.parametrize("url", BAD_GETS)
def test_a_malformed_path_is_a_404_without_a_call(
    devtable: Client, sandbox: SandboxServer, url: str
) -> None:
    sandbox.clear_calls()
    assert devtable.get(url).status_code == 404
    assert [c for c in sandbox.calls if c.path != "/api/v1/messages"] == []


@pytest.mark.parametrize("url", BAD_POSTS)
def test_a_malformed_write_path_is_a_404_without_a_call(
    devtable: Client, sandbox: SandboxServer, url: str
) -> None:
    sandbox.clear_calls()
    assert devtable.post(url, {"confirm": "devtable/simple"}).status_code == 404
    assert [c for c in sandbox.calls if c.path != "/api/v1/messages"] == []
    assert sandbox.world.repository("devtable", "simple") is not None


def test_the_longest_valid_tag_name_reaches_quay(devtable: Client, sandbox: SandboxServer) -> None:
    name = "a" + "b" * 127
    sandbox.clear_calls()
    response = devtable.get(f"/repository/devtable/simple/tags/{name}/expiration/")
    assert response.status_code == 404  # Quay has no such tag
    assert any(f"filter_tag_name=eq%3A{name}" in c.query for c in sandbox.calls)


def test_writes_need_a_post(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    assert devtable.get("/repository/devtable/simple/tags/prod/delete/").status_code == 405
    assert devtable.get("/repository/devtable/simple/settings/delete/").status_code == 405
    assert [c for c in sandbox.calls if c.method != "GET"] == []


def test_a_page_needs_a_signed_in_person(client: Client, sandbox: SandboxServer) -> None:
    response = client.get("/repository/devtable/simple/tags/")
    assert response.status_code == 302 and "/signin/" in response["Location"]
