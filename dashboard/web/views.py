from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dashboard.accounts.tokens import quay_client_for, remember_profile
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayAuthError, QuayError
from dashboard.web.htmx import HtmxHttpRequest

from .banners import global_messages
from .health import health
from .htmx import render_page

logger = logging.getLogger(__name__)


@require_GET
@login_required
def overview(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    # The overview is where the profile is refreshed: new organizations, a granted superuser
    # role. The messages come from the shared cache, so this is one call most of the time.
    quay_user, messages_list = gather(client.get_user, lambda: global_messages(client))
    remember_profile(request, quay_user)
    context = {
        "quay_user": quay_user,
        "organizations": sorted(quay_user.organizations, key=lambda org: org.name),
        "messages_list": messages_list,
    }
    return render_page(request, "web/overview.html", context, fragment="overview-messages")


@never_cache
@require_GET
def healthz(request: HtmxHttpRequest) -> JsonResponse:
    """Liveness: the process answers and its database does. It never asks Quay; under
    gunicorn the same answer also comes from `HEALTH_PORT`, which never waits behind
    requests that wait on Quay (`dashboard.web.health`)."""
    ok, payload = health()
    return JsonResponse(payload, status=200 if ok else 503)


@never_cache
@require_GET
def readyz(request: HtmxHttpRequest) -> JsonResponse:
    """Readiness: also reaches Quay. Asked anonymously, Quay answers 401, which proves it is up."""
    database, _ = health()
    try:
        QuayClient.from_settings().get_user()
        quay = True
    except QuayAuthError:
        quay = True
    except QuayError as exc:
        logger.warning("readiness: Quay unreachable: %s", exc.message)
        quay = False
    ok = database and quay
    return JsonResponse(
        {"status": "ok" if ok else "fail", "database": database, "quay": quay},
        status=200 if ok else 503,
    )
