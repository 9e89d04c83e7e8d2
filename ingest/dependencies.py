"""Check that every parser's library can be imported, so a broken install fails loudly and by name."""

from __future__ import annotations

import importlib

from ingest.documents import MissingLibraryError

# Per format: (module to import, the package that provides it, as pip names it).
PARSER_LIBRARIES: dict[str, list[tuple[str, str]]] = {
    "html": [("lxml.html", "lxml"), ("lxml.html.clean", "lxml_html_clean"), ("trafilatura", "trafilatura")],
    "pdf": [("pypdf", "pypdf")],
    "docx": [("docx", "python-docx")],
    "md": [("langchain_text_splitters", "langchain-text-splitters")],
    "txt": [("langchain_text_splitters", "langchain-text-splitters")],
}
_checked: set[str] = set()


def require_parser_libraries(kinds: list[str] | None = None) -> None:
    """Import the libraries of ``kinds`` (default: every format); MissingLibraryError names a missing one.

    Importing here, in the parent process, also means each parse child starts with them loaded.
    """
    for kind in kinds or list(PARSER_LIBRARIES):
        if kind in _checked:
            continue
        for module, package in PARSER_LIBRARIES.get(kind, []):
            try:
                importlib.import_module(module)
            except ImportError as error:
                raise MissingLibraryError(
                    f"the {kind.upper()} parser needs the Python package {package!r}, which cannot be imported "
                    f"({error}). Install the requirements: pip install -r requirements.txt"
                ) from error
        _checked.add(kind)
