"""Load local files of the corpus into ParsedDocuments: inside the corpus folder only, within limits.

The corpus folder is a boundary. Symbolic links are never followed (a link to /etc or to a
home folder would otherwise put its files into an index that anyone asking questions can read),
every file is checked to resolve inside the folder and opened without following a link, and
each file is parsed under the limits of ingest/sandbox.py.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ingest.dependencies import require_parser_libraries
from ingest.documents import LimitExceeded, ParsedDocument, ParseError, content_hash
from ingest.parsers import SUPPORTED_SUFFIXES, sniff_kind
from ingest.sandbox import FileLimits, parse_limited
from ingest.sources import SourcesManifest

# Folders and files in corpus/ that are not material.
IGNORED_NAMES = {"sources.toml", "README.md", "cache"}


@dataclass
class LoadFailure:
    name: str
    reason: str


def parse_with_time_limit(data: bytes, kind: str, timeout_s: float):
    """Parse under the default limits with this time limit (kept for callers of the old name)."""
    return parse_limited(data, kind, FileLimits(timeout_s=timeout_s))


def parse_document(
    data: bytes, *, source: str, name: str, url: str | None, title: str | None, timeout_s: float,
    content_type: str = "", extra: dict[str, str] | None = None, limits: FileLimits | None = None,
) -> ParsedDocument:
    """Parse one file or response; ParseError (LimitExceeded for a limit) when it cannot be indexed."""
    limits = limits or FileLimits(timeout_s=timeout_s)
    limits.check_size(len(data))
    kind = sniff_kind(data, name, content_type)
    require_parser_libraries([kind])  # a missing library stops the ingest instead of failing every file
    parsed = parse_limited(data, kind, limits)
    extra = dict(extra or {})
    if parsed.published:
        extra["published"] = parsed.published
    if parsed.hidden_chars:
        extra["hidden_chars"] = str(parsed.hidden_chars)  # shown in the ingest summary
    return ParsedDocument(
        source=source, title=title or parsed.title or Path(name).stem, url=url, kind=kind, sections=parsed.sections,
        content_hash=content_hash(data), page_count=parsed.page_count, extra=extra,
    )


def scan_corpus(corpus_dir: Path) -> tuple[list[Path], list[LoadFailure]]:
    """Every regular file under the corpus folder, in a stable order, and what was skipped and why.

    Links are not followed, to files or to folders, wherever they point: the folder is read as it is.
    """
    files: list[Path] = []
    skipped: list[LoadFailure] = []
    root = corpus_dir.resolve()

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            skipped.append(LoadFailure(folder.relative_to(corpus_dir).as_posix() or ".", f"cannot list the folder ({error.strerror})"))
            return
        for entry in entries:
            if entry.name in IGNORED_NAMES or entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(corpus_dir).as_posix()
            if entry.is_symlink():
                inside = Path(os.path.realpath(path)).is_relative_to(root)
                where = "" if inside else " to a place outside the corpus folder"
                skipped.append(LoadFailure(relative, f"symbolic link{where}: not followed"))
            elif entry.is_dir(follow_symlinks=False):
                walk(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                skipped.append(LoadFailure(relative, "not a regular file (a device, pipe or socket)"))

    walk(corpus_dir)
    return files, skipped


def local_files(corpus_dir: Path) -> list[Path]:
    """Every regular file under the corpus folder, in a stable order (links left out)."""
    return scan_corpus(corpus_dir)[0]


def read_inside(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of a file that must lie inside ``root``; a link, a non-file or an oversized file is refused."""
    if not path.resolve().is_relative_to(root):
        raise LimitExceeded("outside the corpus folder: not read")
    # O_NOFOLLOW: a file swapped for a link after the scan is refused, not followed.
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LimitExceeded("not a regular file")
        # A hard link looks like a file of the folder but may be a file from anywhere (/etc, a home folder):
        # where its other names are cannot be told, so it is not read.
        if info.st_nlink > 1:
            raise LimitExceeded("a hard link (the same file may lie outside the corpus folder): not read; copy the file in instead")
        FileLimits(max_bytes=max_bytes).check_size(info.st_size)  # before reading a byte
        data = file.read(max_bytes + 1)  # a file that grew since the check is cut off here
    FileLimits(max_bytes=max_bytes).check_size(len(data))
    return data


def load_local(
    corpus_dir: Path, sources: SourcesManifest, timeout_s: float, skip_snapshots_of: set[str] = frozenset(),
    limits: FileLimits | None = None,
) -> tuple[list[ParsedDocument], list[LoadFailure]]:
    """Load the corpus folder. A snapshot stands for its source URL unless that URL was fetched.

    Without ``limits``, only the time limit is set (the other limits at their defaults).
    """
    limits = limits or FileLimits(timeout_s=timeout_s)
    snapshots = sources.snapshot_paths()
    documents: list[ParsedDocument] = []
    files, failures = scan_corpus(corpus_dir)
    root = corpus_dir.resolve()
    for path in tqdm(files, desc="Parsing", unit="file", disable=not sys.stderr.isatty() or len(files) < 2, file=sys.stderr):
        relative = path.relative_to(corpus_dir).as_posix()
        entry = snapshots.get(path.resolve())
        if entry is not None and entry.url in skip_snapshots_of:
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            failures.append(LoadFailure(relative, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            data = read_inside(path, root, limits.max_bytes)
            document = parse_document(
                data, source=entry.url if entry else relative, name=path.name, timeout_s=limits.timeout_s,
                url=entry.url if entry else None, title=entry.title if entry else None, limits=limits,
            )
        except ParseError as error:
            failures.append(LoadFailure(relative, str(error)))
            continue
        except OSError as error:
            if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link that appeared after the scan
                failures.append(LoadFailure(relative, "symbolic link: not followed"))
            else:
                failures.append(LoadFailure(relative, f"cannot be read ({error.strerror or type(error).__name__})"))
            continue
        if entry is not None:
            document.extra["snapshot"] = relative
        documents.append(document)
    return documents, failures
