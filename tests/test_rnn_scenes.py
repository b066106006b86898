"""Scenes 2-4 (UnrollRNN, ErrorAtStepOne, ErrorAtStepTwo): their numbers are the model's, and they render."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from gradcheck import parameter_gradients
from lstm_explainer.model import reber
from lstm_explainer.cli import cli
from lstm_explainer.scenes.error_at_step_one import ErrorAtStepOne
from lstm_explainer.scenes.bias_split import bias_split
from lstm_explainer.scenes.values.grammar import likeliest_legal_output
from lstm_explainer.scenes.values.rnn import step_one_values, unroll_values
from lstm_explainer.scenes.story import DEFAULT_STRING, trained_rnn

OTHER_STRING = "BPVVE"  # another valid Reber string, taking the P branch at once
STILLS = ("simple_rnn.png", "rnn_three_inputs.png", "rnn_three_inputs_full.png", "rnn_error1.png", "rnn_error2.png")


@pytest.fixture(scope="module")
def rnn():
    return trained_rnn()


@pytest.mark.parametrize("string", [DEFAULT_STRING, OTHER_STRING])
def test_unroll_shows_the_forward_pass(rnn, string):
    values = unroll_values(rnn, string)
    trace = rnn.forward(reber.encode(string))
    assert values.symbols == string[:3]
    np.testing.assert_array_equal(values.x, reber.encode(string[:3]))
    np.testing.assert_allclose(values.h, trace.h[1:4])
    np.testing.assert_allclose(values.y, trace.y[:3])
    assert [set(s) for s in values.legal] == reber.successors(string)[:3]


def test_unroll_values_follow_the_string(rnn):
    a, b = unroll_values(rnn, DEFAULT_STRING), unroll_values(rnn, OTHER_STRING)
    assert not np.allclose(a.h[1:], b.h[1:])
    assert not np.allclose(a.y[1:], b.y[1:])
    assert a.legal[0] == b.legal[0] and a.legal[1] != b.legal[1]


@pytest.mark.parametrize("string", [DEFAULT_STRING, OTHER_STRING])
def test_step_one_example_output_is_the_likeliest_legal_symbol_not_V(rnn, string):
    k = likeliest_legal_output(rnn, string, 1)
    y = rnn.forward(reber.encode(string[:1])).y[0]
    legal = [reber.SYMBOLS.index(symbol) + 1 for symbol in "TP"]  # after B the grammar allows T or P
    assert k in legal and y[k - 1] == max(y[j - 1] for j in legal)
    assert reber.SYMBOLS[k - 1] != "V"


@pytest.mark.parametrize("string", [DEFAULT_STRING, OTHER_STRING])
def test_step_one_factors_multiply_to_the_models_gradient(rnn, string):
    s, k = ErrorAtStepOne, likeliest_legal_output(rnn, string, 1)
    values = step_one_values(rnn, string, s.i, s.j, k)
    xs = reber.encode(string)
    # finite differences of the forward pass, not the model's backprop
    grads = parameter_gradients(rnn.copy(), lambda net: net.forward(xs[:1]).y[0, k - 1], ("W", "U", "V"))
    assert values.grad_w == pytest.approx(grads["W"][s.i - 1, s.j - 1], rel=1e-6, abs=1e-10)
    assert values.grad_u == pytest.approx(grads["U"][s.i - 1, s.j - 1], abs=1e-10)
    assert values.grad_v == pytest.approx(grads["V"][k - 1, s.i - 1], rel=1e-6, abs=1e-10)
    def product(equation):  # of the factors the scene draws
        return math.prod(f.value for f in equation.factors)

    assert product(values.w_equation) == pytest.approx(values.grad_w, rel=1e-12)
    assert product(values.v_equation) == pytest.approx(values.grad_v, rel=1e-12)
    # h_0 = 0: the u-term is exactly zero at t = 1
    assert values.h0 == 0.0 and values.grad_u == 0.0 and product(values.u_equation) == 0.0
    # the defaults give a worked example that is not zero (small: the network is sure of its likeliest output)
    assert values.x == 1.0 and abs(values.grad_w) > 1e-4


def test_step_one_depends_only_on_the_first_symbol(rnn):
    # Every Reber string starts with B, so the t = 1 numbers are the same for any string.
    s = ErrorAtStepOne
    k = likeliest_legal_output(rnn, DEFAULT_STRING, 1)
    assert k == likeliest_legal_output(rnn, OTHER_STRING, 1)
    assert step_one_values(rnn, DEFAULT_STRING, s.i, s.j, k) == step_one_values(rnn, OTHER_STRING, s.i, s.j, k)


def test_step_two_values_follow_the_string(rnn):
    a, b = bias_split(rnn, DEFAULT_STRING), bias_split(rnn, OTHER_STRING)
    assert a.grad != b.grad and a.direct != b.direct and a.indirect != b.indirect


# ------------------------------------------------------------------ renders


@pytest.mark.slow
def test_stills_carry_the_posts_names_in_both_themes(tmp_path):
    def figures(theme: str, *scene_names: str) -> dict[str, np.ndarray]:
        out = tmp_path / theme
        result = CliRunner().invoke(cli, ["stills", *scene_names, "-o", str(out), "--theme", theme, "--jobs", "2"])
        assert result.exit_code == 0, result.output
        return {path.name: np.asarray(Image.open(path).convert("RGB")).astype(int) for path in out.glob("*.png")}

    dark, light = figures("dark"), figures("light", "rnn-equations")  # the light theme on one scene's figure
    assert sorted(dark) == sorted(STILLS) and list(light) == ["simple_rnn.png"]
    for name, image in [*dark.items(), *light.items()]:
        assert image.shape[1] == 1920
        assert image.std() > 10, f"{name} looks blank"
    a, b = dark["simple_rnn.png"], light["simple_rnn.png"]
    assert a.shape != b.shape or np.abs(a - b).mean() > 10
