"""The sources manifest (TOML): which pages to fetch, which links to follow, which documents to expect."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError


class SourceEntry(BaseModel):
    url: str = Field(description="Address of the page or document.")
    title: str | None = Field(None, description="Title to show; else taken from the document.")
    follow_links: bool = Field(False, description="Follow this page's links (depth 1) to allowed domains.")
    snapshot: str | None = Field(None, description="Local file (relative to the manifest) used when the URL cannot be fetched.")


class ExpectedDocument(BaseModel):
    """A linked document we know of by its link text, so a missing one can be named."""

    title: str
    link_text: str = ""
    domain: str = ""


class SourcesManifest(BaseModel):
    allow_domains: list[str] = Field(default_factory=list)
    source: list[SourceEntry] = Field(default_factory=list)
    expected: list[ExpectedDocument] = Field(default_factory=list)
    base_dir: Path = Field(Path("."), exclude=True)

    def snapshot_paths(self) -> dict[Path, SourceEntry]:
        return {(self.base_dir / entry.snapshot).resolve(): entry for entry in self.source if entry.snapshot}


class ManifestError(Exception):
    """The sources manifest is missing or malformed."""


def read_sources(path: Path) -> SourcesManifest:
    """Read and validate a sources manifest; a missing file means no remote sources."""
    if not path.exists():
        return SourcesManifest(base_dir=path.parent)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return SourcesManifest(**raw, base_dir=path.parent)
    except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path}: {error}") from error
