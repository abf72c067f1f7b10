"""The cast every test shares: a sandbox Quay over real HTTP, and people signed in to it.

The sandbox's demo tokens are the cast: devtable (superuser, every scope), reader (repo:read and
user:read only) and freshuser (every scope, no superuser, not in buynlarge).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client, RequestFactory

from dashboard.web.actions import issue_form_token
from dashboard.web.background import BackgroundReport
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.faults import FaultProxy

# QUAYSIDE_CLOCK_SHIFT_DAYS=N runs the whole suite, the sandbox included, N days from today
# (`make test` runs it once a year ahead): nothing may depend on the date the suite runs on.
CLOCK_SHIFT_DAYS = int(os.environ.get("QUAYSIDE_CLOCK_SHIFT_DAYS") or 0)
if CLOCK_SHIFT_DAYS:
    time_machine.travel(datetime.now(UTC) + timedelta(days=CLOCK_SHIFT_DAYS), tick=True).start()

# Playwright's sync API runs an event loop in the main thread; Django's async-safety check
# would then refuse the database calls of the live server fixture's setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# On Redis, parallel workers share one server: each keeps to keys of its own, and clears only
# those (Django's cache.clear() would flush the other worker's keys mid-test).
USES_REDIS = "redis" in settings.CACHES["default"]["BACKEND"].lower()
if USES_REDIS:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.CACHES["default"]["KEY_PREFIX"] += f"-{worker}"
else:
    # Without Redis the product shares Django's database cache between its processes; the
    # suite keeps a cache of its own per test process, so a test needs no database for it
    # (tests/accounts/test_shared_cache.py runs the database cache, across processes).
    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def clear_cache() -> None:
    if not USES_REDIS:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    for key in client.scan_iter(match=cache.make_key("*").replace(":1:*", ":*")):
        client.delete(key)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    server = SandboxServer().start()
    previous = settings.QUAY_URL
    settings.QUAY_URL = server.url
    yield server
    settings.QUAY_URL = previous
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> Iterator[SandboxServer]:
    """The sandbox in its seeded state, with no calls recorded yet."""
    sandbox_server.reset()
    sandbox_server.latency_ms = 0
    sandbox_server.clear_calls()
    yield sandbox_server
    # A review a test started builds on in the background: let it end here, so that its calls
    # never land in the next test's record.
    BackgroundReport.wait_for_all(timeout=30)


@pytest.fixture(scope="session", autouse=True)
def _end_stray_connections(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """Worker threads (concurrent calls, background builds) keep database connections of their
    own; on PostgreSQL the test database cannot be dropped while they are open."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def sign_in(client: Client, token: str) -> Client:
    response = client.post("/signin/", {"token": token})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def devtable(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), DEMO_TOKENS["devtable"])


@pytest.fixture
def reader(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), DEMO_TOKENS["reader"])


@pytest.fixture
def freshuser(sandbox: SandboxServer, db: None) -> Client:
    return sign_in(Client(), DEMO_TOKENS["freshuser"])


def htmx(client: Client, url: str, **extra: str) -> object:
    """A GET as htmx sends it when it swaps a fragment."""
    return client.get(url, headers={"HX-Request": "true", **extra})


@pytest.fixture(scope="session")
def fault_proxy_server(sandbox_server: SandboxServer) -> Iterator[FaultProxy]:
    proxy = FaultProxy(sandbox_server.url).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def fault_proxy(
    fault_proxy_server: FaultProxy, sandbox: SandboxServer, settings: Any
) -> Iterator[FaultProxy]:
    """The dashboard talks to the sandbox through the fault proxy (passing calls through until a
    test sets `fault`); sign in after asking for it, so the token belongs to the proxy's host."""
    settings.QUAY_URL = fault_proxy_server.url
    fault_proxy_server.fault = None
    fault_proxy_server.release.clear()
    yield fault_proxy_server
    fault_proxy_server.fault = None
    fault_proxy_server.release.set()


def wait_for_poll(client: Client, url: str, trigger: str) -> Any:
    """Poll as a background report's page does (htmx, every second) until the server says stop
    (286), and return that last answer."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        response = htmx(client, url, **{"HX-Trigger": trigger})
        if response.status_code == 286:  # type: ignore[attr-defined]
            return response
        assert response.status_code == 200  # type: ignore[attr-defined]
        time.sleep(0.05)
    raise AssertionError(f"{url} did not finish")


def form_token(client: Client, url: str) -> str:
    """The one-time token of a form on `url`, as a person's browser would send it back."""
    html = client.get(url).content.decode()
    found = re.search(r'name="form_token" value="([^"]+)"', html)
    assert found, f"no form on {url}"
    return found.group(1)


def issued_form_token(client: Client) -> str:
    """A form token of the client's sign-in, as a page would render it, for a person whose
    page shows no form (Quay is then the one to refuse)."""
    request: Any = RequestFactory().get("/")
    request.session = client.session
    request.user = AnonymousUser()
    return issue_form_token(request)
