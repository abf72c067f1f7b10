"""The comparison page against the sandbox: what it shows, what it costs, how it refuses."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client

from sandbox.server import SandboxServer

pytestmark = pytest.mark.django_db

ORGREPO = "/repository/buynlarge/orgrepo/"
COMPARE = ORGREPO + "compare/"
ORG_PROD = "sha256:511dbd11b1270b063c5159a33b44e6f2db1cd3ba0773ad00666a7447a17399d0"
ORG_LATEST = "sha256:d8c3301530921d0d4dfcc18aec42b5e1ec6780793ab4cf09d51eabd8e63d3ec8"
SIMPLE_RECORDED = "sha256:59024a3b2b3bbe06de5128193b5a565bb7fddb32c6f018c70cd34524ec169146"
SIMPLE_LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"


def api_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def compare(client: Client, base: str = COMPARE, **params: str) -> tuple[int, str]:
    response = client.get(base + "?" + urlencode(params))
    return response.status_code, response.content.decode()


def rows(html: str, table: str, change: str) -> list[str]:
    """The first cell's text of each row of `table` marked with `data-change`."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found = re.findall(rf'<tr[^>]*data-change="{change}"[^>]*>(.*?)</tr>', body, re.S)
    return [unescape(re.sub(r"<[^>]+>", " ", row)).split() for row in found]  # type: ignore[misc]


def test_two_digests_cost_six_calls_and_show_every_change(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    status, html = compare(devtable, **{"from": f"latest@{ORG_LATEST}", "to": f"prod@{ORG_PROD}"})
    assert status == 200
    calls = api_calls(sandbox)
    assert len(calls) == 6
    assert sum(c.endswith("/security") for c in calls) == 2
    assert sum(c.endswith("/labels") for c in calls) == 2
    # Vulnerabilities: zlib's advisory fixed, curl's introduced, two unchanged.
    assert 'id="count-fixed"><strong>1</strong> fixed' in html
    assert 'id="count-introduced"><strong>1</strong> introduced' in html
    assert 'id="count-unchanged"><strong>2</strong> unchanged' in html
    fixed = rows(html, "vulnerability-changes", "fixed")
    introduced = rows(html, "vulnerability-changes", "introduced")
    assert [r[2] for r in fixed] == ["CVE-2018-25032"]
    assert [r[2] for r in introduced] == ["CVE-2023-38545"]
    # Packages: zlib up, ca-certificates down, curl in, tar out, with versions.
    assert rows(html, "package-changes", "upgraded") == [
        ["zlib", "upgraded", "1:1.2.11.dfsg-1", "1:1.2.11.dfsg-1+deb10u1"]
    ]
    assert rows(html, "package-changes", "downgraded") == [
        ["ca-certificates", "downgraded", "20200601~deb10u2", "20200601~deb10u1"]
    ]
    assert rows(html, "package-changes", "added") == [["curl", "added", "—", "7.64.0-4+deb10u2"]]
    assert rows(html, "package-changes", "removed") == [["tar", "removed", "1.30+dfsg-6", "—"]]
    # Layers: two shared, two added, two removed; 92 B before, 117 B after.
    assert len(rows(html, "layer-changes", "shared")) == 2
    assert len(rows(html, "layer-changes", "added")) == 2
    assert len(rows(html, "layer-changes", "removed")) == 2
    assert "(+25 B)" in html
    # Labels: version changed, stage removed, release added.
    assert rows(html, "label-changes", "changed") == [["version", "changed", "1.0", "1.1"]]
    assert rows(html, "label-changes", "added") == [["release", "added", "—", "stable"]]
    assert rows(html, "label-changes", "removed") == [["stage", "removed", "qa", "—"]]


def test_the_other_direction_swaps_every_category(devtable: Client, sandbox: SandboxServer) -> None:
    status, html = compare(devtable, **{"from": ORG_PROD, "to": ORG_LATEST})
    assert status == 200
    assert [r[2] for r in rows(html, "vulnerability-changes", "fixed")] == ["CVE-2023-38545"]
    assert [r[2] for r in rows(html, "vulnerability-changes", "introduced")] == ["CVE-2018-25032"]
    assert rows(html, "package-changes", "downgraded")[0][0] == "zlib"
    assert rows(html, "package-changes", "upgraded")[0][0] == "ca-certificates"
    assert rows(html, "package-changes", "added")[0][0] == "tar"
    assert rows(html, "package-changes", "removed")[0][0] == "curl"
    assert "(−25 B)" in html
    assert rows(html, "label-changes", "changed") == [["version", "changed", "1.1", "1.0"]]
    assert rows(html, "label-changes", "added")[0][0] == "stage"
    assert rows(html, "label-changes", "removed")[0][0] == "release"


def test_tags_without_digests_are_looked_up_together_first(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    status, html = compare(devtable, **{"from": "latest", "to": "prod"})
    assert status == 200
    calls = api_calls(sandbox)
    assert sum(c.endswith("/tag/") for c in calls) == 2
    assert len(calls) == 8
    assert 'id="count-fixed"><strong>1</strong> fixed' in html


def test_two_tags_picked_on_the_tags_page_compare_lower_to_upper(
    reader: Client, sandbox: SandboxServer
) -> None:
    query = urlencode([("ref", f"prod@{ORG_PROD}"), ("ref", f"latest@{ORG_LATEST}")])
    html = reader.get(f"{COMPARE}?{query}").content.decode()
    assert [r[2] for r in rows(html, "vulnerability-changes", "introduced")] == ["CVE-2023-38545"]
    one = reader.get(f"{COMPARE}?ref=prod@{ORG_PROD}")
    assert one.status_code == 400 and b"Select exactly two tags" in one.content


def test_a_manifest_from_another_repository_compares_too(
    devtable: Client, sandbox: SandboxServer
) -> None:
    status, html = compare(
        devtable, **{"from": "devtable/complex:prod", "to": f"buynlarge/orgrepo@{ORG_PROD}"}
    )
    assert status == 200
    assert 'From <span class="compare-name">devtable/complex:prod</span>' in html
    # complex:prod has every seeded advisory; orgrepo:prod keeps three of them and adds curl's.
    assert [r[2] for r in rows(html, "vulnerability-changes", "introduced")] == ["CVE-2023-38545"]
    assert len(rows(html, "vulnerability-changes", "fixed")) == 4


def test_manifest_lists_compare_their_platforms(devtable: Client, sandbox: SandboxServer) -> None:
    repo = sandbox.world.repository("buynlarge", "anotherorgrepo")
    assert repo is not None
    lists = {t.name: t.manifest_digest for t in repo.tags}
    base = "/repository/buynlarge/anotherorgrepo/compare/"
    sandbox.clear_calls()
    status, html = compare(devtable, base, **{"from": "1.0@" + lists["1.0"], "to": lists["1.1"]})
    assert status == 200
    assert len(api_calls(sandbox)) == 6
    assert re.search(r'data-platform="linux/ppc64le" class="diff-added"', html)
    assert re.search(r'data-platform="linux/arm/v7" class="diff-removed"', html)
    links = re.findall(r'href="(\?from=[^"]+)">Compare (linux/[^<]+)<', html)
    assert [platform for _, platform in links] == ["linux/amd64", "linux/arm64/v8"]
    # Each platform on its own: the amd64 images differ in one fix and one new advisory.
    child_html = devtable.get(base + unescape(links[0][0])).content.decode()
    assert [r[2] for r in rows(child_html, "vulnerability-changes", "fixed")] == ["CVE-2023-5678"]
    assert [r[2] for r in rows(child_html, "vulnerability-changes", "introduced")] == [
        "CVE-2024-45490"
    ]
    # arm64 is not scanned yet: said plainly, no vulnerability table.
    arm = devtable.get(base + unescape(links[1][0])).content.decode()
    assert 'id="vulnerabilities-unknown"' in arm and "not scanned yet" in arm


def test_a_list_against_an_image_offers_each_platform(
    devtable: Client, sandbox: SandboxServer
) -> None:
    repo = sandbox.world.repository("buynlarge", "anotherorgrepo")
    assert repo is not None
    lists = {t.name: t.manifest_digest for t in repo.tags}
    status, html = compare(
        devtable,
        "/repository/buynlarge/anotherorgrepo/compare/",
        **{"from": lists["latest"], "to": lists["1.1"]},
    )
    assert status == 200
    assert "A manifest list and an image" in html
    assert html.count('<li><a href="?from=') == 3


def test_queued_unsupported_and_failed_scans_are_said_plainly(
    devtable: Client, sandbox: SandboxServer
) -> None:
    # The recorded manifest answers queued with no data, as the real server did.
    status, html = compare(
        devtable,
        "/repository/devtable/simple/compare/",
        **{"from": SIMPLE_RECORDED, "to": "latest"},
    )
    assert status == 200
    assert "From is <strong>queued</strong> (not scanned yet)" in html
    assert "vulnerability-changes" not in html and "package-changes" not in html
    assert 'id="layer-changes"' in html
    status, html = compare(
        devtable, "/repository/devtable/complex/compare/", **{"from": "staging", "to": "prod"}
    )
    assert "From is <strong>failed</strong> (the scanner could not index it)" in html


def test_bad_references_are_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    status, html = compare(devtable, **{"from": "../../etc", "to": "sha256:abc"})
    assert status == 400
    assert html.count("Give a tag, a digest") == 2
    assert api_calls(sandbox) == []
    status, _ = compare(devtable, **{"from": "latestsha256:" + "0" * 64, "to": "prod"})
    assert status == 400


def test_a_missing_tag_or_manifest_is_named_at_its_field(
    devtable: Client, sandbox: SandboxServer
) -> None:
    status, html = compare(devtable, **{"from": "nosuchtag", "to": "sha256:" + "0" * 64})
    assert status == 404
    assert "There is no tag nosuchtag in buynlarge/orgrepo." in html
    status, html = compare(devtable, **{"from": "latest", "to": "sha256:" + "0" * 64})
    assert status == 404
    assert 'id="id_to-error">Quay has no such manifest in buynlarge/orgrepo.' in html


def test_a_repository_the_person_cannot_read_is_quays_refusal(
    reader: Client, sandbox: SandboxServer
) -> None:
    status, html = compare(reader, **{"from": "latest", "to": f"devtable/simple@{SIMPLE_LATEST}"})
    assert status == 404
    assert "You may not read devtable/simple." in html


def test_the_tags_page_and_the_history_lead_here(
    devtable: Client, reader: Client, sandbox: SandboxServer
) -> None:
    tags = reader.get(ORGREPO + "tags/").content.decode()
    assert 'id="compare-form"' in tags and 'action="/repository/buynlarge/orgrepo/compare/"' in tags
    assert f'name="ref" value="prod@{ORG_PROD}" form="compare-form"' in tags
    writer = devtable.get(ORGREPO + "tags/").content.decode()
    assert f'data-ref="latest@{ORG_LATEST}"' in writer
    history = devtable.get("/repository/devtable/history/tags/history/").content.decode()
    links = re.findall(r'href="(/repository/devtable/history/compare/\?[^"]+)"', history)
    assert len(links) == 1
    page = devtable.get(unescape(links[0]))
    assert page.status_code == 200 and b'id="layer-changes"' in page.content


def test_an_immutable_tag_can_be_ticked_for_compare_not_for_a_bulk_change(
    devtable: Client, sandbox: SandboxServer
) -> None:
    repo = sandbox.world.repository("buynlarge", "orgrepo")
    assert repo is not None
    next(t for t in repo.tags if t.name == "prod").immutable = True
    html = devtable.get(ORGREPO + "tags/").content.decode()
    assert f'name="ref" value="prod@{ORG_PROD}" form="compare-form"' in html
    assert 'name="tags" value="prod"' not in html
    assert 'name="tags" value="latest" form="bulk-form"' in html
