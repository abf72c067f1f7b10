"""The sandbox's logs endpoints behave like Quay's: paging with empty pages, the date rules,
the scopes, and the export's checks. (tests/sandbox/test_contract.py holds the shapes to the
recordings.)"""

from __future__ import annotations

from typing import Any

import requests

from sandbox.api.logs import generated_log
from sandbox.api.repositories import add_huge_repository
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS, LogEntry
from tests.clock import day, quay_day

RANGE = {"starttime": quay_day(-16), "endtime": quay_day(0)}


def get(sandbox: SandboxServer, path: str, who: str = "devtable", **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS[who]}"}
    return requests.get(sandbox.url + path, params=params, headers=headers, timeout=10)


def test_the_generated_log_spans_weeks_kinds_and_performers(sandbox: SandboxServer) -> None:
    log = generated_log(sandbox.world.now // 3600)
    assert len(log) >= 5000
    days = (log[0].datetime - log[-1].datetime) / 86400
    assert days > 35
    assert len({entry.kind for entry in log}) >= 20
    performers = {entry.performer for entry in log}
    assert None in performers and "devtable+dtrobot" in performers
    assert any("oauth_token_application" in entry.metadata for entry in log)


def test_a_reset_drops_what_was_added_and_shares_the_generated_log(
    sandbox: SandboxServer,
) -> None:
    generated = sandbox.world.extras["usagelogs"]["generated"]
    hour = sandbox.world.now // 3600
    sandbox.world.logs.insert(0, LogEntry("brand_new_kind", sandbox.world.now, "devtable"))
    add_huge_repository(sandbox.world, tags=3)
    sandbox.reset()
    assert ("devtable", "huge") not in sandbox.world.repositories
    assert all(entry.kind != "brand_new_kind" for entry in sandbox.world.logs)
    # The generated log is built once and shared, never copied, by every reset in the hour.
    if sandbox.world.now // 3600 == hour:
        assert sandbox.world.extras["usagelogs"]["generated"] is generated


def test_paging_through_reaches_every_entry_and_meets_empty_pages(sandbox: SandboxServer) -> None:
    path = "/api/v1/repository/devtable/simple/logs"
    total = sum(
        item["count"]
        for item in get(
            sandbox, "/api/v1/repository/devtable/simple/aggregatelogs", **RANGE
        ).json()["aggregated"]
    )
    seen, empty_with_more, token = 0, 0, None
    while True:
        body = get(sandbox, path, **RANGE, **({"next_page": token} if token else {})).json()
        assert len(body["logs"]) <= 20
        seen += len(body["logs"])
        token = body.get("next_page")
        if not body["logs"] and token:
            empty_with_more += 1
        if not token:
            break
    assert seen == total > 100
    assert empty_with_more >= 2  # the week boundaries of the range


def test_dates_follow_quay_the_end_day_included_and_reversed_is_400(
    sandbox: SandboxServer,
) -> None:
    body = get(sandbox, "/api/v1/superuser/logs", starttime=quay_day(-6), endtime=quay_day(0))
    assert body.json()["end_time"] == day(1).strftime("%a, %d %b %Y 00:00:00 -0000")
    reversed_range = get(
        sandbox, "/api/v1/superuser/logs", starttime=quay_day(0), endtime=quay_day(-6)
    )
    assert reversed_range.status_code == 400
    # Quay ignores a date it cannot parse and uses its default instead.
    assert get(sandbox, "/api/v1/superuser/logs", starttime="junk").status_code == 200


def test_user_logs_leave_out_service_keys_and_filter_by_performer(sandbox: SandboxServer) -> None:
    kinds = {
        entry["kind"]
        for entry in get(sandbox, "/api/v1/superuser/logs", starttime=quay_day(0)).json()["logs"]
    }
    assert "service_key_create" in kinds
    mine = get(sandbox, "/api/v1/user/logs", starttime=quay_day(0)).json()["logs"]
    assert not any(entry["kind"].startswith("service_key") for entry in mine)
    robot = get(sandbox, "/api/v1/user/logs", **RANGE, performer="devtable+dtrobot").json()["logs"]
    assert robot and {entry["performer"]["name"] for entry in robot} == {"devtable+dtrobot"}
    assert all(entry["performer"]["is_robot"] for entry in robot)


def test_scopes_and_roles_are_checked(sandbox: SandboxServer) -> None:
    assert get(sandbox, "/api/v1/organization/buynlarge/logs", "freshuser").status_code == 403
    assert get(sandbox, "/api/v1/repository/devtable/simple/logs", "reader").status_code == 403
    assert get(sandbox, "/api/v1/user/logs", "reader").status_code == 403
    assert get(sandbox, "/api/v1/superuser/logs", "freshuser").status_code == 403
    assert get(sandbox, "/api/v1/repository/devtable/nope/logs").status_code == 404


def test_export_checks_the_callback_and_answers_an_id(sandbox: SandboxServer) -> None:
    headers = {"Authorization": f"Bearer {DEMO_TOKENS['devtable']}"}
    url = sandbox.url + "/api/v1/organization/buynlarge/exportlogs"
    bad = requests.post(url, json={"callback_url": "ftp://x"}, headers=headers, timeout=10)
    assert bad.status_code == 400 and "Invalid callback URL" in bad.text
    bad = requests.post(url, json={"callback_email": "nobody"}, headers=headers, timeout=10)
    assert bad.status_code == 400 and "Invalid callback e-mail" in bad.text
    good = requests.post(url, json={"callback_email": "a@b.example"}, headers=headers, timeout=10)
    assert good.status_code == 200 and good.json()["export_id"]
    logged = get(sandbox, "/api/v1/organization/buynlarge/logs").json()["logs"][0]
    assert logged["kind"] == "export_logs_success"
