from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "applications"

APPS = "organization/<ns:org>/applications/"
APP = APPS + "<clientid:client_id>/"
# Picking an existing application and repointing it are one view; the URL says which.
PICK, REPOINT = {"repoint": False}, {"repoint": True}

urlpatterns: list[URLPattern | URLResolver] = [
    path(APPS, views.application_list, name="list"),
    path(APPS + "new/", views.create_application, name="create"),
    path(APPS + "quayside/", views.setup_quayside, name="quayside"),
    path(APPS + "quayside/create/", views.quayside_create, name="quayside_create"),
    path(APPS + "quayside/pick/", views.quayside_existing, PICK, name="quayside_pick"),
    path(APPS + "quayside/repoint/", views.quayside_existing, REPOINT, name="quayside_repoint"),
    path(APP, views.application_detail, name="detail"),
    path(APP + "change/", views.change_application, name="change"),
    path(APP + "delete/", views.delete_application, name="delete"),
    path(APP + "secret/", views.reset_secret, name="reset_secret"),
    path(APP + "tokens/new/", views.create_token, name="create_token"),
    path(APP + "tokens/<uuid:uuid>/revoke/", views.revoke_token, name="revoke_token"),
]
