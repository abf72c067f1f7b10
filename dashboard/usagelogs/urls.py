from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "usagelogs"

# The same two pages (the logs, their export) for each place Quay keeps logs of.
PLACES = (
    ("repository/<ns:namespace>/<repo:name>/", "repository", views.repository_logs,
     views.repository_logs_export),
    ("organization/<ns:org>/", "organization", views.organization_logs,
     views.organization_logs_export),
    ("user/", "user", views.user_logs, views.user_logs_export),
    ("superuser/", "superuser", views.superuser_logs, views.superuser_logs_export),
)  # fmt: skip

urlpatterns: list[URLPattern | URLResolver] = []
for prefix, place, logs, export in PLACES:
    urlpatterns += [
        path(prefix + "logs/", logs, name=place),
        path(prefix + "logs/export/", export, name=f"{place}_export"),
    ]
