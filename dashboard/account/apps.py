from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "dashboard.account"
    label = "useraccount"
