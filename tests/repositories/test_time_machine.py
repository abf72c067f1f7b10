"""Deleting an ended tag from the time machine for good, and who Quay refuses."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.conftest import issued_form_token

pytestmark = pytest.mark.django_db

HISTORY = "/repository/devtable/history/tags/history/"
ENDED = "sha256:fa704b6f22cdb04ccf9ce0a068234e1d4af1cc87e745783246850e3cb1abbb58"
EXPIRE = "/repository/devtable/history/tags/latest/expire/"


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def ended(sandbox: SandboxServer) -> list[str]:
    repo = sandbox.world.repositories[("devtable", "history")]
    return [tag.manifest_digest for tag in repo.tags if tag.end_ts is not None]


def test_the_history_offers_deletion_with_the_consequence(devtable: Client) -> None:
    html = text(devtable.get(HISTORY))
    assert f'action="{EXPIRE}"' in html
    assert "It can no longer be restored" in html


def test_deleting_an_ended_tag_for_good(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        EXPIRE, {"form_token": issued_form_token(devtable), "digest": ENDED}, follow=True
    )
    assert "is gone from the time machine: it can no longer be restored." in text(response)
    assert ended(sandbox) == []


def test_a_bad_digest_changes_nothing_and_asks_nothing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(EXPIRE, {"digest": "nope"}, follow=True)
    assert "Nothing was deleted: not a manifest digest." in text(response)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_a_tag_no_longer_in_the_time_machine_shows_quays_answer(devtable: Client) -> None:
    devtable.post(EXPIRE, {"form_token": issued_form_token(devtable), "digest": ENDED})
    response = devtable.post(
        EXPIRE, {"form_token": issued_form_token(devtable), "digest": ENDED}, follow=True
    )
    assert "Could not delete latest from the time machine" in text(response)


def test_quay_refuses_a_reader(reader: Client, sandbox: SandboxServer) -> None:
    response = reader.post(
        EXPIRE, {"form_token": issued_form_token(reader), "digest": ENDED}, follow=True
    )
    assert "Could not delete latest from the time machine" in text(response)
    assert ended(sandbox) == [ENDED]
