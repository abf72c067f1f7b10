"""The security review of a namespace, and the comparison of two manifests.

The review is an administrator's page: who may see it is decided from the session's profile
(organization admin, the person's own namespace, or a superuser) before any call, so a member
without admin rights reads why instead of a half-built table of Quay's refusals.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.accounts.tokens import cache_scope, current_profile, quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.concurrency import map_concurrently
from dashboard.quay.errors import (
    QuayAuthError,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
)
from dashboard.quay.repositories import SEVERITIES, Manifest, SecurityReport
from dashboard.repositories import security as digest_cache
from dashboard.web.access import reads_as_org_admin
from dashboard.web.htmx import HtmxHttpRequest, render_page, wants_fragment
from dashboard.web.nav import organization_tabs_for, repository_tabs

from . import compare, review

# --- The security review --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def organization_security(request: HtmxHttpRequest, org: str) -> HttpResponseBase:
    return _security_review(request, org, is_organization=True)


@require_http_methods(["GET", "POST"])
@login_required
def user_security(request: HtmxHttpRequest) -> HttpResponseBase:
    profile = current_profile(request)
    assert profile is not None  # login_required
    return _security_review(request, profile.username, is_organization=False)


def _may_review(request: HtmxHttpRequest, namespace: str) -> bool:
    profile = current_profile(request)
    if profile is not None and profile.username == namespace:
        return True
    return reads_as_org_admin(profile, namespace)


def _filters(request: HtmxHttpRequest) -> tuple[review.Filters, int]:
    severity = request.GET.get("severity", "")
    status = request.GET.get("status", "")
    try:
        depth = int(request.GET.get("n", review.DEFAULT_DEPTH))
    except ValueError:
        depth = review.DEFAULT_DEPTH
    filters = review.Filters(
        severity=severity if severity in SEVERITIES else "",
        fixable=request.GET.get("fixable") == "1",
        repository=request.GET.get("repository", "").strip()[:255],
        status=status if status in review.STATUSES else "",
    )
    return filters, depth if depth in review.DEPTHS else review.DEFAULT_DEPTH


def _query(filters: review.Filters, depth: int) -> str:
    params: dict[str, str | int] = {}
    if depth != review.DEFAULT_DEPTH:
        params["n"] = depth
    if filters.severity:
        params["severity"] = filters.severity
    if filters.fixable:
        params["fixable"] = "1"
    if filters.repository:
        params["repository"] = filters.repository
    if filters.status:
        params["status"] = filters.status
    return urlencode(params)


def _security_review(
    request: HtmxHttpRequest, namespace: str, *, is_organization: bool
) -> HttpResponseBase:
    filters, depth = _filters(request)
    query = _query(filters, depth)
    context: dict[str, Any] = {
        "namespace": namespace,
        "is_organization": is_organization,
        "org": namespace,
        "tabs": organization_tabs_for(request, namespace) if is_organization else [],
        "filters": filters,
        "depth": depth,
        "depths": review.DEPTHS,
        "severities": SEVERITIES,
        "statuses": review.STATUSES,
        "query": query,
    }
    if not _may_review(request, namespace):
        context["refusal"] = (
            f"The security review reads every repository of {namespace}: only an administrator "
            "of the organization may run it."
        )
        return render_page(
            request, "security/review.html", context, fragment="security-review", status=403
        )
    client = quay_client_for(request)
    person = cache_scope(request)
    if request.method == "POST":
        review.start(client, person, namespace, depth, force=True)
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
    table = request.GET.get("format") == "csv" and request.GET.get("table", "tags")
    if table in ("tags", "vulnerabilities"):
        return _review_csv(request, client, namespace, filters, depth, table)
    snapshot = review.start(client, person, namespace, depth)
    rows = review.rows(snapshot, filters)
    advisories = review.top_vulnerabilities(rows, filters)
    context.update(
        snapshot=snapshot,
        rows=rows,
        advisories=advisories[: review.TOP_VULNERABILITIES_SHOWN],
        advisory_count=len(advisories),
        polling=not snapshot.done or snapshot.depth != depth,
    )
    return render_page(
        request,
        "security/review.html",
        context,
        fragment="security-review",
        # The poll's own request (its element's id), once nothing is left to wait for.
        stop_polling=not context["polling"]
        and wants_fragment(request)
        and request.htmx.trigger == "security-review",
    )


def _review_csv(
    request: HtmxHttpRequest,
    client: QuayClient,
    namespace: str,
    filters: review.Filters,
    depth: int,
    table: str,
) -> StreamingHttpResponse:
    person = cache_scope(request)
    snapshot = None if request.GET.get("refresh") else review.load(person, namespace)
    if snapshot is None or not snapshot.done or snapshot.depth != depth:
        snapshot = review.build_now(client, person, namespace, depth)
    if snapshot.state == "refused":
        raise QuayPermissionDenied(snapshot.error)
    rows = review.rows(snapshot, filters)
    if table == "tags":
        lines = review.tag_csv_rows(snapshot, rows)
    else:
        lines = review.vulnerability_csv_rows(review.top_vulnerabilities(rows, filters))
    response = StreamingHttpResponse(
        review.stream_csv(lines), content_type="text/csv; charset=utf-8"
    )
    filename = f"{namespace}-security-{'tags' if table == 'tags' else 'vulnerabilities'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Compare two manifests ------------------------------------------------------------------


def _side_error(exc: BaseException, ref: compare.Reference, here: str) -> str:
    if isinstance(exc, QuayAuthError) or not isinstance(exc, QuayError):
        raise exc
    if isinstance(exc, QuayNotFound):
        what = f"tag {ref.tag}" if ref.tag and not ref.digest else "manifest"
        return f"Quay has no such {what} in {ref.repository}."
    if isinstance(exc, QuayPermissionDenied):
        return f"Quay said no: {exc.message}. You may not read {ref.repository}."
    raise exc


@require_GET
@login_required
def compare_manifests(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    here = f"{namespace}/{name}"
    from_text = request.GET.get("from", "").strip()
    to_text = request.GET.get("to", "").strip()
    picked = request.GET.getlist("ref")
    if not (from_text or to_text) and len(picked) == 2:
        # The tags page lists newest first: the lower row is the older one.
        to_text, from_text = picked
    context: dict[str, Any] = {
        "namespace": namespace,
        "name": name,
        "here": here,
        "tabs": repository_tabs(request, namespace, name, None),
        "active": "tags",
        "repository": None,
        "from_text": from_text,
        "to_text": to_text,
        "errors": {},
    }
    if picked and len(picked) != 2 and not (from_text or to_text):
        context["errors"]["from"] = "Select exactly two tags to compare."
        return render_page(request, "security/compare.html", context, status=400)
    if not from_text and not to_text:
        return render_page(request, "security/compare.html", context)
    refs: dict[str, compare.Reference] = {}
    for side, text in (("from", from_text), ("to", to_text)):
        ref = compare.parse_reference(text, namespace, name)
        if ref is None:
            context["errors"][side] = (
                "Give a tag, a digest (sha256:…), or namespace/repository:tag."
                if text
                else "Give what to compare."
            )
        else:
            refs[side] = ref
    if context["errors"]:
        return render_page(request, "security/compare.html", context, status=400)
    client = quay_client_for(request)
    refs = _resolve_tags(client, refs, context, here)
    if context["errors"]:
        return render_page(request, "security/compare.html", context, status=404)
    before, after = refs["from"], refs["to"]
    context.update(_compare(request, client, before, after, here, context["errors"]))
    status = 404 if context["errors"] else 200
    return render_page(request, "security/compare.html", context, status=status)


def _resolve_tags(
    client: QuayClient, refs: dict[str, compare.Reference], context: dict[str, Any], here: str
) -> dict[str, compare.Reference]:
    """A tag given without its digest costs one lookup; both sides look up at once."""
    unresolved = [side for side, ref in refs.items() if not ref.digest]

    def lookup(side: str) -> list[Any]:
        ref = refs[side]
        page = client.list_repo_tags(
            ref.namespace, ref.name, name_filter=ref.tag, exact=True, limit=1
        )
        return page.items

    results = map_concurrently(lookup, unresolved, return_exceptions=True)
    resolved = dict(refs)
    for side, result in zip(unresolved, results, strict=True):
        ref = refs[side]
        if isinstance(result, BaseException):
            context["errors"][side] = _side_error(result, ref, here)
        elif not result:
            context["errors"][side] = f"There is no tag {ref.tag} in {ref.repository}."
        else:
            resolved[side] = compare.Reference(
                ref.namespace, ref.name, ref.tag, result[0].manifest_digest
            )
    return resolved


def _compare(
    request: HtmxHttpRequest,
    client: QuayClient,
    before: compare.Reference,
    after: compare.Reference,
    here: str,
    errors: dict[str, str],
) -> dict[str, Any]:
    """Both manifests, both security reports and both label lists: six calls at once (the
    manifests and reports through the per-digest cache)."""
    sides = (("from", before), ("to", after))
    calls: list[Any] = []
    for _, ref in sides:
        ns, repo, digest = ref.namespace, ref.name, ref.digest
        calls += [
            lambda ns=ns, repo=repo, digest=digest: digest_cache.manifest(
                request, client, ns, repo, digest
            ),
            lambda ns=ns, repo=repo, digest=digest: digest_cache.security_report(
                request, client, ns, repo, digest
            ),
            lambda ns=ns, repo=repo, digest=digest: client.list_manifest_labels(ns, repo, digest),
        ]
    results = map_concurrently(lambda call: call(), calls, max_workers=6, return_exceptions=True)
    found: dict[str, tuple[Any, Any, Any]] = {}
    for index, (side, ref) in enumerate(sides):
        manifest, report, labels = results[index * 3 : index * 3 + 3]
        if isinstance(manifest, BaseException):
            errors[side] = _side_error(manifest, ref, here)
            continue
        for other in (report, labels):
            if isinstance(other, BaseException) and (
                isinstance(other, QuayAuthError) or not isinstance(other, QuayError)
            ):
                raise other
        found[side] = (manifest, report, labels)
    context: dict[str, Any] = {
        "before": before,
        "after": after,
        "before_label": before.label(here),
        "after_label": after.label(here),
        "swap_query": urlencode({"from": after.query(here), "to": before.query(here)}),
    }
    if errors:
        return context
    old_manifest, old_report, old_labels = found["from"]
    new_manifest, new_report, new_labels = found["to"]
    context.update(
        before_manifest=old_manifest,
        after_manifest=new_manifest,
        before_report=old_report,
        after_report=new_report,
        same=before.digest == after.digest,
    )
    if isinstance(old_labels, QuayError) or isinstance(new_labels, QuayError):
        bad = old_labels if isinstance(old_labels, QuayError) else new_labels
        context["labels_error"] = getattr(bad, "message", "")
    else:
        context["labels"] = compare.diff_labels(old_labels, new_labels)
    if old_manifest.is_manifest_list or new_manifest.is_manifest_list:
        context.update(_list_context(before, after, old_manifest, new_manifest, here))
        return context
    context["layers"] = compare.diff_layers(old_manifest, new_manifest)
    scanned = (
        isinstance(old_report, SecurityReport)
        and isinstance(new_report, SecurityReport)
        and old_report.scanned
        and new_report.scanned
    )
    if scanned:
        context["vulnerabilities"] = compare.diff_vulnerabilities(old_report, new_report)
        context["packages"] = compare.diff_packages(old_report.packages, new_report.packages)
    return context


def _list_context(
    before: compare.Reference,
    after: compare.Reference,
    old: Manifest,
    new: Manifest,
    here: str,
) -> dict[str, Any]:
    """A manifest list holds one image per platform: compare the platforms, and offer each
    platform's images to compare on their own."""

    def link(old_digest: str, new_digest: str) -> str:
        old_ref = compare.Reference(before.namespace, before.name, digest=old_digest)
        new_ref = compare.Reference(after.namespace, after.name, digest=new_digest)
        return "?" + urlencode({"from": old_ref.query(here), "to": new_ref.query(here)})

    if old.is_manifest_list and new.is_manifest_list:
        platforms = compare.diff_platforms(old, new)
        pairs = [(pair, link(pair.before.digest, pair.after.digest)) for pair in platforms.common]
        return {"platforms": platforms, "platform_links": pairs, "lists": True}
    # One list, one image: offer the image against each platform of the list.
    if old.is_manifest_list:
        choices = [(c.platform, link(c.digest, after.digest)) for c in old.children]
    else:
        choices = [(c.platform, link(before.digest, c.digest)) for c in new.children]
    return {"mixed": True, "mixed_links": choices}
