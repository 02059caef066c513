"""Property-based tests of the validation vocabulary (hypothesis): every valid value is accepted
(NumPy scalars and arrays too), every bad one refused with the right error naming the argument."""

from __future__ import annotations

from helpers import validation

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# derandomize: the same examples on every run, so that CI is reproducible (a failure found once stays found)
settings.register_profile("course", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("course")

not_integers = st.one_of(
    st.booleans(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.just(np.float32(3.0)),
    st.just(np.bool_(True)),
)
not_numbers = st.one_of(
    st.booleans(), st.text(max_size=5), st.none(), st.lists(st.floats(), max_size=2), st.just(np.bool_(False))
)
numpy_ints = st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32])


@given(st.integers(1, validation.DEFAULT_LIMIT[0]), numpy_ints)
def test_positive_int_accepts_python_and_numpy_integers(value, kind):
    assert validation.positive_int("n", value) == value
    small = int(kind(min(value, 100)))
    result = validation.positive_int("n", kind(small))
    assert result == small and type(result) is int


@given(not_integers)
def test_positive_int_refuses_other_types_with_type_error(value):
    with pytest.raises(TypeError, match=r"^n must be a positive integer; got "):
        validation.positive_int("n", value)


@given(st.integers(max_value=0))
def test_positive_int_refuses_zero_and_negatives(value):
    with pytest.raises(ValueError, match=r"^n must be a positive integer"):
        validation.positive_int("n", value)


@given(st.sampled_from(sorted(validation.LIMITS)), st.integers(1, 10**30))
def test_each_name_has_an_upper_bound_that_says_why(name, excess):
    top, why = validation.LIMITS[name]
    assert validation.positive_int(name, top) == top
    with pytest.raises(ValueError, match=rf"^{name} must be at most {top:,} \(") as caught:
        validation.positive_int(name, top + excess)
    assert why in str(caught.value)


@given(st.integers(1, 100), st.integers(1, 10**6))
def test_a_call_may_set_its_own_bound(top, value):
    if value <= top:
        assert validation.positive_int("n", value, maximum=top, why="w") == value
    else:
        with pytest.raises(ValueError, match=r"^n must be at most .* \(w\)"):
            validation.positive_int("n", value, maximum=top, why="w")


@given(st.integers())
def test_seed_is_numpys_range(value):
    if 0 <= value <= 2**32 - 1:
        assert validation.seed("seed", value) == value
        np.random.default_rng(validation.seed("seed", np.int64(value)))  # NumPy takes it
    else:
        with pytest.raises(ValueError, match=r"^seed must be a non-negative integer below 2\*\*32"):
            validation.seed("seed", value)


@given(not_integers)
def test_seed_refuses_other_types(value):
    with pytest.raises(TypeError, match=r"^seed must be"):
        validation.seed("seed", value)


@given(st.floats(allow_nan=True, allow_infinity=True, width=32))
def test_number_accepts_finite_floats_only(value):
    if math.isfinite(value):
        assert validation.number("lr", value) == value
        assert validation.number("lr", np.float32(value)) == float(np.float32(value))
    else:
        with pytest.raises(ValueError, match=r"^lr must be a finite number"):
            validation.number("lr", value)


@given(not_numbers)
def test_number_refuses_strings_bools_and_none(value):
    with pytest.raises(TypeError, match=r"^x must be a number; got "):
        validation.number("x", value)


@given(st.floats(allow_nan=True))
def test_fraction_is_zero_to_below_one(value):
    if 0.0 <= value < 1.0:
        assert validation.fraction("bn_momentum", np.float32(value)) == pytest.approx(value, rel=1e-6, abs=1e-7)
    else:
        with pytest.raises(ValueError, match=r"^bn_momentum must be a number in \[0, 1\)"):
            validation.fraction("bn_momentum", value)


@given(st.floats(allow_nan=True))
def test_positive_number_refuses_infinity_nan_and_non_positive(value):
    if math.isfinite(value) and value > 0:
        assert validation.positive_number("learning_rate", value) == value
    else:
        with pytest.raises(ValueError, match=r"^learning_rate must be a finite positive number"):
            validation.positive_number("learning_rate", value)


@given(st.one_of(st.text(max_size=6), st.integers(), st.none(), st.floats()))
def test_boolean_refuses_everything_but_bools(value):
    with pytest.raises(TypeError, match=r"^residual must be True or False; got "):
        validation.boolean("residual", value)


@given(st.booleans())
def test_boolean_accepts_python_and_numpy_bools(value):
    assert validation.boolean("residual", value) is value
    assert validation.boolean("residual", np.bool_(value)) is value


@given(st.text(max_size=8))
def test_one_of_lists_the_names(value):
    options = ("basic", "bottleneck")
    if value in options:
        assert validation.one_of("block", value, options) == value
    else:
        with pytest.raises(ValueError, match=r"^block must be one of \('basic', 'bottleneck'\); got "):
            validation.one_of("block", value, options)


@given(st.one_of(st.lists(st.text(), max_size=2), st.integers(), st.none(), st.dictionaries(st.text(), st.text(), max_size=1)))
def test_one_of_refuses_other_types_with_type_error(value):
    with pytest.raises(TypeError, match=r"^block must be one of"):
        validation.one_of("block", value, ("basic", "bottleneck"))


@given(st.tuples(st.integers(1, 1024), st.integers(1, 1024), st.integers(1, 4096)))
def test_image_shape_accepts_tuples_lists_and_arrays(shape):
    assert validation.image_shape("input_shape", shape) == shape
    assert validation.image_shape("input_shape", list(shape)) == shape
    assert validation.image_shape("input_shape", np.array(shape)) == shape


@given(st.tuples(st.integers(-5, 2000), st.integers(-5, 2000), st.integers(-5, 5000)))
def test_image_shape_refuses_bad_sides(shape):
    if all(0 < v <= 1024 for v in shape[:2]) and 0 < shape[2] <= 4096:
        return
    with pytest.raises(ValueError, match=r"^input_shape (height|width|channels) must be"):
        validation.image_shape("input_shape", shape)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=20))
def test_array_refuses_nan_and_infinity(values):
    if all(math.isfinite(v) for v in values):
        assert validation.array("x", values).shape == (len(values),)
    else:
        with pytest.raises(ValueError, match=r"^x must hold finite numbers"):
            validation.array("x", values)


@given(st.integers(0, 5), st.floats(-2, 2), st.floats(-2, 2))
def test_array_checks_rank_and_range(rank, low, high):
    value = np.full((2,) * rank, low, dtype="float32")
    if rank != 2:
        with pytest.raises(ValueError, match=r"^x must be an array of rank 2; got rank"):
            validation.array("x", value, ndim=2, min_size=0)
    elif np.float32(low) > high:  # the array holds float32: 3e-202 is 0 there
        with pytest.raises(ValueError, match=r"^x must lie in"):
            validation.array("x", value, ndim=2, maximum=high)
    else:
        assert validation.array("x", value, ndim=2, maximum=high).shape == (2, 2)


def test_array_refuses_a_huge_array_before_copying_it():
    huge = np.broadcast_to(np.float64(0), (10**6, 10**4))  # a view: no memory behind it
    with pytest.raises(ValueError, match=r"^x must have at most"):
        validation.array("x", huge)


@given(st.integers(1, 4), st.integers(1, 4))
def test_images_check_channels(channels, expected):
    x = np.zeros((2, 4, 4, channels), "float32")
    if channels == expected:
        assert validation.images("x", x, channels=expected).shape == x.shape
    else:
        with pytest.raises(ValueError, match=rf"^x must have {expected} channel"):
            validation.images("x", x, channels=expected)


@given(st.lists(st.integers(-3, 12), min_size=2, max_size=2))
def test_labelled_images_check_classes(labels):
    x = np.zeros((2, 4, 4, 1), "float32")
    if all(0 <= v < 10 for v in labels):
        assert list(validation.labelled_images(x, labels, classes=10)[1]) == labels
    else:
        with pytest.raises(ValueError, match=r"^y must hold class labels 0\.\.9"):
            validation.labelled_images(x, labels, classes=10)


def test_keras_model_must_be_a_built_model():
    import keras

    with pytest.raises(TypeError, match=r"^model must be a keras.Model; got str"):
        validation.keras_model("model", "resnet")
    with pytest.raises(ValueError, match=r"^model must be a built model"):
        validation.keras_model("model", keras.Sequential([keras.layers.Dense(2)]))
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    assert validation.keras_model("model", model) is model
    with pytest.raises(ValueError, match=r"^x must match the model's input"):
        validation.model_input("x", np.zeros((2, 4, 4, 3)), model)


@given(st.one_of(st.integers(-5, 60), st.floats(-5, 60), st.text(max_size=2)))
def test_slider_start_is_in_the_sliders_range(value):
    if isinstance(value, str) or isinstance(value, float):
        with pytest.raises(TypeError, match=r"^blocks must be an integer"):
            validation.slider_start("blocks", value, 1, 54)
    elif 1 <= value <= 54:
        assert validation.slider_start("blocks", value, 1, 54) == value
    else:
        with pytest.raises(ValueError, match=r"^blocks must be between 1 and 54"):
            validation.slider_start("blocks", value, 1, 54)


@given(st.one_of(st.none(), st.integers(), st.lists(st.integers(), max_size=1)))
def test_instance_names_the_expected_class(value):
    with pytest.raises(TypeError, match=r"^plan must be a TrainingPlan; got "):
        validation.instance("plan", value, type("TrainingPlan", (), {}))
