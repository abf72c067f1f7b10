"""Tabs shared by the pages of one repository, one organization, and the superuser console.

A repository's tabs depend on what the person may do there (`can_write`, `can_admin` from
`GET /api/v1/repository/...`). Pages that do not fetch the repository (their call budget is
spent on their own data) reuse what the last page that did fetch it learned, kept briefly per
person; with nothing known, every tab is offered and Quay's own refusal is shown if one is not
allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse, reverse_lazy
from django.utils.functional import Promise

from dashboard.accounts.tokens import current_profile
from dashboard.quay.repositories import Repository
from dashboard.web import swr
from dashboard.web.access import reads_as_org_admin
from dashboard.web.htmx import HtmxHttpRequest


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url: str | Promise  # a lazy URL for tabs defined before the URLconf is loaded


def remember_repository_access(request: HtmxHttpRequest, repository: Repository) -> None:
    """Keep the repository as this page read it, for pages that need its details or the
    person's access but not a call (tabs, the tags page); any write to its namespace drops it."""
    swr.remember(request, repository.namespace, f"repository:{repository.name}", repository)


def known_repository(request: HtmxHttpRequest, namespace: str, name: str) -> Repository | None:
    """The repository as the last page that read it kept it, if any."""
    known = swr.recall(request, namespace, f"repository:{name}")
    return known if isinstance(known, Repository) else None


def known_repository_access(
    request: HtmxHttpRequest, namespace: str, name: str
) -> tuple[bool, bool] | None:
    """(can_write, can_admin) as the last page that fetched the repository learned it, if any."""
    known = known_repository(request, namespace, name)
    return (known.can_write, known.can_admin) if known else None


def repository_tabs(
    request: HtmxHttpRequest, namespace: str, name: str, repository: Repository | None = None
) -> list[Tab]:
    if repository is not None:
        remember_repository_access(request, repository)
        can_admin = repository.can_admin
    else:
        # Not known yet: every tab, and Quay's refusal where one is not for this person.
        known = known_repository_access(request, namespace, name)
        can_admin = known[1] if known else True

    def tab(key: str, label: str, url_name: str) -> Tab:
        return Tab(key, label, reverse(url_name, args=[namespace, name]))

    tabs = [
        tab("overview", "Overview", "repositories:overview"),
        tab("tags", "Tags", "repositories:tags"),
        tab("builds", "Builds", "builds:list"),
    ]
    if can_admin:
        tabs += [
            tab("logs", "Usage logs", "usagelogs:repository"),
            tab("permissions", "Permissions", "organizations:repository_permissions"),
            tab("settings", "Settings", "repositories:settings"),
            tab("notifications", "Notifications", "policies:repository_notifications"),
            tab("autoprune", "Auto-prune", "policies:repository_autoprune"),
            tab("immutability", "Immutability", "policies:repository_immutability"),
            tab("mirror", "Mirroring", "mirroring:repository"),
            tab("triggers", "Build triggers", "triggers:list"),
        ]
    # Writes are offered inside the tabs, per action (can_write): the tabs need only can_admin.
    return tabs


def organization_tabs_for(request: HtmxHttpRequest, org: str) -> list[Tab]:
    """The tabs of an organization this person can use, from what the session knows."""
    return organization_tabs(org, admin=reads_as_org_admin(current_profile(request), org))


def organization_tabs(org: str, *, admin: bool = True) -> list[Tab]:
    """`admin=False` (a member who does not administer it): only the tabs a member can use."""

    def tab(key: str, label: str, url_name: str) -> Tab:
        return Tab(key, label, reverse(url_name, args=[org]))

    tabs = [tab("overview", "Overview", "organizations:overview")]
    if admin:
        tabs.append(tab("robots", "Robots", "organizations:robots"))
    tabs.append(tab("quota", "Quota", "quotas:organization"))
    if admin:
        tabs += [
            tab("logs", "Usage logs", "usagelogs:organization"),
            tab("access", "Access review", "organizations:access"),
            tab("notifications", "Notifications", "policies:organization_notifications"),
            tab("autoprune", "Auto-prune", "policies:organization_autoprune"),
            tab("immutability", "Immutability", "policies:organization_immutability"),
            tab("security", "Security", "security:organization"),
            tab("applications", "Applications", "applications:list"),
            tab("mirror", "Mirroring", "mirroring:organization"),
            tab("proxycache", "Proxy cache", "mirroring:proxycache"),
        ]
    return tabs


# Lazy: a URL cannot be reversed while the URLconf is still being imported; each is reversed
# where a page shows it.
SUPERUSER_TABS = [
    Tab(key, label, reverse_lazy(url_name))
    for key, label, url_name in (
        ("overview", "Overview", "superuser:console"),
        ("users", "Users", "superuser:users"),
        ("organizations", "Organizations", "superuser:organizations"),
        ("quotas", "Quotas", "quotas:superuser"),
        ("keys", "Service keys", "superuser:keys"),
        ("messages", "Messages", "superuser:messages"),
        ("logs", "Usage logs", "usagelogs:superuser"),
        ("builds", "Build lookup", "builds:superuser_lookup"),
        ("apptokens", "App tokens", "superuser:apptokens"),
        ("mirrors", "Mirror health", "mirroring:health"),
    )
]
