"""Deleting an ended tag from the time machine for good (Quay's `POST .../tag/{tag}/expire`):
after it, the tag can no longer be restored to that manifest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from dashboard.accounts.tokens import quay_client_for
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest

from .forms import is_digest
from .views import _tag_write


@require_POST
@login_required
def expire_from_time_machine(
    request: HtmxHttpRequest, namespace: str, name: str, tag: str
) -> HttpResponse:
    digest = request.POST.get("digest", "")
    history_url = reverse("repositories:tag_history", args=[namespace, name])
    if not is_digest(digest):
        messages.error(request, "Nothing was deleted: not a manifest digest.")
        return actions.redirect_back(request, history_url)
    client = quay_client_for(request)
    _tag_write(
        request,
        f"delete {tag} from the time machine",
        lambda: client.expire_tag_from_time_machine(namespace, name, tag, digest),
        f"{tag} at {digest[:19]}… is gone from the time machine: it can no longer be restored.",
        destructive=True,
    )
    return actions.redirect_back(request, history_url)
