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
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.accounts.tokens import PROFILE_SESSION_KEY, current_profile, quay_client_for
from dashboard.quay.account import email_problem, namespace_problem
from dashboard.quay.errors import QuayBadRequest, QuayError, QuayNotFound, QuayPermissionDenied
from dashboard.quay.organizations import ROLES
from dashboard.web.access import can_change_installation
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.nav import organization_tabs_for

from . import review

# Quay lets a superuser change another organization only with this switch on.
FULL_ACCESS_NOTE = (
    "Quay lets a superuser change an organization they do not administer only when "
    "FEATURE_SUPERUSERS_FULL_ACCESS is on in its configuration."
)
MAX_EXPIRATION_DAYS = 3650


def _refusal(request: HtmxHttpRequest, exc: QuayError) -> str:
    if isinstance(exc, QuayPermissionDenied):
        profile = current_profile(request)
        note = FULL_ACCESS_NOTE if profile and profile.super_user else ""
        return f"Quay said no: {exc.message}. Only an administrator may do this. {note}".strip()
    return exc.message


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
    name = request.POST.get("name", "").strip()
    email = request.POST.get("email", "").strip()
    errors: dict[str, str] = {}
    problem = namespace_problem(name) if name else "Enter a name for the organization."
    if problem:
        errors["name"] = problem
    if email and email_problem(email):
        errors["email"] = email_problem(email)
    if not errors:
        try:
            quay_client_for(request).create_organization(name, email)
        except (QuayBadRequest, QuayPermissionDenied) as exc:
            message = _refusal(request, exc)
            errors["email" if "mail" in exc.message.lower() else "name"] = message
        else:
            membership = {
                "name": name,
                "is_org_admin": True,
                "can_create_repo": True,
                "public": False,
            }
            _sessions_organizations(request, lambda orgs: [*orgs, membership])
            messages.success(request, f"The organization {name} is created; you own it.")
            return HttpResponseRedirect(f"/organization/{name}/")
    profile = current_profile(request)
    organizations = sorted(profile.organizations if profile else [], key=lambda org: org.name)
    context = {
        "organizations": organizations,
        "errors": errors,
        "form": request.POST,
        "can_create": True,
    }
    return render_page(request, "organizations/list.html", context, status=400)


# --- /organization/<org>/settings/ --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def organization_settings(request: HtmxHttpRequest, org: str) -> HttpResponse:
    client = quay_client_for(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = _settings_action(request, org)
        if isinstance(outcome, HttpResponse):
            return outcome
        errors = outcome
    organization = client.get_organization(org)
    profile = current_profile(request)
    expiration = organization.tag_expiration_s
    context = {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "organization": organization,
        "errors": errors,
        "form": request.POST if errors else {},
        "expiration_days": "" if expiration is None else str(expiration // 86400),
        "max_days": MAX_EXPIRATION_DAYS,
        "may_rename": can_change_installation(profile),
        "is_superuser": bool(profile and profile.super_user),
        "full_access_note": FULL_ACCESS_NOTE,
    }
    return render_page(
        request, "organizations/settings.html", context, status=400 if errors else 200
    )


def _settings_action(request: HtmxHttpRequest, org: str) -> HttpResponse | dict[str, str]:
    action = request.POST.get("action", "")
    if action == "details":
        return _change_details(request, org)
    if action == "rename":
        return _rename(request, org)
    if action == "delete":
        return _delete(request, org)
    return {"alert": "Unknown action."}


def _change_details(request: HtmxHttpRequest, org: str) -> HttpResponse | dict[str, str]:
    email = request.POST.get("email", "").strip()
    days = request.POST.get("expiration_days", "").strip()
    changes: dict[str, Any] = {}
    if email != request.POST.get("current_email", ""):
        if email_problem(email):
            return {"email": email_problem(email)}
        changes["email"] = email
    if days != request.POST.get("current_expiration_days", ""):
        try:
            number = int(days)
        except ValueError:
            number = -1
        if not 0 <= number <= MAX_EXPIRATION_DAYS:
            return {
                "expiration_days": f"Enter a whole number of days from 0 to {MAX_EXPIRATION_DAYS}."
            }
        changes["tag_expiration_s"] = number * 86400
    if not changes:
        messages.info(request, "Nothing to change.")
        return HttpResponseRedirect(request.path)
    try:
        quay_client_for(request).change_organization_details_as_superuser(org, **changes)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        field = "email" if "email" in changes and "mail" in exc.message.lower() else "alert"
        return {field: _refusal(request, exc)}
    messages.success(request, f"The settings of {org} are saved.")
    return HttpResponseRedirect(request.path)


def _rename(request: HtmxHttpRequest, org: str) -> HttpResponse | dict[str, str]:
    if not can_change_installation(current_profile(request)):
        return {"new_name": "Only a superuser can rename an organization."}
    new_name = request.POST.get("new_name", "").strip()
    problem = namespace_problem(new_name) if new_name else "Enter the new name."
    if not problem and new_name == org:
        problem = "That is its name already."
    if problem:
        return {"new_name": problem}
    try:
        quay_client_for(request).rename_organization(org, new_name)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        return {"new_name": _refusal(request, exc)}
    _sessions_organizations(
        request,
        lambda orgs: [{**item, "name": new_name} if item["name"] == org else item for item in orgs],
    )
    review.forget(str(request.user.pk), org)
    messages.success(request, f"The organization {org} is now called {new_name}.")
    return HttpResponseRedirect(f"/organization/{new_name}/settings/")


def _delete(request: HtmxHttpRequest, org: str) -> HttpResponse | dict[str, str]:
    if request.POST.get("confirm", "") != org:
        return {"confirm": f"Type {org} to delete it."}
    try:
        quay_client_for(request).delete_organization(org)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        return {"confirm": _refusal(request, exc)}
    _sessions_organizations(request, lambda orgs: [o for o in orgs if o["name"] != org])
    review.forget(str(request.user.pk), org)
    messages.success(request, f"The organization {org} is deleted, with everything in it.")
    return HttpResponseRedirect("/organization/")


# --- Members, default permissions, team sync ------------------------------------------------


@require_POST
@login_required
def member_remove(request: HtmxHttpRequest, org: str, member: str) -> HttpResponse:
    teams = request.POST.get("teams", "").strip()[:1000]
    try:
        quay_client_for(request).remove_organization_member(org, member)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        messages.error(request, f"{member} was not removed. {_refusal(request, exc)}")
    else:
        review.forget(str(request.user.pk), org)
        left = f" (left {teams})" if teams else ""
        messages.success(request, f"{member} is no longer a member of {org}{left}.")
    return HttpResponseRedirect(f"/organization/{org}/#members-heading")


@require_POST
@login_required
def prototype_role(request: HtmxHttpRequest, org: str, prototype: UUID) -> HttpResponse:
    role = request.POST.get("role", "")
    delegate = request.POST.get("delegate", "").strip()[:255] or "the default permission"
    if role not in ROLES:
        messages.error(request, "Choose read, write or admin.")
    else:
        try:
            quay_client_for(request).update_organization_prototype(org, str(prototype), role)
        except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
            messages.error(request, _refusal(request, exc))
        else:
            messages.success(request, f"New repositories now give {delegate} {role}.")
    return HttpResponseRedirect(f"/organization/{org}/#prototypes-heading")


@require_POST
@login_required
def team_sync_disable(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    try:
        quay_client_for(request).disable_team_sync(org, team)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        messages.error(request, _refusal(request, exc))
    else:
        messages.success(
            request, f"{team} no longer follows its group: its members are now managed here."
        )
    return HttpResponseRedirect(f"/organization/{org}/teams/{team}/")
