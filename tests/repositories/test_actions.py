"""Every write of the repository pages: what it does, and how a refusal is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from dashboard.web import clock
from sandbox.server import SandboxServer
from sandbox.world import Repository
from tests.conftest import form_token, issued_form_token


class LATER:
    """A moment half a year ahead, to the minute, as the expiration input takes it."""

    moment = (clock.now() + timedelta(days=180)).replace(second=0, microsecond=0)
    input = moment.strftime("%Y-%m-%dT%H:%M")
    shown = moment.strftime("%Y-%m-%d %H:%M")
    epoch = int(moment.timestamp())


pytestmark = pytest.mark.django_db

SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"
SIMPLE_PROD = "sha256:ff0915f2fe217de6f2cbb328cb21a3d9756804fe15d46335a5b79147ae60d3f9"
TAGS = "/repository/devtable/simple/tags/"


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]


def simple(sandbox: SandboxServer) -> Repository:
    repo = sandbox.world.repository("devtable", "simple")
    assert repo is not None
    return repo


def live_tags(repo: Repository) -> dict[str, str]:
    return {t.name: t.manifest_digest for t in repo.tags if t.end_ts is None}


def followed(client: Client, url: str, data: dict[str, object]) -> str:
    """A form sent from its page, with the page's form token (a destructive one needs it)."""
    sent = {"form_token": issued_form_token(client), **data}
    return client.post(url, sent, follow=True).content.decode()


# --- Create, star ----------------------------------------------------------------------------


def test_creating_a_repository_goes_to_its_overview(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        "/repository/new/",
        {
            "namespace": "buynlarge",
            "name": "newrepo",
            "visibility": "public",
            "description": "*hi*",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/repository/buynlarge/newrepo/"
    created = sandbox.world.repository("buynlarge", "newrepo")
    assert created is not None and created.is_public and created.description == "*hi*"


def test_quays_refusal_of_a_duplicate_is_shown_at_the_name(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        "/repository/new/",
        {"namespace": "devtable", "name": "simple", "visibility": "private"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    error = '<p class="field-error" id="id_name_error" role="alert">Repository already exists</p>'
    assert error in html


def test_a_bad_repository_name_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/repository/new/", {"namespace": "devtable", "name": "Bad/Name", "visibility": "private"}
    )
    assert response.status_code == 400
    assert b"Use lowercase letters" in response.content
    assert writes(sandbox) == []


def test_a_namespace_where_one_may_not_create_is_not_offered(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    page = freshuser.get("/repository/new/").content.decode()
    assert '<option value="buynlarge"' not in page
    sandbox.clear_calls()
    response = freshuser.post(
        "/repository/new/", {"namespace": "buynlarge", "name": "x", "visibility": "private"}
    )
    assert response.status_code == 400 and writes(sandbox) == []


def test_starring_and_unstarring_swap_the_button(devtable: Client, sandbox: SandboxServer) -> None:
    star = devtable.post(
        "/repository/devtable/complex/star/", {"star": "1"}, headers={"HX-Request": "true"}
    )
    assert b'aria-label="Unstar devtable/complex"' in star.content
    assert "devtable" in sandbox.world.repositories[("devtable", "complex")].starred_by
    unstar = devtable.post(
        "/repository/devtable/complex/star/", {"star": "0"}, headers={"HX-Request": "true"}
    )
    assert b'aria-label="Star devtable/complex"' in unstar.content
    assert "devtable" not in sandbox.world.repositories[("devtable", "complex")].starred_by


def test_star_without_javascript_returns_to_the_list(devtable: Client) -> None:
    response = devtable.post("/repository/devtable/complex/star/", {"star": "1"})
    assert response.status_code == 302 and response["Location"] == "/repository/"


# --- Tags ------------------------------------------------------------------------------------


def test_adding_a_tag_points_it_at_the_digest(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, TAGS + "add/", {"tag": "release", "digest": SIMPLE_LATEST})
    assert "Tag release now points at" in html
    assert live_tags(simple(sandbox))["release"] == SIMPLE_LATEST
    assert '<th scope="row" class="tag-name">release</th>' in html


def test_moving_a_tag_keeps_the_old_digest_in_history(
    devtable: Client, sandbox: SandboxServer
) -> None:
    followed(devtable, TAGS + "add/", {"tag": "prod", "digest": SIMPLE_LATEST})
    assert live_tags(simple(sandbox))["prod"] == SIMPLE_LATEST
    history = devtable.get(TAGS + "history/").content.decode()
    assert f'value="{SIMPLE_PROD}"' in history  # restorable


def test_a_tag_for_an_unknown_digest_shows_quays_answer(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = followed(devtable, TAGS + "add/", {"tag": "x", "digest": "sha256:" + "1" * 64})
    assert "Could not point x at" in html and "Quay refused: Not Found" in html


def test_a_bad_tag_name_or_digest_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = followed(devtable, TAGS + "add/", {"tag": "-bad", "digest": "sha256:xyz"})
    assert "Nothing was changed" in html and "A digest is sha256:" in html
    assert writes(sandbox) == []


def test_setting_and_clearing_an_expiration(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, TAGS + "latest/expiration/", {"expiration": LATER.input})
    assert f"Tag latest expires on {LATER.shown} UTC." in html
    tag = next(t for t in simple(sandbox).tags if t.name == "latest")
    assert tag.end_ts == LATER.epoch
    html = followed(devtable, TAGS + "latest/expiration/", {"clear": "1"})
    assert "Tag latest no longer expires." in html and tag.end_ts is None


def test_the_expiration_page_shows_the_current_value(devtable: Client) -> None:
    followed(devtable, TAGS + "latest/expiration/", {"expiration": LATER.input})
    html = devtable.get(TAGS + "latest/expiration/").content.decode()
    assert "Expires on" in html and "Clear expiration" in html
    assert devtable.get(TAGS + "nosuchtag/expiration/").status_code == 404


def test_an_expiration_in_the_past_is_a_field_error_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(TAGS + "latest/expiration/", {"expiration": "2001-01-01T00:00"})
    assert response.status_code == 400
    assert b"The expiration must be in the future." in response.content
    assert writes(sandbox) == []


def test_deleting_a_tag(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, TAGS + "prod/delete/", {"next": TAGS + "?filter=pro"})
    assert "Deleted tag prod." in html
    assert "prod" not in live_tags(simple(sandbox))


def test_a_refused_delete_shows_quays_reason(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, "/repository/devtable/readonly/tags/latest/delete/", {})
    assert "Could not delete latest." in html
    assert "Repository is in read only or mirror mode: READ_ONLY" in html


def test_a_reader_is_refused_by_quay(reader: Client, sandbox: SandboxServer) -> None:
    html = followed(reader, "/repository/buynlarge/orgrepo/tags/prod/delete/", {})
    assert "Quay said no" in html
    repo = sandbox.world.repository("buynlarge", "orgrepo")
    assert repo is not None and "prod" in live_tags(repo)


def test_a_next_outside_the_dashboard_is_ignored(devtable: Client) -> None:
    token = issued_form_token(devtable)
    response = devtable.post(
        TAGS + "prod/delete/", {"next": "https://evil.example/", "form_token": token}
    )
    assert response["Location"] == TAGS


def test_bulk_delete_reports_a_result_for_every_tag(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = followed(
        devtable,
        TAGS + "bulk/",
        {"action": "delete", "tags": ["prod", "latest", "ghost"]},
    )
    assert "3 selected, 2 deleted, 1 failed: ghost: Not Found" in html
    assert live_tags(simple(sandbox)) == {}


def test_bulk_delete_of_all_succeeding(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, TAGS + "bulk/", {"action": "delete", "tags": ["prod", "latest"]})
    assert "2 selected, 2 deleted." in html


def test_bulk_expiration_sets_every_selected_tag(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(
        devtable,
        TAGS + "bulk/",
        {"action": "expire", "tags": ["prod", "latest"], "expiration": LATER.input},
    )
    assert "2 selected, 2 updated." in html
    assert {t.end_ts for t in simple(sandbox).tags} == {LATER.epoch}


def test_bulk_without_a_selection_calls_nobody(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    html = followed(devtable, TAGS + "bulk/", {"action": "delete"})
    assert "Select at least one tag." in html and writes(sandbox) == []


def test_restoring_a_tag_from_history(devtable: Client, sandbox: SandboxServer) -> None:
    old = "sha256:fa704b6f22cdb04ccf9ce0a068234e1d4af1cc87e745783246850e3cb1abbb58"
    html = followed(devtable, "/repository/devtable/history/tags/latest/restore/", {"digest": old})
    assert "Restored tag latest to" in html
    repo = sandbox.world.repository("devtable", "history")
    assert repo is not None and live_tags(repo)["latest"] == old


def test_restoring_to_a_digest_the_tag_never_had_shows_quays_reason(devtable: Client) -> None:
    html = followed(
        devtable, "/repository/devtable/history/tags/latest/restore/", {"digest": SIMPLE_LATEST}
    )
    assert "Cannot restore tag to the given manifest" in html


# --- Labels ----------------------------------------------------------------------------------


def test_adding_and_deleting_a_label(devtable: Client, sandbox: SandboxServer) -> None:
    url = f"/repository/devtable/simple/manifest/{SIMPLE_LATEST}/labels/"
    html = followed(
        devtable, url, {"key": "team.owner", "value": "ops", "media_type": "text/plain"}
    )
    assert "Added label team.owner." in html and "<code>team.owner</code>" in html
    manifest = simple(sandbox).manifests[SIMPLE_LATEST]
    label = next(lb for lb in manifest.labels if lb.key == "team.owner")
    html = followed(devtable, f"{url}{label.id}/delete/", {})
    assert "Deleted the label." in html and label not in manifest.labels


def test_a_bad_label_is_refused_before_any_call(devtable: Client, sandbox: SandboxServer) -> None:
    url = f"/repository/devtable/simple/manifest/{SIMPLE_LATEST}/labels/"
    sandbox.clear_calls()
    html = followed(
        devtable, url, {"key": "com.docker.x", "value": "1", "media_type": "text/plain"}
    )
    assert "reserved" in html
    html = followed(devtable, url, {"key": "Bad Key", "value": "1", "media_type": "text/plain"})
    assert "Lowercase letters" in html
    html = followed(devtable, url, {"key": "j", "value": "{no", "media_type": "application/json"})
    assert "not valid JSON" in html
    assert writes(sandbox) == []


def test_quays_refusal_of_a_label_is_shown_at_the_key(
    reader: Client, sandbox: SandboxServer
) -> None:
    repo = sandbox.world.repository("buynlarge", "orgrepo")
    assert repo is not None
    digest = repo.tags[0].manifest_digest
    before = list(repo.manifests[digest].labels)
    response = reader.post(
        f"/repository/buynlarge/orgrepo/manifest/{digest}/labels/",
        {"key": "team", "value": "ops", "media_type": "text/plain"},
    )
    # A refusal of the person is 403, a rejected value 400.
    assert response.status_code == 403
    assert b'id="id_label_key-error">Quay said no: Unauthorized' in response.content
    assert repo.manifests[digest].labels == before


def test_deleting_a_read_only_label_shows_quays_reason(
    devtable: Client, sandbox: SandboxServer
) -> None:
    manifest = simple(sandbox).manifests[SIMPLE_LATEST]
    label = next(lb for lb in manifest.labels if lb.source_type != "api")
    url = f"/repository/devtable/simple/manifest/{SIMPLE_LATEST}/labels/{label.id}/delete/"
    html = followed(devtable, url, {})
    assert "Cannot delete read-only label" in html and label in manifest.labels


# --- Settings --------------------------------------------------------------------------------

SETTINGS = "/repository/devtable/simple/settings/"


def test_saving_the_description(devtable: Client, sandbox: SandboxServer) -> None:
    html = followed(devtable, SETTINGS + "description/", {"description": "# New"})
    assert "Saved the description." in html
    assert simple(sandbox).description == "# New"


def test_changing_visibility_and_state(devtable: Client, sandbox: SandboxServer) -> None:
    assert "Changed the visibility." in followed(
        devtable, SETTINGS + "visibility/", {"visibility": "public"}
    )
    assert "Changed the state." in followed(devtable, SETTINGS + "state/", {"state": "READ_ONLY"})
    assert simple(sandbox).is_public and simple(sandbox).state == "READ_ONLY"


def test_an_unknown_state_is_a_field_error_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(SETTINGS + "state/", {"state": "BROKEN"})
    assert response.status_code == 400 and b"Select a valid choice" in response.content
    assert writes(sandbox) == []


def test_deleting_needs_the_full_name(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = devtable.post(SETTINGS + "delete/", {"confirm": "simple"})
    assert response.status_code == 400 and b"Type devtable/simple to confirm." in response.content
    assert writes(sandbox) == []
    token = form_token(devtable, SETTINGS)
    response = devtable.post(
        SETTINGS + "delete/", {"confirm": "devtable/simple", "form_token": token}
    )
    assert response["Location"] == "/repository/?namespace=devtable"
    assert sandbox.world.repository("devtable", "simple") is None


def test_a_settings_write_quay_refuses_shows_the_reason_at_the_field(
    reader: Client, sandbox: SandboxServer
) -> None:
    response = reader.post(
        "/repository/buynlarge/orgrepo/settings/visibility/", {"visibility": "public"}
    )
    assert response.status_code == 403 and b"Quay said no" in response.content
