"""Organizations, teams, robots, default permissions, repository permissions and the access
review. Each page is one view answering GET (the page or its fragment); each action has its own
URL and view, and goes the one write path (`web.actions`): a successful action redirects back (a
robot's credentials, asked for with htmx, swap only their panel), a refused one shows the page
again with Quay's reason where it belongs."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.tokens import cache_scope, current_profile, quay_client_for, quay_host
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import map_concurrently
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.quay.organizations import ROLES, TEAM_ROLES, RobotCredentials
from dashboard.web import actions
from dashboard.web.access import reads_as_org_admin
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import organization_tabs, organization_tabs_for, repository_tabs
from dashboard.web.numbers import whole_or
from dashboard.web.paging import numbered_pager
from dashboard.web.swr import stale_while_revalidate

from . import review
from .forms import (
    MemberForm,
    PermissionForm,
    PrototypeForm,
    RobotForm,
    TeamForm,
    TeamRoleForm,
    member_kind,
    page_errors,
)

REVIEW_COLUMNS_PER_PAGE = 30


@dataclass(frozen=True)
class Panel:
    """One part of a page: Quay's answer, or its refusal (the rest of the page still works)."""

    value: Any = None
    refusal: str = ""
    # Not asked for at all: the person cannot read it (administrators only).
    hidden: bool = False


def _panels(*calls: Any) -> list[Panel]:
    """Run independent calls concurrently; a refusal (403) stays inside its panel, anything
    else (404, Quay down) fails the page as usual."""
    panels = []
    for result in map_concurrently(lambda call: call(), calls, return_exceptions=True):
        if isinstance(result, QuayPermissionDenied):
            panels.append(Panel(refusal=result.message))
        elif isinstance(result, BaseException):
            raise result
        else:
            panels.append(Panel(result))
    return panels


def _required(panel: Panel) -> Any:
    """A panel the page cannot do without: its refusal is the page's."""
    if panel.refusal:
        raise QuayPermissionDenied(panel.refusal)
    return panel.value


# Who may change an organization, said with Quay's refusal.
WHY = "Only an administrator may do this."


def _write(request: HtmxHttpRequest, org: str, call: Any, **how: Any) -> actions.Outcome:
    """The one write path, and the person's cached access review forgotten after a change."""
    outcome = actions.write(request, call, why=WHY, also=(QuayNotFound,), **how)
    if outcome.done:
        review.forget(_person(request), org)
    return outcome


def _no_store(response: HttpResponse) -> HttpResponse:
    # Pages that show a robot token must not be kept by any cache, the browser's included.
    response["Cache-Control"] = "no-store"
    return response


_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._+-]{0,254}$")


def _suggestions(
    request: HtmxHttpRequest, client: QuayClient, field: str, namespace: str, template: str
) -> HttpResponse | None:
    """The entity search behind a name field: `?suggest=1&<field>=<prefix>` from htmx answers
    the `entity-options` datalist, one call to Quay."""
    if not (request.method == "GET" and request.GET.get("suggest") and wants_fragment(request)):
        # Without htmx there is no list to fill: the page itself answers.
        return None
    prefix = request.GET.get(field, "").strip().lower()
    entities = []
    if _PREFIX.match(prefix):
        try:
            entities = client.get_matching_entities(prefix, namespace=namespace, include_teams=True)
        except (QuayBadRequest, QuayPermissionDenied, QuayNotFound):
            entities = []
    return render_page(request, template, {"entities": entities}, fragment="entity-options")


# --- /organization/ -------------------------------------------------------------------------


@require_GET
@login_required
def organization_list(request: HtmxHttpRequest) -> HttpResponse:
    profile = current_profile(request)
    organizations = sorted(profile.organizations if profile else [], key=lambda org: org.name)
    return render_page(request, "organizations/list.html", {"organizations": organizations})


# --- /organization/<org>/ -------------------------------------------------------------------


@require_GET
@login_required
@stale_while_revalidate("org")
def organization_overview(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _overview_page(request, org)


def _overview_page(
    request: HtmxHttpRequest, org: str, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    client = quay_client_for(request)
    admin = reads_as_org_admin(current_profile(request), org)
    part = request.GET.get("view", "")
    if part in OVERVIEW_PARTS and wants_fragment(request):
        return _overview_part(request, client, org, part, admin=admin)
    lazy = admin and not errors
    if admin and errors:
        # A refused form shows again with everything it sits among, as it was.
        organization, members, robots, collaborators, prototypes = _panels(
            lambda: client.get_organization(org),
            *(partial(read, client, org) for read in OVERVIEW_PARTS.values()),
        )
    else:
        # One call before the first byte: the organization, with its teams. An administrator's
        # members, collaborators, robots and default permissions load as lazy parts right after.
        # Quay shows members only the organization and its teams: ask them for nothing else.
        (organization,) = _panels(lambda: client.get_organization(org))
        members = robots = collaborators = prototypes = Panel()
    context = {
        "org": org,
        "admin": admin,
        "lazy": lazy,
        "tabs": organization_tabs(org, admin=admin),
        "organization": _required(organization),
        "members": members,
        "robots": robots,
        "collaborators": collaborators,
        "prototypes": prototypes,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "team_roles": TEAM_ROLES,
        "roles": ROLES,
    }
    return render_page(request, "organizations/overview.html", context, status=status)


@require_POST
@login_required
def team_create(request: HtmxHttpRequest, org: str) -> HttpResponse:
    client = quay_client_for(request)
    form = TeamForm(request.POST)
    if form.is_valid() and form.cleaned_data["name"] in {
        team.name for team in client.get_organization(org).teams
    }:
        form.add_error("name", f"The team {form.cleaned_data['name']} already exists.")
    outcome = _write(
        request,
        org,
        lambda data: client.update_organization_team(
            org, data["name"], data["role"], data["description"]
        ),
        form=form,
        at=NON_FIELD_ERRORS,
        success=lambda _: f"Team {form.cleaned_data['name']} created.",
    )
    if outcome.done:
        return redirect("organizations:team", org, form.cleaned_data["name"])
    return _overview_page(request, org, page_errors(form, TeamForm.PLACES), outcome.status)


@require_POST
@login_required
def prototype_create(request: HtmxHttpRequest, org: str) -> HttpResponse:
    client = quay_client_for(request)
    form = PrototypeForm(request.POST)
    outcome = _write(
        request,
        org,
        lambda data: client.create_organization_prototype(
            org,
            data["role"],
            data["delegate"],
            data["delegate_kind"],
            data["activating_user"] or None,
        ),
        form=form,
        at=NON_FIELD_ERRORS,
        success=lambda _: f"Default permission for {form.cleaned_data['delegate']} created.",
    )
    if outcome.done:
        return actions.redirect_back(request, reverse("organizations:overview", args=[org]))
    return _overview_page(request, org, page_errors(form, PrototypeForm.PLACES), outcome.status)


# The overview's lazy parts (administrators only), each one call: `?view=<part>` with htmx.
OVERVIEW_PARTS: dict[str, Any] = {
    "members": lambda client, org: client.list_organization_members(org),
    "robots": lambda client, org: client.list_robots(org, is_organization=True, permissions=True),
    "collaborators": lambda client, org: client.list_organization_collaborators(org),
    "prototypes": lambda client, org: client.list_organization_prototypes(org),
}


def _overview_part(
    request: HtmxHttpRequest, client: QuayClient, org: str, part: str, *, admin: bool
) -> HttpResponse:
    if not admin:
        # Quay would refuse it: never asked for someone who does not administer the organization.
        return HttpResponse(status=204)
    (panel,) = _panels(lambda: OVERVIEW_PARTS[part](client, org))
    context = {"org": org, part: panel, "roles": ROLES, "errors": {}, "form": {}}
    return render_page(request, "organizations/overview.html", context, fragment=f"part-{part}")


@require_POST
@login_required
def prototype_delete(request: HtmxHttpRequest, org: str, prototype: UUID) -> HttpResponse:
    client = quay_client_for(request)
    outcome = _write(
        request,
        org,
        lambda: client.delete_organization_prototype(org, str(prototype)),
        at=actions.IN_PLACE,
        success="Default permission deleted.",
        destructive=True,
    )
    overview = reverse("organizations:overview", args=[org])
    if outcome.done:
        return actions.redirect_back(request, overview)
    return _overview_page(request, org, {"alert": outcome.message}, outcome.status)


# --- /organization/<org>/teams/<team>/ -------------------------------------------------------


@require_GET
@login_required
def team_detail(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    client = quay_client_for(request)
    suggestions = _suggestions(request, client, "member", org, "organizations/team.html")
    if suggestions is not None:
        return suggestions
    return _team_page(request, org, team)


def _team_page(
    request: HtmxHttpRequest,
    org: str,
    team: str,
    errors: dict[str, str] | None = None,
    outcome: actions.Outcome | None = None,
) -> HttpResponse:
    client = quay_client_for(request)
    if reads_as_org_admin(current_profile(request), org):
        organization, members, permissions = _panels(
            lambda: client.get_organization(org),
            lambda: client.get_organization_team_members(org, team),
            lambda: client.get_organization_team_permissions(org, team),
        )
    else:
        # Members may see a team's members; its permissions are for administrators.
        organization, members = _panels(
            lambda: client.get_organization(org),
            lambda: client.get_organization_team_members(org, team),
        )
        permissions = Panel(hidden=True)
    team_info = _required(organization).team(team)
    if team_info is None:
        if outcome is not None and outcome.refused is not None:
            # Quay hides the team from this token: its refusal of the write is the answer,
            # not a conclusion that the team does not exist.
            raise outcome.refused
        raise QuayNotFound(f"The organization {org} has no team {team}.")
    context = {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "organization": organization.value,
        "team": team_info,
        "members": members,
        "permissions": permissions,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "team_roles": TEAM_ROLES,
    }
    status = outcome.status if outcome else 200
    return render_page(request, "organizations/team.html", context, status=status)


def _team_answer(
    request: HtmxHttpRequest,
    org: str,
    team: str,
    outcome: actions.Outcome,
    errors: dict[str, str],
) -> HttpResponse:
    if outcome.done:
        return actions.redirect_back(request, reverse("organizations:team", args=[org, team]))
    return _team_page(request, org, team, errors, outcome)


@require_POST
@login_required
def team_member_add(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    client = quay_client_for(request)
    form = MemberForm(
        request.POST, rule="Enter a username, a robot (organization+name) or an e-mail."
    )

    def add(data: dict[str, Any]) -> str:
        member = data["member"]
        if form.kind == "email":
            client.invite_team_member_email(org, team, member)
            return f"{member} was invited to {team}."
        if client.update_organization_team_member(org, team, member).invited:
            return f"{member} is not in {org} yet and was invited to {team}."
        return f"{member} added to {team}."

    outcome = _write(request, org, add, form=form, at="member", success=lambda said: said)
    return _team_answer(request, org, team, outcome, page_errors(form))


@require_POST
@login_required
def team_member_remove(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    client = quay_client_for(request)
    form = MemberForm(request.POST, rule="Choose a member to remove.")

    def remove(data: dict[str, Any]) -> None:
        if form.kind == "email":
            client.delete_team_member_email_invite(org, team, data["member"])
        else:
            client.delete_organization_team_member(org, team, data["member"])

    outcome = _write(
        request,
        org,
        remove,
        form=form,
        at=NON_FIELD_ERRORS,
        success=lambda _: f"{form.cleaned_data['member']} removed from {team}.",
        destructive=True,
    )
    return _team_answer(request, org, team, outcome, page_errors(form, {"member": "alert"}))


@require_POST
@login_required
def team_role(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    client = quay_client_for(request)
    form = TeamRoleForm(request.POST)
    outcome = _write(
        request,
        org,
        lambda data: client.update_organization_team(org, team, data["role"], data["description"]),
        form=form,
        at=NON_FIELD_ERRORS,
        success=lambda _: f"{team} is now a team of role {form.cleaned_data['role']}.",
    )
    return _team_answer(request, org, team, outcome, page_errors(form, TeamRoleForm.PLACES))


@require_POST
@login_required
def team_delete(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    if not actions.consume_form_token(request):
        return actions.repeated(request, reverse("organizations:team", args=[org, team]))
    client = quay_client_for(request)
    outcome = _write(
        request,
        org,
        lambda: client.delete_organization_team(org, team),
        at=actions.IN_PLACE,
        success=f"Team {team} deleted.",
        destructive=True,
    )
    if outcome.done:
        return redirect("organizations:overview", org)
    return _team_page(request, org, team, {"alert": outcome.message}, outcome)


# --- Robots: /organization/<org>/robots/ and /user/robots/ ----------------------------------


def _robot_namespace(request: HtmxHttpRequest, org: str | None) -> tuple[str, bool]:
    """The robots' namespace, and whether it is an organization (else the person's own)."""
    if org is not None:
        return org, True
    profile = current_profile(request)
    return (profile.username if profile else ""), False


def _robots_url(namespace: str, is_organization: bool) -> str:
    if is_organization:
        return reverse("organizations:robots", args=[namespace])
    return reverse("organizations:user_robots")


@require_GET
@login_required
def organization_robots(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _robots_page(request, org, is_organization=True)


@require_GET
@login_required
def user_robots(request: HtmxHttpRequest) -> HttpResponse:
    namespace, _ = _robot_namespace(request, None)
    return _robots_page(request, namespace, is_organization=False)


def _robots_page(
    request: HtmxHttpRequest,
    namespace: str,
    *,
    is_organization: bool,
    errors: dict[str, str] | None = None,
    status: int = 200,
    credentials: dict[str, str] | None = None,
    shown_because: str = "",
) -> HttpResponse:
    client = quay_client_for(request)
    robots = client.list_robots(namespace, is_organization=is_organization, permissions=True)
    context = {
        "namespace": namespace,
        "is_organization": is_organization,
        "org": namespace,
        "tabs": organization_tabs_for(request, namespace) if is_organization else [],
        "robots": robots,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "credentials": credentials,
        "shown_because": shown_because,
        "robot_actions": _robot_actions(namespace, is_organization),
    }
    response = render_page(
        request, "organizations/robots.html", context, fragment="robot-list", status=status
    )
    return _no_store(response) if credentials else response


@require_POST
@login_required
def robot_write(
    request: HtmxHttpRequest, org: str | None = None, *, creating: bool
) -> HttpResponse:
    """Create a robot (a refusal at its name) or delete one (a refusal above the list): one view
    for both, each URL saying which (`creating`)."""
    namespace, is_organization = _robot_namespace(request, org)
    client = quay_client_for(request)
    form = RobotForm(request.POST)

    def change(data: dict[str, Any]) -> str:
        shortname = data["shortname"]
        if creating:
            robot = client.create_robot(
                namespace, shortname, data["description"], is_organization=is_organization
            )
            return f"Robot {robot.name} created."
        client.delete_robot(namespace, shortname, is_organization=is_organization)
        return f"Robot {namespace}+{shortname} deleted."

    outcome = _write(
        request,
        namespace,
        change,
        form=form,
        at="shortname" if creating else NON_FIELD_ERRORS,
        success=lambda said: said,
        destructive=not creating,
    )
    if outcome.done:
        return actions.redirect_back(request, _robots_url(namespace, is_organization))
    places = {} if creating else {"shortname": "alert", "description": "alert"}
    return _robots_page(
        request,
        namespace,
        is_organization=is_organization,
        errors=page_errors(form, places),
        status=outcome.status,
    )


@require_POST
@login_required
def robot_token(
    request: HtmxHttpRequest, org: str | None = None, *, regenerate: bool
) -> HttpResponse:
    """A robot's token, shown in this answer only (htmx swaps just the credentials panel), the
    one it has or, where the URL says `regenerate`, a new one."""
    namespace, is_organization = _robot_namespace(request, org)
    client = quay_client_for(request)
    form = RobotForm(request.POST)
    read = client.regenerate_robot_token if regenerate else client.get_robot_credentials
    outcome = _write(
        request,
        namespace,
        lambda data: read(namespace, data["shortname"], is_organization=is_organization),
        form=form,
        at=NON_FIELD_ERRORS,
        success=None,
        destructive=regenerate,
    )
    errors = page_errors(form, {"shortname": "alert", "description": "alert"})
    credentials = _credential_texts(outcome.result) if outcome.done else None
    shown_because = "regenerated" if regenerate else "requested"
    if wants_fragment(request):
        context: dict[str, Any] = {
            "credentials": credentials,
            "shown_because": shown_because,
            "errors": errors,
        }
        return _no_store(
            render_page(
                request,
                "organizations/robots.html",
                context,
                fragment="robot-credentials",
                status=outcome.status,
            )
        )
    return _robots_page(
        request,
        namespace,
        is_organization=is_organization,
        errors=errors,
        status=outcome.status,
        credentials=credentials,
        shown_because=shown_because,
    )


def _robot_actions(namespace: str, is_organization: bool) -> dict[str, str]:
    """Where each robot form posts: one URL per action, under the organization or the user."""
    if is_organization:
        return {
            action: reverse(f"organizations:robot_{action}", args=[namespace])
            for action in ROBOT_ACTIONS
        }
    return {action: reverse(f"organizations:user_robot_{action}") for action in ROBOT_ACTIONS}


ROBOT_ACTIONS = ("create", "delete", "credentials", "regenerate")


def _credential_texts(credentials: RobotCredentials) -> dict[str, str]:
    host = quay_host()
    auth = base64.b64encode(f"{credentials.name}:{credentials.token}".encode()).decode()
    config = json.dumps({"auths": {host: {"auth": auth, "email": ""}}})
    secret_name = credentials.name.replace("+", "-").replace("_", "-") + "-pull-secret"
    secret = (
        "apiVersion: v1\n"
        "kind: Secret\n"
        "metadata:\n"
        f"  name: {secret_name}\n"
        "type: kubernetes.io/dockerconfigjson\n"
        "data:\n"
        f"  .dockerconfigjson: {base64.b64encode(config.encode()).decode()}\n"
    )
    return {
        "name": credentials.name,
        "token": credentials.token,
        "docker": f"docker login -u='{credentials.name}' -p='{credentials.token}' {host}",
        "podman": f"podman login -u='{credentials.name}' -p='{credentials.token}' {host}",
        "kubernetes": secret,
    }


# --- /repository/<ns>/<name>/permissions/ ---------------------------------------------------


@require_GET
@login_required
def repository_permissions(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    client = quay_client_for(request)
    suggestions = _suggestions(
        request, client, "entity", namespace, "organizations/permissions.html"
    )
    if suggestions is not None:
        return suggestions
    return _permissions_page(request, namespace, name)


def _permissions_page(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    client = quay_client_for(request)
    effective_for = request.GET.get("effective", "").strip()
    effective: Any = None
    effective_error = ""
    if effective_for:
        if member_kind(effective_for) not in ("user", "robot"):
            effective_error = "Enter a username or a robot (namespace+name)."
        else:
            try:
                effective = client.get_user_transitive_permission(namespace, name, effective_for)
            except QuayNotFound:
                effective = []
            except QuayPermissionDenied as exc:
                effective_error = actions.refusal(exc, WHY)
    if effective_for and wants_fragment(request) and request.method == "GET":
        context = {
            "namespace": namespace,
            "effective_for": effective_for,
            "effective": effective,
            "effective_role": _strongest(effective),
            "effective_error": effective_error,
        }
        return render_page(
            request, "organizations/permissions.html", context, fragment="effective-permission"
        )
    users, teams = _panels(
        lambda: client.list_repo_user_permissions(namespace, name),
        lambda: client.list_repo_team_permissions(namespace, name),
    )
    context = {
        "namespace": namespace,
        "name": name,
        "tabs": repository_tabs(request, namespace, name),
        "users": users,
        "teams": teams,
        "roles": ROLES,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "effective_for": effective_for,
        "effective": effective,
        "effective_role": _strongest(effective),
        "effective_error": effective_error,
    }
    return render_page(request, "organizations/permissions.html", context, status=status)


def _strongest(effective: Any) -> str | None:
    if not effective:
        return None
    ranks = {"read": 1, "write": 2, "admin": 3}
    return max((entry.role for entry in effective), key=lambda role: ranks.get(role, 0))


@require_POST
@login_required
def permission_set(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _permission_write(request, namespace, name, setting=True)


@require_POST
@login_required
def permission_remove(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _permission_write(request, namespace, name, setting=False)


def _permission_write(
    request: HtmxHttpRequest, namespace: str, name: str, *, setting: bool
) -> HttpResponse:
    """Give a user, robot or team a role on the repository, or take theirs away."""
    client = quay_client_for(request)
    form = PermissionForm(request.POST, setting=setting)

    def change(data: dict[str, Any]) -> None:
        team = data["kind"] == "team"
        if setting:
            grant = client.change_team_permissions if team else client.change_user_permissions
            grant(namespace, name, data["entity"], data["role"])
        else:
            revoke = client.delete_team_permissions if team else client.delete_user_permissions
            revoke(namespace, name, data["entity"])

    def done(_: None) -> str:
        entity, role = form.cleaned_data["entity"], form.cleaned_data["role"]
        if setting:
            return f"{entity} now has {role} on {namespace}/{name}."
        return f"{entity} no longer has a permission on {namespace}/{name}."

    outcome = _write(
        request,
        namespace,
        change,
        form=form,
        at="entity" if setting else NON_FIELD_ERRORS,
        success=done,
        destructive=not setting,
    )
    if outcome.done:
        url = reverse("organizations:repository_permissions", args=[namespace, name])
        return actions.redirect_back(request, url)
    return _permissions_page(request, namespace, name, page_errors(form), outcome.status)


# --- /organization/<org>/access/ ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def access_review(request: HtmxHttpRequest, org: str) -> HttpResponse:
    if not reads_as_org_admin(current_profile(request), org):
        # Quay would refuse every permission read: say so at once, not after a build.
        context = {
            "title": "For administrators",
            "detail": f"Only administrators of {org} can review who can reach what in it.",
            "hint": "",
            "status": 403,
        }
        return render(request, "web/quay_error.html", context, status=403)
    client = quay_client_for(request)
    filters = {
        "principal": request.GET.get("principal", "").strip()[:255],
        "repository": request.GET.get("repository", "").strip()[:255],
        "role": request.GET.get("role", "") if request.GET.get("role") in ROLES else "",
    }
    query = urlencode({key: value for key, value in filters.items() if value})
    if request.method == "POST":
        review.start(client, _person(request), org, force=True)
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
    if request.GET.get("format") == "csv":
        return _review_csv(request, client, org, filters)
    snapshot = review.start(client, _person(request), org)
    full = review.build_matrix(snapshot)
    matrix = review.filter_matrix(full, **filters)
    page = whole_or(request.GET.get("page"), 1, minimum=1)
    start = (page - 1) * REVIEW_COLUMNS_PER_PAGE
    shown = matrix.repositories[start : start + REVIEW_COLUMNS_PER_PAGE]
    columns = review.Matrix(shown, matrix.principals, matrix.cells, matrix.failed)
    context = {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "snapshot": snapshot,
        "matrix": columns,
        "rows": columns.rows(),
        "principal_count": len(matrix.principals),
        "repository_count": len(matrix.repositories),
        "flags": review.flags(snapshot, full) if snapshot.done else None,
        "filters": filters,
        "query": query,
        "roles": ROLES,
        "pager": numbered_pager(
            "Repository columns",
            "access-review",
            reverse("organizations:access", args=[org]),
            page=page,
            has_next=start + REVIEW_COLUMNS_PER_PAGE < len(matrix.repositories),
            query={key: value for key, value in filters.items() if value},
            previous_text="Previous repositories",
            next_text="Next repositories",
        ),
        "first_column": start + 1,
        "last_column": start + len(shown),
    }
    return render_page(
        request,
        "organizations/access.html",
        context,
        fragment="access-review",
        # The poll's own request (its element's id), once the review is built.
        stop_polling=snapshot.done
        and wants_fragment(request)
        and request.htmx.trigger == "access-review",
    )


def _person(request: HtmxHttpRequest) -> str:
    """The key of the person's cached review: what it shows depends on who asks, with which
    token (one sign-in's)."""
    return cache_scope(request)


def _review_csv(
    request: HtmxHttpRequest, client: QuayClient, org: str, filters: dict[str, str]
) -> HttpResponse:
    snapshot = None if request.GET.get("refresh") else review.load(_person(request), org)
    if snapshot is None or not snapshot.done:
        snapshot = review.build_now(client, _person(request), org)
    if snapshot.state == "refused":
        raise QuayPermissionDenied(snapshot.error)
    matrix = review.filter_matrix(review.build_matrix(snapshot), **filters)
    response = HttpResponse(review.to_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{org}-access-review.csv"'
    return response
