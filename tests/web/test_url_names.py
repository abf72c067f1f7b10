"""Internal URLs are named, never spelled: `{% url %}` in templates, `reverse()` in code, so a
path changes in one place (its urls.py) and a typo is an error instead of a broken link."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from dashboard.web.links import RowLinks

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"

# Attributes that hold a URL the browser or htmx follows.
URL_ATTRIBUTE = re.compile(
    r'\b(?:href|src|action|formaction|hx-(?:get|post|put|patch|delete|push-url))="([^"]*)"'
)
# A path spelled out: at the start of the value, or glued to a variable ("{{ base }}tags/").
SPELLED_PATH = re.compile(r"^/(?!/)|(?:\}\}|%\})[a-z][a-z0-9_-]*/")
# The first parts of our own paths (dashboard/*/urls.py), as code would spell them.
OWN_PATH = re.compile(
    r"^/(?:repository|organization|organizations|superuser|user|accounts|signin|signout)"
    r"(?:/|$)"
)
# Where a spelled path is the point. Nothing else may spell one.
ALLOWED = {
    # Not a view: the path prefixes the banners skip include allauth's whole /accounts/ tree.
    "web/banners.py": {""},
}


def test_no_template_spells_an_internal_path() -> None:
    spelled = [
        f"{path.relative_to(TEMPLATES)}: {value}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for value in URL_ATTRIBUTE.findall(path.read_text())
        if SPELLED_PATH.search(value)
    ]
    assert spelled == []


def _spelled_paths(source: str, allowed: set[str]) -> list[str]:
    found: list[str] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.JoinedStr):
            # An f-string is a path of ours only from its start ("{QUAY_URL}/repository/…" is
            # Quay's page).
            first = node.values[0] if node.values else None
            text = first.value if isinstance(first, ast.Constant) else ""
            if isinstance(text, str) and OWN_PATH.match(text) and function not in allowed:
                found.append(f"{function or '(module)'}: f{text!r}…")
            return
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and OWN_PATH.match(node.value)
            and function not in allowed
        ):
            found.append(f"{function or '(module)'}: {node.value!r}")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source), "")
    return found


def test_no_view_spells_an_internal_path() -> None:
    package = ROOT / "dashboard"
    spelled = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.startswith(("sandbox/", "quay/")):
            continue  # the Quay double and the client speak Quay's paths, not ours
        allowed = ALLOWED.get(relative, set())
        spelled += [f"{relative} {where}" for where in _spelled_paths(path.read_text(), allowed)]
    assert spelled == []


def test_the_checks_see_a_spelled_path() -> None:
    assert SPELLED_PATH.search("/repository/")
    assert SPELLED_PATH.search("{{ repo_url }}tags/")
    assert not SPELLED_PATH.search("{% url 'repositories:tags' namespace name %}?page=2")
    assert not SPELLED_PATH.search("?page=2")
    assert _spelled_paths('def page():\n    return f"/organization/{org}/"\n', set())
    assert not _spelled_paths('URL = reverse("organizations:overview")\n', set())
    assert not _spelled_paths('QUAY = f"{settings.QUAY_URL}/repository/{name}"\n', set())


def test_row_links_are_what_reverse_makes() -> None:
    links = RowLinks("repositories:delete_tag", ["devtable", "simple"], "sample-tag")
    for tag in ("latest", "v1.2_3-rc", "sample-tag"):
        assert links(tag) == reverse("repositories:delete_tag", args=["devtable", "simple", tag])
    digest = "sha256:" + "ab" * 32
    manifests = RowLinks("repositories:manifest", ["devtable", "simple"], "sha256:" + "0" * 64)
    assert manifests(digest) == reverse(
        "repositories:manifest", args=["devtable", "simple", digest]
    )
