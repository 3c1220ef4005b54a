"""The `coffre` package's shape: `common` under every command module, no import circle."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import web.cli

MODULES = ["web.cli", *(f"web.cli.{m.name}" for m in pkgutil.iter_modules(web.cli.__path__))]


def _imported(name: str) -> set[str]:
    """The modules of web.cli that module `name` imports, read from its source."""
    module = importlib.import_module(name)
    found = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""),
                                               module.__package__) if node.level else node.module
            # `from web.cli import common` imports the module common, not the package
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                      for a in node.names}
    return (found & set(MODULES)) - {name}


GRAPH = {name: _imported(name) for name in MODULES}


def test_the_package_has_its_common_module_and_one_per_command_group():
    assert {"web.cli.common", "web.cli.vault", "web.cli.keys", "web.cli.brands",
            "web.cli.offers"} <= set(MODULES)


def test_common_imports_no_command_module():
    assert GRAPH["web.cli.common"] == set()


def test_command_modules_import_common_and_never_the_package():
    for name in set(MODULES) - {"web.cli", "web.cli.common"}:
        assert GRAPH[name] <= {"web.cli.common"}, name


def test_no_import_circle():
    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        for imported in GRAPH[name]:
            visit(imported, (*path, name))

    for name in MODULES:
        visit(name, ())
