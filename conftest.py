"""pytest configuration for the whole repository (unit tests and notebooks under nbval)."""

from pathlib import Path

import nbformat

EXPECTED_KEY = "expected_outputs"  # written by tools/record_expected_outputs.py


# The Korean edition (notebooks/ko) has the English notebooks' code with Korean text, so nbval runs
# only its fast notebooks, which show the Korean set-up report and check messages; the rest are
# covered by tests/course/test_translations.py (each is exactly what tools/translate.py builds from
# its English notebook, which nbval runs) and by the unit tests of the Korean messages. Name a
# Korean notebook on the command line to run it anyway.
KOREAN_NOTEBOOKS_RUN = ("00", "01", "02")


def pytest_ignore_collect(collection_path, config):
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.parent.name == "ko" and path.name[:2] not in KOREAN_NOTEBOOKS_RUN:
        named = {Path(arg.split("::")[0]).resolve() for arg in config.args}
        return None if path.resolve() in named else True
    return None


def pytest_collectstart(collector):
    # TensorFlow's C++ start-up lines and other stderr noise differ from run to run and are not
    # part of what a notebook teaches: compare only stdout and results of nbval-check-output cells.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


def pytest_collection_modifyitems(items):
    # Notebooks are stored without outputs, and nbval compares a cell only with stored outputs.
    # Hand it the expected outputs recorded in the metadata of nbval-check-output cells.
    for item in items:
        cell = getattr(item, "cell", None)
        metadata = getattr(cell, "metadata", None)
        if metadata is not None and EXPECTED_KEY in metadata:
            cell.outputs = [nbformat.from_dict(output) for output in metadata[EXPECTED_KEY]]
            cell.execution_count = 1
