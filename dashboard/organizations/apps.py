from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dashboard.organizations"
    label = "organizations"
