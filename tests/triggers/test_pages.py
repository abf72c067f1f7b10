"""Build triggers against the sandbox: the list with each trigger's facts, its recent builds
linking to the build pages, enable and disable, a manual run, delete, and Quay's refusals."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from django.test import Client

from sandbox.api.triggers import CUSTOM_TRIGGER_ID, FIXTURE_TRIGGER_ID, triggers
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

PAGE = "/repository/devtable/building/triggers/"


def text(response: Any) -> str:
    return response.content.decode()


def page_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def custom(sandbox: SandboxServer) -> Any:
    return next(t for t in triggers(sandbox.world)[("devtable", "building")]
                if t.id == CUSTOM_TRIGGER_ID)  # fmt: skip


def test_the_list_shows_service_source_regex_dockerfile_and_robot_in_two_calls(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = text(devtable.get(PAGE))
    expected = ("GitHub", "jakedt/testconnect", "not activated", "devtable+dtrobot",
                "Custom git", "^(heads/main|tags/v.+)$", "/Dockerfile", "enabled")  # fmt: skip
    assert [item for item in expected if item not in page] == []
    assert len(page_calls(sandbox)) <= 2
    assert "API cannot create a trigger" in page


def test_recent_builds_link_to_the_build_pages(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    fragment = text(htmx(devtable, f"{PAGE}{FIXTURE_TRIGGER_ID}/builds/"))
    assert 'href="/repository/devtable/building/builds/deadbeef-dead-beef-dead-beefdeadbeef/"' in (
        fragment
    )
    assert len(page_calls(sandbox)) == 1


def test_disable_and_enable_an_activated_trigger(devtable: Client, sandbox: SandboxServer) -> None:
    devtable.post(f"{PAGE}{CUSTOM_TRIGGER_ID}/enabled/", {"enabled": "false"})
    assert custom(sandbox).enabled is False
    assert "disabled" in text(devtable.get(PAGE))
    devtable.post(f"{PAGE}{CUSTOM_TRIGGER_ID}/enabled/", {"enabled": "true"})
    assert custom(sandbox).enabled is True


def test_quay_refuses_to_toggle_an_unactivated_trigger_and_says_why(
    devtable: Client, sandbox: SandboxServer
) -> None:
    refused = devtable.post(f"{PAGE}{FIXTURE_TRIGGER_ID}/enabled/", {"enabled": "false"})
    assert refused.status_code == 400
    assert "Cannot update an unactivated trigger" in text(refused)


def test_running_a_custom_git_trigger_by_commit_opens_its_build(
    devtable: Client, sandbox: SandboxServer
) -> None:
    started = devtable.post(
        f"{PAGE}{CUSTOM_TRIGGER_ID}/start/", {"kind": "commit", "value": "3482adc5822c498e"}
    )
    assert started.status_code == 302
    assert started["Location"].startswith("/repository/devtable/building/builds/")
    build = sandbox.world.repositories[("devtable", "building")].builds[0]
    assert build.trigger and build.trigger["id"] == CUSTOM_TRIGGER_ID


def test_a_bad_commit_is_refused_at_the_field_before_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    refused = devtable.post(f"{PAGE}{CUSTOM_TRIGGER_ID}/start/", {"kind": "commit", "value": "zz"})
    assert refused.status_code == 400
    assert "hexadecimal" in text(refused)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_quay_refuses_a_branch_for_a_custom_git_trigger_at_the_field(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = {"kind": "branch", "value": "main"}
    refused = devtable.post(f"{PAGE}{CUSTOM_TRIGGER_ID}/start/", form)
    assert refused.status_code == 400
    assert "commit_sha" in text(refused)


def test_deleting_a_trigger(devtable: Client, sandbox: SandboxServer) -> None:
    assert (
        devtable.post(
            f"{PAGE}{CUSTOM_TRIGGER_ID}/delete/", {"form_token": issued_form_token(devtable)}
        ).status_code
        == 302
    )
    assert len(triggers(sandbox.world)[("devtable", "building")]) == 1


def test_a_reader_reads_one_sentence_and_no_trigger_call_is_made(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = reader.get("/repository/buynlarge/orgrepo/triggers/")
    assert page.status_code == 200
    assert "Only administrators of buynlarge/orgrepo" in text(page)
    assert all(c.status < 400 for c in sandbox.calls)


@pytest.mark.parametrize(
    ("body", "said"),
    [({}, "'enabled' is a required property"), ({"enabled": "no"}, "is not of type 'boolean'")],
)
def test_the_sandbox_refuses_a_trigger_change_its_schema_refuses(
    sandbox: SandboxServer, body: dict[str, Any], said: str
) -> None:
    answer = requests.put(
        f"{sandbox.url}/api/v1/repository/devtable/building/trigger/{CUSTOM_TRIGGER_ID}",
        json=body,
        headers={"Authorization": f"Bearer {DEMO_TOKENS['devtable']}"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert said in answer.json()["detail"]
    assert custom(sandbox).enabled is True
