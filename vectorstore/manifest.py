"""The index manifest: what an index was built from and with, so it can be checked on open."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, Field

MANIFEST_FILE = "manifest.json"


class EmbeddingInfo(BaseModel):
    backend: str
    model: str
    dimensions: int

    @property
    def model_id(self) -> str:
        return f"{self.backend}:{self.model}"


class ChunkingInfo(BaseModel):
    size: int
    overlap: int
    version: int


class IndexedSource(BaseModel):
    source: str
    title: str
    url: str | None = None
    kind: str
    content_hash: str
    chunks: int
    pages: int | None = None
    extra: dict[str, str] = Field(default_factory=dict)


class MissingSource(BaseModel):
    """A source that is not in the index, and why: unreachable, refused, unparseable."""

    name: str
    reason: str
    url: str | None = None


class IndexManifest(BaseModel):
    build_id: str
    built_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    collection: str
    chroma_host: str | None = None
    embeddings: EmbeddingInfo
    chunking: ChunkingInfo
    sources: list[IndexedSource] = Field(default_factory=list)
    missing: list[MissingSource] = Field(default_factory=list)
    chunk_count: int = 0

    def save(self, folder: Path) -> None:
        (folder / MANIFEST_FILE).write_text(self.model_dump_json(indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "IndexManifest":
        return cls.model_validate_json((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
