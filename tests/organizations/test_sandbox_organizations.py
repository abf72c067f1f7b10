"""The sandbox's organization endpoints where no recording shows the behaviour: invitations,
robot tokens, the transitive permission, default permissions and the guarded stand-ins."""

from __future__ import annotations

import time
from typing import Any

import requests

from sandbox.api.organizations import add_review_organization
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS


def call(sandbox: SandboxServer, method: str, path: str, who: str = "devtable", **kw: Any) -> Any:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS[who]}"}
    return requests.request(method, sandbox.url + path, headers=headers, timeout=10, **kw)


def test_an_email_invitation_is_pending_until_cancelled(sandbox: SandboxServer) -> None:
    base = "/api/v1/organization/buynlarge/team/synced"
    invited = call(sandbox, "PUT", f"{base}/invite/a@example.com")
    assert invited.status_code == 200 and invited.json()["invited"] is True
    members = call(sandbox, "GET", f"{base}/members?includePending=true").json()["members"]
    assert [m.get("email") for m in members] == ["a@example.com"]
    assert call(sandbox, "DELETE", f"{base}/invite/a@example.com").status_code == 204
    assert call(sandbox, "DELETE", f"{base}/invite/a@example.com").status_code == 404


def test_a_robot_token_changes_when_regenerated(sandbox: SandboxServer) -> None:
    path = "/api/v1/organization/buynlarge/robots/coolrobot"
    before = call(sandbox, "GET", path).json()["token"]
    after = call(sandbox, "POST", path + "/regenerate").json()["token"]
    assert before != after and call(sandbox, "GET", path).json()["token"] == after


def test_robot_names_follow_quays_rules(sandbox: SandboxServer) -> None:
    bad = call(sandbox, "PUT", "/api/v1/organization/buynlarge/robots/Bad", json={})
    assert bad.status_code == 400 and bad.json()["error_type"] == "invalid_request"
    mine = call(sandbox, "PUT", "/api/v1/user/robots/mine", json={"description": "d"})
    assert mine.status_code == 201 and mine.json()["name"] == "devtable+mine"


def test_the_transitive_permission_lists_each_source(sandbox: SandboxServer) -> None:
    path = "/api/v1/repository/buynlarge/orgrepo/permissions/user/reader/transitive"
    body = call(sandbox, "GET", path).json()
    assert [(p["role"], p["name"], p["kind"]) for p in body["permissions"]] == [
        ("read", "readers", "team")
    ]
    nothing = "/api/v1/repository/buynlarge/orgrepo/permissions/user/randomuser/transitive"
    assert call(sandbox, "GET", nothing).status_code == 404
    assert call(sandbox, "GET", path, who="reader").status_code == 403


def test_default_permissions_are_created_and_deleted(sandbox: SandboxServer) -> None:
    base = "/api/v1/organization/buynlarge/prototypes"
    created = call(
        sandbox,
        "POST",
        base,
        json={"role": "write", "delegate": {"name": "synced", "kind": "team"}},
    )
    assert created.status_code == 200
    prototype = created.json()
    assert prototype["delegate"]["kind"] == "team" and prototype["activating_user"] is None
    assert call(sandbox, "DELETE", f"{base}/{prototype['id']}").status_code == 204
    assert call(sandbox, "POST", base, who="reader", json={}).status_code == 403


def test_the_last_admin_team_cannot_be_deleted(sandbox: SandboxServer) -> None:
    response = call(sandbox, "DELETE", "/api/v1/organization/buynlarge/team/owners")
    assert response.status_code == 400


def test_the_review_organization_is_built_on_demand_and_pages_its_repositories(
    sandbox: SandboxServer,
) -> None:
    assert "megacorp" not in sandbox.world.organizations
    started = time.monotonic()
    add_review_organization(sandbox.world)
    assert time.monotonic() - started < 2
    first = call(sandbox, "GET", "/api/v1/repository?namespace=megacorp").json()
    second = call(
        sandbox, "GET", f"/api/v1/repository?namespace=megacorp&next_page={first['next_page']}"
    ).json()
    assert len(first["repositories"]) == 100 and len(second["repositories"]) == 100
    assert "next_page" not in second
    sandbox.reset()
    assert "megacorp" not in sandbox.world.organizations
