"""The sandbox's superuser endpoints behave like Quay's: reads for both kinds of superuser,
writes for full superusers only, the private key in the creation answer only."""

from __future__ import annotations

from typing import Any

import requests

from sandbox.api.superuser import READONLY_SUPERUSER_TOKEN
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS


def _call(sandbox: SandboxServer, method: str, path: str, token: str, **kwargs: Any) -> Any:
    return requests.request(
        method,
        f"{sandbox.url}/api/v1/{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
        **kwargs,
    )


def test_a_read_only_superuser_reads_but_cannot_write(sandbox: SandboxServer) -> None:
    for path in ("superuser/users/", "superuser/organizations/", "superuser/keys"):
        assert _call(sandbox, "GET", path, READONLY_SUPERUSER_TOKEN).status_code == 200
    refused = _call(sandbox, "DELETE", "superuser/keys/kid1", READONLY_SUPERUSER_TOKEN)
    assert refused.status_code == 403
    assert refused.json()["error_type"] == "insufficient_scope"
    assert "kid1" in sandbox.world.service_keys


def test_a_token_without_super_user_is_refused_with_insufficient_scope(
    sandbox: SandboxServer,
) -> None:
    answer = _call(sandbox, "GET", "superuser/keys", DEMO_TOKENS["devtable-nosuper"])
    assert answer.status_code == 403
    assert answer.json()["error_type"] == "insufficient_scope"
    user = _call(sandbox, "GET", "user/", DEMO_TOKENS["devtable-nosuper"]).json()
    assert "super_user" not in user


def test_the_private_key_is_in_the_creation_answer_only(sandbox: SandboxServer) -> None:
    token = DEMO_TOKENS["devtable"]
    created = _call(
        sandbox, "POST", "superuser/keys", token, json={"service": "svc", "expiration": None}
    ).json()
    assert created["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    again = _call(sandbox, "GET", f"superuser/keys/{created['kid']}", token).json()
    assert "private_key" not in again
    assert again["approval"]["approver"]["username"] == "devtable"


def test_key_input_is_checked_like_quay(sandbox: SandboxServer) -> None:
    token = DEMO_TOKENS["devtable"]
    bad_service = _call(
        sandbox, "POST", "superuser/keys", token, json={"service": "Bad!", "expiration": None}
    )
    past = _call(sandbox, "POST", "superuser/keys", token, json={"service": "ok", "expiration": 1})
    missing = _call(sandbox, "POST", "superuser/keys", token, json={"service": "ok"})
    assert bad_service.status_code == past.status_code == missing.status_code == 400
    assert past.json()["detail"] == "Expiration date cannot be in the past"
    assert missing.json()["detail"] == "'expiration' is a required property"


def test_users_are_created_changed_and_deleted(sandbox: SandboxServer) -> None:
    token = DEMO_TOKENS["devtable"]
    created = _call(
        sandbox, "POST", "superuser/users/", token, json={"username": "neo", "email": "n@x.io"}
    ).json()
    assert created["password"]
    changed = _call(sandbox, "PUT", "superuser/users/neo", token, json={"enabled": False})
    assert changed.json()["enabled"] is False
    assert _call(sandbox, "DELETE", "superuser/users/neo", token).status_code == 204
    assert _call(sandbox, "GET", "superuser/users/neo", token).status_code == 404
    superuser = _call(sandbox, "DELETE", "superuser/users/devtable", token)
    assert superuser.status_code == 400


def test_organization_details_need_org_admin_or_a_superuser(sandbox: SandboxServer) -> None:
    body = {"tag_expiration_s": 86400}
    assert _call(sandbox, "PUT", "organization/titi", DEMO_TOKENS["devtable"], json=body).ok
    refused = _call(sandbox, "PUT", "organization/titi", DEMO_TOKENS["freshuser"], json=body)
    assert refused.status_code == 403
    negative = _call(
        sandbox, "PUT", "organization/titi", DEMO_TOKENS["devtable"], json={"tag_expiration_s": -1}
    )
    assert negative.status_code == 400
