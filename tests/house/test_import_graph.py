"""The house (DESIGN.md §3): apps stand on floors and an import may only point down or sideways on its own
floor, never up, and no two apps import each other (directly or round a longer circle). Every import counts,
also one inside a function: a lazy import is still an arrow."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import zorgzaam

ROOT = Path(zorgzaam.__file__).parent

# from the ground up; apps on one floor may use each other as long as no circle forms
FLOORS: dict[str, int] = {
    "messages": 0, "paths": 0, "console": 0, "workbooks": 0, "spreadsheets": 0, "workspaces": 0,
    "areas": 1,
    "sources": 2,
    "graphics": 3,
    "profile": 4, "environment": 4, "voices": 4,
    "plan": 5, "followup": 5,
    "reports": 6, "api": 6,
    "web": 7, "cli": 7,
}


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "zorgzaam" or len(parts) < 2:
        return None
    return parts[1]


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(from app, to app) → the places (file:line) where the first imports the second."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        source_app = relative.parts[0].removesuffix(".py")
        package = ["zorgzaam", *relative.parts[:-1]]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative import: resolve against this file's package
                    base = package[: len(package) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names] if module == "zorgzaam" \
                    else [module]
            for target in targets:
                app = _app_of(target)
                if app and app != source_app and app in FLOORS:
                    edges[(source_app, app)].append(f"{relative}:{node.lineno}")
    return edges


def test_every_app_has_a_floor():
    apps = {p.name.removesuffix(".py") for p in ROOT.iterdir()
            if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.name != "__init__.py")}
    assert apps <= set(FLOORS), f"give these a floor in DESIGN.md §3 and here: {sorted(apps - set(FLOORS))}"


def test_no_import_points_upward():
    upward = {f"{a} ({FLOORS[a]}) → {b} ({FLOORS[b]})": places[:3] for (a, b), places in import_edges().items()
              if a in FLOORS and FLOORS[b] > FLOORS[a]}
    assert not upward, f"imports that run up the house: {upward}"


def test_no_circle_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in import_edges():
        graph[a].add(b)
    circles = []
    state: dict[str, int] = {}

    def visit(app: str, trail: list[str]) -> None:
        state[app] = 1
        for nxt in sorted(graph[app]):
            if state.get(nxt) == 1:
                circles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [app, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[app] = 2

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert not circles, f"apps that import each other: {circles}"


def test_the_check_sees_a_real_arrow():
    # guard against a walker that finds nothing: these arrows exist and point down
    edges = import_edges()
    assert ("profile", "areas") in edges and ("web", "workspaces") in edges
