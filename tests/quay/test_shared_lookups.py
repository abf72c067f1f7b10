"""Lookups several areas share: a repository with the person's rights on it, and robots."""

from __future__ import annotations

from datetime import date

import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.repositories import DayCount

QUAY = "https://quay.example.com"


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_get_repository_reads_rights_and_stats() -> None:
    responses.get(
        f"{QUAY}/api/v1/repository/buynlarge/orgrepo",
        match=[matchers.query_param_matcher({"includeStats": "true", "includeTags": "false"})],
        json={
            "namespace": "buynlarge",
            "name": "orgrepo",
            "kind": "image",
            "description": None,
            "is_public": False,
            "is_organization": True,
            "is_starred": False,
            "state": "READ_ONLY",
            "can_write": False,
            "can_admin": False,
            "stats": [{"date": "2026-11-25", "count": 3}],
        },
    )
    repo = client().get_repository("buynlarge", "orgrepo", include_stats=True)
    assert repo.full_name == "buynlarge/orgrepo"
    assert repo.description == ""
    assert (repo.can_write, repo.can_admin, repo.is_organization) == (False, False, True)
    assert repo.state == "READ_ONLY"
    assert repo.stats == [DayCount(date(2026, 11, 25), 3)]
    assert (repo.activity_total, repo.active_days) == (3, 1)


@responses.activate
def test_robots_are_listed_without_their_tokens() -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/buynlarge/robots",
        match=[matchers.query_param_matcher({"token": "false"})],
        json={"robots": [{"name": "buynlarge+coolrobot", "created": None, "description": ""}]},
    )
    responses.get(f"{QUAY}/api/v1/user/robots", json={"robots": []})
    robots = client().list_robots("buynlarge", is_organization=True)
    assert [robot.shortname for robot in robots] == ["coolrobot"]
    assert not hasattr(robots[0], "token")
    assert client().list_robots("devtable", is_organization=False) == []
