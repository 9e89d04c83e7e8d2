"""Quality evaluation: python -m qa.eval FILE [FILE ...] [--index DIR] [--set NAME=VALUE ...] [--verbose].

FILE has one JSON object per line: q, lang, answerable, expected (all must appear; "a|b" means
either), support (a passage a good citation's excerpt contains), and for a follow-up ``history``
(the earlier user questions). ``--set`` overrides a scoring value (settings.Scoring) for a sweep. Prints retrieval hit@1, hit@3 and
MRR, answer and citation correctness, refusal accuracy and false refusals, for Danish, English and
overall, then a one-line JSON summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from danish.words import collapse_whitespace
from settings import Scoring, load_settings


def _contains(haystack: str, needle: str) -> bool:
    return collapse_whitespace(needle).lower() in collapse_whitespace(haystack).lower()


def expected_present(answer: str, expected: list[str]) -> bool:
    return all(any(_contains(answer, option) for option in item.split("|")) for item in expected)


def score_case(case: dict, answer, retrieved: list[str]) -> dict:
    """Per-question outcomes; retrieval ranks are measured on the chunks the answerer saw."""
    result = {"q": case["q"], "lang": case.get("lang", "da"), "answerable": bool(case.get("answerable", True)), "refused": answer.refused}
    if result["answerable"]:
        ranks = [i for i, text in enumerate(retrieved, start=1) if _contains(text, case["support"])]
        first = ranks[0] if ranks else None
        result.update(
            hit1=first == 1, hit3=first is not None and first <= 3, rr=1.0 / first if first else 0.0,
            correct=not answer.refused and expected_present(answer.answer, case.get("expected", [])),
            cited=any(_contains(c.excerpt, case["support"]) for c in answer.citations),
        )
    return result


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def aggregate(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    return {
        "n": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "hit@1": _mean([r["hit1"] for r in answerable]), "hit@3": _mean([r["hit3"] for r in answerable]),
        "mrr": _mean([r["rr"] for r in answerable]), "answer_correct": _mean([r["correct"] for r in answerable]),
        "citation_correct": _mean([r["cited"] for r in answerable]),
        "refusal_accuracy": _mean([r["refused"] for r in unanswerable]),
        "false_refusals": _mean([r["refused"] for r in answerable]),
        # Of the refusals given, the share that was right: a refusal of an answerable question is a miss too.
        "refusal_precision": _mean([not r["answerable"] for r in results if r["refused"]]),
    }


def evaluate(cases: list[dict], assistant, verbose: bool = False) -> dict:
    results = []
    for case in cases:
        history = [("user", text) for text in case.get("history", [])]
        answer = assistant.answer(case["q"], history or None)
        query = answer.retrieval_query or answer.question
        retrieved = [d.page_content for d in assistant.retrieve(query, answer.language).documents]
        result = score_case(case, answer, retrieved)
        results.append(result)
        if verbose:
            flags = " ".join(f"{k}={int(v)}" for k, v in result.items() if isinstance(v, bool))
            print(f"- {case['q']}\n  {flags}\n  {answer.answer.replace(chr(10), ' | ')[:300]}", file=sys.stderr)
    report = {"overall": aggregate(results)}
    for language in ("da", "en"):
        subset = [r for r in results if r["lang"] == language]
        if subset:
            report[language] = aggregate(subset)
    return report


def print_report(report: dict) -> None:
    metrics = [
        "n", "hit@1", "hit@3", "mrr", "answer_correct", "citation_correct", "refusal_accuracy", "refusal_precision", "false_refusals",
    ]
    columns = [c for c in ("da", "en", "overall") if c in report]
    print(f"{'metric':<18}" + "".join(f"{c:>10}" for c in columns))
    for metric in metrics:
        cells = [report[c][metric] for c in columns]
        print(f"{metric:<18}" + "".join(f"{'-' if v is None else v:>10}" for v in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.eval", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="+")
    parser.add_argument("--index", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a scoring value, e.g. min_evidence=0.82")
    parser.add_argument("--verbose", action="store_true", help="print each question with its answer to stderr")
    args = parser.parse_args(argv)
    from qa.pipeline import Assistant  # after argument parsing: --help stays instant

    settings = load_settings(index_dir=args.index)
    try:
        settings = settings.model_copy(update={"scoring": scoring_with_overrides(settings.scoring, args.set)})
    except ValueError as error:
        parser.error(str(error))
    assistant = Assistant(settings)
    for file in args.file:
        cases = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        report = evaluate(cases, assistant, verbose=args.verbose)
        print(f"== {file}")
        print_report(report)
        summary = {"file": str(file), "summary": report["overall"], "by_language": {k: v for k, v in report.items() if k != "overall"}}
        print(json.dumps(summary, ensure_ascii=False))
    return 0


def scoring_with_overrides(scoring: Scoring, assignments: list[str]) -> Scoring:
    """A copy of ``scoring`` with NAME=VALUE assignments applied and validated; ValueError names a bad one."""
    updates: dict[str, str] = {}
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        if not value or name not in Scoring.model_fields:
            raise ValueError(f"--set {assignment!r}: expected NAME=VALUE with NAME one of {', '.join(Scoring.model_fields)}")
        updates[name.strip()] = value.strip()
    try:
        return Scoring.model_validate({**scoring.model_dump(), **updates})
    except ValidationError as error:
        raise ValueError(f"--set: {error.errors()[0]['loc'][0]}: {error.errors()[0]['msg']}") from error


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader (for example `head`) stopped early: not an error
        sys.stderr.close()
        sys.exit(0)
