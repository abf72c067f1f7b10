"""Superuser additions: every application token of the installation (sortable, flagged, as
CSV), and setting a user's password.

Quay's `GET /api/v1/superuser/apptokens` gives each token's title, dates and uuid, but not whose
it is: the page says so rather than guess.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import quay_client_for
from dashboard.quay.account import AppToken, password_problem
from dashboard.web import clock
from dashboard.web.access import superuser_required
from dashboard.web.htmx import HtmxHttpRequest, render_page

from .views import _context, _user_action, _users_page

EXPIRING_WITHIN = timedelta(days=30)


def _when(value: datetime | None, missing: float) -> float:
    return value.timestamp() if value else missing


@dataclass(frozen=True)
class TokenRow:
    token: AppToken
    expired: bool
    expiring_soon: bool
    never_used: bool


# Never used sorts as the oldest use; no expiration as the latest one.
SORTS: dict[str, tuple[str, Callable[[TokenRow], Any]]] = {
    "title": ("Title", lambda row: row.token.title.lower()),
    "created": ("Created", lambda row: _when(row.token.created, 0)),
    "last_used": ("Last used", lambda row: _when(row.token.last_accessed, float("-inf"))),
    "expiration": ("Expires", lambda row: _when(row.token.expiration, float("inf"))),
}


def token_rows(tokens: list[AppToken], now: datetime) -> list[TokenRow]:
    rows = []
    for token in tokens:
        expiration = token.expiration
        expired = expiration is not None and expiration <= now
        soon = expiration is not None and not expired and expiration - now <= EXPIRING_WITHIN
        rows.append(TokenRow(token, expired, soon, token.last_accessed is None))
    return rows


@require_GET
@login_required
@superuser_required
def app_tokens(request: HtmxHttpRequest) -> HttpResponse:
    tokens = quay_client_for(request).list_all_app_tokens()
    rows = token_rows(tokens, clock.now())
    which = request.GET.get("show", "")
    if which == "expiring":
        rows = [row for row in rows if row.expiring_soon or row.expired]
    elif which == "unused":
        rows = [row for row in rows if row.never_used]
    sort = request.GET.get("sort", "title")
    sort = sort if sort in SORTS else "title"
    descending = request.GET.get("dir") == "desc"
    rows = sorted(rows, key=SORTS[sort][1], reverse=descending)
    if request.GET.get("format") == "csv":
        return _csv(rows)
    columns = [
        {
            "key": key,
            "label": label,
            "active": key == sort,
            "descending": descending,
            "next_dir": "asc" if key == sort and descending else "desc" if key == sort else "asc",
        }
        for key, (label, _) in SORTS.items()
    ]
    context = _context(
        request,
        "apptokens",
        "Application tokens",
        rows=rows,
        total=len(tokens),
        expiring=sum(1 for row in token_rows(tokens, clock.now()) if row.expiring_soon),
        unused=sum(1 for token in tokens if token.last_accessed is None),
        columns=columns,
        sort=sort,
        direction="desc" if descending else "asc",
        which=which,
        expiring_days=EXPIRING_WITHIN.days,
    )
    return render_page(request, "superuser/apptokens.html", context, fragment="token-table")


def _csv(rows: list[TokenRow]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["uuid", "title", "created", "last_used", "expiration", "flags"])
    for row in rows:
        flags = [
            name
            for name, on in (
                ("expired", row.expired),
                ("expiring_soon", row.expiring_soon),
                ("never_used", row.never_used),
            )
            if on
        ]
        writer.writerow(
            [
                row.token.uuid,
                _cell(row.token.title),
                _iso(row.token.created),
                _iso(row.token.last_accessed),
                _iso(row.token.expiration),
                " ".join(flags),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="app-tokens.csv"'
    return response


def _cell(value: str) -> str:
    # A title is typed by a user: keep a spreadsheet from reading it as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


# --- A user's password ---------------------------------------------------------------------


@require_POST
@login_required
@superuser_required
def user_password(request: HtmxHttpRequest, username: str) -> HttpResponse:
    password = request.POST.get("password", "")
    problem = password_problem(password)
    if problem:
        return _users_page(request, row_errors={username: problem}, status=400)
    if password != request.POST.get("password_again", ""):
        return _users_page(request, row_errors={username: "The two passwords differ."}, status=400)

    def change(client: Any) -> None:
        client.set_install_user_password(username, password)

    # The new password goes to Quay and nowhere else: not in the message, not in the page.
    return _user_action(request, username, change, f"The password of {username} is changed.")
