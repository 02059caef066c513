"""One module a notebook, named like the notebook (nb05_training.py is notebook 05's): the figures and
widgets that belong to that lesson alone. Their exercises are in helpers/exercises/, their answers in
solutions/, their tests in tests/helpers/lessons/."""
