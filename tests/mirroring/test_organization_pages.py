"""Organization mirroring, the proxy cache and the superuser's mirror health against the
sandbox: each action, Quay's refusal at its field, and the sentence (with no call) for someone
who does not administer the organization."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.api.mirroring import org_mirrors, proxy_caches
from sandbox.server import SandboxServer
from tests.conftest import issued_form_token

pytestmark = pytest.mark.django_db

PROXY = "/organization/buynlarge/proxycache/"
TITI = "/organization/titi/mirror/"
SECRET = "pr0xy-pw-5521"


def text(response: Any) -> str:
    return response.content.decode()


def page_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


# --- Proxy cache --------------------------------------------------------------------------------


def test_the_fixture_proxy_organization_shows_its_upstream_in_one_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get("/organization/proxyorg/proxycache/")
    assert "proxyorg caches" in text(page)
    assert "docker.io" in text(page)
    assert "1 day" in text(page)
    assert len(page_calls(sandbox)) == 1


def test_checking_the_connection_uses_quays_check_and_saves_nothing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = {"upstream_registry": "registry.example.com/library", "expiration_hours": "24",
            "username": "someone", "password": SECRET}  # fmt: skip
    checked = devtable.post(PROXY + "check/", form)
    html = text(checked)
    assert checked.status_code == 200
    assert "Quay reached the upstream" in html
    assert SECRET not in html
    assert "buynlarge" not in proxy_caches(sandbox.world)
    assert [c.path for c in sandbox.calls if c.method == "POST"] == [
        "/api/v1/organization/buynlarge/validateproxycache"
    ]


def test_check_and_save_sets_up_the_cache_and_the_password_never_shows(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = {"upstream_registry": "registry.example.com/library", "expiration_hours": "48",
            "username": "someone", "password": SECRET}  # fmt: skip
    saved = devtable.post(PROXY + "save/", form)
    assert saved.status_code == 302
    cache = proxy_caches(sandbox.world)["buynlarge"]
    assert (cache.upstream_registry, cache.expiration_s, cache.password) == (
        "registry.example.com/library", 48 * 3600, SECRET,
    )  # fmt: skip
    page = text(devtable.get(PROXY))
    assert "buynlarge caches" in page
    assert SECRET not in page


def test_a_failed_check_is_shown_at_the_field_and_nothing_is_saved(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = {"upstream_registry": "quay.io/someorg", "expiration_hours": "24"}
    refused = devtable.post(PROXY + "save/", form)
    assert refused.status_code == 400
    assert 'id="id_upstream_registry_error"' in text(refused)
    assert "Cannot resolve hostname" in text(refused)
    assert "buynlarge" not in proxy_caches(sandbox.world)


def test_a_password_without_a_username_is_refused_before_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    form = {"upstream_registry": "docker.io", "expiration_hours": "24", "password": SECRET}
    refused = devtable.post(PROXY + "save/", form)
    assert refused.status_code == 400
    assert SECRET not in text(refused)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_deleting_needs_the_organizations_name(devtable: Client, sandbox: SandboxServer) -> None:
    url = "/organization/proxyorg/proxycache/delete/"
    assert devtable.post(url, {"confirm": "nope"}).status_code == 400
    assert "proxyorg" in proxy_caches(sandbox.world)
    token = issued_form_token(devtable)
    assert devtable.post(url, {"confirm": "proxyorg", "form_token": token}).status_code == 302
    assert "proxyorg" not in proxy_caches(sandbox.world)


def test_a_member_who_is_not_an_administrator_reads_one_sentence_without_a_call(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    for path in (PROXY, "/organization/buynlarge/mirror/", "/organization/buynlarge/applications/"):
        page = reader.get(path)
        assert page.status_code == 200
        assert "Only administrators of buynlarge" in text(page)
    assert page_calls(sandbox) == []


def test_a_non_administrators_write_is_refused_without_a_call(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    refused = reader.post(PROXY + "save/", {"upstream_registry": "docker.io"})
    assert refused.status_code == 403
    assert page_calls(sandbox) == []


# --- Organization mirroring ---------------------------------------------------------------------


def org_form(**changes: str) -> dict[str, str]:
    form = {
        "external_registry_type": "quay",
        "external_registry_url": "https://registry.example.com",
        "external_namespace": "someorg",
        "repository_filters": "app-*, base-*",
        "robot_username": "titi+mirrorbot",
        "visibility": "private",
        "sync_interval_value": "1",
        "sync_interval_unit": "3600",
        "sync_start": "2030-01-01T00:00",
        "skopeo_timeout": "300",
        "username": "mirroruser",
        "password": SECRET,
        "verify_tls": "on",
        "is_enabled": "on",
    }
    form.update(changes)
    return form


def test_setting_up_an_organization_mirror_and_acting_on_it(
    devtable: Client, sandbox: SandboxServer
) -> None:
    assert "No organization mirror" in text(devtable.get(TITI))
    assert devtable.post(TITI + "save/", org_form()).status_code == 302
    mirror = org_mirrors(sandbox.world)["titi"]
    assert mirror.repository_filters == ["app-*", "base-*"]
    assert mirror.password == SECRET
    page = text(devtable.get(TITI))
    assert "password saved, never shown" in page
    assert SECRET not in page

    verified = text(devtable.post(TITI + "verify/"))
    assert "Quay reached the source registry" in verified
    devtable.post(TITI + "sync/")
    assert mirror.sync_status == "SYNC_NOW"
    devtable.post(TITI + "cancel/", {"form_token": issued_form_token(devtable)})
    assert mirror.sync_status == "CANCEL"
    again = devtable.post(TITI + "cancel/", {"form_token": issued_form_token(devtable)})
    assert "already cancelled" in text(again)
    devtable.post(TITI + "enable/", {"enabled": "false"})
    assert mirror.is_enabled is False
    assert (
        devtable.post(
            TITI + "delete/", {"form_token": issued_form_token(devtable), "confirm": "x"}
        ).status_code
        == 400
    )
    devtable.post(TITI + "delete/", {"form_token": issued_form_token(devtable), "confirm": "titi"})
    assert "titi" not in org_mirrors(sandbox.world)


def test_quay_refuses_mirroring_an_organization_with_repositories_at_the_field(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = org_form(robot_username="buynlarge+coolrobot")
    refused = devtable.post("/organization/buynlarge/mirror/save/", form)
    assert refused.status_code == 400
    assert "requires an empty organization" in text(refused)
    assert 'id="id_external_namespace_error"' in text(refused)
    assert SECRET not in text(refused)


# --- Mirror health ------------------------------------------------------------------------------


def test_the_superuser_sees_mirror_health_across_the_installation(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = text(devtable.get("/superuser/mirrors/"))
    assert "Mirrored repositories" in page
    assert "devtable/mirrored" in page
    assert "has never been synced" in page
    assert len(page_calls(sandbox)) == 1


def test_mirror_health_is_for_superusers(freshuser: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    assert freshuser.get("/superuser/mirrors/").status_code == 403
    assert page_calls(sandbox) == []


def test_a_quay_without_organization_mirroring_is_said_in_one_line(
    devtable: Client, sandbox: SandboxServer
) -> None:
    # Quay answers 404 where it has no such endpoint; the sandbox does so for a missing
    # organization, which stands in for it here.
    refused = devtable.post(
        "/organization/nosuchorg/mirror/save/", org_form(robot_username="nosuchorg+bot")
    )
    assert refused.status_code == 400
    assert "This Quay has no organization mirroring" in text(refused)
