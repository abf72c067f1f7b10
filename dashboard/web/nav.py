"""Tabs shared by the pages of one repository, one organization, and the superuser console.

A repository's tabs depend on what the person may do there (`can_write`, `can_admin` from
`GET /api/v1/repository/...`). Pages that do not fetch the repository (their call budget is
spent on their own data) reuse what the last page that did fetch it learned, kept briefly per
person; with nothing known, every tab is offered and Quay's own refusal is shown if one is not
allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from dashboard.accounts.tokens import cache_scope, current_profile
from dashboard.quay.repositories import Repository
from dashboard.web import swr
from dashboard.web.access import reads_as_org_admin
from dashboard.web.htmx import HtmxHttpRequest


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url: str


def _access_key(request: HtmxHttpRequest, namespace: str, name: str) -> str:
    return f"repo-access:{cache_scope(request)}:{namespace}/{name}"


def remember_repository_access(request: HtmxHttpRequest, repository: Repository) -> None:
    cache.set(
        _access_key(request, repository.namespace, repository.name),
        (repository.can_write, repository.can_admin),
        settings.QUAY_CACHE_SECONDS * 10,
    )
    # The whole answer too, for pages that need its details but not a call (the tags page).
    swr.remember(request, repository.namespace, f"repository:{repository.name}", repository)


def known_repository_access(
    request: HtmxHttpRequest, namespace: str, name: str
) -> tuple[bool, bool] | None:
    """(can_write, can_admin) as the last page that fetched the repository learned it, if any."""
    known = cache.get(_access_key(request, namespace, name))
    return tuple(known) if known else None


def repository_tabs(
    request: HtmxHttpRequest, namespace: str, name: str, repository: Repository | None = None
) -> list[Tab]:
    if repository is not None:
        remember_repository_access(request, repository)
        can_write, can_admin = repository.can_write, repository.can_admin
    else:
        can_write, can_admin = cache.get(_access_key(request, namespace, name), (True, True))
    base = f"/repository/{namespace}/{name}/"
    tabs = [Tab("overview", "Overview", base), Tab("tags", "Tags", base + "tags/")]
    tabs.append(Tab("builds", "Builds", base + "builds/"))
    if can_admin:
        tabs += [
            Tab("logs", "Usage logs", base + "logs/"),
            Tab("permissions", "Permissions", base + "permissions/"),
            Tab("settings", "Settings", base + "settings/"),
            Tab("notifications", "Notifications", base + "notifications/"),
            Tab("autoprune", "Auto-prune", base + "autoprune/"),
            Tab("immutability", "Immutability", base + "immutability/"),
            Tab("mirror", "Mirroring", base + "mirror/"),
            Tab("triggers", "Build triggers", base + "triggers/"),
        ]
    del can_write  # writes are offered inside the tabs, per action
    return tabs


def organization_tabs_for(request: HtmxHttpRequest, org: str) -> list[Tab]:
    """The tabs of an organization this person can use, from what the session knows."""
    return organization_tabs(org, admin=reads_as_org_admin(current_profile(request), org))


def organization_tabs(org: str, *, admin: bool = True) -> list[Tab]:
    """`admin=False` (a member who does not administer it): only the tabs a member can use."""
    base = f"/organization/{org}/"
    tabs = [Tab("overview", "Overview", base), Tab("quota", "Quota", base + "quota/")]
    if admin:
        tabs[1:1] = [Tab("robots", "Robots", base + "robots/")]
        tabs += [
            Tab("logs", "Usage logs", base + "logs/"),
            Tab("access", "Access review", base + "access/"),
            Tab("notifications", "Notifications", base + "notifications/"),
            Tab("autoprune", "Auto-prune", base + "autoprune/"),
            Tab("immutability", "Immutability", base + "immutability/"),
            Tab("security", "Security", base + "security/"),
            Tab("applications", "Applications", base + "applications/"),
            Tab("mirror", "Mirroring", base + "mirror/"),
            Tab("proxycache", "Proxy cache", base + "proxycache/"),
        ]
    return tabs


SUPERUSER_TABS = [
    Tab("overview", "Overview", "/superuser/"),
    Tab("users", "Users", "/superuser/users/"),
    Tab("organizations", "Organizations", "/superuser/organizations/"),
    Tab("quotas", "Quotas", "/superuser/quotas/"),
    Tab("keys", "Service keys", "/superuser/keys/"),
    Tab("messages", "Messages", "/superuser/messages/"),
    Tab("logs", "Usage logs", "/superuser/logs/"),
    Tab("builds", "Build lookup", "/superuser/builds/"),
    Tab("apptokens", "App tokens", "/superuser/apptokens/"),
    Tab("mirrors", "Mirror health", "/superuser/mirrors/"),
]
