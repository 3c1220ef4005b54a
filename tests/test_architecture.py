"""The layers of docs/architecture.md, read from the code's own imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("vault", "agent", "web")
FEATURES = ("web.ui", "web.oauth", "web.api", "web.access", "web.inbox", "web.cli")
FORBIDDEN = {
    "vault": ("flask", "authlib", "werkzeug", "agent", "web"),
    "agent": ("flask", "authlib", "werkzeug", "web"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _type_only(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imported(name: str, path: Path) -> set[str]:
    """The modules `name` imports at run time (anywhere in it), by full name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_only(node)
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return found


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _under(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_the_core_never_imports_what_is_above_it(layer):
    wrong = sorted((name, target) for name, targets in GRAPH.items() if _under(name, layer)
                   for target in targets if any(_under(target, f) for f in FORBIDDEN[layer]))
    assert wrong == []


def test_only_the_store_imports_the_driver():
    importers = sorted(name for name, targets in GRAPH.items()
                       if any(_under(t, "sqlcipher3") for t in targets))
    assert importers == ["vault.store"]


def test_a_feature_package_imports_no_other_feature_package():
    wrong = sorted((name, target) for name, targets in GRAPH.items() for target in targets
                   for mine in FEATURES if _under(name, mine)
                   for other in FEATURES if other != mine and _under(target, other))
    assert wrong == []


def test_no_import_cycle():
    edges = {name: {t for t in targets if t in MODULES and t != name}
             for name, targets in GRAPH.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []
