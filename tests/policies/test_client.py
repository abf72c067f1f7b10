"""The notification and policy client methods against HTTP: paths, bodies, typed results."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayUnavailable
from dashboard.quay.notifications import (
    EVENTS,
    METHODS,
    NAMESPACE_EVENTS,
    Notification,
    NotificationScope,
)
from dashboard.quay.policies import (
    AutoPrunePolicy,
    PolicyScope,
    describe_duration,
    parse_duration,
)

QUAY = "https://quay.example.com"
API = QUAY + "/api/v1"


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


def sent(index: int = -1) -> dict[str, object]:
    body = responses.calls[index].request.body
    return json.loads(body) if body else {}


def test_every_event_and_method_has_a_description() -> None:
    assert {e.name for e in NAMESPACE_EVENTS} == {"quota_warning", "quota_error"}
    assert all(item.description for item in (*EVENTS, *METHODS))
    assert {m.name for m in METHODS} == {
        "email", "webhook", "slack", "flowdock", "hipchat", "quay_notification",
    }  # fmt: skip


@responses.activate
def test_the_three_places_of_notifications() -> None:
    for url in (
        API + "/repository/devtable/simple/notification/",
        API + "/organization/buynlarge/notifications",
        API + "/user/namespacenotifications",
    ):
        responses.get(url, json={"notifications": []})
    quay = client()
    assert quay.list_notifications(NotificationScope.for_repository("devtable", "simple")) == []
    assert quay.list_notifications(NotificationScope.for_organization("buynlarge")) == []
    assert quay.list_notifications(NotificationScope.for_user("devtable")) == []


@responses.activate
def test_create_sends_event_config_and_reads_the_notification() -> None:
    responses.post(
        API + "/repository/devtable/simple/notification/",
        status=201,
        json={"uuid": "u1", "title": "t", "event": "repo_image_expiry", "method": "slack",
              "config": {"url": "https://hooks.slack.com/x"}, "event_config": {"days": 7},
              "number_of_failures": 3},
    )  # fmt: skip
    created = client().create_notification(
        NotificationScope.for_repository("devtable", "simple"),
        event="repo_image_expiry",
        method="slack",
        config={"url": "https://hooks.slack.com/x"},
        event_config={"days": 7},
        title="t",
    )
    assert sent() == {"event": "repo_image_expiry", "method": "slack",
                      "config": {"url": "https://hooks.slack.com/x"},
                      "eventConfig": {"days": 7}, "title": "t"}  # fmt: skip
    assert created.disabled and created.event_setting == "7 days ahead"


@responses.activate
def test_test_reset_and_delete_use_quays_paths() -> None:
    base = API + "/organization/buynlarge/notifications/u1"
    responses.post(base + "/test", json={})
    responses.post(base, status=204)
    responses.delete(base, status=204)
    scope = NotificationScope.for_organization("buynlarge")
    quay = client()
    quay.test_notification(scope, "u1")
    quay.reset_notification_failures(scope, "u1")
    quay.delete_notification(scope, "u1")
    assert [c.request.method for c in responses.calls] == ["POST", "POST", "DELETE"]


@responses.activate
def test_an_unknown_repository_notification_is_a_bad_request() -> None:
    responses.delete(
        API + "/repository/devtable/simple/notification/x",
        status=400,
        json={"detail": "No repository notification found for: devtable, simple, x"},
    )
    with pytest.raises(QuayBadRequest, match="No repository notification found"):
        client().delete_notification(NotificationScope.for_repository("devtable", "simple"), "x")


@responses.activate
def test_quays_500_page_for_an_unknown_event_is_unavailable() -> None:
    responses.post(API + "/repository/devtable/simple/notification/", status=500,
                   body="<html>Internal Server Error</html>")  # fmt: skip
    with pytest.raises(QuayUnavailable):
        client().create_notification(
            NotificationScope.for_repository("devtable", "simple"),
            event="nope", method="webhook", config={}, event_config={},
        )  # fmt: skip


def test_a_notification_names_its_target_never_a_secret() -> None:
    hipchat = Notification.from_api(
        {"uuid": "u", "event": "repo_push", "method": "hipchat",
         "config": {"notification_token": "secret", "room_id": "42"}}
    )  # fmt: skip
    assert hipchat.target == "room 42"
    assert "secret" not in hipchat.target
    vuln = Notification.from_api(
        {"uuid": "u", "event": "vulnerability_found", "method": "email",
         "config": {"email": "a@b.c"}, "event_config": {"level": 2}}
    )  # fmt: skip
    assert vuln.event_setting == "High or worse"


@responses.activate
def test_auto_prune_policies_of_each_place() -> None:
    responses.get(
        API + "/organization/buynlarge/autoprunepolicy/",
        json={"policies": [{"uuid": "p", "method": "creation_date", "value": "5d",
                            "tagPattern": None, "tagPatternMatches": None}]},
    )  # fmt: skip
    responses.post(API + "/user/autoprunepolicy/", status=201, json={"uuid": "new"})
    responses.put(API + "/repository/devtable/simple/autoprunepolicy/p", status=204)
    responses.delete(API + "/repository/devtable/simple/autoprunepolicy/p", json={"uuid": "p"})
    quay = client()
    (policy,) = quay.list_autoprune_policies(PolicyScope.for_organization("buynlarge"))
    assert policy == AutoPrunePolicy("p", "creation_date", "5d", None, True)
    assert policy.summary == "Delete tags older than 5 days"
    mine = PolicyScope.for_user("devtable")
    assert quay.create_autoprune_policy(mine, {"method": "number_of_tags", "value": 3}) == "new"
    repo = PolicyScope.for_repository("devtable", "simple")
    quay.update_autoprune_policy(repo, "p", {"method": "number_of_tags", "value": 4})
    assert sent() == {"method": "number_of_tags", "value": 4}
    quay.delete_autoprune_policy(repo, "p")


@responses.activate
def test_immutability_policies() -> None:
    responses.post(API + "/organization/buynlarge/immutabilitypolicy/", status=201,
                   json={"uuid": "i"})  # fmt: skip
    responses.get(API + "/repository/devtable/simple/immutabilitypolicy/", status=404,
                  json={"detail": "Not Found"})  # fmt: skip
    quay = client()
    uuid = quay.create_immutability_policy(PolicyScope.for_organization("buynlarge"), "^v", False)
    assert uuid == "i"
    assert sent() == {"tagPattern": "^v", "tagPatternMatches": False}
    with pytest.raises(QuayNotFound):
        quay.list_immutability_policies(PolicyScope.for_repository("devtable", "simple"))


def test_durations_as_quay_reads_them() -> None:
    assert parse_duration("2w") is not None and parse_duration("2w").days == 14  # type: ignore[union-attr]
    assert parse_duration("5 parsecs") is None
    assert parse_duration("0d") is None
    assert describe_duration("1m") == "1 minute"
    assert describe_duration("3y") == "3 years"
