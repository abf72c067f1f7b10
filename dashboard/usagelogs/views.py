"""Usage logs of a repository, an organization, the signed-in user and the whole system: one
implementation behind four pairs of URLs (the page, and its export)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.accounts.tokens import current_profile, quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import (
    QuayBadRequest,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)
from dashboard.quay.usagelogs import LogEntry, LogPage, LogScope, LogScopeKind
from dashboard.web.access import superuser_required
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import (
    SUPERUSER_TABS,
    organization_tabs_for,
    repository_tabs,
)
from dashboard.web.swr import stale_while_revalidate

from .chart import build_chart
from .filters import LogFilters, parse_filters
from .kinds import describe, grouped_kinds, metadata_pairs
from .reading import ExportWalk, Fetch, read_screenful

TEMPLATE = "usagelogs/logs.html"
EXPORT_FORMATS = ("csv", "json")
# The page's lazy part: `?view=chart`, the aggregate.
CHART_PART = "chart"


# --- What each of the four pages is ----------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A scope with its page head: the header include, its context, and the page's own URL."""

    scope: LogScope
    header: str
    header_context: dict[str, Any]
    url: str
    title: str
    own_namespace: str = ""


def _repository_frame(request: HtmxHttpRequest, namespace: str, name: str) -> Frame:
    return Frame(
        LogScope(LogScopeKind.REPOSITORY, namespace, name),
        "includes/_repository_header.html",
        {
            "namespace": namespace,
            "name": name,
            "tabs": repository_tabs(request, namespace, name),
            "active": "logs",
        },
        reverse("usagelogs:repository", args=[namespace, name]),
        f"Usage logs · {namespace}/{name}",
    )


def _organization_frame(request: HtmxHttpRequest, org: str) -> Frame:
    return Frame(
        LogScope(LogScopeKind.ORGANIZATION, org),
        "includes/_organization_header.html",
        {"org": org, "tabs": organization_tabs_for(request, org), "active": "logs"},
        reverse("usagelogs:organization", args=[org]),
        f"Usage logs · {org}",
    )


def _user_frame(request: HtmxHttpRequest) -> Frame:
    profile = current_profile(request)
    username = profile.username if profile else ""
    return Frame(
        LogScope(LogScopeKind.USER),
        "usagelogs/_user_header.html",
        {"username": username},
        reverse("usagelogs:user"),
        "My usage logs",
        own_namespace=username,
    )


def _superuser_frame() -> Frame:
    return Frame(
        LogScope(LogScopeKind.SUPERUSER),
        "includes/_superuser_header.html",
        {"tabs": SUPERUSER_TABS, "active": "logs", "title": "Usage logs"},
        reverse("usagelogs:superuser"),
        "Usage logs · the whole system",
    )


# --- Rows of the table -----------------------------------------------------------------------


@dataclass(frozen=True)
class LogRow:
    entry: LogEntry
    description: str | None
    pairs: list[tuple[str, str]]
    namespace: str
    namespace_is_org: bool
    repository: str

    @property
    def iso_utc(self) -> str:
        return self.entry.datetime.isoformat() if self.entry.datetime else ""


def _rows(frame: Frame, entries: list[LogEntry]) -> list[LogRow]:
    rows = []
    for entry in entries:
        if entry.namespace is not None:
            namespace, is_org = entry.namespace.name, entry.namespace.is_organization
        elif frame.scope.kind == LogScopeKind.USER:
            namespace, is_org = frame.own_namespace, False
        else:
            namespace = frame.scope.namespace
            is_org = frame.scope.kind == LogScopeKind.ORGANIZATION
        repository = frame.scope.name or entry.repository
        description = describe(entry.kind, entry.metadata)
        pairs = [] if description is not None else metadata_pairs(entry.metadata)
        rows.append(LogRow(entry, description, pairs, namespace, is_org, repository))
    return rows


# --- The page --------------------------------------------------------------------------------


def _fetcher(client: QuayClient, frame: Frame, filters: LogFilters) -> Fetch:
    def fetch(token: str | None) -> LogPage:
        return client.list_logs(
            frame.scope, filters.dates, performer=filters.performer, next_page=token
        )

    return fetch


def _base_context(frame: Frame, filters: LogFilters) -> dict[str, Any]:
    return {
        **frame.header_context,
        "frame": frame,
        "scope": frame.scope,
        "filters": filters,
        "page_url": frame.url,
        "export_url": frame.url + "export/",
        "kind_groups": grouped_kinds(),
        "clear_query": filters.query_with_kind(""),
    }


def _logs_page(request: HtmxHttpRequest, frame: Frame) -> HttpResponse:
    filters = parse_filters(request.GET, accepts_performer=frame.scope.accepts_performer)
    context = _base_context(frame, filters)
    if not filters.valid:
        return render_page(request, TEMPLATE, context, fragment="logs-main", status=400)
    client = quay_client_for(request)
    fetch = _fetcher(client, frame, filters)
    kinds = frozenset(filters.kinds)
    if request.GET.get("view") == CHART_PART and wants_fragment(request):
        return _chart_part(request, client, frame, filters, context)
    start = request.GET.get("next_page") or None
    if start and wants_fragment(request):
        # "Load more": only rows, appended where the button was.
        screen = read_screenful(fetch, start, kinds=kinds, keep_partial_on_error=True)
        context.update(screen=screen, rows=_rows(frame, screen.entries))
        return render_page(request, TEMPLATE, context, fragment="log-more")
    # One call before the first byte: the first page of entries. The chart (Quay's aggregate)
    # is a lazy part, `?view=chart`, asked for as soon as the page is in.
    screen = read_screenful(fetch, start, kinds=kinds)
    context.update(screen=screen, rows=_rows(frame, screen.entries), continued=bool(start))
    return render_page(request, TEMPLATE, context, fragment="logs-main")


def _chart_part(
    request: HtmxHttpRequest,
    client: QuayClient,
    frame: Frame,
    filters: LogFilters,
    context: dict[str, Any],
) -> HttpResponse:
    """The chart, its legend and its numbers: one call (the aggregate). Quay's refusal or
    failure is shown in the chart's place, under the entries already there."""
    try:
        counts = client.get_aggregate_logs(frame.scope, filters.dates, performer=filters.performer)
    except (QuayPermissionDenied, QuayNotFound, QuayBadRequest, QuayUnavailable) as error:
        context.update(chart_error=error.message)
        return render_page(request, TEMPLATE, context, fragment=CHART_PART)
    chart = build_chart(counts, filters.dates, filters.kinds)
    context.update(
        chart=chart,
        # A legend entry shows only its kind; the entry already shown alone shows all again.
        legend=[
            {
                "item": item,
                "query": filters.query_with_kind(
                    "" if item.selected and len(filters.kinds) == 1 else item.kind
                ),
            }
            for item in chart.legend
        ],
    )
    return render_page(request, TEMPLATE, context, fragment=CHART_PART)


@require_GET
@login_required
@stale_while_revalidate("namespace")
def repository_logs(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _logs_page(request, _repository_frame(request, namespace, name))


@require_GET
@login_required
@stale_while_revalidate("org")
def organization_logs(request: HtmxHttpRequest, org: str) -> HttpResponse:
    return _logs_page(request, _organization_frame(request, org))


@require_GET
@login_required
@stale_while_revalidate()
def user_logs(request: HtmxHttpRequest) -> HttpResponse:
    return _logs_page(request, _user_frame(request))


@require_GET
@login_required
@superuser_required
@stale_while_revalidate()
def superuser_logs(request: HtmxHttpRequest) -> HttpResponse:
    return _logs_page(request, _superuser_frame())


# --- Export: a download streamed by the dashboard, or Quay's own export ----------------------


CSV_COLUMNS = (
    "datetime_utc", "kind", "description", "performer", "performer_kind", "application", "ip",
    "namespace", "repository", "metadata",
)  # fmt: skip


class _Echo:
    """csv.writer writes into this and gets the line back, so rows stream one at a time."""

    def write(self, value: str) -> str:
        return value


def _performer_kind(entry: LogEntry) -> str:
    if entry.performer is None:
        return "anonymous"
    if entry.performer.is_robot:
        return "robot"
    return "application" if entry.application else "user"


def _export_record(row: LogRow) -> dict[str, Any]:
    entry = row.entry
    return {
        "datetime": row.iso_utc,
        "kind": entry.kind,
        "description": row.description,
        "performer": entry.performer.name if entry.performer else None,
        "performer_kind": _performer_kind(entry),
        "application": entry.application,
        "ip": entry.ip,
        "namespace": row.namespace or None,
        "repository": row.repository or None,
        "metadata": entry.metadata,
    }


def _stream_csv(frame: Frame, walk: ExportWalk) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in walk:
        record = _export_record(_rows(frame, [entry])[0])
        record["metadata"] = json.dumps(record["metadata"], sort_keys=True)
        yield writer.writerow(["" if value is None else value for value in record.values()])
    if walk.error is not None:
        yield f"# incomplete: Quay answered with an error after {walk.pages_read} pages: "
        yield f"{walk.error.message}\n"


def _stream_json(frame: Frame, filters: LogFilters, walk: ExportWalk) -> Iterator[str]:
    head = {
        "start": filters.dates.start.isoformat(),
        "end": filters.dates.end.isoformat(),
        "performer": filters.performer or None,
        "kinds": filters.kinds,
    }
    yield json.dumps(head)[:-1] + ', "entries": [\n'
    separator = ""
    for entry in walk:
        yield separator + json.dumps(_export_record(_rows(frame, [entry])[0]))
        separator = ",\n"
    tail: dict[str, Any] = {"complete": walk.error is None}
    if walk.error is not None:
        tail["error"] = walk.error.message
    yield "\n], " + json.dumps(tail)[1:] + "\n"


def _download(
    request: HtmxHttpRequest, frame: Frame, filters: LogFilters
) -> HttpResponse | StreamingHttpResponse:
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        filters.errors["format"] = "Choose CSV or JSON."
    if not filters.valid:
        context = _base_context(frame, filters)
        return render_page(request, TEMPLATE, context, status=400)
    client = quay_client_for(request)
    fetch = _fetcher(client, frame, filters)
    # The first page is read before the answer starts, so a refusal is a page, not a broken
    # download; the rest stream one of Quay's pages at a time.
    walk = ExportWalk(fetch, kinds=frozenset(filters.kinds), first=fetch(None))
    stem = f"quay-logs-{frame.scope.kind}-{filters.dates.start}-{filters.dates.end}"
    if export_format == "json":
        response = StreamingHttpResponse(
            _stream_json(frame, filters, walk), content_type="application/json"
        )
    else:
        response = StreamingHttpResponse(
            _stream_csv(frame, walk), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{export_format}"'
    response["Cache-Control"] = "no-store"
    return response


def _quay_export(request: HtmxHttpRequest, frame: Frame) -> HttpResponse:
    filters = parse_filters(request.POST, accepts_performer=False)
    email = request.POST.get("callback_email", "").strip()
    url = request.POST.get("callback_url", "").strip()
    errors: dict[str, str] = {}
    if not frame.scope.can_export_in_quay:
        errors["export"] = "Quay has no export of the whole system's logs: download CSV or JSON."
    elif bool(email) == bool(url):
        errors["export"] = "Give either an e-mail address or a callback URL."
    elif len(email) > 254 or len(url) > 2048:
        errors["export"] = "That address is too long."
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors["callback_email"] = "Enter a valid e-mail address."
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["callback_url"] = "Enter an http:// or https:// URL."
    for key in ("start", "end"):
        if key in filters.errors:
            errors[key] = filters.errors[key]
    result = None
    if not errors:
        try:
            result = quay_client_for(request).export_logs(
                frame.scope, filters.dates, callback_email=email, callback_url=url
            )
        except (QuayBadRequest, QuayPermissionDenied) as refusal:
            errors["export"] = f"Quay refused the export: {refusal.message}"
    if not wants_fragment(request):
        if result is not None:
            messages.success(
                request,
                f"Quay queued the export (id {result.export_id}); it will send a link to "
                f"{email or url}.",
            )
        else:
            messages.error(request, " ".join(errors.values()))
        return HttpResponseRedirect(frame.url + "?" + filters.query())
    context = _base_context(frame, filters)
    context.update(
        export_result=result,
        export_errors=errors,
        callback_email=email,
        callback_url=url,
    )
    return render_page(
        request, TEMPLATE, context, fragment="quay-export", status=200 if result else 400
    )


def _export(request: HtmxHttpRequest, frame: Frame) -> HttpResponse | StreamingHttpResponse:
    if request.method == "POST":
        return _quay_export(request, frame)
    filters = parse_filters(request.GET, accepts_performer=frame.scope.accepts_performer)
    return _download(request, frame, filters)


@require_http_methods(["GET", "POST"])
@login_required
def repository_logs_export(
    request: HtmxHttpRequest, namespace: str, name: str
) -> HttpResponse | StreamingHttpResponse:
    return _export(request, _repository_frame(request, namespace, name))


@require_http_methods(["GET", "POST"])
@login_required
def organization_logs_export(
    request: HtmxHttpRequest, org: str
) -> HttpResponse | StreamingHttpResponse:
    return _export(request, _organization_frame(request, org))


@require_http_methods(["GET", "POST"])
@login_required
def user_logs_export(request: HtmxHttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, _user_frame(request))


@require_http_methods(["GET", "POST"])
@login_required
@superuser_required
def superuser_logs_export(request: HtmxHttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, _superuser_frame())
