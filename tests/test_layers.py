"""How the package's modules may import each other, read from their source (nothing is imported).

The renderers read the batch's output contract (``auditor.batch.results``) and nothing else of the batch:
not its pool, spool, discovery or evaluation. And no module imports itself through others, at the top or
inside a function (a function-level import is how a circle hides): only ``if TYPE_CHECKING:`` imports,
which never run, may close one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(path: Path) -> Iterator[str]:
    """Every name an import statement of ``path`` reads (``from a import b`` gives ``a`` and ``a.b``),
    relative imports resolved, except those under ``if TYPE_CHECKING:``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            yield from (grandchild for statement in child.orelse for grandchild in [statement, *ast.walk(statement)])
            continue
        yield child
        yield from _runtime_nodes(child)


def resolved(imported: str) -> str | None:
    """The module of the package an imported name is, or is in (``auditor.batch.results.ReportEntry`` is
    in ``auditor.batch.results``); None outside the package."""
    while imported and imported not in MODULES:
        imported = imported.rpartition(".")[0]
    return imported or None


def dependencies(name: str) -> set[str]:
    """The modules of the package that importing ``name`` runs: each one imported and the packages above
    it (importing ``auditor.batch.results`` runs ``auditor/batch/__init__.py`` first)."""
    found = set()
    for module in filter(None, map(resolved, imported_names(MODULES[name]))):
        parts = module.split(".")
        found |= {".".join(parts[:end]) for end in range(2, len(parts) + 1)}
    own_packages = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
    return found - own_packages - {name}


def test_the_renderers_read_nothing_of_the_batch_but_its_results() -> None:
    def of_the_batch(module: str | None) -> bool:
        return bool(module) and module.startswith("auditor.batch.") and module != "auditor.batch.results"

    offending = {name: sorted(set(filter(of_the_batch, map(resolved, imported_names(path)))))
                 for name, path in MODULES.items() if name.startswith("auditor.render")}
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_loading_a_renderer_loads_nothing_of_the_batch_but_its_results() -> None:
    # What importing runs, followed all the way: a module outside the batch that a renderer imports must
    # not bring the pool or the spool in either, and the package's own __init__ must stay empty.
    def closure(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            for module in dependencies(stack.pop()) - seen:
                seen.add(module)
                stack.append(module)
        return seen

    allowed = {"auditor.batch", "auditor.batch.results"}
    loaded = {name: sorted(module for module in closure(name)
                           if module.startswith("auditor.batch") and module not in allowed)
              for name in MODULES if name.startswith("auditor.render")}
    assert {name: modules for name, modules in loaded.items() if modules} == {}


def test_no_module_imports_itself_through_others() -> None:
    graph = {name: dependencies(name) for name in MODULES}
    circles = []
    for start in graph:
        path = _path_back(graph, start)
        if path:
            circles.append(" → ".join(path))
    assert circles == []


def _path_back(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A chain of imports from ``start`` back to itself, if there is one (depth first)."""
    stack, seen = [(start, [start])], set()
    while stack:
        name, path = stack.pop()
        for following in sorted(graph[name]):
            if following == start:
                return [*path, start]
            if following not in seen:
                seen.add(following)
                stack.append((following, [*path, following]))
    return None


def test_the_checks_see_an_import_circle_and_a_batch_import() -> None:
    # The two tests above would pass on a reader that sees no import at all: it must see these.
    assert "auditor.batch.results" in dependencies("auditor.render.view")
    assert "auditor.batch" in dependencies("auditor.render.view")  # the package runs first
    assert "auditor.render.view" in dependencies("auditor.batch.letters")
    assert resolved("auditor.batch.pool.bounded") == "auditor.batch.pool"
    assert _path_back({"a": {"b"}, "b": {"c"}, "c": {"a"}}, "a") == ["a", "b", "c", "a"]
    assert _path_back({"a": {"b"}, "b": set()}, "a") is None
