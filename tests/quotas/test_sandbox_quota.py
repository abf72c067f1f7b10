"""The sandbox's quota endpoints behave like Quay's (beyond what the recordings cover)."""

from __future__ import annotations

from typing import Any

import requests

from sandbox.api.quota import add_quota_namespaces
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS


def call(
    sandbox: SandboxServer, method: str, path: str, who: str = "devtable", **kw: Any
) -> requests.Response:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS[who]}"}
    return requests.request(method, sandbox.url + path, headers=headers, timeout=10, **kw)


def test_writes_need_a_superuser_even_for_an_org_admin(sandbox: SandboxServer) -> None:
    answer = call(
        sandbox,
        "POST",
        "/api/v1/organization/sellnsmall/quota",
        "devtable-nosuper",
        json={"limit_bytes": 1},
    )
    assert answer.status_code == 403
    assert answer.json()["error_type"] == "insufficient_scope"


def test_a_member_reads_the_quota_an_outsider_does_not(sandbox: SandboxServer) -> None:
    assert call(sandbox, "GET", "/api/v1/organization/buynlarge/quota", "reader").status_code == 200
    assert (
        call(sandbox, "GET", "/api/v1/organization/buynlarge/quota", "freshuser").status_code == 403
    )


def test_bad_sizes_and_thresholds_are_refused(sandbox: SandboxServer) -> None:
    for body in ({}, {"limit_bytes": -1}, {"limit_bytes": "10"}):
        assert (
            call(sandbox, "POST", "/api/v1/organization/sellnsmall/quota", json=body).status_code
            == 400
        )
    for body in (
        {"type": "Warning", "threshold_percent": 0},
        {"type": "Soon", "threshold_percent": 5},
    ):
        path = "/api/v1/organization/buynlarge/quota/1/limit"
        assert call(sandbox, "POST", path, json=body).status_code == 400


def test_only_an_exact_duplicate_limit_is_refused_as_on_quay(sandbox: SandboxServer) -> None:
    path = "/api/v1/organization/buynlarge/quota/1/limit"
    assert (
        call(sandbox, "POST", path, json={"type": "Reject", "threshold_percent": 50}).status_code
        == 201
    )
    again = call(sandbox, "POST", path, json={"type": "Reject", "threshold_percent": 50})
    assert again.status_code == 400 and again.json()["detail"] == "Quota limit already exists"


def test_the_superuser_endpoints_reach_users_and_organizations(sandbox: SandboxServer) -> None:
    assert (
        call(
            sandbox, "POST", "/api/v1/superuser/users/freshuser/quota", json={"limit_bytes": 5000}
        ).status_code
        == 201
    )
    quota = call(sandbox, "GET", "/api/v1/superuser/users/freshuser/quota").json()[0]
    assert quota["limit"] == "4.9 KiB"
    second = call(
        sandbox, "POST", "/api/v1/superuser/users/freshuser/quota", json={"limit_bytes": 5000}
    )
    assert second.json()["detail"] == "Quota for 'freshuser' already exists"
    changed = call(
        sandbox,
        "PUT",
        f"/api/v1/superuser/users/freshuser/quota/{quota['id']}",
        json={"limit_bytes": 1024**3},
    )
    assert changed.json()["limit"] == "1.0 GiB"
    assert (
        call(
            sandbox, "DELETE", f"/api/v1/superuser/users/freshuser/quota/{quota['id']}"
        ).status_code
        == 204
    )
    assert call(sandbox, "GET", "/api/v1/superuser/users/nobody/quota").status_code == 404
    assert (
        call(sandbox, "GET", "/api/v1/superuser/users/devtable/quota", "reader").status_code == 403
    )


def test_the_registry_size_goes_queued_running_done(sandbox: SandboxServer) -> None:
    path = "/api/v1/superuser/registrysize/"
    assert call(sandbox, "POST", path).status_code == 201
    assert call(sandbox, "POST", path).status_code == 202
    states = [call(sandbox, "GET", path).json() for _ in range(3)]
    assert [(s["queued"], s["running"]) for s in states] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert states[2]["size_bytes"] > 0 and states[2]["last_ran"] > 0


def test_500_namespaces_are_added_on_demand_and_reset_drops_them(sandbox: SandboxServer) -> None:
    before = len(sandbox.world.users) + len(sandbox.world.organizations)
    add_quota_namespaces(sandbox.world, 500)
    assert len(sandbox.world.users) + len(sandbox.world.organizations) == before + 500
    page = call(sandbox, "GET", "/api/v1/superuser/organizations/", params={"limit": 100}).json()
    assert len(page["organizations"]) == 100 and page["next_page"]
    sandbox.reset()
    assert len(sandbox.world.users) + len(sandbox.world.organizations) == before
