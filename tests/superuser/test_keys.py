"""Service keys: list and filters, create (the private key shown once), approve, change,
delete, bulk actions."""

from __future__ import annotations

import base64
import logging
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from dashboard.superuser.forms import ServiceKeyForm
from sandbox.server import SandboxServer

from .conftest import form_token, writes

pytestmark = pytest.mark.django_db

URL = "/superuser/keys/"


def _future(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _create(client: Client, **fields: str) -> object:
    data = {"service": "my_service", "name": "My key", "form_token": form_token(client, URL)}
    return client.post("/superuser/keys/new/", {**data, **fields})


def test_the_list_marks_expired_expiring_and_unapproved_keys(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    assert "someexpiredkey" in html and "Expired</span>" in html
    assert "Within a week</span>" in html  # kid4 expires a day after the seed
    assert "Within a month</span>" in html  # kid2, two weeks
    assert "Unapproved</span>" in html
    assert "every 12 hours" in html  # kid4's rotation
    assert 'data-copy="kid1"' in html


@pytest.mark.parametrize(
    ("which", "present", "absent"),
    [
        ("unapproved", "unapprovedkey", "somesamplekey"),
        ("expired", "someexpiredkey", "unapprovedkey"),
        ("expiring", "autorotatingkey", "someexpiredkey"),
    ],
)
def test_the_filters_keep_only_their_keys(
    devtable: Client, which: str, present: str, absent: str
) -> None:
    html = devtable.get(f"{URL}?filter={which}").content.decode()
    assert present in html
    assert absent not in html


def test_the_text_filter_looks_at_name_service_and_key_id(devtable: Client) -> None:
    assert b"key for another service" in devtable.get(f"{URL}?q=different_sample").content
    by_kid = devtable.get(f"{URL}?q=kid6").content.decode()
    assert "someexpiredkey" in by_kid and "somesamplekey" not in by_kid


def test_the_filter_answers_htmx_with_the_table_only(devtable: Client) -> None:
    page = devtable.get(f"{URL}?filter=unapproved", headers={"HX-Request": "true"})
    assert page.content.decode().lstrip().startswith('<section class="card" id="key-table"')


def test_a_created_key_shows_its_private_key_once_with_a_pem_download(
    devtable: Client, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    page = _create(
        devtable,
        notes="for the **builders**",
        meta_key_0="team",
        meta_value_0="platform",
        expiration=_future(30),
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    private = re.search(r'<textarea id="private-key"[^>]*>([^<]+)</textarea>', html)
    assert private is not None
    pem = private.group(1).replace("&#x27;", "'").strip()
    assert pem.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert "cannot" in html.lower() or "shown this once" in html
    href = re.search(r'href="data:application/x-pem-file;base64,([^"]+)" download="([^"]+)"', html)
    assert href is not None
    assert base64.b64decode(href.group(1)).decode().strip() == pem
    assert href.group(2).endswith(".pem")

    kid = href.group(2).removesuffix(".pem")
    key = sandbox.world.service_keys[kid]
    assert key.metadata["team"] == "platform"
    assert key.expiration is not None and key.expiration > time.time() + 29 * 86400
    assert key.approval is not None and key.approval.notes == "for the **builders**"

    # Nowhere to be found afterwards: not in the list, the session, the database, the logs.
    body = pem.splitlines()[1]
    assert body not in devtable.get(URL).content.decode()
    assert body not in devtable.get(URL).content.decode()
    for session in Session.objects.all():
        assert body not in str(session.get_decoded())
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            assert body not in repr(cursor.fetchall()), table
    assert body not in caplog.text


def test_a_key_that_never_expires_sends_null(devtable: Client, sandbox: SandboxServer) -> None:
    page = _create(devtable)
    kid = re.search(r'download="([^"]+)\.pem"', page.content.decode())
    assert kid is not None
    assert sandbox.world.service_keys[kid.group(1)].expiration is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"service": "Bad Service"}, b"Lowercase letters, digits and _ only."),
        ({"service": ""}, b"This field is required."),
        ({"name": "semi;colon"}, b"Letters, digits, spaces, _ and - only."),
        ({"expiration": "2020-01-01T00:00"}, b"The expiration must be in the future."),
        ({"expiration": "not a date"}, b"Enter a valid date/time."),
        ({"meta_value_0": "orphan"}, b"A value needs a key."),
    ],
)
def test_bad_input_is_refused_at_the_field_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer, fields: dict[str, str], message: bytes
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    data = {"service": "my_service", "name": "ok", "form_token": token, **fields}
    page = devtable.post("/superuser/keys/new/", data)
    assert page.status_code == 400
    assert message in page.content
    assert b'class="field-error"' in page.content
    assert writes(sandbox) == []


def test_quays_refusal_of_a_new_key_is_shown_at_the_field(
    devtable: Client, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Say the dashboard's clock runs behind Quay's: its check passes, Quay's does not.
    monkeypatch.setattr(
        ServiceKeyForm, "clean_expiration", lambda self: self.cleaned_data["expiration"]
    )
    page = _create(devtable, expiration="2020-01-01T00:00")
    html = page.content.decode()
    assert page.status_code == 400
    assert re.search(
        r'id="id_expiration_error" role="alert">Expiration date cannot be in the past', html
    )
    assert "BEGIN RSA PRIVATE KEY" not in html


def test_a_repeated_create_makes_one_key(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    before = len(sandbox.world.service_keys)
    data = {"service": "twice", "name": "once", "form_token": token}
    devtable.post("/superuser/keys/new/", data)
    again = devtable.post("/superuser/keys/new/", data, follow=True)
    assert len(sandbox.world.service_keys) == before + 1
    assert b"already sent" in again.content


def test_approving_records_the_notes_and_the_approver(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    page = devtable.post("/superuser/keys/kid3/approve/", {"notes": "checked", "form_token": token})
    assert page.status_code == 302
    approval = sandbox.world.service_keys["kid3"].approval
    assert approval is not None and approval.notes == "checked" and approval.approver == "devtable"
    assert b"by devtable" in devtable.get(URL).content


def test_approving_a_key_that_is_gone_shows_quays_answer_in_its_row(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    del sandbox.world.service_keys["kid3"]
    page = devtable.post("/superuser/keys/kid3/approve/", {"form_token": token})
    assert page.status_code == 400
    assert b"Not Found" in page.content


def test_renaming_and_changing_the_expiration(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/keys/kid1/update/",
        {"name": "renamed key", "expiration": _future(10), "form_token": token},
    )
    assert page.status_code == 302
    key = sandbox.world.service_keys["kid1"]
    assert key.name == "renamed key"
    assert key.expiration is not None


def test_never_expires_clears_the_expiration(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    devtable.post(
        "/superuser/keys/kid2/update/",
        {"name": "someexpiringkey", "no_expiration": "on", "form_token": token},
    )
    assert sandbox.world.service_keys["kid2"].expiration is None


def test_a_past_expiration_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post(
        "/superuser/keys/kid1/update/",
        {"name": "x", "expiration": "2001-01-01T00:00", "form_token": token},
    )
    assert page.status_code == 400
    assert b"The expiration must be in the future." in page.content
    assert writes(sandbox) == []


def test_deleting_a_key(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post("/superuser/keys/kid6/delete/", {"form_token": token})
    assert page.status_code == 302
    assert "kid6" not in sandbox.world.service_keys


def test_the_delete_form_asks_first(devtable: Client) -> None:
    assert b'data-confirm="Delete the key someexpiredkey' in devtable.get(URL).content


def test_bulk_approve_reports_each_key(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    del sandbox.world.service_keys["kid8"]  # gone since the page was shown
    page = devtable.post(
        "/superuser/keys/bulk/",
        {
            "action": "approve",
            "kid": ["kid3", "kid7", "kid8"],
            "notes": "batch",
            "form_token": token,
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 of 3 failed" in html
    assert html.count("Approved</span>") == 2
    assert "Not Found" in html
    assert sandbox.world.service_keys["kid3"].approval is not None
    assert sandbox.world.service_keys["kid7"].approval is not None


def test_bulk_delete_removes_each_selected_key(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/keys/bulk/", {"action": "delete", "kid": ["kid6", "kid7"], "form_token": token}
    )
    assert b"All 2 done" in page.content
    assert "kid6" not in sandbox.world.service_keys
    assert "kid7" not in sandbox.world.service_keys


def test_bulk_without_a_selection_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post("/superuser/keys/bulk/", {"action": "delete", "form_token": token})
    assert page.status_code == 400
    assert b"Select at least one key." in page.content
    assert writes(sandbox) == []
