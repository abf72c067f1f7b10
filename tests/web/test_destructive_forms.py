"""Every form of every page that posts a destructive write carries the page's form token, so
that write counts once (`actions.write(..., destructive=True)`)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from dashboard.organizations.views import OVERVIEW_PARTS
from sandbox.api import builds as sandbox_builds
from sandbox.server import SandboxServer
from tests.routes import all_paths

pytestmark = pytest.mark.django_db

# The destructive writes: deleting, revoking or removing anything, regenerating a credential,
# cancelling a build or a sync, taking ownership, disabling a user or a team's sync.
DESTRUCTIVE = {
    "account:apptoken_revoke",
    "account:authorization_revoke",
    "applications:delete",
    "applications:reset_secret",
    "applications:revoke_token",
    "builds:cancel",
    "mirroring:organization_cancel",
    "mirroring:organization_delete",
    "mirroring:proxycache_delete",
    "mirroring:repository_cancel",
    "organizations:member_remove",
    "organizations:permission_remove",
    "organizations:prototype_delete",
    "organizations:robot_delete",
    "organizations:robot_regenerate",
    "organizations:settings_delete",
    "organizations:team_delete",
    "organizations:team_member_remove",
    "organizations:team_sync_disable",
    "organizations:user_robot_delete",
    "organizations:user_robot_regenerate",
    "policies:organization_autoprune_delete",
    "policies:organization_immutability_delete",
    "policies:organization_notification_delete",
    "policies:repository_autoprune_delete",
    "policies:repository_immutability_delete",
    "policies:repository_notification_delete",
    "policies:user_autoprune_delete",
    "policies:user_notification_delete",
    "quotas:organization_delete",
    "quotas:organization_limit_delete",
    "quotas:superuser_delete",
    "repositories:bulk_tags",
    "repositories:delete_label",
    "repositories:delete_tag",
    "repositories:expire_tag",
    "repositories:settings_delete",
    "superuser:key_bulk",
    "superuser:key_delete",
    "superuser:message_delete",
    "superuser:organization_delete",
    "superuser:organization_take_ownership",
    "superuser:user_delete",
    "superuser:user_enable",
    "triggers:delete",
}


class PostForms(HTMLParser):
    """Each POST form's actions (its own and its buttons' `formaction`) and its field names. A
    field may name its form (`form="id"`) before or after the form itself."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, tuple[set[str], set[str]]] = {}
        self.open: tuple[set[str], set[str]] | None = None
        self.elsewhere: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.open = ({attributes.get("action") or ""}, set())
            self.forms[attributes.get("id") or f"form-{len(self.forms)}"] = self.open
        elif tag in ("input", "button", "select", "textarea"):
            if attributes.get("form"):
                self.elsewhere.append((attributes["form"] or "", attributes))
            elif self.open is not None:
                self._add(self.open, attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = None

    def close(self) -> None:
        super().close()
        for form_id, attributes in self.elsewhere:
            if form_id in self.forms:
                self._add(self.forms[form_id], attributes)

    @staticmethod
    def _add(form: tuple[set[str], set[str]], attributes: dict[str, str | None]) -> None:
        if attributes.get("formaction"):
            form[0].add(attributes["formaction"] or "")
        if attributes.get("name"):
            form[1].add(attributes["name"] or "")


def view_name(action: str) -> str:
    try:
        match = resolve(action.split("?")[0])
    except Resolver404:
        return ""
    return match.view_name


# Pages of the seeded world where the forms that the sample paths miss are shown.
MORE_PAGES = [
    f"/repository/buynlarge/orgrepo/builds/{sandbox_builds.LIVE_BUILD_ID}/",
    "/repository/devtable/history/tags/history/",
    "/repository/devtable/building/triggers/",
    "/repository/devtable/complex/notifications/",
    "/repository/testorgforautoprune/autoprunerepo/autoprune/",
    "/repository/testorgforautoprune/autoprunerepo/immutability/",
    "/organization/testorgforautoprune/autoprune/",
    "/organization/testorgforautoprune/immutability/",
    "/organization/testorgforautoprune/notifications/",
    "/organization/proxyorg/proxycache/",
    "/organization/buynlarge/teams/synced/",
]
# Shown only while something runs or exists that the seeded world does not have (a sync, an
# organization mirror, a notification or policy there, a team sync devtable may turn off):
# their areas' tests post them with a token.
NOT_SEEDED = {
    "mirroring:organization_cancel",
    "mirroring:organization_delete",
    "mirroring:repository_cancel",
    "organizations:team_sync_disable",
    "policies:organization_notification_delete",
    "policies:repository_immutability_delete",
    "policies:user_notification_delete",
}


def test_every_destructive_form_carries_a_form_token(devtable: Client) -> None:
    seen: set[str] = set()
    parts = [("/organization/buynlarge/", {"view": part}) for part in OVERVIEW_PARTS]
    # The build page's summary, with its Cancel, is a lazy part of the page.
    parts.append((MORE_PAGES[0], {"view": "summary"}))
    pages = [(path, {}) for path in [*all_paths(), *MORE_PAGES]] + parts
    for path, query in pages:
        headers = {"HX-Request": "true"} if query else {}
        response = devtable.get(path, query, headers=headers)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if getattr(response, "streaming", False):
            continue
        parser = PostForms()
        parser.feed(response.content.decode())
        parser.close()
        for actions, fields in parser.forms.values():
            for action in actions:
                name = view_name(action)
                if name in DESTRUCTIVE:
                    seen.add(name)
                    assert "form_token" in fields, (path, action)
    assert DESTRUCTIVE - seen == NOT_SEEDED


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_the_list_names_only_routes_that_exist() -> None:
    assert DESTRUCTIVE - set(_names(get_resolver().url_patterns)) == set()


def test_every_destructive_write_without_a_token_changes_nothing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    """The template walk proves the forms carry the token; this proves each view asks for it:
    posted without one, no destructive route sends Quay anything but reads."""
    paths = {path for path in all_paths() if view_name(path) in DESTRUCTIVE}
    assert {view_name(path) for path in paths} == DESTRUCTIVE
    for path in sorted(paths):
        sandbox.clear_calls()
        response = devtable.post(path, {"tags": "latest", "kid": "kid1", "action": "delete"})
        changes = [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]
        assert response.status_code < 500, path
        assert changes == [], path
