# The whole set-up is two commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-vault

.PHONY: run test deps lint bench proof clean

$(BIN)/coffre: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pybabel compile -d web/translations -f >/dev/null 2>&1 || true
	touch $@

$(DEMO)/keyring.json: | $(BIN)/coffre
	$(BIN)/coffre --vault $(DEMO) demo --passphrase-out $(DEMO)/.demo-passphrase

run: $(BIN)/coffre $(DEMO)/keyring.json
	@echo "Demo passphrase: $$(cat $(DEMO)/.demo-passphrase)"
	$(BIN)/coffre --vault $(DEMO) serve --host 127.0.0.1 --port 8700

# What the tests need beyond the venv; stops `make test` with one line if it cannot be had.
deps:
	@.ci/ensure-chromium
	@.ci/ensure-nginx
	@.ci/ensure-node-clients

test: deps $(BIN)/coffre
	$(BIN)/pybabel compile -d web/translations -f >/dev/null 2>&1 || true
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Every campaign of tests/proof in its long form, then one table (about 20 minutes).
proof: deps $(BIN)/coffre
	$(BIN)/python -m tests.proof

bench: $(BIN)/coffre
	$(BIN)/python benchmarks/store.py

clean:
	rm -rf $(VENV) build *.egg-info
