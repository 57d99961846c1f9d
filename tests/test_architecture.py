"""Hold the dependency rules of STYLE.md by parsing imports."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "mediation"
DELIVERY = {"api", "web", "cli"}
FLASK_GLUE = {"__init__", "db", "services", "http_errors", "cli"}
SINGLE_HOME = {
    "openai": "llm",
    "faiss": "vector_index",
    "sentence_transformers": "embeddings",
    "onnxruntime": "onnx_encoder",
}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield ".".join(rel.parts), path


def top(name: str) -> str:
    return name.split(".")[0]


def test_domain_modules_do_not_import_flask():
    for name, path in modules():
        if top(name) in DELIVERY | FLASK_GLUE or name.startswith("web"):
            continue
        assert "flask" not in {top(i) for i in imports_of(path)}, name


def test_heavy_libraries_have_one_home():
    for library, home in SINGLE_HOME.items():
        users = {name for name, path in modules() if library in {top(i) for i in imports_of(path)}}
        assert users <= {home}, (library, users)


def test_delivery_layers_do_not_import_each_other():
    for name, path in modules():
        layer = top(name)
        if layer not in DELIVERY:
            continue
        for imported in imports_of(path):
            parts = imported.split(".")
            if parts[0] == "mediation" and len(parts) > 1:
                assert parts[1] not in DELIVERY - {layer}, (name, imported)


def test_modules_stay_small():
    for name, path in modules():
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, name
