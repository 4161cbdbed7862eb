# legalmap — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Test-only settings: production hardening stays on, minus HTTPS redirects.
TEST_ENV := SECRET_KEY=test-only-secret-key-not-for-production SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
DEV_ENV  := DEBUG=true

.PHONY: run test bench install system-deps test-system-deps lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "legalmap needs Python 3.11+"'
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

system-deps:
	@sh .ci/system-deps

# The reference Argdown parser, for the export tests (they skip, saying why, without npm).
ARGDOWN := .cache-npm/node_modules/.bin/argdown

test-system-deps:
	@sh .ci/system-deps test
	@if [ ! -x $(ARGDOWN) ] && command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix .cache-npm @argdown/cli@1.7.5; fi

run: system-deps install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_authorities
	$(DEV_ENV) $(BIN)/python manage.py load_seeds
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo "legalmap: http://127.0.0.1:8000  (log in as student / student-demo)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: test-system-deps install
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(TEST_ENV) $(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
