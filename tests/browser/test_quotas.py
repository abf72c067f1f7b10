"""Setting a quota and a warning limit in the browser, and watching the usage bar change colour."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.world import DEMO_TOKENS

pytestmark = pytest.mark.django_db(transaction=True)

GREEN = "rgb(62, 134, 53)"
AMBER = "rgb(240, 171, 0)"


def bar_fill(page: Any) -> str:
    return str(
        page.locator("#quota-panel svg.quota-bar .quota-bar-fill").evaluate(
            "element => getComputedStyle(element).fill"
        )
    )


def test_a_warning_limit_turns_the_usage_bar_amber(page: Any) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/signin/?next=/organization/buynlarge/quota/")
    page.get_by_label("Quay access token").fill(DEMO_TOKENS["devtable"])
    page.get_by_role("button", name="Sign in with a token").click()
    page.wait_for_url("**/organization/buynlarge/quota/")

    bar = page.locator("#quota-panel svg.quota-bar")
    assert bar.get_attribute("data-state") == "ok"
    assert bar_fill(page) == GREEN

    # 184 bytes stored: a quota of 1 KiB is 18% used, still under the warning at 50%.
    page.get_by_label("Change the quota to").fill("1")
    page.get_by_label("Unit").select_option("KiB")
    page.get_by_role("button", name="Change quota").click()
    page.wait_for_selector("text=The quota of buynlarge is changed.")
    assert page.locator("#quota-panel").get_by_text("1.0 KiB").first.is_visible()
    assert bar.get_attribute("data-state") == "ok"

    # A refused value stays at the field, and nothing changes.
    page.get_by_label("Add a limit").select_option("Warning")
    page.get_by_label("at (1–100 %)").fill("150")
    page.get_by_role("button", name="Add limit").click()
    page.wait_for_selector("#limit-error")
    assert "from 1 to 100" in page.locator("#limit-error").inner_text()

    page.get_by_label("at (1–100 %)").fill("15")
    page.get_by_role("button", name="Add limit").click()
    page.wait_for_selector("text=Warning limit at 15% added.")
    bar = page.locator("#quota-panel svg.quota-bar")
    assert bar.get_attribute("data-state") == "warning"
    assert bar_fill(page) == AMBER
    assert page.get_by_text("Past the warning limit").is_visible()
    assert csp_errors == []
