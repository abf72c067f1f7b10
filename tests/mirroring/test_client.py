"""The mirroring, proxy-cache, application and trigger client methods against HTTP: paths,
bodies, typed results, and refusals cleaned of what Quay quotes."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest
from dashboard.quay.mirroring import clean_refusal

QUAY = "https://quay.example.com"
MIRROR = f"{QUAY}/api/v1/repository/acme/app/mirror"


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_no_mirror_configured_is_none() -> None:
    responses.get(MIRROR, status=404, json={"detail": "Not Found", "error_type": "not_found"})
    assert client().get_repo_mirror("acme", "app") is None


@responses.activate
def test_a_mirror_is_read_into_its_fields() -> None:
    responses.get(
        MIRROR,
        json={
            "is_enabled": True,
            "external_reference": "quay.io/coreos/etcd",
            "external_registry_username": "u",
            "external_registry_config": {
                "verify_tls": False,
                "proxy": {"https_proxy": "http://p:3128"},
            },
            "sync_interval": 3600,
            "sync_start_date": "2026-12-01T00:00:00Z",
            "sync_expiration_date": None,
            "sync_retries_remaining": 3,
            "sync_status": "SYNCING",
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": ["latest", "v3*"]},
            "robot_username": "acme+bot",
            "skopeo_timeout_interval": 300,
            "architecture_filter": [],
        },
    )
    mirror = client().get_repo_mirror("acme", "app")
    assert mirror is not None
    assert mirror.tag_patterns == ["latest", "v3*"]
    assert mirror.is_syncing and mirror.status_label == "Syncing"
    assert (mirror.verify_tls, mirror.https_proxy) == (False, "http://p:3128")
    assert mirror.sync_start_date is not None and mirror.sync_start_date.day == 1


@responses.activate
def test_an_echoed_body_is_cut_from_a_refusal_and_the_password_hidden() -> None:
    secret = "hunter2-xyz"
    echo = (
        "'sync_interval' is a required property\n\nFailed validating 'required' in schema:\n"
        f"    {{...}}\n\nOn instance:\n    {{'external_registry_password': '{secret}'}}"
    )
    responses.post(MIRROR, status=400, json={"detail": echo, "error_type": "invalid_request"})
    with pytest.raises(QuayBadRequest) as refusal:
        client().create_repo_mirror("acme", "app", {"external_registry_password": secret})
    assert refusal.value.message == "'sync_interval' is a required property"
    assert secret not in str(refusal.value)


def test_a_refusal_naming_the_password_in_its_first_line_hides_it() -> None:
    assert clean_refusal("bad password s3cr3t", "s3cr3t") == "bad password [hidden]"


@responses.activate
def test_a_put_sends_only_the_changes() -> None:
    responses.put(
        MIRROR, status=201, body="", match=[matchers.json_params_matcher({"is_enabled": False})]
    )
    client().update_repo_mirror("acme", "app", {"is_enabled": False})


@responses.activate
def test_a_proxy_cache_of_empty_strings_is_none() -> None:
    url = f"{QUAY}/api/v1/organization/acme/proxycache"
    responses.get(url, json={"upstream_registry": "", "expiration_s": "", "insecure": ""})
    assert client().get_proxy_cache("acme") is None


@responses.activate
def test_validating_a_proxy_cache_sends_credentials_and_returns_quays_word() -> None:
    url = f"{QUAY}/api/v1/organization/acme/validateproxycache"
    responses.post(
        url,
        status=202,
        body=json.dumps("Valid"),
        content_type="application/json",
        match=[
            matchers.json_params_matcher(
                {
                    "upstream_registry": "docker.io",
                    "expiration_s": 3600,
                    "insecure": False,
                    "upstream_registry_username": "u",
                    "upstream_registry_password": "p",
                }
            )
        ],
    )
    assert client().validate_proxy_cache("acme", "docker.io", 3600, False, "u", "p") == "Valid"


@responses.activate
def test_an_application_read_drops_the_client_secret() -> None:
    url = f"{QUAY}/api/v1/organization/acme/applications"
    body = {"name": "A", "client_id": "ID1", "client_secret": "SECRET", "redirect_uri": "x"}
    responses.get(url, json={"applications": [body]})
    applications = client().list_applications("acme")
    assert applications[0].client_id == "ID1"
    assert "SECRET" not in repr(applications)


@responses.activate
def test_creating_an_application_hands_on_its_secret_once() -> None:
    url = f"{QUAY}/api/v1/organization/acme/applications"
    responses.post(url, json={"name": "A", "client_id": "ID1", "client_secret": "SECRET"})
    created = client().create_application("acme", "A", "https://a/cb")
    assert created.client_secret == "SECRET"
    assert "SECRET" not in repr(created)


@responses.activate
def test_a_token_is_generated_with_space_separated_scopes() -> None:
    url = f"{QUAY}/api/v1/organization/acme/applications/ID1/tokens"
    responses.post(
        url,
        match=[
            matchers.json_params_matcher(
                {"name": "ci", "scope": "repo:read repo:write", "expiration": 86400}
            )
        ],
        json={
            "uuid": "u1",
            "name": "ci",
            "scope": "repo:read repo:write",
            "token": "TOK",
            "created": "2026-11-30T08:13:50.396551Z",
            "expires_at": None,
            "created_by": "devtable",
            "last_accessed": None,
        },
    )
    generated = client().create_application_token(
        "acme", "ID1", "ci", ["repo:read", "repo:write"], 86400
    )
    assert generated.secret == "TOK"
    assert generated.token.scopes == ["repo:read", "repo:write"]


@responses.activate
def test_starting_a_trigger_returns_its_build() -> None:
    url = f"{QUAY}/api/v1/repository/acme/app/trigger/t1/start"
    responses.post(
        url,
        status=201,
        match=[matchers.json_params_matcher({"refs": {"kind": "branch", "name": "main"}})],
        json={
            "id": "b1",
            "phase": "waiting",
            "tags": ["main"],
            "display_name": "main",
            "repository": {"namespace": "acme", "name": "app"},
        },
    )
    build = client().start_trigger(
        "acme", "app", "t1", {"refs": {"kind": "branch", "name": "main"}}
    )
    assert build.id == "b1"
