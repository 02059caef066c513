"""pytest configuration for the whole repository (unit tests and notebooks under nbval)."""


def pytest_collectstart(collector):
    # TensorFlow's C++ start-up lines and other stderr noise differ from run to run and are not
    # part of what a notebook teaches: compare only stdout and results of nbval-check-output cells.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
