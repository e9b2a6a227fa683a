# One entry point: every target installs into .venv first, so a fresh clone needs only
# `make run` or `make test`.
PY := .venv/bin/python
INSTALLED := .venv/.installed
INDEX_DIR ?= data/index
export INDEX_DIR

.PHONY: install run demo-index test lint bench browser clean clean-index

install: $(INSTALLED)  ## create or update .venv (fast when nothing changed)

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -c 'import sys; sys.exit(sys.version_info < (3, 11, 5) and "Python 3.11.5 or newer is needed (README)")'
	test -x $(PY) || python3 -m venv .venv
	# pip 23 fails to resolve lxml[html-clean]; a pinned newer pip does
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

demo-index: $(INSTALLED)  ## build the demo index unless one exists
	@ls $(INDEX_DIR)/_MAIN_*.toc >/dev/null 2>&1 || $(PY) ingest.py demo/pages --index $(INDEX_DIR) --collection demo --quiet

run: demo-index  ## serve the archive on http://127.0.0.1:5000
	$(PY) serve.py

test: $(INSTALLED)  ## run the whole test suite
	$(PY) -m pytest -q

browser:  ## install Debian's chromium for the browser tests (they skip without it)
	command -v chromium >/dev/null || apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)

lint: $(INSTALLED)
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

bench: $(INSTALLED)  ## speed and quality figures, not pass/fail
	$(PY) -m bench

clean-index:  ## remove the demo index; `make run` builds it again
	rm -rf $(INDEX_DIR)

clean:
	rm -rf .venv data/index .pytest_cache .ruff_cache
