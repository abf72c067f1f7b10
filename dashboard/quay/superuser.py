"""Quay operations for the superuser pages."""

from __future__ import annotations

from .transport import QuayTransport


class SuperuserApi(QuayTransport):
    pass
