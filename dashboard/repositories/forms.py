"""Forms of the repository pages: each checks Quay's own rules before any call is made."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from django import forms

from dashboard.quay.repositories import REPOSITORY_STATES
from dashboard.web import clock
from dashboard.web.forms import TypedNameForm

# Quay's rules, as its API enforces them.
REPOSITORY_NAME = re.compile(r"^[a-z0-9][.a-z0-9_-]{0,254}$")
TAG_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
LABEL_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9]|[-.](?![-.]))*$")
RESERVED_LABEL_PREFIXES = ("com.docker.", "io.docker.", "org.dockerproject.")
VISIBILITIES = (("private", "Private"), ("public", "Public"))
STATE_LABELS = {"NORMAL": "Normal", "READ_ONLY": "Read-only", "MIRROR": "Mirror"}


def is_tag_name(value: str) -> bool:
    return bool(TAG_NAME.match(value))


def is_digest(value: str) -> bool:
    return bool(DIGEST.match(value))


class CreateRepositoryForm(forms.Form):
    namespace = forms.ChoiceField(
        help_text="Your own namespace, or an organization where you may create repositories."
    )
    name = forms.CharField(
        max_length=255, strip=True, help_text="Lowercase letters, digits, and . _ - (not first)."
    )
    visibility = forms.ChoiceField(choices=VISIBILITIES, initial="private")
    description = forms.CharField(
        required=False, max_length=100_000, widget=forms.Textarea, help_text="Markdown."
    )

    def __init__(self, *args: object, namespaces: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["namespace"].choices = [(ns, ns) for ns in namespaces]  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if not REPOSITORY_NAME.match(name):
            raise forms.ValidationError(
                "Use lowercase letters, digits, and . _ - (not first); at most 255 characters."
            )
        return name


class TagForm(forms.Form):
    """Add a tag, or move an existing one, to a manifest digest."""

    tag = forms.CharField(max_length=128, strip=True)
    digest = forms.CharField(max_length=71, strip=True)

    def clean_tag(self) -> str:
        tag: str = self.cleaned_data["tag"]
        if not is_tag_name(tag):
            raise forms.ValidationError(
                "Letters, digits, _ . - (not . or - first), at most 128 characters."
            )
        return tag

    def clean_digest(self) -> str:
        digest: str = self.cleaned_data["digest"].lower()
        if not is_digest(digest):
            raise forms.ValidationError("A digest is sha256: followed by 64 hexadecimal digits.")
        return digest


class ExpirationForm(forms.Form):
    """A date and time (UTC) in the future, or `clear`."""

    expiration = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )
    clear = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        when = data.get("expiration")
        if data.get("clear"):
            data["timestamp"] = None
            return data
        if not isinstance(when, datetime):
            if not self.errors:
                self.add_error("expiration", "Choose when the tag expires, or clear it.")
            return data
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when
        if when <= clock.now():
            self.add_error("expiration", "The expiration must be in the future.")
        data["timestamp"] = int(when.timestamp())
        return data


# A page of tags at most: each selected tag is one call to Quay.
MAX_BULK_TAGS = 100


class BulkTagsForm(ExpirationForm):
    action = forms.ChoiceField(choices=(("delete", "Delete"), ("expire", "Set expiration")))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        raw = self.data.getlist("tags") if hasattr(self.data, "getlist") else []
        self.tags = [t for t in dict.fromkeys(raw) if isinstance(t, str)]

    def clean(self) -> dict[str, object]:
        action = self.data.get("action")
        data = forms.Form.clean(self) or {} if action == "delete" else super().clean()
        if not self.tags:
            raise forms.ValidationError("Select at least one tag.")
        if len(self.tags) > MAX_BULK_TAGS:
            raise forms.ValidationError(f"Select at most {MAX_BULK_TAGS} tags at once.")
        bad = [t for t in self.tags if not is_tag_name(t)]
        if bad:
            raise forms.ValidationError(f"Not a tag name: {bad[0][:130]}")
        return data


class LabelForm(forms.Form):
    key = forms.CharField(max_length=255, strip=True)
    value = forms.CharField(max_length=4096, strip=False)
    media_type = forms.ChoiceField(
        choices=(("text/plain", "Text"), ("application/json", "JSON")), initial="text/plain"
    )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if not LABEL_KEY.match(key) or key.endswith((".", "-")):
            raise forms.ValidationError(
                "Lowercase letters, digits, and single . or - between them."
            )
        if key.startswith(RESERVED_LABEL_PREFIXES):
            raise forms.ValidationError("This prefix is reserved for the image's own labels.")
        return key

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("media_type") == "application/json" and "value" in data:
            try:
                json.loads(str(data["value"]))
            except ValueError:
                self.add_error("value", "The value is not valid JSON.")
        return data


class DescriptionForm(forms.Form):
    description = forms.CharField(required=False, max_length=100_000, widget=forms.Textarea)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=VISIBILITIES)


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(s, STATE_LABELS[s]) for s in REPOSITORY_STATES],
        help_text="Read-only refuses pushes and tag changes; mirror lets only the mirror write.",
    )


class DeleteRepositoryForm(TypedNameForm):
    confirm = forms.CharField(max_length=512)  # namespace/name
