"""The shape of the code base, in numbers: modules and sizes, import cycles, function-local imports.

Usage: .venv/bin/python scripts/code_shape.py [--cycles] [--local-imports]

Prints the module count and lines per top-level package, the longest modules, the import cycles between the
app's own modules (strongly connected components of the import graph that grimp builds, counting imports
inside functions too, not those only for the type checker) and the function-local imports (of the app's own modules, and of other packages:
those are usually a heavy library loaded only when needed). docs/development.md quotes its output.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PACKAGE = "interview_app"


def modules() -> dict[str, Path]:
    """Every module of the app by dotted name."""
    out: dict[str, Path] = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def local_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for each import inside a function or class body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom) and nested:
                if isinstance(child, ast.Import):
                    found.extend((child.lineno, a.name) for a in child.names)
                else:
                    base = child.module or ""
                    if child.level:
                        base = "." * child.level + base
                    found.append((child.lineno, base))
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
            visit(child, inner)

    visit(tree, False)
    return found


def cycles() -> list[list[str]]:
    """Strongly connected components (of more than one module) in the app's import graph."""
    import grimp

    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    names = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in names}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(10_000)

    def strong(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
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
            # A package importing its own submodules (an __init__ re-export) is not a cycle between files.
            if len(component) > 1:
                out.append(sorted(component))

    for name in names:
        if name not in index:
            strong(name)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cycles", action="store_true", help="list the modules of every cycle")
    parser.add_argument("--local-imports", action="store_true", help="list every function-local import")
    args = parser.parse_args()

    mods = modules()
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in mods.items()}
    by_package: Counter[str] = Counter()
    lines_by_package: Counter[str] = Counter()
    for name, size in sizes.items():
        parts = name.split(".")
        key = ".".join(parts[:3]) if len(parts) > 3 and parts[1] in {"services", "pages"} else ".".join(parts[:2])
        by_package[key] += 1
        lines_by_package[key] += size
    print(f"{len(mods)} modules, {sum(sizes.values()):,} lines in {PACKAGE}/")
    print("\nlargest packages (modules, lines):")
    for key, n in sorted(lines_by_package.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {key:45} {by_package[key]:4} {n:7,}")
    print("\nlongest modules:")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {name:60} {size:6,}")

    own, other = [], []
    for name, path in mods.items():
        for line, target in local_imports(path):
            (own if target.startswith((PACKAGE, ".")) else other).append((name, line, target))
    print(f"\nfunction-local imports: {len(own)} of the app's own modules, {len(other)} of other packages")
    if args.local_imports:
        for name, line, target in own + other:
            print(f"  {name}:{line} -> {target}")

    found = cycles()
    print(f"\nimport cycles: {len(found)} (modules in them: {sum(len(c) for c in found)})")
    for component in found:
        shown = ", ".join(component) if args.cycles else ", ".join(component[:6]) + (" ..." * (len(component) > 6))
        print(f"  {len(component)} modules: {shown}")


if __name__ == "__main__":
    main()
