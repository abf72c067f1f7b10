"""Creating an organization, its settings (e-mail, time machine, rename, deletion), removing a
member, changing a default permission in place and turning off team sync, against the sandbox:
each action, its refusal for a role that may not, and the checks made before any call."""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard.quay.errors import QuayPermissionDenied
from dashboard.quay.organizations import OrganizationsApi, TeamMembers
from dashboard.quay.superuser import SuperuserApi
from sandbox.api.account import state
from sandbox.server import SandboxServer
from tests.conftest import form_token, htmx, issued_form_token

pytestmark = pytest.mark.django_db


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]


# --- Creating -----------------------------------------------------------------------------


def test_the_list_offers_creation_to_a_user_admin_sign_in(devtable: Client) -> None:
    assert 'action="/organizations/new/"' in text(devtable.get("/organization/"))


def test_no_creation_form_without_user_admin(reader: Client) -> None:
    assert 'action="/organizations/new/"' not in text(reader.get("/organization/"))


def test_creating_an_organization_lands_on_it_and_lists_it(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post("/organizations/new/", {"name": "newco", "email": "ops@newco.io"})
    assert response.status_code == 302
    assert response["Location"] == "/organization/newco/"
    assert "newco" in sandbox.world.organizations
    assert sandbox.world.is_org_admin("devtable", "newco")
    assert 'href="/organization/newco/"' in text(devtable.get("/organization/"))


def test_a_name_against_quays_rule_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post("/organizations/new/", {"name": "New_Co!"})
    assert response.status_code == 400
    assert "Use lowercase letters and digits" in text(response)
    assert writes(sandbox) == []


def test_a_bad_email_is_refused_before_any_call(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = devtable.post("/organizations/new/", {"name": "newco", "email": "nope"})
    assert response.status_code == 400
    assert 'id="org-email-error"' in text(response)
    assert writes(sandbox) == []


def test_a_taken_name_shows_quays_message_at_the_name(devtable: Client) -> None:
    response = devtable.post("/organizations/new/", {"name": "buynlarge"})
    assert response.status_code == 400
    assert "A user or organization with this name already exists" in text(response)


def test_quay_refuses_creation_without_user_admin(reader: Client) -> None:
    response = reader.post("/organizations/new/", {"name": "readerco"})
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)


# --- Settings -----------------------------------------------------------------------------


def test_settings_show_email_and_expiration_to_an_admin(devtable: Client) -> None:
    page = devtable.get("/organization/buynlarge/settings/")
    html = text(page)
    assert page.status_code == 200
    assert 'value="quay@devtable.com"' in html
    assert 'name="expiration_days" min="0" max="3650" value="14"' in html
    assert "Delete organization" in html
    assert "Rename" in html  # devtable is a superuser


def test_an_admin_changes_email_and_expiration(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/buynlarge/settings/details/",
        {
            "email": "team@buynlarge.example",
            "current_email": "quay@devtable.com",
            "expiration_days": "30",
            "current_expiration_days": "14",
        },
    )
    assert response.status_code == 302
    org = sandbox.world.organizations["buynlarge"]
    assert (org.email, org.tag_expiration_s) == ("team@buynlarge.example", 30 * 86400)


def test_a_negative_expiration_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/organization/buynlarge/settings/details/",
        {"expiration_days": "-1", "current_expiration_days": "14"},
    )
    assert response.status_code == 400
    assert "whole number of days" in text(response)
    assert writes(sandbox) == []


def test_a_member_who_is_not_admin_gets_no_forms(reader: Client) -> None:
    page = reader.get("/organization/buynlarge/settings/")
    assert "Only administrators of buynlarge" in text(page)
    assert 'name="action"' not in text(page)


def test_quay_refuses_a_non_admins_change(freshuser: Client) -> None:
    response = freshuser.post(
        "/organization/buynlarge/settings/details/",
        {"email": "x@example.com", "current_email": ""},
    )
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)


def test_a_superuser_refused_an_admins_change_reads_about_the_feature_switch(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sandbox, like a Quay with FEATURE_SUPERUSERS_FULL_ACCESS, lets a superuser in: the
    # refusal of a Quay without it is Quay's 403.
    def refuse(self: object, orgname: str, **changes: object) -> None:
        raise QuayPermissionDenied("Unauthorized", error_type="insufficient_scope")

    monkeypatch.setattr(SuperuserApi, "change_organization_details_as_superuser", refuse)
    response = devtable.post(
        "/organization/buynlarge/settings/details/",
        {"email": "x@example.com", "current_email": ""},
    )
    assert response.status_code == 403  # a refusal of the person
    assert "FEATURE_SUPERUSERS_FULL_ACCESS" in text(response)


def test_a_superuser_renames_an_organization(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post("/organization/sellnsmall/settings/rename/", {"new_name": "sellbig"})
    assert response.status_code == 302
    assert response["Location"] == "/organization/sellbig/settings/"
    assert "sellbig" in sandbox.world.organizations
    assert 'href="/organization/sellbig/"' in text(devtable.get("/organization/"))


def test_a_rename_against_quays_rule_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post("/organization/sellnsmall/settings/rename/", {"new_name": "Sell Big"})
    assert response.status_code == 400
    assert writes(sandbox) == []


def test_a_non_superuser_cannot_rename(freshuser: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = freshuser.post("/organization/buynlarge/settings/rename/", {"new_name": "other"})
    assert response.status_code == 400
    assert "Only a superuser can rename" in text(response)
    assert writes(sandbox) == []


def test_deleting_needs_the_typed_name(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = devtable.post("/organization/buynlarge/settings/delete/", {"confirm": "buynlarg"})
    assert response.status_code == 400
    assert "Type buynlarge to delete it." in text(response)
    assert writes(sandbox) == []


def test_deleting_an_organization_says_what_goes_and_removes_it(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = text(devtable.get("/organization/buynlarge/settings/"))
    assert "every repository" in page
    assert "robot accounts" in page
    token = form_token(devtable, "/organization/buynlarge/settings/")
    response = devtable.post(
        "/organization/buynlarge/settings/delete/", {"confirm": "buynlarge", "form_token": token}
    )
    assert response.status_code == 302
    assert "buynlarge" not in sandbox.world.organizations
    assert ("buynlarge", "orgrepo") not in sandbox.world.repositories
    assert 'href="/organization/buynlarge/"' not in text(devtable.get("/organization/"))


def test_quay_refuses_deletion_to_a_non_admin(freshuser: Client, sandbox: SandboxServer) -> None:
    token = issued_form_token(freshuser)
    response = freshuser.post(
        "/organization/buynlarge/settings/delete/", {"confirm": "buynlarge", "form_token": token}
    )
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)
    assert "buynlarge" in sandbox.world.organizations


# --- Members ------------------------------------------------------------------------------


def test_members_are_listed_with_their_teams_and_a_confirmation_naming_them(
    devtable: Client,
) -> None:
    html = text(htmx(devtable, "/organization/buynlarge/?view=members"))
    assert 'action="/organization/buynlarge/members/reader/remove/"' in html
    assert "Remove reader from buynlarge? They leave the team readers" in html


def test_removing_a_member_takes_them_out_of_every_team(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        "/organization/buynlarge/members/creator/remove/",
        {"form_token": issued_form_token(devtable), "teams": "creators"},
        follow=True,
    )
    assert "creator is no longer a member of buynlarge (left creators)." in text(response)
    assert not sandbox.world.is_org_member("creator", "buynlarge")


def test_the_only_admin_cannot_be_removed(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/sellnsmall/members/devtable/remove/",
        {"form_token": issued_form_token(devtable)},
        follow=True,
    )
    assert "only organization admin" in text(response)
    assert sandbox.world.is_org_member("devtable", "sellnsmall")


def test_quay_refuses_member_removal_to_a_non_admin(reader: Client, sandbox: SandboxServer) -> None:
    response = reader.post(
        "/organization/buynlarge/members/public/remove/",
        {"form_token": issued_form_token(reader)},
        follow=True,
    )
    assert "public was not removed. Quay said no" in text(response)
    assert sandbox.world.is_org_member("public", "buynlarge")


# --- Default permissions ------------------------------------------------------------------

PROTOTYPE = "0aac273e-7222-480f-9a13-0cfbfcac473e"


def test_a_default_permissions_role_changes_in_place(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        f"/organization/buynlarge/prototypes/{PROTOTYPE}/role/",
        {"role": "write", "delegate": "public"},
        follow=True,
    )
    assert "New repositories now give public write." in text(response)
    assert writes(sandbox) == [f"PUT /api/v1/organization/buynlarge/prototypes/{PROTOTYPE}"]
    prototype = sandbox.world.organizations["buynlarge"].prototypes[0]
    assert (prototype.id, prototype.role) == (PROTOTYPE, "write")


def test_an_unknown_role_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        f"/organization/buynlarge/prototypes/{PROTOTYPE}/role/", {"role": "owner"}, follow=True
    )
    assert "Choose read, write or admin." in text(response)
    assert writes(sandbox) == []


def test_quay_refuses_a_prototype_change_to_a_non_admin(reader: Client) -> None:
    response = reader.post(
        f"/organization/buynlarge/prototypes/{PROTOTYPE}/role/", {"role": "admin"}, follow=True
    )
    assert "Quay said no" in text(response)


# --- Team sync ----------------------------------------------------------------------------


def test_a_synced_team_says_from_what_and_offers_to_turn_it_off(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = OrganizationsApi.get_organization_team_members

    def synced(self: OrganizationsApi, orgname: str, teamname: str) -> TeamMembers:
        found = original(self, orgname, teamname)
        return TeamMembers(
            found.name,
            found.members,
            found.can_edit,
            synced_service="ldap",
            synced_config={"group_dn": "cn=devs"},
            can_sync=True,
        )

    monkeypatch.setattr(OrganizationsApi, "get_organization_team_members", synced)
    html = text(devtable.get("/organization/buynlarge/teams/synced/"))
    assert "Synced from <strong>ldap</strong>" in html
    assert "cn=devs" in html
    assert 'action="/organization/buynlarge/teams/synced/sync/disable/"' in html


def test_a_team_quay_does_not_report_as_synced_shows_no_sync(devtable: Client) -> None:
    assert "Synced from" not in text(devtable.get("/organization/buynlarge/teams/synced/"))


def test_turning_off_sync(devtable: Client, sandbox: SandboxServer) -> None:
    state(sandbox.world).synced_teams.add(("buynlarge", "synced"))
    response = devtable.post(
        "/organization/buynlarge/teams/synced/sync/disable/",
        {"form_token": issued_form_token(devtable)},
        follow=True,
    )
    assert "synced no longer follows its group" in text(response)
    assert not state(sandbox.world).synced_teams


def test_turning_off_sync_is_refused_without_superuser(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    state(sandbox.world).synced_teams.add(("buynlarge", "synced"))
    response = freshuser.post(
        "/organization/buynlarge/teams/synced/sync/disable/",
        {"form_token": issued_form_token(freshuser)},
        follow=True,
    )
    assert "Quay said no" in text(response)
    assert state(sandbox.world).synced_teams
