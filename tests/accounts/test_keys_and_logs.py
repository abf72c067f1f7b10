"""A malformed token key stops the start; the OAuth callback's code never reaches a log line."""

from __future__ import annotations

import io
import logging

import pytest
from cryptography.fernet import Fernet

from dashboard.accounts.logfilter import RedactOAuthCallback
from tests.test_settings import PRODUCTION, manage

# A well-formed key (32 bytes, url-safe base64) made for this test, then a malformed one.
GOOD_KEY = "dGVzdC1vbmx5LWtleS0zMi1ieXRlcy1sb25nLTAwMDA="


@pytest.mark.parametrize(
    "keys",
    ["not-a-key", f"{GOOD_KEY},short", "é" * 44],
    ids=["not base64", "the second is short", "not ASCII"],
)
def test_a_malformed_token_key_stops_the_start_naming_the_variable(keys: str) -> None:
    result = manage("check", **{**PRODUCTION, "TOKEN_ENCRYPTION_KEYS": keys})
    assert result.returncode != 0
    assert "TOKEN_ENCRYPTION_KEYS" in result.stderr
    assert "is not a Fernet key" in result.stderr
    # The message names the position, never the key itself.
    assert "short" not in result.stderr.split("TOKEN_ENCRYPTION_KEYS", 1)[1]


def test_good_token_keys_start() -> None:
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    result = manage("check", **{**PRODUCTION, "TOKEN_ENCRYPTION_KEYS": keys})
    assert result.returncode == 0, result.stderr


def test_the_development_server_logs_the_callback_without_its_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /accounts/quay/login/callback/?code=SECRETCODE&state=abc HTTP/1.1", "302", "0"),
        None,
    )
    assert RedactOAuthCallback().filter(record)
    line = record.getMessage()
    assert "SECRETCODE" not in line and "state=abc" not in line
    assert "/accounts/quay/login/callback/?[query removed]" in line


def test_the_configured_handlers_redact_every_logger() -> None:
    # The settings' console handler carries the filter, so any logger's line is redacted.
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        for name in ("django.server", "dashboard.anything", "allauth"):
            logging.getLogger(name).warning(
                "redirected to %s", "/accounts/quay/login/callback/?code=SECRETCODE&state=s"
            )
    finally:
        handler.setStream(previous)
    assert "SECRETCODE" not in written.getvalue()
    assert written.getvalue().count("/accounts/quay/login/callback/?[query removed]") == 3


def test_other_query_strings_are_left_alone() -> None:
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, "GET /repository/?page=2", (), None
    )
    RedactOAuthCallback().filter(record)
    assert record.getMessage() == "GET /repository/?page=2"
