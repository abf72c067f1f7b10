"""The sandbox's build endpoints behave like Quay's: progress while watched, the request
checks in Quay's order, cancel rules, the superuser views and the archived log."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests

from sandbox.api import builds as sandbox_builds
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS

BUILDS = "/api/v1/repository/buynlarge/orgrepo/build/"


def call(sandbox: SandboxServer, method: str, path: str, who: str = "devtable", **kw: Any) -> Any:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS[who]}"}
    return requests.request(method, sandbox.url + path, headers=headers, timeout=10, **kw)


def test_the_live_build_moves_on_each_time_its_log_is_read(sandbox: SandboxServer) -> None:
    logs = f"{BUILDS}{sandbox_builds.LIVE_BUILD_ID}/logs"
    phases, total = [], 0
    for _ in range(40):
        body = call(sandbox, "GET", logs, params={"start": total}).json()
        assert body["start"] == total
        total += len(body["logs"])
        assert body["total"] == total
        phases += [e["message"] for e in body["logs"] if e.get("type") == "phase"]
    assert phases == [
        "build-scheduled", "unpacking", "pulling", "building", "pushing", "complete"
    ]  # fmt: skip
    status = call(sandbox, "GET", f"{BUILDS}{sandbox_builds.LIVE_BUILD_ID}/status").json()
    assert status["phase"] == "complete" and status["status"] == {}


def test_listing_and_status_do_not_move_a_build(sandbox: SandboxServer) -> None:
    for _ in range(3):
        call(sandbox, "GET", BUILDS)
        call(sandbox, "GET", f"{BUILDS}{sandbox_builds.LIVE_BUILD_ID}/status")
    body = call(sandbox, "GET", f"{BUILDS}{sandbox_builds.LIVE_BUILD_ID}").json()
    assert body["phase"] == "waiting"


def test_since_and_limit(sandbox: SandboxServer) -> None:
    everything = call(sandbox, "GET", BUILDS, params={"limit": 100}).json()["builds"]
    assert len(call(sandbox, "GET", BUILDS).json()["builds"]) == min(5, len(everything))
    newest = everything[1]
    since = call(sandbox, "GET", BUILDS, params={"since": 1, "limit": 100}).json()["builds"]
    assert len(since) == len(everything)
    assert call(sandbox, "GET", BUILDS, params={"limit": "x"}).status_code == 400
    assert newest["repository"] == {"namespace": "buynlarge", "name": "orgrepo"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"docker_tags": ["latest"]}, "file_id or archive_url required"),
        ({"archive_url": "ftp://x/y.tgz"}, "Invalid Archive URL: Must be http or https"),
        ({"archive_url": "https://x/y.tgz", "docker_tags": []}, "[] should be non-empty"),
        (
            {"archive_url": "https://x/y.tgz", "docker_tags": ["a", "a"]},
            "['a', 'a'] has non-unique elements",
        ),
        ({"archive_url": 5}, "5 is not of type 'string'"),
    ],
)
def test_a_build_request_is_refused_as_quay_refuses_it(
    sandbox: SandboxServer, body: dict[str, Any], message: str
) -> None:
    response = call(sandbox, "POST", BUILDS, json=body)
    assert response.status_code == 400
    assert response.json()["detail"] == message
    assert response.json()["error_type"] == "invalid_request"


def test_a_build_request_checks_the_pull_robot_and_the_role(sandbox: SandboxServer) -> None:
    ok = {"archive_url": "https://x/y.tgz"}
    assert (
        call(sandbox, "POST", BUILDS, json={**ok, "pull_robot": "buynlarge+nobody"}).status_code
        == 404
    )
    assert call(sandbox, "POST", BUILDS, json={**ok, "pull_robot": "nobody"}).status_code == 403
    assert call(sandbox, "POST", BUILDS, json=ok, who="reader").status_code == 403
    created = call(sandbox, "POST", BUILDS, json={**ok, "dockerfile_path": "a/Dockerfile"})
    assert created.status_code == 201
    assert created.headers["Location"].endswith(f"/build/{created.json()['id']}/status")
    assert (created.json()["context"], created.json()["dockerfile_path"]) == ("a", "a/Dockerfile")
    assert created.json()["manual_user"] == "devtable"


def test_cancel_only_before_pushing(sandbox: SandboxServer) -> None:
    live = f"{BUILDS}{sandbox_builds.LIVE_BUILD_ID}"
    assert call(sandbox, "DELETE", live, who="reader").status_code == 403
    failed = call(sandbox, "DELETE", f"{BUILDS}{sandbox_builds.FAILED_BUILD_ID}")
    assert failed.status_code == 400
    assert failed.json()["detail"] == "Build is currently running or has finished"
    cancelled = call(sandbox, "DELETE", live)
    assert (cancelled.status_code, cancelled.json()) == (201, "Okay")
    assert call(sandbox, "GET", live).json()["phase"] == "cancelled"
    assert call(sandbox, "DELETE", live).status_code == 400


def test_reading_a_log_takes_write_access(sandbox: SandboxServer) -> None:
    path = f"{BUILDS}{sandbox_builds.FAILED_BUILD_ID}"
    assert call(sandbox, "GET", path, who="reader").status_code == 200
    assert call(sandbox, "GET", path + "/logs", who="reader").status_code == 403
    assert "archive_url" not in call(sandbox, "GET", path, who="reader").json()


def test_the_superuser_views_answer_400_or_404_for_an_unknown_build(sandbox: SandboxServer) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    assert call(sandbox, "GET", f"/api/v1/superuser/{unknown}/build").status_code == 404
    status = call(sandbox, "GET", f"/api/v1/superuser/{unknown}/status")
    assert status.status_code == 400 and status.json()["error_type"] == "invalid_response"
    assert call(sandbox, "GET", f"/api/v1/superuser/{unknown}/logs").status_code == 400
    known = f"/api/v1/superuser/{sandbox_builds.FAILED_BUILD_ID}/build"
    assert call(sandbox, "GET", known, who="freshuser").status_code == 403
    assert call(sandbox, "GET", known).json()["repository"]["name"] == "orgrepo"


def test_an_archived_log_is_served_gzipped_from_its_url(sandbox: SandboxServer) -> None:
    body = call(sandbox, "GET", f"{BUILDS}{sandbox_builds.ARCHIVED_BUILD_ID}/logs").json()
    assert set(body) == {"logs_url"}
    raw = requests.get(body["logs_url"], timeout=10, stream=True)
    assert raw.headers["Content-Encoding"] == "gzip"
    document = json.loads(gzip.decompress(raw.raw.read()))
    assert document["start"] == 0 and document["total"] == len(document["logs"]) > 10


def test_a_big_log_is_made_on_demand(sandbox: SandboxServer) -> None:
    with sandbox.world.lock:
        build = sandbox_builds.add_big_log_build(sandbox.world, 50_000)
    assert len(build.logs) == 50_000 and build.phase == "complete"
    body = call(sandbox, "GET", f"{BUILDS}{build.id}/logs", params={"start": 49_990}).json()
    assert (body["total"], len(body["logs"])) == (50_000, 10)
    assert body["logs"][-1] == {
        "message": "complete",
        "type": "phase",
        "datetime": body["logs"][-1]["datetime"],
    }


def test_a_big_log_can_be_asked_for_over_http(sandbox: SandboxServer) -> None:
    made = requests.post(f"{sandbox.url}/_sandbox/builds/big-log?entries=1200", timeout=10)
    assert made.status_code == 201 and made.json()["entries"] == 1200
    again = requests.post(f"{sandbox.url}/_sandbox/builds/big-log?entries=300", timeout=10)
    body = call(sandbox, "GET", f"{BUILDS}{again.json()['id']}/logs").json()
    assert body["total"] == 300
    assert (
        requests.post(f"{sandbox.url}/_sandbox/builds/big-log?entries=0", timeout=10).status_code
        == 400
    )
