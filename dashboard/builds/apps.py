from django.apps import AppConfig


class BuildsConfig(AppConfig):
    name = "dashboard.builds"
    label = "builds"
