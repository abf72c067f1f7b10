"""The repository pages against the sandbox: full pages, fragments, and what each costs."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from dashboard.quay.client import QuayClient
from sandbox.api.repositories import add_huge_repository, huge_tag_digest
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.conftest import htmx

pytestmark = pytest.mark.django_db

SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"
COMPLEX_PROD = "sha256:54c73336c2863b7289c30cf52beff2f50c8dcb7445202f8e820310d44b93152f"
COMPLEX_STAGING = "sha256:561190c0579ddb763acf1db0ac601f1707a36c00d26c533c4b5ec5a8db8e2618"
COMPLEX_V2 = "sha256:8afb93fe19fb4bd827f6c32d54f9c3ced0d273b7c4bf8b7454ce8948cdb4b8c5"


def api_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def details_url(html: str) -> str:
    found = re.search(r'hx-get="([^"]*/tags/details/[^"]*)"', html)
    assert found, "the tags table loads its lazy cells"
    return unescape(found.group(1))


# --- Repository list -------------------------------------------------------------------------


def test_the_list_shows_the_persons_namespace_with_sizes_and_stars(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/").content.decode()
    assert api_calls(sandbox) == ["GET /api/v1/repository"]
    assert 'href="/repository/devtable/simple/"' in html
    assert "buynlarge/orgrepo" not in html
    assert "943 B" in html  # superwide's quota report
    assert 'aria-label="Unstar devtable/simple"' in html
    assert 'aria-label="Star devtable/complex"' in html
    assert '<option value="buynlarge">buynlarge</option>' in html


def test_the_namespace_filter_lists_an_organization(devtable: Client) -> None:
    html = devtable.get("/repository/?namespace=buynlarge").content.decode()
    assert "orgrepo" in html and "anotherorgrepo" in html and "devtable/simple" not in html


def test_the_first_page_renders_at_once_and_load_more_appends_the_next(
    devtable: Client, sandbox: SandboxServer
) -> None:
    for i in range(120):
        add_huge_repository(sandbox.world, "devtable", f"many{i:03d}", tags=0)
    sandbox.clear_calls()
    page = devtable.get("/repository/").content.decode()
    assert len(api_calls(sandbox)) == 1
    assert page.count('class="star-cell"') == 100
    more = re.search(r'hx-get="(\?namespace=devtable&amp;next_page=[^"]+)"', page)
    assert more and 'hx-trigger="click, revealed"' in page
    rows = htmx(devtable, "/repository/" + unescape(more.group(1))).content.decode()
    assert rows.lstrip().startswith("<tr>")
    assert rows.count('class="star-cell"') == 32  # 12 seeded + 120 added - 100 shown
    assert "many119" in rows and "<html" not in rows and "load-more-row" not in rows


def test_a_namespace_filter_fragment_replaces_the_results(devtable: Client) -> None:
    fragment = htmx(devtable, "/repository/?namespace=~starred").content.decode()
    assert fragment.lstrip().startswith('<section id="repository-results"')
    assert "devtable/</span><strong>simple" in fragment
    assert "complex" not in fragment


def test_all_you_can_see_spans_namespaces(reader: Client) -> None:
    html = reader.get("/repository/?namespace=~all").content.decode()
    assert "buynlarge/</span><strong>orgrepo" in html
    assert "public/</span><strong>publicrepo" in html
    assert "devtable/</span><strong>simple" not in html


def test_search_uses_quays_repository_search(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/?q=orgrep").content.decode()
    assert api_calls(sandbox) == ["GET /api/v1/find/repositories"]
    assert 'href="/repository/buynlarge/orgrepo/"' in html
    assert (
        "No repository you can see matches" in devtable.get("/repository/?q=zzz").content.decode()
    )


def test_a_search_says_what_it_searched_and_offers_to_clear_it(devtable: Client) -> None:
    answer = htmx(devtable, "/repository/?namespace=buynlarge&q=simple").content.decode()
    assert answer.lstrip().startswith('<section id="repository-results"')
    assert "Search results for “simple”" in answer
    assert "in every repository you can see, whatever the namespace" in answer
    assert "In buynlarge" not in answer
    assert 'href="/repository/?namespace=buynlarge">Clear search</a>' in answer.replace(
        ' hx-get="/repository/?namespace=buynlarge" hx-target="#repository-results"'
        ' hx-swap="outerHTML" hx-push-url="true"',
        "",
    )
    # Reloaded, the namespace menu stays where the person left it.
    page = devtable.get("/repository/?namespace=buynlarge&q=simple").content.decode()
    assert '<option value="buynlarge" selected>' in page
    listed = htmx(devtable, "/repository/?namespace=buynlarge").content.decode()
    assert "In buynlarge" in listed and "Clear search" not in listed


def test_a_malformed_namespace_filter_is_a_404_without_a_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    assert devtable.get("/repository/?namespace=..%2Fadmin").status_code == 404
    assert api_calls(sandbox) == []


# --- Overview --------------------------------------------------------------------------------


def test_the_overview_shows_description_pull_command_and_activity(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/simple/").content.decode()
    # Two calls before the first byte: the repository with its stats, one page of tags.
    assert sorted(api_calls(sandbox)) == [
        "GET /api/v1/repository/devtable/simple",
        "GET /api/v1/repository/devtable/simple/tag/",
    ]
    assert "includeStats=true" in next(c.query for c in sandbox.calls if c.path.endswith("simple"))
    assert "Simple repository." in html
    assert f"docker pull 127.0.0.1:{sandbox.port}/devtable/simple" in html
    assert 'href="/repository/devtable/simple/settings/"' in html


def test_the_overview_counts_the_pulls_and_pushes_quay_reports(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = devtable.get("/repository/buynlarge/orgrepo/").content.decode()
    total = sum(
        day.count
        for day in QuayClient(sandbox.url, DEMO_TOKENS["devtable"])
        .get_repository("buynlarge", "orgrepo", include_stats=True)
        .stats
    )
    assert total > 0
    assert (
        f'<span class="stat">{total}</span> <span class="stat-label">pulls and pushes</span>'
        in (html)
    )
    assert "0 actions" not in html


def test_the_overview_shows_the_latest_tags_and_loads_their_security_and_the_builds(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = devtable.get("/repository/devtable/superwide/").content.decode()
    names = re.findall(r'<th scope="row"><a href="[^"]+">(v\d+)</a>', html)
    assert names == ["v000", "v001", "v002", "v003", "v004"]  # newest first, one page of five
    assert "Every tag" in html
    assert re.search(
        r'class="lazy-loader" hx-get="/repository/devtable/superwide/tags/details/', html
    )
    assert 'hx-get="/repository/buynlarge/orgrepo/builds/?view=recent"' not in html
    assert 'hx-get="/repository/devtable/superwide/builds/?view=recent"' in html

    sandbox.clear_calls()
    recent = htmx(devtable, "/repository/buynlarge/orgrepo/builds/?view=recent").content.decode()
    assert api_calls(sandbox) == ["GET /api/v1/repository/buynlarge/orgrepo/build/"]
    assert recent.count("<li>") == 3
    assert 'href="/repository/buynlarge/orgrepo/builds/' in recent


def test_a_reader_is_not_offered_the_admin_tabs(reader: Client) -> None:
    html = reader.get("/repository/buynlarge/orgrepo/").content.decode()
    assert reader.get("/repository/buynlarge/orgrepo/").status_code == 200
    assert 'href="/repository/buynlarge/orgrepo/tags/"' in html
    assert 'href="/repository/buynlarge/orgrepo/settings/"' not in html
    assert 'href="/repository/buynlarge/orgrepo/permissions/"' not in html


def test_a_description_is_rendered_as_sanitized_markdown(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.world.repositories[
        ("devtable", "simple")
    ].description = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    html = devtable.get("/repository/devtable/simple/").content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html


# --- Tags ------------------------------------------------------------------------------------


def test_the_tags_page_costs_two_calls_and_shows_multi_arch_tags(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/complex/tags/").content.decode()
    assert sorted(api_calls(sandbox)) == [
        "GET /api/v1/repository/devtable/complex",
        "GET /api/v1/repository/devtable/complex/tag/",
    ]
    assert "includeTags=false" in next(c.query for c in sandbox.calls if c.path.endswith("complex"))
    assert '<th scope="row" class="tag-name">prod</th>' in html
    assert "multi-arch" in html
    assert "207 B" in html
    assert f'href="/repository/devtable/complex/manifest/{COMPLEX_PROD}/"' in html


def test_a_repository_of_ten_thousand_tags_costs_the_same_two_calls(
    devtable: Client, sandbox: SandboxServer
) -> None:
    add_huge_repository(sandbox.world, "devtable", "huge", tags=10_000)
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/huge/tags/?limit=100&page=3").content.decode()
    assert len(api_calls(sandbox)) == 2
    tag_call = next(c for c in sandbox.calls if c.path.endswith("/tag/"))
    assert "limit=100" in tag_call.query and "page=3" in tag_call.query
    assert html.count('class="tag-name"') == 100
    assert ">t00200<" in html and ">t00299<" in html and ">t00300<" not in html
    assert 'href="?limit=100&amp;filter=&amp;page=4"' in html
    assert 'href="?limit=100&amp;filter=&amp;page=2"' in html


def test_tags_are_filtered_on_the_server(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/superwide/tags/?filter=v14").content.decode()
    tag_call = next(c for c in sandbox.calls if c.path.endswith("/tag/"))
    assert "filter_tag_name=like%3Av14" in tag_call.query
    assert html.count('class="tag-name"') == 10
    exact = devtable.get("/repository/devtable/superwide/tags/?filter=v140&match=exact")
    assert exact.content.decode().count('class="tag-name"') == 1


def test_a_page_size_outside_the_choices_falls_back_to_25(devtable: Client) -> None:
    html = devtable.get("/repository/devtable/superwide/tags/?limit=5000").content.decode()
    assert html.count('class="tag-name"') == 25


def test_the_tags_fragment_is_only_the_table(devtable: Client) -> None:
    fragment = htmx(devtable, "/repository/devtable/superwide/tags/?page=2").content.decode()
    assert fragment.lstrip().startswith('<section id="tags-table"')
    assert "<html" not in fragment and ">v025<" in fragment


def test_a_bad_filter_is_refused_before_it_reaches_quay(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/simple/tags/?filter=a%2F..%2Fb").content.decode()
    assert "Tag names hold only letters" in html
    assert not any(c.path.endswith("/tag/") for c in sandbox.calls)


def test_security_summaries_come_in_one_fragment_with_every_status(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = devtable.get("/repository/devtable/complex/tags/").content.decode()
    sandbox.clear_calls()
    fragment = htmx(devtable, details_url(page)).content.decode()
    calls = api_calls(sandbox)
    assert len(calls) == 4  # three image digests, one manifest list
    assert sum(call.endswith("/security") for call in calls) == 3
    assert f'hx-swap-oob="innerHTML:.sec-{COMPLEX_PROD[7:]}"' in fragment
    assert "1 Critical" in fragment and "2 High" in fragment
    assert "scan failed" in fragment
    assert "no vulnerabilities" in fragment
    assert "linux/amd64, linux/arm64/v8, linux/arm/v7" in fragment
    simple = devtable.get("/repository/devtable/simple/tags/").content.decode()
    assert "queued" in htmx(devtable, details_url(simple)).content.decode()


def test_security_summaries_are_cached_by_digest(devtable: Client, sandbox: SandboxServer) -> None:
    page = devtable.get("/repository/devtable/complex/tags/").content.decode()
    htmx(devtable, details_url(page))
    sandbox.clear_calls()
    again = htmx(devtable, details_url(page)).content.decode()
    assert api_calls(sandbox) == []
    assert "1 Critical" in again


def test_security_for_a_hundred_rows_is_one_call_per_distinct_digest(
    devtable: Client, sandbox: SandboxServer
) -> None:
    add_huge_repository(sandbox.world, "devtable", "huge", tags=10_000)
    digests = [huge_tag_digest("devtable", "huge", i) for i in range(100)]
    url = "/repository/devtable/huge/tags/details/?" + "&".join(
        f"d={d}" for d in digests + digests[:10]
    )
    sandbox.clear_calls()
    assert htmx(devtable, url).status_code == 200
    assert len(api_calls(sandbox)) == 100


def test_an_unsupported_security_status_is_shown_as_such(
    devtable: Client, sandbox: SandboxServer
) -> None:
    manifest = sandbox.world.repositories[("devtable", "simple")].manifests[SIMPLE_LATEST]
    manifest.security_status = "unsupported"
    fragment = htmx(
        devtable, f"/repository/devtable/simple/tags/details/?d={SIMPLE_LATEST}"
    ).content.decode()
    assert "unsupported" in fragment


def test_the_details_fragment_refuses_a_malformed_digest(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = htmx(devtable, "/repository/devtable/simple/tags/details/?d=sha256:..%2F..")
    assert response.status_code == 404
    assert api_calls(sandbox) == []


def test_a_reader_sees_no_write_controls(reader: Client) -> None:
    html = reader.get("/repository/buynlarge/orgrepo/tags/").content.decode()
    assert '<th scope="row" class="tag-name">prod</th>' in html
    assert "tag-delete-form" not in html and "bulk-form" not in html
    assert "Add a tag" not in html


# --- History ---------------------------------------------------------------------------------


def test_the_history_lists_ended_tags_with_restore(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get("/repository/devtable/history/tags/history/").content.decode()
    tag_call = next(c for c in sandbox.calls if c.path.endswith("/tag/"))
    assert "onlyActiveTags" not in tag_call.query
    assert "current" in html and "ended" in html
    assert html.count(">Restore</button>") == 1
    assert 'value="sha256:fa704b6f22cdb04ccf9ce0a068234e1d4af1cc87e745783246850e3cb1abbb58"' in html


def test_the_history_is_paged_beyond_the_latest_fifty(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page2 = devtable.get("/repository/devtable/superwide/tags/history/?page=2").content.decode()
    assert ">v050<" in page2 and ">v099<" in page2 and ">v100<" not in page2
    assert 'href="?page=3"' in page2 and 'href="?page=1"' in page2


# --- Manifest --------------------------------------------------------------------------------


def test_the_manifest_page_shows_layers_labels_and_pull_by_digest(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    html = devtable.get(f"/repository/devtable/simple/manifest/{SIMPLE_LATEST}/").content.decode()
    assert len(api_calls(sandbox)) == 4
    assert f"docker pull 127.0.0.1:{sandbox.port}/devtable/simple@{SIMPLE_LATEST}" in html
    assert "manifest.v1+prettyjws" in html
    assert "sha256:76755cbd1286" in html
    assert "<code>foo</code>" in html and "read-only" in html
    assert "not scanned this manifest yet" in html


def test_a_manifest_list_links_its_child_manifests(
    devtable: Client, sandbox: SandboxServer
) -> None:
    repo = sandbox.world.repositories[("devtable", "complex")]
    listed = next(t for t in repo.tags if t.name == "multiarch").manifest_digest
    html = devtable.get(f"/repository/devtable/complex/manifest/{listed}/").content.decode()
    assert "Images in this list" in html
    assert "linux/arm/v7" in html
    children = re.findall(
        r'href="/repository/devtable/complex/manifest/(sha256:[0-9a-f]{64})/"', html
    )
    assert len(children) == 3
    child = devtable.get(f"/repository/devtable/complex/manifest/{children[0]}/")
    assert child.status_code == 200 and b"Layers" in child.content


def test_the_security_report_filters_by_severity_and_fixable(
    devtable: Client, sandbox: SandboxServer
) -> None:
    url = f"/repository/devtable/complex/manifest/{COMPLEX_PROD}/"
    full = devtable.get(url).content.decode()
    assert "CVE-2021-3711" in full and "CVE-2005-2541" in full
    sandbox.clear_calls()
    high = htmx(devtable, url + "?severity=High", **{"HX-Target": "security-report"})
    text = high.content.decode()
    assert text.lstrip().startswith('<section id="security-report"')
    assert "CVE-2021-3712" in text and "CVE-2021-33574" in text and "CVE-2021-3711" not in text
    assert api_calls(sandbox) == []  # from the per-digest cache
    fixable = htmx(devtable, url + "?fixable=1", **{"HX-Target": "security-report"})
    assert "CVE-2021-33574" not in fixable.content.decode()
    assert "CVE-2021-3711" in fixable.content.decode()


def test_a_missing_manifest_is_quays_404(devtable: Client) -> None:
    response = devtable.get("/repository/devtable/simple/manifest/sha256:" + "0" * 64 + "/")
    assert response.status_code == 404


# --- Settings --------------------------------------------------------------------------------


def test_the_settings_page_offers_every_setting(devtable: Client) -> None:
    html = devtable.get("/repository/devtable/simple/settings/").content.decode()
    assert "Simple repository." in html
    assert 'data-confirm-match="devtable/simple"' in html
    assert 'value="private" checked' in html
    assert '<option value="NORMAL" selected>Normal</option>' in html


def test_a_reader_gets_no_settings_forms(reader: Client) -> None:
    html = reader.get("/repository/buynlarge/orgrepo/settings/").content.decode()
    assert "You need admin access" in html and "Delete repository" not in html


def test_the_markdown_preview_is_sanitized_and_calls_nobody(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/repository/devtable/simple/settings/preview/",
        {"description": "# Title\n<img src=x onerror=alert(1)>"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<h1>Title</h1>" in html and "onerror" not in html
    assert api_calls(sandbox) == []
