from django.apps import AppConfig


class UsagelogsConfig(AppConfig):
    name = "dashboard.usagelogs"
    label = "usagelogs"
