"""The package's shape: imports point one way through the layers, no module imports itself in a cycle,
modules and functions stay small, and `score` keeps scikit-learn off its start-up path."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hoaxcheck"
# Lower layers never import higher ones: cli/web -> app -> model -> report -> corpus -> engine -> text -> io.
LAYERS = {
    "errors": 0,
    "io": 1,
    "text": 2,
    "engine": 3,
    "corpus": 4,
    "report": 5,
    "model": 6,
    "config": 7,
    "app": 8,
    "cli": 9,
    "web": 9,
    "__main__": 10,
    "__init__": 0,
}
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 65


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(("hoaxcheck", *parts)).removesuffix(".__init__")] = path
    return out


def imports(path: Path) -> set[str]:
    """Every hoaxcheck module a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hoaxcheck"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("hoaxcheck"))
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else 0


def test_imports_point_down_the_layers():
    known = modules()
    wrong = []
    for name, path in known.items():
        for target in imports(path):
            if target in known and layer(target) > layer(name):
                wrong.append(f"{name} imports {target}")
    assert not wrong, wrong


def test_no_import_cycle_between_modules():
    known = modules()
    graph = {name: {t for t in imports(path) if t in known and t != name} for name, path in known.items()}
    # A package's __init__ re-exporting its own modules is not a cycle of the code.
    graph = {n: {t for t in ts if not (n.count(".") == 1 and t.startswith(n + "."))} for n, ts in graph.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def test_modules_and_functions_stay_small():
    long_modules, long_functions = [], []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            long_modules.append((name, source.count("\n")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno > MAX_FUNCTION_LINES:
                long_functions.append((name, node.name, node.end_lineno - node.lineno))
    assert not long_modules, long_modules
    assert not long_functions, long_functions
