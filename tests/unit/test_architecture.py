"""The package's shape: stage layers (import-linter), no import cycles, small units, a core without MkDocs."""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "macros"
MODULE_LINES = 400
FUNCTION_LINES = 60
#: the stages that make the Site without MkDocs (the `forbidden` contract in pyproject.toml lists the same)
CORE = ("fs", "text", "read", "model", "load", "plan", "xref", "timeline", "pipeline")


def _modules() -> list[str]:
    out = []
    for p in sorted(PACKAGE.rglob("*.py")):
        if p.name == "__main__.py":  # runs a command when imported
            continue
        parts = p.relative_to(ROOT).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the package and pyproject.toml found in `project`.

    Run with `-S` and this venv's site-packages put on the path by hand: the editable install's import
    hook (a .pth file) would otherwise hand grimp this repository's `macros`, not the copy in `project`.
    """
    purelib, platlib = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
    code = (f"import sys; sys.path[:0] = {[str(project), purelib, platlib]!r}; "
            "from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    return subprocess.run([sys.executable, "-S", "-c", code], cwd=project, capture_output=True, text=True,
                          timeout=300)


def test_the_layer_contracts_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("model/defaults.py", "from macros.mkdocs import build", "Each stage imports only the stages below it"),
    ("plan/urls.py", "import mkdocs.utils", "The core never imports MkDocs"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, line, broken):
    shutil.copytree(PACKAGE, tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint_imports(tmp_path).returncode == 0  # the copy is checked, and holds as it is
    target = tmp_path / "macros" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{broken} BROKEN" in result.stdout, result.stdout


def test_every_module_imports_on_its_own():
    """Each module imported first, in a fresh set of modules: an import cycle (deferred or not) that only
    works in one order fails here. One interpreter, sys.modules cleared of the package between imports."""
    code = """
import importlib, json, sys, traceback
failed = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=3)
print(json.dumps(failed))
"""
    result = subprocess.run([sys.executable, "-c", code, json.dumps(_modules())], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


def test_no_module_or_function_is_too_long():
    too_long = []
    for p in sorted(PACKAGE.rglob("*.py")):
        text = p.read_text(encoding="utf-8")
        where = p.relative_to(ROOT)
        if len(text.splitlines()) > MODULE_LINES:
            too_long.append(f"{where}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    too_long.append(f"{where}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == []


def test_the_core_builds_a_site_without_mkdocs():
    """Load, plan and cross-reference the shipped corpus with MkDocs never imported."""
    code = f"""
import sys
from datetime import date
from pathlib import Path
{"".join(f"import macros.{stage}" + chr(10) for stage in CORE)}
from macros.pipeline import Options, assemble_site
from macros.plan.pages import Settings
site = assemble_site(Path({str(ROOT)!r}), Options(build_date=date(2026, 11, 28), site=Settings(site_name="x")))
assert site.plan.pages and site.corpus.findings and site.sources is not None and site.diagnostics
assert site.timeline is not None and site.history is not None  # (git may be shallow or absent)
assert [site.timeline.later(f) for f in site.corpus.findings]
print(sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs.")))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
