"""Review: oversight code reads the marketplace only through its selectors, never its models (brief 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import lapak.oversight

ROOT = Path(lapak.oversight.__file__).parent


def test_no_oversight_module_imports_market_models():
    found = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names
                      if name.startswith("lapak.market.") and ".models" in name]
    assert found == []
