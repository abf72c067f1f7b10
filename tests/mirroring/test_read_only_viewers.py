"""A global read-only superuser looks at every page of the area and changes nothing: pages
answer (no Django error), and organization pages say in one sentence who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.api.superuser import READONLY_SUPERUSER_TOKEN
from sandbox.server import SandboxServer
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PAGES = (
    # The sandbox lets a global read-only superuser read public repositories only.
    "/repository/public/publicrepo/mirror/",
    "/repository/public/publicrepo/triggers/",
    "/organization/buynlarge/proxycache/",
    "/organization/buynlarge/mirror/",
    "/organization/buynlarge/applications/",
    "/organization/buynlarge/applications/quayside/",
    "/superuser/mirrors/",
)


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def readonly(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), READONLY_SUPERUSER_TOKEN)


def test_a_global_read_only_superuser_can_open_every_page(
    readonly: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    statuses = {path: readonly.get(path).status_code for path in PAGES}
    assert statuses == dict.fromkeys(PAGES, 200)
    assert "Only administrators of buynlarge" in text(
        readonly.get("/organization/buynlarge/applications/")
    )
    failed = [f"{c.method} {c.path} {c.status}" for c in sandbox.calls if c.status >= 400]
    assert failed == []
