"""Forms of the OAuth applications pages."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.quay.applications import SCOPES
from dashboard.web.numbers import WholeNumberField

APPLICATION_FIELDS = (
    (("redirect",), "redirect_uri"),
    (("application_uri", "homepage"), "application_uri"),
    (("avatar", "e-mail", "email"), "avatar_email"),
    (("description",), "description"),
    (("name",), "name"),
)
TOKEN_FIELDS = (
    (("scope",), "scopes"),
    (("expiration", "minimum"), "expiration_days"),
    (("name",), "name"),
)


class ApplicationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=255)
    redirect_uri = forms.URLField(
        label="Redirect URI",
        max_length=255,
        assume_scheme="https",
        help_text="Where Quay sends people back after they authorize the application.",
    )
    application_uri = forms.URLField(
        label="Homepage", max_length=255, required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label="Description", max_length=1000, required=False, widget=forms.Textarea({"rows": 2})
    )
    avatar_email = forms.EmailField(label="Avatar e-mail", required=False)

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "redirect_uri": data["redirect_uri"],
            "application_uri": data.get("application_uri") or "",
            "description": data.get("description") or "",
            "avatar_email": data.get("avatar_email") or "",
        }


class TokenForm(forms.Form):
    name = forms.CharField(label="Token name", max_length=255)
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=SCOPES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one scope."},
    )
    expiration_days = WholeNumberField(
        label="Expires after (days)",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Empty: Quay's longest lifetime (ten years).",
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name
