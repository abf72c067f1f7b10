"""The quota forms: a size, and a limit (a type at a percentage of the quota). Each is checked
here first and sends nothing when it is wrong; one error per form, shown under it, so the
templates read `form.values` and `form.error`."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.quay.quota import QuotaLimit

from .sizes import InputError, check_limit, parse_limit_type, parse_percent, parse_size


class _OneErrorForm(forms.Form):
    @property
    def values(self) -> dict[str, str]:
        """What the person typed (or the form started with), for the inputs."""
        return {name: str(self[name].value() or "") for name in self.fields}

    @property
    def error(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


class QuotaForm(_OneErrorForm):
    amount = forms.CharField(required=False, max_length=32)
    unit = forms.CharField(required=False, max_length=8)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        try:
            data["size"] = parse_size(data.get("amount", ""), data.get("unit", ""))
        except InputError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class LimitForm(_OneErrorForm):
    """A limit, checked against the limits the page showed (`existing`): Quay stays the judge,
    a stale page only means its refusal shows instead."""

    type = forms.CharField(required=False, max_length=16)
    percent = forms.CharField(required=False, max_length=8)

    def __init__(
        self,
        *args: Any,
        existing: list[QuotaLimit] | None = None,
        editing: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.existing, self.editing = existing or [], editing

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        try:
            kind = parse_limit_type(data.get("type", ""))
            percent = parse_percent(data.get("percent", ""))
            check_limit(kind, percent, self.existing, editing=self.editing)
        except InputError as error:
            raise forms.ValidationError(str(error)) from error
        data["kind"], data["percent_value"] = kind, percent
        return data
