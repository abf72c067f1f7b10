"""Quotas: an organization's (managed here), the signed-in user's (read-only, as in Quay), and
the superuser's table of every namespace with the registry's size.

Quay lets only a superuser (with the super:user scope) change a quota or its limits, on the
organization's own endpoints too; everyone else in the organization sees them read-only.
Every form is checked here first (sizes, percentages, one reject limit, no two limits at one
percentage) and sends nothing when it is wrong; Quay's own refusals are shown at the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.tokens import current_profile, quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayBadRequest, QuayPermissionDenied
from dashboard.quay.pagination import TokenPage
from dashboard.quay.quota import NamespaceQuotaView, Quota, QuotaLimit, RegistrySize
from dashboard.quay.superuser import InstallationOrganization, InstallationUser
from dashboard.web import actions
from dashboard.web.access import can_change_installation, superuser_required
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.links import RowLinks
from dashboard.web.nav import SUPERUSER_TABS, organization_tabs_for
from dashboard.web.numbers import parse_whole, whole_or
from dashboard.web.paging import numbered_pager

from .forms import LimitForm, QuotaForm
from .sizes import (
    DEFAULT_UNIT,
    LIMIT_TYPES,
    UNIT_CHOICES,
    split_size,
)
from .usage import Usage

ORG_TEMPLATE = "quotas/organization_quota.html"
USER_TEMPLATE = "quotas/user_quota.html"
TABLE_TEMPLATE = "quotas/superuser_quotas.html"
EDITOR_TEMPLATE = "quotas/superuser_quota_editor.html"
REGISTRY_TEMPLATE = "quotas/registry_size.html"

# Quay's largest page for the superuser lists.
LIST_PAGE_SIZE = 100
# A guard against a list that never ends (a server bug): 100 pages is 10,000 namespaces.
MAX_LIST_PAGES = 100
TABLE_ROWS_PER_PAGE = 100
ONLY_SUPERUSERS_CHANGE = "Only a Quay superuser can change quotas and their limits."


def _can_manage(request: HtmxHttpRequest) -> bool:
    return can_change_installation(current_profile(request))


def _superusers_change_quotas(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Quay lets only a full superuser change a quota, even through the organization's own
    endpoints: anyone else (a global read-only superuser too) is told so, with 403, and Quay
    is not asked."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _can_manage(request):
            return actions.refused(request, ONLY_SUPERUSERS_CHANGE, "For superusers")
        return view(request, org, *args, **kwargs)

    return wrapped


def _write(request: HtmxHttpRequest, call: Any, **how: Any) -> actions.Outcome:
    return actions.write(request, call, why=ONLY_SUPERUSERS_CHANGE, **how)


# --- An organization's quota -----------------------------------------------------------------


def _org_url(org: str) -> str:
    return reverse("quotas:organization", args=[org])


def _list_org_quota_if_allowed(client: QuayClient, org: str) -> list[Quota] | None:
    try:
        return client.list_organization_quota(org)
    except QuayPermissionDenied:
        return None


def _org_context(
    request: HtmxHttpRequest, org: str, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    client = quay_client_for(request)
    # The organization carries the usage (`quota_report`) and the person's role; the quota
    # list carries Quay's default quota when the organization has none of its own.
    view, listed = gather(
        lambda: client.get_organization_quota_view(org),
        lambda: _list_org_quota_if_allowed(client, org),
    )
    quotas = listed if listed is not None else view.quotas
    quota = quotas[0] if quotas else None
    return _quota_context(request, view, quota, forms or {}) | {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "active": "quota",
    }


def _existing_text(limits: list[QuotaLimit]) -> str:
    return ",".join(f"{lim.id}:{lim.type}:{lim.limit_percent}" for lim in limits)


def _quota_context(
    request: HtmxHttpRequest,
    view: NamespaceQuotaView,
    quota: Quota | None,
    forms: dict[str, Any],
) -> dict[str, Any]:
    own_quota = quota if quota is not None and not quota.default_config else None
    amount, unit = split_size(own_quota.limit_bytes) if own_quota else ("", DEFAULT_UNIT)
    limits = own_quota.sorted_limits if own_quota else []
    return {
        "view": view,
        "quota": quota,
        "quota_id": own_quota.id if own_quota else "",
        "usage": Usage.of(quota, view.quota_report),
        "can_manage": _can_manage(request),
        "quota_form": forms.get("quota") or QuotaForm(initial={"amount": amount, "unit": unit}),
        "limit_form": forms.get("limit") or LimitForm(initial={"type": "Warning", "percent": ""}),
        "limit_rows": [
            {
                "limit": limit,
                "form": forms.get(f"limit-{limit.id}")
                or LimitForm(initial={"type": limit.type, "percent": str(limit.limit_percent)}),
            }
            for limit in limits
        ],
        "existing": _existing_text(limits),
        "units": UNIT_CHOICES,
        "limit_types": LIMIT_TYPES,
        "only_superusers": ONLY_SUPERUSERS_CHANGE,
    }


@require_GET
@login_required
def organization_quota(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return render_page(request, ORG_TEMPLATE, _org_context(request, org), fragment="quota-panel")


def _org_form_write(
    request: HtmxHttpRequest,
    org: str,
    form: Any,
    call: Any,
    at: str,
    success: Any,
    shown: tuple[str, str],
) -> HttpResponse:
    """One of the organization quota page's forms through the one write path: back to the page
    when done, else the form again (`shown`: its key and fragment, as `_org_form_again`)."""
    outcome = _write(request, call, form=form, at=at, success=success)
    if outcome.done:
        return actions.redirect_back(request, _org_url(org))
    return _org_form_again(request, org, *shown, form=form, status=outcome.status)


def _org_form_again(
    request: HtmxHttpRequest, org: str, key: str, fragment: str, *, form: Any, status: int
) -> HttpResponse:
    """The form again with its error. htmx swaps just that form, with no call to Quay; without
    htmx the page is rendered again around it, and where the page shows no form to this
    person the error is the page's alert, so it always reaches them."""
    if not wants_fragment(request):
        page = _org_context(request, org, {key: form})
        if not page["can_manage"]:
            messages.error(request, form.error)
        return render(request, ORG_TEMPLATE, page, status=status)
    context: dict[str, Any] = {
        "org": org,
        "quota_id": request.POST.get("quota_id", ""),
        "existing": request.POST.get("existing", ""),
        "units": UNIT_CHOICES,
        "limit_types": LIMIT_TYPES,
        "can_manage": True,
        "quota_form": form,
        "limit_form": form,
    }
    if key.startswith("limit-"):
        limit_id = whole_or(key.removeprefix("limit-"), 0)
        current = next((lim for lim in _existing_limits(request) if lim.id == limit_id), None)
        context["row"] = {"limit": current or QuotaLimit(limit_id, "", 0), "form": form}
    return render(request, f"{ORG_TEMPLATE}#{fragment}", context, status=status)


def _quota_id(request: HtmxHttpRequest) -> int | None:
    return parse_whole(request.POST.get("quota_id"))


def _existing_quota_id(request: HtmxHttpRequest) -> int:
    """The quota a change or a delete is about: without one there is nothing to act on."""
    quota_id = _quota_id(request)
    if quota_id is None:
        raise Http404("No such quota.")
    return quota_id


def _existing_limits(request: HtmxHttpRequest) -> list[QuotaLimit]:
    """The limits the page showed, sent back with the form so that duplicates are caught
    before any call. Quay stays the judge: a stale page only means its refusal shows instead."""
    limits = []
    for item in request.POST.get("existing", "").split(","):
        parts = item.split(":")
        if len(parts) != 3:
            continue
        limit_id, percent = parse_whole(parts[0]), parse_whole(parts[2], maximum=100)
        if limit_id is not None and percent is not None:
            limits.append(QuotaLimit(limit_id, parts[1], percent))
    return limits


@require_POST
@login_required
@_superusers_change_quotas
def save_organization_quota(request: HtmxHttpRequest, org: str) -> HttpResponse:
    client = quay_client_for(request)
    quota_id = _quota_id(request)

    def save(data: dict[str, Any]) -> None:
        if quota_id is None:
            client.create_organization_quota(org, data["size"])
        else:
            client.change_organization_quota(org, quota_id, data["size"])

    form = QuotaForm(request.POST)
    verb = "set" if quota_id is None else "changed"
    return _org_form_write(
        request, org, form, save, "amount", f"The quota of {org} is {verb}.",
        ("quota", "quota-form"),
    )  # fmt: skip


@require_POST
@login_required
@_superusers_change_quotas
def delete_organization_quota(request: HtmxHttpRequest, org: str) -> HttpResponse:
    quota_id = _existing_quota_id(request)
    _write(
        request,
        lambda: quay_client_for(request).delete_organization_quota(org, quota_id),
        success=f"The quota of {org} is deleted.",
        destructive=True,
    )
    return actions.redirect_back(request, _org_url(org))


@require_POST
@login_required
@_superusers_change_quotas
def add_organization_quota_limit(request: HtmxHttpRequest, org: str) -> HttpResponse:
    form = LimitForm(request.POST, existing=_existing_limits(request))
    quota_id = _quota_id(request)
    if quota_id is None:
        form.add_error(None, "Set a quota first: limits are percentages of it.")
        return _org_form_again(
            request, org, "limit", "limit-form", form=form, status=actions.REJECTED
        )
    return _org_form_write(
        request,
        org,
        form,
        lambda data: quay_client_for(request).create_organization_quota_limit(
            org, quota_id, data["kind"], data["percent_value"]
        ),
        "percent",
        lambda _: (
            f"{form.cleaned_data['kind']} limit at {form.cleaned_data['percent_value']}% added."
        ),
        ("limit", "limit-form"),
    )


@require_POST
@login_required
@_superusers_change_quotas
def change_organization_quota_limit(
    request: HtmxHttpRequest, org: str, limit_id: int
) -> HttpResponse:
    form = LimitForm(request.POST, existing=_existing_limits(request), editing=limit_id)
    quota_id = _existing_quota_id(request)
    return _org_form_write(
        request,
        org,
        form,
        lambda data: quay_client_for(request).change_organization_quota_limit(
            org, quota_id, limit_id, data["kind"], data["percent_value"]
        ),
        "percent",
        lambda _: (
            f"The limit is now {form.cleaned_data['kind']} at "
            f"{form.cleaned_data['percent_value']}%."
        ),
        (f"limit-{limit_id}", "limit-row"),
    )


@require_POST
@login_required
@_superusers_change_quotas
def delete_organization_quota_limit(
    request: HtmxHttpRequest, org: str, limit_id: int
) -> HttpResponse:
    quota_id = _existing_quota_id(request)
    _write(
        request,
        lambda: quay_client_for(request).delete_organization_quota_limit(org, quota_id, limit_id),
        success="The limit is deleted.",
        destructive=True,
    )
    return actions.redirect_back(request, _org_url(org))


# --- The signed-in user's own quota ----------------------------------------------------------


def _list_user_quota_if_allowed(client: QuayClient) -> list[Quota] | None:
    try:
        return client.list_user_quota()
    except QuayPermissionDenied:
        return None  # a token without user:admin


@require_GET
@login_required
def user_quota(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    view, listed = gather(client.get_user_quota_view, lambda: _list_user_quota_if_allowed(client))
    quotas = listed if listed is not None else view.quotas
    quota = quotas[0] if quotas else None
    context = {
        "view": view,
        "quota": quota,
        "usage": Usage.of(quota, view.quota_report),
        "token_limited": listed is None,
    }
    return render_page(request, USER_TEMPLATE, context)


# --- The superuser's table -------------------------------------------------------------------


@dataclass(frozen=True)
class NamespaceRow:
    name: str
    kind: str  # "users" or "organization", as in Quay's superuser quota paths
    quota: Quota | None
    usage: Usage
    # Set on the rows a page shows (_with_links): the organization's quota page, and this
    # namespace's quota editor.
    quota_url: str = ""
    editor_url: str = ""

    @property
    def is_organization(self) -> bool:
        return self.kind == "organization"

    @property
    def sort_key(self) -> tuple[bool, float, int, str]:
        percent = self.usage.percent
        return (percent is None, -(percent or 0.0), -(self.usage.used or 0), self.name)


def _read_all[T](fetch: Callable[[str | None], TokenPage[T]]) -> list[T]:
    """Every page of one superuser list. Quay's `next_page` tokens are opaque, so one list's
    pages follow each other; the two lists are read side by side."""
    items: list[T] = []
    token: str | None = None
    for _ in range(MAX_LIST_PAGES):
        page = fetch(token)
        items.extend(page.items)
        token = page.next_page
        if not token:
            break
    return items


def _rows(
    users: list[InstallationUser], organizations: list[InstallationOrganization]
) -> list[NamespaceRow]:
    def row(
        name: str, kind: str, namespace: InstallationUser | InstallationOrganization
    ) -> NamespaceRow:
        # Users and organizations report their quota alike: the first one, with its usage.
        quota = namespace.quotas[0] if namespace.quotas else None
        return NamespaceRow(name, kind, quota, Usage.of(quota, namespace.quota_report))

    rows = [row(user.username, "users", user) for user in users]
    rows += [row(org.name, "organization", org) for org in organizations]
    return sorted(rows, key=lambda row: row.sort_key)


def sorted_namespace_rows(
    client: QuayClient, *, with_registry: bool = True
) -> tuple[list[NamespaceRow], RegistrySize | None]:
    """Both lists, paged with `limit`, read side by side, and the registry size beside them."""

    def users() -> list[InstallationUser]:
        return _read_all(lambda token: client.list_all_users(limit=LIST_PAGE_SIZE, next_page=token))

    def organizations() -> list[InstallationOrganization]:
        return _read_all(
            lambda token: client.list_all_organizations(limit=LIST_PAGE_SIZE, next_page=token)
        )

    def registry() -> RegistrySize | None:
        return client.get_registry_size() if with_registry else None

    all_users, all_organizations, size = gather(users, organizations, registry)
    return _rows(all_users, all_organizations), size


def _with_links(rows: list[NamespaceRow]) -> list[NamespaceRow]:
    """The rows with their links, reversed once for the whole page (web.links)."""
    sample = "sample"
    quota_page = RowLinks("quotas:organization", [], sample)
    editors = {kind: RowLinks("quotas:superuser_editor", [kind], sample) for kind in KINDS}
    return [
        replace(
            row,
            quota_url=quota_page(row.name) if row.is_organization else "",
            editor_url=editors[row.kind](row.name),
        )
        for row in rows
    ]


def _page_number(request: HtmxHttpRequest) -> int:
    return whole_or(request.GET.get("page"), 1, minimum=1)


@require_GET
@login_required
@superuser_required
def superuser_quotas(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    only_quota = request.GET.get("only") == "quota"
    # The filter and the paging swap only the table: the registry panel stays as it is.
    rows, registry = sorted_namespace_rows(
        quay_client_for(request), with_registry=not wants_fragment(request)
    )
    total = len(rows)
    if query:
        rows = [row for row in rows if query.lower() in row.name.lower()]
    if only_quota:
        rows = [row for row in rows if row.quota is not None]
    over = sum(1 for row in rows if row.usage.over_a_limit)
    page = _page_number(request)
    start = (page - 1) * TABLE_ROWS_PER_PAGE
    shown = rows[start : start + TABLE_ROWS_PER_PAGE]
    shown = _with_links(shown)
    has_next = start + TABLE_ROWS_PER_PAGE < len(rows)
    filters = {"q": query, "only": "quota" if only_quota else ""}
    context = {
        "tabs": SUPERUSER_TABS,
        "active": "quotas",
        "title": "Quotas",
        "rows": shown,
        "matching": len(rows),
        "total": total,
        "over": over,
        "query": query,
        "only_quota": only_quota,
        "pager": numbered_pager(
            "Pages of the table",
            "quota-table",
            reverse("quotas:superuser"),
            page=page,
            has_next=has_next,
            query={key: value for key, value in filters.items() if value},
            # Only beside the links: a table on one page says its count above it.
            position=f"Rows {start + 1}–{start + len(shown)} of {len(rows)}"
            if page > 1 or has_next
            else "",
        ),
        "registry": registry,
        "can_manage": _can_manage(request),
    }
    return render_page(request, TABLE_TEMPLATE, context, fragment="quota-table")


# --- One namespace's quota, as a superuser ---------------------------------------------------

KINDS = {"users": "user", "organization": "organization"}


def _is_organization(kind: str) -> bool:
    """Whether an editor URL's namespace is an organization (else a user); a kind that is
    neither is a 404."""
    if kind not in KINDS:
        raise Http404("No such kind of namespace.")
    return kind == "organization"


def _editor_url(kind: str, namespace: str) -> str:
    return reverse("quotas:superuser_editor", args=[kind, namespace])


def _table_url(namespace: str) -> str:
    return reverse("quotas:superuser") + "?" + urlencode({"q": namespace})


def _editor_context(
    request: HtmxHttpRequest, kind: str, namespace: str, quota: Quota | None, form: Any
) -> dict[str, Any]:
    amount, unit = split_size(quota.limit_bytes) if quota else ("", DEFAULT_UNIT)
    return {
        "tabs": SUPERUSER_TABS,
        "active": "quotas",
        "title": f"Quota of {namespace}",
        "kind": kind,
        "kind_label": KINDS[kind],
        "namespace": namespace,
        "quota": quota,
        "form": form or QuotaForm(initial={"amount": amount, "unit": unit}),
        "units": UNIT_CHOICES,
        "editor_url": _editor_url(kind, namespace),
        "can_manage": _can_manage(request),
    }


@require_http_methods(["GET", "POST"])
@login_required
@superuser_required
def superuser_quota_editor(request: HtmxHttpRequest, kind: str, namespace: str) -> HttpResponse:
    is_organization = _is_organization(kind)
    client = quay_client_for(request)
    if request.method == "GET":
        quotas = client.list_namespace_quota_superuser(namespace, is_organization=is_organization)
        context = _editor_context(request, kind, namespace, quotas[0] if quotas else None, None)
        return render_page(request, EDITOR_TEMPLATE, context, fragment="quota-editor")

    form = QuotaForm(request.POST)
    quota_id = _quota_id(request)
    current = Quota(quota_id, 0) if quota_id is not None else None

    def save(data: dict[str, Any]) -> None:
        if quota_id is None:
            client.create_namespace_quota_superuser(
                namespace, data["size"], is_organization=is_organization
            )
        else:
            client.change_namespace_quota_superuser(
                namespace, quota_id, data["size"], is_organization=is_organization
            )

    verb = "set" if quota_id is None else "changed"
    outcome = _write(
        request, save, form=form, at="amount", success=f"The quota of {namespace} is {verb}."
    )
    if outcome.done:
        return actions.redirect_back(request, _table_url(namespace))
    context = _editor_context(request, kind, namespace, current, form)
    return render_page(
        request, EDITOR_TEMPLATE, context, fragment="quota-editor", status=outcome.status
    )


@require_POST
@login_required
@superuser_required
def superuser_delete_quota(request: HtmxHttpRequest, kind: str, namespace: str) -> HttpResponse:
    is_organization = _is_organization(kind)
    quota_id = _existing_quota_id(request)
    _write(
        request,
        lambda: quay_client_for(request).delete_namespace_quota_superuser(
            namespace, quota_id, is_organization=is_organization
        ),
        success=f"The quota of {namespace} is deleted.",
        destructive=True,
    )
    return actions.redirect_back(request, _table_url(namespace))


# --- The registry's size ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@superuser_required
def registry_size(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    error = ""
    if request.method == "POST":
        try:
            client.queue_registry_size_calculation()
        except (QuayBadRequest, QuayPermissionDenied) as refusal:
            error = actions.refusal(refusal, ONLY_SUPERUSERS_CHANGE)
    context = {
        "tabs": SUPERUSER_TABS,
        "active": "quotas",
        "title": "Registry size",
        "registry": client.get_registry_size(),
        "registry_error": error,
        "can_manage": _can_manage(request),
    }
    return render_page(request, REGISTRY_TEMPLATE, context, fragment="registry-size")
