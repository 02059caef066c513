"""Code that a notebook teaches and the helper it later imports must not drift apart."""

import helpers
from helpers.models.blocks import basic_block
from helpers.models.compare import architecture_differences

import ast
import inspect

import keras
import nbformat
import seed_blog_code
from repo import ROOT


def function_node(source: str, name: str) -> ast.FunctionDef:
    return next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef) and n.name == name)


def function_ast(source: str, name: str) -> str:
    return ast.dump(function_node(source, name))


def notebook_function(notebook: str, name: str):
    """The source of the cell in `notebook` that defines function `name`, and that function alone,
    defined with the notebooks' usual imports (keras, layers, numpy, tensorflow)."""
    import numpy as np
    import tensorflow as tf

    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and f"def {name}(" in cell.source:
            namespace = {"keras": keras, "layers": keras.layers, "np": np, "tf": tf}
            module = ast.Module(body=[function_node(cell.source, name)], type_ignores=[])
            exec(compile(module, f"{notebook}:{name}", "exec"), namespace)
            return cell.source, namespace[name]
    raise AssertionError(f"{notebook} defines no function {name}")


def as_model(block_fn, shape, filters, stride, **kwargs):
    inputs = keras.Input(shape)
    return keras.Model(inputs, block_fn(inputs, filters, stride=stride, **kwargs))


CASES = [((32, 32, 64), 64, 1), ((32, 32, 64), 128, 2), ((32, 32, 64), 128, 1)]


def test_notebook_03_shows_the_seed_block_verbatim():
    source, _ = notebook_function("03_residual_block.ipynb", "residual_block")
    assert function_ast(source, "residual_block") == function_ast(inspect.getsource(seed_blog_code), "residual_block")


def test_notebook_04_shows_the_seed_network_verbatim():
    source, build_resnet = notebook_function("04_full_network.ipynb", "build_resnet")
    assert function_ast(source, "build_resnet") == function_ast(inspect.getsource(seed_blog_code), "build_resnet")


def test_notebook_03_blog_block_builds_what_helpers_build():
    _, block = notebook_function("03_residual_block.ipynb", "residual_block")
    for shape, filters, stride in CASES:
        assert (
            architecture_differences(
                as_model(block, shape, filters, stride), as_model(helpers.residual_block, shape, filters, stride, name="b")
            )
            == []
        )


def test_notebook_03_paper_block_builds_what_helpers_build():
    _, block = notebook_function("03_residual_block.ipynb", "paper_block")
    for shape, filters, stride in CASES:
        assert (
            architecture_differences(
                as_model(block, shape, filters, stride), as_model(basic_block, shape, filters, stride, name="b")
            )
            == []
        )


def test_notebook_01_gradients_match_the_helper():
    from helpers.models.scalar import chain_rule_gradients, layer_weights

    import numpy as np

    _, stack_gradients = notebook_function("01_skip_connection.ipynb", "stack_gradients")
    weights = layer_weights(20, 0.5, seed=3)
    for residual in (False, True):
        np.testing.assert_allclose(
            stack_gradients(0.3, weights, residual), chain_rule_gradients(0.3, weights, residual), rtol=1e-10
        )


def test_notebook_03_bottleneck_and_preact_blocks_build_what_helpers_build():
    from helpers.models.blocks import bottleneck_block, preact_block

    for name, helper, cases in (
        ("bottleneck", bottleneck_block, [((32, 32, 256), 64, 1), ((32, 32, 256), 128, 2), ((32, 32, 64), 64, 1)]),
        ("preact", preact_block, CASES),
    ):
        _, block = notebook_function("03_residual_block.ipynb", name)
        for shape, filters, stride in cases:
            ours, theirs = as_model(block, shape, filters, stride), as_model(helper, shape, filters, stride, name="b")
            assert architecture_differences(ours, theirs) == [], (name, shape, filters, stride)
