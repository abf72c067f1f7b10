"""A scan Quay reports as queued takes minutes: a returning visit within them asks for no
report again, and one after them does."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from dashboard.repositories.security import QUEUED_SECONDS
from dashboard.web import clock
from sandbox.server import SandboxServer
from tests.conftest import USES_REDIS, htmx

pytestmark = pytest.mark.django_db

SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"
DETAILS = f"/repository/devtable/simple/tags/details/?d={SIMPLE_LATEST}"


def _security_calls(sandbox: SandboxServer) -> int:
    return sum(call.path.endswith("/security") for call in sandbox.calls)


def test_a_queued_scan_is_not_asked_for_again_for_minutes(
    devtable: Client, sandbox: SandboxServer
) -> None:
    assert "queued" in htmx(devtable, DETAILS).content.decode()  # type: ignore[attr-defined]
    assert _security_calls(sandbox) == 1
    start = clock.now()
    with time_machine.travel(start + timedelta(seconds=120), tick=False):
        sandbox.clear_calls()
        assert "queued" in htmx(devtable, DETAILS).content.decode()  # type: ignore[attr-defined]
        assert _security_calls(sandbox) == 0
    if USES_REDIS:
        return  # Redis counts an entry's lifetime by its own clock, which no test moves
    with time_machine.travel(start + timedelta(seconds=QUEUED_SECONDS + 60), tick=False):
        sandbox.clear_calls()
        htmx(devtable, DETAILS)
        assert _security_calls(sandbox) == 1
