"""Every environment variable Quayside reads is documented, in the README's table and in
.env.example, and nothing is documented that nothing reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The files that read the environment for an installation (dashboard/wsgi.py only sets a default).
READERS = ("dashboard/settings.py", "gunicorn.conf.py")
# settings.py's own helpers, each reading one variable named by its first argument.
ENV_HELPERS = {"envbool", "envint", "envfloat", "envlist"}
NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _variable_read_by(node: ast.AST) -> str | None:
    """The variable a node reads: os.environ.get("X"), os.getenv("X"), os.environ["X"] or one of
    the settings' helpers."""
    if isinstance(node, ast.Subscript):
        target, key = node.value, node.slice
    elif isinstance(node, ast.Call) and node.args:
        function, key = node.func, node.args[0]
        if isinstance(function, ast.Name) and function.id in ENV_HELPERS:
            target = None
        elif isinstance(function, ast.Attribute) and function.attr in ("get", "getenv"):
            target = function.value
        else:
            return None
    else:
        return None
    if target is not None and ast.unparse(target) not in ("os.environ", "os"):
        return None
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    raise AssertionError(f"an environment read this test cannot name: {ast.unparse(node)}")


def _nodes_outside_the_helpers(tree: ast.Module) -> list[ast.AST]:
    """Every node but the helpers' own bodies, which read the variable their caller names."""
    helpers = [
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in ENV_HELPERS
    ]
    inside = {id(node) for helper in helpers for node in ast.walk(helper)}
    return [node for node in ast.walk(tree) if id(node) not in inside]


def variables_read() -> set[str]:
    names = set()
    for reader in READERS:
        tree = ast.parse((ROOT / reader).read_text(), reader)
        nodes = _nodes_outside_the_helpers(tree)
        names |= {name for node in nodes if (name := _variable_read_by(node))}
    return names


def variables_in_readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text()
    table = text.split("## Configuration", 1)[1].split("\n#", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def variables_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_the_settings_read_the_variables_this_test_knows_to_look_for() -> None:
    read = variables_read()
    # A sample from each way of reading, so that a change of helper cannot empty the list.
    assert {"SECRET_KEY", "DEBUG", "QUAY_TIMEOUT", "SESSION_COOKIE_AGE", "ALLOWED_HOSTS"} <= read
    assert {"PORT", "WEB_CONCURRENCY", "HEALTH_PORT"} <= read
    assert all(NAME.fullmatch(name) for name in read)


def test_every_variable_read_is_in_the_readme_table_and_nothing_else() -> None:
    assert variables_in_readme_table() == variables_read()


def test_every_variable_read_is_in_the_env_example_and_nothing_else() -> None:
    assert variables_in_env_example() == variables_read()
