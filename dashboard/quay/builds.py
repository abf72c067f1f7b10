"""Quay operations for the builds pages."""

from __future__ import annotations

from .transport import QuayTransport


class BuildsApi(QuayTransport):
    pass
