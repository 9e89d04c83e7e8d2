"""Threats to the operator: a forged summary line, a terminal escape, a silently broken install.

File names and server-supplied reasons are printed in the ingest summary. A name with a newline
could print a fake line ("- passwords.txt: indexed"), an ANSI escape could repaint the terminal,
and a right-to-left override could disguise an extension; every printout escapes them. A parser
library that is missing must stop the ingest by name instead of failing every document quietly.
"""

from __future__ import annotations

import io
import sys

import pytest

import ingest.dependencies
from ingest.__main__ import main, print_summary, printable
from ingest.documents import MissingLibraryError
from ingest.loader import load_local
from ingest.pipeline import IngestSummary, run_ingest
from ingest.sources import SourcesManifest
from tests.security.helpers import offline_settings
from tests.security.hostile_docs import hidden_html
from vectorstore.manifest import MissingSource


def test_printable_escapes_control_format_and_separator_characters():
    """Log/terminal injection through a file name: newline, carriage return, ESC, U+202E, U+2028."""
    assert printable("a\nb\rc\x1b[2Jd\u202ee\u2028f\tg") == "a\\nb\\rc\\x1b[2Jd\\u202ee\\u2028f\\tg"
    assert printable("Lov om almene boliger – § 5, stk. 2 (æøå)") == "Lov om almene boliger – § 5, stk. 2 (æøå)"
    assert printable("ugyldig \udcff byte") == "ugyldig \\udcff byte"  # an undecodable file name byte


def test_every_summary_line_escapes_names_reasons_and_notes():
    """Forged summary lines: each entry of the summary stays one line, whatever its name holds."""
    summary = IngestSummary(
        failed=[MissingSource(name="ond\n  - passwords.txt: indexed", reason="grund\x1b[31m")],
        notes=["Titel\nNote: falsk"], hidden_text={"skjult\n.html": 12}, model="fake\n", build_id="b\r",
    )
    out = io.StringIO()
    print_summary(summary, out=out)
    lines = out.getvalue().splitlines()
    assert "  - ond\\n  - passwords.txt: indexed: grund\\x1b[31m" in lines
    assert "Note: Titel\\nNote: falsk" in lines and "  - skjult\\n.html: 12 characters" in lines
    assert not any(line.startswith("  - passwords.txt") for line in lines)
    assert all("\x1b" not in line and "\r" not in line for line in lines)


def test_a_file_name_with_a_newline_prints_as_one_line(tmp_path, monkeypatch, capsys):
    """Forged summary line from the corpus itself: a real file whose name holds a newline."""
    monkeypatch.setenv("BOLIG_EMBEDDINGS", "fake")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.md").write_text("# Notat\n\nKommunen og boligorganisationen samarbejder.\n", encoding="utf-8")
    (corpus / "ond\n  - hemmelig.txt: indexed.xyz").write_bytes(b"x")
    (corpus / "skjult\n.html").write_text(hidden_html(), encoding="utf-8")
    code = main(["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--offline"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "  - ond\\n  - hemmelig.txt: indexed.xyz: unsupported file type .xyz" in lines
    assert any(line.startswith("  - skjult\\n.html: ") and line.endswith(" characters") for line in lines)
    assert not any(line.startswith("  - hemmelig.txt") or line.startswith(".html") for line in lines)


def test_a_missing_parser_library_stops_the_ingest_by_name(tmp_path, monkeypatch, capsys):
    """Silent degradation: without lxml_html_clean every HTML source used to be listed as failed and
    the ingest carried on; now it stops, non-zero, naming the package to install."""
    monkeypatch.setenv("BOLIG_EMBEDDINGS", "fake")
    monkeypatch.setattr(ingest.dependencies, "_checked", set())
    monkeypatch.setitem(sys.modules, "lxml.html.clean", None)  # makes "import lxml.html.clean" fail
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "side.html").write_text(hidden_html(), encoding="utf-8")
    code = main(["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--offline"])
    err = capsys.readouterr().err
    assert code == 1 and "'lxml_html_clean'" in err and "pip install -r requirements.txt" in err
    with pytest.raises(MissingLibraryError, match="lxml_html_clean"):
        load_local(corpus, SourcesManifest(base_dir=corpus), 30)
    with pytest.raises(MissingLibraryError):
        run_ingest(offline_settings(tmp_path))  # the library function fails loudly too, not per file
