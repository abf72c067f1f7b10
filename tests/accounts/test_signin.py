"""Signing in with a pasted token, with Quay's OAuth flow, and what ends a session."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.test import Client

from dashboard.accounts.crypto import encrypt_token
from dashboard.accounts.models import QuayToken
from sandbox.server import SandboxServer
from sandbox.world import DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, DEMO_TOKENS

pytestmark = pytest.mark.django_db


def test_a_valid_token_signs_in_and_is_stored_encrypted(sandbox: SandboxServer) -> None:
    client = Client()
    token = DEMO_TOKENS["devtable"]
    response = client.post("/signin/", {"token": token})
    assert response.status_code == 302
    assert response["Location"] == "/"
    stored = QuayToken.objects.get()
    assert stored.quay_username == "devtable"
    assert token not in stored.encrypted_token
    page = client.get("/")
    assert page.status_code == 200
    assert b"Welcome, devtable" in page.content
    assert token.encode() not in page.content


def test_a_rejected_token_stores_nothing(sandbox: SandboxServer) -> None:
    client = Client()
    response = client.post("/signin/", {"token": "n0tareal" * 5})
    assert response.status_code == 400
    assert b"Quay rejected this token" in response.content
    assert not QuayToken.objects.exists()
    assert client.get("/").status_code == 302


def test_a_malformed_token_is_refused_without_asking_quay(sandbox: SandboxServer) -> None:
    response = Client().post("/signin/", {"token": "not a token; drop table"})
    assert response.status_code == 400
    assert b"does not look like a Quay token" in response.content
    assert sandbox.calls == []


def test_signing_in_goes_back_where_the_person_was(sandbox: SandboxServer) -> None:
    client = Client()
    response = client.post("/signin/", {"token": DEMO_TOKENS["reader"], "next": "/user/logs/"})
    assert response["Location"] == "/user/logs/"
    other = Client().post(
        "/signin/", {"token": DEMO_TOKENS["reader"], "next": "https://evil.example.com/"}
    )
    assert other["Location"] == "/"


def test_signing_out_deletes_the_token(devtable: Client) -> None:
    assert QuayToken.objects.count() == 1
    response = devtable.post("/signout/")
    assert response.status_code == 302
    assert not QuayToken.objects.exists()
    assert devtable.get("/").status_code == 302


def test_signing_out_needs_a_post(devtable: Client) -> None:
    assert devtable.get("/signout/").status_code == 405
    assert QuayToken.objects.count() == 1


def _revoke_stored_token() -> None:
    # As if the token were revoked in Quay: Quay answers 401 to it from now on.
    QuayToken.objects.update(encrypted_token=encrypt_token("revoked" + "0" * 33))


def test_a_later_401_ends_the_session(devtable: Client) -> None:
    _revoke_stored_token()
    response = devtable.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/signin/?next=")
    assert not QuayToken.objects.exists()
    signin = devtable.get(response["Location"])
    assert b"Quay no longer accepts your token" in signin.content


def test_a_later_401_on_an_htmx_request_redirects_the_whole_page(devtable: Client) -> None:
    _revoke_stored_token()
    response = devtable.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/signin/"
    assert response.content == b""
    assert not QuayToken.objects.exists()


def test_a_401_on_an_htmx_request_comes_back_to_the_page_not_the_fragment(
    devtable: Client,
) -> None:
    _revoke_stored_token()
    response = devtable.get(
        "/repository/devtable/simple/tags/?page=2",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/repository/devtable/simple/",
        },
    )
    assert response["HX-Redirect"] == "/signin/?next=%2Frepository%2Fdevtable%2Fsimple%2F"


@pytest.mark.parametrize(
    "fragment",
    [
        "/repository/devtable/building/builds/deadbeef-dead-beef-dead-beefdeadbeef/log/?start=5",
        "/repository/devtable/simple/tags/?page=2",
        "/organization/buynlarge/logs/?next_page=abc",
    ],
)
def test_an_expired_session_sends_an_htmx_request_to_sign_in_from_the_page(
    devtable: Client, fragment: str
) -> None:
    devtable.logout()  # the dashboard's session ended (expired, or signed out elsewhere)
    page = "/repository/devtable/simple/"
    response = devtable.get(
        fragment, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/signin/?next=%2Frepository%2Fdevtable%2Fsimple%2F"
    assert response.content == b""


def test_an_expired_session_never_leads_back_to_another_site(devtable: Client) -> None:
    devtable.logout()
    response = devtable.get(
        "/repository/devtable/simple/tags/",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/steal"},
    )
    assert response["HX-Redirect"] == "/signin/"


def test_an_expired_session_on_a_plain_get_still_redirects_with_next(devtable: Client) -> None:
    devtable.logout()
    response = devtable.get("/repository/devtable/simple/")
    assert response.status_code == 302
    assert response["Location"] == "/signin/?next=/repository/devtable/simple/"


@pytest.fixture
def oauth_configured(settings: object) -> None:
    settings.QUAY_OAUTH_CLIENT_ID = DEMO_OAUTH_CLIENT_ID  # type: ignore[attr-defined]
    settings.QUAY_OAUTH_CLIENT_SECRET = DEMO_OAUTH_CLIENT_SECRET  # type: ignore[attr-defined]
    settings.SOCIALACCOUNT_PROVIDERS = {  # type: ignore[attr-defined]
        "quay": {
            "SCOPE": ["repo:read", "user:read", "super:user"],
            "APPS": [{"client_id": DEMO_OAUTH_CLIENT_ID, "secret": DEMO_OAUTH_CLIENT_SECRET}],
        }
    }


def test_the_quay_button_shows_only_when_oauth_is_configured(
    sandbox: SandboxServer, oauth_configured: None
) -> None:
    assert b"Sign in with Quay" in Client().get("/signin/").content


def test_the_quay_button_is_hidden_without_oauth(sandbox: SandboxServer) -> None:
    content = Client().get("/signin/").content
    assert b"Sign in with Quay" not in content
    assert b"Sign in with a token" in content


def test_sign_in_with_quay_runs_the_whole_oauth_flow(
    sandbox: SandboxServer, oauth_configured: None
) -> None:
    # The callback URL is built from the request's host, which Quay must accept as a redirect.
    client = Client(HTTP_HOST="127.0.0.1:8000")
    start = client.post("/accounts/quay/login/")
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{sandbox.url}/oauth/authorize?")

    # The browser's visit to Quay: the sandbox approves at once and redirects back.
    approved = requests.get(authorize, allow_redirects=False, timeout=5)
    assert approved.status_code == 302
    callback = urlsplit(approved.headers["Location"])
    assert callback.path == "/accounts/quay/login/callback/"

    finished = client.get(f"{callback.path}?{callback.query}")
    assert finished.status_code == 302, finished.content[:1000]
    assert finished["Location"] == "/"

    stored = QuayToken.objects.get()
    assert stored.quay_username == "devtable"
    assert SocialAccount.objects.get().uid == f"devtable@{urlsplit(sandbox.url).netloc}"
    # allauth keeps no plaintext copy of the token.
    assert not SocialToken.objects.exists()
    assert b"Welcome, devtable" in client.get("/").content


def test_oauth_and_token_sign_in_are_the_same_person(
    sandbox: SandboxServer, oauth_configured: None
) -> None:
    Client().post("/signin/", {"token": DEMO_TOKENS["devtable"]})
    client = Client(HTTP_HOST="127.0.0.1:8000")
    authorize = client.post("/accounts/quay/login/")["Location"]
    callback = urlsplit(
        requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"]
    )
    finished = client.get(f"{callback.path}?{callback.query}")
    assert finished["Location"] == "/"
    # Two sign-ins, each with its own token, of one person.
    assert QuayToken.objects.count() == 2
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 1
    assert {token.user_id for token in QuayToken.objects.all()} == {
        get_user_model().objects.get().pk
    }


def test_allauth_pages_lead_to_our_sign_in(sandbox: SandboxServer) -> None:
    response = Client().get("/accounts/login/?next=/repository/")
    assert response.status_code == 302
    assert response["Location"] == "/signin/?next=/repository/"


def test_a_refused_authorization_is_explained_in_our_layout(
    sandbox: SandboxServer, oauth_configured: None
) -> None:
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.post("/accounts/quay/login/")
    response = client.get("/accounts/quay/login/callback/?error=access_denied&state=bogus")
    assert response.status_code in (200, 401)
    assert b"Quayside" in response.content
    assert not QuayToken.objects.exists()


@pytest.mark.parametrize("url", ["/accounts/quay/login/", "/accounts/quay/login/callback/?code=x"])
def test_sign_in_with_quay_unconfigured_leads_to_token_sign_in(
    sandbox: SandboxServer, url: str
) -> None:
    client = Client()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/signin/"
    assert b"Sign in with Quay is not set up here" in client.get("/signin/").content
