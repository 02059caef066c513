"""Exercises of every notebook, checked with `check(key, answer)`."""

# Each notebook's exercises register themselves on import.
from helpers.exercises import (  # noqa: E402,F401
    nb00_start_here,
    nb01_skip_connection,
    nb02_building_blocks,
    nb03_residual_block,
    nb04_full_network,
    nb05_training,
    nb06_why_it_works,
    nb07_speed_and_scale,
)
from helpers.exercises.registry import EXERCISES, check, feedback, is_correct

__all__ = ["EXERCISES", "check", "feedback", "is_correct"]
