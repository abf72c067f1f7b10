"""The superuser console: its overview, global messages, service keys, users, organizations.

Every page is for superusers only, and every change is refused to a global read-only
superuser before Quay is asked (both `web.access.superuser_required`); every change carries
a one-time form token so that a repeated submit changes nothing twice.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import current_profile, quay_client_for
from dashboard.organizations.members import FULL_ACCESS_NOTE
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather, map_concurrently
from dashboard.quay.core import GlobalMessage
from dashboard.quay.errors import QuayBadRequest, QuayError, QuayNotFound, QuayPermissionDenied
from dashboard.quay.pagination import TokenPage, walk_pages
from dashboard.quay.superuser import ServiceKey
from dashboard.web import actions, clock
from dashboard.web.access import (
    can_change_installation,
    superuser_required,
)
from dashboard.web.actions import issue_form_token
from dashboard.web.banners import (
    forget_global_messages,
    global_messages,
    remember_global_messages,
)
from dashboard.web.forms import TypedNameForm
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.markdown import render_markdown
from dashboard.web.nav import SUPERUSER_TABS
from dashboard.web.numbers import one_of
from dashboard.web.paging import Pager, token_pager
from dashboard.web.swr import stale_while_revalidate

from .forms import (
    ApproveForm,
    BulkKeysForm,
    CreateUserForm,
    MessageForm,
    OrganizationForm,
    ServiceKeyForm,
    ServiceKeyUpdateForm,
    UserEmailForm,
)

logger = logging.getLogger(__name__)


def _context(request: HtmxHttpRequest, active: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "tabs": SUPERUSER_TABS,
        "active": active,
        "title": title,
        "can_write": can_change_installation(current_profile(request)),
        # Where a row's form returns after its change: the list as the person left it.
        "back_url": request.get_full_path() if request.method == "GET" else "",
        **extra,
    }


def _row_action(
    request: HtmxHttpRequest,
    key: str,
    call: Callable[[QuayClient], Any],
    done: str | Callable[[Any], str],
    page: Callable[..., HttpResponse],
    fallback: str,
) -> HttpResponse:
    """A change to one row of a list (a user, an organization, a service key): counted once,
    Quay's refusal shown in that row, back to the list as the person left it."""
    if not actions.consume_form_token(request):
        return actions.repeated(request, fallback)
    client = quay_client_for(request)
    outcome = actions.write(
        request, lambda: call(client), at=actions.IN_PLACE, also=(QuayNotFound,), success=done
    )
    if not outcome.done:
        return page(request, row_errors={key: outcome.message}, status=outcome.status)
    return actions.redirect_back(request, fallback)


def _row_view(
    page: Callable[..., HttpResponse],
    list_name: str,
    call: Callable[[QuayClient, str], Any],
    done: str,
    *,
    typed_name: bool = False,
) -> Callable[..., HttpResponseBase]:
    """A row action that is nothing but one client call and one message, the same for users,
    organizations and service keys: written once here rather than as a near-copy per list.
    `done` may name the row (`{key}`) and what Quay answered (`{result}`); with `typed_name`
    the person confirms by typing the row's name first."""

    @require_POST
    @login_required
    @superuser_required
    def view(request: HtmxHttpRequest, **path: str) -> HttpResponse:
        (key,) = path.values()  # the row's one path part: a username, a name or a kid
        if typed_name and not TypedNameForm(request.POST, expected=key).is_valid():
            return page(request, row_errors={key: f"Type {key} to delete it."}, status=400)
        return _row_action(
            request,
            key,
            lambda client: call(client, key),
            lambda result: done.format(key=key, result=result),
            page,
            reverse(list_name),
        )

    return view


def _first_with_banners[T](
    request: HtmxHttpRequest, fetch: Callable[[str | None], T]
) -> Callable[[str | None], T]:
    """A page walk whose first read runs alongside the banners' read."""
    calls = 0

    def first_concurrent(token: str | None) -> T:
        nonlocal calls
        calls += 1
        if calls == 1:
            return _with_banners(request, lambda: fetch(token))
        return fetch(token)

    return first_concurrent


# --- Overview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyRow:
    key: ServiceKey
    # "expired", "week" (expires within a week), "month" (within a month) or "".
    expiry: str
    error: str = ""

    @property
    def rotation(self) -> str:
        seconds = self.key.rotation_duration
        if not seconds:
            return ""
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds % size == 0:
                count = seconds // size
                return f"{count} {unit}{'s' if count != 1 else ''}"
        return f"{seconds} s"


def _key_rows(keys: list[ServiceKey], now: datetime) -> list[KeyRow]:
    rows = []
    for key in keys:
        expiry = ""
        if key.expiration is not None:
            if key.expiration <= now:
                expiry = "expired"
            elif key.expiration <= now + timedelta(days=7):
                expiry = "week"
            elif key.expiration <= now + timedelta(days=31):
                expiry = "month"
        rows.append(KeyRow(key, expiry))
    return rows


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def console(request: HtmxHttpRequest) -> HttpResponse:
    client = quay_client_for(request)
    keys, current_messages = gather(client.list_service_keys, lambda: global_messages(client))
    rows = _key_rows(keys, clock.now())
    summary = {
        "keys": len(rows),
        "unapproved": sum(1 for row in rows if not row.key.approved),
        "expired": sum(1 for row in rows if row.expiry == "expired"),
        "expiring": sum(1 for row in rows if row.expiry in ("week", "month")),
        "messages": len(current_messages),
    }
    context = _context(request, "overview", "Superuser console", summary=summary)
    return render_page(request, "superuser/console.html", context)


# --- Global messages ---------------------------------------------------------------------------


def _messages_page(
    request: HtmxHttpRequest,
    form: MessageForm,
    *,
    preview: str | None = None,
    status: int = 200,
    current: list[GlobalMessage] | None = None,
) -> HttpResponse:
    if current is None:
        current = _read_messages(request)
    replacing = next((m for m in current if m.uuid == form["replaces"].value()), None)
    context = _context(
        request,
        "messages",
        "Global messages",
        current=current,
        form=form,
        form_token=issue_form_token(request)
        if can_change_installation(current_profile(request))
        else "",
        preview=preview,
        preview_severity=form["severity"].value() or "info",
        replacing=replacing,
    )
    return render_page(request, "superuser/messages.html", context, status=status)


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def message_list(request: HtmxHttpRequest) -> HttpResponse:
    current = _read_messages(request)
    initial: dict[str, str] = {}
    replaced = next((m for m in current if m.uuid == request.GET.get("replace")), None)
    if replaced is not None:
        initial = {
            "content": replaced.content,
            "severity": replaced.severity,
            "media_type": replaced.media_type,
            "replaces": replaced.uuid,
        }
    form = MessageForm(initial=initial)
    preview = _render_message(replaced.content, replaced.media_type) if replaced else None
    return _messages_page(request, form, preview=preview, current=current)


def _read_messages(request: HtmxHttpRequest) -> list[GlobalMessage]:
    """The messages, fresh; the banners of this page (and everyone's for a minute) show the
    same list instead of asking Quay again."""
    current = quay_client_for(request).list_global_messages()
    remember_global_messages(current)
    return current


def _with_banners[T](request: HtmxHttpRequest, call: Callable[[], T]) -> T:
    """Run a page's one list call alongside the banners' read (a cache hit most of the time),
    so a cold banner cache costs no extra round trip."""
    client = quay_client_for(request)
    result, _ = gather(call, lambda: global_messages(client))
    return result


def _render_message(content: str, media_type: str) -> str:
    """What the banners will show: the same renderer and sanitizer as the `markdown` filter."""
    if media_type == "text/markdown":
        return render_markdown(content)
    return str(linebreaks(escape(content)))


@require_POST
@login_required
@superuser_required
def message_preview(request: HtmxHttpRequest) -> HttpResponse:
    """The live preview (an htmx fragment); without JavaScript, the whole page with it."""
    form = MessageForm(request.POST)
    content = request.POST.get("content", "")
    media_type = request.POST.get("media_type", "text/markdown")
    severity = request.POST.get("severity", "info")
    preview = _render_message(content, media_type) if content.strip() else None
    if getattr(request, "htmx", False):
        context = {"preview": preview, "preview_severity": severity}
        return render_page(request, "superuser/messages.html", context, fragment="message-preview")
    return _messages_page(request, form, preview=preview)


@require_POST
@login_required
@superuser_required
def message_create(request: HtmxHttpRequest) -> HttpResponse:
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _messages_page(request, form, status=400)
    messages_url = reverse("superuser:messages")
    if not actions.consume_form_token(request):
        return actions.repeated(request, messages_url)
    client = quay_client_for(request)
    data = form.cleaned_data
    outcome = actions.write(
        request,
        lambda _: client.create_global_message(
            data["content"], data["severity"], data["media_type"]
        ),
        form=form,
        at="content",
        success=None,
    )
    if not outcome.done:
        return _messages_page(request, form, status=outcome.status)
    forget_global_messages()
    if data["replaces"]:
        try:
            client.delete_global_message(data["replaces"])
        except QuayError as exc:
            forget_global_messages()
            messages.error(
                request,
                "The new message was published, but the old one could not be deleted "
                f"({actions.refusal(exc)}): both are shown now. Delete the old one below.",
            )
            return HttpResponseRedirect(messages_url)
        forget_global_messages()
        messages.success(request, "The message was replaced: the new one is published.")
    else:
        messages.success(request, "The message is published: every user sees it now.")
    return HttpResponseRedirect(messages_url)


@require_POST
@login_required
@superuser_required
def message_delete(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    messages_url = reverse("superuser:messages")
    if not actions.consume_form_token(request):
        return actions.repeated(request, messages_url)
    outcome = actions.write(
        request,
        lambda: quay_client_for(request).delete_global_message(uuid),
        success="The message was deleted.",
        failed="The message was not deleted.",
    )
    if outcome.done:
        forget_global_messages()
    return HttpResponseRedirect(messages_url)


# --- Service keys ------------------------------------------------------------------------------

KEY_FILTERS = (
    ("all", "All"),
    ("unapproved", "Unapproved"),
    ("expired", "Expired"),
    ("expiring", "Expiring soon"),
)


def _filter_keys(rows: list[KeyRow], which: str, text: str) -> list[KeyRow]:
    if which == "unapproved":
        rows = [row for row in rows if not row.key.approved]
    elif which == "expired":
        rows = [row for row in rows if row.expiry == "expired"]
    elif which == "expiring":
        rows = [row for row in rows if row.expiry in ("week", "month")]
    needle = text.strip().lower()
    if needle:
        rows = [
            row
            for row in rows
            if needle in row.key.name.lower()
            or needle in row.key.service.lower()
            or needle in row.key.kid.lower()
        ]
    return rows


def _keys_page(
    request: HtmxHttpRequest,
    *,
    create_form: ServiceKeyForm | None = None,
    row_errors: dict[str, str] | None = None,
    bulk_error: str = "",
    status: int = 200,
) -> HttpResponse:
    which = request.GET.get("filter", "all")
    if which not in dict(KEY_FILTERS):
        which = "all"
    text = request.GET.get("q", "")
    keys = _with_banners(request, quay_client_for(request).list_service_keys)
    all_rows = _key_rows(keys, clock.now())
    errors = row_errors or {}
    rows = sorted(
        (
            KeyRow(row.key, row.expiry, errors.get(row.key.kid, ""))
            for row in _filter_keys(all_rows, which, text)
        ),
        key=lambda row: (row.key.service, row.key.name),
    )
    writable = can_change_installation(current_profile(request))
    context = _context(
        request,
        "keys",
        "Service keys",
        rows=rows,
        total=len(all_rows),
        filters=KEY_FILTERS,
        which=which,
        text=text,
        create_form=create_form or ServiceKeyForm(),
        bulk_error=bulk_error,
        action_errors=sorted(errors.items()),
        form_token=issue_form_token(request) if writable else "",
        open_create=create_form is not None,
    )
    return render_page(request, "superuser/keys.html", context, fragment="key-table", status=status)


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def key_list(request: HtmxHttpRequest) -> HttpResponse:
    return _keys_page(request)


@never_cache
@require_POST
@login_required
@superuser_required
def key_create(request: HtmxHttpRequest) -> HttpResponse:
    form = ServiceKeyForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, create_form=form, status=400)
    if not actions.consume_form_token(request):
        return actions.repeated(request, reverse("superuser:keys"))

    def field_of(exc: QuayError) -> str:
        lowered = exc.message.lower()
        if "expiration" in lowered:
            return "expiration"
        return "name" if "friendly name" in lowered else "service"

    outcome = actions.write(
        request,
        lambda data: quay_client_for(request).create_service_key(
            data["service"],
            name=data["name"],
            expiration=form.expiration_timestamp(),
            notes=data["notes"],
            metadata=form.metadata(),
        ),
        form=form,
        at=field_of,
        success=None,
    )
    if not outcome.done:
        return _keys_page(request, create_form=form, status=outcome.status)
    created = outcome.result
    # The private key goes to this response only: not to the session, the cache, a message
    # or a log line. `never_cache` keeps it out of the browser's and proxies' caches.
    pem_href = "data:application/x-pem-file;base64," + base64.b64encode(
        created.private_key.encode()
    ).decode("ascii")
    context = _context(request, "keys", "Service key created", created=created, pem_href=pem_href)
    response = render_page(request, "superuser/key_created.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _key_action(
    request: HtmxHttpRequest, kid: str, call: Callable[[QuayClient], Any], done: str
) -> HttpResponse:
    return _row_action(request, kid, call, done, _keys_page, reverse("superuser:keys"))


@require_POST
@login_required
@superuser_required
def key_approve(request: HtmxHttpRequest, kid: str) -> HttpResponse:
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _keys_page(
            request, row_errors={kid: "Notes are at most 1000 characters."}, status=400
        )
    notes = form.cleaned_data["notes"]
    return _key_action(
        request,
        kid,
        lambda client: client.approve_service_key(kid, notes),
        f"Key {kid} is approved.",
    )


@require_POST
@login_required
@superuser_required
def key_update(request: HtmxHttpRequest, kid: str) -> HttpResponse:
    form = ServiceKeyUpdateForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, row_errors={kid: actions.form_errors(form)}, status=400)
    data = form.cleaned_data
    changes: dict[str, Any] = {"name": data["name"]}
    if data["no_expiration"]:
        changes["expiration"] = None
    elif data["expiration"] is not None:
        changes["expiration"] = form.expiration_timestamp()
    return _key_action(
        request,
        kid,
        lambda client: client.update_service_key(kid, **changes),
        f"Key {kid} is updated.",
    )


key_delete = _row_view(
    _keys_page, "superuser:keys", lambda client, kid: client.delete_service_key(kid),
    "Key {key} is deleted.",
)  # fmt: skip


@dataclass(frozen=True)
class Row[T]:
    """A user or an organization with Quay's refusal of the last change to it, if any."""

    item: T
    error: str = ""


@dataclass(frozen=True)
class BulkResult:
    kid: str
    ok: bool
    detail: str


@require_POST
@login_required
@superuser_required
def key_bulk(request: HtmxHttpRequest) -> HttpResponse:
    kids = request.POST.getlist("kid")
    form = BulkKeysForm(request.POST, kids=kids)
    if not form.is_valid():
        return _keys_page(
            request,
            bulk_error=" ".join(str(e) for e in form.errors.get("kid", [])) or "Choose an action.",
            status=400,
        )
    if not actions.consume_form_token(request):
        return actions.repeated(request, reverse("superuser:keys"))
    client = quay_client_for(request)
    action, notes = form.cleaned_data["action"], form.cleaned_data["notes"]

    def apply(kid: str) -> BulkResult:
        try:
            if action == "approve":
                client.approve_service_key(kid, notes)
            else:
                client.delete_service_key(kid)
        except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
            return BulkResult(kid, False, actions.refusal(exc))
        return BulkResult(kid, True, "Approved" if action == "approve" else "Deleted")

    results: list[BulkResult] = map_concurrently(apply, form.cleaned_data["kid"])
    context = _context(
        request,
        "keys",
        "Bulk " + ("approval" if action == "approve" else "deletion") + " of service keys",
        results=results,
        failed=sum(1 for result in results if not result.ok),
    )
    return render_page(request, "superuser/key_bulk.html", context)


# --- Users -------------------------------------------------------------------------------------

PAGE_SIZES = (25, 50, 100)
STATUSES = (("all", "All"), ("enabled", "Enabled"), ("disabled", "Disabled"))


def _matches(needle: str, *values: str | None) -> bool:
    return any(needle in (value or "").lower() for value in values)


@dataclass(frozen=True)
class Listing[T]:
    """One screen of an installation-wide list (users, organizations) as it was searched."""

    items: list[T]
    pager: Pager
    limit: int
    text: str  # the search as typed
    searched_pages: int


def _searched_list[T](
    request: HtmxHttpRequest,
    label: str,
    target: str,
    path: str,
    fetch: Callable[[int, str | None], TokenPage[T]],
    searched: Callable[[T], tuple[str | None, ...]],
    **query: str,
) -> Listing[T]:
    """A page of the list from `?next_page=`, or, with `?q=`, its matches: Quay has no search
    for these lists, so Quayside reads on through the pages (at most ten) and keeps those whose
    `searched` fields hold the text. `query` is the list's own filters, kept while paging."""
    limit = one_of(request.GET.get("limit"), PAGE_SIZES, 50)
    typed = request.GET.get("q", "")
    text = typed.strip().lower()
    start = request.GET.get("next_page") or None

    def page(token: str | None) -> TokenPage[T]:
        return fetch(limit, token)

    if text:
        walk = walk_pages(page, start=start)
        walk.fetch = _first_with_banners(request, page)
        items = [item for item in walk if _matches(text, *searched(item))]
        next_page, pages_read = walk.next_page, walk.pages_read
    else:
        first = _with_banners(request, lambda: page(start))
        items, next_page, pages_read = first.items, first.next_page, 1
    pager = token_pager(
        label,
        target,
        path,
        start=start,
        next_token=next_page,
        query={"limit": limit, **query, "q": typed},
    )
    return Listing(items, pager, limit, typed, pages_read)


def _users_page(
    request: HtmxHttpRequest,
    *,
    create_form: CreateUserForm | None = None,
    row_errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    which = request.GET.get("status", "all")
    if which not in dict(STATUSES):
        which = "all"
    client = quay_client_for(request)
    listing = _searched_list(
        request,
        "Pages of users",
        "user-table",
        reverse("superuser:users"),
        # Quay filters only one way (`disabled=false`: enabled users only).
        lambda limit, token: client.list_all_users(
            limit=limit, next_page=token, disabled=which != "enabled"
        ),
        lambda user: (user.username, user.email),
        status=which,
    )
    users = listing.items
    if which == "disabled":
        users = [user for user in users if not user.enabled]
    writable = can_change_installation(current_profile(request))
    context = _context(
        request,
        "users",
        "Users",
        rows=[Row(user, (row_errors or {}).get(user.username, "")) for user in users],
        action_errors=sorted((row_errors or {}).items()),
        pager=listing.pager,
        limit=listing.limit,
        page_sizes=PAGE_SIZES,
        statuses=STATUSES,
        which=which,
        text=listing.text,
        searched_pages=listing.searched_pages,
        create_form=create_form or CreateUserForm(),
        open_create=create_form is not None,
        form_token=issue_form_token(request) if writable else "",
    )
    return render_page(
        request, "superuser/users.html", context, fragment="user-table", status=status
    )


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def user_list(request: HtmxHttpRequest) -> HttpResponse:
    return _users_page(request)


@never_cache
@require_POST
@login_required
@superuser_required
def user_create(request: HtmxHttpRequest) -> HttpResponse:
    form = CreateUserForm(request.POST)
    if not form.is_valid():
        return _users_page(request, create_form=form, status=400)
    if not actions.consume_form_token(request):
        return actions.repeated(request, reverse("superuser:users"))
    outcome = actions.write(
        request,
        lambda data: quay_client_for(request).create_install_user(data["username"], data["email"]),
        form=form,
        at=lambda exc: "email" if "mail" in exc.message.lower() else "username",
        success=None,
    )
    if not outcome.done:
        return _users_page(request, create_form=form, status=outcome.status)
    created = outcome.result
    context = _context(request, "users", "User created", created=created)
    response = render_page(request, "superuser/user_created.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _user_action(
    request: HtmxHttpRequest, username: str, call: Callable[[QuayClient], Any], done: str
) -> HttpResponse:
    return _row_action(request, username, call, done, _users_page, reverse("superuser:users"))


@require_POST
@login_required
@superuser_required
def user_enable(request: HtmxHttpRequest, username: str) -> HttpResponse:
    enable = request.POST.get("enabled") == "true"
    return _user_action(
        request,
        username,
        lambda client: client.change_install_user(username, enabled=enable),
        f"{username} is {'enabled' if enable else 'disabled'}.",
    )


@require_POST
@login_required
@superuser_required
def user_email(request: HtmxHttpRequest, username: str) -> HttpResponse:
    form = UserEmailForm(request.POST)
    if not form.is_valid():
        return _users_page(
            request, row_errors={username: "Enter a valid e-mail address."}, status=400
        )
    email = form.cleaned_data["email"]
    return _user_action(
        request,
        username,
        lambda client: client.change_install_user(username, email=email),
        f"The e-mail address of {username} is now {email}.",
    )


user_recovery = _row_view(
    _users_page, "superuser:users",
    lambda client, username: client.send_install_user_recovery_email(username),
    "A recovery e-mail was sent to {key} ({result}).",
)  # fmt: skip
user_delete = _row_view(
    _users_page, "superuser:users", lambda client, username: client.delete_install_user(username),
    "The user {key} is deleted.", typed_name=True,
)  # fmt: skip


# --- Organizations -----------------------------------------------------------------------------


def _organizations_page(
    request: HtmxHttpRequest, *, row_errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    client = quay_client_for(request)
    listing = _searched_list(
        request,
        "Pages of organizations",
        "org-table",
        reverse("superuser:organizations"),
        lambda limit, token: client.list_all_organizations(limit=limit, next_page=token),
        lambda org: (org.name, org.email),
    )
    context = _context(
        request,
        "organizations",
        "Organizations",
        rows=[Row(org, (row_errors or {}).get(org.name, "")) for org in listing.items],
        action_errors=sorted((row_errors or {}).items()),
        pager=listing.pager,
        limit=listing.limit,
        page_sizes=PAGE_SIZES,
        text=listing.text,
        form_token=issue_form_token(request)
        if can_change_installation(current_profile(request))
        else "",
        org_form=OrganizationForm(),
    )
    return render_page(
        request, "superuser/organizations.html", context, fragment="org-table", status=status
    )


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def organization_list(request: HtmxHttpRequest) -> HttpResponse:
    return _organizations_page(request)


def _organization_action(
    request: HtmxHttpRequest, name: str, call: Callable[[QuayClient], Any], done: str
) -> HttpResponse:
    return _row_action(
        request, name, call, done, _organizations_page, reverse("superuser:organizations")
    )


@require_POST
@login_required
@superuser_required
def organization_update(request: HtmxHttpRequest, name: str) -> HttpResponse:
    form = OrganizationForm(request.POST)
    if not form.is_valid():
        return _organizations_page(
            request, row_errors={name: actions.form_errors(form)}, status=400
        )
    email = form.cleaned_data["email"] or None
    expiration = form.cleaned_data["tag_expiration_s"]

    def change(client: QuayClient) -> None:
        try:
            client.change_organization_details_as_superuser(
                name, email=email, tag_expiration_s=expiration
            )
        except QuayPermissionDenied as exc:
            # The organization's own endpoint: a superuser passes only with a feature switch.
            message = f"{exc.message}. {FULL_ACCESS_NOTE}"
            raise QuayPermissionDenied(message, error_type=exc.error_type) from exc

    return _organization_action(request, name, change, f"The organization {name} is updated.")


organization_take_ownership = _row_view(
    _organizations_page, "superuser:organizations",
    lambda client, name: client.take_ownership(name),
    "You are now an owner of {key}.",
)  # fmt: skip
organization_delete = _row_view(
    _organizations_page, "superuser:organizations",
    lambda client, name: client.delete_organization_as_superuser(name),
    "The organization {key} is deleted.", typed_name=True,
)  # fmt: skip
