from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "quotas"

QUOTA = "organization/<ns:org>/quota/"
LIMIT = QUOTA + "limits/<int:limit_id>/"
EDITOR = "superuser/quotas/<str:kind>/<ns:namespace>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(QUOTA, views.organization_quota, name="organization"),
    path(QUOTA + "save/", views.save_organization_quota, name="organization_save"),
    path(QUOTA + "delete/", views.delete_organization_quota, name="organization_delete"),
    path(QUOTA + "limits/", views.add_organization_quota_limit, name="organization_limit_add"),
    path(LIMIT, views.change_organization_quota_limit, name="organization_limit_change"),
    path(
        LIMIT + "delete/", views.delete_organization_quota_limit, name="organization_limit_delete"
    ),
    path("user/quota/", views.user_quota, name="user"),
    path("superuser/quotas/", views.superuser_quotas, name="superuser"),
    path("superuser/quotas/registry/", views.registry_size, name="registry_size"),
    path(EDITOR, views.superuser_quota_editor, name="superuser_editor"),
    path(EDITOR + "delete/", views.superuser_delete_quota, name="superuser_delete"),
]
