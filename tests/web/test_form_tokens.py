"""A destructive form counts once, and only in the sign-in that opened it: its token is signed,
costs no session write to render, and is used up by the first POST that brings it back."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboard.web import actions
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import form_token, sign_in

pytestmark = pytest.mark.django_db

TAGS = "/repository/devtable/simple/tags/"
DELETE_PROD = TAGS + "prod/delete/"


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{call.method} {call.path}" for call in sandbox.calls if call.method != "GET"]


def live(sandbox: SandboxServer, tag: str) -> bool:
    repo = sandbox.world.repository("devtable", "simple")
    assert repo is not None
    return any(t.name == tag and t.end_ts is None for t in repo.tags)


def test_rendering_a_page_of_destructive_forms_writes_no_session(devtable: Client) -> None:
    devtable.get(TAGS)
    with CaptureQueriesContext(connection) as queries:
        page = devtable.get(TAGS).content.decode()
    assert 'name="form_token"' in page
    session_writes = [
        q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
    ]
    assert session_writes == []


def test_a_replayed_delete_asks_quay_nothing_and_says_already_sent(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, TAGS)
    first = devtable.post(DELETE_PROD, {"form_token": token}, follow=True)
    assert "Deleted tag prod." in first.content.decode()
    sandbox.clear_calls()
    again = devtable.post(DELETE_PROD, {"form_token": token}, follow=True)
    assert "This form was already sent: nothing was changed again." in again.content.decode()
    assert writes(sandbox) == []


def test_two_rows_of_one_page_each_count_once(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, TAGS)
    devtable.post(DELETE_PROD, {"form_token": token})
    devtable.post(TAGS + "latest/delete/", {"form_token": token})
    assert not live(sandbox, "prod") and not live(sandbox, "latest")


def test_a_token_from_another_sign_in_is_refused_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    other_browser = sign_in(Client(), DEMO_TOKENS["devtable"])
    token = form_token(other_browser, TAGS)
    sandbox.clear_calls()
    response = devtable.post(DELETE_PROD, {"form_token": token}, follow=True)
    assert "This form was not opened in this sign-in" in response.content.decode()
    assert writes(sandbox) == [] and live(sandbox, "prod")


@pytest.mark.parametrize("sent", ["altered", "missing"])
def test_a_forged_or_missing_token_is_refused_without_a_call(
    devtable: Client, sandbox: SandboxServer, sent: str
) -> None:
    token = form_token(devtable, TAGS)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B") if sent == "altered" else ""
    sandbox.clear_calls()
    response = devtable.post(DELETE_PROD, {"form_token": forged}, follow=True)
    assert "This form was not opened in this sign-in, or was altered" in response.content.decode()
    assert writes(sandbox) == [] and live(sandbox, "prod")


def test_an_expired_token_is_refused_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, TAGS)
    sandbox.clear_calls()
    with time_machine.travel(time.time() + actions.FORM_TOKEN_MAX_AGE + 60, tick=False):
        response = devtable.post(DELETE_PROD, {"form_token": token})
    assert response.status_code == 302
    assert "opened more than 4 hours ago" in devtable.get(TAGS).content.decode()
    assert writes(sandbox) == [] and live(sandbox, "prod")


def test_a_refusal_on_a_form_page_is_said_there(devtable: Client, sandbox: SandboxServer) -> None:
    # A form the view shows again (the typed confirmation): the answer is the page, 400.
    sandbox.clear_calls()
    response = devtable.post(
        "/repository/devtable/simple/settings/delete/",
        {"confirm": "devtable/simple", "form_token": "made-up"},
        follow=True,
    )
    assert "This form was not opened in this sign-in" in response.content.decode()
    assert writes(sandbox) == []
    assert sandbox.world.repository("devtable", "simple") is not None
