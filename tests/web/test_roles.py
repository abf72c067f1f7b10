"""Each person sees what they can do: walking the tabs their pages offer, a person who may only
read, an outsider and the global read-only superuser cause no call that Quay refuses, and are
offered no change they cannot make."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

TABS = re.compile(r'<ul class="tabs">(.*?)</ul>', re.S)
LAZY = re.compile(r'hx-get="([^"]+)"[^>]*hx-trigger="load')
TEAM_LINK = re.compile(r'href="(/organization/[^/"]+/teams/[^/"]+/)"')

# Where each person starts: what their own navigation leads them to.
STARTS = {
    "reader": ["/organization/buynlarge/", "/repository/buynlarge/orgrepo/"],
    "freshuser": ["/repository/public/publicrepo/", "/organization/"],
    "globalreadonly": [
        "/organization/buynlarge/",
        "/repository/buynlarge/orgrepo/",
        "/superuser/",
    ],
}


def _links(html: str) -> list[str]:
    found = []
    for nav in TABS.findall(html):
        found += re.findall(r'href="(/[^"]*)"', nav)
    return found + TEAM_LINK.findall(html)


def _walk(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page reached from the starts through tabs (and team links), with its lazy parts."""
    seen: dict[str, str] = {}
    queue = list(starts)
    while queue:
        path = queue.pop(0)
        if path in seen or len(seen) > 40:
            continue
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200, (path, response.status_code)
        seen[path] = html
        for url in LAZY.findall(html):
            client.get(unescape(url), headers={"HX-Request": "true"})
        queue += [link for link in _links(html) if link not in seen]
    return seen


@pytest.mark.parametrize("who", list(STARTS))
def test_no_tab_a_person_is_offered_makes_a_call_quay_refuses(
    sandbox: SandboxServer, who: str
) -> None:
    client = sign_in(Client(), DEMO_TOKENS[who])
    sandbox.clear_calls()
    pages = _walk(client, STARTS[who])
    refused = [f"{c.method} {c.path}" for c in sandbox.calls if c.status in (401, 403)]
    assert len(pages) >= 2
    assert refused == []


def test_a_reader_is_offered_no_change(sandbox: SandboxServer) -> None:
    client = sign_in(Client(), DEMO_TOKENS["reader"])
    pages = _walk(client, STARTS["reader"])
    for path, html in pages.items():
        forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', html)
        # Signing out and starring (the person's own list) are theirs to do.
        changes = [f for f in forms if not f.endswith(("/signout/", "/star/"))]
        assert changes == [], path


def test_the_read_only_superuser_is_offered_no_change_in_the_console(
    sandbox: SandboxServer,
) -> None:
    client = sign_in(Client(), DEMO_TOKENS["globalreadonly"])
    pages = _walk(client, ["/superuser/"])
    assert len(pages) > 5
    for path, html in pages.items():
        forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', html)
        assert [f for f in forms if not f.endswith("/signout/")] == [], path
