from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from dashboard.accounts.crypto import TokenDecryptionError, decrypt_token, encrypt_token


def test_tokens_round_trip_with_the_key_derived_from_secret_key(settings: object) -> None:
    settings.TOKEN_ENCRYPTION_KEYS = []  # type: ignore[attr-defined]
    sealed = encrypt_token("secret-token")
    assert "secret-token" not in sealed
    assert decrypt_token(sealed) == "secret-token"


def test_rotation_first_key_encrypts_all_keys_decrypt(settings: object) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [old]  # type: ignore[attr-defined]
    sealed_with_old = encrypt_token("t1")
    settings.TOKEN_ENCRYPTION_KEYS = [new, old]  # type: ignore[attr-defined]
    assert decrypt_token(sealed_with_old) == "t1"
    sealed_with_new = encrypt_token("t2")
    settings.TOKEN_ENCRYPTION_KEYS = [new]  # type: ignore[attr-defined]
    assert decrypt_token(sealed_with_new) == "t2"
    with pytest.raises(TokenDecryptionError):
        decrypt_token(sealed_with_old)


def test_a_malformed_key_names_the_variable(settings: object) -> None:
    settings.TOKEN_ENCRYPTION_KEYS = ["not-a-key"]  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="TOKEN_ENCRYPTION_KEYS"):
        encrypt_token("x")
