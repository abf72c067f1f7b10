"""The build triggers of a repository: what starts its builds from outside.

The page costs two calls (the repository, for the person's rights, and its triggers; together
when the person is known to administer it); each trigger's recent builds come after it, one call
each, and link to the build pages. Quay's API cannot create a trigger: the page says so and
links to Quay's own page for it.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import quay_client_for
from dashboard.mirroring.common import WHY, repository_and_admin_data
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import repository_tabs

REFUSABLE = (QuayBadRequest, QuayPermissionDenied, QuayNotFound)
RECENT_BUILDS = 5
COMMIT = re.compile(r"^[0-9a-fA-F]{7,64}$")
REF_NAME = re.compile(r"^[A-Za-z0-9._/-]{1,255}$")


def _list_url(namespace: str, name: str) -> str:
    return reverse("triggers:list", args=[namespace, name])


def _page(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    *,
    errors: dict[str, str] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    repository, triggers = repository_and_admin_data(
        request, namespace, name, lambda client: client.list_triggers(namespace, name)
    )
    context: dict[str, Any] = {
        "namespace": namespace,
        "name": name,
        "repository": repository,
        "tabs": repository_tabs(request, namespace, name, repository),
        "active": "triggers",
        "triggers": triggers,
        "errors": errors or {},
        "alert": alert,
        "posted": request.POST if errors else {},
        "quay_builds_url": f"{settings.QUAY_URL}/repository/{namespace}/{name}?tab=builds",
        "builds": None,  # each trigger's builds come after the page
    }
    return render_page(request, "triggers/list.html", context, status=status)


@require_GET
@login_required
def trigger_list(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _page(request, namespace, name)


@require_GET
@login_required
def trigger_builds(request: HtmxHttpRequest, namespace: str, name: str, uuid: Any) -> HttpResponse:
    """One trigger's recent builds, after the page: one call."""
    if not wants_fragment(request):
        return redirect(_list_url(namespace, name))
    error = ""
    builds = []
    try:
        builds = quay_client_for(request).list_trigger_builds(
            namespace, name, str(uuid), RECENT_BUILDS
        )
    except REFUSABLE as exc:
        error = actions.refusal(exc, WHY)
    context = {"namespace": namespace, "name": name, "builds": builds, "builds_error": error,
               "trigger": {"id": str(uuid)}}  # fmt: skip
    return render_page(request, "triggers/list.html", context, fragment="trigger-builds")


def _row_write(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    key: str,
    call: Any,
    success: str,
    *,
    destructive: bool = False,
) -> tuple[HttpResponse | None, Any]:
    """A change to one trigger: Quay's refusal shown in its row (the page again), else None
    and the call's result."""
    outcome = actions.write(
        request,
        call,
        at=actions.IN_PLACE,
        why=WHY,
        also=(QuayNotFound,),
        success=success,
        destructive=destructive,
    )
    if outcome.done:
        return None, outcome.result
    page = _page(request, namespace, name, errors={key: outcome.message}, status=outcome.status)
    return page, None


@require_POST
@login_required
def set_enabled(request: HtmxHttpRequest, namespace: str, name: str, uuid: Any) -> HttpResponse:
    enabled = request.POST.get("enabled") == "true"
    refused, _ = _row_write(
        request,
        namespace,
        name,
        str(uuid),
        lambda: quay_client_for(request).set_trigger_enabled(namespace, name, str(uuid), enabled),
        "Trigger enabled." if enabled else "Trigger disabled.",
    )
    return refused or redirect(_list_url(namespace, name))


def _start_parameters(kind: str, value: str) -> dict[str, Any] | str:
    """Quay's run parameters, or what is wrong with the input."""
    if kind == "commit":
        if not COMMIT.match(value):
            return "A commit SHA: 7 to 64 hexadecimal characters."
        return {"commit_sha": value}
    if kind in ("branch", "tag"):
        if not REF_NAME.match(value) or ".." in value:
            return f"A {kind} name."
        return {"refs": {"kind": kind, "name": value}}
    return "Choose a branch, a tag or a commit."


@require_POST
@login_required
def start(request: HtmxHttpRequest, namespace: str, name: str, uuid: Any) -> HttpResponse:
    kind = request.POST.get("kind", "")
    value = request.POST.get("value", "").strip()
    parameters = _start_parameters(kind, value)
    key = f"start-{uuid}"
    if isinstance(parameters, str):
        return _page(request, namespace, name, errors={key: parameters}, status=400)
    refused, build = _row_write(
        request,
        namespace,
        name,
        key,
        lambda: quay_client_for(request).start_trigger(namespace, name, str(uuid), parameters),
        "Build started.",
    )
    if refused:
        return refused
    if build.id:
        return redirect(reverse("builds:detail", args=[namespace, name, build.id]))
    return redirect(_list_url(namespace, name))


@require_POST
@login_required
def delete(request: HtmxHttpRequest, namespace: str, name: str, uuid: Any) -> HttpResponse:
    refused, _ = _row_write(
        request,
        namespace,
        name,
        str(uuid),
        lambda: quay_client_for(request).delete_trigger(namespace, name, str(uuid)),
        "Trigger deleted; its builds stay.",
        destructive=True,
    )
    return refused or redirect(_list_url(namespace, name))
