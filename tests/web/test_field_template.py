"""One field template for every form: `as_field_group` through the project's form renderer."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings

from dashboard.web.forms import FormRenderer


class NameForm(forms.Form):
    name = forms.CharField(max_length=10, help_text="Lowercase letters.")


def test_the_control_is_described_by_its_help_and_its_errors() -> None:
    form = NameForm({"name": "x" * 11})
    assert isinstance(form.renderer, FormRenderer)
    html = str(form["name"].as_field_group())
    described = re.search(r'aria-describedby="([^"]*)"', html)
    assert described is not None
    assert described.group(1).split() == ["id_name_helptext", "id_name_error"]
    assert '<p class="help" id="id_name_helptext">Lowercase letters.</p>' in html
    assert re.search(r'<p class="field-error" id="id_name_error" role="alert">[^<]+</p>', html)
    assert 'aria-invalid="true"' in html and 'class="field field-invalid"' in html


def test_a_valid_field_has_no_error_to_point_at() -> None:
    html = str(NameForm({"name": "ok"})["name"].as_field_group())
    assert 'aria-describedby="id_name_helptext"' in html and "_error" not in html


def test_no_template_writes_a_field_of_its_own() -> None:
    templates = Path(settings.BASE_DIR) / "templates"
    own = [p.name for p in templates.rglob("_field.html") if p.parent.name != "includes"]
    assert own == []
