from django.urls import URLPattern, URLResolver, path, re_path

from . import additions, views

app_name = "superuser"

# Service key ids are base64url thumbprints ("0z7f…AUY") or names given at creation ("kid1").
KID = r"(?P<kid>[A-Za-z0-9_-]{1,255})"
# Message uuids as Quay makes them.
UUID = r"(?P<uuid>[0-9a-fA-F-]{1,64})"
USER = "superuser/users/<ns:username>/"
ORG = "superuser/organizations/<ns:name>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("superuser/", views.console, name="console"),
    path("superuser/messages/", views.message_list, name="messages"),
    path("superuser/messages/preview/", views.message_preview, name="message_preview"),
    path("superuser/messages/new/", views.message_create, name="message_create"),
    re_path(rf"^superuser/messages/{UUID}/delete/$", views.message_delete, name="message_delete"),
    path("superuser/keys/", views.key_list, name="keys"),
    path("superuser/keys/new/", views.key_create, name="key_create"),
    path("superuser/keys/bulk/", views.key_bulk, name="key_bulk"),
    re_path(rf"^superuser/keys/{KID}/approve/$", views.key_approve, name="key_approve"),
    re_path(rf"^superuser/keys/{KID}/update/$", views.key_update, name="key_update"),
    re_path(rf"^superuser/keys/{KID}/delete/$", views.key_delete, name="key_delete"),
    path("superuser/users/", views.user_list, name="users"),
    path("superuser/users/new/", views.user_create, name="user_create"),
    path(USER + "enabled/", views.user_enable, name="user_enable"),
    path(USER + "email/", views.user_email, name="user_email"),
    path(USER + "recovery/", views.user_recovery, name="user_recovery"),
    path(USER + "delete/", views.user_delete, name="user_delete"),
    path(USER + "password/", additions.user_password, name="user_password"),
    path("superuser/apptokens/", additions.app_tokens, name="apptokens"),
    path("superuser/organizations/", views.organization_list, name="organizations"),
    path(ORG + "update/", views.organization_update, name="organization_update"),
    path(
        ORG + "takeownership/",
        views.organization_take_ownership,
        name="organization_take_ownership",
    ),
    path(ORG + "delete/", views.organization_delete, name="organization_delete"),
]
