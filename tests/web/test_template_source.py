"""Mistakes in template source that render as text instead of failing."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_comment_tag_spans_lines() -> None:
    """`{# ... #}` ends at its line: spread over two, Django prints it into the page."""
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\{#(?!.*#\})", line)
    ]

    assert unclosed == []


def test_timestamps_go_through_the_one_time_format() -> None:
    """A time of day is shown by the `when` filter (a `<time>` element, relative or exact UTC),
    never by Django's `date` filter with a home-made pattern (a form field's value may: it is
    the input's own format)."""
    home_made = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"""(?<!value=")\{\{[^}]*\|date:["'][^"']*[HGgis]""", line)
    ]

    assert home_made == []
