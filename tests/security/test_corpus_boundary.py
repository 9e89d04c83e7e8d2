"""Threat: reading files outside the corpus folder into an index that anyone asking questions can read.

A symbolic link in the corpus folder (planted, or unpacked from an archive) could point at
/etc, a home folder or a key file. Links are skipped with a reason, never followed; a hard link
(another name for a file that may lie anywhere) is not read either; nothing outside the folder is
read, also not through the fetch cache's index.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from ingest.cache import FetchCache
from ingest.loader import load_local, read_inside, scan_corpus
from ingest.sandbox import FileLimits
from ingest.sources import SourcesManifest

SECRET = "CANARYOUTSIDESECRET"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and FIFOs as on Linux")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus with one real file, next to an 'outside' folder holding a secret."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} the server's private notes", encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "keys.md").write_text(f"# Keys\n\n{SECRET} in a folder\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notat.md").write_text("# Notat\n\nKommunen og boligorganisationen samarbejder.\n", encoding="utf-8")
    return folder


def _load(corpus: Path):
    return load_local(corpus, SourcesManifest(base_dir=corpus), 30, limits=FileLimits(timeout_s=30))


def test_symlinks_out_of_the_corpus_are_skipped_with_a_reason(corpus):
    """Symlink escape: a link to a file and a link to a folder outside the corpus are not followed."""
    (corpus / "secret.txt").symlink_to(corpus.parent / "outside" / "secret.txt")
    (corpus / "linked-folder").symlink_to(corpus.parent / "outside" / "more", target_is_directory=True)
    documents, failures = _load(corpus)
    assert [d.source for d in documents] == ["notat.md"]
    assert all(SECRET not in s.text for d in documents for s in d.sections)
    reasons = {f.name: f.reason for f in failures}
    assert reasons == {
        "linked-folder": "symbolic link to a place outside the corpus folder: not followed",
        "secret.txt": "symbolic link to a place outside the corpus folder: not followed",
    }


def test_a_hard_link_to_a_file_outside_the_corpus_is_not_read(corpus):
    """Hard-link escape: a second name inside the corpus for a file outside it is refused, with a reason."""
    os.link(corpus.parent / "outside" / "secret.txt", corpus / "secret.txt")
    documents, failures = _load(corpus)
    assert [d.source for d in documents] == ["notat.md"]
    assert all(SECRET not in s.text for d in documents for s in d.sections)
    assert any(f.name == "secret.txt" and "hard link" in f.reason for f in failures)


def test_symlinks_inside_the_corpus_and_dangling_ones_are_skipped_too(corpus):
    """Symlink tricks: a link within the folder (double indexing, a later retarget) and a dangling link."""
    (corpus / "kopi.md").symlink_to(corpus / "notat.md")
    (corpus / "dangling.md").symlink_to(corpus / "missing.md")
    documents, failures = _load(corpus)
    assert [d.source for d in documents] == ["notat.md"]
    assert {f.name: f.reason for f in failures} == {
        "dangling.md": "symbolic link: not followed", "kopi.md": "symbolic link: not followed",
    }


def test_a_fifo_in_the_corpus_is_skipped_not_waited_on(corpus):
    """Denial of service: reading a named pipe would block the ingest forever."""
    os.mkfifo(corpus / "pipe.txt")
    files, skipped = scan_corpus(corpus)
    assert [f.name for f in files] == ["notat.md"]
    assert [(s.name, s.reason) for s in skipped] == [("pipe.txt", "not a regular file (a device, pipe or socket)")]


def test_read_inside_refuses_paths_that_resolve_out_and_links_swapped_in(corpus):
    """Symlink race (TOCTOU): a file replaced by a link after the scan is refused when opened."""
    with pytest.raises(Exception, match="outside the corpus folder"):
        read_inside(corpus / ".." / "outside" / "secret.txt", corpus.resolve(), 1000)
    (corpus / "swapped.md").symlink_to(corpus / "notat.md")  # resolves inside, but is a link
    with pytest.raises(OSError):
        read_inside(corpus / "swapped.md", corpus.resolve(), 1000)


def test_the_fetch_cache_index_cannot_point_out_of_the_cache(tmp_path, corpus):
    """Path traversal through corpus/cache/index.json: a 'hash' of ../../outside/secret.txt, or an object
    that is a link, is never read."""
    cache_dir = corpus / "cache"
    (cache_dir / "objects").mkdir(parents=True)
    secret = tmp_path / "outside" / "secret.txt"
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()  # the right hash: only the link gives it away
    (cache_dir / "objects" / digest).symlink_to(secret)
    (cache_dir / "index.json").write_text(json.dumps({
        "https://www.kl.dk/traversal": {"hash": "../../../outside/secret.txt", "final_url": "https://www.kl.dk/traversal"},
        "https://www.kl.dk/link": {"hash": digest, "final_url": "https://www.kl.dk/link"},
    }), encoding="utf-8")
    cache = FetchCache(cache_dir)
    assert cache.get("https://www.kl.dk/traversal") is None
    assert cache.get("https://www.kl.dk/link") is None
