"""Notebook set-up: a quiet TensorFlow import, seeds, precision, the language, and a short report."""

from __future__ import annotations

from helpers import i18n, validation
from helpers.i18n import tr

import importlib
import os
import platform
import sys
from dataclasses import dataclass

PRECISIONS = ("float32", "mixed_bfloat16", "auto")


def quiet_tensorflow_import() -> None:
    """Import TensorFlow with its C++ start-up lines (oneDNN, CPU features) kept off stderr.

    Those lines are written by C++ straight to file descriptor 2, which Jupyter copies into the
    notebook; TF_CPP_MIN_LOG_LEVEL does not silence all of them, so stderr is pointed at
    /dev/null for the import alone. Python errors raised by the import still propagate.
    """
    if "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        importlib.import_module("tensorflow")
        importlib.import_module("keras")
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def cpu_flags() -> set[str]:
    """The CPU feature flags Linux reports in /proc/cpuinfo (empty elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key = line.split(":", 1)[0].strip().lower()
                if key in ("flags", "features"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def bfloat16_support(flags: set[str] | None = None) -> tuple[bool, str]:
    """Whether this machine runs bfloat16 math in hardware, and why we think so.

    A CUDA GPU of compute capability 8.0 or newer does; on a CPU, Intel AMX-BF16 and
    AVX512-BF16 do, and so does Arm's BF16 extension. Without them mixed bfloat16 is
    emulated and slower than float32.
    """
    if flags is not None:
        validation.instance("flags", flags, (set, frozenset), "set of CPU flags")
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and capability >= (8, 0):
            return True, tr("GPU with compute capability {major}.{minor}", major=capability[0], minor=capability[1])
    flags = cpu_flags() if flags is None else flags
    if "amx_bf16" in flags:
        return True, tr("CPU has AMX-BF16 tiles")
    if "avx512_bf16" in flags:
        return True, tr("CPU has AVX512-BF16 instructions")
    if "bf16" in flags:
        return True, tr("CPU has Arm BF16 instructions")
    return False, tr("no bfloat16 instructions found; float32 is faster here")


def cpu_cores() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class EnvironmentReport:
    """What `setup_notebook` found and chose."""

    python: str
    tensorflow: str
    keras: str
    cpu_cores: int
    gpus: tuple[str, ...]
    bfloat16_supported: bool
    bfloat16_reason: str
    precision: str
    seed: int

    def __str__(self) -> str:
        """The report in the language chosen by setup_notebook (helpers.i18n)."""
        bf16 = tr("supported") if self.bfloat16_supported else tr("not supported")
        gpus = ", ".join(self.gpus) if self.gpus else tr("none (a CPU is all this course needs)")
        return "\n".join(
            [
                f"Python {self.python} | TensorFlow {self.tensorflow} | Keras {self.keras}",
                tr("CPU cores: {cores} | GPUs: {gpus}", cores=self.cpu_cores, gpus=gpus),
                tr("mixed bfloat16: {supported} ({reason})", supported=bf16, reason=self.bfloat16_reason),
                tr("precision policy: {policy} | random seed: {seed}", policy=self.precision, seed=self.seed),
            ]
        )


def choose_precision(precision: str = "auto") -> str:
    """Resolve "auto" to "mixed_bfloat16" where the hardware supports it, else "float32"."""
    validation.one_of("precision", precision, PRECISIONS)
    if precision == "auto":
        return "mixed_bfloat16" if bfloat16_support()[0] else "float32"
    return precision


def _show_figures_as_png() -> None:
    """In IPython, display a matplotlib Figure that is the value of a cell as a PNG image.

    pyplot's inline backend does this for figures made with pyplot; helpers build figures
    without pyplot (helpers.display.figures.new_figure), which IPython would otherwise show as text.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from helpers.display.figures import CYCLE, PALETTE, figure_with_alt

    import matplotlib
    from matplotlib.figure import Figure

    try:  # the inline backend sets its own Figure formatter when it loads: load it first, then replace that
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:
        pass
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_with_alt)  # PNG with alt text
    matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=[PALETTE[name] for name in CYCLE])


def setup_notebook(
    seed: int = 0, precision: str = "float32", *, verbose: bool = True, language: str = i18n.DEFAULT_LANGUAGE
) -> EnvironmentReport:
    """Set a notebook up: seed Python, NumPy, TensorFlow and Keras; set the precision policy.

    precision: "float32" (default), "mixed_bfloat16", or "auto" (bfloat16 where the hardware
    has it). language: "en" (default) or "ko", the language of the report and of the helpers'
    messages (the Korean notebooks in notebooks/ko pass "ko"). Prints a short report unless
    verbose=False, and returns it.
    """
    validation.boolean("verbose", verbose)
    seed = validation.seed("seed", seed)
    validation.one_of("language", language, i18n.LANGUAGES)
    policy = choose_precision(precision)
    i18n.set_language(language)
    quiet_tensorflow_import()
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    keras.mixed_precision.set_global_policy(policy)
    tf.get_logger().setLevel("ERROR")  # no retracing notices when a notebook builds several models
    _show_figures_as_png()
    supported, reason = bfloat16_support()
    report = EnvironmentReport(
        python=platform.python_version(),
        tensorflow=tf.__version__,
        keras=keras.__version__,
        cpu_cores=cpu_cores(),
        gpus=tuple(gpu.name for gpu in tf.config.list_physical_devices("GPU")),
        bfloat16_supported=supported,
        bfloat16_reason=reason,
        precision=policy,
        seed=seed,
    )
    if verbose:
        print(report)
    return report


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _version_check(name: str, module: str, wanted_prefix: str) -> Check:
    try:
        version = importlib.import_module(module).__version__
    except ImportError as error:
        return Check(name, False, tr("not installed ({error})", error=error))
    return Check(
        name, version.startswith(wanted_prefix), tr("{version} (course pins {pins})", version=version, pins=wanted_prefix + "x")
    )


SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))  # as tools/check_python.py and pyproject.toml


def _python_check(version_info) -> Check:
    found = ".".join(str(part) for part in tuple(version_info)[:3])
    return Check(
        "Python",
        tuple(version_info)[:2] in SUPPORTED_PYTHONS,
        tr("{version} (course supports 3.11, 3.12 and 3.13)", version=found),
    )


def check_environment() -> list[Check]:
    """The checks notebook 00 runs: versions, offline data, and one training step."""
    checks = [
        _python_check(sys.version_info),
        _version_check("TensorFlow", "tensorflow", "2.21."),
        _version_check("Keras", "keras", "3."),
        _version_check("ipywidgets", "ipywidgets", "8."),
        _version_check("matplotlib", "matplotlib", "3."),
    ]
    try:
        from sklearn.datasets import load_digits

        digits = load_digits()
        checks.append(
            Check("offline data", digits.images.shape == (1797, 8, 8), tr("scikit-learn's bundled digits: 1,797 images of 8x8"))
        )
    except Exception as error:  # report, don't crash the check
        checks.append(Check("offline data", False, f"{type(error).__name__}: {error}"))
    try:
        import keras
        import numpy as np

        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        loss = model.train_on_batch(np.ones((8, 4), "float32"), np.zeros((8, 1), "float32"))
        checks.append(
            Check(
                "Keras training step", bool(np.isfinite(loss)), tr("one step of a tiny model, loss {loss:.3g}", loss=float(loss))
            )
        )
    except Exception as error:
        checks.append(Check("Keras training step", False, f"{type(error).__name__}: {error}"))
    return checks


def format_checks(checks: list[Check]) -> str:
    """One line a check: a mark, its name (in the current language) and what was found."""
    validation.instance("checks", checks, (list, tuple), "list of Check")
    for c in checks:
        validation.instance("checks", c, Check, "list of Check")
    return "\n".join(f"{'ok ' if c.ok else 'BAD'}  {tr(c.name):<20} {c.detail}" for c in checks)
