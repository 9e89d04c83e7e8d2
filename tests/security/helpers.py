"""Small helpers of the security tests: settings for an offline ingest with fake embeddings, index search."""

from __future__ import annotations

from pathlib import Path

from settings import Settings, load_settings


def offline_settings(root: Path, **overrides: object) -> Settings:
    """An ingest of ``root/corpus`` into ``root/index`` with fake embeddings: no network, no model download."""
    values: dict[str, object] = dict(
        corpus_dir=root / "corpus", index_dir=root / "index", data_dir=root / "data", embeddings="fake", fetch=False,
    )
    values.update(overrides)
    return load_settings(**values)


def index_contains(index_dir: Path, needle: str) -> bool:
    """True when any file of the index (Chroma's SQLite, the lexical index, the manifest) holds ``needle``.

    Searching the bytes, not an API, keeps this independent of how the index is laid out.
    """
    wanted = needle.encode("utf-8")
    return any(wanted in path.read_bytes() for path in index_dir.rglob("*") if path.is_file())
