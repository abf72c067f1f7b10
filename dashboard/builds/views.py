"""Builds of a repository, one build with its live log, and the superuser's build lookup.

The live log: the page renders the log as it stands (one call), and the build's summary loads
right after as a lazy part (one call). While
the build runs, a poller element asks for the entries after the last one shown — one call,
`logs?start=N` — and the answer appends only those, in out-of-band swaps, then replaces the
poller with the next one. It asks 2 s after the last answer, and backs off (doubling up to 30 s)
while nothing changes, so a build waiting in the queue for hours costs little; new lines or a new
phase bring it back to 2 s. Quay writes a "phase" entry into the log at every phase
change, completion and failure included, so the log itself says when to stop. Cancellation and
expiry write nothing to the log, so every fourth poll asks for the build's status *instead of*
the log (still one call): a build cancelled elsewhere is noticed within ten seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.tokens import cache_scope, current_profile, quay_client_for
from dashboard.quay.builds import (
    ArchivedLog,
    Build,
    BuildLog,
    BuildLogPage,
    LogEntry,
    phase_is_final,
)
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import (
    QuayAuthError,
    QuayBadRequest,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
)
from dashboard.web import actions, clock
from dashboard.web.access import superuser_required
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import SUPERUSER_TABS, repository_tabs
from dashboard.web.numbers import whole_or

from .forms import StartBuildForm, clean_build_uuid
from .logview import ROOT_ID, LogCursor, render_entries, text_lines

# (label, seconds back for `since`, `limit`). Quay's own default is the last five builds.
RANGES: dict[str, tuple[str, int | None, int]] = {
    "recent": ("Recent", None, 10),
    "48h": ("Last 48 hours", 48 * 3600, 100),
    "30d": ("Last 30 days", 30 * 86400, 100),
}
LIST_POLL_SECONDS = 4
# How many builds the repository overview shows.
RECENT_BUILDS = 3
LOG_POLL_MS = 2000
LOG_POLL_MAX_MS = 30_000
# Every STATUS_EVERY-th poll reads the build's status instead of its log (see the docstring).
STATUS_EVERY = 4
PHASE_PARAM = re.compile(r"\A[a-z_-]{1,32}\Z")
DOWNLOAD_BATCH = 500
# The build page's lazy part: `?view=summary`, the build itself.
SUMMARY_PART = "summary"


# --- Where a build is read from: its repository, or the superuser endpoints ------------------


@dataclass(frozen=True)
class BuildSource:
    uuid: str
    namespace: str = ""
    name: str = ""

    @property
    def superuser(self) -> bool:
        return not self.namespace

    def url(self, view: str) -> str:
        if self.superuser:
            return reverse(f"builds:superuser_{view}", args=[self.uuid])
        return reverse(f"builds:{view}", args=[self.namespace, self.name, self.uuid])

    def build(self, client: QuayClient) -> Build:
        if self.superuser:
            return client.get_build_superuser(self.uuid)
        return client.get_repo_build(self.namespace, self.name, self.uuid)

    def status(self, client: QuayClient) -> Build:
        if self.superuser:
            return client.get_build_status_superuser(self.uuid)
        return client.get_repo_build_status(self.namespace, self.name, self.uuid)

    def logs(self, client: QuayClient, start: int) -> BuildLog:
        if self.superuser:
            return client.get_build_logs_superuser(self.uuid, start)
        return client.get_repo_build_logs(self.namespace, self.name, self.uuid, start)

    def stream(self, client: QuayClient) -> Iterator[LogEntry]:
        if self.superuser:
            return client.iter_build_log_superuser(self.uuid)
        return client.iter_repo_build_log(self.namespace, self.name, self.uuid)


@dataclass(frozen=True)
class Failed:
    """A call's refusal, kept as a value, for the page to show in its place."""

    error: QuayError


def _attempt[T](call: Callable[[], T]) -> T | Failed:
    """A call whose failure the page shows in its place; a 401 still ends the session."""
    try:
        return call()
    except QuayAuthError:
        raise
    except QuayError as exc:
        return Failed(exc)


def _log_refusal(exc: QuayError) -> str:
    if isinstance(exc, QuayPermissionDenied):
        return (
            f"Quay refused to show this log ({exc.message}): reading a build's log takes write "
            "access to the repository."
        )
    return f"The log could not be read: {exc.message}"


# --- The list of a repository's builds --------------------------------------------------------


@require_GET
@login_required
def build_list(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    if request.GET.get("view") == "recent" and wants_fragment(request):
        return _recent_builds(request, namespace, name)
    range_key = request.GET.get("range", "recent")
    if range_key not in RANGES:
        range_key = "recent"
    _, seconds, limit = RANGES[range_key]
    since = int(clock.timestamp()) - seconds if seconds else None
    builds = quay_client_for(request).list_repo_builds(namespace, name, limit=limit, since=since)
    running = any(not build.is_final for build in builds)
    context = {
        "namespace": namespace,
        "name": name,
        "tabs": repository_tabs(request, namespace, name),
        "builds": builds,
        "running": running,
        "ranges": [(key, label) for key, (label, _, _) in RANGES.items()],
        "range_key": range_key,
        "limit": limit,
        "poll_seconds": LIST_POLL_SECONDS,
        # Quay says per build whether the person may write; with no build, offer and let it say.
        "can_start": not builds or any(build.is_writer for build in builds),
    }
    return render_page(
        request,
        "builds/list.html",
        context,
        fragment="build-list",
        stop_polling=wants_fragment(request) and not running,
    )


def _recent_builds(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The repository overview's lazy part: the last few builds, one call."""
    builds = quay_client_for(request).list_repo_builds(namespace, name, limit=RECENT_BUILDS)
    context = {"namespace": namespace, "name": name, "builds": builds}
    return render(request, "builds/_recent.html", context)


# --- Starting a build ---------------------------------------------------------------------------


def _robots(request: HtmxHttpRequest, namespace: str, *, fresh: bool) -> tuple[list[str], str]:
    """The namespace's robots for the pull-robot choice, and a note when they can't be listed.
    The form's GET reads them; a form shown again after a mistake reuses that (briefly cached),
    so that checking the input costs no call."""
    key = f"builds-robots:{cache_scope(request)}:{namespace}"
    cached = None if fresh else cache.get(key)
    if cached is not None:
        return cached
    profile = current_profile(request)
    own = profile is not None and profile.username == namespace
    try:
        robots = quay_client_for(request).list_robots(namespace, is_organization=not own)
    except QuayAuthError:
        raise
    except (QuayPermissionDenied, QuayNotFound):
        result: tuple[list[str], str] = (
            [],
            "Quay does not let you list this namespace's robots: only its administrators may "
            "use them as pull credentials.",
        )
    except QuayError as exc:
        return [], f"The robots could not be listed: {exc.message}"
    else:
        result = (sorted(robot.name for robot in robots), "")
    cache.set(key, result, settings.QUAY_CACHE_SECONDS)
    return result


@require_http_methods(["GET", "POST"])
@login_required
def start_build(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    robots, robots_note = _robots(request, namespace, fresh=request.method == "GET")
    form = StartBuildForm(request.POST or None, robots=robots)
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                build = quay_client_for(request).request_repo_build(
                    namespace,
                    name,
                    archive_url=data["archive_url"],
                    docker_tags=data["tags"],
                    pull_robot=data["pull_robot"],
                    subdirectory=data["subdirectory"],
                    dockerfile_path=data["dockerfile_path"],
                    context=data["context"],
                )
            except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
                error = actions.refusal(exc)
                if isinstance(exc, QuayNotFound) and data["pull_robot"]:
                    error += " (Quay knows no such repository or pull robot.)"
                status = actions.status_of(exc)
            else:
                messages.success(request, f"Build {build.short_id} started: Quay queued it.")
                return redirect(reverse("builds:detail", args=[namespace, name, build.id]))
        else:
            status = 400
    context = {
        "namespace": namespace,
        "name": name,
        "tabs": repository_tabs(request, namespace, name),
        "form": form,
        "error": error,
        "robots_note": robots_note,
    }
    return render(request, "builds/start.html", context, status=status)


# --- One build ----------------------------------------------------------------------------------


def _parse_log_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def _poll_url(
    source: BuildSource,
    cursor: LogCursor,
    phase: str,
    count: int,
    last: bool = False,
    delay: int = LOG_POLL_MS,
) -> str:
    params: dict[str, Any] = {"start": cursor.start, "b": cursor.body, "phase": phase, "n": count}
    if delay != LOG_POLL_MS:
        params["d"] = delay
    if cursor.phase_body:
        params["pb"] = cursor.phase_body
    if last:
        params["last"] = "1"
    return f"{source.url('log')}?{urlencode(params)}"


def _read_log(client: QuayClient, log: BuildLog) -> BuildLogPage:
    if isinstance(log, ArchivedLog):
        return client.fetch_archived_log(log.url)
    return log


def _build_page(request: HtmxHttpRequest, source: BuildSource) -> HttpResponse:
    """The log is what the page is for: it is the one call before the first byte. The build's
    summary (phase, details, Cancel) is a lazy part, `?view=summary`, right after."""
    if request.GET.get("view") == SUMMARY_PART and wants_fragment(request):
        return _summary_part(request, source)
    client = quay_client_for(request)
    log = _attempt(lambda: source.logs(client, 0))
    if isinstance(log, Failed) and (
        isinstance(log.error, QuayNotFound)
        # The superuser endpoints answer 400 (InvalidResponse) for a build they cannot find.
        or (source.superuser and isinstance(log.error, QuayBadRequest))
    ):
        return _missing(request, source)
    archived = isinstance(log, ArchivedLog)
    if isinstance(log, ArchivedLog):
        archive = log
        log = _attempt(lambda: client.fetch_archived_log(archive.url))
    log_error = _log_refusal(log.error) if isinstance(log, Failed) else ""
    # A refusal is for good; anything else (Quay slow or down) is worth another try.
    retry = isinstance(log, Failed) and not isinstance(
        log.error, QuayPermissionDenied | QuayNotFound
    )
    page = log if isinstance(log, BuildLogPage) else BuildLogPage(0, 0, [])
    rendered = render_entries(page.entries, LogCursor())
    # Until the summary tells the build's own phase, the log's says whether to watch: a log
    # that has ended needs no poller. (The summary stops one the build's record says is over.)
    log_phase = rendered.phase or ""
    final = phase_is_final(log_phase)
    watching = not final and not (log_error and not retry)
    phase = log_phase or "waiting"
    summary_query: dict[str, Any] = {"view": SUMMARY_PART, "lp": log_phase}
    if page.entries:
        summary_query["ended"] = page.entries[-1].datetime
    if watching:
        cursor = rendered.cursor
        summary_query.update(start=cursor.start, b=cursor.body, pb=cursor.phase_body, watch="1")
    context = {
        "phase": phase,
        "final": final,
        "source": source,
        "superuser": source.superuser,
        "short_id": source.uuid.split("-", 1)[0],
        "namespace": source.namespace,
        "name": source.name,
        "summary_url": f"{source.url('detail')}?{urlencode(summary_query)}",
        "log_html": rendered.html_for(ROOT_ID),
        "entry_count": rendered.count,
        "log_error": log_error,
        "archived": archived,
        "poll_url": _poll_url(source, rendered.cursor, phase, 0) if watching else "",
        "trigger": f"load delay:{LOG_POLL_MS}ms",
        "download_url": source.url("download"),
    }
    if source.superuser:
        context.update({"tabs": SUPERUSER_TABS, "title": "Build lookup"})
    else:
        context["tabs"] = repository_tabs(request, source.namespace, source.name)
    return render(request, "builds/detail.html", context)


def _summary_part(request: HtmxHttpRequest, source: BuildSource) -> HttpResponse:
    """The build's summary, one call. What the page saw of the log comes along in the query:
    the phase it ended on (`lp`), its last entry's time (`ended`), and, while the page watches
    the log, where its poller stands, so that a build whose record has ended while its log
    says nothing of it gets one last read of the log and no more polls."""
    client = quay_client_for(request)
    found = _attempt(lambda: source.build(client))
    if isinstance(found, Failed):
        # Shown where the summary goes; the log above stays as it is.
        refusal = {"summary_error": found.error.message, "short_id": source.uuid.split("-")[0]}
        return render_page(request, "builds/detail.html", refusal, fragment=SUMMARY_PART)
    build = found
    log_phase = request.GET.get("lp", "")
    log_phase = log_phase if PHASE_PARAM.match(log_phase) else ""
    # One phase everywhere: the build's own, as the list shows it. Its log's phase entries can
    # run ahead of the record, or (a build Quay left waiting) say something else entirely; only
    # a log that has ended speaks for a record that has not caught up yet.
    log_ended = phase_is_final(log_phase)
    final = build.is_final or log_ended
    phase = log_phase if log_ended and not build.is_final else build.phase
    finished_at = _parse_log_time(request.GET.get("ended", "")) if final else None
    context: dict[str, Any] = {
        "build": build,
        "phase": phase,
        "final": final,
        "superuser": source.superuser,
        "finished_at": finished_at,
        "cancel_url": "" if source.superuser else source.url("cancel"),
        "repository_url": reverse(
            "builds:detail", args=[build.namespace, build.repository, build.id]
        )
        if source.superuser and build.namespace and build.repository
        else "",
        "last_poll_url": "",
    }
    if final and request.GET.get("watch") == "1":
        cursor = LogCursor.parse(
            request.GET.get("start"), request.GET.get("pb"), request.GET.get("b")
        )
        context["last_poll_url"] = _poll_url(source, cursor, phase, 0, last=True, delay=0)
    return render_page(request, "builds/detail.html", context, fragment=SUMMARY_PART)


def _missing(request: HtmxHttpRequest, source: BuildSource) -> HttpResponse:
    context: dict[str, Any] = {
        "uuid": source.uuid,
        "namespace": source.namespace,
        "name": source.name,
        "superuser": source.superuser,
    }
    if source.superuser:
        context.update(
            {
                "tabs": SUPERUSER_TABS,
                "title": "Build lookup",
                "error": f"Quay has no build {source.uuid}.",
                "value": source.uuid,
            }
        )
        return render(request, "builds/superuser_lookup.html", context, status=404)
    context["tabs"] = repository_tabs(request, source.namespace, source.name)
    return render(request, "builds/missing.html", context, status=404)


def _log_poll(request: HtmxHttpRequest, source: BuildSource) -> HttpResponse:
    if not wants_fragment(request):
        return redirect(source.url("detail"))
    cursor = LogCursor.parse(request.GET.get("start"), request.GET.get("pb"), request.GET.get("b"))
    phase = request.GET.get("phase", "")
    phase = phase if PHASE_PARAM.match(phase) else "waiting"
    count = whole_or(request.GET.get("n"), 0, maximum=10**9)
    last = request.GET.get("last") == "1"
    waited = request.GET.get("d", "")
    waited_ms = whole_or(waited, LOG_POLL_MS)
    client = quay_client_for(request)
    context: dict[str, Any] = {
        "source": source,
        "phase": phase,
        "phase_changed": False,
        "appends": [],
        "notice": "",
        "stopped": False,
        "superuser": source.superuser,
        "cancel_url": "" if source.superuser else source.url("cancel"),
    }
    next_last = False
    delay = LOG_POLL_MS
    if not last and count % STATUS_EVERY == STATUS_EVERY - 1:
        status = _attempt(lambda: source.status(client))
        if isinstance(status, Failed):
            context["notice"] = (
                f"Could not check the build's status: {status.error.message.rstrip('.')}. Retrying."
            )
        else:
            context["phase_changed"] = status.phase != phase
            phase = status.phase
            if status.is_final:
                # The log may still hold lines written before the end: one more read, at once.
                next_last, delay = True, 0
    else:
        result = _attempt(lambda: _read_log(client, source.logs(client, cursor.start)))
        if isinstance(result, Failed) and isinstance(
            result.error, QuayNotFound | QuayPermissionDenied
        ):
            context["notice"] = _log_refusal(result.error)
            context["stopped"] = True
        elif isinstance(result, Failed):
            context["notice"] = (
                f"Could not fetch new log lines: {result.error.message.rstrip('.')}. Retrying."
            )
        else:
            rendered = render_entries(result.after(cursor.start), cursor)
            context["appends"] = rendered.appends
            cursor = rendered.cursor
            if rendered.phase and rendered.phase != phase:
                context["phase_changed"], phase = True, rendered.phase
            if last or phase_is_final(phase):
                context["stopped"] = True
    if delay and not context["appends"] and not context["phase_changed"]:
        # Nothing new since the last poll: wait longer next time (see the module docstring).
        delay = min(max(waited_ms, LOG_POLL_MS) * 2, LOG_POLL_MAX_MS)
    context["phase"] = phase
    context["final"] = phase_is_final(phase)
    if not context["stopped"]:
        context["poll_url"] = _poll_url(source, cursor, phase, count + 1, next_last, delay)
        context["trigger"] = f"load delay:{delay}ms" if delay else "load"
    return render_page(request, "builds/_log_poll.html", context, stop_polling=context["stopped"])


def _download(request: HtmxHttpRequest, source: BuildSource) -> StreamingHttpResponse:
    client = quay_client_for(request)
    timestamps = request.GET.get("timestamps") == "1"
    entries = source.stream(client)
    # The first read happens here, so that a refusal is a proper error page, not a broken file.
    first = next(entries, None)

    def lines() -> Iterator[str]:
        batch: list[str] = []
        try:
            for line in text_lines(chain([first] if first else [], entries), timestamps=timestamps):
                batch.append(line)
                if len(batch) >= DOWNLOAD_BATCH:
                    yield "".join(batch)
                    batch.clear()
        except QuayError as exc:
            batch.append(f"\n[This log is incomplete: the download stopped. {exc.message}]\n")
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="build-{source.uuid}.log"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def build_detail(request: HtmxHttpRequest, namespace: str, name: str, uuid: str) -> HttpResponse:
    return _build_page(request, BuildSource(uuid, namespace, name))


@require_GET
@login_required
def build_log(request: HtmxHttpRequest, namespace: str, name: str, uuid: str) -> HttpResponse:
    return _log_poll(request, BuildSource(uuid, namespace, name))


@require_GET
@login_required
def build_log_download(
    request: HtmxHttpRequest, namespace: str, name: str, uuid: str
) -> StreamingHttpResponse:
    return _download(request, BuildSource(uuid, namespace, name))


@require_POST
@login_required
def cancel_build(request: HtmxHttpRequest, namespace: str, name: str, uuid: str) -> HttpResponse:
    actions.write(
        request,
        lambda: quay_client_for(request).cancel_repo_build(namespace, name, uuid),
        also=(QuayNotFound,),
        success=f"Build {uuid.split('-', 1)[0]} cancelled.",
        failed="The build was not cancelled.",
        destructive=True,
    )
    return actions.redirect_back(request, reverse("builds:detail", args=[namespace, name, uuid]))


# --- The superuser's lookup ---------------------------------------------------------------------


@require_GET
@login_required
@superuser_required
def superuser_lookup(request: HtmxHttpRequest) -> HttpResponse:
    value = request.GET.get("uuid", "")
    error = ""
    status = 200
    if "uuid" in request.GET:
        uuid = clean_build_uuid(value)
        if uuid:
            return redirect(reverse("builds:superuser_detail", args=[uuid]))
        error = "A build id looks like 1f0e4a52-7c1b-4b5e-9d3a-2e8f6c0b9a17."
        status = 400
    context = {"tabs": SUPERUSER_TABS, "title": "Build lookup", "value": value, "error": error}
    return render(request, "builds/superuser_lookup.html", context, status=status)


@require_GET
@login_required
@superuser_required
def superuser_build(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    return _build_page(request, BuildSource(uuid))


@require_GET
@login_required
@superuser_required
def superuser_build_log(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    return _log_poll(request, BuildSource(uuid))


@require_GET
@login_required
@superuser_required
def superuser_build_download(request: HtmxHttpRequest, uuid: str) -> StreamingHttpResponse:
    return _download(request, BuildSource(uuid))
