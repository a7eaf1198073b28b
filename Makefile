# Two commands: `make demo` (build the demo archive from the fixture web and serve it; ports:
# `make demo PORT=8002 FIXTURE_PORT=8732`) and `make test`. Both create the virtual environment
# first. Needs only python3 (3.11+).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/archive.db
PORT ?= 8001
FIXTURE_PORT ?= 8731

.PHONY: demo test bench crawl serve clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/xxgk demo --db $(DB) --port $(PORT) --fixture-port $(FIXTURE_PORT)

test: $(VENV)/.installed
	sh scripts/install-system-deps.sh
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m bench

crawl: $(VENV)/.installed
	$(VENV)/bin/xxgk crawl --db $(DB)

serve: $(VENV)/.installed
	$(VENV)/bin/xxgk serve --db $(DB) --port $(PORT)

clean:
	rm -rf $(VENV) data
