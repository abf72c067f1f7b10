"""`manage.py end_sessions devtable [...]`: sign a person out everywhere (a lost laptop, a
token to withdraw at once). Their stored tokens are deleted, then their sessions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.accounts.tokens import dashboard_username, end_all_sessions


class Command(BaseCommand):
    help = "End every Quayside sign-in of the named Quay accounts (tokens and sessions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "usernames",
            nargs="+",
            help="Quay user names, as on the configured QUAY_URL (or name@host for another)",
        )

    def handle(self, *args: Any, usernames: list[str], **options: Any) -> None:
        users = []
        for name in usernames:
            full = name if "@" in name else dashboard_username(name)
            user = User.objects.filter(username=full).first()
            if user is None:
                raise CommandError(f"No one named {full} has signed in to Quayside.")
            users.append(user)
        tokens, sessions = end_all_sessions(users)
        self.stdout.write(
            f"Ended {sessions} session(s) and deleted {tokens} stored token(s) of "
            f"{', '.join(user.username for user in users)}."
        )
