"""Helpers for the ResNet course notebooks.

Importing this package imports TensorFlow quietly (its C++ start-up lines kept out of the
notebook), so `import helpers` comes before anything that imports TensorFlow or Keras.

Every notebook uses setup_notebook and check from here; beyond those, by notebook:

    00 start here          lessons.nb00_start_here, models.path_counts, environment (check_environment)
    01 skip connection     lessons.nb01_skip_connection, models.scalar
    02 building blocks     lessons.nb02_building_blocks, models.conv_arithmetic, data.photos
    03 residual block      lessons.nb03_residual_block, models.blocks, models.resnets, models.costs,
                           models.compare, data.digits
    04 full network        lessons.nb04_full_network, models.resnets, models.costs, models.compare,
                           display.diagrams, experiments.timing
    05 training            lessons.nb05_training, experiments.score_training, experiments.score_baselines,
                           data.bars, data.digit_pages, display.code
    06 why it works        lessons.nb06_why_it_works, experiments.degradation, experiments.classification,
                           experiments.gradient_flow, experiments.lesion, experiments.landscape
    07 speed and scale     lessons.nb07_speed_and_scale, experiments.timing, experiments.speed_levers,
                           experiments.distributed, models.costs

The Korean edition (notebooks/ko) calls setup_notebook(..., language="ko"); helpers.i18n keeps
the language and translates messages (`tr`) from helpers/translations/ko_messages.yml.

CONTRIBUTING.md ("Where things live") gives the layout and its rules.
"""

from helpers.environment import quiet_tensorflow_import

quiet_tensorflow_import()

from helpers.environment import setup_notebook  # noqa: E402
from helpers.exercises import check  # noqa: E402
from helpers.models.blog import build_resnet, residual_block  # noqa: E402

__all__ = ["build_resnet", "residual_block", "setup_notebook", "check"]
