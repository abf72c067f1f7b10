from django.urls import URLPattern, URLResolver, path

from . import timemachine, views

app_name = "repositories"

REPO = "repository/<ns:namespace>/<repo:name>/"
TAG = REPO + "tags/<tag:tag>/"
MANIFEST = REPO + "manifest/<digest:digest>/"
SETTINGS = REPO + "settings/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("repository/", views.repository_list, name="list"),
    path("repository/new/", views.create_repository, name="create"),
    path(REPO, views.overview, name="overview"),
    path(REPO + "star/", views.star, name="star"),
    path(REPO + "tags/", views.tags, name="tags"),
    path(REPO + "tags/details/", views.tag_details, name="tag_details"),
    path(REPO + "tags/add/", views.add_tag, name="add_tag"),
    path(REPO + "tags/bulk/", views.bulk_tags, name="bulk_tags"),
    path(REPO + "tags/history/", views.tag_history, name="tag_history"),
    path(TAG + "expiration/", views.tag_expiration, name="tag_expiration"),
    path(TAG + "delete/", views.delete_tag, name="delete_tag"),
    path(TAG + "restore/", views.restore_tag, name="restore_tag"),
    path(TAG + "expire/", timemachine.expire_from_time_machine, name="expire_tag"),
    path(MANIFEST, views.manifest, name="manifest"),
    path(MANIFEST + "labels/", views.add_label, name="add_label"),
    path(MANIFEST + "labels/<uuid:label_id>/delete/", views.delete_label, name="delete_label"),
    path(SETTINGS, views.repository_settings, name="settings"),
    path(SETTINGS + "description/", views.settings_description, name="settings_description"),
    path(SETTINGS + "preview/", views.markdown_preview, name="markdown_preview"),
    path(SETTINGS + "visibility/", views.settings_visibility, name="settings_visibility"),
    path(SETTINGS + "state/", views.settings_state, name="settings_state"),
    path(SETTINGS + "delete/", views.settings_delete, name="settings_delete"),
]
