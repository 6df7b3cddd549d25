"""The package's shape, checked: imports point down (no cycle), rooms stay small, data stays data.

The import graph is read from the source with `ast`, imports inside functions included: a
lazy import still makes a module depend on another, and a cycle through one is a cycle.
"""

from __future__ import annotations

import ast
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


def imported(path: Path, known: set[str]) -> set[str]:
    """The package's modules that `path` imports, at any depth of its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
            targets = [f"{source}.{alias.name}" for alias in node.names] + [source]
        else:
            continue
        for target in targets:
            # The innermost module of the package that the target names (a name inside a
            # module counts as that module).
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    table = modules()
    known = set(table)
    graph = {}
    for name, path in table.items():
        edges = imported(path, known)
        # Importing a package runs its __init__, which is the package's own business: an edge
        # to a parent package that is only a namespace (a docstring) adds no dependency.
        graph[name] = {e for e in edges if not (name.startswith(e + ".") and _is_bare(table[e]))}
    return graph


def _is_bare(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return all(
        isinstance(node, ast.Expr | ast.ImportFrom | ast.Import | ast.Assign) for node in tree.body
    ) and not any(isinstance(node, ast.ImportFrom | ast.Import) for node in tree.body)


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
