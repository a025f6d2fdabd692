"""The project's layout rules, checked from the source: every module imports on
its own, imports point down the order drawn in ARCHITECTURE.md (imports made
inside functions included), no import circle, no source file over 600 lines.

Run as a script (``python tests/test_layout.py``) to print every problem.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd_scalar", "tensors", "viz")
MAX_LINES = 600

# Top first. A module may import modules of its own rank or below, never above;
# within a rank, circles are still refused. The first pattern that matches a
# module gives its rank. Keep ARCHITECTURE.md's drawing in step with this list.
ORDER = [
    ["viz", "viz.*"],
    ["tensors.courses", "tensors.courses.*"],
    ["tensors.tutorials", "tensors.tutorials.*"],
    ["tensors.testing.opinfo"],
    ["tensors.testing", "tensors.testing._replay", "tensors.testing._draws"],
    ["tensors"],
    [
        "tensors.optim",
        "tensors.optim.*",
        "tensors.data",
        "tensors.distributions",
        "tensors.distributions.*",
        "tensors.utils",
        "tensors.utils.*",
        "tensors.linalg",
        "tensors.special",
        "tensors.serialization",
    ],
    ["tensors.cuda", "tensors.accelerator", "tensors.backends", "tensors.backends.*"],
    ["tensors.nn", "tensors.nn.*"],
    ["tensors.autograd", "tensors.autograd.*"],
    ["tensors._tensor_methods"],
    ["tensors._ops"],
    ["tensors._ops.with_out"],
    ["tensors._ops.out"],
    [
        "tensors._ops.indexing",
        "tensors._ops.join_split",
        "tensors._ops.matrix_products",
        "tensors._ops.linalg_products",
        "tensors._ops.contractions",
        "tensors._ops.linalg_solve",
        "tensors._ops.linalg_norms",
        "tensors._ops.linalg_qr",
        "tensors._ops.linalg_lu",
        "tensors._ops.linalg_ex",
        "tensors._ops.linalg_spectral",
        "tensors._ops.linalg_pinv",
        "tensors._ops.linalg_ldl",
        "tensors._ops.linalg_householder",
        "tensors._ops.gather_scatter",
        "tensors._ops.rearrange",
        "tensors._ops.stacking",
        "tensors._ops.masked",
        "tensors._ops.series",
        "tensors._ops.sampling",
        "tensors._ops.fills",
        "tensors._ops.histogram",
    ],
    [
        "tensors._ops.inplace",
        "tensors._ops.softmax_family",
        "tensors._ops.views",
        "tensors._ops.sorting",
        "tensors._ops.reductions_more",
    ],
    ["tensors._ops.tie_order"],
    [
        "tensors._ops.reductions",
        "tensors._ops.comparison",
        "tensors._ops.pointwise_math",
        "tensors._ops.pointwise_binary",
        "tensors._ops.special_functions",
        "tensors._ops.searching",
    ],
    ["tensors._ops.pointwise", "tensors._ops.conversions"],
    ["tensors._ops.arithmetic"],
    [
        "tensors._backward",
        "tensors._creation",
        "tensors._creation_spaced",
        "tensors._index_key",
        "tensors._numpy",
        "tensors._tensor_storage",
    ],
    ["tensors._device"],
    ["tensors._tensor"],
    ["tensors._graph", "tensors._saved", "tensors._generator"],
    [
        "tensors._function",
        "tensors._printing",
        "tensors._shape",
        "tensors._storage",
        "tensors._dtype",
        "tensors._layout",
    ],
    ["tensors._keywords", "tensors._ops._jacobi"],
    ["autograd_scalar", "autograd_scalar.*"],
]


def module_files() -> dict:
    """Module name -> path, for every module of the project's packages."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, modules: dict) -> list:
    """(line, imported project module) for every import in the file, at any depth."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from P import X``: the submodule P.X when there is one, else P.
            targets = [
                f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix
                for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]  # ``import a.b.c``: the deepest module we have
            if target and target != name:
                found.append((node.lineno, target))
    return found


def rank(name: str) -> int:
    for i, patterns in enumerate(ORDER):
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return i
    raise KeyError(f"{name} has no place in ORDER (tests/test_layout.py)")


_GRAPHS: dict = {}


def graph() -> dict:
    """Module -> its imports; parsed once per tree (the checks below share it)."""
    key = (ROOT, PACKAGES)
    if key not in _GRAPHS:
        modules = module_files()
        _GRAPHS[key] = {name: imports_of(name, path, modules) for name, path in modules.items()}
    return _GRAPHS[key]


def upward_imports() -> list:
    problems = []
    for name, edges in graph().items():
        for line, target in edges:
            if rank(target) < rank(name):
                problems.append(f"{name}:{line} imports {target}, which is above it")
    return problems


def import_cycles() -> list:
    """Every import circle, as a list of module names (found by depth-first search)."""
    edges = {name: sorted({t for _, t in targets}) for name, targets in graph().items()}
    cycles, state = [], {}
    for start in sorted(edges):
        if start in state:
            continue
        stack = [(start, iter(edges[start]))]
        path = [start]
        state[start] = "open"
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = "done"
                stack.pop()
                path.pop()
            elif state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                state[nxt] = "open"
                stack.append((nxt, iter(edges[nxt])))
                path.append(nxt)
    return cycles


def long_files() -> list:
    out = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    problems = []
    for rel in out:
        if rel.startswith("tests/") or not (ROOT / rel).exists():
            continue
        n = len((ROOT / rel).read_text().splitlines())
        if n > MAX_LINES:
            problems.append(f"{rel} has {n} lines (limit {MAX_LINES})")
    return problems


def architecture_tables() -> dict:
    """Package -> the files named in the first column of its table in ARCHITECTURE.md."""
    tables: dict = {}
    package = None
    for line in (ROOT / "ARCHITECTURE.md").read_text().splitlines():
        if line.startswith("## "):
            words = line[3:].split(":")[0].split()
            package = words[0] if words and words[0] in PACKAGES else None
        elif package and line.startswith("| `"):
            first = line.split("|")[1]
            tables.setdefault(package, set()).update(
                name for name in first.split("`")[1::2] if name.endswith(".py")
            )
    return tables


def test_architecture_tables_match_the_tree():
    # Package ``__init__.py`` files may be named or not; every other module must be.
    tables = architecture_tables()
    for package in PACKAGES:
        files = {
            str(p.relative_to(ROOT / package))
            for p in (ROOT / package).rglob("*.py")
            if p.name != "__init__.py"
        }
        listed = {f for f in tables.get(package, set()) if not f.endswith("__init__.py")}
        assert sorted(files - listed) == [], f"{package}: files missing from ARCHITECTURE.md"
        assert sorted(listed - files) == [], f"{package}: ARCHITECTURE.md names files not there"


def test_imports_point_down():
    assert upward_imports() == []


def test_no_import_circles():
    assert import_cycles() == []


def test_no_source_file_over_the_limit():
    assert long_files() == []


def test_every_module_has_a_place_in_the_order():
    for name in module_files():
        rank(name)


def _is_program(name: str) -> bool:
    # ``__main__`` modules and the tutorial and course programs (scripts that import
    # torch) run when imported; the CLI, tutorial and course tests run them.
    return name.endswith("__main__") or any(
        name.startswith(f"{package}.") for package in ("tensors.tutorials", "tensors.courses")
    )


def _fresh_import(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )


@functools.cache
def _package_import(package: str) -> tuple:
    """(the run of ``import package`` in a fresh interpreter, the project modules it loaded)."""
    done = _fresh_import(f"import sys, {package}; print(*sorted(sys.modules))")
    return done, set(done.stdout.split()) if done.returncode == 0 else set()


@pytest.mark.parametrize("name", sorted(n for n in module_files() if not _is_program(n)))
def test_module_imports_alone_in_a_fresh_interpreter(name):
    # ``import a.b.c`` imports ``a`` first, then ``a.b``, then ``a.b.c``, each only if
    # it is not loaded yet. So where a fresh ``import a`` loads ``a.b.c`` (and with it
    # ``a.b``), importing ``a.b.c`` alone runs the very same code: that run decides.
    # A module the package does not load gets a fresh interpreter of its own.
    package, loaded = _package_import(name.split(".")[0])
    done = package if name in loaded or package.returncode != 0 else _fresh_import(f"import {name}")
    assert done.returncode == 0, done.stderr


def test_a_package_import_reports_the_modules_it_loaded():
    done, loaded = _package_import("autograd_scalar")
    assert done.returncode == 0 and "autograd_scalar.engine" in loaded and "sys" in loaded


def test_the_checks_catch_a_circle_and_an_upward_import(tmp_path, monkeypatch):
    # The checker itself: a made-up package with a lazy circle and an upward import.
    pkg = tmp_path / "tensors"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "_tensor.py").write_text("def f():\n    from . import _creation\n")
    (pkg / "_creation.py").write_text("from ._tensor import f\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGES", ("tensors",))
    assert import_cycles() == [["tensors._creation", "tensors._tensor", "tensors._creation"]]
    assert upward_imports() == ["tensors._tensor:2 imports tensors._creation, which is above it"]


if __name__ == "__main__":
    problems = upward_imports() + [" -> ".join(c) for c in import_cycles()] + long_files()
    print("\n".join(problems) or "layout ok")
    sys.exit(1 if problems else 0)
