"""How every form field renders: `{{ form.field.as_field_group }}` in any template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

from dashboard.web.numbers import parse_whole

# A namespace's tag expiration in days: at most ten years, like the longest Quay's forms offer.
MAX_EXPIRATION_DAYS = 3650


class FormRenderer(TemplatesSetting):
    """Django's form templates through the project's template engine, with one field template
    for every form: label, control, help and errors, the control described by the help's and
    the errors' ids (`<id>_helptext`, `<id>_error`, Django's own `aria-describedby`)."""

    field_template_name = "includes/_field.html"


class TypedNameForm(forms.Form):
    """A destructive action confirmed by typing the name of what goes away (a repository, an
    organization, a user): the one check, written once; an area narrows the field or words
    the mismatch its own way."""

    confirm = forms.CharField(max_length=255)
    mismatch = "Type {name} to confirm."

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_confirm(self) -> str:
        value: str = self.cleaned_data["confirm"]
        if value != self.expected:
            raise forms.ValidationError(self.mismatch.format(name=self.expected))
        return value


def expiration_change(form: forms.Form, data: dict[str, Any], changes: dict[str, Any]) -> None:
    """A tag expiration typed in days (the person's own, an organization's): into `changes` as
    Quay's seconds only when it differs from what the page showed (`current_expiration_days`),
    else nothing; a number that is not one is an error at its field."""
    days = data.get("expiration_days", "")
    if days == data.get("current_expiration_days", ""):
        return
    number = parse_whole(days, maximum=MAX_EXPIRATION_DAYS)
    if number is None:
        message = f"Enter a whole number of days from 0 to {MAX_EXPIRATION_DAYS}."
        form.add_error("expiration_days", message)
    else:
        changes["tag_expiration_s"] = number * 86400
