"""The layers hold: no import cycles, the domain never imports Reflex, pages never open the database.

The import graph is grimp's, and counts imports inside functions too, so a cycle cannot hide behind a
function-local import. docs/development.md draws the layers these contracts keep.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = "interview_app"

# Plain Python: the domain and what it stands on. None of these may import Reflex or the UI layers.
DOMAIN = (
    "services",
    "models",
    "speech",
    "jobs",
    "scoring",
    "background",
    "clock",
    "db",
    "logs",
    "settings",
    "i18n",
)
UI = ("pages", "state", "layouts", "components")


@functools.cache
def graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` are for the type checker only: they never run, so they make no cycle.
    return grimp.build_graph(APP, include_external_packages=True, exclude_type_checking_imports=True, cache_dir=None)


def own_modules() -> list[str]:
    return sorted(m for m in graph().modules if m == APP or m.startswith(APP + "."))


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one node (iterative, so deep graphs do not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_strongly_connected_finds_a_cycle_and_nothing_else() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(["a", "b", "c", "d"], edges) == [["a", "b", "c"]]
    assert strongly_connected(["a", "b"], {"a": {"b"}}) == []


def test_no_import_cycles_between_the_apps_modules() -> None:
    modules = own_modules()
    own = set(modules)
    edges = {m: graph().find_modules_directly_imported_by(m) & own for m in modules}
    # A package's __init__ that imports its own submodules is not a cycle between files.
    for m in modules:
        edges[m] = {t for t in edges[m] if not (t.startswith(m + ".") and m.count(".") < t.count("."))}
    assert strongly_connected(modules, edges) == []


@pytest.mark.parametrize("layer", DOMAIN)
def test_the_domain_never_imports_reflex_or_the_ui(layer: str) -> None:
    bad = []
    for module in own_modules():
        if _layer(module) != layer:
            continue
        for target in graph().find_modules_directly_imported_by(module):
            if target.split(".")[0] in {"reflex", "reflex_base"} or (target.startswith(APP) and _layer(target) in UI):
                bad.append(f"{module} -> {target}")
    assert bad == []


def test_services_never_import_the_job_modules_or_the_api() -> None:
    bad = [
        f"{m} -> {t}"
        for m in own_modules()
        if _layer(m) == "services"
        for t in graph().find_modules_directly_imported_by(m)
        if t.startswith(APP) and _layer(t) in {"jobs", "api", "scoring"}
    ]
    assert bad == []


def test_models_stand_alone() -> None:
    bad = [
        f"{m} -> {t}"
        for m in own_modules()
        if _layer(m) == "models"
        for t in graph().find_modules_directly_imported_by(m)
        if t.startswith(APP) and _layer(t) not in {"models", "clock"}
    ]
    assert bad == []


def test_pages_never_open_the_database_themselves() -> None:
    bad = [
        f"{m} -> {t}"
        for m in own_modules()
        if _layer(m) in {"pages", "layouts", "components"}
        for t in graph().find_modules_directly_imported_by(m)
        if t == f"{APP}.db" or t.split(".")[0] == "sqlalchemy"
    ]
    assert bad == []


def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    """Each module imported first, alphabetically: an import-order cycle breaks one of them."""
    names = [m for m in own_modules() if not m.endswith("__main__")]
    # One interpreter imports the heavy third-party libraries (never a module of ours), then forks a child per
    # module: each child starts with none of our modules loaded, as a fresh interpreter would, without paying
    # SQLAlchemy's and FastAPI's import again (a subprocess per module took 4-10 minutes on a busy machine).
    script = textwrap.dedent(
        """
        import importlib, os, sys, traceback
        for lib in ("sqlalchemy", "sqlmodel", "pydantic", "pydantic_settings", "httpx", "fastapi", "starlette",
                    "babel", "argon2", "jwt", "authlib", "openai", "apscheduler"):
            try:
                importlib.import_module(lib)
            except ImportError:
                pass
        assert not [m for m in sys.modules if m.split(".")[0] == "interview_app"], "a library imported the app"
        failed = []
        for name in sys.argv[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                code = 0
                try:
                    importlib.import_module(name)
                except BaseException:
                    os.write(write, traceback.format_exc().strip().splitlines()[-1].encode())
                    code = 1
                os._exit(code)
            os.close(write)
            with os.fdopen(read, "rb") as pipe:
                error = pipe.read().decode(errors="replace")
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status):
                failed.append(name + ": " + (error or f"exit status {status}"))
        print("\\n".join(failed))
        """
    )
    # Importing the page modules builds Reflex components: group them into one interpreter per layer to keep
    # this under a minute, while every domain module still gets an interpreter of its own.
    domain = [n for n in names if _layer(n) not in UI and _layer(n) not in {"api", "interview_app"}]
    done = subprocess.run(
        [sys.executable, "-c", script, *domain], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
    for layer in sorted({_layer(n) for n in names} - {_layer(n) for n in domain}):
        in_layer = [n for n in names if _layer(n) == layer]
        code = f"import importlib\nfor name in {in_layer!r}:\n    importlib.import_module(name)\n"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
        assert run.returncode == 0, f"{layer}: {run.stderr[-2000:]}"
