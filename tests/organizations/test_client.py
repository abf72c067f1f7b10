"""The organization client methods against HTTP: paths, parameters and typed results."""

from __future__ import annotations

import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient

QUAY = "https://quay.example.com"


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_the_repository_names_of_a_namespace_walk_every_page() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository",
        match=[matchers.query_param_matcher({"namespace": "acme"}, strict_match=False)],
        json={
            "repositories": [{"namespace": "acme", "name": "a", "is_public": True}],
            "next_page": "p2",
        },
    )
    responses.get(
        f"{QUAY}/api/v1/repository",
        match=[
            matchers.query_param_matcher(
                {"namespace": "acme", "next_page": "p2"}, strict_match=False
            )
        ],
        json={"repositories": [], "next_page": "p3"},
    )
    responses.get(
        f"{QUAY}/api/v1/repository",
        match=[
            matchers.query_param_matcher(
                {"namespace": "acme", "next_page": "p3"}, strict_match=False
            )
        ],
        json={"repositories": [{"namespace": "acme", "name": "b", "is_public": False}]},
    )
    assert [repo.name for repo in client().list_all_repos("acme")] == ["a", "b"]


@responses.activate
def test_an_organization_lists_its_teams_in_quays_order_with_the_quota() -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/acme",
        json={
            "name": "acme",
            "email": "a@example.com",
            "is_admin": True,
            "is_member": True,
            "teams": {
                "readers": {"name": "readers", "role": "member", "member_count": 2},
                "owners": {"name": "owners", "role": "admin", "repo_count": 3},
            },
            "ordered_teams": ["owners", "readers"],
            "quota_report": {"quota_bytes": 500, "configured_quota": 1000},
        },
    )
    org = client().get_organization("acme")
    assert [team.name for team in org.teams] == ["owners", "readers"]
    assert org.team("readers") is not None and org.team("readers").member_count == 2
    assert org.quota_percent == 50.0


@responses.activate
def test_robots_with_permissions_carry_teams_and_repositories_but_no_token() -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/acme/robots",
        match=[matchers.query_param_matcher({"token": "false", "permissions": "true"})],
        json={
            "robots": [
                {
                    "name": "acme+ci",
                    "description": "CI",
                    "teams": [{"name": "builders"}],
                    "repositories": ["app"],
                    "last_accessed": None,
                }
            ]
        },
    )
    [robot] = client().list_robots("acme", is_organization=True, permissions=True)
    assert (robot.teams, robot.repositories) == (("builders",), ("app",))


@responses.activate
def test_robot_credentials_never_show_the_token_in_their_repr() -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/acme/robots/ci",
        json={"name": "acme+ci", "token": "SECRETTOKEN"},
    )
    credentials = client().get_robot_credentials("acme", "ci", is_organization=True)
    assert credentials.token == "SECRETTOKEN"
    assert "SECRETTOKEN" not in repr(credentials)


@responses.activate
def test_repository_permissions_tell_users_robots_and_teams_apart() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository/acme/app/permissions/user/",
        json={
            "permissions": {
                "alice": {"name": "alice", "role": "admin", "is_robot": False},
                "acme+ci": {"name": "acme+ci", "role": "write", "is_robot": True},
                "bob": {"name": "bob", "role": "read", "is_org_member": False},
            }
        },
    )
    responses.get(
        f"{QUAY}/api/v1/repository/acme/app/permissions/team/",
        json={"permissions": {"devs": {"name": "devs", "role": "write"}}},
    )
    users = client().list_repo_user_permissions("acme", "app")
    teams = client().list_repo_team_permissions("acme", "app")
    assert [(p.name, p.kind, p.role) for p in users] == [
        ("alice", "user", "admin"),
        ("acme+ci", "robot", "write"),
        ("bob", "user", "read"),
    ]
    assert users[2].is_org_member is False
    assert [(p.name, p.kind) for p in teams] == [("devs", "team")]


@responses.activate
def test_changes_send_the_role_to_the_encoded_path() -> None:
    responses.put(
        f"{QUAY}/api/v1/repository/acme/app/permissions/user/acme%2Bci",
        match=[matchers.json_params_matcher({"role": "read"})],
        json={"name": "acme+ci", "role": "read"},
    )
    responses.put(
        f"{QUAY}/api/v1/organization/acme/team/devs/invite/a%40example.com",
        json={"email": "a@example.com", "kind": "invite", "invited": True},
    )
    client().change_user_permissions("acme", "app", "acme+ci", "read")
    invited = client().invite_team_member_email("acme", "devs", "a@example.com")
    assert (invited.name, invited.invited, invited.kind) == ("a@example.com", True, "invite")


@responses.activate
def test_a_prototype_names_its_delegate_and_activating_user() -> None:
    responses.post(
        f"{QUAY}/api/v1/organization/acme/prototypes",
        match=[
            matchers.json_params_matcher(
                {"role": "write", "delegate": {"name": "devs", "kind": "team"}}
            )
        ],
        json={
            "id": "p1",
            "role": "write",
            "delegate": {"name": "devs", "kind": "team"},
            "activating_user": None,
        },
    )
    prototype = client().create_organization_prototype("acme", "write", "devs", "team")
    assert (prototype.delegate, prototype.delegate_kind, prototype.activating_user) == (
        "devs",
        "team",
        None,
    )
