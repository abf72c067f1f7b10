from django.apps import AppConfig


class TriggersConfig(AppConfig):
    name = "dashboard.triggers"
    label = "triggers"
