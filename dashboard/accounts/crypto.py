"""Encryption of Quay tokens at rest.

TOKEN_ENCRYPTION_KEYS is a comma-separated list of Fernet keys: the first encrypts, all decrypt,
so a key can be rotated by putting the new one first. Unset, one key is derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class TokenDecryptionError(Exception):
    """No configured key opens the stored token (keys rotated away, or SECRET_KEY changed)."""


def _derived_key(secret: str) -> bytes:
    digest = hashlib.sha256(b"quayside token encryption:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        return MultiFernet([Fernet(_derived_key(secret))])
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except ValueError:
            raise ImproperlyConfigured(
                f"TOKEN_ENCRYPTION_KEYS: key {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from None
    return MultiFernet(fernets)


def current_fernet() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt_token(token: str) -> str:
    return current_fernet().encrypt(token.encode()).decode()


def decrypt_token(ciphertext: str) -> str:
    try:
        return current_fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise TokenDecryptionError("the stored token cannot be decrypted") from None
