"""Settings come from the environment: safe in production, loud when malformed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 30 + "-production-secret-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "quayside.example.com",
    "QUAY_URL": "https://quay.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The test session's own switches (a test database, async-unsafe for the browser) stay out.
    skip = {*PRODUCTION, "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_deploy_check_passes_with_a_production_environment() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("QUAY_TIMEOUT", "soon"),
        ("QUAY_VERIFY_TLS", "maybe"),
        ("QUAY_URL", "ftp://quay.example.com"),
        ("REDIS_URL", "memcached://x"),
        ("SECURE_PROXY_SSL_HEADER", "X_FORWARDED_PROTO"),
        ("SECURE_SSL_REDIRECT", "perhaps"),
    ],
)
def test_a_malformed_value_names_its_variable(variable: str, value: str) -> None:
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = manage("check", DEBUG="false")
    assert "SECRET_KEY must be set" in result.stderr
