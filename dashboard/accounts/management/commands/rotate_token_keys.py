"""`manage.py rotate_token_keys`: re-encrypt every stored token under the first key of
TOKEN_ENCRYPTION_KEYS, so an old key can leave the list without signing anyone out."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dashboard.accounts.tokens import rotate_stored_tokens


class Command(BaseCommand):
    help = "Re-encrypt the stored Quay tokens under the first key of TOKEN_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated, unreadable = rotate_stored_tokens()
        self.stdout.write(f"Re-encrypted {rotated} stored token(s) under the first key.")
        if unreadable:
            self.stdout.write(
                f"{unreadable} token(s) open with none of the configured keys: those sign-ins "
                "end at their next request, with a message saying the key changed."
            )
