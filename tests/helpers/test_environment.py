"""setup_notebook: seeds, precision policy, report; bfloat16 detection; environment checks."""

from helpers import environment
from helpers.environment import bfloat16_support, choose_precision, setup_notebook

import random

import keras
import numpy as np
import pytest


def test_seeding_makes_python_numpy_and_keras_repeatable():
    def draw():
        setup_notebook(seed=7, verbose=False)
        return random.random(), np.random.rand(), float(keras.random.uniform(()))

    assert draw() == draw()
    setup_notebook(seed=8, verbose=False)
    assert np.random.rand() != draw()[1]


def test_report_names_versions_cores_and_bfloat16(capsys):
    report = setup_notebook(seed=3)
    printed = capsys.readouterr().out
    assert report.tensorflow.startswith("2.21.") and report.keras.startswith("3.")
    assert report.cpu_cores >= 1 and report.seed == 3
    for words in ("TensorFlow 2.21", "Keras 3", "CPU cores:", "mixed bfloat16:", "precision policy: float32"):
        assert words in printed


def test_precision_policy_is_set():
    report = setup_notebook(precision="mixed_bfloat16", verbose=False)
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16" == report.precision
    report = setup_notebook(precision="auto", verbose=False)
    assert report.precision == ("mixed_bfloat16" if report.bfloat16_supported else "float32")
    assert keras.mixed_precision.global_policy().name == report.precision


@pytest.mark.parametrize(
    "flags, supported",
    [
        ({"avx2", "amx_bf16", "amx_tile"}, True),
        ({"avx512f", "avx512_bf16"}, True),
        ({"fp", "asimd", "bf16"}, True),
        ({"avx2", "fma"}, False),
        (set(), False),
    ],
)
def test_bfloat16_detection_from_cpu_flags(flags, supported):
    ok, reason = bfloat16_support(flags)
    assert ok is supported and reason


def test_cpu_flags_are_read_on_linux():
    flags = environment.cpu_flags()
    assert isinstance(flags, set)


@pytest.mark.parametrize(
    "seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), ("0", TypeError), (True, TypeError)]
)
def test_bad_seed_names_the_argument(seed, error):
    with pytest.raises(error, match=r"^seed must be a non-negative integer"):
        setup_notebook(seed=seed, verbose=False)


def test_bad_precision_names_the_argument():
    with pytest.raises(ValueError, match=r"^precision must be one of"):
        choose_precision("float16")
    with pytest.raises(ValueError, match=r"^precision must be one of"):
        setup_notebook(precision="bf16", verbose=False)


def test_environment_checks_pass_here():
    checks = environment.check_environment()
    assert {c.name for c in checks} >= {"TensorFlow", "Keras", "offline data", "Keras training step"}
    assert all(c.ok for c in checks), environment.format_checks(checks)


def test_version_check_fails_for_a_wrong_or_missing_package():
    assert not environment._version_check("NumPy", "numpy", "0.").ok
    assert not environment._version_check("missing", "no_such_module_here", "1.").ok
    assert "BAD" in environment.format_checks([environment.Check("x", False, "y")])


@pytest.mark.parametrize(
    "version, ok", [((3, 10, 13), False), ((3, 11, 0), True), ((3, 12, 1), True), ((3, 13, 0), True), ((3, 14, 0), False)]
)
def test_python_check_accepts_3_11_to_3_13_and_names_them(version, ok):
    check = environment._python_check(version)
    assert check.name == "Python" and check.ok is ok
    assert check.detail == f"{'.'.join(map(str, version))} (course supports 3.11, 3.12 and 3.13)"
