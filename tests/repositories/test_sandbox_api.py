"""The sandbox's repository endpoints answer as the recorded Quay does."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from sandbox.api.repositories import add_huge_repository
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS

DIGEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"


def call(
    sandbox: SandboxServer, method: str, path: str, who: str | None = "devtable", **kwargs: Any
) -> requests.Response:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS[who]}"} if who else {}
    return requests.request(
        method, sandbox.url + "/api/v1/" + path, headers=headers, timeout=10, **kwargs
    )


def test_a_list_needs_a_namespace_starred_or_public(sandbox: SandboxServer) -> None:
    response = call(sandbox, "GET", "repository")
    assert response.status_code == 400 and response.json()["error_type"] == "invalid_request"


def test_the_list_pages_by_a_hundred_with_an_opaque_token(sandbox: SandboxServer) -> None:
    for i in range(120):
        add_huge_repository(sandbox.world, "devtable", f"r{i:03d}", tags=0)
    first = call(sandbox, "GET", "repository", params={"namespace": "devtable"}).json()
    assert len(first["repositories"]) == 100 and first["next_page"]
    second = call(
        sandbox,
        "GET",
        "repository",
        params={"namespace": "devtable", "next_page": first["next_page"]},
    ).json()
    assert len(second["repositories"]) == 32 and "next_page" not in second


def test_an_anonymous_list_has_no_stars(sandbox: SandboxServer) -> None:
    body = call(sandbox, "GET", "repository", who=None, params={"public": "true"}).json()
    assert [r["name"] for r in body["repositories"]] == ["publicrepo"]
    assert "is_starred" not in body["repositories"][0]


def test_tags_page_at_most_a_hundred_of_ten_thousand(sandbox: SandboxServer) -> None:
    add_huge_repository(sandbox.world, "devtable", "huge", tags=10_000)
    body = call(
        sandbox, "GET", "repository/devtable/huge/tag/", params={"limit": 500, "page": 100}
    ).json()
    assert len(body["tags"]) == 100 and body["has_additional"] is False
    assert body["tags"][-1]["name"] == "t09999"
    assert call(sandbox, "GET", "repository/devtable/huge").json()["name"] == "huge"


def test_a_tag_filter_must_say_like_or_eq(sandbox: SandboxServer) -> None:
    response = call(
        sandbox, "GET", "repository/devtable/simple/tag/", params={"filter_tag_name": "x"}
    )
    assert response.status_code == 400


def test_a_bad_tag_name_gets_quays_plain_message(sandbox: SandboxServer) -> None:
    response = call(
        sandbox, "PUT", "repository/devtable/simple/tag/bad%20tag", json={"manifest_digest": DIGEST}
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid tag: must match")


def test_a_tag_write_answers_the_json_string_updated(sandbox: SandboxServer) -> None:
    response = call(
        sandbox, "PUT", "repository/devtable/simple/tag/new", json={"manifest_digest": DIGEST}
    )
    assert (response.status_code, response.json()) == (201, "Updated")


def test_a_reader_may_not_write_and_anonymous_may_not_read(sandbox: SandboxServer) -> None:
    assert (
        call(sandbox, "DELETE", "repository/buynlarge/orgrepo/tag/prod", who="reader").status_code
        == 403
    )
    assert call(sandbox, "GET", "repository/devtable/simple/tag/", who=None).status_code == 401


def test_an_expiration_in_the_past_is_refused(sandbox: SandboxServer) -> None:
    response = call(
        sandbox, "PUT", "repository/devtable/simple/tag/latest", json={"expiration": 1000}
    )
    assert response.status_code == 400


def test_a_manifest_list_has_no_layers_and_an_unsupported_scan(sandbox: SandboxServer) -> None:
    repo = sandbox.world.repositories[("devtable", "complex")]
    listed = next(t for t in repo.tags if t.is_manifest_list).manifest_digest
    manifest = call(sandbox, "GET", f"repository/devtable/complex/manifest/{listed}").json()
    assert manifest["is_manifest_list"] is True and manifest["layers"] is None
    security = call(sandbox, "GET", f"repository/devtable/complex/manifest/{listed}/security")
    assert security.json() == {"status": "unsupported", "data": None}


@pytest.mark.parametrize("vulnerabilities", ["true", "false"])
def test_vulnerabilities_are_listed_only_when_asked(
    sandbox: SandboxServer, vulnerabilities: str
) -> None:
    prod = "sha256:54c73336c2863b7289c30cf52beff2f50c8dcb7445202f8e820310d44b93152f"
    body = call(
        sandbox,
        "GET",
        f"repository/devtable/complex/manifest/{prod}/security",
        params={"vulnerabilities": vulnerabilities},
    ).json()
    feature = body["data"]["Layer"]["Features"][0]
    assert body["status"] == "scanned"
    assert ("Vulnerabilities" in feature) == (vulnerabilities == "true")


def test_a_label_with_a_reserved_prefix_is_refused(sandbox: SandboxServer) -> None:
    response = call(
        sandbox,
        "POST",
        f"repository/devtable/simple/manifest/{DIGEST}/labels",
        json={"key": "com.docker.thing", "value": "x", "media_type": "text/plain"},
    )
    assert response.status_code == 400


def test_creating_a_repository_twice_is_refused(sandbox: SandboxServer) -> None:
    body = {"namespace": "devtable", "repository": "dashrepo", "visibility": "private"}
    assert call(sandbox, "POST", "repository", json=body).status_code == 201
    again = call(sandbox, "POST", "repository", json=body)
    assert again.status_code == 400 and again.json()["detail"] == "Repository already exists"


def test_the_ten_thousand_tag_repository_is_only_added_on_demand(sandbox: SandboxServer) -> None:
    assert sandbox.world.repository("devtable", "huge") is None
    repo = add_huge_repository(sandbox.world, "devtable", "huge", tags=10_000)
    assert len(repo.tags) == 10_000 and len(repo.manifests) == 10_000
    sandbox.reset()
    assert sandbox.world.repository("devtable", "huge") is None
