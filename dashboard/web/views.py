from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dashboard.accounts.tokens import quay_client_for, remember_profile
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayAuthError, QuayError

from .banners import global_messages
from .htmx import render_page

logger = logging.getLogger(__name__)


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
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


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("database check failed")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and its database does."""
    ok = _database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "database": ok}, status=200 if ok else 503
    )


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: also reaches Quay. Asked anonymously, Quay answers 401, which proves it is up."""
    database = _database_ok()
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
