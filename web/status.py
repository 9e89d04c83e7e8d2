"""What the index holds, for the chat's start page and the staff page (read from the index manifest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from settings import Settings
from vectorstore.manifest import IndexManifest
from vectorstore.problems import ingest_command as build_command
from vectorstore.store import IndexMissingError, IndexProblem, read_current_manifest


@dataclass
class SourceLine:
    """One source of the material: indexed, or named in the manifest as missing (with why)."""

    title: str
    url: str | None
    indexed: bool
    kind: str = ""
    chunks: int = 0
    pages: int | None = None
    reason: str = ""
    hidden_chars: int = 0  # text the ingest left out because no reader of the document can see it


@dataclass
class IndexStatus:
    build_id: str
    built_at: datetime
    embedding_model: str
    dimensions: int
    chunk_count: int
    sources: list[SourceLine]

    @property
    def indexed(self) -> list[SourceLine]:
        return [s for s in self.sources if s.indexed]

    @property
    def missing(self) -> list[SourceLine]:
        return [s for s in self.sources if not s.indexed]


def source_lines(manifest: IndexManifest) -> list[SourceLine]:
    """Indexed sources first, in index order, then the missing ones."""
    lines = [
        SourceLine(
            title=s.title or s.source, url=s.url, indexed=True, kind=s.kind, chunks=s.chunks, pages=s.pages,
            hidden_chars=int(s.extra.get("hidden_chars") or 0),
        )
        for s in manifest.sources
    ]
    lines += [SourceLine(title=m.name, url=m.url, indexed=False, reason=m.reason) for m in manifest.missing]
    return lines


def index_status(settings: Settings) -> IndexStatus:
    """The current index's status; raises IndexMissingError (or another IndexProblem) with the fix."""
    manifest = read_current_manifest(settings)
    return IndexStatus(
        build_id=manifest.build_id, built_at=manifest.built_at, embedding_model=manifest.embeddings.model_id,
        dimensions=manifest.embeddings.dimensions, chunk_count=manifest.chunk_count, sources=source_lines(manifest),
    )


def ingest_command(settings: Settings) -> str:
    """The command that builds the index this app reads."""
    return build_command(settings.index_dir)


def is_missing_index(error: IndexProblem) -> bool:
    """A missing index is fixed by building it; other problems (a model mismatch) carry their own fix."""
    return isinstance(error, IndexMissingError)
