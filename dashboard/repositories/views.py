"""Repository list, overview, tags, tag history, manifests and settings.

Every page keeps to a small, fixed number of calls to Quay whatever the size of the repository:
the list shows Quay's first page and continues with `next_page`; the tags page asks Quay for one
page of tags, filtered on the server; what is keyed by a digest (security, platforms of a
manifest list) comes afterwards, in one fragment, from a per-digest cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.tokens import current_profile, quay_client_for, quay_host
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import gather, map_concurrently
from dashboard.quay.errors import (
    QuayAuthError,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
)
from dashboard.quay.repositories import SEVERITIES, Manifest, Repository, SecurityReport, Tag
from dashboard.web import actions, clock
from dashboard.web.converters import NamespaceConverter
from dashboard.web.formatting import human_size, short_digest, time_element
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.links import RowLinks
from dashboard.web.nav import known_repository, repository_tabs
from dashboard.web.numbers import one_of, whole_or
from dashboard.web.paging import numbered_pager
from dashboard.web.swr import stale_while_revalidate

from . import security
from .forms import (
    STATE_LABELS,
    BulkTagsForm,
    CreateRepositoryForm,
    DeleteRepositoryForm,
    DescriptionForm,
    ExpirationForm,
    LabelForm,
    StateForm,
    TagForm,
    VisibilityForm,
    is_digest,
)

PAGE_SIZES = (25, 50, 100)
# The overview shows the newest tags, one page of this many, read with the repository.
OVERVIEW_TAGS = 5
HISTORY_PAGE_SIZE = 50
MAX_PAGE = 100_000
TAG_FILTER = re.compile(r"^[A-Za-z0-9_.-]{0,128}$")
NAMESPACE = re.compile(rf"^{NamespaceConverter.regex}$")
# The list's two choices that are not a namespace: "~" never occurs in a namespace's name, so a
# user or organization called "starred" or "all" stays reachable.
STARRED = "~starred"
EVERYTHING = "~all"
# Quay's next_page tokens are opaque but short; anything huge is not one of them.
MAX_PAGE_TOKEN = 4096


# Who may change a repository, said with Quay's refusal.
WHY = "Your token or role does not allow this."

# --- Helpers -----------------------------------------------------------------------------------


def _int_param(
    request: HtmxHttpRequest, key: str, default: int, allowed: range | tuple[int, ...]
) -> int:
    value = whole_or(request.GET.get(key), default)
    return value if value in allowed else default


def _repo_context(
    request: HtmxHttpRequest, namespace: str, name: str, active: str, repository: Repository | None
) -> dict[str, Any]:
    return {
        "namespace": namespace,
        "name": name,
        "repository": repository,
        "tabs": repository_tabs(request, namespace, name, repository),
        "active": active,
    }


def _tags_url(namespace: str, name: str) -> str:
    return reverse("repositories:tags", args=[namespace, name])


# --- Repository list ---------------------------------------------------------------------------


@require_GET
@login_required
@stale_while_revalidate()
def repository_list(request: HtmxHttpRequest) -> HttpResponse:
    profile = current_profile(request)
    assert profile is not None  # login_required
    client = quay_client_for(request)
    namespaces = [profile.username, *sorted(org.name for org in profile.organizations)]
    scope = request.GET.get("namespace", "") or profile.username
    query = request.GET.get("q", "").strip()[:100]
    next_page = request.GET.get("next_page", "")[:MAX_PAGE_TOKEN] or None
    context: dict[str, Any] = {
        "namespaces": namespaces,
        "scope": scope,
        "query": query,
        "starred_scope": STARRED,
        "everything_scope": EVERYTHING,
    }
    if query:
        page_number = _int_param(request, "page", 1, range(1, MAX_PAGE))
        results = client.conduct_repo_search(query, page=page_number)
        context.update(
            search=results,
            more_url=(
                "?" + urlencode({"namespace": scope, "q": query, "page": results.next_page})
                if results.next_page
                else ""
            ),
        )
        appending = page_number > 1
    else:
        if scope not in (STARRED, EVERYTHING) and not NAMESPACE.match(scope):
            raise Http404("No such namespace")
        page = client.list_repos(
            namespace=scope if scope not in (STARRED, EVERYTHING) else None,
            starred=scope == STARRED,
            public=scope == EVERYTHING,
            next_page=next_page,
        )
        context.update(
            repositories=page.items,
            more_url=(
                "?" + urlencode({"namespace": scope, "next_page": page.next_page})
                if page.next_page
                else ""
            ),
        )
        appending = next_page is not None
    rows = "search-rows" if query else "repository-rows"
    fragment = rows if appending else "repository-results"
    return render_page(request, "repositories/list.html", context, fragment=fragment)


@require_POST
@login_required
def star(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    client = quay_client_for(request)
    starring = request.POST.get("star") == "1"
    outcome = actions.write(
        request,
        lambda: (client.create_star if starring else client.delete_star)(namespace, name),
        success=None,
        why=WHY,
    )
    starred = starring if outcome.done else not starring
    if wants_fragment(request):
        context = {"namespace": namespace, "name": name, "starred": starred}
        return render_page(request, "repositories/_star.html", context)
    return actions.redirect_back(request, reverse("repositories:list"))


@login_required
def create_repository(request: HtmxHttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    profile = current_profile(request)
    assert profile is not None
    creatable = (o.name for o in profile.organizations if o.can_create_repo or o.is_org_admin)
    namespaces = [profile.username, *sorted(creatable)]
    if request.method == "POST":
        form = CreateRepositoryForm(request.POST, namespaces=namespaces)
        outcome = actions.write(
            request,
            lambda data: quay_client_for(request).create_repo(
                data["namespace"], data["name"], data["visibility"], data["description"]
            ),
            form=form,
            at=lambda exc: "namespace" if isinstance(exc, QuayPermissionDenied) else "name",
            why=WHY,
            success=f"Created {request.POST.get('namespace')}/{request.POST.get('name')}.",
        )
        if outcome.done:
            data = form.cleaned_data
            return redirect("repositories:overview", data["namespace"], data["name"])
        status = outcome.status
    else:
        initial_ns = request.GET.get("namespace", profile.username)
        form = CreateRepositoryForm(
            namespaces=namespaces,
            initial={"namespace": initial_ns if initial_ns in namespaces else profile.username},
        )
        status = 200
    return render_page(request, "repositories/create.html", {"form": form}, status=status)


# --- Overview ----------------------------------------------------------------------------------


@require_GET
@login_required
def overview(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """Two calls, together: the repository with its activity, and the newest tags. Their
    security summaries and the last builds load as lazy parts right after."""
    client = quay_client_for(request)
    repository, latest = gather(
        lambda: client.get_repository(namespace, name, include_stats=True),
        lambda: client.list_repo_tags(namespace, name, page=1, limit=OVERVIEW_TAGS),
    )
    context = _repo_context(request, namespace, name, "overview", repository)
    context.update(
        pull_command=f"docker pull {quay_host()}/{namespace}/{name}",
        state_label=STATE_LABELS.get(repository.state, repository.state),
        latest_rows=_tag_rows(namespace, name, latest.items),
        more_tags=latest.next_page is not None,
        details_url=_details_url(namespace, name, latest.items),
    )
    return render_page(request, "repositories/overview.html", context)


# --- Tags --------------------------------------------------------------------------------------


@require_GET
@login_required
@stale_while_revalidate("namespace")
def tags(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    limit = one_of(request.GET.get("limit"), PAGE_SIZES, PAGE_SIZES[0])
    page_number = _int_param(request, "page", 1, range(1, MAX_PAGE))
    name_filter = request.GET.get("filter", "").strip()
    exact = request.GET.get("match") == "exact"
    context: dict[str, Any] = {
        "limit": limit,
        "page_sizes": PAGE_SIZES,
        "filter": name_filter,
        "exact": exact,
        "filter_error": "",
    }
    if not TAG_FILTER.match(name_filter):
        # Never sent to Quay: tag names hold only these characters anyway.
        context["filter_error"] = "Tag names hold only letters, digits, and _ . -"
        repository = quay_client_for(request).get_repository(namespace, name)
        tag_page = None
    else:
        client = quay_client_for(request)
        # The repository's details as the last page that read them kept them (any write to the
        # namespace drops them): then the tags are the one call before the first byte.
        known = known_repository(request, namespace, name)
        repository, tag_page = gather(
            (lambda: known) if known else (lambda: client.get_repository(namespace, name)),
            lambda: client.list_repo_tags(
                namespace,
                name,
                page=page_number,
                limit=limit,
                name_filter=name_filter,
                exact=exact,
            ),
        )
    context.update(_repo_context(request, namespace, name, "tags", repository))
    context["tag_page"] = tag_page
    if tag_page is not None:
        context["rows"] = _tag_rows(namespace, name, tag_page.items)
        base: dict[str, str | int] = {"limit": limit, "filter": name_filter}
        if exact:
            base["match"] = "exact"
        shown = len(tag_page.items)
        context["pager"] = numbered_pager(
            "Tag pages",
            "tags-table",
            reverse("repositories:tags", args=[namespace, name]),
            page=tag_page.page,
            has_next=tag_page.has_additional,
            query=base,
            position=f"Page {tag_page.page} · {shown} tag{pluralize(shown)}"
            + (", more follow" if tag_page.has_additional else ""),
        )
        context["details_url"] = _details_url(namespace, name, tag_page.items)
        context["here"] = request.get_full_path()
    return render_page(request, "repositories/tags.html", context, fragment="tags-table")


def _details_url(namespace: str, name: str, tags: list[Tag]) -> str:
    """The lazy cells of these tags (security of each image, platforms of each list), or ""."""
    image_digests = sorted({t.manifest_digest for t in tags if not t.is_manifest_list})
    list_digests = sorted({t.manifest_digest for t in tags if t.is_manifest_list})
    query = [("d", d) for d in image_digests] + [("l", d) for d in list_digests]
    if not query:
        return ""
    return reverse("repositories:tag_details", args=[namespace, name]) + "?" + urlencode(query)


@dataclass(frozen=True)
class TagRow:
    """What a row of the tags table shows, worked out once here: a page of 100 rows renders
    in a fraction of the time when the template only prints."""

    name: str
    digest: str
    short_digest: str
    hex: str
    is_manifest_list: bool
    size: str
    modified: str  # a <time> element (formatting.time_element), rendered once here
    expires: str
    manifest_url: str
    delete_url: str
    expiration_url: str
    immutable: bool = False


def _tag_rows(namespace: str, name: str, items: list[Tag]) -> list[TagRow]:
    repo = [namespace, name]
    manifest_url = RowLinks("repositories:manifest", repo, "sha256:" + "0" * 64)
    delete_url = RowLinks("repositories:delete_tag", repo, "sample-tag")
    expiration_url = RowLinks("repositories:tag_expiration", repo, "sample-tag")
    now = clock.now()
    rows = []
    for tag in items:
        rows.append(
            TagRow(
                name=tag.name,
                digest=tag.manifest_digest,
                short_digest=short_digest(tag.manifest_digest),
                hex=tag.manifest_digest.removeprefix("sha256:"),
                is_manifest_list=tag.is_manifest_list,
                size=human_size(tag.size) if tag.size is not None else "—",
                modified=time_element(tag.last_modified, now=now) if tag.last_modified else "",
                expires=time_element(tag.expiration, now=now) if tag.expiration else "",
                manifest_url=manifest_url(tag.manifest_digest),
                delete_url=delete_url(tag.name),
                expiration_url=expiration_url(tag.name),
                immutable=tag.immutable,
            )
        )
    return rows


@require_GET
@login_required
def tag_details(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The lazy cells of the tags table: a security summary per image digest, the platforms
    per manifest list. One call per distinct digest not yet cached, all concurrently."""
    image_digests = list(dict.fromkeys(request.GET.getlist("d")))[: PAGE_SIZES[-1]]
    list_digests = list(dict.fromkeys(request.GET.getlist("l")))[: PAGE_SIZES[-1]]
    if not all(is_digest(d) for d in image_digests + list_digests):
        raise Http404("Not a manifest digest")
    client = quay_client_for(request)
    jobs = [("security", d) for d in image_digests] + [("manifest", d) for d in list_digests]

    def fetch(job: tuple[str, str]) -> SecurityReport | Manifest:
        kind, digest = job
        if kind == "security":
            return security.security_report(request, client, namespace, name, digest)
        return security.manifest(request, client, namespace, name, digest)

    results = map_concurrently(
        fetch, jobs, max_workers=security.DIGEST_CONCURRENCY, return_exceptions=True
    )
    for result in results:
        # One digest Quay will not describe shows as unavailable; a revoked token ends the
        # session as anywhere else.
        if isinstance(result, BaseException) and (
            not isinstance(result, QuayError) or isinstance(result, QuayAuthError)
        ):
            raise result
    cells = [
        {"kind": kind, "digest": digest, "hex": digest.removeprefix("sha256:"), "result": result}
        for (kind, digest), result in zip(jobs, results, strict=True)
    ]
    context = _repo_context(request, namespace, name, "tags", None)
    context["cells"] = cells
    return render_page(request, "repositories/tag_details.html", context, fragment="tag-details")


def _tag_write(
    request: HtmxHttpRequest, action: str, call: Any, success: str, *, destructive: bool = False
) -> None:
    """A write from a row of a list: its refusal is one alert, since the row has no form."""
    actions.write(
        request,
        call,
        success=success,
        why=WHY,
        also=(QuayNotFound,),
        failed=f"Could not {action}.",
        destructive=destructive,
    )


@require_POST
@login_required
def add_tag(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed: {actions.form_errors(form)}")
    else:
        tag, digest = form.cleaned_data["tag"], form.cleaned_data["digest"]
        client = quay_client_for(request)
        _tag_write(
            request,
            f"point {tag} at {digest[:19]}",
            lambda: client.change_tag(namespace, name, tag, digest),
            f"Tag {tag} now points at {digest[:19]}…",
        )
    return actions.redirect_back(request, _tags_url(namespace, name))


@require_http_methods(["GET", "POST"])
@login_required
def tag_expiration(request: HtmxHttpRequest, namespace: str, name: str, tag: str) -> HttpResponse:
    """A small page to set or clear one tag's expiration (the form posts back here)."""
    client = quay_client_for(request)
    form = ExpirationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":

        def done(_: None) -> str:
            when: int | None = form.cleaned_data["timestamp"]
            if when:
                return (
                    f"Tag {tag} expires on {datetime.fromtimestamp(when, UTC):%Y-%m-%d %H:%M} UTC."
                )
            return f"Tag {tag} no longer expires."

        outcome = actions.write(
            request,
            lambda data: client.change_tag_expiration(namespace, name, tag, data["timestamp"]),
            form=form,
            at="expiration",
            why=WHY,
            also=(QuayNotFound,),
            success=done,
        )
        if outcome.done:
            return actions.redirect_back(request, _tags_url(namespace, name))
        status = outcome.status
    repository, found = gather(
        lambda: client.get_repository(namespace, name),
        lambda: client.list_repo_tags(namespace, name, name_filter=tag, exact=True, limit=1),
    )
    if not found.items:
        raise Http404("No such tag")
    context = _repo_context(request, namespace, name, "tags", repository)
    context.update(
        tag=found.items[0],
        form=form,
        next=actions.back(request, _tags_url(namespace, name)),
    )
    return render_page(request, "repositories/expiration.html", context, status=status)


@require_POST
@login_required
def delete_tag(request: HtmxHttpRequest, namespace: str, name: str, tag: str) -> HttpResponse:
    client = quay_client_for(request)
    _tag_write(
        request,
        f"delete {tag}",
        lambda: client.delete_full_tag(namespace, name, tag),
        f"Deleted tag {tag}.",
        destructive=True,
    )
    return actions.redirect_back(request, _tags_url(namespace, name))


@require_POST
@login_required
def bulk_tags(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    form = BulkTagsForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed: {actions.form_errors(form)}")
        return actions.redirect_back(request, _tags_url(namespace, name))
    # Many writes at once, outside `actions.write`: the form counts once all the same.
    if not actions.consume_form_token(request):
        return actions.repeated(request, _tags_url(namespace, name))
    client = quay_client_for(request)
    deleting = form.cleaned_data["action"] == "delete"
    when: int | None = None if deleting else form.cleaned_data.get("timestamp")

    def apply(tag: str) -> None:
        if deleting:
            client.delete_full_tag(namespace, name, tag)
        else:
            client.change_tag_expiration(namespace, name, tag, when)

    results = map_concurrently(apply, form.tags, return_exceptions=True)
    failures = [(tag, r) for tag, r in zip(form.tags, results, strict=True) if r is not None]
    for _, result in failures:
        if not isinstance(result, QuayError):
            raise result
    verb = "deleted" if deleting else "updated"
    report = f"{len(form.tags)} selected, {len(form.tags) - len(failures)} {verb}"
    if failures:
        reasons = "; ".join(f"{tag}: {getattr(exc, 'message', exc)}" for tag, exc in failures)
        messages.error(request, f"{report}, {len(failures)} failed: {reasons}")
    else:
        messages.success(request, report + ".")
    return actions.redirect_back(request, _tags_url(namespace, name))


@require_GET
@login_required
def tag_history(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    page_number = _int_param(request, "page", 1, range(1, MAX_PAGE))
    client = quay_client_for(request)
    repository, history = gather(
        lambda: client.get_repository(namespace, name),
        lambda: client.list_repo_tags(
            namespace, name, page=page_number, limit=HISTORY_PAGE_SIZE, only_active=False
        ),
    )
    context = _repo_context(request, namespace, name, "tags", repository)
    now = clock.timestamp()
    context.update(
        history=history,
        now=now,
        pager=numbered_pager(
            "History pages",
            "history-table",
            reverse("repositories:tag_history", args=[namespace, name]),
            page=history.page,
            has_next=history.has_additional,
            previous_text="← Newer",
            next_text="Older →",
            position=f"Page {history.page}",
        ),
        here=request.get_full_path(),
    )
    return render_page(request, "repositories/history.html", context, fragment="history-table")


def _history_write(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    nothing: str,
    action: str,
    call: Callable[[QuayClient, str], Any],
    success: Callable[[str], str],
    *,
    destructive: bool = False,
) -> HttpResponse:
    """A button of the tag history on one of a tag's past manifests (restore the tag to it,
    delete it from the time machine): the posted digest checked first (`nothing`: what did not
    happen when it is not one), then the write on it, and back to the history."""
    digest = request.POST.get("digest", "")
    history_url = reverse("repositories:tag_history", args=[namespace, name])
    if not is_digest(digest):
        messages.error(request, f"{nothing}: not a manifest digest.")
        return actions.redirect_back(request, history_url)
    client = quay_client_for(request)
    _tag_write(
        request, action, lambda: call(client, digest), success(digest), destructive=destructive
    )
    return actions.redirect_back(request, history_url)


@require_POST
@login_required
def restore_tag(request: HtmxHttpRequest, namespace: str, name: str, tag: str) -> HttpResponse:
    return _history_write(
        request, namespace, name, "Nothing was restored", f"restore {tag}",
        lambda client, digest: client.restore_tag(namespace, name, tag, digest),
        lambda digest: f"Restored tag {tag} to {digest[:19]}…",
    )  # fmt: skip


# --- Manifest ----------------------------------------------------------------------------------


def _security_context(request: HtmxHttpRequest, report: SecurityReport | None) -> dict[str, Any]:
    severity = request.GET.get("severity", "")
    severity = severity if severity in SEVERITIES else ""
    fixable = request.GET.get("fixable") == "1"
    shown = []
    if report is not None:
        shown = [
            v
            for v in report.vulnerabilities
            if (not severity or v.severity == severity) and (not fixable or v.fixable)
        ]
    return {
        "report": report,
        "vulnerabilities": shown,
        "severity": severity,
        "fixable": fixable,
        "severities": SEVERITIES,
    }


@require_GET
@login_required
def manifest(request: HtmxHttpRequest, namespace: str, name: str, digest: str) -> HttpResponse:
    client = quay_client_for(request)
    if wants_fragment(request) and request.htmx.target == "security-report":
        # Filtering the report: it comes from the cache, nothing else is needed.
        report = security.security_report(request, client, namespace, name, digest)
        context: dict[str, Any] = {"namespace": namespace, "name": name, "digest": digest}
        context.update(_security_context(request, report))
        return render_page(
            request, "repositories/manifest.html", context, fragment="security-report"
        )
    return _manifest_page(request, namespace, name, digest, LabelForm())


def _manifest_page(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    digest: str,
    label_form: LabelForm,
    status: int = 200,
) -> HttpResponse:
    client = quay_client_for(request)
    repository, found, labels, report = gather(
        lambda: client.get_repository(namespace, name),
        lambda: security.manifest(request, client, namespace, name, digest),
        lambda: client.list_manifest_labels(namespace, name, digest),
        lambda: security.security_report(request, client, namespace, name, digest),
    )
    context = _repo_context(request, namespace, name, "tags", repository)
    context.update(
        digest=digest,
        manifest=found,
        labels=labels,
        label_form=label_form,
        pull_command=f"docker pull {quay_host()}/{namespace}/{name}@{digest}",
        here=request.get_full_path(),
    )
    context.update(_security_context(request, report))
    return render_page(request, "repositories/manifest.html", context, status=status)


@require_POST
@login_required
def add_label(request: HtmxHttpRequest, namespace: str, name: str, digest: str) -> HttpResponse:
    form = LabelForm(request.POST)
    outcome = actions.write(
        request,
        lambda data: quay_client_for(request).add_manifest_label(
            namespace, name, digest, data["key"], data["value"], data["media_type"]
        ),
        form=form,
        at="key",
        why=WHY,
        also=(QuayNotFound,),
        success=lambda _: f"Added label {form.cleaned_data['key']}.",
    )
    if outcome.done:
        return redirect("repositories:manifest", namespace, name, digest)
    return _manifest_page(request, namespace, name, digest, form, status=outcome.status)


@require_POST
@login_required
def delete_label(
    request: HtmxHttpRequest, namespace: str, name: str, digest: str, label_id: Any
) -> HttpResponse:
    client = quay_client_for(request)
    _tag_write(
        request,
        "delete the label",
        lambda: client.delete_manifest_label(namespace, name, digest, str(label_id)),
        "Deleted the label.",
        destructive=True,
    )
    return redirect(reverse("repositories:manifest", args=[namespace, name, digest]))


# --- Settings ----------------------------------------------------------------------------------


def _settings_page(
    request: HtmxHttpRequest,
    namespace: str,
    name: str,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    repository = quay_client_for(request).get_repository(namespace, name)
    context = _repo_context(request, namespace, name, "settings", repository)
    full_name = f"{namespace}/{name}"
    context.update(
        description_form=DescriptionForm(initial={"description": repository.description}),
        visibility_form=VisibilityForm(
            initial={"visibility": "public" if repository.is_public else "private"}
        ),
        state_form=StateForm(initial={"state": repository.state}),
        delete_form=DeleteRepositoryForm(expected=full_name),
        full_name=full_name,
        state_label=STATE_LABELS.get(repository.state, repository.state),
    )
    context.update(forms or {})
    # For a person without admin rights the forms are hidden; Quay's refusal still shows.
    context["refusals"] = [
        str(error)
        for form in (forms or {}).values()
        for errors in form.errors.values()
        for error in errors
    ]
    return render_page(request, "repositories/settings.html", context, status=status)


@require_GET
@login_required
def repository_settings(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    return _settings_page(request, namespace, name)


def _settings_form(
    form_class: type[Form],
    field: str,
    call: Callable[[QuayClient, str, str, Any], Any],
    success: str,
) -> Callable[..., HttpResponseBase]:
    """The view of one of the settings page's one-field forms (description, visibility, state):
    they differ only in the form, the client call and the message. Quay's refusal lands at the
    field; a rejected form is shown again on the page as `<field>_form`."""

    @require_POST
    @login_required
    def view(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
        client = quay_client_for(request)
        form = form_class(request.POST)
        outcome = actions.write(
            request,
            lambda data: call(client, namespace, name, data[field]),
            form=form,
            at=field,
            why=WHY,
            success=success,
        )
        if outcome.done:
            return redirect("repositories:settings", namespace, name)
        shown = {f"{field}_form": form}
        return _settings_page(request, namespace, name, shown, status=outcome.status)

    return view


settings_description = _settings_form(
    DescriptionForm, "description",
    lambda client, namespace, name, description: client.update_repo(namespace, name, description),
    "Saved the description.",
)  # fmt: skip
settings_visibility = _settings_form(
    VisibilityForm, "visibility",
    lambda client, namespace, name, visibility: client.change_repo_visibility(
        namespace, name, visibility
    ),
    "Changed the visibility.",
)  # fmt: skip
settings_state = _settings_form(
    StateForm, "state",
    lambda client, namespace, name, state: client.change_repo_state(namespace, name, state),
    "Changed the state.",
)  # fmt: skip


@require_POST
@login_required
def settings_delete(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    client = quay_client_for(request)
    full_name = f"{namespace}/{name}"
    form = DeleteRepositoryForm(request.POST, expected=full_name)
    if form.is_valid() and not actions.consume_form_token(request):
        return actions.repeated(request, reverse("repositories:settings", args=[namespace, name]))
    outcome = actions.write(
        request,
        lambda _: client.delete_repository(namespace, name),
        form=form,
        at="confirm",
        why=WHY,
        success=f"Deleted {full_name}.",
        destructive=True,
    )
    if outcome.done:
        return redirect(reverse("repositories:list") + "?" + urlencode({"namespace": namespace}))
    return _settings_page(request, namespace, name, {"delete_form": form}, status=outcome.status)


@require_POST
@login_required
def markdown_preview(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The description as it will show, rendered here: no call to Quay."""
    context = {"text": request.POST.get("description", "")[:100_000]}
    return render_page(request, "repositories/_preview.html", context)
