"""The superuser console's cast: besides devtable (superuser), reader and freshuser (not),
devtable with a token lacking super:user, and the sandbox's global read-only superuser."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.api.superuser import READONLY_SUPERUSER_TOKEN
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import form_token, sign_in

# The superuser tests take the token helper from here, with their cast.
__all__ = ["form_token"]


@pytest.fixture
def nosuper(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), DEMO_TOKENS["devtable-nosuper"])


@pytest.fixture
def readonly(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), READONLY_SUPERUSER_TOKEN)


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{call.method} {call.path}" for call in sandbox.calls if call.method != "GET"]
