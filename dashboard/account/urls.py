from django.urls import URLPattern, URLResolver, path, re_path

from . import views

app_name = "account"

# Quay's ids of app tokens, grants and notifications are UUIDs: nothing else reaches it.
HEX = "[0-9a-fA-F]"
UUID = rf"(?P<{{name}}>{HEX}{{{{8}}}}-{HEX}{{{{4}}}}-{HEX}{{{{4}}}}-{HEX}{{{{4}}}}-{HEX}{{{{12}}}})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("user/", views.profile, name="profile"),
    path("user/details/", views.profile_details, name="profile_details"),
    path("user/password/", views.profile_password, name="profile_password"),
    path("user/apptoken/", views.app_tokens, name="apptokens"),
    re_path(
        rf"^user/apptoken/{UUID.format(name='token_uuid')}/revoke/$",
        views.app_token_revoke,
        name="apptoken_revoke",
    ),
    path("user/authorizations/", views.authorizations, name="authorizations"),
    re_path(
        rf"^user/authorizations/{UUID.format(name='token_uuid')}/revoke/$",
        views.authorization_revoke,
        name="authorization_revoke",
    ),
    path("user/notifications/", views.notification_list, name="notifications"),
    path("user/notifications/bell/", views.notification_bell, name="bell"),
    path("user/notifications/read/", views.notification_read_all, name="notifications_read"),
    re_path(
        rf"^user/notifications/{UUID.format(name='uuid')}/read/$",
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
