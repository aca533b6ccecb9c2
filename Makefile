# Set-up and everyday tasks. `make demo` and `make test` work on a fresh machine
# with Python 3 and the package registries: they create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data

.PHONY: install install-finetune demo test test-finetune train train-ner publish-ner train-encoder publish-model publish-encoder name-genders antecedents lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,train,lint,spark,postgres]"
	touch $(STAMP)

install: $(STAMP)

# Fine-tuning the accurate profile's encoder (PyTorch, the pretrained MiniLM). Not in `install`:
# with PyTorch present, spaCy's thinc imports it in every process (~250 MB more for every profile).
install-finetune: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[finetune]"

demo: $(STAMP)
	$(BIN)/whosaid extract samples/sinpo-dam.txt --published 2026-03-12 --outlet Wire --pretty

test: $(STAMP)
	$(BIN)/python -m pytest

# The fine-tuning code's tests, after installing its extra into the same .venv.
test-finetune: install-finetune
	$(BIN)/python -m pytest -m finetune

# Hours on two cores; resumes from training/news/model-last (see docs/MODELS.md).
train: $(STAMP)
	$(BIN)/whosaid train --data $(DATA) --output training/news

# The first-name gender table pronoun resolution uses (seconds).
name-genders: $(STAMP)
	$(BIN)/python -m whosaid.training.name_genders --data $(DATA)

# The NER alone, on GUM gold and PolNeAR silver (under an hour); published only if it scores better.
train-ner: $(STAMP)
	$(BIN)/whosaid train --stage ner --data $(DATA) --output training/ner

publish-ner: $(STAMP)
	$(BIN)/whosaid publish-model training/ner/model-best

# The mention ranker that resolves pronoun speakers (minutes), into the package.
antecedents: $(STAMP)
	$(BIN)/whosaid train --stage antecedents --data $(DATA) --output training/antecedents
	cp training/antecedents/antecedents.json src/whosaid/models/antecedents.json

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

# The accurate profile's encoder, as the shipped one was trained: two runs, the second from the
# weights of the first, each resumable; about 2 h 30 min on two cores (docs/MODELS.md).
train-encoder: install-finetune
	$(BIN)/whosaid train --stage encoder --data $(DATA) --output training/encoder
	$(BIN)/whosaid train --stage encoder --data $(DATA) --output training/encoder-para \
		--epochs 2 --learning-rate 5e-5 --warm-start training/encoder

publish-encoder: install-finetune
	$(BIN)/whosaid publish-model training/encoder-para --data $(DATA)

publish-model: $(STAMP)
	$(BIN)/whosaid publish-model training/news/model-best

clean:
	rm -rf $(VENV) .pytest_cache build dist
