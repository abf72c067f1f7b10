"""Quay operations for the quota pages."""

from __future__ import annotations

from .transport import QuayTransport


class QuotaApi(QuayTransport):
    pass
