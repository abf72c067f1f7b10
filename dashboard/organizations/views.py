"""Organizations, teams, robots, default permissions, repository permissions and the access
review. Each page is one view answering GET (the page or its fragment) and, where it has
actions, POST with an `action` field; a successful action redirects back (a robot's
credentials, asked for with htmx, swap only their panel), a refused one re-renders the page with
Quay's reason where it belongs."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.accounts.tokens import cache_scope, current_profile, quay_client_for, quay_host
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import map_concurrently
from dashboard.quay.errors import QuayBadRequest, QuayError, QuayNotFound, QuayPermissionDenied
from dashboard.quay.organizations import (
    EMAIL,
    ROBOT_FULLNAME,
    ROBOT_SHORTNAME,
    ROLES,
    TEAM_NAME,
    TEAM_ROLES,
    USERNAME,
    RobotCredentials,
)
from dashboard.web.access import reads_as_org_admin
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import organization_tabs, organization_tabs_for, repository_tabs
from dashboard.web.numbers import whole_or
from dashboard.web.swr import stale_while_revalidate

from . import review

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


def _refusal(exc: QuayError) -> str:
    if isinstance(exc, QuayPermissionDenied):
        return f"Quay said no: {exc.message}. Only an administrator may do this."
    return exc.message


def _back(request: HtmxHttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(request.path)


def _no_store(response: HttpResponse) -> HttpResponse:
    # Pages that show a robot token must not be kept by any cache, the browser's included.
    response["Cache-Control"] = "no-store"
    return response


# What a field that reaches Quay may hold: an e-mail address (RFC 5321), a team's description.
MAX_EMAIL_LENGTH = 254
MAX_TEAM_DESCRIPTION = 100_000


def _validate_member(value: str) -> str:
    """A username, a robot (`namespace+name`) or an e-mail address; "" if none of these."""
    if len(value) > MAX_EMAIL_LENGTH:
        return ""
    if EMAIL.match(value):
        return "email"
    if ROBOT_FULLNAME.match(value):
        return "robot"
    if USERNAME.match(value):
        return "user"
    return ""


_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._+-]{0,254}$")


def _suggestions(
    request: HtmxHttpRequest, client: QuayClient, field: str, namespace: str, template: str
) -> HttpResponse | None:
    """The entity search behind a name field: `?suggest=1&<field>=<prefix>` answers the
    `entity-options` datalist, one call to Quay."""
    if not (request.method == "GET" and request.GET.get("suggest")):
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


@require_http_methods(["GET", "POST"])
@login_required
@stale_while_revalidate("org")
def organization_overview(request: HtmxHttpRequest, org: str) -> HttpResponse:
    client = quay_client_for(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = _overview_action(request, client, org)
        if isinstance(outcome, HttpResponse):
            review.forget(_person(request), org)
            return outcome
        errors = outcome
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
        "errors": errors,
        "form": request.POST if errors else {},
        "team_roles": TEAM_ROLES,
        "roles": ROLES,
    }
    return render_page(
        request, "organizations/overview.html", context, status=400 if errors else 200
    )


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


def _overview_action(
    request: HtmxHttpRequest, client: QuayClient, org: str
) -> HttpResponse | dict[str, str]:
    action = request.POST.get("action", "")
    try:
        if action == "create_team":
            name = request.POST.get("name", "").strip()
            role = request.POST.get("role", "member")
            description = request.POST.get("description", "").strip()
            if len(description) > MAX_TEAM_DESCRIPTION:
                return {"alert": f"A description has at most {MAX_TEAM_DESCRIPTION:,} characters."}
            if not TEAM_NAME.match(name):
                return {
                    "team_name": "A team name starts with a lowercase letter and has 2 to 255 "
                    "lowercase letters, digits or underscores."
                }
            if role not in TEAM_ROLES:
                return {"team_role": "Choose member, creator or admin."}
            if any(team.name == name for team in client.get_organization(org).teams):
                return {"team_name": f"The team {name} already exists."}
            client.update_organization_team(org, name, role, description)
            messages.success(request, f"Team {name} created.")
            return HttpResponseRedirect(f"/organization/{org}/teams/{name}/")
        if action == "create_prototype":
            return _create_prototype(request, client, org)
        if action == "delete_prototype":
            prototype = request.POST.get("prototype", "")
            if not prototype or "/" in prototype or len(prototype) > 64:
                return {"prototype": "Choose a default permission to delete."}
            client.delete_organization_prototype(org, prototype)
            messages.success(request, "Default permission deleted.")
            return _back(request)
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        return {"alert": _refusal(exc)}
    return {"alert": "Unknown action."}


def _create_prototype(
    request: HtmxHttpRequest, client: QuayClient, org: str
) -> HttpResponse | dict[str, str]:
    delegate = request.POST.get("delegate", "").strip()
    kind = request.POST.get("delegate_kind", "user")
    role = request.POST.get("role", "")
    activating = request.POST.get("activating_user", "").strip()
    if kind == "team":
        if not TEAM_NAME.match(delegate):
            return {"delegate": "Enter the name of a team of this organization."}
    elif kind != "user" or _validate_member(delegate) not in ("user", "robot"):
        return {"delegate": "Enter a username or a robot (organization+name)."}
    if role not in ROLES:
        return {"prototype_role": "Choose read, write or admin."}
    if activating and not USERNAME.match(activating):
        return {"activating_user": "Enter a username, or leave empty for anyone."}
    client.create_organization_prototype(org, role, delegate, kind, activating or None)
    messages.success(request, f"Default permission for {delegate} created.")
    return _back(request)


# --- /organization/<org>/teams/<team>/ -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def team_detail(request: HtmxHttpRequest, org: str, team: str) -> HttpResponse:
    client = quay_client_for(request)
    suggestions = _suggestions(request, client, "member", org, "organizations/team.html")
    if suggestions is not None:
        return suggestions
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = _team_action(request, client, org, team)
        if isinstance(outcome, HttpResponse):
            review.forget(_person(request), org)
            return outcome
        errors = outcome
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
        raise QuayNotFound(f"The organization {org} has no team {team}.")
    context = {
        "org": org,
        "tabs": organization_tabs_for(request, org),
        "organization": organization.value,
        "team": team_info,
        "members": members,
        "permissions": permissions,
        "errors": errors,
        "form": request.POST if errors else {},
        "team_roles": TEAM_ROLES,
    }
    return render_page(request, "organizations/team.html", context, status=400 if errors else 200)


def _team_action(
    request: HtmxHttpRequest, client: QuayClient, org: str, team: str
) -> HttpResponse | dict[str, str]:
    action = request.POST.get("action", "")
    try:
        if action == "add_member":
            member = request.POST.get("member", "").strip()
            kind = _validate_member(member)
            if not kind:
                return {"member": "Enter a username, a robot (organization+name) or an e-mail."}
            if kind == "email":
                client.invite_team_member_email(org, team, member)
                messages.success(request, f"{member} was invited to {team}.")
            else:
                added = client.update_organization_team_member(org, team, member)
                if added.invited:
                    messages.success(
                        request, f"{member} is not in {org} yet and was invited to {team}."
                    )
                else:
                    messages.success(request, f"{member} added to {team}.")
            return _back(request)
        if action == "remove_member":
            member = request.POST.get("member", "").strip()
            kind = _validate_member(member)
            if not kind:
                return {"alert": "Choose a member to remove."}
            if kind == "email":
                client.delete_team_member_email_invite(org, team, member)
            else:
                client.delete_organization_team_member(org, team, member)
            messages.success(request, f"{member} removed from {team}.")
            return _back(request)
        if action == "set_role":
            role = request.POST.get("role", "")
            if role not in TEAM_ROLES:
                return {"role": "Choose member, creator or admin."}
            description = request.POST.get("description", "").strip()
            if len(description) > MAX_TEAM_DESCRIPTION:
                return {"alert": f"A description has at most {MAX_TEAM_DESCRIPTION:,} characters."}
            client.update_organization_team(org, team, role, description)
            messages.success(request, f"{team} is now a team of role {role}.")
            return _back(request)
        if action == "delete_team":
            client.delete_organization_team(org, team)
            messages.success(request, f"Team {team} deleted.")
            return HttpResponseRedirect(f"/organization/{org}/")
    except (QuayBadRequest, QuayPermissionDenied) as exc:
        field = "member" if action == "add_member" else "alert"
        return {field: _refusal(exc)}
    return {"alert": "Unknown action."}


# --- Robots: /organization/<org>/robots/ and /user/robots/ ----------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def organization_robots(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _robots_page(request, org, is_organization=True)


@require_http_methods(["GET", "POST"])
@login_required
def user_robots(request: HtmxHttpRequest) -> HttpResponse:
    profile = current_profile(request)
    namespace = profile.username if profile else ""
    return _robots_page(request, namespace, is_organization=False)


def _robots_page(
    request: HtmxHttpRequest, namespace: str, *, is_organization: bool
) -> HttpResponse:
    client = quay_client_for(request)
    errors: dict[str, str] = {}
    credentials: RobotCredentials | None = None
    shown_because = ""
    if request.method == "POST":
        outcome = _robot_action(request, client, namespace, is_organization)
        if isinstance(outcome, HttpResponse):
            review.forget(_person(request), namespace)
            return outcome
        if isinstance(outcome, tuple):
            credentials, shown_because = outcome
        else:
            errors = outcome
    asked_for_token = request.POST.get("action") in ("credentials", "regenerate")
    if request.method == "POST" and asked_for_token and wants_fragment(request):
        context: dict[str, Any] = {
            "credentials": _credential_texts(credentials) if credentials else None,
            "shown_because": shown_because,
            "errors": errors,
        }
        return _no_store(
            render_page(
                request,
                "organizations/robots.html",
                context,
                fragment="robot-credentials",
            )
        )
    robots = client.list_robots(namespace, is_organization=is_organization, permissions=True)
    context = {
        "namespace": namespace,
        "is_organization": is_organization,
        "org": namespace,
        "tabs": organization_tabs_for(request, namespace) if is_organization else [],
        "robots": robots,
        "errors": errors,
        "form": request.POST if errors else {},
        "credentials": _credential_texts(credentials) if credentials else None,
        "shown_because": shown_because,
    }
    response = render_page(
        request,
        "organizations/robots.html",
        context,
        fragment="robot-list",
        status=400 if errors else 200,
    )
    return _no_store(response) if credentials else response


def _robot_action(
    request: HtmxHttpRequest, client: QuayClient, namespace: str, is_organization: bool
) -> HttpResponse | dict[str, str] | tuple[RobotCredentials, str]:
    action = request.POST.get("action", "")
    shortname = request.POST.get("shortname", "").strip()
    if not ROBOT_SHORTNAME.match(shortname):
        field = "shortname" if action == "create" else "alert"
        return {
            field: "A robot name starts with a lowercase letter and has 2 to 255 lowercase "
            "letters, digits or underscores."
        }
    try:
        if action == "create":
            description = request.POST.get("description", "").strip()
            if len(description) > 255:
                return {"description": "At most 255 characters."}
            robot = client.create_robot(
                namespace, shortname, description, is_organization=is_organization
            )
            messages.success(request, f"Robot {robot.name} created.")
            return _back(request)
        if action == "delete":
            client.delete_robot(namespace, shortname, is_organization=is_organization)
            messages.success(request, f"Robot {namespace}+{shortname} deleted.")
            return _back(request)
        if action == "credentials":
            found = client.get_robot_credentials(
                namespace, shortname, is_organization=is_organization
            )
            return found, "requested"
        if action == "regenerate":
            found = client.regenerate_robot_token(
                namespace, shortname, is_organization=is_organization
            )
            return found, "regenerated"
    except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
        field = "shortname" if action == "create" else "alert"
        return {field: _refusal(exc)}
    return {"alert": "Unknown action."}


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


@require_http_methods(["GET", "POST"])
@login_required
def repository_permissions(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    client = quay_client_for(request)
    suggestions = _suggestions(
        request, client, "entity", namespace, "organizations/permissions.html"
    )
    if suggestions is not None:
        return suggestions
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = _permission_action(request, client, namespace, name)
        if isinstance(outcome, HttpResponse):
            review.forget(_person(request), namespace)
            return outcome
        errors = outcome
    effective_for = request.GET.get("effective", "").strip()
    effective: Any = None
    effective_error = ""
    if effective_for:
        if _validate_member(effective_for) not in ("user", "robot"):
            effective_error = "Enter a username or a robot (namespace+name)."
        else:
            try:
                effective = client.get_user_transitive_permission(namespace, name, effective_for)
            except QuayNotFound:
                effective = []
            except QuayPermissionDenied as exc:
                effective_error = _refusal(exc)
    if effective_for and wants_fragment(request) and request.method == "GET":
        context = {
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
        "errors": errors,
        "form": request.POST if errors else {},
        "effective_for": effective_for,
        "effective": effective,
        "effective_role": _strongest(effective),
        "effective_error": effective_error,
    }
    return render_page(
        request, "organizations/permissions.html", context, status=400 if errors else 200
    )


def _strongest(effective: Any) -> str | None:
    if not effective:
        return None
    ranks = {"read": 1, "write": 2, "admin": 3}
    return max((entry.role for entry in effective), key=lambda role: ranks.get(role, 0))


def _permission_action(
    request: HtmxHttpRequest, client: QuayClient, namespace: str, name: str
) -> HttpResponse | dict[str, str]:
    action = request.POST.get("action", "")
    entity = request.POST.get("entity", "").strip()
    kind = request.POST.get("kind", "user")
    role = request.POST.get("role", "")
    if kind == "team":
        if not TEAM_NAME.match(entity):
            return {"entity": "Enter the name of a team of the organization."}
    elif _validate_member(entity) not in ("user", "robot"):
        return {"entity": "Enter a username or a robot (namespace+name)."}
    try:
        if action == "set":
            if role not in ROLES:
                return {"role": "Choose read, write or admin."}
            if kind == "team":
                client.change_team_permissions(namespace, name, entity, role)
            else:
                client.change_user_permissions(namespace, name, entity, role)
            messages.success(request, f"{entity} now has {role} on {namespace}/{name}.")
            return _back(request)
        if action == "remove":
            if kind == "team":
                client.delete_team_permissions(namespace, name, entity)
            else:
                client.delete_user_permissions(namespace, name, entity)
            messages.success(request, f"{entity} no longer has a permission on {namespace}/{name}.")
            return _back(request)
    except (QuayBadRequest, QuayPermissionDenied) as exc:
        return {"entity" if action == "set" else "alert": _refusal(exc)}
    return {"alert": "Unknown action."}


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
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1
        if start + REVIEW_COLUMNS_PER_PAGE < len(matrix.repositories)
        else None,
        "first_column": start + 1,
        "last_column": start + len(shown),
    }
    response = render_page(request, "organizations/access.html", context, fragment="access-review")
    if (
        snapshot.done
        and wants_fragment(request)
        and request.headers.get("HX-Trigger") == "access-review"
    ):
        # The poll's own request: 286 tells htmx to stop polling.
        response.status_code = 286
    return response


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
