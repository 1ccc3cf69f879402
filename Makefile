# The developer's front door. `make run` and `make test` do all set-up on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := reconciliation.settings

.PHONY: run test lint format messages seed bench install clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.installed: node_modules/.installed
	mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/css/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/js/
	touch $@

# Compiled translations are built, never committed.
locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/*.po)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null
	touch $@

install: $(VENV)/.installed static/vendor/.installed locale/.compiled

run: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py seed_demo --if-empty
	DEBUG=true $(VENV)/bin/honcho --procfile Procfile.dev start

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run >/dev/null
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DEBUG=true $(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=var --ignore=tests
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
	touch locale/.compiled

seed: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo

clean:
	rm -rf var static/vendor locale/.compiled
