"""Layering is enforced, not hoped for: which module may import which library and which layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "engine"

# library -> the module paths (relative to engine/, prefix match) allowed to import it
CONFINED = {
    "ruamel": ("yamlio.py",),
    "sqlglot": ("lineage/",),
    "kuzu": ("graph/_kuzu.py",),
    "jinja2": ("reports/html.py", "reports/markdown.py", "reports/audit.py",
               "reports/templating.py"),
    "click": ("cli.py",),
    "pydantic": ("models.py", "config/", "policies/", "yamlio.py"),
    "openlineage": ("reports/openlineage.py", "lineage/openlineage.py"),
}
# engine layer -> engine modules it must not import
FORBIDDEN = {
    "models.py": ("engine.",),
    "errors.py": ("engine.",),
    "config/": ("engine.lineage", "engine.graph", "engine.reports", "engine.pipeline",
                "engine.cli", "engine.policies"),
    "lineage/": ("engine.config", "engine.graph", "engine.reports", "engine.pipeline",
                 "engine.cli", "engine.policies", "engine.propagation"),
    "graph/": ("engine.config", "engine.lineage", "engine.reports", "engine.pipeline",
               "engine.cli", "engine.policies"),
    "propagation.py": ("engine.graph", "engine.reports", "engine.pipeline", "engine.cli"),
    "policies/": ("engine.reports", "engine.cli", "engine.pipeline", "engine.graph"),
    "reports/": ("engine.cli",),
    "pipeline.py": ("engine.cli", "engine.reports"),
    "cone.py": ("engine.cli", "engine.reports", "engine.graph", "engine.pipeline"),
    "extraction.py": ("engine.cli", "engine.reports", "engine.pipeline", "engine.graph",
                      "engine.policies"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = sorted(p.relative_to(ENGINE).as_posix() for p in ENGINE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_module_respects_layers(module: str) -> None:
    imports = _imports(ENGINE / module)
    for lib, allowed in CONFINED.items():
        used = {i for i in imports if i == lib or i.startswith(lib + ".")}
        if used:
            assert module.startswith(allowed), f"{module} imports {lib}; only {allowed} may"
    for layer, banned in FORBIDDEN.items():
        if module.startswith(layer):
            bad = {i for i in imports if i.startswith(banned)}
            assert not bad, f"{module} must not import {sorted(bad)}"
    if module != "launch.py":  # the console script's launcher (and `python -m engine`'s)
        assert "engine.cli" not in imports, f"{module} must not import the CLI"
