"""The superuser client operations against HTTP: paths, bodies, and what comes back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied

QUAY = "https://quay.example.com"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----\n"


def _client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_service_keys_are_read_with_their_approval_and_dates() -> None:
    responses.get(
        f"{QUAY}/api/v1/superuser/keys",
        json={
            "keys": [
                {
                    "kid": "kid4",
                    "name": "autorotatingkey",
                    "service": "sample_service",
                    "created_date": "Thu, 26 Nov 2026 18:51:23 GMT",
                    "expiration_date": "Fri, 27 Nov 2026 18:51:23 GMT",
                    "rotation_duration": 43200,
                    "metadata": {},
                    "approval": {
                        "approval_type": "ServiceKeyApprovalType.KEY_ROTATION",
                        "approved_date": "Thu, 26 Nov 2026 18:51:23 GMT",
                        "approver": {"username": "devtable", "name": "devtable"},
                        "notes": "ok",
                    },
                },
                {"kid": "kid3", "name": "", "service": "s", "approval": None},
            ]
        },
    )
    rotating, unapproved = _client().list_service_keys()
    assert rotating.expiration == datetime(2026, 11, 27, 18, 51, 23, tzinfo=UTC)
    assert rotating.approval is not None
    assert rotating.approval.approval_type == "key_rotation"
    assert rotating.approval.approver == "devtable"
    assert rotating.rotation_duration == 43200
    assert unapproved.approved is False and unapproved.expiration is None


@responses.activate
def test_creating_a_key_sends_nulls_and_keeps_the_private_key_out_of_repr() -> None:
    responses.post(
        f"{QUAY}/api/v1/superuser/keys",
        match=[
            matchers.json_params_matcher(
                {"service": "quay", "expiration": None, "name": "k", "metadata": {"a": "b"}}
            )
        ],
        json={"kid": "abc", "name": "k", "service": "quay", "private_key": PEM, "public_key": "p"},
    )
    created = _client().create_service_key("quay", name="k", metadata={"a": "b"})
    assert created.private_key == PEM
    assert "MIIEsecret" not in repr(created)


@responses.activate
def test_updating_a_key_sends_only_what_changes() -> None:
    body = {"kid": "kid1", "name": "n", "service": "s", "expiration_date": None}
    responses.put(
        f"{QUAY}/api/v1/superuser/keys/kid1",
        match=[matchers.json_params_matcher({"expiration": None})],
        json=body,
    )
    responses.put(
        f"{QUAY}/api/v1/superuser/keys/kid2",
        match=[matchers.json_params_matcher({"name": "renamed"})],
        json={**body, "kid": "kid2"},
    )
    _client().update_service_key("kid1", expiration=None)
    _client().update_service_key("kid2", name="renamed")


@responses.activate
def test_approving_deleting_and_a_missing_key() -> None:
    responses.post(
        f"{QUAY}/api/v1/superuser/approvedkeys/kid3",
        match=[matchers.json_params_matcher({"notes": "fine"})],
        status=201,
        body="",
    )
    responses.delete(f"{QUAY}/api/v1/superuser/keys/kid3", status=204)
    responses.delete(
        f"{QUAY}/api/v1/superuser/keys/gone",
        status=404,
        json={"detail": "Not Found", "error_type": "not_found"},
    )
    client = _client()
    client.approve_service_key("kid3", "fine")
    client.delete_service_key("kid3")
    with pytest.raises(QuayNotFound):
        client.delete_service_key("gone")


@responses.activate
def test_creating_a_user_returns_the_generated_password() -> None:
    responses.post(
        f"{QUAY}/api/v1/superuser/users/",
        match=[matchers.json_params_matcher({"username": "new", "email": "n@example.com"})],
        json={"username": "new", "email": "n@example.com", "password": "s3cret", "x": 1},
    )
    created = _client().create_install_user("new", "n@example.com")
    assert created.password == "s3cret"
    assert "s3cret" not in repr(created)


@responses.activate
def test_user_changes_and_recovery_use_quays_paths() -> None:
    responses.put(
        f"{QUAY}/api/v1/superuser/users/a.b",
        match=[matchers.json_params_matcher({"enabled": False})],
        json={},
    )
    # Quay's recovery endpoint is under `superusers`, with an s.
    responses.post(
        f"{QUAY}/api/v1/superusers/users/a.b/sendrecovery", json={"email": "a@example.com"}
    )
    responses.delete(
        f"{QUAY}/api/v1/superuser/users/devtable",
        status=400,
        json={"detail": "Cannot delete a superuser", "error_type": "invalid_request"},
    )
    client = _client()
    client.change_install_user("a.b", enabled=False)
    assert client.send_install_user_recovery_email("a.b") == "a@example.com"
    with pytest.raises(QuayBadRequest, match="Cannot delete a superuser"):
        client.delete_install_user("devtable")


@responses.activate
def test_organization_changes_and_ownership() -> None:
    responses.put(
        f"{QUAY}/api/v1/organization/titi",
        match=[matchers.json_params_matcher({"tag_expiration_s": 0})],
        json={"name": "titi"},
    )
    responses.post(f"{QUAY}/api/v1/superuser/takeownership/titi", json={"namespace": "titi"})
    responses.delete(
        f"{QUAY}/api/v1/superuser/organizations/titi",
        status=403,
        json={"detail": "Unauthorized", "error_type": "insufficient_scope"},
    )
    client = _client()
    client.change_organization_details_as_superuser("titi", tag_expiration_s=0)
    client.take_ownership("titi")
    with pytest.raises(QuayPermissionDenied) as refused:
        client.delete_organization_as_superuser("titi")
    assert refused.value.missing_scope
    assert json.loads(responses.calls[0].request.body or b"{}") == {"tag_expiration_s": 0}
