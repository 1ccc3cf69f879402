# The developer's front door. `make run` and `make test` do all set-up on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
WEB_PORT ?= 8000
# Two pytest workers halve the suite's wall time on a two-core CI machine; PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2

export DJANGO_SETTINGS_MODULE := reconciliation.settings
# Everything started from here (honcho, Procfile.dev, celery) finds the project's own tools first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# Development commands run with the embedded defaults; production never runs through make.
DEV := DEBUG=true

.PHONY: run test lint format messages seed bench install system-packages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Tatulasu needs Python 3.11 or newer: run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Tatulasu needs Node.js and npm to fetch Bootstrap and Chart.js (apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end files come from npm at install time and are never committed (no CDN either).
static/vendor/.installed: node_modules/.installed
	mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/chartjs
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/css/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/js/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chartjs/
	touch $@

# Compiled translations are built, never committed.
locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/*.po)
	mkdir -p locale
	if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then \
		$(DEV) python manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null; fi
	touch $@

install: $(VENV)/.installed static/vendor/.installed locale/.compiled .env

# Development defaults for manage.py run by hand; never copied into an image.
.env:
	printf '# Development settings for this clone (not committed). The environment overrides them.\nDEBUG=true\n' > $@

# Starts web, Celery worker and Celery beat together; Ctrl-C stops all three.
run: install
	$(DEV) python manage.py migrate --no-input
	$(DEV) python manage.py seed_demo --if-empty
	@echo
	@echo "  Tatulasu: http://127.0.0.1:$(WEB_PORT)/   admin: http://127.0.0.1:$(WEB_PORT)/admin/   health: http://127.0.0.1:$(WEB_PORT)/healthz"
	@echo "  Demo logins are listed above (and in README.md). Press Ctrl-C to stop web, worker and beat."
	@echo
	$(DEV) WEB_PORT=$(WEB_PORT) honcho --no-colour --procfile Procfile.dev start

# Tests need Debian's chromium (browser tests), clamd (virus-scan tests) and Java (the HTML
# validator, vnu-jar from npm), and the app needs libmagic and gettext. CI machines (root
# with apt) get whatever is missing here; elsewhere those tests skip, except with CI=true
# where they fail.
SYSTEM_PACKAGES := chromium:chromium clamd:clamav-daemon msgfmt:gettext file:file java:default-jre-headless
system-packages:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
		command -v "$${pair%%:*}" >/dev/null || [ -x "/usr/sbin/$${pair%%:*}" ] || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -z "$$missing" ] || [ -n "$${CHROMIUM_PATH:-}" -a "$$missing" = " chromium" ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages for the tests:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Missing:$$missing (apt-get install$$missing); the tests that need them will skip"; \
	fi

test: system-packages install
	ruff check .
	ruff format --check .
	$(DEV) python manage.py makemigrations --check --dry-run
	pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS))

lint: install
	ruff check .
	ruff format --check .

format: install
	ruff check --fix .
	ruff format .

messages: install
	$(DEV) python manage.py makemessages --locale=kk --locale=ru --locale=en --no-obsolete --add-location=file --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=var --ignore=tests
	$(DEV) python manage.py compilemessages --ignore=.venv --ignore=node_modules
	touch locale/.compiled

seed: install
	$(DEV) python manage.py migrate --no-input
	$(DEV) python manage.py seed_demo

# Ratios measured side by side on a throw-away database (PostgreSQL when DATABASE_URL is set);
# BENCH_LARGE=50000 etc. size it, see bench/run.py.
bench: install
	$(DEV) python -m bench.run

clean:
	rm -rf var static/vendor locale/.compiled
