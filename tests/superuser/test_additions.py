"""The installation's application tokens (sorted, flagged, CSV) and setting a user's password:
what a superuser sees and does, and who is refused."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from django.test import Client

from sandbox.api.account import state
from sandbox.server import SandboxServer
from tests.superuser.conftest import form_token, writes

pytestmark = pytest.mark.django_db


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def titles(html: str) -> list[str]:
    return [
        title
        for title in ("some app", "laptop podman", "old ci")
        if f"<strong>{title}</strong>" in html
    ]


def order(html: str) -> list[str]:
    return sorted(titles(html), key=lambda title: html.index(f"<strong>{title}</strong>"))


def test_every_app_token_is_listed_with_its_flags(devtable: Client) -> None:
    page = devtable.get("/superuser/apptokens/")
    html = text(page)
    assert page.status_code == 200
    assert order(html) == ["laptop podman", "old ci", "some app"]
    assert "expires soon" in html
    assert "expired" in html
    assert "never used" in html
    assert "does not say whose it is" in html


def test_tokens_sort_by_expiration_and_last_use(devtable: Client) -> None:
    html = text(devtable.get("/superuser/apptokens/?sort=expiration"))
    assert order(html) == ["old ci", "laptop podman", "some app"]
    html = text(devtable.get("/superuser/apptokens/?sort=last_used&dir=desc"))
    assert order(html)[0] == "laptop podman"


def test_only_the_expiring_or_never_used(devtable: Client) -> None:
    assert order(text(devtable.get("/superuser/apptokens/?show=expiring"))) == [
        "laptop podman",
        "old ci",
    ]
    assert order(text(devtable.get("/superuser/apptokens/?show=unused"))) == [
        "old ci",
        "some app",
    ]


def test_the_tokens_as_csv(devtable: Client) -> None:
    response = devtable.get("/superuser/apptokens/?format=csv&sort=title")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [row["title"] for row in rows] == ["laptop podman", "old ci", "some app"]
    assert rows[0]["flags"] == "expiring_soon"
    assert rows[1]["flags"] == "expired never_used"


def test_a_read_only_superuser_may_look(readonly: Client) -> None:
    assert readonly.get("/superuser/apptokens/").status_code == 200


def test_a_non_superuser_gets_no_token_list(freshuser: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    page = freshuser.get("/superuser/apptokens/")
    assert page.status_code == 403
    assert not [c for c in sandbox.calls if "apptokens" in c.path]


# --- A user's password --------------------------------------------------------------------


def test_a_superuser_sets_a_users_password_never_shown_again(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, "/superuser/users/")
    response = devtable.post(
        "/superuser/users/freshuser/password/",
        {"form_token": token, "password": "Str0ng-pass", "password_again": "Str0ng-pass"},
        follow=True,
    )
    html = text(response)
    assert "The password of freshuser is changed." in html
    assert "Str0ng-pass" not in html
    stored = state(sandbox.world).passwords["freshuser"]
    assert stored == hashlib.sha256(b"Str0ng-pass").hexdigest()


def test_a_short_password_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, "/superuser/users/")
    sandbox.clear_calls()
    response = devtable.post(
        "/superuser/users/freshuser/password/",
        {"form_token": token, "password": "short", "password_again": "short"},
    )
    assert response.status_code == 400
    assert "at least 8 characters" in text(response)
    assert writes(sandbox) == []


def test_quay_refuses_a_superusers_password_change(devtable: Client) -> None:
    token = form_token(devtable, "/superuser/users/")
    response = devtable.post(
        "/superuser/users/devtable/password/",
        {"form_token": token, "password": "Str0ng-pass", "password_again": "Str0ng-pass"},
    )
    assert response.status_code == 400
    assert "Cannot update a superuser" in text(response)


def test_a_read_only_superuser_cannot_set_a_password(
    readonly: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = readonly.post(
        "/superuser/users/freshuser/password/",
        {"password": "Str0ng-pass", "password_again": "Str0ng-pass"},
    )
    assert response.status_code == 403
    assert writes(sandbox) == []
