"""How every form field renders: `{{ form.field.as_field_group }}` in any template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


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
