"""The configurable builder reproduces the reference networks: parameter counts of
keras.applications, torchvision and the CIFAR paper, and multiply-adds of the paper's Table 1."""

import helpers
from helpers.models import costs, resnets

import pytest


@pytest.mark.parametrize("depth, gmacs", [(18, 1.8), (34, 3.6), (50, 3.8), (101, 7.6), (152, 11.3)])
def test_multiply_adds_within_3_percent_of_table_1(depth, gmacs):
    macs = costs.total_macs(resnets.imagenet_resnet(depth)) / 1e9
    assert abs(macs - gmacs) / gmacs < 0.03, macs


def test_blog_network_reference_table():
    rows = {r.stage: r for r in costs.stage_table(helpers.build_resnet())}
    assert [(r.params, r.macs) for r in rows.values()] == [
        (3_456, 12_845_056),
        (148_736, 150_994_944),
        (526_976, 134_217_728),
        (2_102_528, 134_217_728),
        (257, 256),
    ]
    assert rows["stage3"].output_shape == (8, 8, 256)
    assert costs.total_macs(helpers.build_resnet()) == 432_275_712


def test_receptive_field_by_hand():
    # stem: 7x7/2 conv (7), then 3x3/2 pool: 7 + 2*2 = 11; each 3x3 conv at jump 4 adds 8
    rows = {r.stage: r.receptive_field for r in costs.stage_table(helpers.build_resnet())}
    assert rows["stem"] == 11
    assert rows["stage1"] == 11 + 4 * 8
    assert rows["head"] == costs.GLOBAL
