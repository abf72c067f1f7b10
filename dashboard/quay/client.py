"""`QuayClient`: every Quay operation Quayside uses, one mixin per area over one transport."""

from __future__ import annotations

from django.conf import settings

from .account import AccountApi
from .applications import ApplicationsApi
from .builds import BuildsApi
from .core import CoreApi
from .notifications import NotificationsApi
from .organizations import OrganizationsApi
from .policies import PoliciesApi
from .quota import QuotaApi
from .repositories import RepositoriesApi
from .security import SecurityApi
from .superuser import SuperuserApi
from .triggers import TriggersApi
from .usagelogs import UsageLogsApi


class QuayClient(
    CoreApi,
    RepositoriesApi,
    BuildsApi,
    UsageLogsApi,
    QuotaApi,
    SuperuserApi,
    OrganizationsApi,
    NotificationsApi,
    PoliciesApi,
    AccountApi,
    SecurityApi,
    ApplicationsApi,
    TriggersApi,
):
    @classmethod
    def from_settings(cls, token: str = "") -> QuayClient:
        verify: bool | str = settings.QUAY_VERIFY_TLS
        if verify and settings.QUAY_CA_BUNDLE:
            verify = settings.QUAY_CA_BUNDLE
        return cls(
            settings.QUAY_URL,
            token,
            timeout=settings.QUAY_TIMEOUT,
            connect_timeout=settings.QUAY_CONNECT_TIMEOUT,
            verify=verify,
        )
