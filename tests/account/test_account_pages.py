"""The person's own account against the sandbox: profile, application tokens, authorized
applications, notifications and invitations; each change, its refusal, and the call counts."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from sandbox.api.account import state
from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def profile_form(**changes: str) -> dict[str, str]:
    """The profile form as the page sends it: the current values beside the new ones."""
    current = {
        "email": "jschorr@devtable.com",
        "given_name": "",
        "family_name": "",
        "company": "",
        "location": "",
        "expiration_days": "14",
    }
    form = {**current, **changes}
    form.update({f"current_{key}": value for key, value in current.items()})
    return form


# --- /user/ -------------------------------------------------------------------------------


def test_the_profile_shows_what_quay_has_with_one_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get("/user/")
    html = text(page)
    assert page.status_code == 200
    assert 'value="jschorr@devtable.com"' in html
    assert "verified" in html
    assert 'name="expiration_days" min="0" max="3650" value="14"' in html
    assert calls(sandbox) == ["GET /api/v1/user/"]


def test_changing_names_company_and_expiration_sends_only_what_changed(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/user/details/",
        profile_form(company="Devtable Inc.", given_name="Joey", expiration_days="7"),
    )
    assert response.status_code == 302
    assert [f"{c.method} {c.path}" for c in sandbox.calls if c.method == "PUT"] == [
        "PUT /api/v1/user/"
    ]
    assert state(sandbox.world).details["devtable"] == {
        "company": "Devtable Inc.",
        "given_name": "Joey",
    }
    assert sandbox.world.users["devtable"].tag_expiration_s == 7 * 86400
    html = text(devtable.get("/user/"))
    assert 'value="Devtable Inc."' in html
    assert 'value="Joey"' in html
    assert 'value="7"' in html


def test_a_bad_email_is_refused_at_the_field_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post("/user/details/", profile_form(email="not-an-address"))
    assert response.status_code == 400
    assert "Enter an e-mail address like name@example.com." in text(response)
    assert not [c for c in sandbox.calls if c.method == "PUT"]


def test_quays_refusal_of_a_taken_email_shows_at_the_field(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post("/user/details/", profile_form(email="jschorr+test@devtable.com"))
    assert response.status_code == 400
    assert re.search(r'id="account-email-error">E-mail address already used', text(response))


def test_a_new_email_reaches_the_session_profile(devtable: Client) -> None:
    devtable.post("/user/details/", profile_form(email="joey@example.com"))
    assert "joey@example.com" in text(devtable.get("/"))


def test_a_short_password_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post("/user/password/", {"password": "short", "password_again": "short"})
    assert response.status_code == 400
    assert "at least 8 characters and no whitespace" in text(response)
    assert not [c for c in sandbox.calls if c.method == "PUT"]


def test_two_different_passwords_are_refused(devtable: Client) -> None:
    response = devtable.post(
        "/user/password/",
        {"password": "longenough1", "password_again": "longenough2"},
    )
    assert response.status_code == 400
    assert "The two passwords differ." in text(response)


def test_a_password_change_goes_to_quay_and_is_never_shown(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/user/password/",
        {"password": "n3w-secret!", "password_again": "n3w-secret!"},
        follow=True,
    )
    assert "Your password is changed." in text(response)
    assert "n3w-secret!" not in text(response)
    assert state(sandbox.world).passwords["devtable"] == hashlib.sha256(b"n3w-secret!").hexdigest()


def test_without_user_admin_the_profile_says_why_and_offers_no_form(reader: Client) -> None:
    page = reader.get("/user/")
    assert page.status_code == 200
    assert "user:admin" in text(page)
    assert 'name="email"' not in text(page)


def test_quay_refuses_a_profile_change_without_user_admin(reader: Client) -> None:
    response = reader.post("/user/details/", profile_form(company="Nope"))
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)


# --- /user/apptoken/ ----------------------------------------------------------------------


def test_app_tokens_are_listed_without_secrets(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    page = devtable.get("/user/apptoken/")
    assert page.status_code == 200
    assert "some app" in text(page)
    assert "token_code" not in text(page)
    assert calls(sandbox) == ["GET /api/v1/user/apptoken"]


def test_a_new_app_token_is_shown_once_with_login_commands(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = devtable.post("/user/apptoken/", {"title": "ci runner"})
    html = text(page)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    code = re.search(r"podman login -u=&#x27;\$app&#x27; -p=&#x27;([A-Z0-9]{60})&#x27;", html)
    assert code, html
    assert "docker login -u=&#x27;$app&#x27;" in html
    again = text(devtable.get("/user/apptoken/"))
    assert "ci runner" in again
    assert code.group(1) not in again


def test_an_empty_title_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post("/user/apptoken/", {"title": "  "})
    assert response.status_code == 400
    assert "Give the token a title" in text(response)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_revoking_an_app_token(devtable: Client) -> None:
    response = devtable.post(
        "/user/apptoken/bf37edbd-055e-4cc5-b6cd-989dbf547f80/revoke/",
        {"form_token": issued_form_token(devtable), "title": "some app"},
        follow=True,
    )
    assert "The token some app is revoked." in text(response)
    assert "No application tokens yet." in text(response)


def test_revoking_someone_elses_token_shows_quays_answer(freshuser: Client) -> None:
    response = freshuser.post(
        "/user/apptoken/bf37edbd-055e-4cc5-b6cd-989dbf547f80/revoke/",
        {"form_token": issued_form_token(freshuser)},
        follow=True,
    )
    assert "Not Found" in text(response)


def test_without_user_admin_app_tokens_are_refused_in_one_line(reader: Client) -> None:
    page = reader.get("/user/apptoken/")
    assert page.status_code == 200
    assert "Quay said no" in text(page)
    assert 'name="title"' not in text(page)


def test_a_quay_without_app_tokens_gets_one_line(
    devtable: Client, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.quay.account import AccountApi
    from dashboard.quay.errors import QuayNotFound

    def missing(self: object) -> None:
        raise QuayNotFound("Not Found")

    monkeypatch.setattr(AccountApi, "list_app_tokens", missing)
    page = devtable.get("/user/apptoken/")
    assert "This Quay does not offer application-specific tokens." in text(page)
    assert 'name="title"' not in text(page)


# --- /user/authorizations/ ----------------------------------------------------------------


def test_authorized_applications_are_listed(devtable: Client) -> None:
    page = devtable.get("/user/authorizations/")
    html = text(page)
    assert page.status_code == 200
    assert "Some Test App" in html
    assert "Administer Repositories" in html


def test_revoking_an_authorization(devtable: Client) -> None:
    url = "/user/authorizations/c6ac81ee-df64-42ad-ac37-e776789edf76/revoke/"
    token = issued_form_token(devtable)
    response = devtable.post(
        url, {"application": "Some Test App", "form_token": token}, follow=True
    )
    assert "Access for Some Test App is revoked." in text(response)
    assert "c6ac81ee-df64-42ad-ac37-e776789edf76" not in text(response)


def test_listing_authorizations_needs_user_admin(reader: Client) -> None:
    page = reader.get("/user/authorizations/")
    assert "Quay said no" in text(page)
    assert "Revoke" not in text(page)


# --- Notifications, the bell and invitations ------------------------------------------------


def test_the_bell_costs_no_call_on_a_page_and_loads_itself_once(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get("/organization/")
    assert 'hx-get="/user/notifications/bell/"' in text(page)
    assert calls(sandbox) == []
    bell = htmx(devtable, "/user/notifications/bell/")
    assert ">2</span>" in text(bell)  # type: ignore[attr-defined]
    assert calls(sandbox) == ["GET /api/v1/user/notifications"]
    sandbox.clear_calls()
    page = devtable.get("/organization/")
    assert 'class="bell-count">2<' in text(page)
    assert 'hx-get="/user/notifications/bell/"' not in text(page)
    assert calls(sandbox) == []


def test_no_bell_for_a_sign_in_without_user_admin(reader: Client) -> None:
    assert "notification-bell" not in text(reader.get("/organization/"))


def test_the_notification_list_links_to_what_each_is_about(devtable: Client) -> None:
    page = devtable.get("/user/notifications/")
    html = text(page)
    assert "(2 unread)" in html
    assert 'href="/repository/devtable/building/builds/"' in html
    assert 'href="/organization/buynlarge/quota/"' in html


def test_marking_a_notification_read_lowers_the_count(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get("/user/notifications/")
    response = devtable.post(
        "/user/notifications/5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a01/read/",
        {"dismissed": "true"},
        follow=True,
    )
    assert "(1 unread)" in text(response)
    assert 'class="bell-count">1<' in text(response)


def test_marking_all_read(devtable: Client) -> None:
    response = devtable.post(
        "/user/notifications/read/",
        {"id": ["5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a01", "5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a02"]},
        follow=True,
    )
    assert "2 notifications marked as read." in text(response)
    assert "(0 unread)" in text(response)


def test_the_invited_person_sees_the_invitation_and_accepts_it(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    overview = text(freshuser.get("/"))
    assert 'hx-get="/user/invitations/"' in overview
    panel = text(htmx(freshuser, "/user/invitations/"))
    assert "invites you to the team <strong>owners</strong> of <strong>sellnsmall</strong>" in panel
    code = re.search(r"/user/invitations/([0-9a-f]+)/accept/", panel)
    assert code
    response = freshuser.post(f"/user/invitations/{code.group(1)}/accept/", follow=True)
    html = text(response)
    assert "You joined the team owners of sellnsmall." in html
    assert 'href="/repository/?namespace=sellnsmall"' in html


def test_declining_an_invitation(freshuser: Client) -> None:
    panel = text(htmx(freshuser, "/user/invitations/"))
    code = re.search(r"/user/invitations/([0-9a-f]+)/decline/", panel)
    assert code
    response = freshuser.post(
        f"/user/invitations/{code.group(1)}/decline/", {"team": "owners"}, follow=True
    )
    assert "You declined the invitation to owners." in text(response)
    assert "invites you" not in text(htmx(freshuser, "/user/invitations/"))


def test_an_answered_invitation_says_it_is_no_longer_pending(freshuser: Client) -> None:
    response = freshuser.post("/user/invitations/deadbeef/accept/", follow=True)
    assert "no longer pending" in text(response)


def test_the_overview_keeps_its_one_call(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    devtable.get("/")
    assert calls(sandbox) == ["GET /api/v1/user/"]


# --- Refusals for a sign-in without user:admin ----------------------------------------------


def test_a_sign_in_without_user_admin_sees_only_the_profile_tab(reader: Client) -> None:
    html = text(reader.get("/user/"))
    assert 'href="/user/apptoken/"' not in html
    assert 'href="/user/notifications/"' not in html


def test_quay_refuses_creating_an_app_token_without_user_admin(
    reader: Client, sandbox: SandboxServer
) -> None:
    response = reader.post("/user/apptoken/", {"title": "nope"})
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)
    assert [t.title for t in sandbox.world.app_tokens if t.owner == "reader"] == ["old ci"]


def test_quay_refuses_revoking_an_authorization_without_user_admin(
    reader: Client, sandbox: SandboxServer
) -> None:
    url = "/user/authorizations/c6ac81ee-df64-42ad-ac37-e776789edf76/revoke/"
    response = reader.post(url, follow=True)
    assert "Quay said no" in text(response)
    assert any(
        t.uuid == "c6ac81ee-df64-42ad-ac37-e776789edf76"
        for t in sandbox.world.access_tokens.values()
    )


def test_quay_refuses_marking_a_notification_without_user_admin(reader: Client) -> None:
    response = reader.post(
        "/user/notifications/5a5b6b0c-0f39-4f7e-9a4e-0c5c3f3e6a01/read/", follow=True
    )
    assert "Quay said no" in text(response)


def test_quay_refuses_answering_an_invitation_without_user_admin(reader: Client) -> None:
    response = reader.post("/user/invitations/deadbeef/accept/", follow=True)
    assert "Quay said no" in text(response)


def test_someone_else_cannot_answer_an_invitation(devtable: Client, sandbox: SandboxServer) -> None:
    from sandbox.api.account import invite_code

    code = invite_code("sellnsmall", "owners", "freshuser")
    response = devtable.post(f"/user/invitations/{code}/accept/", follow=True)
    assert "no longer pending" in text(response)
    assert "freshuser" in sandbox.world.organizations["sellnsmall"].teams["owners"].invited
