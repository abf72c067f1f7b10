from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "repository/<ns:namespace>/<repo:name>/logs/",
        views.repository_logs,
        name="repository-logs",
    ),
    path(
        "repository/<ns:namespace>/<repo:name>/logs/export/",
        views.repository_logs_export,
        name="repository-logs-export",
    ),
    path("organization/<ns:org>/logs/", views.organization_logs, name="organization-logs"),
    path(
        "organization/<ns:org>/logs/export/",
        views.organization_logs_export,
        name="organization-logs-export",
    ),
    path("user/logs/", views.user_logs, name="user-logs"),
    path("user/logs/export/", views.user_logs_export, name="user-logs-export"),
    path("superuser/logs/", views.superuser_logs, name="superuser-logs"),
    path("superuser/logs/export/", views.superuser_logs_export, name="superuser-logs-export"),
]
