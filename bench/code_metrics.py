"""The size and shape of the code (issue 14's before/after figures).

    python bench/code_metrics.py [ROOT]

Counts the modules and lines under ``ROOT/niche``, the import arrows between
them (every ``import`` of one niche module by another, at top level or inside
a function, read with ``ast``), the levels (the longest chain of imports), the
largest module and the lines of ``app.py``. ``ROOT`` is a checkout (default:
this one), so ``git worktree add /tmp/old REV`` measures an older revision.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path


def _name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _targets(node: ast.AST, base: list[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            stem = base[: len(base) - (node.level - 1)]
            head = ".".join(stem + ([node.module] if node.module else []))
        else:
            head = node.module or ""
        return [head] + [f"{head}.{alias.name}" for alias in node.names]
    return []


def measure(root: Path) -> dict[str, object]:
    files = sorted(
        p for p in (root / "niche").rglob("*.py") if "__pycache__" not in p.parts
    )
    modules = {_name(root, p): p for p in files}
    arrows: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = path.name == "__init__.py"
        base = module.split(".") if package else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text())):
            for target in _targets(node, base):
                if (
                    target in modules
                    and target != module
                    and not module.startswith(target + ".")
                ):
                    arrows[module].add(target)

    @functools.cache
    def depth(module: str, seen: frozenset[str] = frozenset()) -> int:
        if module in seen:
            return 0
        below = (depth(t, seen | {module}) for t in arrows[module])
        return 1 + max(below, default=0)

    sizes = [(len(p.read_text().splitlines()), str(p.relative_to(root))) for p in files]
    app = root / "app.py"
    return {
        "modules": len(files),
        "lines": sum(size for size, _ in sizes),
        "import arrows": sum(map(len, arrows.values())),
        "levels": max(depth(m) for m in modules),
        "largest module": max(sizes),
        "app.py lines": len(app.read_text().splitlines()) if app.exists() else None,
    }


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1])
    for key, value in measure(root.resolve()).items():
        print(f"{key}: {value}")
