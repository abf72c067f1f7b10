"""The profile's two forms, checked with Quay's own rules before anything is sent."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.quay.account import email_problem, password_problem
from dashboard.web.forms import expiration_change

DETAIL_FIELDS = ("given_name", "family_name", "company", "location")


def _shown() -> forms.CharField:
    # What the page showed (hidden `current_<field>`): a field left as it was is not sent.
    return forms.CharField(required=False, strip=False)


class ProfileForm(forms.Form):
    """A form of the profile: `clean` gathers in `changes` what Quay's `PUT /api/v1/user/` is
    to get, so that a form with nothing changed sends nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changes: dict[str, Any] = {}


class DetailsForm(ProfileForm):
    """The profile's details. `changes` holds only what differs from what the page showed, as
    Quay's `PUT /api/v1/user/` takes it (an emptied detail becomes null)."""

    email = forms.CharField(required=False)  # bounded by email_problem (254)
    given_name = forms.CharField(required=False)
    family_name = forms.CharField(required=False)
    company = forms.CharField(required=False)
    location = forms.CharField(required=False)
    expiration_days = forms.CharField(required=False)
    current_email = _shown()
    current_given_name = _shown()
    current_family_name = _shown()
    current_company = _shown()
    current_location = _shown()
    current_expiration_days = _shown()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("email", "")
        if email != data.get("current_email", ""):
            problem = email_problem(email)
            if problem:
                self.add_error("email", problem)
            else:
                self.changes["email"] = email
        for name in DETAIL_FIELDS:
            value = data.get(name, "")
            if len(value) > 255:
                self.add_error(name, "At most 255 characters.")
            elif value != data.get(f"current_{name}", ""):
                self.changes[name] = value or None
        expiration_change(self, data, self.changes)
        return data


class PasswordForm(ProfileForm):
    password = forms.CharField(required=False, strip=False)
    password_again = forms.CharField(required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password", "")
        problem = password_problem(password)
        if problem:
            self.add_error("password", problem)
        elif password != data.get("password_again", ""):
            self.add_error("password_again", "The two passwords differ.")
        else:
            self.changes["password"] = password
        return data
