"""The mirror page of a repository against the sandbox: set up (after the switch to mirror
state), change, enable and disable, sync now and cancel, the status poll that stops when the
sync ends, the history, and what a reader or a non-admin sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.api.mirroring import repo_mirrors
from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

MIRRORED = "/repository/devtable/mirrored/mirror/"
SIMPLE = "/repository/devtable/simple/mirror/"
SECRET = "s3cret-mirror-pw-7781"


def text(response: Any) -> str:
    return response.content.decode()


def page_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def setup_form(**changes: str) -> dict[str, str]:
    form = {
        "external_reference": "registry.example.com/coreos/etcd",
        "tag_patterns": "latest, v3.5*",
        "robot_username": "devtable+dtrobot",
        "sync_interval_value": "1",
        "sync_interval_unit": "86400",
        "sync_start": "2030-01-01T00:00",
        "skopeo_timeout_interval": "300",
        "username": "mirroruser",
        "password": SECRET,
        "verify_tls": "on",
        "is_enabled": "on",
    }
    form.update(changes)
    return form


def test_the_fixture_mirror_shows_its_settings_in_two_calls(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get(MIRRORED)
    html = text(page)
    assert page.status_code == 200
    assert "quay.io/coreos/etcd" in html
    assert "devtable+dtrobot" in html
    assert "Never synced" in html
    assert "fakeusername" in html
    assert "fakepassword" not in html
    assert len(page_calls(sandbox)) <= 2


def test_a_normal_repository_is_offered_the_switch_with_quays_rule(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = devtable.get(SIMPLE)
    html = text(page)
    assert "switch this repository to mirror state" in html
    assert "only the mirror&#x27;s robot writes" in html
    assert "Set up the mirror" not in html


def test_switching_to_mirror_state_then_setting_up_the_mirror(
    devtable: Client, sandbox: SandboxServer
) -> None:
    switched = devtable.post(SIMPLE + "state/", {"state": "MIRROR"})
    assert switched.status_code == 302
    assert sandbox.world.repositories[("devtable", "simple")].state == "MIRROR"
    assert "Set up the mirror" in text(devtable.get(SIMPLE))

    saved = devtable.post(SIMPLE + "save/", setup_form())
    assert saved.status_code == 302
    mirror = repo_mirrors(sandbox.world)[("devtable", "simple")]
    assert mirror.external_reference == "registry.example.com/coreos/etcd"
    assert mirror.root_rule == ["latest", "v3.5*"]
    assert mirror.password == SECRET
    assert mirror.sync_interval == 86400
    page = text(devtable.get(SIMPLE))
    assert "registry.example.com/coreos/etcd" in page
    assert SECRET not in page


def test_a_robot_of_another_namespace_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.world.repositories[("devtable", "simple")].state = "MIRROR"
    sandbox.clear_calls()
    refused = devtable.post(SIMPLE + "save/", setup_form(robot_username="buynlarge+coolrobot"))
    assert refused.status_code == 400
    assert "robot of this namespace" in text(refused)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_quays_refusal_shows_at_the_field_without_the_echoed_password(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.world.repositories[("devtable", "simple")].state = "MIRROR"
    refused = devtable.post(SIMPLE + "save/", setup_form(external_reference="quay.io/coreos/etcd"))
    html = text(refused)
    assert refused.status_code == 400
    assert "Cannot resolve hostname" in html
    assert 'id="id_external_reference_error"' in html
    assert SECRET not in html


def test_a_schema_refusal_that_echoes_the_body_is_cut_to_its_first_line(
    devtable: Client, sandbox: SandboxServer
) -> None:
    """Quay quotes the whole request body (password included) after its reason."""
    from dashboard.accounts.tokens import quay_client_for  # noqa: F401  (the client path)
    from dashboard.quay.client import QuayClient
    from dashboard.quay.errors import QuayBadRequest
    from sandbox.world import DEMO_TOKENS

    sandbox.world.repositories[("devtable", "simple")].state = "MIRROR"
    client = QuayClient(sandbox.url, DEMO_TOKENS["devtable"])
    body = {"external_reference": "registry.example.com/a/b", "external_registry_password": SECRET}
    with pytest.raises(QuayBadRequest) as refusal:
        client.create_repo_mirror("devtable", "simple", body)
    assert refusal.value.message == "'sync_interval' is a required property"
    assert SECRET not in str(refusal.value)


def test_sync_now_then_the_status_polls_until_the_sync_ends(
    devtable: Client, sandbox: SandboxServer
) -> None:
    assert devtable.post(MIRRORED + "sync/").status_code == 302
    page = text(devtable.get(MIRRORED))
    assert "Sync requested" in page
    assert 'hx-trigger="every 2s"' in page

    sandbox.clear_calls()
    syncing = htmx(devtable, MIRRORED + "status/")
    assert "Syncing" in text(syncing)
    assert 'hx-trigger="every' in text(syncing)
    assert "Cancel sync" in text(syncing)
    assert len(page_calls(sandbox)) == 1

    done = text(htmx(devtable, MIRRORED + "status/"))
    assert "Synced" in done
    assert 'hx-trigger="every' not in done
    assert "Sync now" in done


def test_cancel_stops_a_requested_sync(devtable: Client, sandbox: SandboxServer) -> None:
    devtable.post(MIRRORED + "sync/")
    assert (
        devtable.post(MIRRORED + "cancel/", {"form_token": issued_form_token(devtable)}).status_code
        == 302
    )
    assert repo_mirrors(sandbox.world)[("devtable", "mirrored")].sync_status == "CANCEL"
    again = devtable.post(MIRRORED + "cancel/", {"form_token": issued_form_token(devtable)})
    assert again.status_code == 400
    assert "Quay refused" in text(again)


def test_disable_and_enable(devtable: Client, sandbox: SandboxServer) -> None:
    devtable.post(MIRRORED + "enable/", {"enabled": "false"})
    assert repo_mirrors(sandbox.world)[("devtable", "mirrored")].is_enabled is False
    assert "Enable mirroring" in text(devtable.get(MIRRORED))
    devtable.post(MIRRORED + "enable/", {"enabled": "true"})
    assert repo_mirrors(sandbox.world)[("devtable", "mirrored")].is_enabled is True


def test_a_change_sends_only_what_changed_and_keeps_the_saved_password(
    devtable: Client, sandbox: SandboxServer
) -> None:
    form = setup_form(
        external_reference="quay.io/coreos/etcd",
        tag_patterns="latest, 3.3*",
        username="fakeusername",
        password="",
        sync_interval_value="6",
        sync_interval_unit="3600",
        skopeo_timeout_interval="600",
    )
    # The fixture's next sync, as the form shows it.
    mirror = repo_mirrors(sandbox.world)[("devtable", "mirrored")]
    from datetime import UTC, datetime

    form["sync_start"] = datetime.fromtimestamp(mirror.sync_start, UTC).strftime("%Y-%m-%dT%H:%M")
    sandbox.clear_calls()
    changed = devtable.post(MIRRORED + "save/", form)
    assert changed.status_code == 302
    assert mirror.sync_interval == 6 * 3600
    assert mirror.password == "fakepassword"
    puts = [c for c in sandbox.calls if c.method == "PUT"]
    assert len(puts) == 1


def test_the_history_lists_the_mirrors_log_entries(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.post(MIRRORED + "sync/")
    devtable.post(MIRRORED + "enable/", {"enabled": "false"})
    sandbox.clear_calls()
    history = text(htmx(devtable, MIRRORED + "history/"))
    assert "Sync now requested" in history, history
    assert "Disabled" in history, history
    assert len(page_calls(sandbox)) == 1, page_calls(sandbox)


def test_a_reader_reads_one_sentence_and_no_mirror_call_is_made(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = reader.get("/repository/buynlarge/orgrepo/mirror/")
    assert page.status_code == 200
    assert "Only administrators of buynlarge/orgrepo" in text(page)
    assert all(c.status < 400 for c in sandbox.calls)
    assert not [c for c in sandbox.calls if c.path.endswith("/mirror")]


def test_the_repository_tabs_offer_mirroring_to_an_administrator(devtable: Client) -> None:
    assert 'href="/repository/devtable/simple/mirror/"' in text(
        devtable.get("/repository/devtable/simple/")
    )
