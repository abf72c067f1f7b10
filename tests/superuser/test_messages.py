"""Global messages: list, preview, publish, replace, delete; banners follow at once."""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard.web.markdown import render_markdown
from sandbox.server import SandboxServer

from .conftest import form_token, writes

pytestmark = pytest.mark.django_db

URL = "/superuser/messages/"
HOSTILE = (
    "**Maintenance** <script>alert('s')</script> <iframe src='https://evil.example'></iframe> "
    "<img src=x onerror=alert(1)> <a href='#' onclick='alert(2)'>a</a> [click](javascript:alert(3))"
)


def _publish(client: Client, content: str, severity: str = "info", **extra: str) -> object:
    data = {
        "content": content,
        "severity": severity,
        "media_type": "text/markdown",
        "form_token": form_token(client, URL),
        **extra,
    }
    return client.post("/superuser/messages/new/", data)


def test_the_list_shows_severity_and_the_rendered_message(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    assert '<span class="badge badge-warning">Warning</span>' in html
    assert "This is a <strong>development</strong> install of Quay" in html


def test_the_preview_is_rendered_by_the_server_as_an_htmx_fragment(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.post(
        "/superuser/messages/preview/",
        {"content": "Going **down**", "severity": "warning", "media_type": "text/markdown"},
        headers={"HX-Request": "true"},
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="message-preview"')
    assert '<div class="banner banner-warning">' in html
    assert "Going <strong>down</strong>" in html
    # A preview costs Quay nothing and publishes nothing.
    assert sandbox.calls == []


def test_hostile_markdown_is_inert_in_the_preview_exactly_as_in_the_banners(
    devtable: Client,
) -> None:
    page = devtable.post(
        "/superuser/messages/preview/",
        {"content": HOSTILE, "severity": "error", "media_type": "text/markdown"},
        headers={"HX-Request": "true"},
    )
    html = page.content.decode()
    for bad in ("<script", "<iframe", "onerror", "onclick", "javascript:"):
        assert bad not in html
    assert render_markdown(HOSTILE) in html


def test_hostile_markdown_is_inert_in_the_banners_once_published(
    devtable: Client, sandbox: SandboxServer
) -> None:
    _publish(devtable, HOSTILE, "error")
    html = devtable.get("/superuser/keys/").content.decode()
    assert "<strong>Maintenance</strong>" in html
    for bad in ("<script>alert", "<iframe", "onerror=", "onclick=", "javascript:"):
        assert bad not in html


def test_plain_text_is_previewed_as_text(devtable: Client) -> None:
    page = devtable.post(
        "/superuser/messages/preview/",
        {"content": "<b>not bold</b>", "severity": "info", "media_type": "text/plain"},
        headers={"HX-Request": "true"},
    )
    assert b"&lt;b&gt;not bold&lt;/b&gt;" in page.content


def test_without_javascript_the_preview_button_shows_the_whole_page(devtable: Client) -> None:
    page = devtable.post(
        "/superuser/messages/preview/",
        {"content": "Hello _all_", "severity": "info", "media_type": "text/markdown"},
    )
    html = page.content.decode()
    assert "<html" in html and "Hello <em>all</em>" in html
    assert "Hello _all_</textarea>" in html


def test_publishing_creates_the_message_and_the_banners_show_it_at_once(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get("/superuser/keys/")  # the banners are now cached
    page = _publish(devtable, "Upgrade at **noon**", "warning")
    assert page.status_code == 302
    assert [m.content for m in sandbox.world.messages][-1] == "Upgrade at **noon**"
    html = devtable.get("/superuser/keys/").content.decode()
    assert "Upgrade at <strong>noon</strong>" in html


def test_a_repeated_submit_publishes_one_message(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    data = {"content": "Once", "severity": "info", "media_type": "text/markdown"}
    first = devtable.post("/superuser/messages/new/", {**data, "form_token": token})
    second = devtable.post("/superuser/messages/new/", {**data, "form_token": token}, follow=True)
    assert first.status_code == 302
    assert [m.content for m in sandbox.world.messages].count("Once") == 1
    assert b"already sent" in second.content


def test_an_empty_message_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post(
        "/superuser/messages/new/",
        {"content": "   ", "severity": "info", "media_type": "text/markdown", "form_token": token},
    )
    assert page.status_code == 400
    assert b'class="field-error"' in page.content
    assert writes(sandbox) == []


def test_an_unknown_severity_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post(
        "/superuser/messages/new/",
        {"content": "x", "severity": "panic", "media_type": "text/markdown", "form_token": token},
    )
    assert page.status_code == 400
    assert writes(sandbox) == []


def test_quays_refusal_is_shown_at_the_field(
    devtable: Client, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A superuser whose rights were withdrawn since sign-in: Quay answers 403.
    sandbox.world.users["devtable"].super_user = False
    page = _publish(devtable, "Hello", "info")
    assert page.status_code == 403  # a refusal of the person
    assert b'class="field-error"' in page.content
    assert b"Quay said no" in page.content
    assert not any(m.content == "Hello" for m in sandbox.world.messages)


def test_replacing_creates_the_new_message_then_deletes_the_old_one(
    devtable: Client, sandbox: SandboxServer
) -> None:
    old = "cbd8bbc8-5527-44c0-bc8e-a420f422cc9c"
    page = devtable.get(f"{URL}?replace={old}")
    assert b"We love you, Quay customers!</textarea>" in page.content
    _publish(devtable, "We love you more", "info", replaces=old)
    contents = [m.content for m in sandbox.world.messages]
    assert "We love you more" in contents
    assert "We love you, Quay customers!" not in contents
    assert writes(sandbox)[-2:] == ["POST /api/v1/messages", f"DELETE /api/v1/message/{old}"]


def test_a_failed_second_step_of_a_replace_is_said(
    devtable: Client, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.quay.core import CoreApi
    from dashboard.quay.errors import QuayUnavailable

    def fail(self: CoreApi, uuid: str) -> None:
        raise QuayUnavailable("Quay had a problem (500)")

    monkeypatch.setattr(CoreApi, "delete_global_message", fail)
    old = "cbd8bbc8-5527-44c0-bc8e-a420f422cc9c"
    page = _publish(devtable, "New text", "info", replaces=old)
    assert page.status_code == 302
    html = devtable.get(URL).content.decode()
    assert "the old one could not be deleted" in html
    contents = [m.content for m in sandbox.world.messages]
    assert "New text" in contents and "We love you, Quay customers!" in contents


def test_deleting_removes_the_message_and_its_banner(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get("/superuser/keys/")  # cache the banners
    uuid = "01ca0d5d-59d8-44d2-ab37-9e003133d064"
    token = form_token(devtable, URL)
    page = devtable.post(f"/superuser/messages/{uuid}/delete/", {"form_token": token})
    assert page.status_code == 302
    assert all(m.uuid != uuid for m in sandbox.world.messages)
    assert b"development" not in devtable.get("/superuser/keys/").content


def test_the_delete_form_asks_first(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    assert 'data-confirm="Delete this warning message?' in html


def test_a_refused_delete_is_said(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    sandbox.world.users["devtable"].super_user = False
    page = devtable.post(
        "/superuser/messages/01ca0d5d-59d8-44d2-ab37-9e003133d064/delete/",
        {"form_token": token},
        follow=True,
    )
    assert b"The message was not deleted" in page.content
