"""Threat: one file that stalls or floods the ingest (denial of service through size, time, memory, chunks).

Every format gets the same limits: a size cap before a byte is read, a child process killed at the
time limit (plain text and Markdown too), a memory cap on that child, and a cap on the chunks one
file may add. A file over a limit is skipped with its name and reason; the rest is indexed.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

import ingest.sandbox
from ingest.documents import LimitExceeded
from ingest.loader import load_local, parse_document
from ingest.pipeline import run_ingest
from ingest.sandbox import FileLimits, parse_limited
from ingest.sources import SourcesManifest
from tests.security.helpers import offline_settings

MB = 1024 * 1024
NOTE = "# Notat\n\nKommunen og boligorganisationen samarbejder om trygge boligområder.\n"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.md").write_text(NOTE, encoding="utf-8")
    return corpus


def test_a_200_mb_text_file_is_skipped_in_seconds_and_the_rest_indexed(tmp_path):
    """Resource exhaustion by a huge file: a 200 MB .txt (sparse, so the test writes nothing) is refused
    by its size before it is read."""
    settings = offline_settings(tmp_path)
    corpus = _corpus(tmp_path)
    with open(corpus / "enorm.txt", "wb") as file:
        file.truncate(200 * MB)
    started = time.monotonic()
    summary = run_ingest(settings)
    assert time.monotonic() - started < 20  # the whole ingest, fake embeddings; skipping itself is instant
    assert summary.new == ["notat.md"]
    assert [(m.name, m.reason) for m in summary.failed] == [
        ("enorm.txt", "file too large: 200.0 MB, the limit is 25.0 MB (BOLIG_FILE_MAX_BYTES)")
    ]


def test_the_size_cap_is_a_setting_and_covers_fetched_bytes(tmp_path):
    """Resource exhaustion by a large response: parse_document (used for fetched sources too) checks the cap."""
    settings = offline_settings(tmp_path, file_max_bytes=1000)
    assert FileLimits.from_settings(settings).max_bytes == 1000
    with pytest.raises(LimitExceeded, match="file too large"):
        parse_document(b"x" * 1001, source="u", name="a.txt", url=None, title=None, timeout_s=5,
                       limits=FileLimits.from_settings(settings))


def test_a_file_with_too_many_chunks_is_skipped(tmp_path):
    """Index flooding: one file that would give more chunks than file_max_chunks is left out whole."""
    corpus = _corpus(tmp_path)
    (corpus / "lang.txt").write_text("\n\n".join(f"Afsnit {i} om boliger og beboere." * 20 for i in range(300)), encoding="utf-8")
    limits = FileLimits(max_chunks=50, timeout_s=30)
    documents, failures = load_local(corpus, SourcesManifest(base_dir=corpus), 30, limits=limits)
    assert [d.source for d in documents] == ["notat.md"]
    assert len(failures) == 1 and failures[0].name == "lang.txt"
    assert failures[0].reason.startswith("too much text: about ") and "the limit is 50 per file" in failures[0].reason


def _slow_parse(data: bytes, kind: str):
    time.sleep(60)


def _greedy_parse(data: bytes, kind: str):
    hog = bytearray(600 * MB)  # well past the cap below
    return hog


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_text_and_markdown_are_parsed_under_the_time_limit(monkeypatch, kind):
    """Parser hang (a crafted file that loops): plain text and Markdown run in the killed-at-the-limit
    child like every other format, so a slow parse costs the time limit, not the ingest."""
    monkeypatch.setattr(ingest.sandbox, "parse", _slow_parse)  # the forked child inherits the patch
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="parsing took longer than 1 s"):
        parse_limited(b"# Titel\n\nTekst.", kind, FileLimits(timeout_s=1))
    assert time.monotonic() - started < 10


def test_the_parse_child_has_a_memory_cap(monkeypatch):
    """Memory exhaustion (a zip bomb, a parser blow-up): the child cannot grow past parse_memory_mb,
    and the parent's own limit is untouched."""
    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(ingest.sandbox, "parse", _greedy_parse)
    with pytest.raises(LimitExceeded, match="needed more than 200 MB of memory"):
        parse_limited(b"tekst", "txt", FileLimits(memory_mb=200, timeout_s=30))
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def _zip_bomb_docx(inflated_mb: int) -> bytes:
    """A valid DOCX whose one paragraph inflates to ``inflated_mb`` MB; written in pieces, never held whole."""
    import io
    import zipfile

    import docx

    template = docx.Document()
    template.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    template.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                archive.writestr(item.filename, data)
                continue
            before, after = data.split(b"PLACEHOLDER")
            with archive.open(item.filename, "w", force_zip64=True) as member:
                member.write(before)
                for _ in range(inflated_mb):
                    member.write(b"A" * MB)
                member.write(after)
    return bomb.getvalue()


def test_a_zip_bomb_docx_is_stopped_by_the_memory_cap():
    """Decompression bomb: a 1 MB DOCX whose document.xml inflates to 300 MB, far past the memory cap."""
    data = _zip_bomb_docx(300)
    assert len(data) < 5 * MB
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="needed more than 256 MB of memory"):
        parse_limited(data, "docx", FileLimits(memory_mb=256, timeout_s=30))
    assert time.monotonic() - started < 30
