"""Comparing two tags, and the security review, as a person does it in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("who", ["devtable", "reader"])
def test_select_two_tags_and_compare_them(page: Any, sandbox: Any, who: str) -> None:
    sign_in(page, who)
    page.goto("/repository/buynlarge/orgrepo/tags/")
    page.get_by_role("button", name="Compare selected").click()
    page.get_by_text("Select exactly two tags to compare.").wait_for()

    page.get_by_label("Select prod").check()
    page.get_by_label("Select latest").check()
    page.get_by_role("button", name="Compare selected").click()
    page.wait_for_url("**/repository/buynlarge/orgrepo/compare/?*")

    assert page.locator("#count-fixed").inner_text() == "1 fixed"
    assert page.locator("#count-introduced").inner_text() == "1 introduced"
    fixed = page.locator('#vulnerability-changes tr[data-change="fixed"]')
    introduced = page.locator('#vulnerability-changes tr[data-change="introduced"]')
    assert fixed.count() == 1 and "CVE-2018-25032" in fixed.inner_text()
    assert introduced.count() == 1 and "CVE-2023-38545" in introduced.inner_text()
    assert page.get_by_label("From (older)").input_value().startswith("latest@sha256:")


def test_the_security_review_fills_in_and_filters(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/organization/buynlarge/security/")
    page.get_by_text("2 repositories and 5 manifests reviewed").wait_for(timeout=20_000)
    rows = page.locator("#security-tags tbody tr")
    assert rows.first.get_attribute("data-tag") == "orgrepo:prod"
    page.get_by_label("At least").select_option("Critical")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**severity=Critical*")
    page.wait_for_function("document.querySelectorAll('#security-tags tbody tr').length === 1")
    assert page.locator("#security-vulnerabilities tbody tr").count() == 1
