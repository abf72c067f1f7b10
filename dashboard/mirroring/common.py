"""What the pages of mirroring, the proxy cache, applications and triggers share: who may
administer a namespace (known without a call, from the profile kept at sign-in), Quay's refusal
at the field it is about, and answers that must not be kept by any cache."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.http import HttpResponse

from dashboard.accounts.tokens import current_profile, quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather
from dashboard.quay.errors import QuayError
from dashboard.quay.repositories import Repository
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest
from dashboard.web.nav import known_repository_access


def administers_organization(request: HtmxHttpRequest, org: str) -> bool:
    """An administrator of `org`, or a full superuser (Quay lets those act everywhere). A
    global read-only superuser changes nothing, and Quay refuses it these pages' reads."""
    profile = current_profile(request)
    if profile is None:
        return False
    if profile.super_user:
        return True
    return any(o.name == org and o.is_org_admin for o in profile.organizations)


def repository_and_admin_data[T](
    request: HtmxHttpRequest, namespace: str, name: str, read: Callable[[QuayClient], T]
) -> tuple[Repository, T | None]:
    """The repository and what only its administrators may read (Quay refuses it to anyone
    else): together when the person is known to administer it, else the repository first and
    `read` only for an administrator, so that no call fails."""
    client = quay_client_for(request)
    known = known_repository_access(request, namespace, name)
    if known is not None and known[1]:
        repository, data = gather(
            lambda: client.get_repository(namespace, name), lambda: read(client)
        )
        return repository, data if repository.can_admin else None
    repository = client.get_repository(namespace, name)
    return repository, read(client) if repository.can_admin else None


# Who may change a mirror, a proxy cache, an application or a trigger.
WHY = "Only an administrator may do this."


def add_refusal(
    form: forms.Form, exc: QuayError, fields: Iterable[tuple[tuple[str, ...], str]]
) -> int:
    """Quay's reason, at the first field whose words it uses (else above the form); the
    answer's status."""
    lowered = exc.message.lower()
    for words, field in fields:
        if field in form.fields and any(word in lowered for word in words):
            form.add_error(field, actions.refusal(exc, WHY, at_field=True))
            return actions.status_of(exc)
    form.add_error(None, actions.refusal(exc, WHY))
    return actions.status_of(exc)


def no_store(response: HttpResponse) -> HttpResponse:
    """For answers that show a secret once: no cache keeps them, the browser's included."""
    response["Cache-Control"] = "no-store"
    return response


def forget_password(form: forms.Form) -> None:
    """A form shown again after a refusal: whatever was typed as a password is not sent back
    to the browser."""
    form.data = {**{key: form.data.get(key) for key in form.data}, "password": ""}
