from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "dashboard.quotas"
    label = "quotas"
