from __future__ import annotations

import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient

QUAY = "https://quay.example.com"


@responses.activate
def test_installation_users_carry_their_quota_and_page_on() -> None:
    responses.get(
        f"{QUAY}/api/v1/superuser/users/",
        match=[matchers.query_param_matcher({"limit": "2"})],
        json={
            "users": [
                {
                    "username": "devtable",
                    "email": "d@example.com",
                    "enabled": True,
                    "super_user": True,
                    "quotas": [
                        {
                            "id": 1,
                            "limit_bytes": 1000,
                            "limits": [{"id": 2, "type": "Warning", "limit_percent": 50}],
                        }
                    ],
                    "quota_report": {"quota_bytes": 750, "configured_quota": 1000},
                }
            ],
            "next_page": "opaque",
        },
    )
    page = QuayClient(QUAY, "T" * 40, session=requests.Session()).list_all_users(limit=2)
    user = page.items[0]
    assert page.next_page == "opaque"
    assert user.quotas[0].limits[0].type == "Warning"
    assert user.quota_report is not None and user.quota_report.percent_used == 75.0


@responses.activate
def test_installation_organizations_without_a_quota_have_no_percentage() -> None:
    responses.get(
        f"{QUAY}/api/v1/superuser/organizations/",
        json={
            "organizations": [
                {
                    "name": "titi",
                    "email": None,
                    "quotas": [],
                    "quota_report": {"quota_bytes": 5, "configured_quota": None},
                }
            ]
        },
    )
    page = QuayClient(QUAY, "T" * 40, session=requests.Session()).list_all_organizations()
    assert page.next_page is None
    report = page.items[0].quota_report
    assert report is not None and report.percent_used is None
