"""The fetch cache: fetched bytes stored by content hash, and a JSON index from URL to the stored copy.

It lets a re-fetch be conditional (ETag / Last-Modified), and lets the ingest fall back
to the last good copy when the network is gone. Every write is atomic (temp file +
os.replace), so a killed ingest never leaves a half-written file behind.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ingest.documents import content_hash

log = logging.getLogger(__name__)

INDEX_FILE = "index.json"
OBJECTS_DIR = "objects"
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class CacheEntry:
    hash: str
    final_url: str
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = ""


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class FetchCache:
    """URL -> CacheEntry, with the bytes under ``objects/<sha256>``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, CacheEntry] | None = None

    @property
    def entries(self) -> dict[str, CacheEntry]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, CacheEntry]:
        path = self.folder / INDEX_FILE
        if not path.exists():
            return {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {url: CacheEntry(**fields) for url, fields in raw.items()}
        except (OSError, ValueError, TypeError) as error:
            # A damaged index only costs a full re-fetch; it must not stop the ingest.
            log.warning("fetch cache index %s is unreadable (%s); starting afresh", path, error)
            return {}

    def _save(self) -> None:
        data = {url: asdict(entry) for url, entry in sorted(self.entries.items())}
        _write_atomically(self.folder / INDEX_FILE, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))

    def _object_path(self, digest: str) -> Path:
        return self.folder / OBJECTS_DIR / digest

    def get(self, url: str) -> tuple[CacheEntry, bytes] | None:
        """The cached copy of ``url``, or None; a copy whose bytes no longer match their hash is ignored."""
        entry = self.entries.get(url)
        # The index is a file in the corpus folder: a "hash" like "../../etc/passwd" must not lead out of it.
        if entry is None or not isinstance(entry.hash, str) or not SHA256.fullmatch(entry.hash):
            return None
        try:
            descriptor = os.open(self._object_path(entry.hash), os.O_RDONLY | os.O_NOFOLLOW)  # a link is not followed
            with os.fdopen(descriptor, "rb") as file:
                data = file.read()
        except OSError:
            return None
        if content_hash(data) != entry.hash:
            log.warning("cached copy of %s is damaged; ignoring it", url)
            return None
        return entry, data

    def conditional_headers(self, entry: CacheEntry) -> dict[str, str]:
        headers = {}
        if entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        return headers

    def put(
        self, url: str, data: bytes, *, final_url: str, content_type: str = "", etag: str | None = None,
        last_modified: str | None = None,
    ) -> CacheEntry:
        digest = content_hash(data)
        path = self._object_path(digest)
        if not path.exists():
            _write_atomically(path, data)
        entry = CacheEntry(
            hash=digest, final_url=final_url, content_type=content_type, etag=etag, last_modified=last_modified,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        self.entries[url] = entry
        self._save()
        return entry

    def touch(self, url: str) -> None:
        """Record that a 304 confirmed the cached copy is current."""
        entry = self.entries.get(url)
        if entry is not None:
            entry.fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            self._save()

    def prune(self) -> int:
        """Delete stored bytes no URL points to any more (older versions); return how many."""
        folder = self.folder / OBJECTS_DIR
        if not folder.is_dir():
            return 0
        wanted = {entry.hash for entry in self.entries.values()}
        removed = 0
        for path in folder.iterdir():
            if path.is_file() and path.name not in wanted and not path.name.startswith("."):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
