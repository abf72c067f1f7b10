from __future__ import annotations

from django.conf import settings
from django.db import models


class QuayToken(models.Model):
    """The Quay token of one sign-in, encrypted: a person signed in in two browsers has two rows,
    each with the token that browser signed in with.

    The session holds `sign_in`, a random id naming its row (never the token, and not the
    session key, so it may appear in cache keys). Read only by `dashboard.accounts.tokens`;
    deleted at that session's sign-out, when Quay rejects the token, and by `end_sessions`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quay_tokens"
    )
    sign_in = models.CharField(max_length=64, unique=True)
    quay_username = models.CharField(max_length=255)
    quay_host = models.CharField(max_length=255)
    encrypted_token = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        # Never the token, not even encrypted.
        return f"Quay token of {self.quay_username}@{self.quay_host} (one sign-in)"
