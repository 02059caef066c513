"""pytest configuration for the whole repository (unit tests and notebooks under nbval)."""

import nbformat

EXPECTED_KEY = "expected_outputs"  # written by tools/record_expected_outputs.py


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
