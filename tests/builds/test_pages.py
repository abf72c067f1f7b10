"""The builds pages against the sandbox over real HTTP: list, start, one build and its live log,
cancel, download, and the superuser lookup."""

from __future__ import annotations

import html as htmlmod
import re
from typing import Any

import pytest
from django.test import Client

from dashboard.quay.builds import BuildLogPage, BuildsApi
from dashboard.quay.errors import QuayUnavailable
from sandbox.api import builds as sandbox_builds
from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

REPO = "/repository/buynlarge/orgrepo/builds/"
LIVE = sandbox_builds.LIVE_BUILD_ID
FAILED = sandbox_builds.FAILED_BUILD_ID
ARCHIVED = sandbox_builds.ARCHIVED_BUILD_ID
CANCELLED = sandbox_builds.CANCELLED_BUILD_ID
MISSING = "00000000-0000-0000-0000-000000000000"


def text(response: Any) -> str:
    return response.content.decode()


def poll_url(page: str) -> str | None:
    """The next poll the page (or a poll's answer) asks htmx to make."""
    found = re.search(r'<div id="build-log-poller"[^>]*hx-get="([^"]+)"', page)
    return htmlmod.unescape(found.group(1)) if found else None


def open_build(client: Client, url: str) -> str:
    """A build's page as the browser ends up with it: the page (its log), then its lazy summary
    (the build), then, when the summary stops the poller, the one last read it asks for."""
    page = text(client.get(url))
    found = re.search(r'id="build-summary"[^>]*hx-get="([^"]+)"', page)
    assert found, "no lazy summary"
    summary = text(htmx(client, htmlmod.unescape(found.group(1))))
    assert "<html" not in summary and 'id="build-summary"' in summary
    last = poll_url(summary)
    return page + summary + (text(htmx(client, last)) if last else "")


def line_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="L(\d+)"', page)]


def world_build(sandbox: SandboxServer, build_id: str) -> Any:
    repo = sandbox.world.repositories[sandbox_builds.DEMO_REPOSITORY]
    return next(b for b in repo.builds if b.id == build_id)


def api_calls(sandbox: SandboxServer) -> list[str]:
    """The calls a page made for itself (the banners' global messages are the layout's)."""
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_builds_and_refreshes_itself_while_one_runs(devtable: Client) -> None:
    page = text(devtable.get(REPO))

    assert f'href="{REPO}{LIVE}/"' in page and ">4c1f6e2a<" in page
    assert "Waiting" in page and "Failed" in page and "github trigger" in page
    assert 'hx-trigger="every 4s"' in page

    fragment = htmx(devtable, REPO)
    assert fragment.status_code == 200
    assert text(fragment).lstrip().startswith('<div id="build-list"')
    assert "<html" not in text(fragment)


def test_the_list_stops_polling_once_no_build_runs(
    devtable: Client, sandbox: SandboxServer
) -> None:
    world_build(sandbox, LIVE).phase = "complete"

    fragment = htmx(devtable, REPO)

    assert fragment.status_code == 286
    assert "hx-trigger" not in text(fragment) and "No build is running." in text(fragment)
    assert devtable.get(REPO).status_code == 200


def test_the_ranges_ask_quay_for_builds_since_a_time(
    devtable: Client, sandbox: SandboxServer
) -> None:
    recent = text(devtable.get(REPO))
    two_days = text(devtable.get(REPO + "?range=48h"))
    month = text(devtable.get(REPO + "?range=30d"))

    assert "2a4b6c8d" in recent and "2a4b6c8d" not in two_days and "2a4b6c8d" in month
    queries = [call.query for call in sandbox.calls if call.path.endswith("/build/")]
    assert queries[0] == "limit=10"
    assert re.fullmatch(r"limit=100&since=\d{10}", queries[1])


def test_a_person_without_access_gets_quays_refusal(freshuser: Client) -> None:
    page = freshuser.get(REPO)
    assert page.status_code == 403 and "Quay said no" in text(page)


# --- Starting a build ------------------------------------------------------------------------


def test_the_start_form_offers_the_namespaces_robots(devtable: Client) -> None:
    page = text(devtable.get(REPO + "new/"))
    assert '<option value="buynlarge+coolrobot">' in page
    assert 'value="latest"' in page


def test_starting_a_build_is_checked_before_calling_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(REPO + "new/")  # the robots are then cached briefly
    sandbox.clear_calls()

    response = devtable.post(
        REPO + "new/",
        {
            "archive_url": "ftp://example.com/app.tar.gz",
            "dockerfile_path": "Dockerfile",
            "subdirectory": "web",
            "tags": "latest, -bad, latest",
            "pull_robot": "not a robot",
        },
    )

    page = text(response)
    assert response.status_code == 400
    assert "Give an http:// or https:// URL." in page
    assert "not both" in page
    assert "Not a valid tag name: -bad" in page
    assert api_calls(sandbox) == []


def test_a_repeated_tag_and_a_missing_url_are_refused(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(REPO + "new/")
    sandbox.clear_calls()
    page = text(devtable.post(REPO + "new/", {"archive_url": "", "tags": "a a"}))
    assert "This field is required." in page and "A tag is listed twice." in page
    assert api_calls(sandbox) == []


def test_starting_a_build_goes_to_the_new_build(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        REPO + "new/",
        {
            "archive_url": "https://example.com/app.tar.gz",
            "dockerfile_path": "",
            "subdirectory": "web",
            "context": "",
            "tags": "v1 v1.1",
            "pull_robot": "buynlarge+coolrobot",
        },
    )

    repo = sandbox.world.repositories[sandbox_builds.DEMO_REPOSITORY]
    new = next(b for b in repo.builds if b.pull_robot == "buynlarge+coolrobot")
    assert response.status_code == 302 and response["Location"] == f"{REPO}{new.id}/"
    assert (new.tags, new.dockerfile_path, new.context) == (["v1", "v1.1"], "web/Dockerfile", "web")
    page = open_build(devtable, response["Location"])
    assert "started: Quay queued it" in page and "buynlarge+coolrobot" in page


def test_quays_refusal_to_start_a_build_is_shown(reader: Client, sandbox: SandboxServer) -> None:
    form = text(reader.get(REPO + "new/"))
    assert "does not let you list this namespace" in form

    response = reader.post(REPO + "new/", {"archive_url": "https://example.com/a.tgz", "tags": ""})

    assert response.status_code == 403
    assert "Quay said no: Unauthorized." in text(response)
    assert "POST /api/v1/repository/buynlarge/orgrepo/build/" in api_calls(sandbox)


def test_an_unknown_pull_robot_is_reported(devtable: Client) -> None:
    response = devtable.post(
        REPO + "new/",
        {"archive_url": "https://example.com/a.tgz", "pull_robot": "buynlarge+nosuchbot"},
    )
    assert response.status_code == 400  # a rejected value
    assert "no such repository or pull robot" in text(response)


# --- One build and its log ---------------------------------------------------------------------


def test_a_build_shows_one_phase_on_the_list_and_on_its_page(devtable: Client) -> None:
    """deadbeef is recorded waiting while its log already reached "building": the page shows
    the build's own phase, as the list does."""
    recorded = "/repository/devtable/building/builds/"
    listed = re.search(
        r'deadbeef-dead-beef-dead-beefdeadbeef/".*?<span class="badge[^"]*">([^<]+)</span>',
        text(devtable.get(recorded)),
        re.S,
    )
    page = open_build(devtable, recorded + "deadbeef-dead-beef-dead-beefdeadbeef/")
    shown = re.search(r'<span id="build-phase"[^>]*>(?:<span[^>]*></span> )?([^<]+)</span>', page)

    assert listed and shown
    assert listed.group(1) == shown.group(1) == "Waiting"


def test_a_finished_build_page_is_two_calls_and_does_not_poll(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    log_first = text(devtable.get(f"{REPO}{FAILED}/"))
    # One call before the first byte: the log. The build's summary is a lazy part.
    assert api_calls(sandbox) == [f"GET /api/v1/repository/buynlarge/orgrepo/build/{FAILED}/logs"]
    assert "returned a non-zero code" in log_first and 'hx-trigger="load"' in log_first
    sandbox.clear_calls()

    page = open_build(devtable, f"{REPO}{FAILED}/")

    assert sorted(api_calls(sandbox)) == [
        f"GET /api/v1/repository/buynlarge/orgrepo/build/{FAILED}",
        f"GET /api/v1/repository/buynlarge/orgrepo/build/{FAILED}/logs",
    ]
    assert poll_url(page) is None
    assert "The build has ended: <strong>Failed</strong>" in page
    assert 'class="log-line log-error"' in page and "returned a non-zero code" in page
    assert 'class="log-phase log-phase-error"' in page
    assert "Cancel build" not in page
    assert "github trigger (jakedt/testconnect)" in page


def test_polling_appends_only_new_lines_until_the_build_completes(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = open_build(devtable, f"{REPO}{LIVE}/")
    shown = line_numbers(page)
    url = poll_url(page)
    assert url and "Cancel build" in page and "Watching the build" in page

    polls = 0
    while url:
        sandbox.clear_calls()
        answer = htmx(devtable, url)
        polls += 1
        assert len(sandbox.calls) == 1  # one upstream call per poll
        new = line_numbers(text(answer))
        assert not set(new) & set(shown), "a line was sent twice"
        if new:
            assert new == list(range(max(shown) + 1, max(shown) + 1 + len(new)))
        shown += new
        url = poll_url(text(answer))
        assert polls < 60

    assert answer.status_code == 286
    final = text(answer)
    assert "The build has ended: <strong>Complete</strong>" in final
    assert 'id="build-phase" class="badge badge-success" hx-swap-oob="outerHTML"' in final
    assert "Cancel build" not in final
    assert shown == list(range(1, len(world_build(sandbox, LIVE).logs) + 1))


def test_a_poll_skips_what_is_shown_when_quay_answers_from_an_earlier_start(
    devtable: Client, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(6):  # let the live build write a few entries
        sandbox_builds.advance(sandbox.world, world_build(sandbox, LIVE))
    original = BuildsApi.get_repo_build_logs

    def rewound(self: BuildsApi, namespace: str, name: str, uuid: str, start: int = 0) -> Any:
        return original(self, namespace, name, uuid, max(0, start - 3))

    monkeypatch.setattr(BuildsApi, "get_repo_build_logs", rewound)

    answer = text(
        htmx(devtable, f"{REPO}{LIVE}/log/?start=5&b=log-3-body&pb=log-3-body&phase=pulling&n=0")
    )

    numbers = line_numbers(answer)
    assert numbers and min(numbers) == 6
    assert "start=" in (poll_url(answer) or "")


@pytest.mark.parametrize("phase", ["complete", "error", "internalerror"])
def test_polling_stops_at_a_final_phase_written_to_the_log(
    devtable: Client, sandbox: SandboxServer, phase: str
) -> None:
    build = world_build(sandbox, LIVE)
    build.logs.append(sandbox_builds.phase_entry(phase, sandbox.world.now))
    build.phase = phase
    start = len(build.logs) - 1

    answer = htmx(devtable, f"{REPO}{LIVE}/log/?start={start}&phase=building&n=0")

    assert answer.status_code == 286
    assert poll_url(text(answer)) is None
    assert "The build has ended" in text(answer)


@pytest.mark.parametrize("phase", ["cancelled", "expired"])
def test_polling_notices_a_final_phase_the_log_does_not_tell(
    devtable: Client, sandbox: SandboxServer, phase: str
) -> None:
    world_build(sandbox, LIVE).phase = phase

    # Every fourth poll reads the status instead of the log.
    sandbox.clear_calls()
    status_poll = htmx(devtable, f"{REPO}{LIVE}/log/?start=0&phase=building&n=3")
    assert api_calls(sandbox) == [f"GET /api/v1/repository/buynlarge/orgrepo/build/{LIVE}/status"]
    url = poll_url(text(status_poll))
    assert url and "last=1" in url and 'hx-trigger="load"' in text(status_poll)

    last = htmx(devtable, url)

    assert last.status_code == 286 and poll_url(text(last)) is None
    assert "The build has ended" in text(last)


def test_a_failed_log_fetch_shows_a_notice_and_keeps_polling(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: Any, **kwargs: Any) -> Any:
        raise QuayUnavailable("Quay did not answer in time.")

    monkeypatch.setattr(BuildsApi, "get_repo_build_logs", down)

    answer = htmx(devtable, f"{REPO}{LIVE}/log/?start=4&b=log-3-body&phase=pulling&n=1")

    assert answer.status_code == 200
    assert "Could not fetch new log lines: Quay did not answer in time. Retrying." in text(answer)
    url = poll_url(text(answer)) or ""
    assert "start=4" in url and "n=2" in url


def _trigger(page: str) -> str:
    found = re.search(r'<div id="build-log-poller"[^>]*hx-trigger="([^"]+)"', page)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("waited", "next_wait"), [("", 4000), ("4000", 8000), ("16000", 30000), ("30000", 30000)]
)
def test_polling_backs_off_while_nothing_changes(
    devtable: Client, monkeypatch: pytest.MonkeyPatch, waited: str, next_wait: int
) -> None:
    def quiet(self: BuildsApi, namespace: str, name: str, uuid: str, start: int = 0) -> Any:
        return BuildLogPage(start, start, [])

    monkeypatch.setattr(BuildsApi, "get_repo_build_logs", quiet)
    wait = f"&d={waited}" if waited else ""
    answer = text(htmx(devtable, f"{REPO}{LIVE}/log/?start=4&b=log-3-body&phase=pulling&n=1{wait}"))
    assert _trigger(answer) == f"load delay:{next_wait}ms"
    assert f"d={next_wait}" in (poll_url(answer) or "")


def test_new_lines_bring_polling_back_to_two_seconds(
    devtable: Client, sandbox: SandboxServer
) -> None:
    # The live build writes its next step whenever its log is read.
    answer = text(htmx(devtable, f"{REPO}{LIVE}/log/?start=0&phase=waiting&n=1&d=30000"))
    assert 'id="L1"' in answer
    assert _trigger(answer) == "load delay:2000ms"
    assert "d=" not in (poll_url(answer) or "")


def test_a_plain_get_of_the_poll_url_goes_to_the_build(devtable: Client) -> None:
    response = devtable.get(f"{REPO}{LIVE}/log/?start=0")
    assert response.status_code == 302 and response["Location"] == f"{REPO}{LIVE}/"


def test_cancel_asks_first_then_cancels(devtable: Client, sandbox: SandboxServer) -> None:
    page = open_build(devtable, f"{REPO}{LIVE}/")
    assert f'action="{REPO}{LIVE}/cancel/" data-confirm=' in page

    response = devtable.post(f"{REPO}{LIVE}/cancel/", {"form_token": issued_form_token(devtable)})

    assert response.status_code == 302
    assert world_build(sandbox, LIVE).phase == "cancelled"
    after = open_build(devtable, response["Location"])
    assert "cancelled." in after and "Cancel build" not in after
    assert "The build has ended: <strong>Cancelled</strong>" in after


def test_cancelling_a_finished_build_shows_quays_refusal(devtable: Client) -> None:
    response = devtable.post(
        f"{REPO}{FAILED}/cancel/", {"form_token": issued_form_token(devtable)}, follow=True
    )
    assert (
        "The build was not cancelled. Quay refused: Build is currently running or has finished"
        in text(response)
    )


def test_cancel_needs_a_post(devtable: Client) -> None:
    assert devtable.get(f"{REPO}{LIVE}/cancel/").status_code == 405


def test_archived_logs_are_fetched_and_shown_the_same_way(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()

    page = text(devtable.get(f"{REPO}{ARCHIVED}/"))

    assert f"GET /logarchive/{ARCHIVED}" in api_calls(sandbox)
    assert '<span class="badge">archived</span>' in page
    assert 'class="log-phase log-phase-complete"' in page and "Step 6/6" in page
    assert line_numbers(page)[-1] == len(world_build(sandbox, ARCHIVED).logs)
    assert poll_url(page) is None


def test_someone_who_may_only_read_sees_quays_refusal_of_the_log(reader: Client) -> None:
    page = reader.get(f"{REPO}{FAILED}/")
    opened = open_build(reader, f"{REPO}{FAILED}/")

    assert page.status_code == 200
    assert "Quay refused to show this log" in text(page)
    assert "takes write access" in text(page)
    assert "Failed" in opened and poll_url(opened) is None


def test_a_build_that_does_not_exist_is_a_clear_not_found(devtable: Client) -> None:
    page = devtable.get(f"{REPO}{MISSING}/")
    assert page.status_code == 404
    assert "No such build" in text(page) and MISSING in text(page)


def test_a_malformed_build_id_is_answered_without_calling_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    for bad in ("not-a-uuid", "DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF", "4c1f6e2a-5b7d-4e8a-9f10"):
        assert devtable.get(f"{REPO}{bad}/").status_code == 404
        assert devtable.get(f"{REPO}{bad}/log.txt").status_code == 404
    assert api_calls(sandbox) == []


def test_colours_in_the_log_are_classes_and_quays_text_is_escaped(
    devtable: Client, sandbox: SandboxServer
) -> None:
    build = world_build(sandbox, FAILED)
    build.logs.append(sandbox_builds.output_entry('\x1b[31m<img src=x onerror="alert(1)">', 0))

    page = text(devtable.get(f"{REPO}{FAILED}/"))

    assert '<span class="ansi-fg1">&lt;img src=x onerror="alert(1)"&gt;</span>' in page
    assert "<img src=x" not in page
    assert " style=" not in page[page.index('id="build-log"') :]


# --- Download --------------------------------------------------------------------------------


def test_the_download_streams_the_whole_log_as_text(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()

    response = devtable.get(f"{REPO}{FAILED}/log.txt?timestamps=1")

    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="build-{FAILED}.log"'
    body = b"".join(response.streaming_content).decode()
    lines = body.splitlines()
    assert len(lines) == len(world_build(sandbox, FAILED).logs)
    assert lines[0].endswith("--- Scheduled (build-scheduled) ---") and lines[0].startswith("[")
    assert any("ERROR: The command" in line for line in lines)
    assert "\x1b" not in body
    assert api_calls(sandbox) == [f"GET /api/v1/repository/buynlarge/orgrepo/build/{FAILED}/logs"]


def test_the_download_of_an_archived_log_reads_the_archive(devtable: Client) -> None:
    response = devtable.get(f"{REPO}{ARCHIVED}/log.txt")
    body = b"".join(response.streaming_content).decode()
    assert "--- Complete (complete) ---" in body


def test_a_refused_download_is_an_error_page_not_a_broken_file(reader: Client) -> None:
    response = reader.get(f"{REPO}{FAILED}/log.txt")
    assert response.status_code == 403 and not response.streaming


# --- The superuser's lookup --------------------------------------------------------------------


def test_the_lookup_is_refused_to_anyone_not_a_superuser(reader: Client, freshuser: Client) -> None:
    for client in (reader, freshuser):
        for url in (
            "/superuser/builds/",
            f"/superuser/builds/{FAILED}/",
            f"/superuser/builds/{FAILED}/log.txt",
        ):
            page = client.get(url)
            assert page.status_code == 403
            assert "This page is for Quay superusers" in text(page)


def test_the_lookup_checks_the_id_before_calling_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()

    page = devtable.get("/superuser/builds/?uuid=hello")

    assert page.status_code == 400 and "A build id looks like" in text(page)
    assert 'aria-current="page">Build lookup' in text(page)
    assert api_calls(sandbox) == []


def test_the_lookup_opens_any_build_through_the_superuser_endpoints(
    devtable: Client, sandbox: SandboxServer
) -> None:
    found = devtable.get(f"/superuser/builds/?uuid=+{LIVE.upper()}+")
    assert found.status_code == 302 and found["Location"] == f"/superuser/builds/{LIVE}/"
    sandbox.clear_calls()

    page = open_build(devtable, found["Location"])

    assert sorted(api_calls(sandbox)) == [
        f"GET /api/v1/superuser/{LIVE}/build",
        f"GET /api/v1/superuser/{LIVE}/logs",
    ]
    assert f'href="{REPO}{LIVE}/"' in page and "buynlarge/orgrepo" in page
    assert "Cancel build" not in page
    url = poll_url(page)
    assert url and url.startswith(f"/superuser/builds/{LIVE}/log/?")
    sandbox.clear_calls()
    answer = htmx(devtable, url)
    assert api_calls(sandbox) == [f"GET /api/v1/superuser/{LIVE}/logs"]
    assert line_numbers(text(answer))


def test_the_lookup_says_plainly_when_there_is_no_such_build(devtable: Client) -> None:
    page = devtable.get(f"/superuser/builds/{MISSING}/")
    assert page.status_code == 404
    assert f"Quay has no build {MISSING}." in text(page)
    assert f'value="{MISSING}"' in text(page)


def test_a_build_page_whose_log_is_unavailable_says_so_and_tries_again(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: Any, **kwargs: Any) -> Any:
        raise QuayUnavailable("Quay did not answer in time.")

    monkeypatch.setattr(BuildsApi, "get_repo_build_logs", down)

    page = text(devtable.get(f"{REPO}{LIVE}/"))

    assert "The log could not be read: Quay did not answer in time." in page
    assert (poll_url(page) or "").startswith(f"{REPO}{LIVE}/log/?start=0")


def test_a_long_log_is_marked_so_the_browser_may_skip_what_is_off_screen(
    devtable: Client, sandbox: SandboxServer
) -> None:
    assert "build-log-long" not in text(devtable.get(f"{REPO}{FAILED}/"))
    with sandbox.world.lock:
        sandbox_builds.add_big_log_build(sandbox.world, 6000)
    assert "build-log-long" in text(devtable.get(f"{REPO}{sandbox_builds.BIG_BUILD_ID}/"))


def test_a_refused_log_offers_no_empty_box_and_no_download(reader: Client) -> None:
    page = text(reader.get(f"{REPO}{FAILED}/"))
    assert 'id="build-log"' not in page and "log.txt" not in page


def test_the_summary_stops_the_poller_of_a_build_whose_record_ended_unannounced(
    devtable: Client, sandbox: SandboxServer
) -> None:
    world_build(sandbox, LIVE).phase = "cancelled"  # the log says nothing of it
    page = text(devtable.get(f"{REPO}{LIVE}/"))
    assert "Watching the build" in page
    found = re.search(r'id="build-summary"[^>]*hx-get="([^"]+)"', page)
    assert found
    sandbox.clear_calls()

    summary = text(htmx(devtable, htmlmod.unescape(found.group(1))))

    assert api_calls(sandbox) == [f"GET /api/v1/repository/buynlarge/orgrepo/build/{LIVE}"]
    assert 'id="build-log-poller"' in summary and 'hx-swap-oob="outerHTML"' in summary
    url = poll_url(summary)
    assert url and "last=1" in url and "phase=cancelled" in url
    assert "Cancel build" not in summary
    last = htmx(devtable, url)
    assert last.status_code == 286 and "The build has ended" in text(last)


def test_quays_refusal_of_the_summary_is_shown_in_its_place(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = text(devtable.get(f"{REPO}{FAILED}/"))
    found = re.search(r'id="build-summary"[^>]*hx-get="([^"]+)"', page)
    assert found

    def down(*args: Any, **kwargs: Any) -> Any:
        raise QuayUnavailable("Quay did not answer in time.")

    monkeypatch.setattr(BuildsApi, "get_repo_build", down)
    summary = htmx(devtable, htmlmod.unescape(found.group(1)))

    assert summary.status_code == 200 and "HX-Retarget" not in summary  # type: ignore[attr-defined,operator]
    assert 'id="build-summary"' in text(summary)
    assert "Quay did not show this build: Quay did not answer in time." in text(summary)
