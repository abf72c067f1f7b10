"""The console's forms: each checks what Quay would refuse before Quay is asked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from dashboard.quay.core import SEVERITIES
from dashboard.web import clock

MEDIA_TYPES = (("text/markdown", "Markdown"), ("text/plain", "Plain text"))

# Quay's rules (util/validation.py and the service key endpoints).
USERNAME_RULE = RegexValidator(
    r"^[a-z0-9_][a-z0-9_.-]{1,254}$",
    "Lowercase letters, digits, _, . and - only; at least two characters.",
)
SERVICE_RULE = RegexValidator(r"^[a-z0-9_]+$", "Lowercase letters, digits and _ only.")
KEY_NAME_RULE = RegexValidator(r"^[\w\s-]*$", "Letters, digits, spaces, _ and - only.")

# Quay's default TAG_EXPIRATION_OPTIONS.
TAG_EXPIRATIONS = (
    ("", "Keep as it is"),
    ("0", "Immediately (no time machine)"),
    ("86400", "1 day"),
    ("604800", "1 week"),
    ("1209600", "2 weeks"),
    ("2419200", "4 weeks"),
)

METADATA_ROWS = 3


class MessageForm(forms.Form):
    content = forms.CharField(max_length=10_000, strip=True, widget=forms.Textarea)
    severity = forms.ChoiceField(choices=[(s, s.capitalize()) for s in SEVERITIES], initial="info")
    media_type = forms.ChoiceField(choices=MEDIA_TYPES, initial="text/markdown")
    # The uuid of the message this one replaces (Quay has no update).
    replaces = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


def _utc_timestamp(value: datetime | None) -> int | None:
    if value is None:
        return None
    # datetime-local has no zone: the form says the time is UTC.
    return int(value.replace(tzinfo=UTC).timestamp())


class ExpirationField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs
        )

    def to_python(self, value: Any) -> datetime | None:
        parsed = super().to_python(value)
        return parsed.replace(tzinfo=None) if parsed else None


def _check_future(value: datetime | None) -> None:
    if value is not None and value.replace(tzinfo=UTC) <= clock.now():
        raise forms.ValidationError("The expiration must be in the future.")


class ServiceKeyForm(forms.Form):
    service = forms.CharField(max_length=255, validators=[SERVICE_RULE])
    name = forms.CharField(
        max_length=255, required=False, validators=[KEY_NAME_RULE], label="Name (optional)"
    )
    expiration = ExpirationField(
        help_text="UTC. Leave empty for a key that never expires.", label="Expiration (optional)"
    )
    notes = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea, label="Notes (optional)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(METADATA_ROWS):
            self.fields[f"meta_key_{row}"] = forms.CharField(
                max_length=100, required=False, label=f"Key {row + 1}"
            )
            self.fields[f"meta_value_{row}"] = forms.CharField(
                max_length=1000, required=False, label=f"Value {row + 1}"
            )

    def clean_expiration(self) -> datetime | None:
        value: datetime | None = self.cleaned_data.get("expiration")
        _check_future(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in range(METADATA_ROWS):
            key, value = cleaned.get(f"meta_key_{row}"), cleaned.get(f"meta_value_{row}")
            if value and not key:
                self.add_error(f"meta_key_{row}", "A value needs a key.")
        return cleaned

    @property
    def metadata_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"meta_key_{row}"], self[f"meta_value_{row}"]) for row in range(METADATA_ROWS)
        ]

    def metadata(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for row in range(METADATA_ROWS):
            key = self.cleaned_data.get(f"meta_key_{row}")
            if key:
                result[key] = self.cleaned_data.get(f"meta_value_{row}") or ""
        return result

    def expiration_timestamp(self) -> int | None:
        return _utc_timestamp(self.cleaned_data.get("expiration"))


class ServiceKeyUpdateForm(forms.Form):
    name = forms.CharField(max_length=255, required=False, validators=[KEY_NAME_RULE])
    expiration = ExpirationField()
    no_expiration = forms.BooleanField(required=False, label="Never expires")

    def clean_expiration(self) -> datetime | None:
        value: datetime | None = self.cleaned_data.get("expiration")
        _check_future(value)
        return value

    def expiration_timestamp(self) -> int | None:
        return _utc_timestamp(self.cleaned_data.get("expiration"))


class ApproveForm(forms.Form):
    notes = forms.CharField(max_length=1000, required=False)


class BulkKeysForm(forms.Form):
    action = forms.ChoiceField(choices=(("approve", "Approve"), ("delete", "Delete")))
    kid = forms.MultipleChoiceField(error_messages={"required": "Select at least one key."})
    notes = forms.CharField(max_length=1000, required=False)

    def __init__(self, *args: Any, kids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kid"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kid, kid) for kid in kids]


class CreateUserForm(forms.Form):
    username = forms.CharField(max_length=255, validators=[USERNAME_RULE])
    email = forms.EmailField(max_length=255)


class UserEmailForm(forms.Form):
    email = forms.EmailField(max_length=255)


class OrganizationForm(forms.Form):
    email = forms.EmailField(max_length=255, required=False)
    tag_expiration_s = forms.TypedChoiceField(
        choices=TAG_EXPIRATIONS, coerce=int, empty_value=None, required=False,
        label="Tag expiration",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and cleaned.get("tag_expiration_s") is None and not self.errors:
            raise forms.ValidationError("Change the e-mail, the tag expiration, or both.")
        return cleaned
