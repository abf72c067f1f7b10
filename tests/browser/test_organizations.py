"""The access review in headless Chromium: it fills in, filters to one robot, and exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from sandbox.api.organizations import add_review_organization
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_access_review_filters_to_one_robot_and_exports_it(page: Any, sandbox: Any) -> None:
    add_review_organization(sandbox.world, repositories=60, teams=10, robots=12, users=20)
    sign_in(page)
    page.goto("/organization/megacorp/access/")
    # The page polls until every repository is read, then shows the matrix and the flags.
    page.get_by_text("60 repositories reviewed").wait_for(timeout=20_000)
    assert page.get_by_text("Robots unused for 90 days or never").is_visible()

    page.get_by_label("Principal").fill("megacorp+bot03")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/access/?principal=megacorp%2Bbot03*", wait_until="commit")
    rows = page.locator("#access-matrix tbody tr")
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-principal") == "megacorp+bot03"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    content = Path(download.path()).read_text()
    exported = list(csv.reader(io.StringIO(content)))
    assert exported[0][:4] == ["principal_kind", "principal", "repository", "role"]
    assert len(exported) > 1
    assert {row[1] for row in exported[1:]} == {"megacorp+bot03"}
