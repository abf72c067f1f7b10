"""The repository operations of the client against HTTP, with bodies shaped like the recordings."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayNotFound
from dashboard.web import clock

AN_HOUR_AGO = int(clock.timestamp()) - 3600
IN_TWO_YEARS = int(clock.timestamp()) + 730 * 86400

QUAY = "https://quay.example.com"
DIGEST = "sha256:" + "ab" * 32
REPO = f"{QUAY}/api/v1/repository/devtable/simple"
# api_path() encodes every path part, the colon of a digest too; Quay decodes it.
DIGEST_PATH = DIGEST.replace(":", "%3A")


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_list_repos_reads_sizes_popularity_and_the_next_page() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository",
        match=[
            matchers.query_param_matcher(
                {
                    "namespace": "buynlarge",
                    "last_modified": "true",
                    "popularity": "true",
                    "next_page": "abc",
                }
            )
        ],
        json={
            "repositories": [
                {
                    "namespace": "buynlarge",
                    "name": "orgrepo",
                    "description": None,
                    "is_public": False,
                    "kind": "image",
                    "state": "NORMAL",
                    "last_modified": AN_HOUR_AGO,
                    "popularity": 0.0,
                    "is_starred": False,
                    "quota_report": {"quota_bytes": 92, "configured_quota": 3000},
                }
            ],
            "next_page": "def",
        },
    )
    page = client().list_repos(namespace="buynlarge", next_page="abc")
    (repo,) = page.items
    assert (repo.full_name, repo.size, repo.popularity, repo.last_modified) == (
        "buynlarge/orgrepo",
        92,
        0.0,
        AN_HOUR_AGO,
    )
    assert page.next_page == "def"


@responses.activate
def test_a_repository_list_without_quota_reports_has_no_size_and_no_next_page() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository",
        json={"repositories": [{"namespace": "a", "name": "b", "is_public": True}]},
    )
    page = client().list_repos(starred=True)
    assert page.items[0].size is None and page.items[0].popularity is None
    assert not page.has_more
    assert "starred=true" in (responses.calls[0].request.url or "")


@responses.activate
def test_repository_search_keeps_only_repositories() -> None:
    responses.get(
        f"{QUAY}/api/v1/find/repositories",
        match=[matchers.query_param_matcher({"query": "sim", "page": "2"})],
        json={
            "results": [
                {
                    "kind": "repository",
                    "namespace": {"name": "devtable"},
                    "name": "simple",
                    "description": "Simple repository.",
                    "is_public": False,
                },
                {"kind": "user", "name": "simon"},
            ],
            "has_additional": True,
            "page": 2,
            "page_size": 10,
        },
    )
    page = client().conduct_repo_search("sim", page=2)
    assert [r.full_name for r in page.items] == ["devtable/simple"]
    assert page.next_page == 3


@responses.activate
def test_create_repo_sends_quays_fields_and_raises_its_refusal() -> None:
    responses.post(
        f"{QUAY}/api/v1/repository",
        status=400,
        json={"detail": "Repository already exists", "error_type": "invalid_request"},
    )
    with pytest.raises(QuayBadRequest) as refused:
        client().create_repo("devtable", "simple", "private", "hello")
    assert refused.value.message == "Repository already exists"
    assert json.loads(responses.calls[0].request.body or b"{}") == {
        "namespace": "devtable",
        "repository": "simple",
        "visibility": "private",
        "description": "hello",
        "repo_kind": "image",
    }


@responses.activate
def test_list_repo_tags_filters_and_pages_on_the_server() -> None:
    responses.get(
        f"{REPO}/tag/",
        match=[
            matchers.query_param_matcher(
                {"page": "3", "limit": "25", "onlyActiveTags": "true", "filter_tag_name": "eq:v1"}
            )
        ],
        json={
            "tags": [
                {
                    "name": "v1",
                    "reversion": False,
                    "immutable": False,
                    "start_ts": AN_HOUR_AGO,
                    "end_ts": IN_TWO_YEARS,
                    "manifest_digest": DIGEST,
                    "is_manifest_list": True,
                    "size": None,
                    "last_modified": "Thu, 26 Nov 2026 18:51:19 -0000",
                    "expiration": "Thu, 23 Nov 2028 18:55:52 -0000",
                }
            ],
            "page": 3,
            "has_additional": True,
        },
    )
    page = client().list_repo_tags(
        "devtable", "simple", page=3, limit=25, name_filter="v1", exact=True
    )
    (tag,) = page.items
    assert (tag.name, tag.is_manifest_list, tag.size, tag.end_ts) == (
        "v1",
        True,
        None,
        IN_TWO_YEARS,
    )
    assert (page.previous_page, page.next_page) == (2, 4)


@responses.activate
def test_tag_history_asks_for_inactive_tags_too() -> None:
    responses.get(f"{REPO}/tag/", json={"tags": [], "page": 1, "has_additional": False})
    client().list_repo_tags("devtable", "simple", only_active=False, name_filter="lat")
    url = responses.calls[0].request.url or ""
    assert "onlyActiveTags" not in url and "filter_tag_name=like%3Alat" in url


@responses.activate
def test_tag_writes_send_quays_bodies() -> None:
    responses.put(f"{REPO}/tag/v1", status=201, json="Updated")
    responses.delete(f"{REPO}/tag/v1", status=204)
    responses.post(f"{REPO}/tag/v1/restore", json={})
    api = client()
    api.change_tag("devtable", "simple", "v1", DIGEST)
    api.change_tag_expiration("devtable", "simple", "v1", None)
    api.change_tag_expiration("devtable", "simple", "v1", 2000000000)
    api.delete_full_tag("devtable", "simple", "v1")
    api.restore_tag("devtable", "simple", "v1", DIGEST)
    bodies = [
        json.loads(call.request.body) if call.request.body else None for call in responses.calls
    ]
    assert bodies == [
        {"manifest_digest": DIGEST},
        {"expiration": None},
        {"expiration": 2000000000},
        None,
        {"manifest_digest": DIGEST},
    ]


@responses.activate
def test_a_tag_name_with_a_slash_stays_inside_its_path_part() -> None:
    responses.delete(f"{REPO}/tag/..%2F..%2Fx", status=404, json={"detail": "Not Found"})
    with pytest.raises(QuayNotFound):
        client().delete_full_tag("devtable", "simple", "../../x")


@responses.activate
def test_a_manifest_list_names_its_platforms() -> None:
    document = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [
            {"digest": "sha256:" + "1" * 64, "mediaType": "m", "size": 527,
             "platform": {"os": "linux", "architecture": "arm", "variant": "v7"}},
            {"digest": "sha256:" + "2" * 64, "mediaType": "m", "size": 527,
             "platform": {"os": "linux", "architecture": "amd64"}},
        ],
    }  # fmt: skip
    responses.get(
        f"{REPO}/manifest/{DIGEST_PATH}",
        json={
            "digest": DIGEST,
            "is_manifest_list": True,
            "manifest_data": json.dumps(document),
            "config_media_type": None,
            "layers_compressed_size": None,
            "layers": None,
        },
    )
    manifest = client().get_repo_manifest("devtable", "simple", DIGEST)
    assert manifest.is_manifest_list and manifest.layers == []
    assert manifest.platforms == ["linux/arm/v7", "linux/amd64"]
    assert manifest.media_type.endswith("manifest.list.v2+json")


@responses.activate
def test_labels_are_read_only_unless_set_through_the_api() -> None:
    responses.get(
        f"{REPO}/manifest/{DIGEST_PATH}/labels",
        json={
            "labels": [
                {"id": "1", "key": "foo", "value": "bar", "source_type": "manifest",
                 "media_type": "text/plain"},
                {"id": "2", "key": "foo", "value": "baz", "source_type": "api",
                 "media_type": "text/plain"},
            ]
        },
    )  # fmt: skip
    labels = client().list_manifest_labels("devtable", "simple", DIGEST)
    assert [label.read_only for label in labels] == [True, False]


@responses.activate
def test_a_security_report_counts_vulnerabilities_by_severity() -> None:
    responses.get(
        f"{REPO}/manifest/{DIGEST_PATH}/security",
        match=[matchers.query_param_matcher({"vulnerabilities": "true"})],
        json={
            "status": "scanned",
            "data": {
                "Layer": {
                    "Features": [
                        {
                            "Name": "openssl",
                            "Version": "1.1",
                            "Vulnerabilities": [
                                {"Name": "CVE-1", "Severity": "High", "FixedBy": "1.2"},
                                {"Name": "CVE-2", "Severity": "Critical", "FixedBy": ""},
                                {"Name": "CVE-3", "Severity": "Odd", "FixedBy": ""},
                            ],
                        }
                    ]
                }
            },
        },
    )
    report = client().get_repo_manifest_security("devtable", "simple", DIGEST)
    assert report.counts == {"Critical": 1, "High": 1, "Unknown": 1}
    assert report.fixable_count == 1
    assert [v.name for v in report.vulnerabilities] == ["CVE-2", "CVE-1", "CVE-3"]


@responses.activate
def test_a_queued_report_has_no_vulnerabilities() -> None:
    responses.get(
        f"{REPO}/manifest/{DIGEST_PATH}/security", json={"status": "queued", "data": None}
    )
    report = client().get_repo_manifest_security("devtable", "simple", DIGEST)
    assert (report.status, report.vulnerabilities, report.scanned) == ("queued", [], False)


@responses.activate
def test_settings_writes_use_quays_endpoints() -> None:
    responses.put(REPO, json={"success": True})
    responses.post(f"{REPO}/changevisibility", json={"success": True})
    responses.put(f"{REPO}/changestate", json={"success": True})
    responses.delete(REPO, status=204)
    responses.post(f"{QUAY}/api/v1/user/starred", status=201, json={})
    responses.delete(f"{QUAY}/api/v1/user/starred/devtable/simple", status=204)
    api = client()
    api.update_repo("devtable", "simple", "**new**")
    api.change_repo_visibility("devtable", "simple", "public")
    api.change_repo_state("devtable", "simple", "READ_ONLY")
    api.delete_repository("devtable", "simple")
    api.create_star("devtable", "simple")
    api.delete_star("devtable", "simple")
    assert [json.loads(c.request.body) if c.request.body else None for c in responses.calls] == [
        {"description": "**new**"},
        {"visibility": "public"},
        {"state": "READ_ONLY"},
        None,
        {"namespace": "devtable", "repository": "simple"},
        None,
    ]
