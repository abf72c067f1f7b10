"""The signed-in user's own quota: read-only, as Quay has it."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from sandbox.world import Quota, QuotaLimit

pytestmark = pytest.mark.django_db


def test_without_a_quota_the_page_says_storage_is_unlimited(devtable: Client) -> None:
    html = devtable.get("/user/quota/").content.decode()
    assert "2.9 KiB" in html  # devtable stores 3000 bytes
    assert "No quota is set for your account" in html
    assert "quota-bar" not in html


def test_with_a_quota_the_page_shows_the_bar_and_limits_read_only(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    user = sandbox.world.users["freshuser"]
    user.used_bytes = 900
    user.quotas.append(Quota(50, 1000, [QuotaLimit(51, "Warning", 80)]))
    html = freshuser.get("/user/quota/").content.decode()
    assert 'class="quota-bar quota-bar-warning"' in html
    assert "90.0%" in html
    assert "<form" not in html.split('id="quota-panel"')[1]


def test_a_token_without_user_admin_is_told_why_it_sees_nothing(reader: Client) -> None:
    page = reader.get("/user/quota/")
    assert page.status_code == 200
    assert "user:admin" in page.content.decode()
