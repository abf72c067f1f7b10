"""The sandbox's mirroring, applications and triggers beyond what the recordings show: its
mirror worker, mirror health, and application tokens that work as access tokens."""

from __future__ import annotations

from typing import Any

import requests

from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS


def call(sandbox: SandboxServer, method: str, path: str, token: str = "devtable",
         **kwargs: Any) -> requests.Response:  # fmt: skip
    headers = {"Authorization": f"Bearer {DEMO_TOKENS.get(token, token)}"}
    return requests.request(
        method, f"{sandbox.url}/api/v1/{path}", headers=headers, timeout=10, **kwargs
    )


def test_each_read_of_a_mirror_moves_a_requested_sync_one_step(sandbox: SandboxServer) -> None:
    path = "repository/devtable/mirrored/mirror"
    assert call(sandbox, "POST", path + "/sync-now").status_code == 204
    statuses = [call(sandbox, "GET", path).json()["sync_status"] for _ in range(4)]
    assert statuses == ["SYNC_NOW", "SYNCING", "SUCCESS", "SUCCESS"]
    kinds = [entry.kind for entry in sandbox.world.logs[:3]]
    assert kinds == ["repo_mirror_sync_success", "repo_mirror_sync_started",
                     "repo_mirror_sync_now_requested"]  # fmt: skip


def test_a_disabled_mirror_does_not_sync(sandbox: SandboxServer) -> None:
    path = "repository/devtable/mirrored/mirror"
    call(sandbox, "PUT", path, json={"is_enabled": False})
    call(sandbox, "POST", path + "/sync-now")
    statuses = [call(sandbox, "GET", path).json()["sync_status"] for _ in range(3)]
    assert statuses == ["SYNC_NOW"] * 3


def test_mirror_health_counts_a_cancelled_mirror_in_no_bucket(sandbox: SandboxServer) -> None:
    path = "repository/devtable/mirrored/mirror"
    call(sandbox, "POST", path + "/sync-now")
    call(sandbox, "POST", path + "/sync-cancel")
    health = call(sandbox, "GET", "repository/mirror/health").json()
    counts = health["repositories"]
    assert counts["total"] == 1
    assert counts["syncing"] + counts["completed"] + counts["failed"] + counts["never_run"] == 0


def test_a_generated_application_token_is_an_access_token(sandbox: SandboxServer) -> None:
    created = call(
        sandbox, "POST", "organization/buynlarge/applications/deadbeef/tokens",
        json={"name": "t", "scope": "repo:read,user:read"},
    )  # fmt: skip
    assert created.status_code == 200
    token = created.json()["token"]
    assert call(sandbox, "GET", "user/", token).json()["username"] == "devtable"
    assert call(sandbox, "GET", "repository/devtable/simple/mirror", token).status_code == 403
