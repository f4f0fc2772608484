# The two commands of the README: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test install lint bench clean docs

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsbot needs Python 3.11+: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip 23 in a fresh venv drops extras such as lxml[html_clean]; the upgrade above avoids that.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsbot demo

# Two pytest workers (pytest-xdist), each test file kept on one worker so its module fixtures (the spaCy
# pipeline) load once; TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2

test: $(STAMP)
	$(BIN)/python -m pytest -q -ra -n $(TEST_WORKERS) --dist loadfile --durations=10 $(PYTEST_ARGS)

# ruff (style, bugs, complexity ≤ 15) and mypy (configuration in pyproject.toml); .ci/run runs this before the tests
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/quotes_vs_textacy.py

# docs/digest-*: one digest of the bundled samples (fixed date, offline) as each platform gets it;
# docs/person-page.png, docs/story-page.png: two record pages of the same samples in Debian's headless chromium
# (skipped, saying so, when /usr/bin/chromium is missing; nothing is downloaded)
docs: $(STAMP)
	$(BIN)/newsbot digest --demo --format terminal > docs/digest-terminal.txt
	$(BIN)/newsbot digest --demo --format markdown > docs/digest-markdown.md
	$(BIN)/newsbot digest --demo --format slack > docs/digest-slack.json
	$(BIN)/newsbot digest --demo --format discord > docs/digest-discord.json
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache newsbot-demo.db*
