from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dashboard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .tokens import store_held_token

        # Both sign-ins (a pasted token, and Quay's OAuth through allauth) end in Django's
        # login, which may renew the session: the token is stored for the session after it.
        user_logged_in.connect(store_held_token, dispatch_uid="quayside-store-held-token")
