"""Command line: python -m ingest [--corpus DIR] [--sources FILE] [--index DIR] [--rebuild] [--allow-private-hosts]."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from ingest.dependencies import require_parser_libraries
from ingest.documents import MissingLibraryError
from ingest.pipeline import IngestError, IngestSummary, run_ingest
from ingest.sources import ManifestError
from settings import load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Build or update the assistant's index.")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default from settings: BOLIG_CORPUS_DIR)")
    parser.add_argument("--sources", type=Path, help="sources manifest, TOML (default: sources.toml in the corpus folder)")
    parser.add_argument("--index", type=Path, help="index folder (default from settings: BOLIG_INDEX_DIR)")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything into a new build")
    parser.add_argument("--offline", action="store_true", help="do not fetch; use local files and the cache")
    parser.add_argument(
        "--allow-private-hosts", action="store_true", help="allow fetching from loopback/private addresses (tests only)"
    )
    return parser


def printable(text: object) -> str:
    """One line of text, safe for a terminal: control, format and line-separator characters escaped.

    File names, titles and server-supplied reasons end up here; a name with a newline must not
    print as two lines (a forged "Not indexed" entry), nor an escape sequence repaint the terminal.
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii") for c in str(text))


def print_summary(summary: IngestSummary, out: TextIO | None = None) -> None:
    out = out or sys.stdout  # looked up now, not at import: redirected or captured output is honoured
    rows = [
        ("new", len(summary.new)), ("updated", len(summary.updated)), ("unchanged", len(summary.unchanged)),
        ("removed", len(summary.removed)), ("failed / missing", len(summary.failed)),
    ]
    print("Sources", file=out)
    for label, count in rows:
        print(f"  {label:<17}{count:>5}", file=out)
    print(f"Chunks in index    {summary.chunks:>5}  (embedded now: {summary.embedded_chunks})", file=out)
    print(f"Embedding model    {printable(summary.model)}", file=out)
    unchanged = "" if summary.wrote_new_build else " (unchanged, nothing written)"
    print(f"Build              {printable(summary.build_id)}{unchanged}", file=out)
    print(f"Time               {summary.seconds:.1f} s", file=out)
    for note in summary.notes:
        print(f"Note: {printable(note)}", file=out)
    hidden = getattr(summary, "hidden_text", {})
    if hidden:
        # Text a reader cannot see is a way to slip instructions to the model; it is left out, and named here.
        print("Hidden text left out (white, invisible, tiny, off-page or hidden by markup):", file=out)
        for source, characters in hidden.items():
            print(f"  - {printable(source)}: {characters} characters", file=out)
    if summary.failed:
        print("Not indexed:", file=out)
        for missing in summary.failed:
            print(f"  - {printable(missing.name)}: {printable(missing.reason)}", file=out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    overrides = {"corpus_dir": args.corpus, "sources_file": args.sources, "index_dir": args.index}
    if args.allow_private_hosts:
        overrides["allow_private_hosts"] = True
    if args.offline:
        overrides["fetch"] = False
    settings = load_settings(**overrides)
    if not settings.corpus_dir.is_dir():
        print(f"error: corpus folder {printable(settings.corpus_dir)} does not exist", file=sys.stderr)
        return 2
    try:
        require_parser_libraries()  # before anything is fetched: a broken install fails here, by name
        summary = run_ingest(settings, rebuild=args.rebuild)
    except (IngestError, ManifestError, MissingLibraryError) as error:
        print(f"error: {printable(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous index is unchanged", file=sys.stderr)
        return 130
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
