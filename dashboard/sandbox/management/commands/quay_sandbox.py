"""`python manage.py quay_sandbox`: run the in-memory Quay double until Ctrl-C."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dashboard.sandbox.server import SandboxServer
from dashboard.sandbox.world import (
    DEMO_OAUTH_CLIENT_ID,
    DEMO_OAUTH_CLIENT_SECRET,
    DEMO_TOKEN_GRANTS,
    DEMO_TOKENS,
)


class Command(BaseCommand):
    help = "Serve an in-memory double of the Quay API (/api/v1 and /oauth) for development."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8081)
        parser.add_argument(
            "--latency-ms", type=int, default=0, help="sleep added to every API call"
        )
        parser.add_argument(
            "--serial",
            action="store_true",
            help="answer calls with a token one at a time, as one Quay worker does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sandbox = SandboxServer(
            options["host"], options["port"], options["latency_ms"], serial=options["serial"]
        ).start()
        out = self.stdout
        out.write(f"Quay sandbox serving at {sandbox.url}")
        out.write("Demo tokens (Authorization: Bearer <token>):")
        for key, token in DEMO_TOKENS.items():
            username, scopes = DEMO_TOKEN_GRANTS[key]
            out.write(f"  {key} ({username}): {' '.join(scopes)}: {token}")
        out.write(f"OAuth client id: {DEMO_OAUTH_CLIENT_ID}")
        out.write(f"OAuth client secret: {DEMO_OAUTH_CLIENT_SECRET}")
        out.write("Press Ctrl-C to stop.")
        # Ctrl-C and SIGTERM both stop the server cleanly, even when the shell started us in the
        # background with SIGINT ignored.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            out.write("Stopping the sandbox.")
        finally:
            sandbox.stop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
