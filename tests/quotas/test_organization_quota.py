"""The organization quota page: the usage bar, and every change with its success and refusal."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

URL = "/organization/buynlarge/quota/"


def post_htmx(client: Client, url: str, data: dict[str, str]) -> object:
    return client.post(url, data, headers={"HX-Request": "true"})


def writes(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]


def test_the_page_shows_quota_usage_and_limits_in_two_concurrent_calls(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = devtable.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2.9 KiB" in html  # the quota of 3000 bytes
    assert "184 B" in html  # what buynlarge stores
    assert 'data-state="ok"' in html
    assert "Warning at 50%" in html or "warning at 50%" in html
    paths = sorted(c.path for c in sandbox.calls if c.path.startswith("/api/v1/organization"))
    assert paths == ["/api/v1/organization/buynlarge", "/api/v1/organization/buynlarge/quota"]


def test_the_bar_turns_amber_past_the_warning_limit(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.world.organizations["buynlarge"].used_bytes = 2000  # 67% of 3000, warning at 50%
    html = devtable.get(URL).content.decode()
    assert 'class="quota-bar quota-bar-warning"' in html
    assert "Past the warning limit" in html


def test_the_fragment_is_only_the_panel(devtable: Client) -> None:
    html = htmx(devtable, URL).content.decode()  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<section class="card" id="quota-panel"')


def test_a_member_who_is_not_a_superuser_sees_the_quota_read_only(reader: Client) -> None:
    html = reader.get(URL).content.decode()
    assert "2.9 KiB" in html
    assert 'id="quota-form"' not in html and "Add limit" not in html
    assert "Only a Quay superuser can change quotas" in html


def test_someone_outside_the_organization_is_told_quay_hides_it(freshuser: Client) -> None:
    page = freshuser.get(URL)
    assert page.status_code == 200
    assert "only to its members" in page.content.decode()


def test_setting_a_quota_creates_it(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/sellnsmall/quota/save/", {"amount": "10", "unit": "GiB", "quota_id": ""}
    )
    assert response.status_code == 302
    assert writes(sandbox) == ["POST /api/v1/organization/sellnsmall/quota"]
    assert sandbox.world.organizations["sellnsmall"].quotas[0].limit_bytes == 10 * 1024**3
    assert "is set" in devtable.get(response["Location"]).content.decode()


def test_a_second_quota_shows_quays_refusal_at_the_field(
    devtable: Client, sandbox: SandboxServer
) -> None:
    # A stale page (no quota id) posts a new quota where one exists already.
    response = post_htmx(
        devtable, "/organization/buynlarge/quota/save/", {"amount": "1", "unit": "GiB"}
    )
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<form id="quota-form"')
    assert "Organization quota for &#x27;buynlarge&#x27; already exists" in html


def test_changing_the_quota(devtable: Client, sandbox: SandboxServer) -> None:
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/save/",
        {"amount": "1.5", "unit": "MiB", "quota_id": "1"},
    )
    assert response["HX-Redirect"] == URL  # type: ignore[index]
    assert sandbox.world.organizations["buynlarge"].quotas[0].limit_bytes == 1572864


def test_changing_a_quota_that_is_gone_is_not_found(devtable: Client) -> None:
    response = devtable.post(
        "/organization/buynlarge/quota/save/", {"amount": "1", "unit": "GiB", "quota_id": "99"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        ("-5", "GiB", "more than zero"),
        ("0", "GiB", "more than zero"),
        ("ten", "GiB", "as a number"),
        ("", "GiB", "Enter a size"),
        ("5000", "TiB", "more than 1024 TiB"),
        ("1e400", "GiB", "as a number"),
        ("\u0661\u0660", "GiB", "as a number"),
        ("\U0001d7d9", "GiB", "as a number"),
        ("nan", "GiB", "as a number"),
        ("10", "PiB", "Choose a unit"),
        ("0.0001", "KiB", "at least 1 KiB"),
    ],
)
def test_bad_sizes_are_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer, amount: str, unit: str, message: str
) -> None:
    sandbox.clear_calls()
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/save/",
        {"amount": amount, "unit": unit, "quota_id": "1"},
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert sandbox.calls == []


def test_deleting_the_quota(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/buynlarge/quota/delete/",
        {"form_token": issued_form_token(devtable), "quota_id": "1"},
    )
    assert response.status_code == 302
    assert sandbox.world.organizations["buynlarge"].quotas == []


def test_a_non_superuser_is_refused_by_quay_and_told_why(
    reader: Client, sandbox: SandboxServer
) -> None:
    response = reader.post("/organization/buynlarge/quota/delete/", {"quota_id": "1"}, follow=True)
    assert "Only a Quay superuser can change quotas" in response.content.decode()
    assert len(sandbox.world.organizations["buynlarge"].quotas) == 1


def test_adding_a_limit(devtable: Client, sandbox: SandboxServer) -> None:
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/limits/",
        {"quota_id": "1", "type": "Reject", "percent": "90", "existing": "1:Warning:50"},
    )
    assert response["HX-Redirect"] == URL  # type: ignore[index]
    limits = sandbox.world.organizations["buynlarge"].quotas[0].limits
    assert [(lim.type, lim.limit_percent) for lim in limits] == [("Warning", 50), ("Reject", 90)]


@pytest.mark.parametrize(
    ("kind", "percent", "existing", "message"),
    [
        ("Warning", "0", "", "from 1 to 100"),
        ("Warning", "101", "", "from 1 to 100"),
        ("Warning", "half", "", "whole number"),
        ("Warning", "", "", "Enter a percentage"),
        ("Panic", "50", "", "Choose Warning or Reject"),
        ("Reject", "95", "1:Warning:50,4:Reject:90", "already a reject limit"),
        ("Reject", "50", "1:Warning:50", "already a limit at 50%"),
    ],
)
def test_bad_limits_are_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer, kind: str, percent: str, existing: str, message: str
) -> None:
    sandbox.clear_calls()
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/limits/",
        {"quota_id": "1", "type": kind, "percent": percent, "existing": existing},
    )
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<form id="limit-form"')
    assert message in html
    assert sandbox.calls == []


def test_a_duplicate_limit_from_a_stale_page_shows_quays_refusal(devtable: Client) -> None:
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/limits/",
        {"quota_id": "1", "type": "Warning", "percent": "50", "existing": ""},
    )
    assert "Quota limit already exists" in response.content.decode()  # type: ignore[attr-defined]


def test_changing_a_limit(devtable: Client, sandbox: SandboxServer) -> None:
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/limits/1/",
        {"quota_id": "1", "type": "Warning", "percent": "70", "existing": "1:Warning:50"},
    )
    assert response["HX-Redirect"] == URL  # type: ignore[index]
    assert sandbox.world.organizations["buynlarge"].quotas[0].limits[0].limit_percent == 70


def test_changing_a_limit_onto_another_ones_percentage_is_refused_in_its_row(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = post_htmx(
        devtable,
        "/organization/buynlarge/quota/limits/1/",
        {
            "quota_id": "1",
            "type": "Warning",
            "percent": "90",
            "existing": "1:Warning:50,4:Reject:90",
        },
    )
    html = response.content.decode()  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<tr id="limit-1"')
    assert "already a limit at 90%" in html
    assert sandbox.calls == []


def test_deleting_a_limit(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/organization/buynlarge/quota/limits/1/delete/",
        {"form_token": issued_form_token(devtable), "quota_id": "1"},
    )
    assert response.status_code == 302
    assert sandbox.world.organizations["buynlarge"].quotas[0].limits == []


def test_deleting_a_limit_that_is_gone_is_not_found(devtable: Client) -> None:
    response = devtable.post(
        "/organization/buynlarge/quota/limits/77/delete/",
        {"form_token": issued_form_token(devtable), "quota_id": "1"},
    )
    assert response.status_code == 404


def test_without_htmx_a_bad_size_shows_the_page_again_with_the_error_and_writes_nothing(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/organization/buynlarge/quota/save/", {"amount": "-3", "unit": "GiB", "quota_id": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" in html and 'id="quota-error"' in html and 'value="-3"' in html
    assert writes(sandbox) == []


def test_an_organization_quay_does_not_know_is_not_found(devtable: Client) -> None:
    assert devtable.get("/organization/doesnotexist/quota/").status_code == 404


def test_the_share_of_the_quota_reads_the_same_on_every_page(devtable: Client) -> None:
    # buynlarge uses 184 bytes of 3000: 6.1%, with one decimal wherever it shows.
    overview = devtable.get("/organization/buynlarge/").content.decode()
    quota = devtable.get("/organization/buynlarge/quota/").content.decode()
    table = devtable.get("/superuser/quotas/?q=buynlarge").content.decode()
    for html in (overview, quota, table):
        assert "6.1%" in html
        assert not re.search(r"[^.\d]6%", html)


# --- A refusal always reaches the person --------------------------------------------------------

QUOTA_FORM = {"amount": "5", "unit": "GiB", "quota_id": "1", "type": "Warning", "percent": "50"}


@pytest.mark.parametrize("path", ["save/", "limits/1/"])
def test_a_non_superusers_change_is_answered_403_with_the_reason_and_asks_quay_nothing(
    reader: Client, sandbox: SandboxServer, path: str
) -> None:
    sandbox.clear_calls()
    page = reader.post(URL + path, QUOTA_FORM)
    assert page.status_code == 403
    assert "Only a Quay superuser can change quotas" in page.content.decode()
    swapped = reader.post(URL + path, QUOTA_FORM, headers={"HX-Request": "true"})
    assert swapped.status_code == 403 and swapped["HX-Retarget"] == "#page-alerts"
    assert "Only a Quay superuser can change quotas" in swapped.content.decode()
    assert writes(sandbox) == []


@pytest.mark.parametrize("path", ["save/", "limits/1/"])
def test_quays_own_refusal_of_a_quota_change_is_shown_with_403(
    devtable: Client, sandbox: SandboxServer, path: str
) -> None:
    # A superuser whose rights were withdrawn since sign-in: Quay answers 403.
    sandbox.world.users["devtable"].super_user = False
    before = list(sandbox.world.organizations["buynlarge"].quotas)
    page = devtable.post(URL + path, {**QUOTA_FORM, "existing": "1:Warning:80"})
    assert page.status_code == 403
    assert "Quay said no" in page.content.decode()
    assert sandbox.world.organizations["buynlarge"].quotas == before
