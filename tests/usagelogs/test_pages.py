"""The four logs pages against the sandbox over HTTP: what they show, what they call, and how
they refuse."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayPermissionDenied, QuayUnavailable
from dashboard.quay.usagelogs import LogScope, LogScopeKind
from dashboard.usagelogs.filters import parse_filters
from dashboard.web.swr import REFRESH_HEADER
from sandbox.server import SandboxServer
from sandbox.world import LogEntry
from tests.clock import iso_day
from tests.conftest import htmx

pytestmark = pytest.mark.django_db

RANGE = f"start={iso_day(-6)}&end={iso_day(0)}"
ORG_LOGS = "/organization/buynlarge/logs/"
NEXT_PAGE = re.compile(r'hx-get="([^"]*next_page=[^"]*)"')
LAZY_CHART = re.compile(r'hx-get="([^"]*view=chart)"')


def log_calls(sandbox: SandboxServer) -> list[str]:
    return [c.path for c in sandbox.calls if c.path.endswith(("logs", "exportlogs"))]


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-kind="([^"]+)"', html)


def with_chart(client: Client, url: str) -> str:
    """The page, then its lazy chart as htmx asks for it once the page is in."""
    html = client.get(url).content.decode()
    found = LAZY_CHART.search(html)
    assert found, "no lazy chart"
    chart = htmx(client, unescape(found.group(1)))
    assert chart.status_code == 200  # type: ignore[attr-defined]
    return html + chart.content.decode()  # type: ignore[attr-defined]


def chart_total(html: str) -> int:
    found = re.search(r'<svg class="logs-svg"[^>]*data-total="(\d+)"', html)
    assert found, "no chart"
    return int(found.group(1))


def test_the_first_render_is_one_page_of_entries_and_the_chart_follows(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get(f"{ORG_LOGS}?{RANGE}")
    html = page.content.decode()
    assert page.status_code == 200
    # One call before the first byte: the entries. The chart is a lazy part.
    assert log_calls(sandbox) == ["/api/v1/organization/buynlarge/logs"]
    assert "Activity per day" in html and "Load more" in html
    assert len(rows(html)) == 20
    assert "Deleted tag sometag of repository orgrepo" in html
    assert 'aria-current="page">Usage logs' in html  # the organization's tab
    found = LAZY_CHART.search(html)
    assert found and 'hx-trigger="load"' in html
    sandbox.clear_calls()
    chart = htmx(devtable, unescape(found.group(1)))
    text = chart.content.decode()  # type: ignore[attr-defined]
    assert chart.status_code == 200  # type: ignore[attr-defined]
    assert log_calls(sandbox) == ["/api/v1/organization/buynlarge/aggregatelogs"]
    assert "<html" not in text and 'id="logs-chart"' in text
    assert chart_total(text) > 100 and "The chart's numbers as a table" in text
    assert not rows(text)


def test_quays_refusal_of_the_chart_is_shown_in_its_place(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = devtable.get(f"{ORG_LOGS}?{RANGE}").content.decode()
    found = LAZY_CHART.search(html)
    assert found

    def refused(self: QuayClient, *args: Any, **kwargs: Any) -> Any:
        raise QuayPermissionDenied("Quay said no to the aggregate.")

    monkeypatch.setattr(QuayClient, "get_aggregate_logs", refused)
    chart = htmx(devtable, unescape(found.group(1)))
    text = chart.content.decode()  # type: ignore[attr-defined]
    assert chart.status_code == 200  # type: ignore[attr-defined]
    assert "HX-Retarget" not in chart  # type: ignore[operator]
    assert 'id="logs-chart"' in text and "Quay said no to the aggregate." in text


def test_the_chart_and_its_table_carry_quays_totals(
    devtable: Client, sandbox: SandboxServer
) -> None:
    counts = QuayClient(sandbox.url, "sandboxDevtableAllScopes0000000000000001")

    dates = parse_filters(QueryDict(RANGE), accepts_performer=True).dates
    aggregated = counts.get_aggregate_logs(LogScope(LogScopeKind.ORGANIZATION, "buynlarge"), dates)
    expected = sum(item.count for item in aggregated)
    html = with_chart(devtable, f"{ORG_LOGS}?{RANGE}")
    assert chart_total(html) == expected > 100
    per_day = {
        str(day): sum(i.count for i in aggregated if str(i.day) == str(day))
        for day in {i.day for i in aggregated}
    }
    for day, total in per_day.items():
        assert f'data-day="{day}" data-total="{total}"' in html
        assert f'<th scope="row">{day}</th><td>{total}</td>' in html
    assert 'style="' not in html  # the CSP forbids inline styles; the SVG uses fill attributes


@pytest.mark.parametrize(
    "query",
    [
        "start=2026-02-30",
        "start=yesterday",
        f"start={iso_day(-56)}&end={iso_day(0)}",  # 57 days
        f"start={iso_day(0)}&end={iso_day(-6)}",
        "end=2999-01-01",
        "kind=no_such_kind",
        "performer=Not%20A%20User",
    ],
)
def test_bad_input_gets_a_message_and_no_call(
    devtable: Client, sandbox: SandboxServer, query: str
) -> None:
    sandbox.clear_calls()
    page = devtable.get(f"{ORG_LOGS}?{query}")
    assert page.status_code == 400
    assert b'class="field-error"' in page.content
    assert log_calls(sandbox) == []


def test_a_user_who_may_not_read_the_organizations_logs_sees_quays_refusal(
    freshuser: Client,
) -> None:
    page = freshuser.get(f"{ORG_LOGS}?{RANGE}")
    assert page.status_code == 403
    assert b"Quay said no" in page.content


def test_the_systems_logs_refuse_non_superusers_without_calling_quay(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    for url in ("/superuser/logs/", "/superuser/logs/export/?format=csv"):
        page = freshuser.get(url)
        assert page.status_code == 403
        assert b"This page is for Quay superusers" in page.content
    assert log_calls(sandbox) == []


def test_the_systems_logs_link_each_entrys_namespace(devtable: Client) -> None:
    html = devtable.get(f"/superuser/logs/?{RANGE}").content.decode()
    assert 'href="/organization/buynlarge/"' in html
    assert 'href="/repository/buynlarge/orgrepo/"' in html
    assert "Have Quay export" not in html  # Quay has no such export for the system


def test_performers_read_as_users_robots_applications_and_anonymous(devtable: Client) -> None:
    html = devtable.get(f"/superuser/logs/?start={iso_day(-2)}&end={iso_day(0)}").content.decode()
    html += devtable.get(f"{ORG_LOGS}?{RANGE}&kind=push_repo").content.decode()
    assert "user <strong>public</strong>" in html
    assert re.search(r"robot <strong>\w+\+\w+</strong>", html)
    assert "application <strong>Some Test App</strong> on behalf of user <strong>devtable" in html
    assert '<span class="badge">anonymous</span>' in html


def test_an_unknown_kind_shows_its_metadata(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.world.logs.insert(
        0,
        LogEntry("brand_new_kind", sandbox.world.now, "buynlarge", {"flavour": "new"}, "devtable"),
    )
    html = devtable.get(f"{ORG_LOGS}?{RANGE}").content.decode()
    assert "<dt>flavour</dt><dd>new</dd>" in html


def follow_load_more(client: Client, html: str) -> tuple[list[str], int]:
    """Press "Load more" until the end; the kinds of every row, and how many presses."""
    kinds = rows(html)
    presses = 0
    while (found := NEXT_PAGE.search(html)) is not None:
        presses += 1
        fragment = htmx(client, unescape(found.group(1)))
        html = fragment.content.decode()  # type: ignore[attr-defined]
        assert "<html" not in html
        assert 'id="log-more"' in html
        kinds += rows(html)
        assert presses < 200
    return kinds, presses


def test_loading_more_reaches_every_entry_across_empty_pages(
    devtable: Client, sandbox: SandboxServer
) -> None:
    url = f"/repository/devtable/simple/logs/?start={iso_day(-16)}&end={iso_day(0)}"
    html = with_chart(devtable, url)
    sandbox.clear_calls()
    kinds, presses = follow_load_more(devtable, html)
    assert len(kinds) == chart_total(html)
    # The sandbox answers an empty page at each week boundary: the range crosses two, and the
    # empty page after the last entries ends it. They cost calls, never a press.
    pages = len(log_calls(sandbox))
    assert pages > presses


def test_the_kind_filter_reads_ahead_and_offers_to_keep_searching(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    text = with_chart(
        devtable, f"{ORG_LOGS}?start={iso_day(-30)}&end={iso_day(0)}&kind=create_robot"
    )
    assert set(rows(text)) <= {"create_robot"}
    assert len(log_calls(sandbox)) == 1 + 5  # the aggregate, and the bound of five pages
    assert "Keep searching" in text
    # The legend shows the kind as chosen, and choosing it again shows all kinds.
    assert 'data-kind="create_robot" aria-current="true"' in text


def test_a_quay_error_mid_way_leaves_the_rows_and_says_so(
    devtable: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = devtable.get(f"{ORG_LOGS}?{RANGE}").content.decode()
    found = NEXT_PAGE.search(html)
    assert found

    def broken(self: QuayClient, *args: Any, **kwargs: Any) -> Any:
        raise QuayUnavailable("Quay answered 502.")

    monkeypatch.setattr(QuayClient, "list_logs", broken)
    fragment = htmx(devtable, unescape(found.group(1)))
    text = fragment.content.decode()  # type: ignore[attr-defined]
    assert fragment.status_code == 200  # type: ignore[attr-defined]
    assert "Quay answered 502." in text and "What is shown above stays" in text
    assert "Try again" in text


def test_the_csv_export_streams_every_selected_entry(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = with_chart(devtable, f"{ORG_LOGS}?{RANGE}")
    response = devtable.get(f"{ORG_LOGS}export/?{RANGE}&format=csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].endswith('.csv"')
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    table = list(csv.DictReader(io.StringIO(body)))
    assert len(table) == chart_total(html)
    assert table[0].keys() >= {"datetime_utc", "kind", "description", "performer", "metadata"}
    assert any(r["performer_kind"] == "application" for r in table)
    assert json.loads(table[0]["metadata"]) is not None


def test_the_json_export_filters_by_kind_and_says_it_is_complete(devtable: Client) -> None:
    response = devtable.get(f"{ORG_LOGS}export/?{RANGE}&kind=push_repo&format=json")
    body = json.loads(b"".join(response.streaming_content))  # type: ignore[arg-type]
    assert body["complete"] is True and body["kinds"] == ["push_repo"]
    assert body["entries"] and {e["kind"] for e in body["entries"]} == {"push_repo"}
    assert body["entries"][0]["description"].startswith("Pushed")


def test_an_export_with_bad_filters_makes_no_call(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    assert devtable.get(f"{ORG_LOGS}export/?{RANGE}&format=xml").status_code == 400
    assert devtable.get(f"{ORG_LOGS}export/?start=bad&format=csv").status_code == 400
    assert log_calls(sandbox) == []


def test_quay_exports_to_an_email_address_and_shows_its_answer(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.post(
        "/repository/devtable/simple/logs/export/",
        {"start": iso_day(-6), "end": iso_day(0), "callback_email": "ops@example.com"},
        headers={"HX-Request": "true"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Quay queued the export" in text and "ops@example.com" in text
    assert log_calls(sandbox) == ["/api/v1/repository/devtable/simple/exportlogs"]
    exports = sandbox.world.extras["usagelogs"]["exports"]
    assert exports[0]["email"] == "ops@example.com" and exports[0]["export_id"] in text


def test_quay_export_without_htmx_redirects_with_a_message(devtable: Client) -> None:
    page = devtable.post(
        "/user/logs/export/",
        {"start": iso_day(-6), "end": iso_day(0), "callback_url": "https://hooks.example.com/x"},
        follow=True,
    )
    assert b"Quay queued the export" in page.content


@pytest.mark.parametrize(
    "data",
    [
        {"callback_email": "not-an-address"},
        {"callback_url": "ftp://example.com/"},
        {},
        {"callback_email": "a@example.com", "callback_url": "https://example.com/"},
    ],
)
def test_quay_export_checks_the_callback_before_calling(
    devtable: Client, sandbox: SandboxServer, data: dict[str, str]
) -> None:
    sandbox.clear_calls()
    page = devtable.post(
        f"{ORG_LOGS}export/",
        {"start": iso_day(-6), "end": iso_day(0), **data},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 400
    assert b'class="alert alert-error"' in page.content or b"field-error" in page.content
    assert log_calls(sandbox) == []


def test_quays_refusal_of_an_export_is_shown_inline(freshuser: Client) -> None:
    page = freshuser.post(
        f"{ORG_LOGS}export/",
        {"start": iso_day(-6), "end": iso_day(0), "callback_email": "a@example.com"},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 400
    assert b"Quay refused the export: Unauthorized" in page.content


def test_my_logs_filter_by_performer(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    html = devtable.get(f"/user/logs/?{RANGE}&performer=devtable%2Bdtrobot").content.decode()
    assert rows(html)
    assert html.count("robot <strong>devtable+dtrobot</strong>") == len(rows(html))
    assert all("performer=devtable%2Bdtrobot" in c.query for c in sandbox.calls if "logs" in c.path)


def test_a_returning_visit_opens_at_once_and_the_fresh_page_brings_the_chart(
    devtable: Client, sandbox: SandboxServer
) -> None:
    url = f"/user/logs/?{RANGE}"
    with_chart(devtable, url)
    sandbox.clear_calls()
    stale = devtable.get(url).content.decode()
    assert log_calls(sandbox) == []
    assert re.search(r"As of \d+ s ago · refreshing", stale)
    assert rows(stale)  # the entries the person saw last time, at once
    # The fresh page (one call) carries the lazy chart, which the inert stale view does not ask.
    fresh = devtable.get(url, headers={"HX-Request": "true", REFRESH_HEADER: "1"})
    html = fresh.content.decode()
    assert fresh.status_code == 200 and '<div id="swr-page">' in html
    assert log_calls(sandbox) == ["/api/v1/user/logs"]
    assert LAZY_CHART.search(html)
