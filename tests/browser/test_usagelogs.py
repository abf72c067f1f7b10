"""Usage logs as a person uses them, in headless Chromium: narrow the days, pick a kind from the
chart's legend, and read only that kind in the table."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.clock import iso_day

pytestmark = pytest.mark.django_db(transaction=True)


def test_narrow_the_range_then_filter_by_a_legend_entry(page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page)
    page.goto(f"/organization/buynlarge/logs/?start={iso_day(-25)}&end={iso_day(0)}")
    page.wait_for_selector("svg.logs-svg")  # the chart is a lazy part, right after the page
    assert page.locator("svg.logs-svg g.bar").count() == 26

    page.locator("#logs-start").fill(iso_day(-6))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**start={iso_day(-6)}**")
    # The swapped-in form carries the new date (wait_for_function would need eval: CSP).
    page.wait_for_selector(f'#logs-start[value="{iso_day(-6)}"]')
    page.wait_for_selector("svg.logs-svg")
    assert page.locator("svg.logs-svg g.bar").count() == 7
    assert page.locator("#log-rows tr[data-kind]").count() == 20
    kinds_before = set(
        page.locator("#log-rows tr[data-kind]").evaluate_all(
            "rows => rows.map(r => r.dataset.kind)"
        )
    )
    assert len(kinds_before) > 1

    page.locator('.logs-legend a[data-kind="push_repo"]').click()
    page.wait_for_selector('.logs-legend a[data-kind="push_repo"][aria-current="true"]')
    assert "kind=push_repo" in page.url and f"start={iso_day(-6)}" in page.url
    kinds = page.locator("#log-rows tr[data-kind]").evaluate_all(
        "rows => rows.map(r => r.dataset.kind)"
    )
    assert kinds and set(kinds) == {"push_repo"}
    assert page.locator("#logs-kinds input[value=push_repo]").is_checked()
    # Times read in the one exact format, UTC and saying so.
    first_time = page.locator("#log-rows time").first
    assert first_time.inner_text().endswith(" UTC")
    assert first_time.get_attribute("title") == first_time.inner_text()

    # Choosing the same legend entry again shows every kind again.
    page.locator('.logs-legend a[data-kind="push_repo"]').click()
    page.wait_for_selector('.logs-legend a[data-kind="push_repo"]:not([aria-current])')
    assert (
        len(
            set(
                page.locator("#log-rows tr[data-kind]").evaluate_all(
                    "rows => rows.map(r => r.dataset.kind)"
                )
            )
        )
        > 1
    )
    assert errors == []


def test_scrolling_to_the_end_of_the_table_loads_more(page: Any) -> None:
    sign_in(page)
    page.goto(f"/repository/devtable/simple/logs/?start={iso_day(-6)}&end={iso_day(0)}")
    before = page.locator("#log-rows tr[data-kind]").count()
    page.locator("#log-more").scroll_into_view_if_needed()
    page.locator("#log-rows tr[data-kind]").nth(before).wait_for()
    assert page.locator("#log-rows tr[data-kind]").count() > before


def test_choose_kinds_from_the_searchable_checklist_by_keyboard(page: Any) -> None:
    sign_in(page)
    page.goto(f"/organization/buynlarge/logs/?start={iso_day(-6)}&end={iso_day(0)}")
    page.locator("#logs-kinds summary").focus()
    page.keyboard.press("Enter")  # opens the checklist
    search = page.get_by_label("Find a kind")
    search.fill("robot")
    assert page.locator("#logs-kinds [data-kind-option]:visible").count() == 6
    assert page.get_by_role("group", name="Robots").is_visible()
    assert not page.get_by_role("group", name="Tags and labels").is_visible()
    search.press("Enter")  # finds, never submits
    assert "kind=" not in page.url
    page.get_by_label("Create robot", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**kind=create_robot**")
    assert page.locator("#logs-kinds summary").inner_text().endswith("(1 chosen)")
