"""Command line: python -m qa [--index DIR] [--json] QUESTION   (QUESTION '-' reads one per line from stdin)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from qa.types import Answer, QuestionError
from settings import load_settings
from vectorstore.store import IndexProblem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa", description="Ask the assistant a question.")
    parser.add_argument("--index", type=Path, help="index folder (default from settings: BOLIG_INDEX_DIR)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per answer")
    parser.add_argument("question", nargs="+", help="the question, or '-' to read one question per line from stdin")
    return parser


def render_text(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.notice:
        lines += ["", f"({answer.notice})"]
    if answer.citations:
        lines += ["", "Kilder:" if answer.language == "da" else "Sources:"]
        lines += [f"[{c.n}] {c.label}" + (f" <{c.link}>" if c.link else "") for c in answer.citations]
    if answer.related:
        # Shown apart and unnumbered: they did not answer the question, they are only where to look.
        lines += ["", RELATED_HEADING[answer.language]]
        lines += [f"- {c.label}" + (f" <{c.link}>" if c.link else "") for c in answer.related]
    return "\n".join(lines)


RELATED_HEADING = {"da": "Nærmeste steder i materialet:", "en": "Nearest places in the material:"}


def _error_object(question: str, message: str) -> dict:
    return {"question": question, "error": message}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    settings = load_settings(index_dir=args.index)
    from qa.pipeline import Assistant  # after argument parsing: --help stays instant

    try:
        assistant = Assistant(settings)
    except IndexProblem as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.question == ["-"]:
        questions = (line.rstrip("\n") for line in sys.stdin)
        batch = True
    else:
        questions = iter([" ".join(args.question)])
        batch = False
    status = 0
    for question in questions:
        if batch and not question.strip():
            continue
        try:
            answer = assistant.answer(question)
        except QuestionError as error:
            status = 1
            if args.json:
                print(json.dumps(_error_object(question, str(error)), ensure_ascii=False), flush=True)
            else:
                print(f"error: {error}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(answer.to_json_dict(), ensure_ascii=False), flush=True)
        else:
            print(render_text(answer), flush=True)
            if batch:
                print(flush=True)
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader (for example `head`) stopped early: not an error
        sys.stderr.close()
        sys.exit(0)
