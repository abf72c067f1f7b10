"""The banners cost a cold page no extra round trip, and a hanging Quay costs a page one
timeout, not two."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client

from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import clear_cache, sign_in
from tests.faults import FaultProxy

pytestmark = pytest.mark.django_db

MAIN_PAGES = [
    "/",
    "/repository/",
    "/repository/devtable/simple/",
    "/repository/devtable/simple/tags/",
    "/repository/buynlarge/orgrepo/builds/",
    "/repository/devtable/simple/logs/",
    "/organization/buynlarge/robots/",
    "/user/logs/",
    "/organization/buynlarge/",
    "/organization/buynlarge/quota/",
    "/user/quota/",
    "/superuser/users/",
    "/superuser/keys/",
    "/superuser/quotas/",
]


@pytest.fixture
def through_proxy(fault_proxy: FaultProxy) -> Client:
    return sign_in(Client(), DEMO_TOKENS["devtable"])


@pytest.mark.parametrize("page", MAIN_PAGES)
def test_a_cold_page_reads_the_banners_alongside_its_own_calls(
    through_proxy: Client, fault_proxy: FaultProxy, page: str
) -> None:
    clear_cache()
    fault_proxy.start_rendezvous()
    response = through_proxy.get(page)
    fault_proxy.rendezvous = False
    assert response.status_code == 200
    assert fault_proxy.messages_seen.is_set() and fault_proxy.other_seen.is_set()
    # Neither the banners' call nor any of the page's waited in vain for the other.
    assert fault_proxy.alone == []


def test_the_rendezvous_tells_calls_made_one_after_the_other(
    fault_proxy: FaultProxy, settings: object
) -> None:
    """Without the middleware the banners are read while the template renders, after the
    view's calls: the same check then fails."""
    settings.MIDDLEWARE = [  # type: ignore[attr-defined]
        m for m in django_settings.MIDDLEWARE if not m.endswith("BannersMiddleware")
    ]
    client = sign_in(Client(), DEMO_TOKENS["devtable"])
    clear_cache()
    fault_proxy.start_rendezvous()
    client.get("/repository/devtable/simple/")
    fault_proxy.rendezvous = False
    assert fault_proxy.alone != []


def test_a_hanging_quay_costs_a_page_one_timeout_not_two(
    through_proxy: Client, fault_proxy: FaultProxy, settings: object
) -> None:
    timeout = 1.5
    settings.QUAY_TIMEOUT = timeout  # type: ignore[attr-defined]
    clear_cache()
    fault_proxy.fault = "hang"
    for page in ("/repository/devtable/simple/", "/organization/buynlarge/"):
        started = time.monotonic()
        response = through_proxy.get(page)
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert b"did not answer in time" in response.content
        # One wait for the page's own call; the banners are not waited for on an error page
        # (two waits would take 3 s). A generous margin for a busy machine.
        assert elapsed < timeout + 1.0, elapsed


def test_a_failed_banner_read_is_remembered_briefly(
    through_proxy: Client, fault_proxy: FaultProxy, sandbox: SandboxServer
) -> None:
    clear_cache()
    fault_proxy.fault = "500"
    assert through_proxy.get("/").status_code == 503
    fault_proxy.fault = None
    sandbox.clear_calls()
    # Quay is back; for a few seconds the banners are taken as none, without asking again.
    page = through_proxy.get("/repository/devtable/simple/")
    assert page.status_code == 200
    paths = [call.path for call in sandbox.calls]
    assert "/api/v1/repository/devtable/simple" in paths
    assert "/api/v1/messages" not in paths
