"""Credentials go one way. After a mirror's or a proxy cache's password is saved, and after an
application's client secret and a generated token have had their one showing, no page or
fragment of Quayside contains any of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

MIRROR_PASSWORD = "mirror-pw-0a1b2c"
ORG_MIRROR_PASSWORD = "org-mirror-pw-3d4e5f"
PROXY_PASSWORD = "proxy-pw-6a7b8c"

PAGES = (
    "/repository/devtable/simple/",
    "/repository/devtable/simple/mirror/",
    "/repository/devtable/simple/settings/",
    "/repository/devtable/simple/logs/",
    "/repository/devtable/building/triggers/",
    "/organization/buynlarge/",
    "/organization/buynlarge/proxycache/",
    "/organization/buynlarge/applications/",
    "/organization/buynlarge/applications/deadbeef/",
    "/organization/buynlarge/applications/quayside/",
    "/organization/buynlarge/logs/",
    "/organization/titi/mirror/",
    "/organization/titi/logs/",
    "/superuser/mirrors/",
)
FRAGMENTS = (
    "/repository/devtable/simple/mirror/status/",
    "/repository/devtable/simple/mirror/history/",
)


def text(response: Any) -> str:
    return response.content.decode()


def test_no_page_or_fragment_shows_a_saved_password_or_a_secret_after_its_one_showing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.world.repositories[("devtable", "simple")].state = "MIRROR"
    assert devtable.post("/repository/devtable/simple/mirror/save/", {
        "external_reference": "registry.example.com/a/b", "tag_patterns": "latest",
        "robot_username": "devtable+dtrobot", "sync_interval_value": "1",
        "sync_interval_unit": "3600", "sync_start": "2030-01-01T00:00",
        "skopeo_timeout_interval": "300", "username": "u", "password": MIRROR_PASSWORD,
        "is_enabled": "on",
    }).status_code == 302  # fmt: skip
    devtable.post("/repository/devtable/simple/mirror/sync/")
    assert devtable.post("/organization/titi/mirror/save/", {
        "external_registry_type": "quay", "external_registry_url": "https://registry.example.com",
        "external_namespace": "x", "robot_username": "titi+mirrorbot", "visibility": "private",
        "sync_interval_value": "1", "sync_interval_unit": "3600",
        "sync_start": "2030-01-01T00:00", "skopeo_timeout": "300", "username": "u",
        "password": ORG_MIRROR_PASSWORD,
    }).status_code == 302  # fmt: skip
    assert devtable.post("/organization/buynlarge/proxycache/save/", {
        "upstream_registry": "registry.example.com", "expiration_hours": "24", "username": "u",
        "password": PROXY_PASSWORD,
    }).status_code == 302  # fmt: skip
    created = devtable.post("/organization/buynlarge/applications/quayside/create/")
    app = next(
        a for a in sandbox.world.organizations["buynlarge"].applications.values()
        if a.name == "Quayside"
    )  # fmt: skip
    assert app.client_secret in text(created)
    reset = devtable.post(
        "/organization/buynlarge/applications/deadbeef/secret/",
        {"form_token": issued_form_token(devtable)},
    )
    deadbeef_secret = sandbox.world.organizations["buynlarge"].applications["deadbeef"]
    assert deadbeef_secret.client_secret in text(reset)
    generated = devtable.post(
        "/organization/buynlarge/applications/deadbeef/tokens/new/",
        {"token-name": "once", "token-scopes": ["repo:read"]},
    )
    token = next(g.token for g in sandbox.world.access_tokens.values() if g.title == "once")
    assert token in text(generated)

    secrets = (MIRROR_PASSWORD, ORG_MIRROR_PASSWORD, PROXY_PASSWORD, app.client_secret,
               deadbeef_secret.client_secret, token)  # fmt: skip
    answers = [(path, devtable.get(path)) for path in PAGES]
    answers += [(path, htmx(devtable, path)) for path in FRAGMENTS]
    assert [path for path, answer in answers if answer.status_code != 200] == []
    for path, html in ((path, text(answer)) for path, answer in answers):
        for secret in secrets:
            assert secret not in html, path
