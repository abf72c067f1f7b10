"""Data keyed by a manifest digest, cached per person and repository.

A digest names immutable content, so a manifest never changes and a finished security scan
changes only when the scanner's database does: both are kept for long. A scan still "queued" is
kept only briefly, so the page notices when it finishes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from dashboard.accounts.tokens import cache_scope
from dashboard.quay.client import QuayClient
from dashboard.quay.repositories import Manifest, SecurityReport

LONG_SECONDS = 24 * 3600
# A screenful of rows asks for at most a page of digests (100). Each is a small read Quay
# answers on its own, so they all go at once: the column costs about one upstream latency
# instead of one per eight digests (measured in benchmarks/README.md).
DIGEST_CONCURRENCY = 100


def _key(request: HttpRequest, kind: str, namespace: str, name: str, digest: str) -> str:
    return f"repo-{kind}:{cache_scope(request)}:{namespace}/{name}:{digest}"


def security_report(
    request: HttpRequest, client: QuayClient, namespace: str, name: str, digest: str
) -> SecurityReport:
    key = _key(request, "security", namespace, name, digest)
    cached: SecurityReport | None = cache.get(key)
    if cached is not None:
        return cached
    report = client.get_repo_manifest_security(namespace, name, digest)
    lifetime = LONG_SECONDS if report.status in ("scanned", "unsupported") else None
    cache.set(key, report, lifetime or settings.QUAY_CACHE_SECONDS)
    return report


def manifest(
    request: HttpRequest, client: QuayClient, namespace: str, name: str, digest: str
) -> Manifest:
    key = _key(request, "manifest", namespace, name, digest)
    cached: Manifest | None = cache.get(key)
    if cached is not None:
        return cached
    found = client.get_repo_manifest(namespace, name, digest)
    cache.set(key, found, LONG_SECONDS)
    return found


def forget_manifest(request: HttpRequest, namespace: str, name: str, digest: str) -> None:
    """Labels are not cached, but a manifest page's view of them must be fresh after a write."""
    cache.delete(_key(request, "manifest", namespace, name, digest))
