"""A global read-only superuser sees the whole installation and changes none of it: every route
that takes a POST is walked as that person, and no change reaches Quay."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.routes import SAMPLES, concrete, routes

pytestmark = pytest.mark.django_db

# What the forms send, all at once: each view reads the fields it knows.
FORM = {
    "amount": "1",
    "unit": "GiB",
    "quota_id": "1",
    "type": "Warning",
    "percent": "60",
    "existing": "1:Warning:50",
    "content": "Maintenance tonight",
    "severity": "warning",
    "media_type": "text/markdown",
    "service": "my_service",
    "name": "somekey",
    "email": "someone@example.com",
    "username": "newperson",
    "enabled": "false",
    "kids": "kid3",
    "action": "approve",
    "description": "changed",
    "visibility": "public",
    "state": "READ_ONLY",
    "confirm": "orgrepo",
}
# Outside Quayside's own areas (sign-in and allauth's pages); starring, which changes only
# the person's own list of starred repositories; the person's own account, and creating an
# organization of their own.
SKIPPED = ("signin/", "signout/", "accounts/")
OWN_ACCOUNT = re.compile(
    r"/star/$|^/user/$|^/user/(details|password|apptoken|authorizations|notifications|invitations)/"
    r"|^/organizations/new/$"
)
# Changes that need installation-wide powers: refused before Quay is asked at all.
INSTALLATION_WIDE = re.compile(r"^(superuser/|organization/[^/]+/quota/.)")
# The banners read Quay's global messages on any page; that is a read, not a change.
BANNERS = "/api/v1/messages"


def post_routes() -> list[str]:
    named = [route for route in routes() if route]
    paths = {concrete(r, SAMPLES) for r in named if not r.removeprefix("^").startswith(SKIPPED)}
    return sorted(path for path in paths if not OWN_ACCOUNT.search(path))


def test_the_walk_covers_the_installations_changes() -> None:
    paths = post_routes()
    assert len(paths) > 60
    assert "/superuser/quotas/registry/" in paths
    assert "/superuser/quotas/organization/devtable/" in paths
    assert "/organization/buynlarge/quota/save/" in paths


@pytest.mark.parametrize("path", post_routes())
def test_no_post_changes_anything_for_a_read_only_superuser(
    readonly: Client, sandbox: SandboxServer, path: str
) -> None:
    sandbox.clear_calls()
    for headers in ({}, {"HX-Request": "true"}):
        response = readonly.post(path, FORM, headers=headers)
        assert response.status_code < 500
    calls = sandbox.calls
    changes = [f"{c.method} {c.path} → {c.status}" for c in calls if c.method != "GET"]
    if INSTALLATION_WIDE.match(path.lstrip("/")):
        assert [c.path for c in calls if c.path != BANNERS] == []
    else:
        # Quay decides the rest by the person's role in the namespace: it may be asked, and
        # must have refused.
        assert [c for c in changes if int(c.rsplit(" ", 1)[1]) < 400] == []
