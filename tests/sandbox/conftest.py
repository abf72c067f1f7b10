"""Fixtures for the sandbox's own tests. They need no Django: the sandbox is plain Python."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS

Call = Callable[..., requests.Response]


@pytest.fixture(scope="session")
def running_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(running_sandbox: SandboxServer) -> SandboxServer:
    """The shared server, back to its seeded state with an empty call log and no latency."""
    running_sandbox.reset()
    running_sandbox.clear_calls()
    running_sandbox.latency_ms = 0
    return running_sandbox


@pytest.fixture
def call(sandbox: SandboxServer) -> Iterator[Call]:
    """`call("GET", "/api/v1/user/", who="reader")`: one request, redirects not followed."""
    session = requests.Session()

    def send(method: str, path: str, who: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if who is not None:
            headers["Authorization"] = f"Bearer {DEMO_TOKENS.get(who, who)}"
        kwargs.setdefault("allow_redirects", False)
        return session.request(method, sandbox.url + path, headers=headers, timeout=10, **kwargs)

    yield send
    session.close()
