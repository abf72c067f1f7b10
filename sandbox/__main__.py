"""`python -m sandbox`: run the in-memory Quay double until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import time
from types import FrameType

from sandbox.server import SandboxServer
from sandbox.world import (
    DEMO_OAUTH_CLIENT_ID,
    DEMO_OAUTH_CLIENT_SECRET,
    DEMO_TOKEN_GRANTS,
    DEMO_TOKENS,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="Serve an in-memory double of the Quay API (/api/v1 and /oauth).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--latency-ms", type=int, default=0, help="sleep added to every API call")
    parser.add_argument(
        "--serial",
        action="store_true",
        help="answer calls with a token one at a time, as one Quay worker does",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    sandbox = SandboxServer(
        options.host, options.port, options.latency_ms, serial=options.serial
    ).start()
    print(f"Quay sandbox serving at {sandbox.url}")
    print("Demo tokens (Authorization: Bearer <token>):")
    for key, token in DEMO_TOKENS.items():
        username, scopes = DEMO_TOKEN_GRANTS[key]
        print(f"  {key} ({username}): {' '.join(scopes)}: {token}")
    print(f"OAuth client id: {DEMO_OAUTH_CLIENT_ID}")
    print(f"OAuth client secret: {DEMO_OAUTH_CLIENT_SECRET}")
    print("Press Ctrl-C to stop.", flush=True)
    # Ctrl-C and SIGTERM both stop the server cleanly, even when the shell started us in the
    # background with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopping the sandbox.", flush=True)
    finally:
        sandbox.stop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
