# paritrana-analysis: `make report` (main job) and `make test`.
# Both create .venv with python3 -m venv and install the package when .venv is
# missing or pyproject.toml changed. Nothing needs installing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REGION ?= ID-SS
LABELS ?= id
AS_OF  ?=

.DEFAULT_GOAL := help
.PHONY: help test report lab lint clean venv

help: ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the package (done for you by test/report)

test: $(STAMP) ## Run the unit tests, then every notebook under nbval
	$(BIN)/paritrana test

report: $(STAMP) ## Load data/raw, run every notebook, export every chart (REGION=ID-JA LABELS=en AS_OF=2025-08-01); a failed run keeps the last report
	MPLBACKEND=Agg $(BIN)/paritrana report --region $(REGION) --lang $(LABELS) --as-of "$(AS_OF)"

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/paritrana lab

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/paritrana lint

clean: ## Remove generated files (.venv, data/processed, reports)
	rm -rf $(VENV) reports reports-failed .reports-new .reports-old .reports.lock .pytest_cache \
		.hypothesis *.egg-info
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
