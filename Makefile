# Two commands: `make lab` opens the course, `make test` runs every test.
# Both create (or reuse) the virtual environment in .venv and install the pinned packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
# JupyterLab: override on the command line, e.g. `make lab HOST=0.0.0.0 PORT=9000 BROWSER=no`.
HOST    ?= 127.0.0.1
PORT    ?= 8888
BROWSER ?= yes
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k blog -x"`.
PYTEST_ARGS ?=

STAMP := $(VENV)/.installed
LAB_FLAGS := --notebook-dir=notebooks --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT)
ifneq ($(BROWSER),yes)
LAB_FLAGS += --no-browser
endif
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

.PHONY: lab test setup record-outputs slides html slide-metadata course-map translations student-copy format clean help

help:
	@echo "make lab   - set up .venv and open the course in JupyterLab (HOST, PORT, BROWSER=no); Korean edition in ko/"
	@echo "make test  - set up .venv and run every test: helpers' unit tests and all notebooks"
	@echo "make setup - only create .venv and install the pinned packages"
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
	@test -n "$(PYTHON)" || { echo "Python 3.11 not found: install it or pass PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
