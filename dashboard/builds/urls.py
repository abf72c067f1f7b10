from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "builds"

_BUILDS = "repository/<ns:namespace>/<repo:name>/builds/"
_BUILD = _BUILDS + "<builduuid:uuid>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(_BUILDS, views.build_list, name="list"),
    path(_BUILDS + "new/", views.start_build, name="start"),
    path(_BUILD, views.build_detail, name="detail"),
    path(_BUILD + "log/", views.build_log, name="log"),
    path(_BUILD + "log.txt", views.build_log_download, name="download"),
    path(_BUILD + "cancel/", views.cancel_build, name="cancel"),
    path("superuser/builds/", views.superuser_lookup, name="superuser_lookup"),
    path("superuser/builds/<builduuid:uuid>/", views.superuser_build, name="superuser_detail"),
    path("superuser/builds/<builduuid:uuid>/log/", views.superuser_build_log, name="superuser_log"),
    path(
        "superuser/builds/<builduuid:uuid>/log.txt",
        views.superuser_build_download,
        name="superuser_download",
    ),
]
