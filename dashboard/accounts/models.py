from __future__ import annotations

from django.conf import settings
from django.db import models


class QuayToken(models.Model):
    """The Quay OAuth token a person signed in with, encrypted; one per dashboard user.

    Read only by `dashboard.accounts.tokens`; deleted at sign-out and when Quay rejects it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quay_token"
    )
    quay_username = models.CharField(max_length=255)
    quay_host = models.CharField(max_length=255)
    encrypted_token = models.TextField()
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        # Never the token, not even encrypted.
        return f"Quay token of {self.quay_username}@{self.quay_host}"
