"""The package's shape, checked: imports point down (no cycle), rooms stay small, data stays data.

The import graph is read from the source with `ast`, imports inside functions included: a
lazy import still makes a module depend on another, and a cycle through one is a cycle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "citeproof"
MAX_LINES = 800
MAX_LITERAL_STRINGS = 50


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _top_level(tree: ast.Module) -> tuple[set[str], list[ast.stmt]]:
    """Names a module defines at its top level, and its top-level import statements."""
    names: set[str] = set()
    imports: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(node)
    return names, imports


def _targets(node: ast.stmt, package: str) -> list[tuple[str, str | None]]:
    """(module, imported name or None) for each thing an import statement names."""
    if isinstance(node, ast.Import):
        return [(alias.name, None) for alias in node.names]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = package.split(".")
        base = base[: len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [(source, alias.name) for alias in node.names]


def imported(path: Path, table: dict[str, Path], top_level_only: bool = False) -> set[str]:
    """The package's modules that `path` imports, at any depth of its code.

    `from <ancestor package> import name`, where `name` is a value the package's __init__
    defines (`__version__`), depends on what that __init__ runs when imported (its
    top-level imports), not on what its functions import when called: Python imports every
    ancestor package first anyway, and an edge to it would close a false circle through
    the package's lazy re-exports.
    """
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = _tree(path)
    nodes = _top_level(tree)[1] if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for source, item in _targets(node, package):
            if item is not None and f"{source}.{item}" in table:
                found.add(f"{source}.{item}")  # from package import module
                continue
            target = source
            while target and target not in table:
                target = target.rpartition(".")[0]
            if not target:
                continue
            ancestor = name.startswith(target + ".")
            if ancestor and item is not None and item in _top_level(_tree(table[target]))[0]:
                found |= imported(table[target], table, top_level_only=True)
            else:
                found.add(target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    table = modules()
    return {name: imported(path, table) for name, path in table.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=module_name)
def test_module_is_not_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name}: {lines} lines; split it into cohesive modules"


def string_heavy_literals(source: str) -> list[tuple[int, int]]:
    """(line, count) of every list/set/tuple/dict literal holding too many strings."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.List | ast.Set | ast.Tuple):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None] + node.values
        else:
            continue
        count = sum(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items)
        if count > MAX_LITERAL_STRINGS:
            found.append((node.lineno, count))
    return found


def test_literal_counter_sees_a_word_list() -> None:
    words = ", ".join(f"'w{i}'" for i in range(MAX_LITERAL_STRINGS + 1))
    assert string_heavy_literals(f"STOP = frozenset({{{words}}})") == [(1, MAX_LITERAL_STRINGS + 1)]
    assert string_heavy_literals("SMALL = ('a', 'b')") == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=module_name)
def test_no_word_list_in_code(path: Path) -> None:
    heavy = string_heavy_literals(path.read_text(encoding="utf-8"))
    assert not heavy, f"{path.name}: word lists in code (line, strings): {heavy}; move to data/"


def test_module_names_are_unique_outside_rules() -> None:
    """A module's name says what it holds: two "reflist"s would not (rule modules are named
    after their code family, so rules/names.py may sit beside the names package)."""
    seen: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py" or relative.parts[0] == "rules":
            continue
        seen.setdefault(path.stem, []).append(str(relative))
    assert {stem: paths for stem, paths in seen.items() if len(paths) > 1} == {}
