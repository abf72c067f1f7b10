"""allauth glue for "Sign in with Quay": match the Quay account to our user, keep the token
encrypted in our own table (one row for this sign-in), and speak to Quay with our own
User-Agent."""

from __future__ import annotations

from typing import Any

import requests
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin

from dashboard.quay.core import CurrentUser
from dashboard.quay.transport import USER_AGENT
from dashboard.web.htmx import HtmxHttpRequest

from .tokens import hold_token_for_login, user_for_quay_account


class QuaySocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HtmxHttpRequest, sociallogin: SocialLogin) -> None:
        quay_user = CurrentUser.from_api(sociallogin.account.extra_data)
        user = user_for_quay_account(quay_user.username)
        if not sociallogin.is_existing:
            # Attach the Quay account to the user token sign-in may already have made, so
            # allauth never parks the login (and the plaintext token) in the session for a
            # sign-up form.
            sociallogin.user = user
            sociallogin.save(request, connect=True)
        # Stored for this session by the login allauth does next (see `store_held_token`).
        hold_token_for_login(request, quay_user, sociallogin.token.token)
        # allauth must not keep a copy of its own.
        sociallogin.token.token = ""

    def get_requests_session(self) -> requests.Session:
        session = super().get_requests_session()
        session.headers["User-Agent"] = USER_AGENT
        return session

    def is_open_for_signup(self, request: HtmxHttpRequest, sociallogin: Any) -> bool:
        return True
