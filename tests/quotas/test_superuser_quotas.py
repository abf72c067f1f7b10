"""The superuser quota table, one namespace's quota from there, and the registry size panel."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sandbox.api.quota import add_quota_namespaces
from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

URL = "/superuser/quotas/"


def row_names(html: str) -> list[str]:
    return re.findall(r'data-namespace="([^"]+)"', html)


def test_namespaces_are_sorted_by_share_of_quota_used(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    names = row_names(html)
    # buynlarge 184/3000 = 6.1%, randomuser 92/6000 = 1.5%, then no quota, by bytes used.
    assert names[:2] == ["buynlarge", "randomuser"]
    assert names.index("devtable") < names.index("public") < names.index("reader")
    assert "6.1%" in html and "1.5%" in html


def test_namespaces_past_a_limit_are_highlighted(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.world.organizations["buynlarge"].used_bytes = 2000  # warning at 50%
    sandbox.world.users["randomuser"].used_bytes = 5700  # reject at 90%
    html = devtable.get(URL).content.decode()
    assert re.search(r'class="row-highlight" data-namespace="buynlarge"', html)
    assert re.search(r'class="row-danger" data-namespace="randomuser"', html)
    assert row_names(html)[:2] == ["randomuser", "buynlarge"]
    assert "2 past a limit" in html


def test_the_filter_keeps_matching_names_and_answers_a_fragment(devtable: Client) -> None:
    response = htmx(devtable, URL + "?q=sell")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<div id="quota-table">')
    assert row_names(html) == ["sellnsmall"]


def test_only_namespaces_with_a_quota(devtable: Client) -> None:
    html = devtable.get(URL + "?only=quota").content.decode()
    assert sorted(row_names(html)) == ["buynlarge", "orgwithnosuperuser", "randomuser"]


def test_500_namespaces_are_read_in_pages_of_100_never_one_call_per_namespace(
    devtable: Client, sandbox: SandboxServer
) -> None:
    add_quota_namespaces(sandbox.world, 500)
    sandbox.clear_calls()
    page = devtable.get(URL)
    assert page.status_code == 200
    calls = [c for c in sandbox.calls if c.path.startswith("/api/v1/superuser/")]
    lists = [c for c in calls if c.path.endswith(("/users/", "/organizations/"))]
    assert {c.path for c in calls} == {
        "/api/v1/superuser/users/",
        "/api/v1/superuser/organizations/",
        "/api/v1/superuser/registrysize/",
    }
    assert all("limit=100" in c.query for c in lists)
    assert len(lists) == 6  # about 260 users and 260 organizations: 3 pages each
    html = page.content.decode()
    everyone = len(sandbox.world.users) + len(sandbox.world.organizations)
    assert everyone > 500
    assert f"{everyone} of {everyone} namespaces" in html
    assert len(row_names(html)) == 100
    assert 'href="?page=2"' in html


def test_a_non_superuser_gets_a_clear_403(reader: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    page = reader.get(URL)
    assert page.status_code == 403
    assert "This page is for Quay superusers" in page.content.decode()
    assert [c for c in sandbox.calls if "superuser" in c.path] == []


def test_setting_the_quota_of_a_user_from_the_table(
    devtable: Client, sandbox: SandboxServer
) -> None:
    editor = devtable.get("/superuser/quotas/users/freshuser/")
    assert "Set a quota of" in editor.content.decode()
    response = devtable.post(
        "/superuser/quotas/users/freshuser/", {"amount": "2", "unit": "GiB", "quota_id": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/superuser/quotas/?q=freshuser"
    assert sandbox.world.users["freshuser"].quotas[0].limit_bytes == 2 * 1024**3
    assert ("POST", "/api/v1/superuser/users/freshuser/quota") in [
        (c.method, c.path) for c in sandbox.calls
    ]


def test_changing_and_deleting_an_organizations_quota_from_the_table(
    devtable: Client, sandbox: SandboxServer
) -> None:
    editor = devtable.get("/superuser/quotas/organization/buynlarge/").content.decode()
    assert 'value="2.93"' in editor and "Change quota" in editor
    devtable.post(
        "/superuser/quotas/organization/buynlarge/", {"amount": "5", "unit": "MiB", "quota_id": "1"}
    )
    assert sandbox.world.organizations["buynlarge"].quotas[0].limit_bytes == 5 * 1024**2
    devtable.post(
        "/superuser/quotas/organization/buynlarge/delete/",
        {"form_token": issued_form_token(devtable), "quota_id": "1"},
    )
    assert sandbox.world.organizations["buynlarge"].quotas == []


def test_a_second_quota_from_the_table_shows_quays_refusal(devtable: Client) -> None:
    response = htmx_post(
        devtable, "/superuser/quotas/users/randomuser/", {"amount": "1", "unit": "GiB"}
    )
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<section class="card" id="quota-editor"')
    assert "Quota for &#x27;randomuser&#x27; already exists" in html


def test_a_bad_size_in_the_table_editor_sends_nothing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = htmx_post(
        devtable, "/superuser/quotas/users/freshuser/", {"amount": "-1", "unit": "GiB"}
    )
    assert "more than zero" in response.content.decode()  # type: ignore[attr-defined]
    assert sandbox.calls == []


def test_an_unknown_kind_of_namespace_is_not_found(devtable: Client) -> None:
    assert devtable.get("/superuser/quotas/robots/freshuser/").status_code == 404


def htmx_post(client: Client, url: str, data: dict[str, str]) -> object:
    return client.post(url, data, headers={"HX-Request": "true"})


def test_the_registry_size_panel_refreshes_while_queued_or_running_and_stops_when_done(
    devtable: Client, sandbox: SandboxServer
) -> None:
    html = devtable.get(URL).content.decode()
    assert "never computed" in html and "Recalculate" in html
    assert "Not computed yet" in html and '<p class="stat">0 B</p>' not in html
    assert 'hx-trigger="every 2s"' not in html

    queued = htmx_post(devtable, "/superuser/quotas/registry/", {})
    html = queued.content.decode()  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<section class="card registry-size" id="registry-size"')
    assert "queued" in html and 'hx-trigger="every 2s"' in html
    assert "Recalculate" not in html

    running = htmx(devtable, "/superuser/quotas/registry/").content.decode()  # type: ignore[attr-defined]
    assert "Recalculating" in running and 'hx-trigger="every 2s"' in running

    done = htmx(devtable, "/superuser/quotas/registry/").content.decode()  # type: ignore[attr-defined]
    assert 'hx-trigger="every 2s"' not in done
    assert "Last computed" in done and "Not computed yet" not in done
    assert "Recalculate" in done


def test_the_registry_size_page_is_for_superusers_only(reader: Client) -> None:
    assert reader.get("/superuser/quotas/registry/").status_code == 403
    assert reader.post("/superuser/quotas/registry/").status_code == 403


def test_filtering_swaps_the_table_without_reading_the_registry_size(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    htmx(devtable, URL + "?q=buy")
    assert "/api/v1/superuser/registrysize/" not in [c.path for c in sandbox.calls]


def test_a_read_only_superuser_sees_the_table_but_no_way_to_change_it(devtable: Client) -> None:
    session = devtable.session
    profile = session["quay_profile"]
    profile.update(super_user=False, global_readonly_super_user=True)
    session["quay_profile"] = profile
    session.save()
    html = devtable.get(URL).content.decode()
    assert "buynlarge" in html
    assert "Recalculate" not in html and ">Change<" not in html
    editor = devtable.get("/superuser/quotas/organization/buynlarge/").content.decode()
    assert "read-only superuser" in editor and 'name="amount"' not in editor
