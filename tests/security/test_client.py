"""The security review's own read against HTTP, and the recorded security answers parsed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayNotFound, QuayPermissionDenied
from dashboard.quay.repositories import SecurityReport

QUAY = "https://quay.example.com"
SHARED = (
    Path(os.environ.get("QUAYSIDE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    / "quay"
    / "responses-next"
)


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_the_newest_tags_are_the_first_page_of_active_tags() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository/acme/app/tag/",
        match=[matchers.query_param_matcher({"page": "1", "limit": "3", "onlyActiveTags": "true"})],
        json={
            "tags": [
                {"name": "v3", "manifest_digest": "sha256:" + "3" * 64, "is_manifest_list": False},
                {"name": "v2", "manifest_digest": "sha256:" + "2" * 64, "is_manifest_list": True},
            ],
            "page": 1,
            "has_additional": True,
        },
    )
    tags = client().list_newest_tags("acme", "app", 3)
    assert [(t.name, t.is_manifest_list) for t in tags] == [("v3", False), ("v2", True)]


@responses.activate
def test_the_count_is_kept_within_quays_page_limit() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository/acme/app/tag/",
        match=[matchers.query_param_matcher({"page": "1", "limit": "100"}, strict_match=False)],
        json={"tags": [], "page": 1, "has_additional": False},
    )
    assert client().list_newest_tags("acme", "app", 5000) == []


def recording(number: int) -> dict:  # type: ignore[type-arg]
    found = next(SHARED.glob(f"{number}_*.json"), None)
    if found is None:
        pytest.skip("the recordings are not beside the repository")
    return json.loads(found.read_text())  # type: ignore[no-any-return]


@responses.activate
@pytest.mark.parametrize("number", [479, 480, 481])
def test_a_recorded_queued_answer_reads_as_queued_with_nothing_found(number: int) -> None:
    recorded = recording(number)
    path = recorded["request"]["path"].split("?")[0]
    # The client encodes the digest's colon; Quay decodes it.
    responses.get(
        f"{QUAY}{path.replace(':', '%3A')}", json=recorded["body"], status=recorded["status"]
    )
    namespace, name = path.split("/")[4:6]
    digest = path.split("/")[7]
    report = client().get_repo_manifest_security(namespace, name, digest)
    assert report == SecurityReport("queued", [], [])


@responses.activate
@pytest.mark.parametrize(("number", "error"), [(482, QuayNotFound), (483, QuayPermissionDenied)])
def test_recorded_refusals_raise(number: int, error: type[Exception]) -> None:
    recorded = recording(number)
    path = recorded["request"]["path"].split("?")[0]
    # The client encodes the digest's colon; Quay decodes it.
    responses.get(
        f"{QUAY}{path.replace(':', '%3A')}", json=recorded["body"], status=recorded["status"]
    )
    namespace, name = path.split("/")[4:6]
    with pytest.raises(error):
        client().get_repo_manifest_security(namespace, name, path.split("/")[7])
