"""The sandbox is a tool of this repository, not part of the product: nothing in `dashboard`
imports it, Django does not install it, and neither `pip install .` nor the image ships it."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
TOOLS = ("sandbox", "tests", "benchmarks")

# Imports every module of the product in a fresh interpreter whose path has the repository's
# root on it (so the sandbox could be imported), then names any sandbox module that got loaded.
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import django
from django.conf import settings
django.setup()
# The URL configuration first, as a server loads it: it registers the path converters.
importlib.import_module(settings.ROOT_URLCONF)
import dashboard
for module in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
    importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.split(".")[0] in {tools!r}))
"""


def test_importing_every_module_of_the_product_loads_no_sandbox() -> None:
    # The test session's own switches (a test database, an async-unsafe browser) stay out.
    skip = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["DJANGO_SETTINGS_MODULE"] = "dashboard.settings"
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING.format(tools=set(TOOLS))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_sandbox_is_not_an_installed_app() -> None:
    assert not [app for app in settings.INSTALLED_APPS if "sandbox" in app]


def _packages_on_disk() -> list[str]:
    """Every importable package under the repository's root, as setuptools' `find` sees them."""
    found = []
    for init in sorted(ROOT.glob("**/__init__.py")):
        parts = init.parent.relative_to(ROOT).parts
        if parts[0].startswith(".") or not all(
            (ROOT.joinpath(*parts[: i + 1]) / "__init__.py").is_file() for i in range(len(parts))
        ):
            continue
        found.append(".".join(parts))
    return found


def test_the_installed_distribution_holds_the_product_only() -> None:
    # A static reading of pyproject's package discovery (building a wheel needs the build
    # backend, which the environment may not have): the same fnmatch rules setuptools applies.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    find = config["packages"]["find"]
    include, exclude = find.get("include", ["*"]), find.get("exclude", [])
    shipped = [
        package
        for package in _packages_on_disk()
        if any(fnmatch.fnmatchcase(package, pattern) for pattern in include)
        and not any(fnmatch.fnmatchcase(package, pattern) for pattern in exclude)
    ]
    assert "dashboard" in shipped
    assert "sandbox" in _packages_on_disk()
    assert [package for package in shipped if package.split(".")[0] != "dashboard"] == []


def test_the_image_copies_no_tool_of_the_repository() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    sources = [
        source
        for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.MULTILINE)
        for source in line.split()[:-1]
    ]
    assert sources
    assert "." not in sources
    assert [s for s in sources if s.strip("./").split("/")[0] in TOOLS] == []
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert set(TOOLS) <= set(ignored)
