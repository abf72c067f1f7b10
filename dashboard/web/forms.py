"""How every form field renders: `{{ form.field.as_field_group }}` in any template."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form templates through the project's template engine, with one field template
    for every form: label, control, help and errors, the control described by the help's and
    the errors' ids (`<id>_helptext`, `<id>_error`, Django's own `aria-describedby`)."""

    field_template_name = "includes/_field.html"
