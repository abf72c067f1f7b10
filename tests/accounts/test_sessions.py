"""Each sign-in acts with its own token: two browsers of one person keep their own powers and
sign out on their own; an administrator can end them all; a key change is named as such."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import Client

from dashboard.accounts.models import QuayToken
from dashboard.organizations import review
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_a(sandbox: SandboxServer) -> Client:
    """devtable, signed in with a token lacking super:user."""
    return sign_in(Client(), DEMO_TOKENS["devtable-nosuper"])


@pytest.fixture
def browser_b(sandbox: SandboxServer, browser_a: Client) -> Client:
    """devtable again, in another browser, with a full token (after A signed in)."""
    return sign_in(Client(), DEMO_TOKENS["devtable"])


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_a_browser_keeps_the_powers_of_its_own_token(browser_a: Client, browser_b: Client) -> None:
    assert QuayToken.objects.count() == 2
    assert len({token.user_id for token in QuayToken.objects.all()}) == 1
    # B's full token gives B the console; A's token still lacks super:user.
    assert browser_b.get("/superuser/users/").status_code == 200
    refused = browser_a.get("/superuser/users/")
    assert refused.status_code == 403
    assert "the token lacks the <code>super:user</code> scope" in refused.content.decode()
    assert b'href="/superuser/"' not in browser_a.get("/").content
    assert b'href="/superuser/"' in browser_b.get("/").content


@pytest.mark.parametrize("leaving", ["a", "b"])
def test_signing_out_in_one_browser_leaves_the_other_signed_in(
    browser_a: Client, browser_b: Client, leaving: str
) -> None:
    gone, stays = (browser_a, browser_b) if leaving == "a" else (browser_b, browser_a)
    assert gone.post("/signout/").status_code == 302
    assert not _signed_in(gone)
    assert _signed_in(stays)
    assert QuayToken.objects.count() == 1
    # The one left still acts with its own token.
    console = stays.get("/superuser/users/").status_code
    assert console == (200 if stays is browser_b else 403)


def test_signing_in_again_in_one_browser_replaces_its_own_token(
    browser_a: Client, browser_b: Client
) -> None:
    sign_in(browser_a, DEMO_TOKENS["devtable"])
    assert QuayToken.objects.count() == 2
    assert browser_a.get("/superuser/users/").status_code == 200


def test_what_one_sign_in_caches_is_not_shown_to_another(
    browser_a: Client, browser_b: Client
) -> None:
    browser_b.get("/organization/buynlarge/access/")
    scope_a = "s-" + browser_a.session["quay_sign_in"]
    scope_b = "s-" + browser_b.session["quay_sign_in"]
    assert review.load(scope_b, "buynlarge") is not None
    assert review.load(scope_a, "buynlarge") is None


def test_an_administrator_ends_every_session_of_a_person(
    browser_a: Client, browser_b: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = sign_in(Client(), DEMO_TOKENS["reader"])
    call_command("end_sessions", "devtable")
    assert "Ended 2 session(s) and deleted 2 stored token(s)" in capsys.readouterr().out
    assert not _signed_in(browser_a)
    assert not _signed_in(browser_b)
    assert _signed_in(reader)
    assert list(QuayToken.objects.values_list("quay_username", flat=True)) == ["reader"]


def test_ending_the_sessions_of_no_one_says_so(sandbox: SandboxServer) -> None:
    with pytest.raises(CommandError, match="No one named nobody@"):
        call_command("end_sessions", "nobody")


def test_a_token_no_key_opens_ends_the_session_saying_the_key_changed(
    browser_b: Client, settings: Any
) -> None:
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    response = browser_b.get("/repository/")
    assert response.status_code == 302
    assert response["Location"].startswith("/signin/")
    page = browser_b.get(response["Location"]).content.decode()
    assert "encryption key has changed" in page
    assert "expired or revoked" not in page
    assert QuayToken.objects.count() == 1  # A's, untouched by B's session


def test_rotating_keys_keeps_everyone_signed_in(
    browser_a: Client,
    browser_b: Client,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [old]
    # Tokens sealed under the old key (signing in again stores them under it).
    sign_in(browser_a, DEMO_TOKENS["devtable-nosuper"])
    sign_in(browser_b, DEMO_TOKENS["devtable"])
    settings.TOKEN_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_token_keys")
    assert "Re-encrypted 2 stored token(s)" in capsys.readouterr().out
    settings.TOKEN_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert _signed_in(browser_a)
    assert _signed_in(browser_b)
    assert browser_b.get("/superuser/users/").status_code == 200


def test_rotation_counts_the_tokens_no_key_opens(
    browser_a: Client, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    call_command("rotate_token_keys")
    out = capsys.readouterr().out
    assert "Re-encrypted 0 stored token(s)" in out
    assert "1 token(s) open with none of the configured keys" in out
