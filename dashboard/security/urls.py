from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "security"

urlpatterns: list[URLPattern | URLResolver] = [
    path("organization/<ns:org>/security/", views.organization_security, name="organization"),
    path("user/security/", views.user_security, name="user"),
    path("repository/<ns:namespace>/<repo:name>/compare/", views.compare_manifests, name="compare"),
]
