from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from dashboard.quay.client import QuayClient
from dashboard.quay.transport import api_path
from dashboard.web.htmx import HtmxHttpRequest


class QuayOAuth2Adapter(OAuth2Adapter):
    provider_id = "quay"
    # Quay takes client credentials in the form body; HTTP Basic makes it answer 500.
    basic_auth = False

    @property
    def authorize_url(self) -> str:
        return f"{settings.QUAY_URL}/oauth/authorize"

    @property
    def access_token_url(self) -> str:
        return f"{settings.QUAY_URL}/oauth/access_token"

    def get_access_token_data(
        self,
        request: HtmxHttpRequest,
        app: SocialApp,
        client: OAuth2Client,
        pkce_code_verifier: str | None = None,
    ) -> dict[str, Any]:
        # Quay stores the code with the exact scope string it authorized and compares it at
        # the exchange; allauth's own join order varies, so send back what Quay echoed.
        code = request.GET.get("code", "")
        scope = request.GET.get("scope", "")
        data = client.get_access_token(
            code, pkce_code_verifier=pkce_code_verifier, extra_data={"scope": scope}
        )
        self.did_fetch_access_token = True
        return data

    def parse_token(self, data: dict[str, Any]) -> SocialToken:
        # Quay answers "refresh_token": null, which the NOT NULL column refuses.
        return super().parse_token({**data, "refresh_token": data.get("refresh_token") or ""})

    def complete_login(
        self, request: HtmxHttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        body = QuayClient.from_settings(token.token).get(api_path("user/"))
        return self.get_provider().sociallogin_from_response(request, body)


def _only_when_configured(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Without an OAuth application allauth has no app to use (and would answer 500): the
    person is sent to token sign-in, which is all this installation offers."""

    @wraps(view)
    def guarded(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (settings.QUAY_OAUTH_CLIENT_ID and settings.QUAY_OAUTH_CLIENT_SECRET):
            messages.info(request, "Sign in with Quay is not set up here: sign in with a token.")
            return redirect("accounts:signin")
        return view(request, *args, **kwargs)

    return guarded


oauth2_login = _only_when_configured(OAuth2LoginView.adapter_view(QuayOAuth2Adapter))
oauth2_callback = _only_when_configured(OAuth2CallbackView.adapter_view(QuayOAuth2Adapter))
