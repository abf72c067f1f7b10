from django.apps import AppConfig


class RepositoriesConfig(AppConfig):
    name = "dashboard.repositories"
    label = "repositories"
