"""The only module that reads a stored Quay token.

Each sign-in keeps its own token: the session names its row (`QuayToken.sign_in`), so two
browsers of one person act each with the token it signed in with, and signing out in one
leaves the other signed in. `quay_client_for(request)` is how every page reaches Quay on behalf
of the signed-in person.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.db import transaction

from dashboard.quay.client import QuayClient
from dashboard.quay.core import CurrentUser, OrganizationMembership
from dashboard.quay.errors import QuayAuthError
from dashboard.web.htmx import HtmxHttpRequest

from .crypto import TokenDecryptionError, current_fernet, decrypt_token, encrypt_token
from .models import QuayToken

logger = logging.getLogger(__name__)

PROFILE_SESSION_KEY = "quay_profile"
SIGN_IN_SESSION_KEY = "quay_sign_in"
_CLIENT_ATTRIBUTE = "_quay_client"
# A token checked with Quay, waiting for the login that follows (never in the session).
_HELD_ATTRIBUTE = "_quay_token_to_store"

SIGN_IN_ENDED = "Your sign-in has ended. Sign in again."
KEY_CHANGED = (
    "Quayside's encryption key has changed since you signed in, so it can no longer read the "
    "token you signed in with. Sign in again."
)


class SignInEnded(QuayAuthError):
    """The session has no usable token of its own; `message` says why, for the sign-in page."""


def quay_host() -> str:
    return urlsplit(settings.QUAY_URL).netloc


def dashboard_username(quay_username: str) -> str:
    """One dashboard user per Quay account: the same name on another Quay is another person."""
    return f"{quay_username}@{quay_host()}"


def user_for_quay_account(quay_username: str) -> User:
    user, _ = User.objects.get_or_create(username=dashboard_username(quay_username))
    return user


def hold_token_for_login(request: HtmxHttpRequest, quay_user: CurrentUser, token: str) -> None:
    """Keep a token Quay accepted on the request until the login that follows stores it for
    that session (`store_held_token`, on Django's `user_logged_in`): the login may give the
    session a new key or empty it, so nothing is written to the session before."""
    setattr(request, _HELD_ATTRIBUTE, (quay_user, token))


def store_held_token(sender: object, request: HtmxHttpRequest | None, user: User, **_: Any) -> None:
    """`user_logged_in` receiver: this session's own row, replacing the one it had."""
    held = getattr(request, _HELD_ATTRIBUTE, None) if request is not None else None
    if request is None or held is None:
        return
    delattr(request, _HELD_ATTRIBUTE)
    quay_user, token = held
    previous = request.session.get(SIGN_IN_SESSION_KEY)
    sign_in = secrets.token_urlsafe(32)
    with transaction.atomic():
        if previous:
            QuayToken.objects.filter(sign_in=previous).delete()
        QuayToken.objects.create(
            user=user,
            sign_in=sign_in,
            quay_username=quay_user.username,
            quay_host=quay_host(),
            encrypted_token=encrypt_token(token),
        )
    request.session[SIGN_IN_SESSION_KEY] = sign_in
    remember_profile(request, quay_user)


def sign_in_with_token(request: HtmxHttpRequest, token: str) -> CurrentUser:
    """Check the token with Quay (`GET /api/v1/user/`) and only then store it and log in.

    Raises QuayAuthError when Quay rejects the token; nothing is stored then.
    """
    quay_user = QuayClient.from_settings(token).get_user()
    user = user_for_quay_account(quay_user.username)
    hold_token_for_login(request, quay_user, token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return quay_user


def end_session(request: HtmxHttpRequest) -> None:
    """Sign out: delete this sign-in's token (the person's other sign-ins keep theirs), then
    the dashboard session."""
    sign_in = request.session.get(SIGN_IN_SESSION_KEY) if hasattr(request, "session") else None
    if sign_in:
        QuayToken.objects.filter(sign_in=sign_in).delete()
    logout(request)


def cache_scope(request: HtmxHttpRequest) -> str:
    """Whose answers a per-person cache entry holds: the sign-in, since two sign-ins of one
    person may hold tokens of different scopes (and see different things)."""
    sign_in = request.session.get(SIGN_IN_SESSION_KEY)
    return f"s-{sign_in}" if sign_in else f"u-{request.user.pk}"


def quay_client_for(request: HtmxHttpRequest) -> QuayClient:
    """A client that acts with this sign-in's token. Raises QuayAuthError when there is no
    usable token, which ends the session like a 401 from Quay would."""
    client = getattr(request, _CLIENT_ATTRIBUTE, None)
    if client is not None:
        return client
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise QuayAuthError("Sign in to continue.")
    sign_in = request.session.get(SIGN_IN_SESSION_KEY)
    stored = QuayToken.objects.filter(sign_in=sign_in, user_id=user.pk).first() if sign_in else None
    if stored is None or stored.quay_host != quay_host():
        raise SignInEnded(SIGN_IN_ENDED)
    try:
        token = decrypt_token(stored.encrypted_token)
    except TokenDecryptionError:
        logger.warning("a stored Quay token of user %s cannot be decrypted", user.pk)
        stored.delete()
        raise SignInEnded(KEY_CHANGED) from None
    client = QuayClient.from_settings(token)
    setattr(request, _CLIENT_ATTRIBUTE, client)
    return client


def end_all_sessions(users: Iterable[User]) -> tuple[int, int]:
    """Every sign-in of these people ends: their tokens are deleted, then their sessions.
    Returns (tokens deleted, sessions deleted)."""
    ids = {str(user.pk) for user in users}
    if not ids:
        return 0, 0
    tokens, _ = QuayToken.objects.filter(user_id__in=ids).delete()
    # Sessions are not indexed by person; an administrator's occasional scan is affordable.
    ended = [
        session.session_key
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id", "")) in ids
    ]
    sessions, _ = Session.objects.filter(session_key__in=ended).delete()
    return tokens, sessions


def rotate_stored_tokens() -> tuple[int, int]:
    """Re-encrypt every stored token under the first key of TOKEN_ENCRYPTION_KEYS, so the
    other keys can be removed without ending anyone's sign-in. Returns (re-encrypted,
    unreadable): a token no configured key opens is left as it is."""
    fernet = current_fernet()
    rotated = unreadable = 0
    for stored in QuayToken.objects.only("pk", "encrypted_token").iterator():
        try:
            ciphertext = fernet.rotate(stored.encrypted_token.encode()).decode()
        except InvalidToken:
            unreadable += 1
            continue
        QuayToken.objects.filter(pk=stored.pk).update(encrypted_token=ciphertext)
        rotated += 1
    return rotated, unreadable


def remember_profile(request: HtmxHttpRequest, quay_user: CurrentUser) -> None:
    """Keep who the person is in the session, so the navigation needs no call to Quay."""
    request.session[PROFILE_SESSION_KEY] = dataclasses.asdict(quay_user)


def current_profile(request: HtmxHttpRequest) -> CurrentUser | None:
    """The signed-in person as Quay last described them (fetched once if the session lacks it)."""
    if not request.user.is_authenticated:
        return None
    stored: dict[str, Any] | None = request.session.get(PROFILE_SESSION_KEY)
    if stored:
        organizations = [OrganizationMembership(**org) for org in stored.get("organizations", [])]
        return CurrentUser(**{**stored, "organizations": organizations})
    quay_user = quay_client_for(request).get_user()
    remember_profile(request, quay_user)
    return quay_user
