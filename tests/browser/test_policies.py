"""Creating a webhook notification, and an auto-prune dry run that follows the count typed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_creating_a_webhook_notification(page: Any) -> None:
    sign_in(page, next_url="/repository/devtable/simple/notifications/")
    form = page.locator(".notification-form")
    assert not form.get_by_label("JSON body template (optional)").is_visible()
    form.get_by_label("Tell by").select_option("webhook")
    assert form.get_by_label("JSON body template (optional)").is_visible()
    assert not form.get_by_label("E-mail address").is_visible()
    form.get_by_label("Title (optional)").fill("Deploy on push")
    form.get_by_label("URL").fill("https://deploy.example.com/hook")
    page.get_by_role("button", name="Create notification").click()
    page.wait_for_selector("text=Quay will tell https://deploy.example.com/hook")
    row = page.locator("tr", has_text="Deploy on push")
    assert row.get_by_text("Webhook POST").is_visible()


def test_the_auto_prune_dry_run_follows_the_count(page: Any) -> None:
    sign_in(page, next_url="/repository/testorgforautoprune/autoprunerepo/autoprune/")
    preview = page.locator("#dryrun [data-dryrun-count]")
    preview.wait_for()
    # 37 tags are not immutable; the form starts at keeping 10.
    assert preview.inner_text() == "27"
    page.locator("#new-policy-form").get_by_label("Tags to keep").fill("30")
    page.wait_for_selector("#dryrun [data-dryrun-count]:text-is('7')")
    assert page.locator("#dryrun").get_by_text("6 immutable tags this policy covers").is_visible()
