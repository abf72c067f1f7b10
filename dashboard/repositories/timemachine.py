"""Deleting an ended tag from the time machine for good (Quay's `POST .../tag/{tag}/expire`):
after it, the tag can no longer be restored to that manifest."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from dashboard.web.htmx import HtmxHttpRequest

from .views import _history_write


@require_POST
@login_required
def expire_from_time_machine(
    request: HtmxHttpRequest, namespace: str, name: str, tag: str
) -> HttpResponse:
    return _history_write(
        request, namespace, name, "Nothing was deleted", f"delete {tag} from the time machine",
        lambda client, digest: client.expire_tag_from_time_machine(namespace, name, tag, digest),
        lambda digest: (
            f"{tag} at {digest[:19]}… is gone from the time machine: it can no longer be restored."
        ),
        destructive=True,
    )  # fmt: skip
