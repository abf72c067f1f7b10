from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "usagelogs"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "repository/<ns:namespace>/<repo:name>/logs/",
        views.repository_logs,
        name="repository",
    ),
    path(
        "repository/<ns:namespace>/<repo:name>/logs/export/",
        views.repository_logs_export,
        name="repository_export",
    ),
    path("organization/<ns:org>/logs/", views.organization_logs, name="organization"),
    path(
        "organization/<ns:org>/logs/export/",
        views.organization_logs_export,
        name="organization_export",
    ),
    path("user/logs/", views.user_logs, name="user"),
    path("user/logs/export/", views.user_logs_export, name="user_export"),
    path("superuser/logs/", views.superuser_logs, name="superuser"),
    path("superuser/logs/export/", views.superuser_logs_export, name="superuser_export"),
]
