# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# the test suite runs on PostgreSQL, as production does; TEST_DB=sqlite for a quick run
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test bench lint messages compile-messages check-messages system-libs clean

## run: create .venv, install, migrate, load the seed and demo vacancies, serve on 127.0.0.1:$(PORT)
run: $(VENV)/.installed system-libs compile-messages
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_seed_vacancies
	$(PY) manage.py generate_demo_data
	@echo
	@echo "  Vacancies: http://127.0.0.1:$(PORT)/en/vacancies/  ·  http://127.0.0.1:$(PORT)/fr/vacancies/"
	@echo "  Demo candidate: demo.candidate@example.org / demo-candidate-2026 (or create an account:"
	@echo "  the verification e-mail is printed in this terminal)"
	@echo
	# links in e-mails (receipts, reminders) lead to this server, on its port
	DEBUG=true SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite on PostgreSQL (DATABASE_URL, default the local server)
test: $(VENV)/.installed-dev system-libs compile-messages
	@if [ "$$TEST_DB" = sqlite ]; then \
		echo "TEST_DB=sqlite: quick run on SQLite, PostgreSQL-only tests are skipped"; \
		DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 CACHE_URL=locmemcache:// $(PY) -m pytest $(PYTEST_ARGS); \
	else \
		DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CACHE_URL=locmemcache:// $(PY) -m pytest $(PYTEST_ARGS); \
	fi

## bench: the benchmarks under bench/, each printing a table with its baseline
bench: $(VENV)/.installed-dev system-libs compile-messages
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench} $(PY) -m bench $(BENCH)

## lint: ruff, and models that agree with their migrations
lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## messages: extract the strings to translate into locale/fr/LC_MESSAGES/django.po
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale fr --no-location --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'

## check-messages: every string in the code is in the French catalogue, translated
check-messages: $(VENV)/.installed
	bin/check-messages

## compile-messages: build the .mo files (GNU gettext if present, else pure Python)
compile-messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'var/*' -v 0; \
	else \
		$(PY) bin/compile-catalogues; \
	fi

## system-libs: WeasyPrint's system libraries, installed with apt-get when root, else explained
system-libs: $(VENV)/.installed
	@bin/ensure-system-libs $(PY)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) var
