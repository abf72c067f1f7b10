from django.apps import AppConfig


class SuperuserConfig(AppConfig):
    name = "dashboard.superuser"
    label = "superuser"
