"""The signed-in person's own account: the profile (`/user/`), application-specific tokens,
authorized applications, notifications and team invitations.

Each page reads what Quay has (one call) and each change is one POST to its own URL: checked
here first with Quay's own rules, then sent, Quay's refusal shown at the field or as one alert,
and a redirect back on success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.tokens import PROFILE_SESSION_KEY, quay_client_for, quay_host
from dashboard.quay.account import (
    AccountProfile,
    CreatedAppToken,
    UserNotification,
)
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import map_concurrently
from dashboard.quay.errors import QuayBadRequest, QuayError, QuayNotFound, QuayPermissionDenied
from dashboard.web import actions
from dashboard.web.forms import MAX_EXPIRATION_DAYS
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.nav import Tab

from . import notices
from .forms import DetailsForm, PasswordForm, ProfileForm

USER_ADMIN_NEEDED = (
    "Quay shows and changes these only for a sign-in with the user:admin permission "
    "(Administer User)."
)

ACCOUNT_TABS = [
    Tab("profile", "Profile", reverse_lazy("account:profile")),
    Tab("apptokens", "Application tokens", reverse_lazy("account:apptokens")),
    Tab("authorizations", "Authorized applications", reverse_lazy("account:authorizations")),
    Tab("notifications", "Notifications", reverse_lazy("account:notifications")),
    Tab("robots", "Robot accounts", reverse_lazy("organizations:user_robots")),
]


def _read[T](read: Callable[[], T]) -> tuple[T | None, str]:
    """What Quay answers, or None and Quay's refusal for the page to say: without user:admin
    Quay refuses the account's lists, and the page explains rather than fails."""
    try:
        return read(), ""
    except QuayPermissionDenied as exc:
        return None, actions.refusal(exc, USER_ADMIN_NEEDED)


def _write(
    request: HtmxHttpRequest,
    call: Any,
    success: str | None,
    page: str,
    *,
    destructive: bool = False,
) -> HttpResponse:
    """A button's change on an account page: Quay's refusal is one alert; back to the page."""
    actions.write(
        request,
        call,
        why=USER_ADMIN_NEEDED,
        also=(QuayNotFound,),
        success=success,
        destructive=destructive,
    )
    return actions.redirect_back(request, reverse(page))


def _context(request: HtmxHttpRequest, active: str, **extra: Any) -> dict[str, Any]:
    # Without user:admin Quay refuses every page but the profile: no tab leads to a refusal.
    tabs = ACCOUNT_TABS if notices.may_read(request) else ACCOUNT_TABS[:1]
    return {"tabs": tabs, "active": active, **extra}


def _no_store(response: HttpResponse) -> HttpResponse:
    # A page that shows a secret once must not be kept by any cache, the browser's included.
    response["Cache-Control"] = "no-store"
    return response


# --- /user/ -------------------------------------------------------------------------------


@require_GET
@login_required
def profile(request: HtmxHttpRequest) -> HttpResponse:
    return _profile_page(request)


@require_POST
@login_required
def profile_details(request: HtmxHttpRequest) -> HttpResponse:
    return _profile_write(request, DetailsForm(request.POST))


@require_POST
@login_required
def profile_password(request: HtmxHttpRequest) -> HttpResponse:
    return _profile_write(request, PasswordForm(request.POST))


def _profile_write(request: HtmxHttpRequest, form: ProfileForm) -> HttpResponse:
    """One of the profile's forms, through the one write path: only what changed is sent, and
    Quay's refusal is shown at the field its message names (or the page's alert)."""
    if form.is_valid() and not form.changes:
        messages.info(request, "Nothing to change.")
        return redirect("account:profile")

    def change(_: dict[str, Any]) -> None:
        _refresh_session_email(
            request, quay_client_for(request).change_user_details(**form.changes)
        )

    outcome = actions.write(
        request,
        change,
        form=form,
        at=actions.IN_PLACE,
        also=(QuayNotFound,),
        success=lambda _: _changed_message(form.changes),
    )
    if outcome.done:
        return redirect("account:profile")
    errors = {field: str(found[0]) for field, found in form.errors.items()}
    if outcome.refused is not None:
        field = _field_of(outcome.refused.message, form.changes)
        errors = {field: actions.refusal(outcome.refused, USER_ADMIN_NEEDED, at_field=True)}
    return _profile_page(request, errors, outcome.status)


def _profile_page(
    request: HtmxHttpRequest, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    """The profile; after a form was sent and not done, its values and `errors` shown again."""
    client = quay_client_for(request)
    form = {key: request.POST.get(key, "").strip() for key in request.POST}
    account = client.get_account()
    context = _context(
        request,
        "profile",
        account=account,
        errors=errors or {},
        form=form,
        expiration_days=_days(account.tag_expiration_s),
        max_days=MAX_EXPIRATION_DAYS,
        user_admin_needed=USER_ADMIN_NEEDED,
    )
    return render_page(request, "useraccount/profile.html", context, status=status)


def _field_of(message: str, changes: dict[str, Any]) -> str:
    """Where Quay's refusal belongs: its messages name what they are about."""
    lowered = message.lower()
    if "password" in changes:
        return "password"
    if "e-mail" in lowered or "email" in lowered:
        return "email"
    if "tag_expiration" in changes and ("minimum" in lowered or "integer" in lowered):
        return "expiration_days"
    return "alert"


def _changed_message(changes: dict[str, Any]) -> str:
    if "password" in changes:
        return "Your password is changed."
    names = {
        "email": "e-mail address",
        "tag_expiration_s": "tag expiration",
        "given_name": "given name",
        "family_name": "family name",
        "company": "company",
        "location": "location",
    }
    return "Saved: " + ", ".join(names[key] for key in changes if key in names) + "."


def _days(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return str(seconds // 86400)


def _refresh_session_email(request: HtmxHttpRequest, account: AccountProfile) -> None:
    """The header and the overview read the profile from the session: keep its e-mail true."""
    stored = request.session.get(PROFILE_SESSION_KEY)
    if isinstance(stored, dict) and account.email is not None:
        request.session[PROFILE_SESSION_KEY] = {**stored, "email": account.email}


# --- /user/apptoken/ ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def app_tokens(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    errors: dict[str, str] = {}
    status = 200
    created: CreatedAppToken | None = None
    if request.method == "POST":
        title = request.POST.get("title", "").strip()
        if not title:
            errors["title"] = "Give the token a title, say where it will be used."
        elif len(title) > 255:
            errors["title"] = "At most 255 characters."
        else:
            try:
                created = client.create_app_token(title)
            except (QuayBadRequest, QuayPermissionDenied) as exc:
                errors["title"] = actions.refusal(exc, USER_ADMIN_NEEDED, at_field=True)
                status = actions.status_of(exc)
            except QuayNotFound:
                errors["title"] = "This Quay does not offer application-specific tokens."
    offered, tokens, refusal = True, None, ""
    try:
        tokens, refusal = _read(client.list_app_tokens)
    except QuayNotFound:
        offered = False
    context = _context(
        request,
        "apptokens",
        offered=offered,
        tokens=sorted(tokens or [], key=lambda token: token.title.lower()),
        refusal=refusal,
        errors=errors,
        form=request.POST if errors else {},
        created=_login_commands(created) if created else None,
    )
    if errors and status == 200:
        status = actions.REJECTED
    response = render_page(request, "useraccount/apptokens.html", context, status=status)
    return _no_store(response) if created else response


def _login_commands(created: CreatedAppToken) -> dict[str, str]:
    # Quay takes an application token with the user name `$app` on `docker login`.
    host = quay_host()
    return {
        "title": created.token.title,
        "code": created.code,
        "docker": f"docker login -u='$app' -p='{created.code}' {host}",
        "podman": f"podman login -u='$app' -p='{created.code}' {host}",
    }


def _revoke_button(
    call: Callable[[QuayClient, str], Any],
    named: str,
    said: Callable[[str, str], str],
    page: str,
) -> Callable[..., HttpResponseBase]:
    """A revoke button of a token list (application tokens, authorized applications): one
    client call on the token's uuid and one message, `said(name, token_uuid)`, with the name
    the row showed (posted as `named` with the button, used for the message only)."""

    @require_POST
    @login_required
    def view(request: HtmxHttpRequest, token_uuid: str) -> HttpResponse:
        name = request.POST.get(named, "").strip()[:255]
        client = quay_client_for(request)
        return _write(
            request,
            lambda: call(client, token_uuid),
            said(name, token_uuid),
            page,
            destructive=True,
        )

    return view


app_token_revoke = _revoke_button(
    lambda client, token_uuid: client.revoke_app_token(token_uuid),
    "title",
    lambda title, token_uuid: f"The token {title or token_uuid} is revoked.",
    "account:apptokens",
)


# --- /user/authorizations/ ----------------------------------------------------------------


@require_GET
@login_required
def authorizations(request: HtmxHttpRequest) -> HttpResponse:
    granted, refusal = _read(quay_client_for(request).list_user_authorizations)
    context = _context(request, "authorizations", granted=granted or [], refusal=refusal)
    return render_page(request, "useraccount/authorizations.html", context)


authorization_revoke = _revoke_button(
    lambda client, token_uuid: client.delete_user_authorization(token_uuid),
    "application",
    lambda application, _: f"Access for {application or 'the application'} is revoked.",
    "account:authorizations",
)


# --- /user/notifications/ -----------------------------------------------------------------


@require_GET
@login_required
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    # The list is always read fresh, and what it read serves the bell afterwards.
    page, refusal = _read(lambda: client.list_user_notifications(limit=notices.PAGE_SIZE))
    if page is not None:
        notices.remember(request, page)
    rows = [_row(note) for note in page.notifications] if page else []
    context = _context(
        request,
        "notifications",
        rows=rows,
        unread=len(notices.unread(page)) if page else 0,
        more=page.additional if page else False,
        refusal=refusal,
    )
    return render_page(request, "useraccount/notifications.html", context)


def _row(note: UserNotification) -> dict[str, Any]:
    text, link = describe(note)
    return {"note": note, "text": text, "link": link}


# Notifications about a repository: what they say, and the name of the repository's page that
# shows it.
REPOSITORY_KINDS = {
    "repo_push": ("{repository} was pushed", "repositories:tags"),
    "build_failure": ("A build failed in {repository}", "builds:list"),
    "build_success": ("A build succeeded in {repository}", "builds:list"),
    "build_queued": ("A build was queued in {repository}", "builds:list"),
    "build_start": ("A build started in {repository}", "builds:list"),
    "build_cancelled": ("A build was cancelled in {repository}", "builds:list"),
    "vulnerability_found": ("A vulnerability was found in {repository}", "repositories:tags"),
    "repo_image_expiry": ("Images in {repository} expire soon", "repositories:tags"),
}


def describe(note: UserNotification) -> tuple[str, str]:
    """What a notification says, and where what it is about lives in Quayside."""
    details = note.details
    repository = details.repository
    if note.kind in REPOSITORY_KINDS:
        text, page = REPOSITORY_KINDS[note.kind]
        return text.format(repository=repository), _repository_link(page, repository)
    namespace = details.namespace or note.organization or ""
    quota_link = _quota_link(namespace, note)
    texts: dict[str, tuple[str, str]] = {
        "quota_warning": (f"{namespace} passed its quota warning limit", quota_link),
        "quota_error": (f"{namespace} is over its quota", quota_link),
        "service_key_submitted": (
            f"Service key {details.kid} asks for approval",
            reverse("superuser:keys"),
        ),
        "org_team_invite": (
            f"{details.inviter or 'Someone'} invites you to the team {details.team} "
            f"of {details.org}",
            reverse("overview") + "#invitations",
        ),
        "password_required": ("Set a password to push and pull", reverse("account:profile")),
        "maintenance": ("Maintenance is scheduled", ""),
    }
    overview = _repository_link("repositories:overview", repository)
    return texts.get(note.kind, (note.kind.replace("_", " ").capitalize(), overview))


def _repository_link(url_name: str, repository: str) -> str:
    """A page of the repository a notification names ("namespace/name"), or "" when the name
    is not one Quay could have given."""
    try:
        return reverse(url_name, args=repository.split("/")) if repository.count("/") == 1 else ""
    except NoReverseMatch:
        return ""


def _quota_link(namespace: str, note: UserNotification) -> str:
    if not namespace:
        return ""
    try:
        if note.organization:
            return reverse("quotas:organization", args=[namespace])
    except NoReverseMatch:
        return ""
    return reverse("quotas:user")


@require_POST
@login_required
def notification_read(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    client = quay_client_for(request)
    dismissed = request.POST.get("dismissed", "true") != "false"
    answer = _write(
        request,
        lambda: client.update_user_notification(uuid, dismissed=dismissed),
        None,
        "account:notifications",
    )
    notices.forget(request)
    return answer


@require_POST
@login_required
def notification_read_all(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    ids = [value for value in request.POST.getlist("id") if value][: notices.PAGE_SIZE]
    results = map_concurrently(
        lambda uuid: client.update_user_notification(uuid, dismissed=True),
        ids,
        return_exceptions=True,
    )
    failed = [result for result in results if isinstance(result, QuayError)]
    notices.forget(request)
    if failed:
        messages.error(
            request,
            f"{len(failed)} could not be marked: {actions.refusal(failed[0], USER_ADMIN_NEEDED)}",
        )
    else:
        messages.success(
            request, f"{len(ids)} notification{'s' if len(ids) != 1 else ''} marked as read."
        )
    return actions.redirect_back(request, reverse("account:notifications"))


@require_GET
@login_required
def notification_bell(request: HtmxHttpRequest) -> HttpResponse:
    """The bell, loaded once when the cache knows nothing yet: one call, then cached."""
    count: int | None = None
    show = notices.may_read(request)
    if show:
        try:
            count = len(notices.unread(notices.read(request, quay_client_for(request))))
        except (QuayPermissionDenied, QuayNotFound):
            show = False
    return render_page(
        request, "useraccount/_bell.html", {"show": show, "count": count or 0, "bell_only": True}
    )


@require_GET
@login_required
def invitation_panel(request: HtmxHttpRequest) -> HttpResponse:
    """The overview's pending invitations, from the same cached call as the bell."""
    pending: list[UserNotification] = []
    if notices.may_read(request):
        try:
            pending = notices.invitations(notices.read(request, quay_client_for(request)))
        except (QuayPermissionDenied, QuayNotFound):
            pending = []
    return render_page(
        request,
        "useraccount/_invitations.html",
        {"invitations": pending, "loaded": True, "show": True},
    )


@require_POST
@login_required
def invitation_answer(request: HtmxHttpRequest, code: str, answer: str) -> HttpResponse:
    client = quay_client_for(request)
    team = request.POST.get("team", "").strip()[:255]
    org = request.POST.get("org", "").strip()[:255]
    try:
        if answer == "accept":
            org, team = client.accept_team_invite(code)
            messages.success(request, f"You joined the team {team} of {org}.")
        else:
            client.decline_team_invite(code)
            messages.success(request, f"You declined the invitation to {team or 'the team'}.")
    except QuayNotFound:
        messages.error(request, "This invitation is no longer pending (answered or withdrawn).")
    except (QuayBadRequest, QuayPermissionDenied) as exc:
        messages.error(request, actions.refusal(exc, USER_ADMIN_NEEDED))
    notices.forget(request)
    # The overview refreshes the profile, so a newly joined organization shows at once.
    return redirect("overview")
