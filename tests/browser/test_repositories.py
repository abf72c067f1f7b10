"""Tags as a person handles them, in headless Chromium: filter, delete with confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def tag_names(page: Any) -> list[str]:
    return [name.strip() for name in page.locator("#tags-table th.tag-name").all_inner_texts()]


def test_filter_tags_then_delete_one_with_confirmation(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/repository/devtable/superwide/tags/")
    assert len(tag_names(page)) == 25
    # The lazy security cells arrive after the table, through one fragment.
    page.locator(".security-cell .badge").first.wait_for()

    page.get_by_label("Filter tags").fill("v14")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/tags/?*filter=v14*")
    page.wait_for_function("document.querySelectorAll('#tags-table th.tag-name').length === 10")
    assert tag_names(page)[0] == "v140"

    dialogs: list[str] = []

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.message)
        # The first time the person thinks better of it; the second time they confirm.
        if len(dialogs) == 1:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    delete = page.get_by_role("button", name="Delete tag v142")
    delete.click()
    assert dialogs == [
        "Delete tag v142? It stays restorable from the tag history for the time machine window."
    ]
    assert "v142" in tag_names(page)

    delete.click()
    page.get_by_text("Deleted tag v142.").wait_for()
    assert "filter=v14" in page.url  # back where the person was
    assert "v142" not in tag_names(page)
    assert len(tag_names(page)) == 9
    repo = sandbox.world.repository("devtable", "superwide")
    assert all(t.end_ts is not None for t in repo.tags if t.name == "v142")


def test_bulk_actions_show_only_for_a_selection_and_only_the_fields_they_need(
    page: Any, sandbox: Any
) -> None:
    sign_in(page)
    page.goto("/repository/devtable/superwide/tags/")
    panel = page.locator("#bulk-form")
    panel.wait_for(state="hidden")  # once the page's script has run

    page.get_by_label("Select v000").check()
    page.get_by_label("Select v001").check()
    panel.wait_for(state="visible")
    # The count follows each change a moment later (the page's script runs after the event).
    expect(page.locator("#bulk-count")).to_have_text("2 tags selected")
    assert page.get_by_label("Action", exact=True).input_value() == ""  # nothing red chosen for you
    assert page.get_by_label("Expires (UTC)", exact=True).is_hidden()

    page.get_by_label("Action", exact=True).select_option("expire")
    assert page.get_by_label("Expires (UTC)", exact=True).is_visible()
    page.get_by_label("Action", exact=True).select_option("delete")
    assert page.get_by_label("Expires (UTC)", exact=True).is_hidden()
    expect(page.locator("#bulk-apply")).to_have_text("Delete 2 tags")

    page.get_by_label("Select v000").uncheck()
    page.get_by_label("Select v001").uncheck()
    panel.wait_for(state="hidden")
