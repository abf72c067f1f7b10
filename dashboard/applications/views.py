"""OAuth applications of an organization, their tokens, and "Set up Quayside here".

Quay returns a client secret on every administrator's read; Quayside shows one only in the
answer to the action whose point it is (creating the application, resetting its secret, picking
it for this Quayside), never again, and that answer is kept by no cache. A generated token is
shown the same way, once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import quay_client_for
from dashboard.mirroring.common import (
    WHY,
    add_refusal,
    administers_organization,
    no_store,
)
from dashboard.quay.applications import SCOPES, Application, ApplicationSecret
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.nav import organization_tabs

from .forms import APPLICATION_FIELDS, TOKEN_FIELDS, ApplicationForm, TokenForm

REFUSABLE = (QuayBadRequest, QuayPermissionDenied, QuayNotFound)


def _context(request: HtmxHttpRequest, org: str) -> dict[str, Any]:
    admin = administers_organization(request, org)
    return {"org": org, "tabs": organization_tabs(org, admin=admin), "active": "applications",
            "admin": admin}  # fmt: skip


def _list_page(
    request: HtmxHttpRequest,
    org: str,
    *,
    form: ApplicationForm | None = None,
    created: ApplicationSecret | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _context(request, org)
    if context["admin"]:
        context["applications"] = quay_client_for(request).list_applications(org)
        context["form"] = form or ApplicationForm()
    context["created"] = created
    response = render_page(request, "applications/list.html", context, status=status)
    return no_store(response) if created else response


@require_GET
@login_required
def application_list(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _list_page(request, org)


@require_POST
@login_required
def create_application(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _list_page(request, org, status=403)
    form = ApplicationForm(request.POST)
    status = actions.REJECTED
    if form.is_valid():
        try:
            created = quay_client_for(request).create_application(org, **form.arguments())
        except REFUSABLE as exc:
            status = add_refusal(form, exc, APPLICATION_FIELDS)
        else:
            return _list_page(request, org, created=created)
    return _list_page(request, org, form=form, status=status)


# --- One application ---------------------------------------------------------------------------


def _detail_page(
    request: HtmxHttpRequest,
    org: str,
    client_id: str,
    *,
    form: ApplicationForm | None = None,
    token_form: TokenForm | None = None,
    secret: ApplicationSecret | None = None,
    generated: Any = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _context(request, org)
    if context["admin"]:
        client = quay_client_for(request)
        application, tokens = gather(
            lambda: client.get_application(org, client_id),
            lambda: client.list_application_tokens(org, client_id),
        )
        context.update(
            application=application,
            tokens=tokens,
            form=form or ApplicationForm(initial=_initial(application)),
            token_form=token_form or TokenForm(initial={"scopes": ["repo:read"]}, prefix="token"),
        )
    context.update(secret=secret, generated=generated, alert=alert, scopes=dict(SCOPES))
    response = render_page(request, "applications/detail.html", context, status=status)
    return no_store(response) if secret or generated else response


def _initial(application: Application) -> dict[str, Any]:
    return {
        "name": application.name,
        "redirect_uri": application.redirect_uri,
        "application_uri": application.application_uri,
        "description": application.description,
        "avatar_email": application.avatar_email or "",
    }


def _detail_url(org: str, client_id: str) -> str:
    return reverse("applications:detail", args=[org, client_id])


@require_GET
@login_required
def application_detail(request: HtmxHttpRequest, org: str, client_id: str) -> HttpResponse:
    return _detail_page(request, org, client_id)


@require_POST
@login_required
def change_application(request: HtmxHttpRequest, org: str, client_id: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _detail_page(request, org, client_id, status=403)
    form = ApplicationForm(request.POST)
    status = actions.REJECTED
    if form.is_valid():
        try:
            quay_client_for(request).update_application(org, client_id, **form.arguments())
        except REFUSABLE as exc:
            status = add_refusal(form, exc, APPLICATION_FIELDS)
        else:
            messages.success(request, "Application saved.")
            return redirect(_detail_url(org, client_id))
    return _detail_page(request, org, client_id, form=form, status=status)


def _detail_button(
    request: HtmxHttpRequest,
    org: str,
    client_id: str,
    call: Callable[[QuayClient], Any],
    success: str | None,
) -> tuple[HttpResponse | None, Any]:
    """A button of an application's page (delete it, a new secret; both destructive, so each
    form counts once): refused here to a non-administrator, Quay's refusal the page's alert
    (that page, answered); else None and what Quay answered."""
    if not administers_organization(request, org):
        return _detail_page(request, org, client_id, status=403), None
    client = quay_client_for(request)
    outcome = actions.write(
        request,
        lambda: call(client),
        at=actions.IN_PLACE,
        why=WHY,
        also=(QuayNotFound,),
        success=success,
        destructive=True,
    )
    if outcome.done:
        return None, outcome.result
    alert, status = outcome.message, outcome.status
    return _detail_page(request, org, client_id, alert=alert, status=status), None


@require_POST
@login_required
def delete_application(request: HtmxHttpRequest, org: str, client_id: str) -> HttpResponse:
    refused, _ = _detail_button(
        request,
        org,
        client_id,
        lambda client: client.delete_application(org, client_id),
        "Application deleted; its tokens no longer work.",
    )
    return refused or redirect(reverse("applications:list", args=[org]))


@require_POST
@login_required
def reset_secret(request: HtmxHttpRequest, org: str, client_id: str) -> HttpResponse:
    refused, secret = _detail_button(
        request, org, client_id, lambda client: client.reset_client_secret(org, client_id), None
    )
    return refused or _detail_page(request, org, client_id, secret=secret)


@require_POST
@login_required
def create_token(request: HtmxHttpRequest, org: str, client_id: str) -> HttpResponse:
    if not administers_organization(request, org):
        return _detail_page(request, org, client_id, status=403)
    form = TokenForm(request.POST, prefix="token")
    status = actions.REJECTED
    if form.is_valid():
        days = form.cleaned_data.get("expiration_days")
        try:
            generated = quay_client_for(request).create_application_token(
                org, client_id, form.cleaned_data["name"], list(form.cleaned_data["scopes"]),
                days * 86400 if days else None,
            )  # fmt: skip
        except REFUSABLE as exc:
            status = add_refusal(form, exc, TOKEN_FIELDS)
        else:
            return _detail_page(request, org, client_id, generated=generated)
    return _detail_page(request, org, client_id, token_form=form, status=status)


@require_POST
@login_required
def revoke_token(request: HtmxHttpRequest, org: str, client_id: str, uuid: Any) -> HttpResponse:
    if not administers_organization(request, org):
        return _detail_page(request, org, client_id, status=403)
    if not actions.consume_form_token(request):
        return actions.repeated(request, _detail_url(org, client_id))
    try:
        quay_client_for(request).revoke_application_token(org, client_id, str(uuid))
    except REFUSABLE as exc:
        return _detail_page(
            request, org, client_id, alert=actions.refusal(exc, WHY), status=actions.status_of(exc)
        )
    messages.success(request, "Token revoked.")
    return redirect(_detail_url(org, client_id))


# --- Set up Quayside here ----------------------------------------------------------------------


@require_GET
@login_required
def setup_quayside(request: HtmxHttpRequest, org: str) -> HttpResponse:
    """Create (or pick) the application "Sign in with Quay" needs, with this Quayside's
    redirect URI, and show the two settings to copy. One call to show the page (the
    organization's applications); picking one costs a read, or a change of its redirect URI."""
    return _quayside_page(request, org)


@require_POST
@login_required
def quayside_create(request: HtmxHttpRequest, org: str) -> HttpResponse:
    def create(client: QuayClient, callback: str, home: str) -> ApplicationSecret:
        name = request.POST.get("name", "").strip()[:255] or "Quayside"
        return client.create_application(
            org, name, callback, home, "Sign in with Quay for the Quayside dashboard"
        )

    return _quayside_page(request, org, create)


@require_POST
@login_required
def quayside_existing(request: HtmxHttpRequest, org: str, *, repoint: bool) -> HttpResponse:
    """An existing application, its redirect URI first changed to this Quayside's where the URL
    says `repoint` (picking and repointing are one view, two URLs)."""
    client_id = request.POST.get("client_id", "")
    if not client_id.isalnum():
        return _quayside_page(request, org, alert="Choose an application, or create one.")

    def choose(client: QuayClient, callback: str, home: str) -> ApplicationSecret:
        if repoint:
            current = client.get_application(org, client_id)
            client.update_application(
                org, client_id, current.name, callback, current.application_uri or home,
                current.description, current.avatar_email or "",
            )  # fmt: skip
        return client.get_application_secret(org, client_id)

    return _quayside_page(request, org, choose)


def _quayside_page(
    request: HtmxHttpRequest,
    org: str,
    choose: Callable[[QuayClient, str, str], ApplicationSecret] | None = None,
    alert: str = "",
) -> HttpResponse:
    """The page, or the application just chosen with its secret (shown in this answer only)."""
    context = _context(request, org)
    # allauth's callback of the "quay" provider: the redirect URI Quay must know.
    callback = request.build_absolute_uri(reverse("quay_callback"))
    context.update(callback=callback, home=request.build_absolute_uri(reverse("overview")))
    if not context["admin"]:
        status = actions.REFUSED if request.method == "POST" else 200
        return render_page(request, "applications/quayside.html", context, status=status)
    client = quay_client_for(request)
    status = actions.REJECTED if alert else 200
    if choose is not None:
        outcome = actions.write(
            request,
            lambda: choose(client, callback, context["home"]),
            at=actions.IN_PLACE,
            why=WHY,
            also=(QuayNotFound,),
            success=None,
        )
        if outcome.done:
            context["chosen"] = outcome.result
            return no_store(render_page(request, "applications/quayside.html", context))
        alert, status = outcome.message, outcome.status
    applications = client.list_applications(org)
    context.update(
        alert=alert,
        matching=[app for app in applications if app.redirect_uri == callback],
        others=[app for app in applications if app.redirect_uri != callback],
    )
    return render_page(request, "applications/quayside.html", context, status=status)
