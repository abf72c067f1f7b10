"""What every page shares: the layout, banners, fragments, and Quay's refusals as pages."""

from __future__ import annotations

import pytest
import requests
from django.test import Client, RequestFactory

from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayNotFound, QuayPermissionDenied
from dashboard.quay.transport import shared_session
from dashboard.web.middleware import QuayErrorMiddleware
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS

pytestmark = pytest.mark.django_db


def test_the_overview_lists_namespaces_and_messages(devtable: Client) -> None:
    page = devtable.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="/repository/?namespace=devtable"' in html
    assert 'href="/organization/buynlarge/"' in html
    assert "Admin" in html
    assert "We love you, Quay customers!" in html
    # Markdown from Quay is rendered.
    assert "<strong>development</strong>" in html
    assert page["Vary"] and "HX-Request" in page["Vary"]


def test_the_overview_fragment_is_only_the_messages_panel(devtable: Client) -> None:
    fragment = devtable.get("/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section class="card" id="overview-messages"')
    assert "<html" not in html and "Namespaces" not in html
    assert "HX-Request" in fragment["Vary"]


def test_a_boosted_request_gets_the_whole_page(devtable: Client) -> None:
    page = devtable.get("/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert b"<html" in page.content


def test_superuser_navigation_shows_only_for_superusers(devtable: Client, reader: Client) -> None:
    assert b'href="/superuser/"' in devtable.get("/").content
    assert b'href="/superuser/"' not in reader.get("/").content


def test_banners_render_markdown_and_are_sanitized(
    devtable: Client, sandbox: SandboxServer
) -> None:
    QuayClient(sandbox.url, DEMO_TOKENS["devtable"]).create_global_message(
        '**Maintenance** <script>alert("x")</script> <img src=x onerror=alert(1)> '
        "[click](javascript:alert(1))",
        "error",
        "text/markdown",
    )
    # The banners stand on every page but the overview, which lists the messages in a panel.
    for url in ("/no/such/page/", "/"):
        html = devtable.get(url).content.decode()
        assert "<strong>Maintenance</strong>" in html
        assert "<script>alert" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
    assert 'class="banner banner-error"' in devtable.get("/no/such/page/").content.decode()
    assert 'class="banner banner-error"' not in html


def test_global_messages_are_read_once_for_everyone(
    devtable: Client, reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    devtable.get("/")
    reader.get("/")
    devtable.get("/")
    message_calls = [call for call in sandbox.calls if call.path == "/api/v1/messages"]
    assert len(message_calls) == 1


def test_the_overview_makes_at_most_two_calls(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    devtable.get("/")
    assert len(sandbox.calls) <= 2
    sandbox.clear_calls()
    devtable.get("/")
    assert [call.path for call in sandbox.calls] == ["/api/v1/user/"]


@pytest.fixture
def quay_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr(shared_session(), "request", refuse)


def test_quay_down_is_a_page_with_a_retry_not_a_500(devtable: Client, quay_down: None) -> None:
    page = devtable.get("/")
    assert page.status_code == 503
    assert b"Quay is unavailable" in page.content
    assert b"could not be reached" in page.content
    assert b'<a class="btn btn-primary" href="/">Try again</a>' in page.content


def test_quay_slow_is_a_page_too(
    devtable: Client, sandbox: SandboxServer, settings: object
) -> None:
    settings.QUAY_TIMEOUT = 0.2  # type: ignore[attr-defined]
    sandbox.latency_ms = 1000
    page = devtable.get("/")
    assert page.status_code == 503
    assert b"did not answer in time" in page.content


def test_quay_down_during_an_htmx_swap_shows_an_alert(devtable: Client, quay_down: None) -> None:
    fragment = devtable.get("/", headers={"HX-Request": "true"})
    assert fragment.status_code == 503
    assert fragment["HX-Retarget"] == "#page-alerts"
    assert b"Quay is unavailable" in fragment.content
    assert b"<html" not in fragment.content


def _page_for(error: Exception) -> tuple[int, str]:
    request = RequestFactory().get("/somewhere/")
    request.htmx = False  # type: ignore[attr-defined]
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    response = QuayErrorMiddleware(lambda r: None).process_exception(request, error)  # type: ignore[arg-type, return-value]
    assert response is not None
    return response.status_code, response.content.decode()


def test_a_missing_scope_says_so() -> None:
    status, html = _page_for(
        QuayPermissionDenied("Unauthorized", status=403, error_type="insufficient_scope")
    )
    assert status == 403
    # Quay says insufficient_scope for a missing role too, so both are named.
    assert "lacks a scope" in html and "lacks the role" in html


def test_a_missing_role_says_so() -> None:
    status, html = _page_for(QuayPermissionDenied("Unauthorized", status=403))
    assert status == 403
    assert "lacks the role" in html


def test_not_found_and_bad_request_are_pages() -> None:
    assert _page_for(QuayNotFound("Not Found"))[0] == 404
    status, html = _page_for(QuayBadRequest("Invalid tag name"))
    assert status == 400 and "Invalid tag name" in html


def test_a_not_found_page_says_not_found_once_and_then_why() -> None:
    status, html = _page_for(QuayNotFound("Not Found"))
    main = html[html.index("<main") :]
    assert status == 404
    assert main.lower().count("not found") == 1
    assert "Quay has no such thing, or it is hidden from your account." in main


def test_signed_out_people_are_sent_to_sign_in(sandbox: SandboxServer) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/signin/")


def test_pages_carry_a_strict_content_security_policy(devtable: Client) -> None:
    page = devtable.get("/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in page.content
    assert b"htmx-2.min.js" in page.content
    assert b"X-CSRFToken" in page.content


def test_healthz_checks_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_readyz_also_reaches_quay(client: Client, sandbox: SandboxServer, settings: object) -> None:
    assert client.get("/readyz").json()["quay"] is True
    settings.QUAY_URL = "http://127.0.0.1:9"  # type: ignore[attr-defined]
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["quay"] is False


def test_an_unknown_page_is_a_plain_404(devtable: Client) -> None:
    response = devtable.get("/no/such/page/")
    assert response.status_code == 404
