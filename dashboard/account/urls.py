from django.urls import URLPattern, URLResolver, path, re_path

from . import views

# Quay's uuids (app tokens, authorizations, notifications) and invitation codes.
UUID = r"(?P<{name}>[0-9A-Za-z-]{{1,64}})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("user/", views.profile, name="account-profile"),
    path("user/apptoken/", views.app_tokens, name="account-apptokens"),
    re_path(rf"^user/apptoken/{UUID.format(name='token_uuid')}/revoke/$", views.app_token_revoke),
    path("user/authorizations/", views.authorizations, name="account-authorizations"),
    re_path(
        rf"^user/authorizations/{UUID.format(name='token_uuid')}/revoke/$",
        views.authorization_revoke,
    ),
    path("user/notifications/", views.notification_list, name="account-notifications"),
    path("user/notifications/bell/", views.notification_bell, name="account-bell"),
    path("user/notifications/read/", views.notification_read_all),
    re_path(rf"^user/notifications/{UUID.format(name='uuid')}/read/$", views.notification_read),
    path("user/invitations/", views.invitation_panel, name="account-invitations"),
    re_path(
        rf"^user/invitations/{UUID.format(name='code')}/(?P<answer>accept|decline)/$",
        views.invitation_answer,
    ),
]
