from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dashboard.applications"
    label = "applications"
