"""The form of an organization's mirror: Quay copies every repository of a namespace of
another registry (Quay or Harbor) into an empty organization."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.quay.mirroring import OrgMirror
from dashboard.quay.organizations import ROBOT_FULLNAME
from dashboard.web.numbers import WholeNumberField

from .forms import MirrorScheduleForm

ORG_MIRROR_FIELDS = (
    (("robot",), "robot_username"),
    (("password", "username"), "password"),
    (("sync_start_date",), "sync_start"),
    (("sync_interval",), "sync_interval_value"),
    (("skopeo",), "skopeo_timeout"),
    (("visibility",), "visibility"),
    (("registry", "hostname", "url", "type"), "external_registry_url"),
    (("empty", "repositories", "already"), "external_namespace"),
)


class OrgMirrorForm(MirrorScheduleForm):
    external_registry_type = forms.ChoiceField(
        label="Source registry type",
        choices=(("quay", "Quay"), ("harbor", "Harbor")),
        help_text="Fixed once the mirror is set up: Quay ignores a change.",
    )
    external_registry_url = forms.URLField(
        label="Source registry URL", max_length=255, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://quay.io"}),
    )  # fmt: skip
    external_namespace = forms.CharField(
        label="Source namespace", max_length=255, help_text="The organization or project to copy."
    )
    repository_filters = forms.CharField(
        label="Only repositories matching",
        required=False,
        max_length=1000,
        help_text="Comma-separated glob patterns; empty for every repository.",
    )
    robot_username = forms.CharField(label="Robot account", max_length=255)
    visibility = forms.ChoiceField(
        label="Visibility of the new repositories",
        choices=(("private", "Private"), ("public", "Public")),
    )
    skopeo_timeout = WholeNumberField(
        label="Timeout of one repository's sync (seconds)", min_value=30, max_value=43_200
    )

    def __init__(self, *args: Any, org: str, existing: OrgMirror | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.org = org
        self.existing = existing
        self.fields["password"].help_text = (
            "A password is saved. Leave empty to keep it."
            if existing is not None and existing.has_password
            else "Never shown again once saved."
        )

    @classmethod
    def initial_for(cls, mirror: OrgMirror | None, org: str) -> dict[str, Any]:
        if mirror is None:
            return {
                "external_registry_type": "quay",
                "robot_username": f"{org}+",
                "visibility": "private",
                "sync_interval_value": 1,
                "sync_interval_unit": "86400",
                "sync_start": cls.first_sync(),
                "skopeo_timeout": 300,
                "verify_tls": True,
                "is_enabled": True,
            }
        return {
            **cls.schedule_initial(mirror),
            "external_registry_type": mirror.external_registry_type,
            "external_registry_url": mirror.external_registry_url,
            "external_namespace": mirror.external_namespace,
            "repository_filters": ", ".join(mirror.repository_filters),
            "robot_username": mirror.robot_username,
            "visibility": mirror.visibility,
            "skopeo_timeout": mirror.skopeo_timeout,
        }

    def clean_robot_username(self) -> str:
        value = self.cleaned_data["robot_username"].strip()
        if not ROBOT_FULLNAME.match(value) or value.partition("+")[0] != self.org:
            raise forms.ValidationError(f"A robot of this organization: {self.org}+name.")
        return value

    def clean_repository_filters(self) -> list[str]:
        raw = self.cleaned_data.get("repository_filters") or ""
        return [item.strip() for item in raw.split(",") if item.strip()]

    def _common(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "external_registry_url": data["external_registry_url"],
            "external_namespace": data["external_namespace"].strip(),
            "repository_filters": data["repository_filters"],
            "robot_username": data["robot_username"],
            "visibility": data["visibility"],
            "sync_interval": self.sync_interval(),
            "sync_start_date": self.sync_start_text(),
            "skopeo_timeout": data["skopeo_timeout"],
            "is_enabled": bool(data.get("is_enabled")),
            "external_registry_config": {
                "verify_tls": bool(data.get("verify_tls")),
                "proxy": {"https_proxy": None, "http_proxy": None, "no_proxy": None},
            },
        }

    def create_body(self) -> dict[str, Any]:
        body = {"external_registry_type": self.cleaned_data["external_registry_type"],
                **self._common()}  # fmt: skip
        username = self.cleaned_data.get("username", "").strip()
        if username:
            body["external_registry_username"] = username
            body["external_registry_password"] = self.cleaned_data.get("password") or None
        return body

    def change_body(self) -> dict[str, Any]:
        body = self._common()
        username = self.cleaned_data.get("username", "").strip()
        old = self.existing.username if self.existing else None
        if self.cleaned_data.get("password"):
            body["external_registry_username"] = username
            body["external_registry_password"] = self.cleaned_data["password"]
        elif username != (old or ""):
            body["external_registry_username"] = username or None
        return body
