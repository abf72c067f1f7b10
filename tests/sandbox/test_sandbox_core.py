"""Tokens and scopes, canonical paths, the user view and global messages."""

from __future__ import annotations

import re

import pytest

from sandbox.world import DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, DEMO_TOKENS
from tests.sandbox.conftest import Call

INSUFFICIENT_SCOPE = {"error_type": "insufficient_scope", "status": 403, "detail": "Unauthorized"}


def test_demo_credentials_look_like_quays() -> None:
    assert {"devtable", "reader", "freshuser", "devtable-nosuper"} <= DEMO_TOKENS.keys()
    assert len(set(DEMO_TOKENS.values())) == len(DEMO_TOKENS)
    for token in DEMO_TOKENS.values():
        assert re.fullmatch(r"sandbox[A-Za-z0-9]{33}", token)
    assert DEMO_OAUTH_CLIENT_ID == "quayside-sandbox"
    assert re.fullmatch(r"[A-Z0-9]{40}", DEMO_OAUTH_CLIENT_SECRET)


def test_superuser_with_all_scopes_sees_everything(call: Call) -> None:
    body = call("GET", "/api/v1/user/", who="devtable").json()

    assert body["username"] == "devtable"
    assert body["super_user"] is True
    assert body["email"] == "jschorr@devtable.com"
    assert [o["name"] for o in body["organizations"]] == [
        "buynlarge", "testorgforautoprune", "library", "titi", "sellnsmall", "proxyorg",
    ]  # fmt: skip
    assert all(o["is_org_admin"] and o["can_create_repo"] for o in body["organizations"])


def test_without_super_user_scope_the_superuser_flag_is_absent(call: Call) -> None:
    body = call("GET", "/api/v1/user/", who="devtable-nosuper").json()

    assert "super_user" not in body
    assert body["email"] == "jschorr@devtable.com"  # user:admin still shows the details


def test_reader_gets_the_short_view(call: Call) -> None:
    body = call("GET", "/api/v1/user/", who="reader").json()

    assert set(body) == {"anonymous", "username", "avatar", "organizations"}
    assert body["organizations"] == [
        {
            "name": "buynlarge",
            "avatar": {
                "name": "buynlarge",
                "hash": "f9a899918948034278719f9ba5eec74817c2d41efb16b99c9109858ad0f71dc3",
                "color": "#31a354",
                "kind": "org",
            },
            "can_create_repo": False,
            "public": False,
        }
    ]


def test_freshuser_is_no_superuser_and_in_no_organization(call: Call) -> None:
    body = call("GET", "/api/v1/user/", who="freshuser").json()

    assert body["username"] == "freshuser"
    assert body["organizations"] == []
    assert "super_user" not in body


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer notarealtoken", "Bearer " + "x" * 40, "Basic ZGV2dGFibGU6cGFzc3dvcmQ="],
)
def test_missing_or_unknown_credentials_answer_401(call: Call, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = call("GET", "/api/v1/user/", headers=headers)

    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["session_required"] is False
    assert body["error_type"] == body["title"] == "invalid_token"
    assert body["type"].endswith("/api/v1/error/invalid_token")


def test_a_path_without_its_canonical_slash_is_redirected(call: Call) -> None:
    response = call("GET", "/api/v1/user?x=1", who="devtable")

    assert response.status_code == 308
    assert response.headers["Location"] == f"{response.url.split('/api/')[0]}/api/v1/user/?x=1"


def test_an_unknown_path_redirects_then_404s(call: Call) -> None:
    first = call("GET", "/api/v1/doesnotexist", who="devtable")
    assert first.status_code == 308
    assert first.headers["Location"].endswith("/api/v1/doesnotexist/")

    second = call("GET", "/api/v1/doesnotexist/", who="devtable")
    assert second.status_code == 404
    assert second.json()["error_type"] == "not_found"


def test_a_canonical_path_without_slash_does_not_take_one(call: Call) -> None:
    assert call("GET", "/api/v1/messages/").status_code == 404


def test_wrong_method_on_a_known_path_is_405(call: Call) -> None:
    assert call("PATCH", "/api/v1/user/", who="devtable").status_code == 405


# --- Messages ---

MESSAGE = {"message": {"content": "hello", "media_type": "text/markdown", "severity": "info"}}


def test_messages_are_public(call: Call) -> None:
    body = call("GET", "/api/v1/messages").json()

    assert [m["uuid"] for m in body["messages"]] == [
        "cbd8bbc8-5527-44c0-bc8e-a420f422cc9c",
        "01ca0d5d-59d8-44d2-ab37-9e003133d064",
    ]


def test_create_then_delete_a_message(call: Call) -> None:
    created = call("POST", "/api/v1/messages", who="devtable", json=MESSAGE)
    assert (created.status_code, created.text) == (201, "")

    messages = call("GET", "/api/v1/messages").json()["messages"]
    new = messages[-1]
    assert {k: new[k] for k in ("content", "media_type", "severity")} == MESSAGE["message"]

    for _ in range(2):  # deleting again still answers 204
        assert call("DELETE", f"/api/v1/message/{new['uuid']}", who="devtable").status_code == 204
    assert len(call("GET", "/api/v1/messages").json()["messages"]) == 2


@pytest.mark.parametrize(
    ("message", "detail"),
    [
        ({"content": "bad", "severity": "nope"}, "'media_type' is a required property"),
        (
            {"content": "x", "media_type": "text/plain", "severity": "nope"},
            "'nope' is not one of ['info', 'warning', 'error']",
        ),
    ],
)
def test_an_invalid_message_is_400(call: Call, message: dict[str, str], detail: str) -> None:
    response = call("POST", "/api/v1/messages", who="devtable", json={"message": message})

    assert response.status_code == 400
    assert response.json()["error_type"] == "invalid_request"
    assert response.json()["detail"] == detail


def test_a_non_superuser_gets_quays_plain_403(call: Call) -> None:
    response = call("POST", "/api/v1/messages", who="freshuser", json=MESSAGE)

    assert response.status_code == 403
    assert set(response.json()) == {"message"}
    assert call("DELETE", "/api/v1/message/x", who="freshuser").json().keys() == {"message"}


@pytest.mark.parametrize("who", ["devtable-nosuper", "reader"])
def test_without_the_super_user_scope_messages_are_insufficient_scope(call: Call, who: str) -> None:
    response = call("POST", "/api/v1/messages", who=who, json=MESSAGE)

    assert response.status_code == 403
    assert INSUFFICIENT_SCOPE.items() <= response.json().items()


def test_creating_a_message_needs_a_token(call: Call) -> None:
    assert call("POST", "/api/v1/messages", json=MESSAGE).status_code == 401
