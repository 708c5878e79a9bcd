# Samla: `make demo` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON_BOOT ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/samla
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt

.PHONY: demo test test-postgres lint bench messages install install-dev system-packages clean

$(BIN)/python:
	$(PYTHON_BOOT) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP_INSTALL) -e '.[postgres]'
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP_INSTALL) -e '.[postgres,dev]'
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

demo: install
	mkdir -p var/static
	SAMLA_DEMO=true $(PY) manage.py compile_translations
	SAMLA_DEMO=true $(PY) manage.py migrate --no-input
	SAMLA_DEMO=true $(PY) manage.py seed_demo --stage collect
	@echo "Samla: http://127.0.0.1:$(PORT)/  (Ctrl+C stops the server and the task worker)"
	SAMLA_DEMO=true $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SAMLA_DEMO=true $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# Debian packages the tests need (a real browser, PDF tools). Installed only when run as
# root on Debian; elsewhere the browser tests say loudly why they are skipped.
system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	   { [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null || ! command -v msgfmt >/dev/null || \
	     ! ls /usr/lib/*/libharfbuzz-subset.so.0 >/dev/null 2>&1; }; then \
	  echo "Installing Debian packages for the tests: chromium libharfbuzz-subset0 poppler-utils gettext"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium libharfbuzz-subset0 poppler-utils gettext >/dev/null; \
	fi
	@# LibreOffice opens the workbooks Samla hands out, as a user's office program would.
	@# Impress opens the slide decks the same way, and Writer the Word documents.
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	   { ! command -v soffice >/dev/null || ! dpkg -s libreoffice-impress-nogui >/dev/null 2>&1 || \
	     ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; }; then \
	  echo "Installing LibreOffice Calc, Impress and Writer for the tests (libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-writer-nogui)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends libreoffice-calc-nogui libreoffice-impress-nogui \
	    libreoffice-writer-nogui >/dev/null; \
	fi

test: install-dev system-packages
	SAMLA_DEMO=true $(PY) manage.py compile_translations
	$(BIN)/pytest -n 2

test-postgres: install-dev system-packages
	SAMLA_DEMO=true $(PY) manage.py compile_translations
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	SAMLA_DEMO=true $(PY) manage.py makemigrations --check --dry-run

bench: install-dev
	@set -e; found=0; for script in bench/*.py; do \
	  [ -e "$$script" ] || continue; case "$$(basename "$$script")" in _*) continue;; esac; \
	  found=1; echo "== $$script"; $(PY) "$$script"; done; \
	[ $$found = 1 ] || echo "No benchmarks yet."

# Re-extract the messages from the code into locale/*/django.po, then compile them.
messages: install-dev system-packages
	SAMLA_DEMO=true $(PY) manage.py makemessages --locale nb --locale nn --locale en \
	  --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	SAMLA_DEMO=true $(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) var/static
