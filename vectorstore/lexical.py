"""BM25 over the chunks, with Danish stopwords and the Danish Snowball stemmer (bm25s + PyStemmer)."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from danish.words import IdfTable, compounds_of, tokenize

IDS_FILE = "chunk_ids.json"


class LexicalIndex:
    """A BM25 index whose hits are chunk ids."""

    def __init__(self, retriever, chunk_ids: list[str]) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str]) -> "LexicalIndex":
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # its progress lines would mix into the summary
        retriever = bm25s.BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, list(chunk_ids))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(folder), show_progress=False)
        (folder / IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, json.loads((folder / IDS_FILE).read_text(encoding="utf-8")))

    @property
    def vocabulary(self) -> set[str]:
        """Every stemmed word of the indexed chunks."""
        return set(self._retriever.vocab_dict)

    @cached_property
    def inverse_document_frequency(self) -> IdfTable:
        """BM25's idf of every stem: how much finding a word says about a passage (rare words say more)."""
        import math

        indptr = self._retriever.scores["indptr"]
        documents = max(1, int(self._retriever.scores["num_docs"]))
        idf = {}
        for stem, token_id in self._retriever.vocab_dict.items():
            frequency = int(indptr[token_id + 1] - indptr[token_id]) if token_id + 1 < len(indptr) else 0
            idf[stem] = math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
        return IdfTable(idf)

    @cached_property
    def _sorted_vocabulary(self) -> list[str]:
        return sorted(self._retriever.vocab_dict)

    @cached_property
    def _stems_by_first_letter(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for stem in self._retriever.vocab_dict:
            groups.setdefault(stem[:1], []).append(stem)
        return groups

    def nearest_stem(self, stem: str, max_distance: int) -> str | None:
        """The indexed stem within ``max_distance`` edits of ``stem`` (a spelling slip), or None.

        Only stems with the same first letter are compared: slips rarely hit the first letter,
        and it keeps the search to a small part of the vocabulary.
        """
        if stem in self._retriever.vocab_dict:
            return stem
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extractOne

        match = extractOne(
            stem, self._stems_by_first_letter.get(stem[:1], []), scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        return match[0] if match else None

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Chunk ids with a BM25 score above zero, best first."""
        tokens = tokenize([query])
        if not tokens[0] or not self.chunk_ids:
            return []
        # "forhøjelse af lejen" also finds "lejeforhøjelse": compounds of two of the query's words count too.
        tokens[0] += compounds_of(tokens[0], self._sorted_vocabulary)
        # Each word once: a word said twice (an English question whose terms translate alike) would outweigh the rest.
        tokens[0] = list(dict.fromkeys(tokens[0]))
        k = min(k, len(self.chunk_ids))
        results, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [(self.chunk_ids[int(i)], float(s)) for i, s in zip(results[0], scores[0]) if s > 0]
