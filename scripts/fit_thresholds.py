"""Fit the refusal thresholds of settings.Scoring on labelled questions: python scripts/fit_thresholds.py --index DIR FILE...

For every question the extractive answer is drafted with no threshold at all, and its evidence
(similarity, focus, lift) recorded with whether the draft is right (expected strings quoted, the
support passage cited). Then a grid of thresholds is scored by answer correctness on answerable
questions plus refusal accuracy on unanswerable ones, per language, and the best is printed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from danish.language import detect_language  # noqa: E402
from qa.eval import expected_present  # noqa: E402
from qa.pipeline import Assistant  # noqa: E402
from settings import load_settings  # noqa: E402

OPEN = {"min_evidence": 0.0, "min_evidence_en": 0.0, "min_focus": 0.0, "min_lift_da": -1.0, "min_lift_en": -1.0}
GRID = {
    "min_evidence": [0.70, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84],
    "min_focus": [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8],
    "min_lift_da": [-1.0, 0.0, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08],
    "min_evidence_en": [0.74, 0.76, 0.78, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85],
    "min_lift_en": [-1.0, 0.0, 0.01, 0.02, 0.03, 0.04],
}


def collect(assistant: Assistant, cases: list[dict]) -> list[dict]:
    rows = []
    for case in cases:
        history = [("user", text) for text in case.get("history", [])]
        question = case["q"]
        query = assistant.retrieval_query(question, history or None)
        language = detect_language(question)
        found = assistant.retrieve(query, language)
        draft = assistant.draft_extractive(question, language, found)
        support = " ".join(case.get("support", "").split()).lower()
        cited = {s.document for s in draft.sentences or []}
        right = (not draft.refused and expected_present(draft.text, case.get("expected", []))
                 and any(support in " ".join(found.documents[i].page_content.split()).lower() for i in cited))
        rows.append({"lang": language, "answerable": case.get("answerable", True), "right": right,
                     "drafted": not draft.refused, **draft.evidence})
    return rows


def score(rows: list[dict], thresholds: dict, language: str) -> float:
    hits = 0
    for row in rows:
        if not row["drafted"]:
            hits += not row["answerable"]
            continue
        passes = (row["similarity"] >= thresholds["min_evidence" if language == "da" else "min_evidence_en"]
                  and (language == "en" or row["focus"] >= thresholds["min_focus"])
                  and row["lift"] >= thresholds["min_lift_da" if language == "da" else "min_lift_en"])
        hits += row["right"] if row["answerable"] and passes else (not row["answerable"] and not passes)
    return hits / max(1, len(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--index", type=Path, action="append", required=True, help="index folder (repeat: one per file, or one for all)")
    args = parser.parse_args()
    indexes = args.index if len(args.index) == len(args.files) else args.index * len(args.files)
    rows: list[dict] = []
    for file, index in zip(args.files, indexes):
        settings = load_settings(index_dir=index)
        settings = settings.model_copy(update={"scoring": settings.scoring.model_copy(update=OPEN)})
        cases = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows += collect(Assistant(settings), cases)
    for language, names in (("da", ["min_evidence", "min_focus", "min_lift_da"]), ("en", ["min_evidence_en", "min_lift_en"])):
        subset = [r for r in rows if r["lang"] == language]
        best = max(
            (dict(zip(names, values)) for values in itertools.product(*(GRID[n] for n in names))),
            key=lambda t: score(subset, t, language),
        )
        answerable = [r for r in subset if r["answerable"]]
        print(language, len(subset), "questions; best", best, "score", round(score(subset, best, language), 3),
              f"(drafted right with no threshold: {sum(r['right'] for r in answerable)}/{len(answerable)} answerable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
