"""Data keyed by a manifest digest, cached per person and repository.

A digest names immutable content, so a manifest never changes and a finished security scan
changes only when the scanner's database does: both are kept for long. A scan still "queued"
takes minutes to finish, so it is kept for a few minutes (in the shared cache, for every
worker): a returning visit to a page of many tags asks Quay for no report again meanwhile. A
failed one is kept only briefly.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from dashboard.accounts.tokens import cache_scope
from dashboard.quay.client import QuayClient
from dashboard.quay.repositories import Manifest, SecurityReport
from dashboard.web.htmx import HtmxHttpRequest

LONG_SECONDS = 24 * 3600
# Long enough that a person coming back to the page within a scan's time pays no call; short
# enough that a finished scan shows within minutes.
QUEUED_SECONDS = 5 * 60
# A screenful of rows asks for at most a page of digests (100). Each is a small read Quay
# answers on its own, so they all go at once: the column costs about one upstream latency
# instead of one per eight digests (measured in benchmarks/README.md).
DIGEST_CONCURRENCY = 100


def _key(request: HtmxHttpRequest, kind: str, namespace: str, name: str, digest: str) -> str:
    return _scope_key(cache_scope(request), kind, namespace, name, digest)


def _scope_key(scope: str, kind: str, namespace: str, name: str, digest: str) -> str:
    return f"repo-{kind}:{scope}:{namespace}/{name}:{digest}"


def security_report(
    request: HtmxHttpRequest, client: QuayClient, namespace: str, name: str, digest: str
) -> SecurityReport:
    return scoped_security_report(cache_scope(request), client, namespace, name, digest)


def scoped_security_report(
    scope: str, client: QuayClient, namespace: str, name: str, digest: str
) -> SecurityReport:
    """The same cache for a build outside a request (the security review's thread), under the
    sign-in's `cache_scope`."""
    key = _scope_key(scope, "security", namespace, name, digest)
    cached: SecurityReport | None = cache.get(key)
    if cached is not None:
        return cached
    report = client.get_repo_manifest_security(namespace, name, digest)
    if report.status in ("scanned", "unsupported"):
        lifetime = LONG_SECONDS
    elif report.status == "queued":
        lifetime = QUEUED_SECONDS
    else:
        lifetime = settings.QUAY_CACHE_SECONDS
    cache.set(key, report, lifetime)
    return report


def manifest(
    request: HtmxHttpRequest, client: QuayClient, namespace: str, name: str, digest: str
) -> Manifest:
    key = _key(request, "manifest", namespace, name, digest)
    cached: Manifest | None = cache.get(key)
    if cached is not None:
        return cached
    found = client.get_repo_manifest(namespace, name, digest)
    cache.set(key, found, LONG_SECONDS)
    return found
