"""Quay operations for the usagelogs pages."""

from __future__ import annotations

from .transport import QuayTransport


class UsageLogsApi(QuayTransport):
    pass
