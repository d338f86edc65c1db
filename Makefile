# Quick start: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job: validate, plan and apply the basic example against the embedded
# local emulator (no Vapi account needed), then show that a second plan is empty.
# The plan is printed once: apply -q shows only its summary line and the result.
demo: $(STAMP)
	@rm -f .vapictl/local.sqlite3
	ORG_WEBHOOK_SECRET=demo-org-secret-123 SUPPORT_SECRET=demo-support-secret-456 \
	TOOLS_SECRET=demo-tools-secret-789 TWILIO_AUTH_TOKEN=demo-twilio-token-000 PHONE_WEBHOOK_SECRET=demo-phone-secret-321 \
	  sh -c '$(BIN)/vapictl validate -f examples/basic && \
	         $(BIN)/vapictl plan --local -f examples/basic && \
	         $(BIN)/vapictl apply -q --local --auto-approve -f examples/basic && \
	         $(BIN)/vapictl routes --local -f examples/basic && \
	         $(BIN)/vapictl plan -q --local --detailed-exitcode -f examples/basic'

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check vapictl tests benchmarks scripts
	$(BIN)/ruff format --check vapictl tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Four workers on two cores: the end-to-end tests wait on servers, subprocesses and
# latency spikes (10-18 s of wall at under 1.3 s of CPU each), which left a core idle when
# two such tests ran at once. Measured on the idle 2-core machine, pytest alone, runs
# interleaved: -n 3 170 and 169 s, -n 4 156 and 170 s (-n 2 was ~4 minutes). Third-party
# code runs untraced by coverage (tests/untraced_libraries.py).
# PYTHONDONTWRITEBYTECODE (set on some machines) made every xdist worker and every CLI
# subprocess of the suite recompile vapictl and re-rewrite the test modules: ~4 s of CPU
# per worker at collection alone. __pycache__ is gitignored.
# The total is checked and printed; `.venv/bin/coverage report` lists files afterwards
# (a per-file table here analysed every source file twice: ~5 s at the end of each run).
unit: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n 4 --dist loadgroup --cov --cov-report= --cov-fail-under=80

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .vapictl .pytest_cache .mypy_cache .ruff_cache
