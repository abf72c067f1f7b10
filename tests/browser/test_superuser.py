"""The superuser console in headless Chromium: a message previewed, published, seen as a banner
and deleted; a service key's private key downloaded once."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.world import DEMO_TOKENS

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any) -> None:
    page.goto("/signin/")
    page.get_by_label("Quay access token").fill(DEMO_TOKENS["devtable"])
    page.get_by_role("button", name="Sign in with a token").click()
    page.wait_for_url("**/")


def test_preview_publish_see_the_banner_and_delete_a_message(page: Any, sandbox: Any) -> None:
    _sign_in(page)
    page.goto("/superuser/messages/")
    page.get_by_label("Severity").select_option("error")
    page.get_by_role("textbox", name="Message", exact=True).fill(
        "Registry **read-only** tonight <img src=x onerror=alert(1)> [more](javascript:alert(2))"
    )
    preview = page.locator("#message-preview .banner-error")
    preview.wait_for()
    assert preview.locator("strong").inner_text() == "read-only"
    assert "onerror" not in preview.inner_html() and "javascript:" not in preview.inner_html()
    assert page.locator("#message-preview img").count() == 0

    page.get_by_role("button", name="Publish to every user").click()
    page.wait_for_url("**/superuser/messages/")
    banner = page.locator(".banners .banner-error")
    assert banner.locator("strong").inner_text() == "read-only"
    assert page.get_by_text("The message is published").is_visible()

    # Another page shows the same banner at once (the shared cache was forgotten).
    page.goto("/superuser/keys/")
    assert page.locator(".banners .banner-error").count() == 1

    page.goto("/superuser/messages/")
    page.once("dialog", lambda dialog: dialog.accept())
    item = page.locator("article.message-error")
    item.get_by_role("button", name="Delete").click()
    page.wait_for_url("**/superuser/messages/")
    assert page.get_by_text("The message was deleted.").is_visible()
    assert page.locator(".banners .banner-error").count() == 0
    assert not any("read-only" in m.content for m in sandbox.world.messages)


def test_a_new_service_keys_private_key_downloads_as_a_pem_file(page: Any, sandbox: Any) -> None:
    _sign_in(page)
    page.goto("/superuser/keys/")
    page.get_by_text("Create a service key").click()
    page.get_by_label("Service", exact=True).fill("browser_test")
    page.locator("#id_name").fill("from the browser")
    page.get_by_role("button", name="Create key").click()
    assert page.get_by_text("Save the private key now.").is_visible()
    pem = page.locator("#private-key").input_value()
    assert pem.startswith("-----BEGIN RSA PRIVATE KEY-----")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith(".pem")
    with open(download.path()) as saved:
        assert saved.read() == pem

    # Back on the list, the key is there and its private key is not.
    page.get_by_role("link", name="I saved it: back to the keys").click()
    assert page.get_by_text("from the browser", exact=True).is_visible()
    assert pem.splitlines()[1] not in page.content()
