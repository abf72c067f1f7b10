"""Looking after an organization as a whole: creating one from the list, its settings (e-mail,
tag expiration, the superuser's rename, deletion by typing its name), removing a member from
every team at once, changing a default permission's role in place, and turning off team sync.

One URL per action: checked here with Quay's rules first, then one call; Quay's refusal at the
field or as one message, and a redirect on success.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import PROFILE_SESSION_KEY, current_profile, quay_client_for
from dashboard.quay.errors import QuayError, QuayNotFound
from dashboard.quay.organizations import ROLES
from dashboard.web import actions
from dashboard.web.access import can_change_installation
from dashboard.web.forms import MAX_EXPIRATION_DAYS
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.nav import organization_tabs_for

from . import review
from .forms import (
    DeleteOrganizationForm,
    DetailsForm,
    OrganizationForm,
    RenameForm,
    page_errors,
)

# Quay lets a superuser change another organization only with this switch on.
FULL_ACCESS_NOTE = (
    "Quay lets a superuser change an organization they do not administer only when "
    "FEATURE_SUPERUSERS_FULL_ACCESS is on in its configuration."
)


def _why(request: HtmxHttpRequest) -> str:
    """Who may do this, said with Quay's refusal; a superuser also learns of Quay's switch."""
    profile = current_profile(request)
    note = FULL_ACCESS_NOTE if profile and profile.super_user else ""
    return f"Only an administrator may do this. {note}".strip()


def _write(request: HtmxHttpRequest, call: Any, **how: Any) -> actions.Outcome:
    return actions.write(request, call, why=_why(request), also=(QuayNotFound,), **how)


def _sessions_organizations(request: HtmxHttpRequest, change: Any) -> None:
    """Keep the organizations in the session profile true after a create, rename or delete:
    the list and the navigation read them from there without a call."""
    stored = request.session.get(PROFILE_SESSION_KEY)
    if isinstance(stored, dict):
        organizations = change(list(stored.get("organizations", [])))
        request.session[PROFILE_SESSION_KEY] = {**stored, "organizations": organizations}


# --- /organizations/new/ (the form is on the organization list) --------------------------


@require_POST
@login_required
def organization_create(request: HtmxHttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST)

    def create(data: dict[str, Any]) -> None:
        quay_client_for(request).create_organization(data["name"], data["email"])
        membership = {
            "name": data["name"],
            "is_org_admin": True,
            "can_create_repo": True,
            "public": False,
        }
        _sessions_organizations(request, lambda orgs: [*orgs, membership])

    outcome = _write(
        request,
        create,
        form=form,
        at=lambda exc: "email" if "mail" in exc.message.lower() else "name",
        success=lambda _: f"The organization {form.cleaned_data['name']} is created; you own it.",
    )
    if outcome.done:
        return redirect("organizations:overview", form.cleaned_data["name"])
    profile = current_profile(request)
    organizations = sorted(profile.organizations if profile else [], key=lambda org: org.name)
    context = {
        "organizations": organizations,
        "errors": page_errors(form),
        "form": request.POST,
        "can_create": True,
    }
    return render_page(request, "organizations/list.html", context, status=outcome.status)


# --- /organization/<org>/settings/ --------------------------------------------------------


@require_GET
@login_required
def organization_settings(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _settings_page(request, org)


def _settings_page(
    request: HtmxHttpRequest, org: str, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    organization = quay_client_for(request).get_organization(org)
    profile = current_profile(request)
    expiration = organization.tag_expiration_s
    context = {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "organization": organization,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "expiration_days": "" if expiration is None else str(expiration // 86400),
        "max_days": MAX_EXPIRATION_DAYS,
        "may_rename": can_change_installation(profile),
        "is_superuser": bool(profile and profile.super_user),
        "full_access_note": FULL_ACCESS_NOTE,
    }
    return render_page(request, "organizations/settings.html", context, status=status)


@require_POST
@login_required
def settings_details(request: HtmxHttpRequest, org: str) -> HttpResponse:
    form = DetailsForm(request.POST)
    settings_url = reverse("organizations:settings", args=[org])
    if form.is_valid() and not form.cleaned_data["changes"]:
        messages.info(request, "Nothing to change.")
        return redirect(settings_url)

    def mail_or_alert(exc: QuayError) -> str:
        changes = form.cleaned_data["changes"]
        return "email" if "email" in changes and "mail" in exc.message.lower() else NON_FIELD_ERRORS

    outcome = _write(
        request,
        lambda data: quay_client_for(request).change_organization_details_as_superuser(
            org, **data["changes"]
        ),
        form=form,
        at=mail_or_alert,
        success=f"The settings of {org} are saved.",
    )
    if outcome.done:
        return redirect(settings_url)
    return _settings_page(request, org, page_errors(form), outcome.status)


@require_POST
@login_required
def settings_rename(request: HtmxHttpRequest, org: str) -> HttpResponse:
    may_rename = can_change_installation(current_profile(request))
    form = RenameForm(request.POST, org=org, may_rename=may_rename)

    def rename(data: dict[str, Any]) -> None:
        new_name = data["new_name"]
        quay_client_for(request).rename_organization(org, new_name)
        _sessions_organizations(
            request,
            lambda orgs: [
                {**item, "name": new_name} if item["name"] == org else item for item in orgs
            ],
        )
        review.forget(str(request.user.pk), org)

    outcome = _write(
        request,
        rename,
        form=form,
        at="new_name",
        success=lambda _: f"The organization {org} is now called {form.cleaned_data['new_name']}.",
    )
    if not outcome.done:
        return _settings_page(request, org, page_errors(form), outcome.status)
    return redirect("organizations:settings", form.cleaned_data["new_name"])


@require_POST
@login_required
def settings_delete(request: HtmxHttpRequest, org: str) -> HttpResponse:
    form = DeleteOrganizationForm(request.POST, expected=org)
    if form.is_valid() and not actions.consume_form_token(request):
        return actions.repeated(request, reverse("organizations:settings", args=[org]))

    def delete(_: dict[str, Any]) -> None:
        quay_client_for(request).delete_organization(org)
        _sessions_organizations(request, lambda orgs: [o for o in orgs if o["name"] != org])
        review.forget(str(request.user.pk), org)

    outcome = _write(
        request,
        delete,
        form=form,
        at="confirm",
        success=f"The organization {org} is deleted, with everything in it.",
        destructive=True,
    )
    if not outcome.done:
        return _settings_page(request, org, page_errors(form), outcome.status)
    return redirect("organizations:list")


# --- Members, default permissions, team sync ------------------------------------------------


@require_POST
@login_required
def member_remove(request: HtmxHttpRequest, org: str, member: str) -> HttpResponse:
    teams = request.POST.get("teams", "").strip()[:1000]
    left = f" (left {teams})" if teams else ""
    outcome = _write(
        request,
        lambda: quay_client_for(request).remove_organization_member(org, member),
        success=f"{member} is no longer a member of {org}{left}.",
        failed=f"{member} was not removed.",
        destructive=True,
    )
    if outcome.done:
        review.forget(str(request.user.pk), org)
    return redirect(reverse("organizations:overview", args=[org]) + "#members-heading")


@require_POST
@login_required
def prototype_role(request: HtmxHttpRequest, org: str, prototype: UUID) -> HttpResponse:
    role = request.POST.get("role", "")
    delegate = request.POST.get("delegate", "").strip()[:255] or "the default permission"
    if role not in ROLES:
        messages.error(request, "Choose read, write or admin.")
    else:
        _write(
            request,
            lambda: quay_client_for(request).update_organization_prototype(
                org, str(prototype), role
            ),
            success=f"New repositories now give {delegate} {role}.",
        )
    return redirect(reverse("organizations:overview", args=[org]) + "#prototypes-heading")


@require_POST
@login_required
def team_sync_disable(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    _write(
        request,
        lambda: quay_client_for(request).disable_team_sync(org, team),
        success=f"{team} no longer follows its group: its members are now managed here.",
        destructive=True,
    )
    return redirect("organizations:team", org, team)
