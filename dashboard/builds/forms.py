"""The start-a-build form and the superuser's build lookup, checked before any call to Quay."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms

from dashboard.web.converters import BuildUuidConverter, TagNameConverter

TAG = re.compile(rf"\A{TagNameConverter.regex}\Z")
BUILD_UUID = re.compile(rf"\A{BuildUuidConverter.regex}\Z")
ROBOT = re.compile(r"\A[a-z0-9][a-z0-9._-]*\+[a-z][a-z0-9_]{1,254}\Z")
MAX_TAGS = 50


def _archive_path(label: str, help_text: str) -> forms.CharField:
    """A path inside the build archive: the three of them optional and bounded alike."""
    return forms.CharField(label=label, required=False, max_length=1024, help_text=help_text)


class StartBuildForm(forms.Form):
    archive_url = forms.CharField(
        label="Archive URL",
        max_length=2048,
        help_text="A .tar.gz, .tar or .zip of the build context that Quay can download.",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/app.tar.gz"}),
    )
    dockerfile_path = _archive_path(
        "Dockerfile path", "Path of the Dockerfile inside the archive, e.g. build/Dockerfile."
    )
    subdirectory = _archive_path(
        "or subdirectory",
        "The folder holding a file named Dockerfile. Give this or the path, not both.",
    )
    context = _archive_path(
        "Context", "Build context inside the archive. Empty: Quay uses the Dockerfile's folder."
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=4096,
        initial="latest",
        help_text="Separated by spaces or commas. Empty: latest.",
    )
    pull_robot = forms.ChoiceField(label="Pull robot", required=False, choices=[("", "None")])

    def __init__(self, *args: Any, robots: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "None (public base images only)")]
        choices += [(name, name) for name in robots or []]
        submitted = self.data.get("pull_robot") if self.is_bound else None
        if submitted and submitted not in dict(choices):
            # The robot list may have been unavailable; Quay checks the robot itself.
            choices.append((submitted, submitted))
        field = self.fields["pull_robot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_archive_url(self) -> str:
        url = self.cleaned_data["archive_url"].strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise forms.ValidationError("Give an http:// or https:// URL.")
        if any(char.isspace() for char in url):
            raise forms.ValidationError("A URL has no spaces.")
        return url

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        tags = [tag for tag in re.split(r"[\s,]+", raw) if tag]
        if not tags:
            return ["latest"]
        bad = [tag for tag in tags if not TAG.match(tag)]
        if bad:
            raise forms.ValidationError(
                f"Not a valid tag name: {', '.join(bad[:3])}. Letters, digits, _ . - "
                "(not first), at most 128."
            )
        if len(set(tags)) != len(tags):
            raise forms.ValidationError("A tag is listed twice.")
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"At most {MAX_TAGS} tags.")
        return tags

    def clean_pull_robot(self) -> str:
        robot = self.cleaned_data.get("pull_robot") or ""
        if robot and not ROBOT.match(robot):
            raise forms.ValidationError("Not a robot account name (namespace+name).")
        return robot

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        path = (cleaned.get("dockerfile_path") or "").strip()
        subdirectory = (cleaned.get("subdirectory") or "").strip()
        if path and subdirectory:
            self.add_error("subdirectory", "Give the Dockerfile path or the folder, not both.")
        cleaned["dockerfile_path"], cleaned["subdirectory"] = path, subdirectory
        cleaned["context"] = (cleaned.get("context") or "").strip()
        return cleaned


def clean_build_uuid(value: str) -> str | None:
    """A build id as the lookup form may receive it (spaces, capitals), or None."""
    candidate = value.strip().lower()
    return candidate if BUILD_UUID.match(candidate) else None
