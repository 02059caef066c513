"""Made-up speed measurements with known step times, for the speed-lever tests and notebook 07's figures."""

from helpers.experiments.speed_levers import Measurement, Setting


def fake(label: str, seconds, batch_size: int = 32, warmup: int = 1, **kwargs) -> Measurement:
    return Measurement(
        Setting(label, batch_size=batch_size, **kwargs),
        tuple(seconds),
        tuple([False] * warmup + [True] * (len(seconds) - warmup)),
        kwargs.get("jit_compile", False),
    )


BASE = fake("baseline", [9.0, 1.0, 1.1, 0.9])
FAST = fake("fast", [0.5, 0.5, 0.45, 0.55])
SLOW = fake("slow", [30.0, 2.0, 2.2, 1.9], jit_compile=True)
NOISY = fake("noisy", [1.0, 0.5, 1.0, 2.0])
