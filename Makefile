# Everything installs from nothing but python3 and make: uv goes into .tools/, the SAM CLI and cfn-lint
# and checkov into isolated tool environments under .tools/ (their pins fight boto3 and pydantic), the project
# into .venv/.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS     := $(CURDIR)/.tools
UV        := $(TOOLS)/bin/uv
SAM       := $(TOOLS)/bin/sam
CHECKOV   := $(TOOLS)/bin/checkov
# Prowler's wheel, downloaded, never installed: its compliance files are the frameworks' control lists and the
# check-to-control mappings scripts/generate_frameworks.py derives from (tests/unit/test_frameworks.py reads it too)
PROWLER   := $(TOOLS)/prowler/prowler-5.46.0-py3-none-any.whl
export UV_TOOL_DIR     := $(TOOLS)/uv-tools
export UV_TOOL_BIN_DIR := $(TOOLS)/bin
export UV_COMPILE_BYTECODE := 1
export SAM_CLI_TELEMETRY := 0
# Lambda runs python3.13: use it locally where pyenv has it (sam build needs it on PATH), else python3.
PY313     := $(shell pyenv prefix 3.13 2>/dev/null | head -n1)
ifeq ($(PY313),)  # pyenv not on PATH: look where it installs
PY313     := $(patsubst %/bin/python3.13,%,$(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13)))
endif
PYTHON    ?= $(if $(PY313),$(PY313)/bin/python3.13,python3)
export SAM_PATH := $(if $(PY313),$(PY313)/bin:,)$(PATH)
VENV      := $(CURDIR)/.venv
RUN       := $(VENV)/bin

.PHONY: help setup browser demo test lint validate build bench events template member-template frameworks clean

help:
	@echo "make setup     create .venv (remediator CLI, tests) and the SAM CLI tool"
	@echo "make demo      the embedded demo: an ML account in moto, violations found, fixed and alerted"
	@echo "make test      the whole suite plus the template checks (sam validate --lint)"
	@echo "make lint      ruff and mypy"
	@echo "make browser   Debian's Chromium for the framework report's browser test (as root, where apt-get is)"
	@echo "make build     sam build (no Docker needed)"
	@echo "make events    write events/ from each rule's sample cases (cli/remediator_cli/samples)"
	@echo "make template  write the rules' triggers and actions into template.yaml (then make member-template)"
	@echo "make frameworks  write the rules' framework controls (layers/core/remediator/frameworks/) from Prowler's compliance files"
	@echo "make member-template   regenerate templates/member.yaml from template.yaml (the organization model)"
	@echo "make bench     the replay, import-time, sweep, organization sweep and soak benchmarks (BENCH_BUCKETS=10000 for the full sweep)"

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv

$(SAM): | $(UV)
	$(UV) tool install --quiet aws-sam-cli
	$(UV) tool install --quiet cfn-lint

$(CHECKOV): | $(UV)
	$(UV) tool install --quiet checkov

$(PROWLER): | $(UV)
	$(TOOLS)/bin/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
		--dest $(TOOLS)/prowler prowler==5.46.0

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON) --quiet
	touch $@

setup: $(VENV)/.installed $(SAM) $(CHECKOV) $(PROWLER)

demo: setup
	$(RUN)/remediator demo

# The framework report's browser test opens the demo's reports in headless Chromium (tests/e2e/test_demo.py):
# installed from Debian's packages where it is missing and this is root on a Debian-like system; elsewhere the
# test says it skips, and installing chromium (or CHROMIUM=/path/to/chrome) makes it run.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "$$CHROMIUM" ] || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
	echo "make browser: no Chromium and no way to install it here; the report's browser test will skip"

test: setup browser
	$(RUN)/pytest
	$(MAKE) --no-print-directory lint

lint: setup
	$(RUN)/ruff check .
	$(RUN)/ruff format --check .
	$(RUN)/mypy

validate: setup
	PATH="$(SAM_PATH)" $(SAM) validate --lint
	PATH="$(SAM_PATH)" $(SAM) validate --lint --template-file templates/member.yaml

events: setup
	$(RUN)/python scripts/generate_events.py

template: setup
	$(RUN)/python scripts/generate_template.py
	$(RUN)/python scripts/generate_member_template.py

frameworks: setup
	$(RUN)/python scripts/generate_frameworks.py

member-template: setup
	$(RUN)/python scripts/generate_member_template.py

build: setup
	PATH="$(SAM_PATH)" $(SAM) build

bench: setup
	$(RUN)/python benchmarks/replay.py
	$(RUN)/python benchmarks/import_time.py
	BENCH_BUCKETS=$${BENCH_BUCKETS:-2000} $(RUN)/python benchmarks/sweep.py
	BENCH_ACCOUNTS=$${BENCH_ACCOUNTS:-10} BENCH_BUCKETS=$${BENCH_ORG_BUCKETS:-1000} $(RUN)/python benchmarks/org_sweep.py
	$(RUN)/python benchmarks/soak.py

clean:
	rm -rf .aws-sam .pytest_cache .mypy_cache .ruff_cache
