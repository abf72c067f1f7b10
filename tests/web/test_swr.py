"""Stale-while-revalidate: a returning visit opens at once with what the person last saw, marked
and refreshed straight away; a write drops it; a refusal replaces it; nobody sees another's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dashboard.web.swr import REFRESH_HEADER
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

REPOSITORIES = "/repository/"
TAGS = "/repository/devtable/simple/tags/"
ORG = "/organization/buynlarge/"
MARK = re.compile(r"As of \d+ s ago · refreshing")


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def page_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def refresh(client: Client, url: str) -> object:
    """What the stale page's `hx-trigger="load"` asks for."""
    return client.get(url, headers={"HX-Request": "true", REFRESH_HEADER: "1"})


def test_a_first_visit_waits_for_quay_and_is_not_marked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = text(devtable.get(REPOSITORIES))
    assert page_calls(sandbox) == ["GET /api/v1/repository"]
    assert not MARK.search(html)
    assert '<div id="swr-page">' in html


def test_a_returning_visit_opens_at_once_marked_and_the_fresh_page_replaces_it(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(REPOSITORIES)
    sandbox.clear_calls()
    stale = devtable.get(REPOSITORIES)
    html = text(stale)
    assert stale.status_code == 200
    assert page_calls(sandbox) == []
    assert MARK.search(html)
    assert "simple" in html  # what the person saw last time
    # The fresh page is asked for at once and swapped over the stale one.
    assert 'hx-trigger="load"' in html and 'hx-select="#swr-page"' in html
    assert f"{REFRESH_HEADER}" in html
    # The stale view is inert until then: no lazy part or button of it talks to Quay.
    assert "<div hx-disable>" in html
    fresh = refresh(devtable, REPOSITORIES)
    assert fresh.status_code == 200
    assert page_calls(sandbox) == ["GET /api/v1/repository"]
    assert '<div id="swr-page">' in text(fresh) and not MARK.search(text(fresh))


def test_a_write_through_quayside_drops_what_it_changed(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(TAGS)
    devtable.get(ORG)
    assert MARK.search(text(devtable.get(TAGS)))
    response = devtable.post("/repository/devtable/simple/star/", {"star": "1"})
    assert response.status_code < 400
    sandbox.clear_calls()
    html = text(devtable.get(TAGS))
    assert not MARK.search(html)
    assert page_calls(sandbox)
    # Another namespace's page is still kept.
    assert MARK.search(text(devtable.get(ORG)))


def test_a_refusal_on_refresh_replaces_the_stale_view(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(ORG)
    assert MARK.search(text(devtable.get(ORG)))
    del sandbox.world.organizations["buynlarge"]  # gone in Quay, not through Quayside
    answer = refresh(devtable, ORG)
    assert answer["HX-Refresh"] == "true"  # type: ignore[index]
    # The reload finds nothing kept and shows Quay's answer.
    again = devtable.get(ORG)
    assert again.status_code == 404
    assert not MARK.search(text(again))


def test_two_people_never_see_each_others_kept_pages(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.get(REPOSITORIES)
    assert MARK.search(text(devtable.get(REPOSITORIES)))
    other = sign_in(Client(), DEMO_TOKENS["reader"])
    sandbox.clear_calls()
    html = text(other.get(REPOSITORIES))
    assert not MARK.search(html)
    assert page_calls(sandbox) == ["GET /api/v1/repository"]
    # And a second sign-in of the same person starts afresh too (its token may differ).
    second = sign_in(Client(), DEMO_TOKENS["devtable"])
    assert not MARK.search(text(second.get(REPOSITORIES)))
