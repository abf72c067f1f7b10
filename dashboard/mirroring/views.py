"""Repository mirroring, organization mirroring, the proxy cache of an organization, and the
superuser's view of mirror health.

The repository mirror page costs two calls (the repository, for its state and the person's
rights, and its mirror); while a sync runs, its status panel polls with one call each time and
stops when the sync ends; the mirror's history (its `repo_mirror_*` usage-log entries) comes
after the page, in one fragment. Organization pages ask nothing of Quay for someone who does
not administer the organization: they say so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.quay.mirroring import ORG_MIRROR_STATUSES
from dashboard.quay.usagelogs import DateRange
from dashboard.web import actions, clock
from dashboard.web.access import superuser_required
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import (
    SUPERUSER_TABS,
    organization_tabs,
    repository_tabs,
)

from .common import (
    WHY,
    add_refusal,
    administers_organization,
    forget_password,
    repository_and_admin_data,
)
from .forms import MIRROR_FIELDS, PROXY_FIELDS, MirrorForm, ProxyCacheForm
from .org_forms import ORG_MIRROR_FIELDS, OrgMirrorForm

POLL_SECONDS = 2
NO_ORG_MIRRORING = (
    "This Quay has no organization mirroring: the feature is switched off, or the Quay predates it."
)
HISTORY_DAYS = 30
REFUSABLE = (QuayBadRequest, QuayPermissionDenied, QuayNotFound)

STATE_RULE = (
    "Quay mirrors a repository only while its state is Mirror. In that state nobody can push "
    "to it or change its tags by hand: only the mirror's robot writes to it. Switching back to "
    "Normal stops the mirroring and keeps its settings."
)


# --- Repository mirroring ----------------------------------------------------------------------


def _mirror_url(namespace: str, name: str) -> str:
    return reverse("mirroring:repository", args=[namespace, name])


def _repository_page(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    *,
    form: MirrorForm | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    repository, mirror = repository_and_admin_data(
        request, namespace, name, lambda client: client.get_repo_mirror(namespace, name)
    )
    if form is None and repository.can_admin:
        form = MirrorForm(
            initial=MirrorForm.initial_for(mirror, namespace), namespace=namespace, existing=mirror
        )
    context = {
        "namespace": namespace,
        "name": name,
        "repository": repository,
        "tabs": repository_tabs(request, namespace, name, repository),
        "active": "mirror",
        "mirror": mirror,
        "form": form,
        "alert": alert,
        "state_rule": STATE_RULE,
        "poll_seconds": POLL_SECONDS,
        "in_mirror_state": repository.state == "MIRROR",
        "entries": None,  # the history comes after the page
        "history_error": "",
        "more": False,
        "history_days": HISTORY_DAYS,
    }
    return render_page(request, "mirroring/repository.html", context, status=status)


@require_GET
@login_required
def repository_mirror(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _repository_page(request, namespace, name)


@require_GET
@login_required
def repository_mirror_status(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The status panel, polled while a sync runs: one call."""
    mirror = quay_client_for(request).get_repo_mirror(namespace, name)
    context = {
        "namespace": namespace,
        "name": name,
        "mirror": mirror,
        "poll_seconds": POLL_SECONDS,
        "in_mirror_state": True,
    }
    if not wants_fragment(request):
        return redirect(_mirror_url(namespace, name))
    return render_page(request, "mirroring/repository.html", context, fragment="mirror-status")


@require_GET
@login_required
def repository_mirror_history(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The mirror's entries among the repository's recent usage logs: one call."""
    today = clock.today()
    dates = DateRange(today.fromordinal(today.toordinal() - HISTORY_DAYS + 1), today)
    error = ""
    entries = []
    next_page = None
    try:
        page = quay_client_for(request).list_repo_logs(namespace, name, dates)
        entries = [entry for entry in page.items if entry.kind.startswith("repo_mirror_")]
        next_page = page.next_page
    except (QuayPermissionDenied, QuayNotFound) as exc:
        error = actions.refusal(exc, WHY)
    context = {
        "namespace": namespace,
        "name": name,
        "entries": entries,
        "more": bool(next_page),
        "history_error": error,
        "history_days": HISTORY_DAYS,
    }
    if not wants_fragment(request):
        return redirect(_mirror_url(namespace, name))
    return render_page(request, "mirroring/repository.html", context, fragment="mirror-history")


def _after_write(request: HtmxHttpRequest, namespace: str, name: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_mirror_url(namespace, name))


@require_POST
@login_required
def repository_mirror_state(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    state = request.POST.get("state", "")
    if state not in ("MIRROR", "NORMAL"):
        alert = "Choose Mirror or Normal."
        return _repository_page(request, namespace, name, alert=alert, status=400)
    try:
        quay_client_for(request).change_repo_state(namespace, name, state)
    except REFUSABLE as exc:
        return _repository_page(
            request, namespace, name, alert=actions.refusal(exc, WHY), status=actions.status_of(exc)
        )
    if state == "MIRROR":
        return _after_write(request, namespace, name, "The repository is now in mirror state.")
    return _after_write(
        request, namespace, name, "The repository is back to normal; mirroring stopped."
    )


@require_POST
@login_required
def repository_mirror_save(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """Set up the mirror (POST to Quay) or change it (PUT, only what changed)."""
    client = quay_client_for(request)
    existing = client.get_repo_mirror(namespace, name)
    form = MirrorForm(request.POST, namespace=namespace, existing=existing)
    status = actions.REJECTED
    if form.is_valid():
        try:
            if existing is None:
                try:
                    client.create_repo_mirror(namespace, name, form.create_body())
                except QuayNotFound:
                    alert = "This Quay has no repository mirroring: the feature is switched off."
                    return _repository_page(request, namespace, name, alert=alert, status=400)
                return _after_write(request, namespace, name, "Mirror set up.")
            changes = form.change_body()
            if changes:
                client.update_repo_mirror(namespace, name, changes)
            return _after_write(
                request, namespace, name, "Mirror saved." if changes else "Nothing changed."
            )
        except REFUSABLE as exc:
            status = add_refusal(form, exc, MIRROR_FIELDS)
    forget_password(form)
    return _repository_page(request, namespace, name, form=form, status=status)


def _mirror_action(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    call: Any,
    message: str,
    *,
    destructive: bool = False,
) -> HttpResponse:
    if destructive and not actions.consume_form_token(request):
        return actions.repeated(request, _mirror_url(namespace, name))
    try:
        call()
    except REFUSABLE as exc:
        return _repository_page(
            request, namespace, name, alert=actions.refusal(exc, WHY), status=actions.status_of(exc)
        )
    return _after_write(request, namespace, name, message)


def _repository_mirror_button(
    call: Callable[[QuayClient, str, str], Any], done: str, *, destructive: bool = False
) -> Callable[..., HttpResponseBase]:
    """A button of the repository's mirror page that is one client call and one message: the
    view is the same for each, so it is made here once."""

    @require_POST
    @login_required
    def view(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
        client = quay_client_for(request)
        return _mirror_action(
            request, namespace, name, lambda: call(client, namespace, name), done,
            destructive=destructive,
        )  # fmt: skip

    return view


@require_POST
@login_required
def repository_mirror_enable(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    enabled = request.POST.get("enabled") == "true"
    client = quay_client_for(request)
    return _mirror_action(
        request, namespace, name,
        lambda: client.update_repo_mirror(namespace, name, {"is_enabled": enabled}),
        "Mirroring enabled." if enabled else "Mirroring disabled: no scheduled syncs.",
    )  # fmt: skip


repository_mirror_sync = _repository_mirror_button(
    lambda client, namespace, name: client.sync_repo_mirror_now(namespace, name),
    "Sync requested: Quay's mirror worker starts it shortly.",
)
repository_mirror_cancel = _repository_mirror_button(
    lambda client, namespace, name: client.cancel_repo_mirror_sync(namespace, name),
    "Sync cancelled.",
    destructive=True,
)


# --- Organization mirroring --------------------------------------------------------------------


def _org_context(request: HtmxHttpRequest, org: str, active: str) -> dict[str, Any]:
    admin = administers_organization(request, org)
    return {"org": org, "tabs": organization_tabs(org, admin=admin), "active": active,
            "admin": admin}  # fmt: skip


def _org_mirror_page(
    request: HtmxHttpRequest,
    org: str,
    *,
    form: OrgMirrorForm | None = None,
    alert: str = "",
    verified: tuple[bool, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _org_context(request, org, "mirror")
    if context["admin"]:
        client = quay_client_for(request)
        mirror = client.get_org_mirror(org)
        context["mirror"] = mirror
        context["repositories"] = (
            client.list_org_mirror_repositories(org, status=_status_filter(request))
            if mirror is not None
            else None
        )
        context["statuses"] = ORG_MIRROR_STATUSES
        context["status_filter"] = _status_filter(request) or ""
        context["form"] = form or OrgMirrorForm(
            initial=OrgMirrorForm.initial_for(mirror, org), org=org, existing=mirror
        )
    context.update(alert=alert, verified=verified)
    return render_page(request, "mirroring/organization.html", context, status=status)


def _status_filter(request: HtmxHttpRequest) -> str | None:
    value = request.GET.get("status", "")
    return value if value in ORG_MIRROR_STATUSES else None


@require_GET
@login_required
def organization_mirror(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _org_mirror_page(request, org)


def _org_done(request: HtmxHttpRequest, org: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("mirroring:organization", args=[org]))


@require_POST
@login_required
def organization_mirror_save(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _org_mirror_page(request, org, status=403)
    client = quay_client_for(request)
    existing = client.get_org_mirror(org)
    form = OrgMirrorForm(request.POST, org=org, existing=existing)
    status = actions.REJECTED
    if form.is_valid():
        try:
            if existing is None:
                client.create_org_mirror(org, form.create_body())
                return _org_done(request, org, "Organization mirror set up.")
            client.update_org_mirror(org, form.change_body())
            return _org_done(request, org, "Organization mirror saved.")
        except QuayNotFound:
            # Quay answers 404 for an endpoint it does not have (or whose feature is off).
            return _org_mirror_page(request, org, alert=NO_ORG_MIRRORING, status=400)
        except REFUSABLE as exc:
            status = add_refusal(form, exc, ORG_MIRROR_FIELDS)
    forget_password(form)
    return _org_mirror_page(request, org, form=form, status=status)


def _org_mirror_write(
    request: HtmxHttpRequest,
    org: str,
    call: Callable[[QuayClient], Any],
    done: str,
    *,
    destructive: bool = False,
) -> HttpResponse:
    """One action on an organization's mirror: refused here to a non-administrator, else the
    one write path, with Quay's refusal as the page's alert."""
    if not administers_organization(request, org):
        return _org_mirror_page(request, org, status=actions.REFUSED)
    client = quay_client_for(request)
    outcome = actions.write(
        request,
        lambda: call(client),
        at=actions.IN_PLACE,
        why=WHY,
        success=done,
        destructive=destructive,
    )
    if outcome.done:
        return redirect("mirroring:organization", org)
    return _org_mirror_page(request, org, alert=outcome.message, status=outcome.status)


def _org_mirror_button(
    call: Callable[[QuayClient, str], Any], done: str, *, destructive: bool = False
) -> Callable[..., HttpResponseBase]:
    """A button of the organization's mirror page that is one client call and one message."""

    @require_POST
    @login_required
    def view(request: HtmxHttpRequest, org: str) -> HttpResponse:
        return _org_mirror_write(
            request, org, lambda client: call(client, org), done, destructive=destructive
        )

    return view


@require_POST
@login_required
def organization_mirror_verify(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _org_mirror_page(request, org, status=actions.REFUSED)
    outcome = actions.write(
        request,
        lambda: quay_client_for(request).verify_org_mirror(org),
        at=actions.IN_PLACE,
        why=WHY,
        success=None,
    )
    if outcome.done:
        return _org_mirror_page(request, org, verified=outcome.result)
    return _org_mirror_page(request, org, alert=outcome.message, status=outcome.status)


organization_mirror_sync = _org_mirror_button(
    lambda client, org: client.sync_org_mirror_now(org), "Sync requested."
)
organization_mirror_cancel = _org_mirror_button(
    lambda client, org: client.cancel_org_mirror_sync(org), "Sync cancelled.", destructive=True
)


@require_POST
@login_required
def organization_mirror_enable(request: HtmxHttpRequest, org: str) -> HttpResponse:
    enable = request.POST.get("enabled") == "true"
    return _org_mirror_write(
        request,
        org,
        lambda client: client.update_org_mirror(org, {"is_enabled": enable}),
        "Mirroring enabled." if enable else "Mirroring disabled.",
    )


@require_POST
@login_required
def organization_mirror_delete(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if request.POST.get("confirm", "") != org and administers_organization(request, org):
        return _org_mirror_page(
            request, org, alert=f"Type {org} to confirm.", status=actions.REJECTED
        )
    return _org_mirror_write(
        request,
        org,
        lambda client: client.delete_org_mirror(org),
        "Organization mirror deleted.",
        destructive=True,
    )


# --- Proxy cache -------------------------------------------------------------------------------


def _proxy_page(
    request: HtmxHttpRequest,
    org: str,
    *,
    form: ProxyCacheForm | None = None,
    alert: str = "",
    validated: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _org_context(request, org, "proxycache")
    if context["admin"]:
        try:
            context["cache"] = quay_client_for(request).get_proxy_cache(org)
        except QuayNotFound:
            context["unavailable"] = True  # the proxy-cache feature is off on this Quay
        context["form"] = form or ProxyCacheForm()
    context.update(alert=alert, validated=validated)
    return render_page(request, "mirroring/proxycache.html", context, status=status)


@require_GET
@login_required
def proxy_cache(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _proxy_page(request, org)


@require_POST
@login_required
def proxy_cache_write(request: HtmxHttpRequest, org: str, *, saving: bool) -> HttpResponse:
    """Quay's own check of the upstream, nothing saved; or, where the URL says `saving`, check
    and then save: Quay does not check the upstream when it saves."""
    if not administers_organization(request, org):
        return _proxy_page(request, org, status=actions.REFUSED)
    client = quay_client_for(request)
    form = ProxyCacheForm(request.POST)
    validated = ""
    status = actions.REJECTED
    if form.is_valid():
        arguments = form.arguments()
        try:
            validated = client.validate_proxy_cache(org, **arguments)
            if saving:
                client.create_proxy_cache(org, **arguments)
                messages.success(request, f"{org} now caches {arguments['upstream']}.")
                return redirect(reverse("mirroring:proxycache", args=[org]))
        except REFUSABLE as exc:
            status = add_refusal(form, exc, PROXY_FIELDS)
            validated = ""
    forget_password(form)
    return _proxy_page(
        request, org, form=form, validated=validated, status=200 if validated else status
    )


@require_POST
@login_required
def proxy_cache_delete(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _proxy_page(request, org, status=403)
    if request.POST.get("confirm", "") != org:
        return _proxy_page(request, org, alert=f"Type {org} to confirm.", status=400)
    if not actions.consume_form_token(request):
        return actions.repeated(request, reverse("mirroring:proxycache", args=[org]))
    try:
        quay_client_for(request).delete_proxy_cache(org)
    except REFUSABLE as exc:
        return _proxy_page(
            request, org, alert=actions.refusal(exc, WHY), status=actions.status_of(exc)
        )
    messages.success(request, f"{org} is no longer a proxy cache.")
    return redirect(reverse("mirroring:proxycache", args=[org]))


# --- Superuser: mirror health ------------------------------------------------------------------


@require_GET
@login_required
@superuser_required
def superuser_mirror_health(request: HtmxHttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "tabs": SUPERUSER_TABS,
        "active": "mirrors",
        "title": "Mirror health",
    }
    try:
        context["health"] = quay_client_for(request).get_superuser_mirror_health(detailed=True)
    except QuayNotFound:
        context["health"] = None  # an older Quay, or repository mirroring switched off

    return render_page(request, "mirroring/health.html", context)
