"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by weighted reciprocal rank fusion."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from vectorstore.store import Index


def weighted_rrf(rankings: list[list[str]], weights: list[float], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = sum(weight / (k + rank)), best first, ties in first-seen order.

    Weights let the dense ranking count more than BM25, which measured worse on reworded questions.
    """
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


class HybridRetriever(BaseRetriever):
    """A LangChain retriever over our index; each Document carries its fused and dense scores in metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 4
    candidates: int = 12
    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    rrf_k: int = 60

    def search(self, query: str, query_vector: list[float] | None = None, k: int | None = None) -> list[Document]:
        """Like invoke(), but reuses a query vector the caller already has."""
        if query_vector is None:
            query_vector = self.index.embeddings.embed_query(query)
        dense = self.index.dense_search(query_vector, self.candidates)
        lexical = self.index.lexical.search(query, self.candidates) if self.lexical_weight > 0 else []
        fused = weighted_rrf(
            [[i for i, _ in dense], [i for i, _ in lexical]], [self.dense_weight, self.lexical_weight], self.rrf_k
        )[: k or self.k]
        chunks = self.index.get_chunks([i for i, _ in fused], with_vectors=True)
        dense_scores = dict(dense)
        documents = []
        for chunk_id, fused_score in fused:
            document, vector = chunks[chunk_id]
            similarity = dense_scores.get(chunk_id)
            if similarity is None and vector is not None:
                similarity = sum(a * b for a, b in zip(query_vector, vector))
            document.metadata.update(fused_score=fused_score, score=float(similarity or 0.0))
            documents.append(document)
        return documents

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        return self.search(query, k=k)
