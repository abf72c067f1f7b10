"""The Quay client at the HTTP boundary: what it sends, and what it makes of each answer."""

from __future__ import annotations

import logging

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import (
    QuayAuthError,
    QuayBadRequest,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)
from dashboard.quay.transport import USER_AGENT, api_path

QUAY = "https://quay.example.com"
TOKEN = "A" * 40


def quay_error(status: int, error_type: str, detail: str) -> dict[str, object]:
    # The shape of every error body the real server sends (see the recorded responses).
    return {
        "detail": detail,
        "error_message": detail,
        "error_type": error_type,
        "title": error_type,
        "type": f"{QUAY}/api/v1/error/{error_type}",
        "status": status,
    }


@pytest.fixture
def client() -> QuayClient:
    return QuayClient(QUAY, TOKEN, session=requests.Session())


@responses.activate
def test_it_sends_the_token_and_its_own_user_agent(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/user/",
        json={"username": "devtable", "super_user": True, "organizations": []},
        match=[
            matchers.header_matcher({"Authorization": f"Bearer {TOKEN}", "User-Agent": USER_AGENT})
        ],
    )
    client.session.headers["User-Agent"] = USER_AGENT
    user = client.get_user()
    assert user.username == "devtable"
    assert user.super_user is True


def test_api_path_encodes_each_part() -> None:
    assert api_path("repository/{ns}/{name}/tag/", ns="devtable", name="simple") == (
        "/api/v1/repository/devtable/simple/tag/"
    )
    # A slash or a dot-dot inside a part stays inside it: no walking to another endpoint.
    assert api_path("repository/{ns}/{name}", ns="../superuser", name="a/b?x=1") == (
        "/api/v1/repository/..%2Fsuperuser/a%2Fb%3Fx%3D1"
    )


@pytest.mark.parametrize(
    ("status", "body", "error", "message"),
    [
        (
            401,
            quay_error(401, "invalid_token", "Requires authentication"),
            QuayAuthError,
            "Requires authentication",
        ),
        (
            403,
            quay_error(403, "insufficient_scope", "Unauthorized"),
            QuayPermissionDenied,
            "Unauthorized",
        ),
        (404, quay_error(404, "not_found", "Not Found"), QuayNotFound, "Not Found"),
        (
            400,
            {"error_message": "Repository already exists", "title": "invalid_request"},
            QuayBadRequest,
            "Repository already exists",
        ),
        (400, {"title": "invalid_request"}, QuayBadRequest, "invalid_request"),
        # A non-superuser POST to /messages answers with a plain {"message": ...} body.
        (
            403,
            {"message": "You don't have the permission to access the requested resource."},
            QuayPermissionDenied,
            "You don't have the permission to access the requested resource.",
        ),
        (500, {"error_message": "boom"}, QuayUnavailable, "Quay had a problem (500): boom"),
        (502, None, QuayUnavailable, "Quay had a problem (502): Bad Gateway"),
    ],
)
@responses.activate
def test_it_maps_each_error_answer(
    client: QuayClient, status: int, body: object, error: type, message: str
) -> None:
    if body is None:
        responses.get(f"{QUAY}/api/v1/user/", status=status, body="<html>bad gateway</html>")
    else:
        responses.get(f"{QUAY}/api/v1/user/", status=status, json=body)
    with pytest.raises(error) as raised:
        client.get_user()
    assert raised.value.message == message
    assert raised.value.status == status


@responses.activate
def test_a_forbidden_answer_keeps_the_error_type(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/user/", status=403, json=quay_error(403, "insufficient_scope", "No")
    )
    with pytest.raises(QuayPermissionDenied) as raised:
        client.get_user()
    assert raised.value.missing_scope


@responses.activate
def test_a_redirect_is_not_followed(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/user/",
        status=308,
        headers={"Location": "https://elsewhere.example.com/api/v1/user/"},
    )
    with pytest.raises(QuayUnavailable, match="redirect"):
        client.get_user()
    assert len(responses.calls) == 1


@responses.activate
def test_a_body_that_is_not_json_is_unavailable(client: QuayClient) -> None:
    responses.get(f"{QUAY}/api/v1/user/", status=200, body="<html>login</html>")
    with pytest.raises(QuayUnavailable, match="not JSON"):
        client.get_user()


@responses.activate
def test_a_timeout_is_unavailable(client: QuayClient) -> None:
    responses.get(f"{QUAY}/api/v1/user/", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(QuayUnavailable, match="did not answer in time"):
        client.get_user()


@responses.activate
def test_a_refused_connection_is_unavailable(client: QuayClient) -> None:
    responses.get(f"{QUAY}/api/v1/user/", body=requests.ConnectionError("refused"))
    with pytest.raises(QuayUnavailable, match="could not be reached"):
        client.get_user()


def test_every_call_has_a_timeout(client: QuayClient, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_request(method: str, url: str, **kwargs: object) -> requests.Response:
        seen.update(kwargs)
        raise requests.ConnectTimeout()

    monkeypatch.setattr(client.session, "request", fake_request)
    with pytest.raises(QuayUnavailable):
        client.get_user()
    assert seen["timeout"] == (3.0, 15.0)
    assert seen["allow_redirects"] is False


@responses.activate
def test_the_token_never_reaches_an_error_or_a_log(
    client: QuayClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.get(
        f"{QUAY}/api/v1/user/", status=400, json={"error_message": f"bad token {TOKEN} given"}
    )
    with pytest.raises(QuayBadRequest) as raised:
        client.get_user()
    assert TOKEN not in str(raised.value)
    assert "[redacted]" in raised.value.message
    assert TOKEN not in repr(client)
    assert TOKEN not in caplog.text
    assert "/api/v1/user/" in caplog.text


@responses.activate
def test_global_messages_are_typed(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/messages",
        json={
            "messages": [
                {"uuid": "u1", "content": "Hello", "severity": "info", "media_type": "text/plain"},
                {
                    "uuid": "u2",
                    "content": "**Down**",
                    "severity": "warning",
                    "media_type": "text/markdown",
                },
            ]
        },
    )
    found = client.list_global_messages()
    assert [m.uuid for m in found] == ["u1", "u2"]
    assert found[1].is_markdown and not found[0].is_markdown


@responses.activate
def test_creating_a_message_accepts_the_empty_201(client: QuayClient) -> None:
    responses.post(
        f"{QUAY}/api/v1/messages",
        status=201,
        body="",
        match=[
            matchers.json_params_matcher(
                {"message": {"content": "x", "severity": "info", "media_type": "text/plain"}}
            )
        ],
    )
    assert client.create_global_message("x", "info", "text/plain") is None


@responses.activate
def test_deleting_a_message_accepts_204(client: QuayClient) -> None:
    responses.delete(f"{QUAY}/api/v1/message/u1", status=204)
    client.delete_global_message("u1")
    assert responses.calls[0].request.method == "DELETE"
