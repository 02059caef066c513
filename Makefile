# Two commands: `make lab` opens the course, `make test` runs every test.
# Both create (or reuse) the virtual environment in .venv and install the locked packages.

# Python 3.11, 3.12 or 3.13. PYTHON=/path/to/python chooses one; else the newest of these on PATH
# that runs and is supported (tools/check_python.py), looked up once and only when needed.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
PYTHON ?= $(eval PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do $$p tools/check_python.py >/dev/null 2>&1 && { command -v $$p; break; }; done))$(PYTHON)
VENV   ?= .venv
BIN    := $(VENV)/bin
# JupyterLab: override on the command line, e.g. `make lab HOST=0.0.0.0 PORT=9000 BROWSER=no`.
HOST    ?= 127.0.0.1
PORT    ?= 8888
BROWSER ?= yes
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k blog -x"`.
PYTEST_ARGS ?=
# uv resolves requirements.in into the lock, requirements.txt (`make lock`, `make check-lock`);
# it is installed with pip into build/uv, apart from the course's packages.
UV_VERSION := 0.13.9
UV := build/uv/bin/uv

STAMP := $(VENV)/.installed
LAB_FLAGS := --notebook-dir=notebooks --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT)
ifneq ($(BROWSER),yes)
LAB_FLAGS += --no-browser
endif
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

# .venv is reused while its Python runs and is supported (and is PYTHON, when PYTHON is given) and
# its last install finished (the stamp); otherwise `make setup` builds it again from scratch.
SAME_AS := $(if $(filter command line environment,$(origin PYTHON)),--same-as "$(PYTHON)")
VENV_USABLE = { test -f $(STAMP) && $(BIN)/python tools/check_python.py $(SAME_AS) >/dev/null 2>&1; }
ifneq ($(shell $(VENV_USABLE) && echo yes),yes)
$(STAMP): FORCE
endif

# Stops at once, naming the problem, when PYTHON is missing, does not run or is unsupported.
HOW_TO_GET_PYTHON := Install Python 3.13 from https://www.python.org/downloads/, or with pyenv (pyenv install 3.13), Homebrew (brew install python@3.13) or uv (uv python install 3.13), then run make again with PYTHON=/path/to/python3.13.
define CHECK_PYTHON
if [ -z "$(PYTHON)" ]; then echo "No supported Python on PATH (tried $(PYTHON_CANDIDATES)): the course needs Python 3.11, 3.12 or 3.13. $(HOW_TO_GET_PYTHON)" >&2; exit 1; fi; \
$(PYTHON) tools/check_python.py >/dev/null; rc=$$?; \
if [ $$rc = 3 ]; then exit 1; elif [ $$rc != 0 ]; then echo "PYTHON=$(PYTHON) did not run (exit status $$rc): the course needs Python 3.11, 3.12 or 3.13. $(HOW_TO_GET_PYTHON)" >&2; exit 1; fi
endef

.PHONY: lab test test-unit setup which-python lock check-lock record-outputs slides html slide-metadata course-map translations student-copy format clean help FORCE

help:
	@echo "make lab   - set up .venv and open the course in JupyterLab (HOST, PORT, BROWSER=no); Korean edition in ko/"
	@echo "make test  - set up .venv and run every test: helpers' unit tests and all notebooks"
	@echo "make test-unit - the unit tests only (tests/, without the notebooks and the browser test)"
	@echo "make setup - only create .venv and install the locked packages (PYTHON=..., VENV=...)"
	@echo "make which-python - the Python that make would build .venv with, and its version"
	@echo "make lock  - resolve requirements.in into the lock, requirements.txt (needs the network)"
	@echo "make check-lock - check that the lock installs from wheels on Python 3.12 and 3.13 on Linux, macOS and Windows"
	@echo "make record-outputs [NOTEBOOKS=...] - re-record the expected output of nbval-check-output cells"
	@echo "make slides [NOTEBOOKS=...] - run the notebooks and build offline reveal.js decks in build/slides"
	@echo "make html [NOTEBOOKS=...]   - run the notebooks and build a static site with outputs in build/html"
	@echo "make slide-metadata [NOTEBOOKS=...] - set every cell's slide type by tools/slides.py's rule"
	@echo "make course-map - write the notebook tables in README.md, notebook 00 and docs/INSTRUCTORS.md from notebooks/course.toml"
	@echo "make translations - build the Korean edition, notebooks/ko/ and README.ko.md's map, from translations/ko/"
	@echo "make student-copy - the course without solutions/, notebooks stripped, a README for students: build/student-copy/"
	@echo "make format - format and lint-fix every file with ruff (make test checks both)"
	@echo "make clean - remove .venv"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@if ! $(VENV_USABLE); then \
	    $(CHECK_PYTHON); \
	    if [ -e $(VENV) ] && [ ! -f $(VENV)/pyvenv.cfg ]; then echo "$(VENV) is not a virtual environment: move it away or pass VENV=another/folder" >&2; exit 1; fi; \
	    rm -rf $(VENV) && echo "$(PYTHON) -m venv $(VENV)" && $(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

which-python:
	@$(CHECK_PYTHON); echo "$(PYTHON): Python $$($(PYTHON) tools/check_python.py)"

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser $(PYTEST_ARGS)

# One lock for every platform and for Python 3.11 to 3.13 (markers choose per platform/Python).
lock: $(UV)
	$(UV) pip compile --quiet --universal --python-version 3.11 --no-python-downloads \
	    --custom-compile-command "make lock" requirements.in -o requirements.txt

check-lock: $(UV)
	build/uv/bin/python tools/check_lock.py --uv $(UV)

$(UV):
	@$(CHECK_PYTHON)
	$(PYTHON) -m venv build/uv
	build/uv/bin/python -m pip install --quiet uv==$(UV_VERSION)

record-outputs: $(STAMP)
	$(BIN)/python tools/record_expected_outputs.py $(NOTEBOOKS)

# For instructors and students: executed notebooks as reveal.js decks and as a static site, with
# no CDN (reveal.js, require.js and MathJax come from the npm registry once, cached in build/vendor).
slides: $(STAMP)
	$(BIN)/python tools/build_site.py slides $(NOTEBOOKS)

html: $(STAMP)
	$(BIN)/python tools/build_site.py html $(NOTEBOOKS)

slide-metadata: $(STAMP)
	$(BIN)/python tools/slides.py $(NOTEBOOKS)

course-map: $(STAMP)
	$(BIN)/python tools/course_map.py

# The Korean edition: notebooks/ko/ from the English notebooks and translations/ko/ (tools/translate.py).
translations: $(STAMP)
	$(BIN)/python tools/translate.py

# For instructors: what to hand out. It fails if a solution is found in the copy.
student-copy: $(STAMP)
	$(BIN)/python tools/student_copy.py

format: $(STAMP)
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

clean:
	rm -rf $(VENV)
