"""The usage-logs client at the HTTP boundary."""

from __future__ import annotations

from datetime import date

import pytest
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayUnavailable
from dashboard.quay.usagelogs import DateRange, LogScope, LogScopeKind

QUAY = "https://quay.example.com"
DATES = DateRange(date(2026, 11, 20), date(2026, 11, 26))
DATE_PARAMS = {"starttime": "11/20/2026", "endtime": "11/26/2026"}


@pytest.fixture
def client() -> QuayClient:
    return QuayClient(QUAY, "A" * 40)


@responses.activate
def test_org_logs_send_dates_performer_and_page_and_parse_entries(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/buynlarge/logs",
        match=[
            matchers.query_param_matcher({**DATE_PARAMS, "performer": "public", "next_page": "t1"})
        ],
        json={
            "start_time": "Fri, 20 Nov 2026 00:00:00 -0000",
            "end_time": "Fri, 27 Nov 2026 00:00:00 -0000",
            "logs": [
                {
                    "kind": "push_repo",
                    "metadata": {"repo": "orgrepo", "oauth_token_application": "Some App"},
                    "ip": "10.0.0.1",
                    "datetime": "Thu, 26 Nov 2026 18:51:23 -0000",
                    "performer": {"kind": "user", "name": "public", "is_robot": False},
                },
                {"kind": "pull_repo", "metadata": {}, "ip": None, "datetime": "bad"},
            ],
            "next_page": "t2",
        },
    )
    page = client.list_org_logs("buynlarge", DATES, performer="public", next_page="t1")
    first, anonymous = page.items
    assert page.next_page == "t2"
    assert first.performer is not None and first.performer.name == "public"
    assert first.application == "Some App"
    assert first.datetime is not None and first.datetime.isoformat() == "2026-11-26T18:51:23+00:00"
    assert anonymous.performer is None and anonymous.datetime is None


@responses.activate
def test_superuser_logs_carry_the_namespace(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/superuser/logs",
        json={
            "logs": [
                {
                    "kind": "create_repo",
                    "metadata": {"repo": "r"},
                    "ip": None,
                    "datetime": "Thu, 26 Nov 2026 18:51:23 -0000",
                    "namespace": {"kind": "org", "name": "buynlarge"},
                }
            ]
        },
    )
    page = client.list_all_logs(DATES)
    assert page.items[0].namespace is not None
    assert page.items[0].namespace.is_organization
    assert page.next_page is None


@responses.activate
def test_repository_paths_are_encoded_and_refuse_a_performer(client: QuayClient) -> None:
    responses.get(f"{QUAY}/api/v1/repository/devtable/simple/logs", json={"logs": []})
    client.list_repo_logs("devtable", "simple", DATES)
    with pytest.raises(ValueError, match="performer"):
        client.list_logs(
            LogScope(LogScopeKind.REPOSITORY, "devtable", "simple"), DATES, performer="x"
        )


@responses.activate
def test_a_logs_answer_without_logs_is_unavailable(client: QuayClient) -> None:
    responses.get(f"{QUAY}/api/v1/user/logs", json={"nope": 1})
    with pytest.raises(QuayUnavailable):
        client.list_user_logs(DATES)


@responses.activate
def test_aggregates_become_counts_per_day(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/user/aggregatelogs",
        match=[matchers.query_param_matcher(DATE_PARAMS)],
        json={
            "aggregated": [
                {"kind": "push_repo", "count": 3, "datetime": "Thu, 26 Nov 2026 00:00:00 -0000"}
            ]
        },
    )
    (count,) = client.get_aggregate_logs(LogScope(LogScopeKind.USER), DATES)
    assert (count.kind, count.count, count.day) == ("push_repo", 3, date(2026, 11, 26))


@responses.activate
def test_export_posts_the_callback_and_returns_the_id(client: QuayClient) -> None:
    responses.post(
        f"{QUAY}/api/v1/repository/devtable/simple/exportlogs",
        match=[
            matchers.query_param_matcher(DATE_PARAMS),
            matchers.json_params_matcher({"callback_email": "a@example.com"}),
        ],
        json={"export_id": "abc-123"},
    )
    scope = LogScope(LogScopeKind.REPOSITORY, "devtable", "simple")
    assert client.export_logs(scope, DATES, callback_email="a@example.com").export_id == "abc-123"


@responses.activate
def test_export_refusal_carries_quays_message(client: QuayClient) -> None:
    responses.post(
        f"{QUAY}/api/v1/user/exportlogs", json={"message": "Invalid callback URL"}, status=400
    )
    with pytest.raises(QuayBadRequest, match="Invalid callback URL"):
        client.export_logs(LogScope(LogScopeKind.USER), DATES, callback_url="ftp://x")


def test_the_system_has_no_quay_export(client: QuayClient) -> None:
    with pytest.raises(ValueError):
        client.export_logs(LogScope(LogScopeKind.SUPERUSER), DATES, callback_email="a@b.c")
