# The two commands that matter: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCALES := en fr it lv pl ro

.PHONY: install install-test run test test-postgresql lint chromium pdf-libraries translations extract-messages bench clean icons

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# Refresh the catalogues after changing user-facing text (then translate what is new).
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k N_ --no-location --sort-output --omit-header -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

run: install pdf-libraries
	$(BIN)/catalogue serve --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed-test
	$(BIN)/ruff check catalogue tests bench tools
	$(BIN)/ruff format --check catalogue tests bench tools
	$(BIN)/mypy catalogue

# Dossiers are made by WeasyPrint, which needs Pango and fonts covering the six languages
# (Debian's packages, never a downloaded binary).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-libraries: $(VENV)/.installed
	@$(BIN)/python -c "import weasyprint" >/dev/null 2>&1 && fc-list | grep -q DejaVuSans || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PDF_PACKAGES); \
		else echo "Dossiers need Pango and the DejaVu fonts: sudo apt-get install $(PDF_PACKAGES)" >&2; exit 1; fi; }

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "Browser tests need Debian's Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

test: install-test lint chromium pdf-libraries
	$(BIN)/python -m pytest -n 2 -q

# The database tests again, against the PostgreSQL server named by CATALOGUE_TEST_POSTGRESQL.
POSTGRESQL_TESTS := tests/test_backup.py tests/test_db.py tests/test_submissions.py tests/test_curation.py \
	tests/test_faults.py tests/web/test_admin.py tests/web/test_contribute_form.py \
	tests/web/test_hostile_input.py tests/web/test_api.py tests/test_oai.py tests/web/test_oai.py \
	tests/test_mail.py tests/test_import.py tests/test_readership.py tests/web/test_pipeline.py \
	tests/web/test_admin_curation.py tests/web/test_admin_review.py
test-postgresql: install-test
	@test -n "$(CATALOGUE_TEST_POSTGRESQL)" || { echo "set CATALOGUE_TEST_POSTGRESQL" >&2; exit 1; }
	CATALOGUE_TEST_POSTGRESQL=$(CATALOGUE_TEST_POSTGRESQL) $(BIN)/python -m pytest -n 2 -q $(POSTGRESQL_TESTS)

# The catalogue against its peers at 1,000, 10,000 and 50,000 practices; N=10000 for one size.
bench: install
	$(BIN)/python bench/run.py $${N:+--practices $$N}

clean:
	rm -rf $(VENV) index instance .pytest_cache .mypy_cache .ruff_cache

# The icon sprite, from Lucide's icons at a pinned version (npm registry, at build time only).
LUCIDE_VERSION := 1.62.0
icons:
	cd $$(mktemp -d) && npm pack --silent lucide-static@$(LUCIDE_VERSION) && tar xzf lucide-static-$(LUCIDE_VERSION).tgz && \
		$(CURDIR)/$(BIN)/python $(CURDIR)/tools/build_icons.py package $(CURDIR)/static/icons.svg && cp package/LICENSE $(CURDIR)/static/icons-LICENSE.txt
