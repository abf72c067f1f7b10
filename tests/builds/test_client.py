"""The builds client against HTTP, with `responses`: paths, parameters, shapes and errors."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import responses
from responses import matchers

from dashboard.quay.builds import ArchivedLog, Build, BuildLogPage, BuildsApi, BuildStatus
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.web import clock

A_WEEK_AGO = int(clock.timestamp()) - 7 * 86400

QUAY = "https://quay.test"
BUILD = f"{QUAY}/api/v1/repository/acme/app/build/"
UUID = "1f0e4a52-7c1b-4b5e-9d3a-2e8f6c0b9a17"


@pytest.fixture
def client() -> BuildsApi:
    return BuildsApi(QUAY, "secret-token")


def build_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "id": UUID,
        "phase": "building",
        "started": "Thu, 26 Nov 2026 18:51:21 -0000",
        "display_name": "a1b2c3d",
        "status": {"total_commands": 6, "current_command": 2},
        "subdirectory": "Dockerfile",
        "dockerfile_path": "Dockerfile",
        "context": "",
        "tags": ["latest", "v2"],
        "manual_user": "devtable",
        "is_writer": True,
        "trigger": None,
        "trigger_metadata": None,
        "resource_key": None,
        "pull_robot": {"name": "acme+puller", "kind": "user", "is_robot": True},
        "repository": {"namespace": "acme", "name": "app"},
        "error": None,
        "archive_url": "https://example.com/app.tar.gz",
    }
    return {**body, **overrides}


def entry(i: int, kind: str = "") -> dict[str, Any]:
    if kind:
        return {"message": f"{kind} {i}", "type": kind, "datetime": "2026-11-26 18:55:17.719423"}
    return {"message": f"line {i}", "data": {"datetime": "2026-11-26 18:55:17.719423"}}


@responses.activate
def test_list_sends_since_and_limit_and_reads_each_build(client: BuildsApi) -> None:
    responses.get(
        BUILD,
        json={"builds": [build_body()]},
        match=[matchers.query_param_matcher({"limit": "100", "since": str(A_WEEK_AGO)})],
    )

    builds = client.list_repo_builds("acme", "app", limit=100, since=A_WEEK_AGO)

    assert builds == [Build.from_api(build_body())]
    build = builds[0]
    assert (build.short_id, build.pull_robot, build.triggered_by) == (
        "1f0e4a52",
        "acme+puller",
        "devtable",
    )
    assert not build.is_final and build.can_cancel
    assert responses.calls[0].request.headers["Authorization"] == "Bearer secret-token"


def test_a_builds_step_counters_are_read_into_numbers_or_nothing() -> None:
    assert Build.from_api(build_body()).status == BuildStatus(current_command=2, total_commands=6)
    unknown = {"total_commands": None, "current_command": "3", "heartbeat": 1}
    assert Build.from_api(build_body(status=unknown)).status == BuildStatus()
    assert Build.from_api(build_body(status=None)).status == BuildStatus()


def test_phases_that_end_a_build_and_those_that_cannot_be_cancelled() -> None:
    for phase in ("complete", "error", "cancelled", "expired", "internalerror"):
        assert Build.from_api(build_body(phase=phase)).is_final
    pushing = Build.from_api(build_body(phase="pushing"))
    assert not pushing.is_final and not pushing.can_cancel


@responses.activate
def test_logs_page_and_archived_log_url(client: BuildsApi) -> None:
    responses.get(
        BUILD + f"{UUID}/logs",
        json={"start": 2, "total": 4, "logs": [entry(2, "phase"), entry(3)]},
        match=[matchers.query_param_matcher({"start": "2"})],
    )
    responses.get(f"{QUAY}/api/v1/superuser/{UUID}/logs", json={"logs_url": "/logarchive/x"})

    page = client.get_repo_build_logs("acme", "app", UUID, start=2)
    archived = client.get_build_logs_superuser(UUID)

    assert isinstance(page, BuildLogPage)
    assert (page.start, page.total, page.end) == (2, 4, 4)
    assert page.entries[0].type == "phase" and page.entries[1].datetime.startswith("2026-11-26")
    assert archived == ArchivedLog(f"{QUAY}/logarchive/x")


def test_a_page_from_an_earlier_start_gives_only_what_is_not_shown() -> None:
    page = BuildLogPage.from_api({"start": 3, "total": 8, "logs": [entry(i) for i in range(3, 8)]})

    assert [e.message for e in page.after(5)] == ["line 5", "line 6", "line 7"]
    assert page.after(2) == page.entries
    assert page.after(9) == []


@responses.activate
def test_request_build_sends_the_dockerfile_path_or_the_subdirectory(client: BuildsApi) -> None:
    responses.post(BUILD, json=build_body(phase="waiting"), status=201)

    client.request_repo_build(
        "acme", "app", archive_url="https://e.com/a.tgz", docker_tags=["latest"],
        dockerfile_path="build/Dockerfile", subdirectory="ignored",
    )  # fmt: skip
    client.request_repo_build(
        "acme", "app", archive_url="https://e.com/a.tgz", docker_tags=["a", "b"],
        subdirectory="web", context="web", pull_robot="acme+puller",
    )  # fmt: skip

    first, second = (json.loads(call.request.body) for call in responses.calls)
    assert first == {
        "archive_url": "https://e.com/a.tgz",
        "docker_tags": ["latest"],
        "dockerfile_path": "build/Dockerfile",
    }
    assert second == {
        "archive_url": "https://e.com/a.tgz",
        "docker_tags": ["a", "b"],
        "subdirectory": "web",
        "context": "web",
        "pull_robot": "acme+puller",
    }


@responses.activate
def test_request_build_raises_quays_refusals(client: BuildsApi) -> None:
    responses.post(
        BUILD,
        json={
            "detail": "Invalid Archive URL: Must be http or https",
            "error_type": "invalid_request",
        },
        status=400,
    )
    with pytest.raises(QuayBadRequest, match="Must be http or https"):
        client.request_repo_build("acme", "app", archive_url="ftp://x", docker_tags=["latest"])


@responses.activate
def test_cancel_is_a_delete_and_a_finished_build_is_refused(client: BuildsApi) -> None:
    responses.delete(BUILD + UUID, json="Okay", status=201)
    responses.delete(
        BUILD + UUID,
        json={"detail": "Build is currently running or has finished"},
        status=400,
    )

    client.cancel_repo_build("acme", "app", UUID)
    with pytest.raises(QuayBadRequest, match="has finished"):
        client.cancel_repo_build("acme", "app", UUID)


@responses.activate
def test_superuser_endpoints(client: BuildsApi) -> None:
    responses.get(f"{QUAY}/api/v1/superuser/{UUID}/build", json=build_body(phase="complete"))
    responses.get(
        f"{QUAY}/api/v1/superuser/{UUID}/status",
        json={"detail": "Unable to locate a build by id", "error_type": "invalid_response"},
        status=400,
    )
    responses.get(
        f"{QUAY}/api/v1/superuser/00000000-0000-0000-0000-000000000000/build", status=404, json={}
    )

    assert client.get_build_superuser(UUID).is_final
    with pytest.raises(QuayBadRequest):
        client.get_build_status_superuser(UUID)
    with pytest.raises(QuayNotFound):
        client.get_build_superuser("00000000-0000-0000-0000-000000000000")


# --- Streaming ---------------------------------------------------------------------------


@responses.activate
def test_the_log_streams_entry_by_entry_whatever_the_key_order(client: BuildsApi) -> None:
    body = json.dumps({"logs": [entry(i) for i in range(1000)], "total": 1000, "start": 0})
    responses.get(BUILD + f"{UUID}/logs", body=body, content_type="application/json")

    messages = [e.message for e in client.iter_repo_build_log("acme", "app", UUID)]

    assert messages == [f"line {i}" for i in range(1000)]
    assert len(responses.calls) == 1  # the answer reached `total`: no second call


@responses.activate
def test_the_stream_continues_when_the_answer_came_short_of_total(client: BuildsApi) -> None:
    responses.get(
        BUILD + f"{UUID}/logs",
        json={"start": 0, "total": 5, "logs": [entry(i) for i in range(3)]},
        match=[matchers.query_param_matcher({})],
    )
    # Quay answering from an earlier start than asked: what was given is not given again.
    responses.get(
        BUILD + f"{UUID}/logs",
        json={"start": 1, "total": 5, "logs": [entry(i) for i in range(1, 5)]},
        match=[matchers.query_param_matcher({"start": "3"})],
    )

    messages = [e.message for e in client.iter_repo_build_log("acme", "app", UUID)]

    assert messages == ["line 0", "line 1", "line 2", "line 3", "line 4"]


@responses.activate
def test_a_stream_of_an_archived_log_follows_the_url_without_the_token(client: BuildsApi) -> None:
    responses.get(BUILD + f"{UUID}/logs", json={"logs_url": "https://storage.test/logs/x"})
    archive = gzip.compress(
        json.dumps({"start": 0, "total": 2, "logs": [entry(0), entry(1)]}).encode()
    )
    # Storage that sends gzip bytes without saying so in Content-Encoding.
    responses.get(
        "https://storage.test/logs/x", body=archive, content_type="application/octet-stream"
    )

    messages = [e.message for e in client.iter_repo_build_log("acme", "app", UUID)]

    assert messages == ["line 0", "line 1"]
    assert "Authorization" not in responses.calls[1].request.headers


@responses.activate
def test_a_refused_stream_raises_before_any_entry(client: BuildsApi) -> None:
    responses.get(
        BUILD + f"{UUID}/logs",
        json={"detail": "Unauthorized", "error_type": "insufficient_scope"},
        status=403,
    )
    with pytest.raises(QuayPermissionDenied):
        next(client.iter_repo_build_log("acme", "app", UUID))


def test_an_archived_log_must_be_an_http_url(client: BuildsApi) -> None:
    with pytest.raises(Exception, match="not an http"):
        client.fetch_archived_log("file:///etc/passwd")


def test_only_an_http_archive_url_becomes_a_link() -> None:
    assert Build.from_api(build_body()).archive_href == "https://example.com/app.tar.gz"
    assert Build.from_api(build_body(archive_url="javascript:alert(1)")).archive_href == ""
