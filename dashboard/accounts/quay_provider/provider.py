from __future__ import annotations

from typing import Any

from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.conf import settings

from .views import QuayOAuth2Adapter


class QuayAccount(ProviderAccount):
    def to_str(self) -> str:
        return str(self.account.extra_data.get("username") or super().to_str())


class QuayProvider(OAuth2Provider):
    id = "quay"
    name = "Quay"
    account_class = QuayAccount
    oauth2_adapter_class = QuayOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return list(settings.QUAY_OAUTH_SCOPES)

    def extract_uid(self, data: dict[str, Any]) -> str:
        # Quay's user has no numeric id: the username on this Quay host is the identity.
        from dashboard.accounts.tokens import dashboard_username

        return dashboard_username(str(data["username"]))

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        from dashboard.accounts.tokens import dashboard_username

        return {"username": dashboard_username(str(data["username"]))}


provider_classes = [QuayProvider]
