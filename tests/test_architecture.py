"""The layout holds: only aggregator/index/ imports Elasticsearch, aggregator/ has no import cycle,
and an import inside a function says why it is there (read from the source with ast, nothing imported)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "aggregator"
ES_MODULES = ("elasticsearch", "elastic_transport")
# Where function-level imports must carry a comment. The rest of aggregator/ is checked by its own owners.
COMMENTED_LAZY_IMPORTS = ("aggregator.index", "aggregator.web", "aggregator.ical", "aggregator.pipeline",
                          "aggregator.cli", "aggregator.config", "aggregator.errors", "aggregator.models",
                          "aggregator.sources.command")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, name: str) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, statement, inside a function or class) for every import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, ast.stmt, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in child.names:
                    submodule = f"{base}.{alias.name}"
                    found.append((submodule if submodule in MODULES else base, child, nested))
            visit(child, inner)

    visit(tree, False)
    return found


def test_only_the_index_package_imports_elasticsearch():
    offenders = []
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "dags").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]
    for path in sorted(files):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("aggregator/index/"):
            continue
        for target, stmt, _ in imports(path, module_name(path)):
            if target.split(".")[0] in ES_MODULES:
                offenders.append(f"{rel}:{stmt.lineno} imports {target}")
    assert not offenders, "Elasticsearch is imported outside aggregator/index/:\n" + "\n".join(offenders)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), Tarjan."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                result.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return result


def test_no_import_cycle_inside_the_package():
    """Imports inside functions count too: they are how the templates <-> reindex cycle hid."""
    graph = {name: {t for t, _, _ in imports(path, name) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    cycles = _cycles(graph)
    assert not cycles, "import cycles inside aggregator/ (modules of each cycle):\n" + "\n".join(
        " <-> ".join(c) for c in cycles)


def _has_reason(lines: list[str], stmt: ast.stmt) -> bool:
    """A comment on the import's line(s), or on the line(s) just above it (a block of imports shares one)."""
    for number in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1):
        if "#" in lines[number - 1]:
            return True
    above = stmt.lineno - 2
    while above >= 0:
        text = lines[above].strip()
        if text.startswith("#"):
            return True
        if not (text.startswith("from ") or text.startswith("import ") or text == "" or text.endswith(",")
                or text.endswith("(") or text == ")"):
            return False
        above -= 1
    return False


def test_imports_inside_functions_say_why():
    missing = []
    for name, path in MODULES.items():
        if not any(name == p or name.startswith(p + ".") for p in COMMENTED_LAZY_IMPORTS):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, stmt, nested in imports(path, name):
            if nested and not _has_reason(lines, stmt):
                missing.append(f"{path.relative_to(ROOT)}:{stmt.lineno} imports {target} inside a function")
    assert not missing, ("an import inside a function needs a comment saying why (start-up cost, an optional "
                         "dependency); otherwise move it to the top:\n" + "\n".join(sorted(set(missing))))


@pytest.mark.parametrize("cycle_free, graph", [
    (True, {"a": {"b"}, "b": {"c"}, "c": set()}),
    (False, {"a": {"b"}, "b": {"a"}}),
    (False, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}),
    (False, {"a": {"a"}}),
], ids=["chain", "pair", "triangle-with-tail", "self"])
def test_the_cycle_finder_finds_cycles(cycle_free, graph):
    assert (not _cycles(graph)) == cycle_free
