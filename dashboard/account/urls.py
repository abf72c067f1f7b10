from django.urls import URLPattern, URLResolver, path, re_path

from . import views

app_name = "account"

# Quay's ids of app tokens, grants and notifications are UUIDs (`hexuuid`): nothing else
# reaches it.
urlpatterns: list[URLPattern | URLResolver] = [
    path("user/", views.profile, name="profile"),
    path("user/details/", views.profile_details, name="profile_details"),
    path("user/password/", views.profile_password, name="profile_password"),
    path("user/apptoken/", views.app_tokens, name="apptokens"),
    path(
        "user/apptoken/<hexuuid:token_uuid>/revoke/",
        views.app_token_revoke,
        name="apptoken_revoke",
    ),
    path("user/authorizations/", views.authorizations, name="authorizations"),
    path(
        "user/authorizations/<hexuuid:token_uuid>/revoke/",
        views.authorization_revoke,
        name="authorization_revoke",
    ),
    path("user/notifications/", views.notification_list, name="notifications"),
    path("user/notifications/bell/", views.notification_bell, name="bell"),
    path("user/notifications/read/", views.notification_read_all, name="notifications_read"),
    path(
        "user/notifications/<hexuuid:uuid>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("user/invitations/", views.invitation_panel, name="invitations"),
    re_path(
        r"^user/invitations/(?P<code>[0-9A-Za-z]{1,64})/(?P<answer>accept|decline)/$",
        views.invitation_answer,
        name="invitation_answer",
    ),
]
