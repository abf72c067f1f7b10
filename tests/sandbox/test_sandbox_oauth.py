"""The OAuth 2 authorization-code flow, with each error the real server answered."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from sandbox.world import DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET
from tests.sandbox.conftest import Call

CALLBACK = "http://127.0.0.1:8000/accounts/quay/login/callback/"
SCOPE = "repo:read user:read"


def authorize(call: Call, **overrides: str) -> dict[str, str]:
    """Run /oauth/authorize and return the redirect's query parameters (in order)."""
    params = {
        "client_id": DEMO_OAUTH_CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": SCOPE,
        "response_type": "code",
        "state": "st-A",
        **overrides,
    }
    response = call("GET", "/oauth/authorize", params=params)
    assert response.status_code == 302, response.text
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


def exchange(
    call: Call, code: str | None, headers: dict[str, str] | None = None, **overrides: str | None
) -> requests.Response:
    form: dict[str, str | None] = {
        "grant_type": "authorization_code",
        "client_id": DEMO_OAUTH_CLIENT_ID,
        "client_secret": DEMO_OAUTH_CLIENT_SECRET,
        "redirect_uri": CALLBACK,
        "code": code,
        "scope": SCOPE,
        **overrides,
    }
    form = {key: value for key, value in form.items() if value is not None}
    return call("POST", "/oauth/access_token", data=form, headers=headers or {})


def test_authorize_redirects_at_once_with_scope_state_and_code(call: Call) -> None:
    response = call(
        "GET",
        "/oauth/authorize",
        params={
            "client_id": DEMO_OAUTH_CLIENT_ID,
            "redirect_uri": CALLBACK,
            "scope": SCOPE,
            "response_type": "code",
            "state": "st-A",
        },
    )

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    params = parse_qsl(location.query)
    assert [key for key, _ in params] == ["scope", "state", "code"]  # the real server's order
    assert dict(params)["scope"] == SCOPE
    assert dict(params)["state"] == "st-A"
    assert len(dict(params)["code"]) == 40


def test_the_issued_token_works_with_the_granted_scopes(call: Call) -> None:
    code = authorize(call)["code"]

    response = exchange(call, code)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 315576000
    assert body["refresh_token"] is None
    token = body["access_token"]
    user = call("GET", "/api/v1/user/", who=token).json()
    assert user["username"] == "devtable"
    assert "super_user" not in user and "email" not in user  # only repo:read user:read
    denied = call("DELETE", "/api/v1/message/x", who=token)
    assert denied.json()["error_type"] == "insufficient_scope"


def test_a_code_works_once(call: Call) -> None:
    code = authorize(call)["code"]
    assert exchange(call, code).status_code == 200

    again = exchange(call, code)

    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"scope": "user:read repo:read"}, "invalid_grant"),  # same scopes, other order
        ({"scope": "repo:write"}, "invalid_grant"),
        ({"redirect_uri": "http://127.0.0.1:8000/other"}, "invalid_grant"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
    ],
)
def test_exchange_errors_leave_the_code_usable(
    call: Call, overrides: dict[str, str], error: str
) -> None:
    code = authorize(call)["code"]

    failed = exchange(call, code, **overrides)

    assert (failed.status_code, failed.json()) == (400, {"error": error})
    assert exchange(call, code).status_code == 200


@pytest.mark.parametrize("missing", ["client_id", "redirect_uri", "code", "scope"])
def test_a_missing_parameter_is_named(call: Call, missing: str) -> None:
    overrides: dict[str, str | None] = {missing: None}
    code = overrides.pop("code", "somecode")

    response = exchange(call, code, **overrides)

    assert response.status_code == 400
    assert response.json() == {"error": f"Required param: {missing}"}


def test_http_basic_client_credentials_crash_quay(call: Call) -> None:
    code = authorize(call)["code"]

    response = exchange(call, code, headers={"Authorization": "Basic ZGFzaDpzZWNyZXQ="})

    assert response.status_code == 500


def test_an_unknown_client_is_404(call: Call) -> None:
    response = call("GET", "/oauth/authorize", params={"client_id": "nope", "scope": SCOPE})

    assert response.status_code == 404


def test_only_admins_of_the_owning_organization_may_authorize(call: Call) -> None:
    params = {"client_id": DEMO_OAUTH_CLIENT_ID, "redirect_uri": CALLBACK, "scope": SCOPE}

    response = call("GET", "/oauth/authorize", params={**params, "sandbox_user": "reader"})

    assert response.status_code == 403


def test_a_foreign_redirect_uri_goes_to_the_registered_one(call: Call) -> None:
    params = authorize(call, redirect_uri="http://evil.example/cb")

    assert params == {"error": "redirect_uri_mismatch"}


@pytest.mark.parametrize("base", ["http://localhost:9999/callback", "http://127.0.0.1:4321/x"])
def test_any_loopback_port_is_accepted_for_the_demo_client(call: Call, base: str) -> None:
    code = authorize(call, redirect_uri=base)["code"]

    assert exchange(call, code, redirect_uri=base).status_code == 200


def test_recorded_client_with_its_registered_redirect(call: Call) -> None:
    code = authorize(call, client_id="deadpork", redirect_uri="http://localhost:8000/o2c.html")[
        "code"
    ]

    response = exchange(
        call,
        code,
        client_id="deadpork",
        client_secret="B0UPN17WENY3JDM06FNYBYUTFVLZIMWWFG2P8CCI",
        redirect_uri="http://localhost:8000/o2c.html",
    )

    assert response.status_code == 200


def test_implicit_grant_puts_the_token_in_the_fragment(call: Call) -> None:
    response = call(
        "GET",
        "/oauth/authorize",
        params={
            "client_id": DEMO_OAUTH_CLIENT_ID,
            "redirect_uri": CALLBACK,
            "scope": SCOPE,
            "response_type": "token",
            "state": "st-C",
        },
    )

    fragment = dict(parse_qsl(urlsplit(response.headers["Location"]).fragment))
    assert fragment["token_type"] == "Bearer"
    assert call("GET", "/api/v1/user/", who=fragment["access_token"]).status_code == 200
