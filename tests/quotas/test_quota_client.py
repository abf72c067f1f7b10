"""The quota client methods against HTTP: paths, bodies, and typed results."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from responses import matchers

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayPermissionDenied

QUAY = "https://quay.example.com"
QUOTA = {
    "id": 1,
    "limit_bytes": 10737418240,
    "limit": "10.0 GiB",
    "default_config": False,
    "limits": [{"id": 1, "type": "Warning", "limit_percent": 50}],
    "default_config_exists": False,
}


def client() -> QuayClient:
    return QuayClient(QUAY, "T" * 40, session=requests.Session())


@responses.activate
def test_listing_an_organizations_quota() -> None:
    responses.get(f"{QUAY}/api/v1/organization/buynlarge/quota", json=[QUOTA])
    quotas = client().list_organization_quota("buynlarge")
    assert quotas[0].limit_bytes == 10737418240
    assert quotas[0].limits[0].type == "Warning"
    assert quotas[0].default_config is False


@responses.activate
def test_the_organization_view_carries_usage_and_role() -> None:
    responses.get(
        f"{QUAY}/api/v1/organization/buynlarge",
        json={
            "name": "buynlarge",
            "is_admin": True,
            "is_member": True,
            "quotas": [{"id": 1, "limit_bytes": 3000, "limits": []}],
            "quota_report": {"quota_bytes": 184, "configured_quota": 3000},
        },
    )
    view = client().get_organization_quota_view("buynlarge")
    assert view.visible and view.is_admin
    assert view.quota_report is not None and view.quota_report.quota_bytes == 184


@responses.activate
def test_creating_a_quota_sends_bytes_and_passes_on_quays_refusal() -> None:
    responses.post(
        f"{QUAY}/api/v1/organization/buynlarge/quota",
        match=[matchers.json_params_matcher({"limit_bytes": 1024})],
        status=400,
        json={"detail": "Organization quota for 'buynlarge' already exists"},
    )
    with pytest.raises(QuayBadRequest, match="already exists"):
        client().create_organization_quota("buynlarge", 1024)


@responses.activate
def test_changing_and_deleting_a_quota() -> None:
    responses.put(
        f"{QUAY}/api/v1/organization/buynlarge/quota/1",
        match=[matchers.json_params_matcher({"limit_bytes": 10737418240})],
        json=QUOTA,
    )
    responses.delete(f"{QUAY}/api/v1/organization/buynlarge/quota/1", status=204)
    assert client().change_organization_quota("buynlarge", 1, 10737418240).id == 1
    client().delete_organization_quota("buynlarge", 1)


@responses.activate
def test_limits_are_sent_as_type_and_threshold_percent() -> None:
    body = {"type": "Reject", "threshold_percent": 90}
    responses.post(
        f"{QUAY}/api/v1/organization/buynlarge/quota/1/limit",
        match=[matchers.json_params_matcher(body)],
        status=201,
        json="Created",
    )
    responses.put(
        f"{QUAY}/api/v1/organization/buynlarge/quota/1/limit/4",
        match=[matchers.json_params_matcher(body)],
        json=QUOTA,
    )
    responses.delete(f"{QUAY}/api/v1/organization/buynlarge/quota/1/limit/4", status=204)
    api = client()
    api.create_organization_quota_limit("buynlarge", 1, "Reject", 90)
    api.change_organization_quota_limit("buynlarge", 1, 4, "Reject", 90)
    api.delete_organization_quota_limit("buynlarge", 1, 4)
    assert len(responses.calls) == 3


@responses.activate
def test_superuser_quota_paths_name_the_kind_of_namespace() -> None:
    responses.get(f"{QUAY}/api/v1/superuser/users/devtable/quota", json=[])
    responses.post(f"{QUAY}/api/v1/superuser/organization/titi/quota", status=201, json="Created")
    responses.put(f"{QUAY}/api/v1/superuser/organization/titi/quota/4", json=QUOTA)
    responses.delete(f"{QUAY}/api/v1/superuser/users/devtable/quota/2", status=204)
    api = client()
    assert api.list_namespace_quota_superuser("devtable", is_organization=False) == []
    api.create_namespace_quota_superuser("titi", 5368709120, is_organization=True)
    api.change_namespace_quota_superuser("titi", 4, 5368709120, is_organization=True)
    api.delete_namespace_quota_superuser("devtable", 2, is_organization=False)
    assert json.loads(responses.calls[1].request.body or b"{}") == {"limit_bytes": 5368709120}


@responses.activate
def test_the_users_own_quota_needs_user_admin() -> None:
    responses.get(
        f"{QUAY}/api/v1/user/quota",
        status=403,
        json={"detail": "Unauthorized", "error_type": "insufficient_scope"},
    )
    with pytest.raises(QuayPermissionDenied):
        client().list_user_quota()


@responses.activate
def test_registry_size_reads_milliseconds_and_queues() -> None:
    responses.get(
        f"{QUAY}/api/v1/superuser/registrysize/",
        json={"size_bytes": 2048, "last_ran": 1795719083000, "queued": False, "running": True},
    )
    responses.post(f"{QUAY}/api/v1/superuser/registrysize/", status=202, body="")
    size = client().get_registry_size()
    assert size.size_bytes == 2048 and size.in_progress
    assert size.last_ran is not None and size.last_ran.year == 2026
    client().queue_registry_size_calculation()
