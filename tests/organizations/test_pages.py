"""Organization, team, robot and permission pages against the sandbox: each action's success
and Quay's refusal, and validation before any call."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dashboard.organizations.views import OVERVIEW_PARTS
from sandbox.server import SandboxServer
from tests.conftest import form_token, htmx, issued_form_token

pytestmark = pytest.mark.django_db

ORG = "/organization/buynlarge/"


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def page_calls(sandbox: SandboxServer) -> list[str]:
    """The calls a page made for itself (the banners' global messages are shared and cached)."""
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]


# --- /organization/ ---------------------------------------------------------------------


def test_the_organization_list_comes_from_the_profile_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get("/organization/")
    assert page.status_code == 200
    assert 'href="/organization/buynlarge/"' in text(page)
    assert page_calls(sandbox) == []


# --- The overview -------------------------------------------------------------------------


def test_the_overview_shows_teams_members_robots_collaborators_and_defaults(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get(ORG)
    # One call before the first byte; members, collaborators, robots and default permissions
    # are lazy parts the page asks for right after.
    assert page_calls(sandbox) == ["GET /api/v1/organization/buynlarge"]
    parts = re.findall(r'hx-get="(\?view=[a-z]+)" hx-trigger="load"', text(page))
    assert sorted(parts) == sorted(f"?view={p}" for p in OVERVIEW_PARTS)
    html = text(page) + "".join(text(htmx(devtable, ORG + part)) for part in parts)
    assert page.status_code == 200
    for expected in (
        "owners",
        "creators",
        "readers",
        "synced",
        "outsideorg",
        "buynlarge+coolrobot",
    ):
        assert expected in html
    assert "Default permissions" in html and "0aac273e-7222-480f-9a13-0cfbfcac473e" in html
    assert "184 bytes" in html or "184" in html  # the quota report from the organization itself
    assert 'href="/organization/buynlarge/access/"' in html
    assert 'href="/organization/buynlarge/logs/"' in html
    assert len(page_calls(sandbox)) == 5


def test_a_member_who_is_not_an_administrator_sees_the_teams_and_one_sentence(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = reader.get(ORG)
    html = text(page)
    assert page.status_code == 200
    # Only the organization itself: no call for what Quay shows administrators only.
    assert page_calls(sandbox) == ["GET /api/v1/organization/buynlarge"]
    assert "readers" in html  # teams come from the organization itself
    assert "Quay said no." not in html
    assert "You are a member of buynlarge, not one of its administrators." in html
    assert "Its administrators also see its members" in html
    tabs = re.findall(r'<a href="/organization/buynlarge/([a-z]*)/?"[^>]*>', html)
    assert "robots" not in tabs and "logs" not in tabs and "access" not in tabs
    assert 'href="/organization/buynlarge/quota/"' in html


def test_an_unknown_organization_is_not_found(devtable: Client) -> None:
    assert devtable.get("/organization/doesnotexist/").status_code == 404


def test_a_malformed_organization_name_never_reaches_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    assert devtable.get("/organization/Bad..Name/").status_code == 404
    assert page_calls(sandbox) == []


def test_creating_a_team_opens_it(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(ORG + "create-team/", {"name": "builders", "role": "creator"})
    assert response.status_code == 302
    assert response["Location"] == "/organization/buynlarge/teams/builders/"
    assert sandbox.world.organizations["buynlarge"].teams["builders"].role == "creator"


def test_a_bad_team_name_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(ORG + "create-team/", {"name": "Bad Team", "role": "member"})
    assert response.status_code == 400
    assert "starts with a lowercase letter" in text(response)
    assert writes(sandbox) == []


def test_creating_a_team_without_the_admin_role_shows_quays_refusal(reader: Client) -> None:
    response = reader.post(ORG + "create-team/", {"name": "builders", "role": "member"})
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no: Unauthorized" in text(response)


def test_default_permissions_are_created_and_deleted(
    devtable: Client, sandbox: SandboxServer
) -> None:
    org = sandbox.world.organizations["buynlarge"]
    response = devtable.post(
        ORG + "prototypes/create/",
        {
            "delegate_kind": "team",
            "delegate": "synced",
            "role": "write",
        },
    )
    assert response.status_code == 302
    created = [p for p in org.prototypes if p.delegate == "synced"]
    assert [(p.role, p.delegate_kind) for p in created] == [("write", "team")]
    response = devtable.post(
        f"{ORG}prototypes/{created[0].id}/delete/", {"form_token": issued_form_token(devtable)}
    )
    assert response.status_code == 302
    assert not [p for p in org.prototypes if p.delegate == "synced"]


def test_a_default_permission_for_an_unknown_user_shows_quays_reason(devtable: Client) -> None:
    response = devtable.post(
        ORG + "prototypes/create/",
        {
            "delegate_kind": "user",
            "delegate": "nobody",
            "role": "read",
        },
    )
    assert response.status_code == 400
    assert "Unknown user" in text(response)


def test_a_default_permission_with_a_bad_role_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        ORG + "prototypes/create/",
        {
            "delegate_kind": "user",
            "delegate": "public",
            "role": "owner",
        },
    )
    assert response.status_code == 400
    assert writes(sandbox) == []


# --- Teams ---------------------------------------------------------------------------------

TEAM = "/organization/buynlarge/teams/readers/"


def test_a_team_shows_members_pending_invitations_and_repositories(devtable: Client) -> None:
    html = text(devtable.get(TEAM))
    assert "reader" in html and "outsideorg" in html and "invited" in html
    assert 'href="/repository/buynlarge/orgrepo/permissions/"' in html


def test_adding_an_organization_member_adds_them(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/buynlarge/teams/synced/members/add/", {"member": "reader"}
    )
    assert response.status_code == 302
    assert "reader" in sandbox.world.organizations["buynlarge"].teams["synced"].members


def test_adding_someone_outside_the_organization_invites_them(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        "/organization/buynlarge/teams/synced/members/add/",
        {"member": "randomuser"},
        follow=True,
    )
    assert "was invited" in text(response)
    team = sandbox.world.organizations["buynlarge"].teams["synced"]
    assert "randomuser" in team.invited and "randomuser" not in team.members


def test_inviting_by_email_and_cancelling_it(devtable: Client, sandbox: SandboxServer) -> None:
    team = sandbox.world.organizations["buynlarge"].teams["synced"]
    devtable.post(
        "/organization/buynlarge/teams/synced/members/add/",
        {"member": "new@example.com"},
    )
    assert "new@example.com" in team.invited
    devtable.post(
        "/organization/buynlarge/teams/synced/members/remove/",
        {"form_token": issued_form_token(devtable), "member": "new@example.com"},
    )
    assert "new@example.com" not in team.invited


def test_removing_a_member(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        TEAM + "members/remove/", {"form_token": issued_form_token(devtable), "member": "public"}
    )
    assert response.status_code == 302
    assert "public" not in sandbox.world.organizations["buynlarge"].teams["readers"].members


def test_adding_an_unknown_user_shows_quays_reason_at_the_field(devtable: Client) -> None:
    response = devtable.post(TEAM + "members/add/", {"member": "nobodyhere"})
    assert response.status_code == 400
    assert "Unknown user" in text(response)


def test_a_malformed_member_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(TEAM + "members/add/", {"member": "not a name!"})
    assert response.status_code == 400
    assert writes(sandbox) == []


def test_changing_the_teams_role(devtable: Client, sandbox: SandboxServer) -> None:
    devtable.post(TEAM + "role/", {"role": "creator", "description": "Readers."})
    assert sandbox.world.organizations["buynlarge"].teams["readers"].role == "creator"


def test_the_last_admin_team_keeps_its_role(devtable: Client) -> None:
    response = devtable.post("/organization/buynlarge/teams/owners/role/", {"role": "member"})
    assert response.status_code == 400
    assert "last admin team" in text(response)


def test_deleting_a_team(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, "/organization/buynlarge/teams/synced/")
    response = devtable.post("/organization/buynlarge/teams/synced/delete/", {"form_token": token})
    assert response["Location"] == ORG
    assert "synced" not in sandbox.world.organizations["buynlarge"].teams


def test_a_reader_cannot_change_a_team(reader: Client, sandbox: SandboxServer) -> None:
    response = reader.post(
        TEAM + "members/remove/", {"form_token": issued_form_token(reader), "member": "public"}
    )
    assert response.status_code == 403  # a refusal of the person
    assert "Quay said no" in text(response)
    assert "public" in sandbox.world.organizations["buynlarge"].teams["readers"].members


# --- Robots ----------------------------------------------------------------------------------

ROBOTS = "/organization/buynlarge/robots/"
COOLROBOT_TOKEN = "9ET978ER1AG01XV9DU2UAEUEZKZ8EVDPEKCZ2OYC4FJCL5IKZ7359LT336JQ38BM"


def test_the_robot_list_never_shows_a_token(devtable: Client) -> None:
    html = text(devtable.get(ROBOTS))
    assert "buynlarge+ownerbot" in html and "owners" in html
    assert COOLROBOT_TOKEN not in html


def test_credentials_are_shown_on_request_and_not_stored(devtable: Client) -> None:
    response = htmx_post(devtable, ROBOTS + "credentials/", {"shortname": "coolrobot"})
    html = text(response)
    assert COOLROBOT_TOKEN in html
    assert (
        f"docker login -u=&#x27;buynlarge+coolrobot&#x27; -p=&#x27;{COOLROBOT_TOKEN}&#x27;" in html
    )
    assert "podman login" in html and "kubernetes.io/dockerconfigjson" in html
    assert response["Cache-Control"] == "no-store"
    assert COOLROBOT_TOKEN not in text(devtable.get(ROBOTS))


def test_regenerating_a_token_shows_the_new_one_once(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = issued_form_token(devtable)
    response = htmx_post(
        devtable, ROBOTS + "regenerate/", {"shortname": "coolrobot", "form_token": token}
    )
    new_token = sandbox.world.organizations["buynlarge"].robots["coolrobot"].token
    assert new_token != COOLROBOT_TOKEN
    assert new_token in text(response) and "no longer works" in text(response)


def test_creating_and_deleting_a_robot(devtable: Client, sandbox: SandboxServer) -> None:
    org = sandbox.world.organizations["buynlarge"]
    response = devtable.post(ROBOTS + "create/", {"shortname": "deployer", "description": "CD"})
    assert response.status_code == 302
    assert org.robots["deployer"].description == "CD"
    response = devtable.post(
        ROBOTS + "delete/", {"form_token": issued_form_token(devtable), "shortname": "deployer"}
    )
    assert response.status_code == 302
    assert "deployer" not in org.robots


def test_a_robot_name_against_quays_rules_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(ROBOTS + "create/", {"shortname": "9Bad-Name"})
    assert response.status_code == 400
    assert "starts with a lowercase letter" in text(response)
    assert writes(sandbox) == []


def test_an_existing_robot_name_shows_quays_reason(devtable: Client) -> None:
    response = devtable.post(ROBOTS + "create/", {"shortname": "coolrobot"})
    assert response.status_code == 400
    assert "Existing robot with name: buynlarge+coolrobot" in text(response)


def test_someone_outside_the_organization_sees_quays_refusal(freshuser: Client) -> None:
    response = freshuser.get(ROBOTS)
    assert response.status_code == 403
    assert "Unauthorized" in text(response)


def test_your_own_robots_and_their_credentials(devtable: Client) -> None:
    html = text(devtable.get("/user/robots/"))
    assert "devtable+dtrobot" in html
    assert "VX7N1252JC75102JCPLUMBWDUKNSVJBF129UPMC2DF1E36U070DPAPLJNNBYTN6B" not in html
    response = devtable.post("/user/robots/credentials/", {"shortname": "dtrobot"})
    assert "VX7N1252JC75102JCPLUMBWDUKNSVJBF129UPMC2DF1E36U070DPAPLJNNBYTN6B" in text(response)


def htmx_post(client: Client, url: str, data: dict[str, str]) -> object:
    return client.post(url, data, headers={"HX-Request": "true"})


# --- Repository permissions ---------------------------------------------------------------

PERMS = "/repository/buynlarge/orgrepo/permissions/"


def test_permissions_list_users_and_teams_with_their_roles(devtable: Client) -> None:
    html = text(devtable.get(PERMS))
    assert "outsideorg" in html and "outside" in html and "readers" in html


def test_granting_changing_and_removing_a_user_permission(
    devtable: Client, sandbox: SandboxServer
) -> None:
    repo = sandbox.world.repositories[("buynlarge", "orgrepo")]
    devtable.post(
        PERMS + "set/", {"kind": "user", "entity": "buynlarge+coolrobot", "role": "write"}
    )
    assert repo.user_permissions["buynlarge+coolrobot"] == "write"
    devtable.post(PERMS + "set/", {"kind": "user", "entity": "buynlarge+coolrobot", "role": "read"})
    assert repo.user_permissions["buynlarge+coolrobot"] == "read"
    devtable.post(
        PERMS + "remove/",
        {
            "form_token": issued_form_token(devtable),
            "kind": "user",
            "entity": "buynlarge+coolrobot",
        },
    )
    assert "buynlarge+coolrobot" not in repo.user_permissions


def test_granting_and_removing_a_team_permission(devtable: Client, sandbox: SandboxServer) -> None:
    repo = sandbox.world.repositories[("buynlarge", "orgrepo")]
    devtable.post(PERMS + "set/", {"kind": "team", "entity": "creators", "role": "admin"})
    assert repo.team_permissions["creators"] == "admin"
    devtable.post(
        PERMS + "remove/",
        {"form_token": issued_form_token(devtable), "kind": "team", "entity": "creators"},
    )
    assert "creators" not in repo.team_permissions


def test_granting_to_an_unknown_team_shows_quays_reason(devtable: Client) -> None:
    response = devtable.post(PERMS + "set/", {"kind": "team", "entity": "ghosts", "role": "read"})
    assert response.status_code == 400
    assert "Invalid team name" in text(response)


def test_a_bad_role_or_name_is_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    bad_role = devtable.post(PERMS + "set/", {"kind": "user", "entity": "public", "role": "owner"})
    bad_name = devtable.post(PERMS + "set/", {"kind": "user", "entity": "a b", "role": "read"})
    assert (bad_role.status_code, bad_name.status_code) == (400, 400)
    assert writes(sandbox) == []


def test_a_reader_sees_the_refusal_and_cannot_grant(reader: Client, sandbox: SandboxServer) -> None:
    page = reader.get(PERMS)
    assert page.status_code == 200 and "Quay said no" in text(page)
    response = reader.post(PERMS + "set/", {"kind": "user", "entity": "public", "role": "admin"})
    assert response.status_code == 403  # a refusal of the person
    assert "public" not in sandbox.world.repositories[("buynlarge", "orgrepo")].user_permissions


def test_the_effective_permission_names_its_source(devtable: Client) -> None:
    fragment = htmx(devtable, PERMS + "?effective=reader")
    html = text(fragment)
    assert html.lstrip().startswith('<div id="effective-permission"')
    assert "through the team" in html and "readers" in html


def test_a_user_without_permission_has_none(devtable: Client) -> None:
    html = text(htmx(devtable, PERMS + "?effective=randomuser"))
    assert "has no permission" in html


def test_names_are_suggested_from_quays_entity_search(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    fragment = htmx(devtable, TEAM + "?suggest=1&member=cre")
    html = text(fragment)
    assert html.lstrip().startswith('<datalist id="entity-options">')
    assert '<option value="creator">' in html and '<option value="creators">' in html
    assert page_calls(sandbox) == ["GET /api/v1/entities/cre"]
    perms = text(htmx(devtable, PERMS + "?suggest=1&entity=buynlarge%2Bcool"))
    assert '<option value="buynlarge+coolrobot">' in perms


def test_a_malformed_prefix_is_not_searched(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    html = text(htmx(devtable, TEAM + "?suggest=1&member=%2F.."))
    assert "<option" not in html
    assert page_calls(sandbox) == []


def test_someone_outside_the_organization_sees_refusals_not_an_error(freshuser: Client) -> None:
    page = freshuser.get(ORG)
    html = text(page)
    assert page.status_code == 200
    assert "Not a member" in html and "Quay shows the teams to members" in html
    assert "Quay said no." not in html
    assert "You are not a member of buynlarge. Its administrators also see" in html


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("members/remove/", {"member": "devtable"}),
        ("members/add/", {"member": "reader"}),
        ("role/", {"role": "member"}),
        ("delete/", {}),
    ],
)
def test_a_refused_action_on_a_team_quay_hides_shows_quays_refusal(
    freshuser: Client, sandbox: SandboxServer, path: str, data: dict[str, str]
) -> None:
    # Quay hides the team from this token; its refusal is the answer, not "no such team".
    data = {**data, "form_token": issued_form_token(freshuser)}
    response = freshuser.post("/organization/buynlarge/teams/owners/" + path, data)
    assert response.status_code == 403
    assert "Quay said no" in text(response)
    assert "has no team" not in text(response)
    assert "devtable" in sandbox.world.organizations["buynlarge"].teams["owners"].members


def test_a_team_deletion_sent_twice_counts_once(devtable: Client, sandbox: SandboxServer) -> None:
    team = "/organization/buynlarge/teams/synced/"
    token = form_token(devtable, team)
    assert devtable.post(team + "delete/", {"form_token": token})["Location"] == ORG
    sandbox.clear_calls()
    again = devtable.post(team + "delete/", {"form_token": token})
    assert (again.status_code, again["Location"]) == (302, team)
    assert writes(sandbox) == []
    assert "already sent" in text(devtable.get(ORG))


def test_a_lazy_part_is_never_asked_of_quay_for_someone_who_does_not_administer(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    assert htmx(reader, ORG + "?view=members").status_code == 204
    assert page_calls(sandbox) == []


def test_a_refused_form_shows_again_with_every_part_in_place(devtable: Client) -> None:
    response = devtable.post(ORG + "prototypes/create/", {"delegate": "Not A User!"})
    assert response.status_code == 400
    html = text(response)
    assert "buynlarge+coolrobot" in html and "outsideorg" in html
    assert 'hx-trigger="load" hx-target="#org-' not in html
