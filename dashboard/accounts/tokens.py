"""The only module that reads a stored Quay token.

`quay_client_for(request)` is how every page reaches Quay on behalf of the signed-in person.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from dashboard.quay.client import QuayClient
from dashboard.quay.core import CurrentUser, OrganizationMembership
from dashboard.quay.errors import QuayAuthError

from .crypto import TokenDecryptionError, decrypt_token, encrypt_token
from .models import QuayToken

logger = logging.getLogger(__name__)

PROFILE_SESSION_KEY = "quay_profile"
_CLIENT_ATTRIBUTE = "_quay_client"


def quay_host() -> str:
    return urlsplit(settings.QUAY_URL).netloc


def dashboard_username(quay_username: str) -> str:
    """One dashboard user per Quay account: the same name on another Quay is another person."""
    return f"{quay_username}@{quay_host()}"


def user_for_quay_account(quay_username: str) -> User:
    user, _ = User.objects.get_or_create(username=dashboard_username(quay_username))
    return user


def store_token(user: User, quay_username: str, token: str) -> None:
    QuayToken.objects.update_or_create(
        user=user,
        defaults={
            "quay_username": quay_username,
            "quay_host": quay_host(),
            "encrypted_token": encrypt_token(token),
        },
    )


def sign_in_with_token(request: HttpRequest, token: str) -> CurrentUser:
    """Check the token with Quay (`GET /api/v1/user/`) and only then store it and log in.

    Raises QuayAuthError when Quay rejects the token; nothing is stored then.
    """
    quay_user = QuayClient.from_settings(token).get_user()
    user = user_for_quay_account(quay_user.username)
    store_token(user, quay_user.username, token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    remember_profile(request, quay_user)
    return quay_user


def end_session(request: HttpRequest) -> None:
    """Sign out: delete our copy of the token, then the dashboard session."""
    user = request.user
    if user.is_authenticated:
        QuayToken.objects.filter(user_id=user.pk).delete()
    logout(request)


def quay_client_for(request: HttpRequest) -> QuayClient:
    """A client that acts as the signed-in person. Raises QuayAuthError when there is no
    usable token, which ends the session like a 401 from Quay would."""
    client = getattr(request, _CLIENT_ATTRIBUTE, None)
    if client is not None:
        return client
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise QuayAuthError("Sign in to continue.")
    stored = QuayToken.objects.filter(user_id=user.pk).first()
    if stored is None or stored.quay_host != quay_host():
        raise QuayAuthError("Your sign-in has ended. Sign in again.")
    try:
        token = decrypt_token(stored.encrypted_token)
    except TokenDecryptionError:
        logger.warning("stored Quay token of user %s cannot be decrypted", user.pk)
        raise QuayAuthError("Your sign-in could not be restored. Sign in again.") from None
    client = QuayClient.from_settings(token)
    setattr(request, _CLIENT_ATTRIBUTE, client)
    return client


def remember_profile(request: HttpRequest, quay_user: CurrentUser) -> None:
    """Keep who the person is in the session, so the navigation needs no call to Quay."""
    request.session[PROFILE_SESSION_KEY] = dataclasses.asdict(quay_user)


def current_profile(request: HttpRequest) -> CurrentUser | None:
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
