"""The code's layout rules: imports flow one way, the engine knows nothing of the web, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from danish import lexicon

ROOT = Path(__file__).resolve().parents[1]
# Each package may import only from the packages after it (and settings, at the bottom).
ORDER = ["views", "web", "qa", "vectorstore", "danish"]
ALLOWED = {
    "views": {"web", "qa", "vectorstore", "danish", "settings"},
    "web": {"qa", "vectorstore", "danish", "settings"},
    "qa": {"vectorstore", "danish", "settings"},
    "vectorstore": {"danish", "settings"},
    "danish": set(),
    "ingest": {"vectorstore", "danish", "settings"},
    "settings": set(),
}
PROJECT_PACKAGES = set(ALLOWED)
DANISH_WORDS = set(lexicon.DANISH_FUNCTION_WORDS | lexicon.QUESTION_STARTS | lexicon.STRONG_REFERRING_WORDS) | set(lexicon.MONTHS + lexicon.NUMBER_WORDS)


def _modules(package: str) -> list[Path]:
    return [ROOT / "settings.py"] if package == "settings" else sorted((ROOT / package).rglob("*.py"))


def _imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_flow_one_way(package):
    for path in _modules(package):
        wrong = (_imported_packages(path) & PROJECT_PACKAGES) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)} against the flow"


@pytest.mark.parametrize("package", ["qa", "vectorstore", "ingest", "danish"])
def test_the_engine_knows_nothing_of_streamlit_or_sqlite(package):
    for path in _modules(package):
        assert not _imported_packages(path) & {"streamlit", "sqlite3", "sqlalchemy"}, path


def test_product_modules_stay_under_300_lines():
    product = [p for package in sorted(ALLOWED) for p in _modules(package)] + [ROOT / "app.py"]
    long = [f"{p.relative_to(ROOT)}: {n}" for p in product if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300]
    assert not long, long


def test_word_lists_live_only_in_danish():
    """A module-level collection of five or more lower-case words, some of them Danish, is a word list; only danish/ may define one."""
    offenders = []
    for package in sorted(set(ALLOWED) - {"danish"}):
        for path in _modules(package):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if not isinstance(node, ast.Assign):
                    continue
                value = node.value.args[0] if isinstance(node.value, ast.Call) and node.value.args else node.value
                elements = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", [])
                words = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(words) >= 5 and all(w.isalpha() and w.islower() for w in words) and set(words) & DANISH_WORDS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
