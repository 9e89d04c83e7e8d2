"""Load local files of the corpus into ParsedDocuments, each parse under a time limit."""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ingest.documents import ParsedDocument, ParseError, content_hash
from ingest.parsers import SUPPORTED_SUFFIXES, parse, sniff_kind
from ingest.sources import SourcesManifest

# Folders and files in corpus/ that are not material.
IGNORED_NAMES = {"sources.toml", "README.md", "cache"}


@dataclass
class LoadFailure:
    name: str
    reason: str


def _parse_in_child(connection, data: bytes, kind: str) -> None:
    try:
        connection.send(("ok", parse(data, kind)))
    except ParseError as error:
        connection.send(("error", str(error)))
    except Exception as error:  # report, never crash the parent
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def parse_with_time_limit(data: bytes, kind: str, timeout_s: float):
    """Parse in a child process that is killed after ``timeout_s``: parsers have looped forever on crafted files."""
    if kind in ("md", "txt"):
        return parse(data, kind)  # our own plain-text code has no such risk
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_parse_in_child, args=(sender, data, kind), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise ParseError(f"parsing took longer than {timeout_s:.0f} s and was stopped")
        status, payload = receiver.recv()
    except EOFError as error:
        raise ParseError("the parser crashed") from error
    finally:
        if child.is_alive():
            child.kill()
        child.join(1)
        receiver.close()
    if status == "error":
        raise ParseError(payload)
    return payload


def parse_document(
    data: bytes, *, source: str, name: str, url: str | None, title: str | None, timeout_s: float,
    content_type: str = "", extra: dict[str, str] | None = None,
) -> ParsedDocument:
    kind = sniff_kind(data, name, content_type)
    parsed = parse_with_time_limit(data, kind, timeout_s)
    extra = dict(extra or {})
    if parsed.published:
        extra["published"] = parsed.published
    return ParsedDocument(
        source=source, title=title or parsed.title or Path(name).stem, url=url, kind=kind, sections=parsed.sections,
        content_hash=content_hash(data), page_count=parsed.page_count, extra=extra,
    )


def local_files(corpus_dir: Path) -> list[Path]:
    """Every supported file under the corpus folder, in a stable order."""
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        relative = path.relative_to(corpus_dir)
        if any(part in IGNORED_NAMES or part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            files.append(path)
    return files


def load_local(
    corpus_dir: Path, sources: SourcesManifest, timeout_s: float, skip_snapshots_of: set[str] = frozenset()
) -> tuple[list[ParsedDocument], list[LoadFailure]]:
    """Load the corpus folder. A snapshot stands for its source URL unless that URL was fetched."""
    snapshots = sources.snapshot_paths()
    documents, failures = [], []
    files = local_files(corpus_dir)
    for path in tqdm(files, desc="Parsing", unit="file", disable=not sys.stderr.isatty() or len(files) < 2, file=sys.stderr):
        relative = path.relative_to(corpus_dir).as_posix()
        entry = snapshots.get(path.resolve())
        if entry is not None and entry.url in skip_snapshots_of:
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            failures.append(LoadFailure(relative, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            data = path.read_bytes()
            document = parse_document(
                data, source=entry.url if entry else relative, name=path.name, timeout_s=timeout_s,
                url=entry.url if entry else None, title=entry.title if entry else None,
            )
        except (ParseError, OSError) as error:
            failures.append(LoadFailure(relative, str(error)))
            continue
        if entry is not None:
            document.extra["snapshot"] = relative
        documents.append(document)
    return documents, failures
