"""The security review: the tables from a hand-built snapshot, the background build over the
sandbox (progress, refusal, a failing repository, the cache), and the CSV exports."""

from __future__ import annotations

import csv
import io
import threading
import time
from typing import Any

import pytest
from django.test import Client

from dashboard.accounts.tokens import SIGN_IN_SESSION_KEY
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayUnavailable
from dashboard.security import review
from sandbox.api.security import add_security_organization
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import wait_for_poll

BUYNLARGE = "/organization/buynlarge/security/"


def api_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def finding(name: str, severity: str, package: str = "pkg", fixed: str = "") -> review.Finding:
    return review.Finding(name, severity, package, fixed, f"https://example.com/{name}")


def fixture() -> review.Snapshot:
    """acme: api:v2 has a critical; api:v1 two highs, one fixable; web:1 one high, fixable;
    web:2 queued; tools:x failed; legacy could not be listed."""
    crit = finding("CVE-1", "Critical", "openssl", "3.1")
    high = finding("CVE-2", "High", "glibc")
    high_fix = finding("CVE-3", "High", "zlib", "1.3")
    return review.Snapshot(
        namespace="acme",
        state="done",
        repositories=["api", "legacy", "tools", "web"],
        tags={
            "api": [
                review.TagEntry("v2", "sha256:a2", False, None),
                review.TagEntry("v1", "sha256:a1", False, None),
            ],
            "tools": [review.TagEntry("x", "sha256:t", False, None)],
            "web": [
                review.TagEntry("2", "sha256:w2", False, None),
                review.TagEntry("1", "sha256:w1", False, None),
            ],
        },
        scans={
            "sha256:a2": review.Scan("scanned", (crit, high)),
            "sha256:a1": review.Scan("scanned", (high, high_fix)),
            "sha256:w1": review.Scan("scanned", (high_fix, finding("=CMD", "Low", "=x"))),
            "sha256:w2": review.Scan("queued"),
            "sha256:t": review.Scan("failed"),
        },
        digests=5,
        failed={"legacy": "Quay had a problem (500): boom"},
    )


def tags_of(rows: list[review.Row]) -> list[str]:
    return [f"{row.repository}:{row.tag}" for row in rows]


def test_rows_come_worst_first() -> None:
    rows = review.rows(fixture(), review.Filters())
    # critical, then high count, then fixable; then a failed scan before a queued one.
    assert tags_of(rows) == ["api:v2", "api:v1", "web:1", "tools:x", "web:2"]


def test_rows_filter_by_severity_fixable_repository_and_status() -> None:
    snapshot = fixture()
    assert tags_of(review.rows(snapshot, review.Filters(severity="Critical"))) == ["api:v2"]
    assert tags_of(review.rows(snapshot, review.Filters(severity="High"))) == [
        "api:v2",
        "api:v1",
        "web:1",
    ]
    assert tags_of(review.rows(snapshot, review.Filters(fixable=True))) == [
        "api:v2",
        "api:v1",
        "web:1",
    ]
    fixable_high = review.Filters(severity="High", fixable=True)
    assert tags_of(review.rows(snapshot, fixable_high)) == ["api:v2", "api:v1", "web:1"]
    assert tags_of(review.rows(snapshot, review.Filters(repository="we"))) == ["web:1", "web:2"]
    assert tags_of(review.rows(snapshot, review.Filters(status="failed"))) == ["tools:x"]
    assert tags_of(review.rows(snapshot, review.Filters(status="queued"))) == ["web:2"]


def test_top_vulnerabilities_count_repositories_and_tags() -> None:
    snapshot = fixture()
    rows = review.rows(snapshot, review.Filters())
    top = review.top_vulnerabilities(rows, review.Filters())
    assert [a.name for a in top] == ["CVE-1", "CVE-3", "CVE-2", "=CMD"]
    cve3 = top[1]
    assert (len(cve3.repositories), len(cve3.tags), cve3.fixable) == (2, 2, True)
    assert cve3.package_names == "zlib" and cve3.fixed_versions == "1.3"
    cve2 = top[2]
    assert (len(cve2.repositories), len(cve2.tags), cve2.fixable) == (1, 2, False)
    fixable = review.top_vulnerabilities(rows, review.Filters(fixable=True))
    assert [a.name for a in fixable] == ["CVE-1", "CVE-3"]
    only_web = review.rows(snapshot, review.Filters(repository="web"))
    assert [a.name for a in review.top_vulnerabilities(only_web, review.Filters())] == [
        "CVE-3",
        "=CMD",
    ]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_rows_are_formula_safe_and_name_the_failed_repository() -> None:
    snapshot = fixture()
    rows = review.rows(snapshot, review.Filters())
    tags = read_csv("".join(review.stream_csv(review.tag_csv_rows(snapshot, rows))))
    assert tags[0] == list(review.TAGS_HEADER)
    assert tags[1] == ["api", "v2", "sha256:a2", "scanned", "1", "1", "0", "0", "0", "0", "1"]
    assert tags[-1][0] == "legacy" and tags[-1][3] == "error: Quay had a problem (500): boom"
    top = review.top_vulnerabilities(rows, review.Filters())
    vulns = read_csv("".join(review.stream_csv(review.vulnerability_csv_rows(top))))
    assert vulns[0] == list(review.VULNERABILITIES_HEADER)
    assert vulns[2] == ["CVE-3", "High", "zlib", "2", "2", "1.3", "https://example.com/CVE-3"]
    assert vulns[-1][:3] == ["'=CMD", "Low", "'=x"]


# --- Over the sandbox --------------------------------------------------------------------


def wait_for_review(client: Client, url: str) -> Any:
    return wait_for_poll(client, url, "security-review")


@pytest.mark.django_db
def test_the_review_of_an_organization_fills_in_then_stops_polling(
    devtable: Client, sandbox: SandboxServer
) -> None:
    first = devtable.get(BUYNLARGE)
    assert first.status_code == 200
    html = wait_for_review(devtable, BUYNLARGE).content.decode()
    assert "hx-trigger" not in html
    assert "2 repositories and 5 manifests reviewed" in html
    body = html.split('id="security-tags"', 1)[1]
    order = [body.index(f'data-tag="{tag}"') for tag in (
        "orgrepo:prod", "orgrepo:latest", "anotherorgrepo:latest", "anotherorgrepo:1.1",
    )]  # fmt: skip
    assert order == sorted(order)
    assert "queued" in body and "per platform" in body
    top = html.split('id="security-vulnerabilities"', 1)[1]
    assert '<a href="https://security-tracker.debian.org/tracker/CVE-2023-38545"' in top
    assert top.index("CVE-2023-38545") < top.index("CVE-2021-3712") < top.index("CVE-2018-25032")
    assert "no fix yet" in top.split('data-advisory="CVE-2021-33574"', 1)[1].split("</tr>")[0]


@pytest.mark.django_db
def test_a_review_in_progress_shows_how_far_it_got(
    devtable: Client, sandbox: SandboxServer
) -> None:
    building = review.Snapshot(namespace="buynlarge", repositories=["anotherorgrepo", "orgrepo"])
    building.tags["orgrepo"] = [review.TagEntry("prod", "sha256:p", False, None)]
    building.digests = 3
    building.scans["sha256:p"] = review.Scan("scanned")
    person = f"s-{devtable.session[SIGN_IN_SESSION_KEY]}"  # the sign-in's cache scope
    review.BACKGROUND.save(review.BACKGROUND.key(person, "buynlarge"), building)
    sandbox.clear_calls()
    html = devtable.get(BUYNLARGE).content.decode()
    assert api_calls(sandbox) == []
    assert 'hx-trigger="every 1s"' in html
    assert "Reading security: 1 of 3 manifests" in html
    assert '<progress max="5" value="2">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reader", "freshuser"])
def test_a_member_who_is_not_an_admin_is_told_why_without_a_call(
    who: str, request: pytest.FixtureRequest, sandbox: SandboxServer
) -> None:
    client: Client = request.getfixturevalue(who)
    sandbox.clear_calls()
    response = client.get(BUYNLARGE)
    assert response.status_code == 403
    assert b"only an administrator of the organization may run it" in response.content
    assert b"Export CSV" not in response.content and b"Refresh" not in response.content
    assert client.get(BUYNLARGE + "?format=csv").status_code == 403
    assert client.post(BUYNLARGE).status_code == 403
    assert api_calls(sandbox) == []
    # No tab leads there for them.
    overview = client.get("/organization/buynlarge/").content.decode()
    assert 'href="/organization/buynlarge/security/"' not in overview


@pytest.fixture
def anotherorgrepo_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quay fails to list the tags of buynlarge/anotherorgrepo, and only those."""
    original = QuayClient.list_newest_tags

    def failing(self: QuayClient, namespace: str, name: str, count: int) -> list[Any]:
        if name == "anotherorgrepo":
            raise QuayUnavailable("Quay had a problem (500): boom")
        return original(self, namespace, name, count)

    monkeypatch.setattr(QuayClient, "list_newest_tags", failing)


@pytest.mark.usefixtures("anotherorgrepo_fails")
def test_a_failing_repository_is_marked_and_the_rest_is_reviewed(
    sandbox: SandboxServer,
) -> None:
    client = QuayClient(sandbox.url, DEMO_TOKENS["devtable"])
    snapshot = review.build_now(client, "1", "buynlarge", 3)
    assert snapshot.state == "done"
    assert snapshot.failed == {"anotherorgrepo": "Quay had a problem (500): boom"}
    assert tags_of(review.rows(snapshot, review.Filters())) == ["orgrepo:prod", "orgrepo:latest"]


@pytest.mark.django_db
@pytest.mark.usefixtures("anotherorgrepo_fails")
def test_a_failing_repository_shows_on_the_page_and_in_the_export(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = wait_for_review(devtable, BUYNLARGE).content.decode()
    assert "1 repository could not be read" in html
    assert '<li data-failed="anotherorgrepo">anotherorgrepo: Quay had a problem (500): boom' in html
    exported = devtable.get(BUYNLARGE + "?format=csv&table=tags")
    lines = read_csv(b"".join(exported.streaming_content).decode())  # type: ignore[attr-defined]
    assert lines[-1][0] == "anotherorgrepo" and lines[-1][3].startswith("error:")


def test_calls_are_repositories_plus_distinct_digests_and_a_second_look_only_lists_tags(
    sandbox: SandboxServer,
) -> None:
    add_security_organization(sandbox.world, repositories=20, tags=3)
    client = QuayClient(sandbox.url, DEMO_TOKENS["devtable"])
    sandbox.clear_calls()
    first = review.build_now(client, "1", "secorp", 3)
    calls = api_calls(sandbox)
    assert len(review.rows(first, review.Filters())) == 60
    assert sum(c.endswith("/tag/") for c in calls) == 20
    assert sum(c.endswith("/security") for c in calls) == 60
    assert len(calls) == 1 + 20 + 60
    sandbox.clear_calls()
    again = review.build_now(client, "1", "secorp", 3)
    calls = api_calls(sandbox)
    assert len(calls) == 1 + 20 and not any(c.endswith("/security") for c in calls)
    assert review.rows(again, review.Filters()) == review.rows(first, review.Filters())


def test_a_digest_shared_by_two_repositories_is_read_once(sandbox: SandboxServer) -> None:
    add_security_organization(sandbox.world, repositories=2, tags=1)
    one = sandbox.world.repository("secorp", "app000")
    two = sandbox.world.repository("secorp", "app001")
    assert one is not None and two is not None
    digest = one.tags[0].manifest_digest
    two.manifests[digest] = one.manifests[digest]
    two.tags[0].manifest_digest = digest
    sandbox.clear_calls()
    snapshot = review.build_now(QuayClient(sandbox.url, DEMO_TOKENS["devtable"]), "1", "secorp", 3)
    assert sum(c.endswith("/security") for c in api_calls(sandbox)) == 1
    assert tags_of(review.rows(snapshot, review.Filters())) == ["app000:v1", "app001:v1"]


def test_reads_run_at_most_eight_at_a_time(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_security_organization(sandbox.world, repositories=30, tags=2)
    running = peak = 0
    lock = threading.Lock()
    original = QuayClient.get_repo_manifest_security

    def counted(self: QuayClient, namespace: str, name: str, digest: str) -> Any:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.01)
            return original(self, namespace, name, digest)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(QuayClient, "get_repo_manifest_security", counted)
    snapshot = review.build_now(QuayClient(sandbox.url, DEMO_TOKENS["devtable"]), "1", "secorp", 2)
    assert len(snapshot.scans) == 60
    assert 1 < peak <= review.POOL_SIZE


@pytest.mark.django_db
def test_the_depth_is_chosen_on_the_page(devtable: Client, sandbox: SandboxServer) -> None:
    html = wait_for_review(devtable, BUYNLARGE + "?n=1").content.decode()
    assert "2 repositories and 2 manifests reviewed" in html
    assert 'data-tag="anotherorgrepo:1.0"' not in html
    # Another depth rebuilds; a depth out of range is the default.
    html = wait_for_review(devtable, BUYNLARGE + "?n=99").content.decode()
    assert "2 repositories and 5 manifests reviewed" in html


@pytest.mark.django_db
def test_the_exports_stream_both_tables_with_the_filters(
    devtable: Client, sandbox: SandboxServer
) -> None:
    wait_for_review(devtable, BUYNLARGE)
    sandbox.clear_calls()
    tags = devtable.get(BUYNLARGE + "?format=csv&table=tags&fixable=1")
    assert tags.streaming  # type: ignore[attr-defined]
    assert tags["Content-Disposition"] == 'attachment; filename="buynlarge-security-tags.csv"'
    lines = read_csv(b"".join(tags.streaming_content).decode())  # type: ignore[attr-defined]
    assert [line[:2] for line in lines[1:]] == [["orgrepo", "prod"], ["orgrepo", "latest"]]
    assert api_calls(sandbox) == []  # from the review in the cache
    vulns = devtable.get(BUYNLARGE + "?format=csv&table=vulnerabilities&severity=Critical")
    lines = read_csv(b"".join(vulns.streaming_content).decode())  # type: ignore[attr-defined]
    assert lines[1:] == [
        [
            "CVE-2023-38545", "Critical", "curl", "1", "1", "7.64.0-4+deb10u7",
            "https://security-tracker.debian.org/tracker/CVE-2023-38545",
        ]
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_persons_own_namespace_has_a_review_with_every_status(
    devtable: Client, sandbox: SandboxServer
) -> None:
    assert b"Security of devtable" in devtable.get("/user/security/").content
    # complex lists multiarch fourth.
    html = wait_for_review(devtable, "/user/security/?n=4").content.decode()
    body = html.split('id="security-tags"', 1)[1]
    for status in ("scan failed", "queued", "per platform", "no vulnerabilities"):
        assert status in body
    assert body.index('data-tag="complex:prod"') < body.index('data-tag="complex:staging"')


def test_one_build_at_a_time_per_person_and_namespace(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[str] = []
    release = threading.Event()
    original = review.build

    def slow(client: QuayClient, user_id: int | str, snapshot: review.Snapshot, key: str) -> None:
        builds.append(snapshot.namespace)
        release.wait(5)
        original(client, user_id, snapshot, key)

    monkeypatch.setattr(review, "build", slow)
    client = QuayClient(sandbox.url, DEMO_TOKENS["devtable"])
    first = review.start(client, "1", "buynlarge", 3)
    again = review.start(client, "1", "buynlarge", 3)
    other_person = review.start(client, "2", "buynlarge", 3)
    assert again.build_id == first.build_id and not again.done
    assert other_person.build_id != first.build_id
    release.set()
    deadline = time.monotonic() + 10
    while not (review.load("1", "buynlarge") or first).done and time.monotonic() < deadline:
        time.sleep(0.05)
    assert builds == ["buynlarge", "buynlarge"]
    done = review.load("1", "buynlarge")
    assert done is not None and done.done and done.build_id == first.build_id


@pytest.mark.django_db
def test_a_namespace_without_tags_says_so(freshuser: Client, sandbox: SandboxServer) -> None:
    html = wait_for_review(freshuser, "/user/security/").content.decode()
    assert "No repository of freshuser has tags." in html
    assert "No vulnerability in the scanned manifests." in html
