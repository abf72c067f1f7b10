"""The superuser console's cast: besides devtable (superuser), reader and freshuser (not),
devtable with a token lacking super:user, and the sandbox's global read-only superuser."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sandbox.api.superuser import READONLY_SUPERUSER_TOKEN
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in


@pytest.fixture
def nosuper(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), DEMO_TOKENS["devtable-nosuper"])


@pytest.fixture
def readonly(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), READONLY_SUPERUSER_TOKEN)


def form_token(client: Client, url: str) -> str:
    """The one-time token of a form on `url`, as a person's browser would send it back."""
    html = client.get(url).content.decode()
    found = re.search(r'name="form_token" value="([^"]+)"', html)
    assert found, f"no form on {url}"
    return found.group(1)


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{call.method} {call.path}" for call in sandbox.calls if call.method != "GET"]
