from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "triggers"

TRIGGERS = "repository/<ns:namespace>/<repo:name>/triggers/"
TRIGGER = TRIGGERS + "<uuid:uuid>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(TRIGGERS, views.trigger_list, name="list"),
    path(TRIGGER + "builds/", views.trigger_builds, name="builds"),
    path(TRIGGER + "enabled/", views.set_enabled, name="enabled"),
    path(TRIGGER + "start/", views.start, name="start"),
    path(TRIGGER + "delete/", views.delete, name="delete"),
]
