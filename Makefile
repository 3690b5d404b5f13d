# The two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# -P: never import the package from the checkout (it lacks static/ and templates/); use the install.
RUN := PYTHONPATH=demo $(PY) -P
HOST ?= 127.0.0.1
# `make demo DEMO_SIZE=5000` adds a large program (pairs at every stage and health) to the seeded demo.
DEMO_SIZE ?= 0
PORT ?= 8000

.PHONY: demo test lint test-unit test-mariadb test-browser translations dummy-translations compile-translations check-translations security-doc check-python system-deps install clean

# Pick Python 3.11 (Open edX Teak/Ulmo) or 3.12; PYTHON=... overrides.
PYTHON ?= $(shell for candidate in python3.11 python3 python3.12; do \
	  if $$candidate -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null; \
	  then command -v $$candidate; break; fi; done)

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Need Python 3.11 or 3.12 (found: $$(python3 --version 2>&1)). Set PYTHON=/path/to/python3.12." >&2; exit 1; fi

# Debian packages the suite needs: chromium (browser tests), MariaDB headers and pkg-config (mysqlclient),
# gettext (translation tests). Installed when missing and running as root; otherwise named.
DEBIAN_PACKAGES := chromium:/usr/bin/chromium libmariadb-dev:/usr/include/mariadb/mysql.h pkg-config:/usr/bin/pkg-config gettext:/usr/bin/xgettext
system-deps:
	@missing=""; for entry in $(DEBIAN_PACKAGES); do \
	  [ -e "$${entry#*:}" ] || missing="$$missing $${entry%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install these Debian packages first:$$missing" >&2; exit 1; fi; fi

# Installed once: re-run only when setup.py or a requirements file changes (checks are order-only).
$(VENV)/.installed: setup.py requirements/*.txt | check-python system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/py$$($(PY) -c 'import sys; print("%d%d" % sys.version_info[:2])').txt -r requirements/test.txt
	touch $@

# Strict editable install: the package is served from links, with static/ and templates/ mapped in; linked
# again only when a file of the package is added or changed.
PACKAGE_FILES := $(shell find reverse_mentoring_xblock static templates -type f -not -name '*.pyc' 2>/dev/null)
install: $(VENV)/.editable
$(VENV)/.editable: $(VENV)/.installed setup.py $(PACKAGE_FILES)
	PYTHONWARNINGS=ignore $(PY) -m pip install -q -e . --config-settings editable_mode=strict
	touch $@

demo: install
	mkdir -p var
	$(RUN) -m django migrate --run-syncdb --settings=devsite.settings -v 0
	RM_DEMO_URL=http://$(HOST):$(PORT) RM_DEMO_SIZE=$(DEMO_SIZE) $(RUN) -m devsite.seed
	$(RUN) -m django runserver --settings=devsite.settings --noreload $(HOST):$(PORT)

# The whole suite: unit, handler, wheel and browser tests on SQLite. FUZZ_PROFILE=ci fuzzes every parser
# with 1,000 payloads and every handler with 100 (the default, fast, runs 300 and 40).
FUZZ_PROFILE ?= fast
# The unit suite runs in a process per core (pytest-xdist; a file's tests stay together, so each module's
# fixtures are built once); WORKERS=0 runs it in this process.
WORKERS ?= auto
test: lint test-unit test-browser

# Style (ruff) and the layers (import-linter contracts in pyproject.toml; docs/ARCHITECTURE.md).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test-unit: install
	RM_FUZZ_PROFILE=$(FUZZ_PROFILE) $(RUN) -m pytest tests --ignore=tests/browser -n $(WORKERS) --dist loadfile \
	  $(PYTEST_ARGS)

# The same suite on the local MariaDB server (needs CREATE DATABASE rights for the test database), with
# RACE_ROUNDS rounds of every race scenario (42 scenarios of 2 racing calls: 8 rounds make 672 calls).
RACE_ROUNDS ?= 3
# What can differ on MySQL: locks and races, the SQL of the dashboard and of matching, the migrations, the
# journeys through the handlers. The pure core, the presenters, the wheel, the fuzzing and the authorization
# matrix (whose refusals write nothing on any database) run on SQLite.
MARIADB_TESTS := tests/domain tests/test_migrations.py tests/handlers/test_dashboard.py \
	tests/handlers/test_journey.py tests/handlers/test_matching_flow.py tests/handlers/test_matching_review.py \
	tests/handlers/test_queries.py tests/handlers/test_live_edits.py tests/platform/test_lifecycle.py
test-mariadb: install
	RM_DATABASE=mariadb $(RUN) -m django migrate reverse_mentoring_xblock --settings=devsite.settings -v 0
	RM_DATABASE=mariadb RM_RACE_ROUNDS=$(RACE_ROUNDS) $(RUN) -m pytest $(MARIADB_TESTS) $(PYTEST_ARGS)

test-browser: install
	$(RUN) -m pytest tests/browser

# Write the authorization table the access test checks into docs/security.md.
security-doc:
	$(PY) tests/authorization.py

# Translations (docs/translations.md; the locales are those of conf/locale/config.yaml).
# After changing user-facing text: re-extract the source catalogue (Python, templates, JavaScript), bring every
# locale's text.po to its messages and regenerate the dummy languages.
translations: install
	$(RUN) -m devsite.translations extract

# The dummy languages only: eo (accented, padded) and rtl (Arabic letters), from the source catalogue.
dummy-translations: install
	$(RUN) -m devsite.translations dummy

# The files the package ships for the LMS: text.mo next to every text.po, and static/js/i18n/<locale>.js.
compile-translations: install
	$(RUN) -m devsite.translations compile

# Fails when a catalogue is out of date: the source against the code, a locale's messages against the source, the
# dummies, the compiled files.
check-translations: install
	$(RUN) -m devsite.translations check

clean:
	rm -rf $(VENV) var build dist *.egg-info
