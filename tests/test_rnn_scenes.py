"""Scenes 2-4 (UnrollRNN, ErrorAtStepOne, ErrorAtStepTwo): their numbers are the model's, and they render."""

from __future__ import annotations

import math

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from gradcheck import parameter_gradients
from model import reber
from render import cli
from scenes.error_step1 import ErrorAtStepOne
from scenes.error_step2 import ErrorAtStepTwo
from scenes.rnn_values import step_one_values, step_two_values, symbol_index, unroll_values
from scenes.story import DEFAULT_STRING, trained_rnn
from scenes.unroll import UnrollRNN

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
def test_step_one_factors_multiply_to_the_models_gradient(rnn, string):
    s = ErrorAtStepOne
    values = step_one_values(rnn, string, s.i, s.j, s.k)
    xs = reber.encode(string)
    # finite differences of the forward pass, not the model's backprop
    grads = parameter_gradients(rnn.copy(), lambda net: net.forward(xs[:1]).y[0, s.k - 1], ("W", "U", "V"))
    assert values.grad_w == pytest.approx(grads["W"][s.i - 1, s.j - 1], rel=1e-6, abs=1e-10)
    assert values.grad_u == pytest.approx(grads["U"][s.i - 1, s.j - 1], abs=1e-10)
    assert values.grad_v == pytest.approx(grads["V"][s.k - 1, s.j - 1], rel=1e-6, abs=1e-10)
    def product(equation):  # of the factors the scene draws
        return math.prod(f.value for f in equation.factors)

    assert product(values.w_equation) == pytest.approx(values.grad_w, rel=1e-12)
    assert product(values.v_equation) == pytest.approx(values.grad_v, rel=1e-12)
    # h_0 = 0: the u-term is exactly zero at t = 1
    assert values.h0 == 0.0 and values.grad_u == 0.0 and product(values.u_equation) == 0.0
    # the defaults give a worked example that is not trivially zero
    assert values.x == 1.0 and abs(values.grad_w) > 1e-3


def test_step_one_depends_only_on_the_first_symbol(rnn):
    # Every Reber string starts with B, so the t = 1 numbers are the same for any string.
    s = ErrorAtStepOne
    assert step_one_values(rnn, DEFAULT_STRING, s.i, s.j, s.k) == step_one_values(rnn, OTHER_STRING, s.i, s.j, s.k)


@pytest.mark.parametrize("string", [DEFAULT_STRING, OTHER_STRING])
@pytest.mark.parametrize("which", ["first", "second"])
def test_step_two_direct_plus_indirect_is_the_models_gradient(rnn, string, which):
    s = ErrorAtStepTwo
    j = s.j if which == "first" else symbol_index(string[1])
    values = step_two_values(rnn, string, s.i, j, s.k)
    xs = reber.encode(string)
    # finite differences of the forward pass, not the model's backprop or path sum
    dy = parameter_gradients(rnn.copy(), lambda net: net.forward(xs[:2]).y[1, s.k - 1], ("W",))["W"]
    dh = parameter_gradients(rnn.copy(), lambda net: net.forward(xs[:1]).h[1, s.i - 1], ("W",))["W"]
    assert values.grad == pytest.approx(dy[s.i - 1, j - 1], rel=1e-6, abs=1e-10)
    assert values.dh1 == pytest.approx(dh[s.i - 1, j - 1], rel=1e-6, abs=1e-10)
    assert values.direct + values.indirect == pytest.approx(values.grad, rel=1e-12, abs=1e-15)
    # the indirect term as shown: sigma_y' * dh_1^i/dw_ij * sum_alpha v sigma_h' u
    assert values.sigma_y * values.dh1 * values.fan_out == pytest.approx(values.indirect, rel=1e-12, abs=1e-15)
    # one-hot inputs: j = B reaches y_2 only through h_1; j = the second symbol only directly
    if which == "first":
        assert values.direct == 0.0 and abs(values.indirect) > 1e-4
    else:
        assert values.indirect == 0.0 and abs(values.direct) > 1e-4
    # the direct term as shown: sigma_y' * v_ki * sigma_h'(a_2^i) * x_2^j
    factors = (values.sigma_y, values.v[s.i - 1], values.sigma_h[s.i - 1], values.x2)
    assert math.prod(factors) == pytest.approx(values.direct, rel=1e-12, abs=1e-15)


def test_step_two_values_follow_the_string(rnn):
    s = ErrorAtStepTwo
    a = step_two_values(rnn, DEFAULT_STRING, s.i, s.j, s.k)
    b = step_two_values(rnn, OTHER_STRING, s.i, s.j, s.k)
    assert a.grad != b.grad and a.indirect != b.indirect


# ------------------------------------------------------------------ renders


@pytest.mark.slow
@pytest.mark.parametrize("scene", [UnrollRNN, ErrorAtStepOne, ErrorAtStepTwo], ids=lambda s: s.__name__)
def test_scene_renders_at_low_quality(tmp_path, scene):
    result = CliRunner().invoke(cli, ["render", scene.__name__, "-q", "l", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with av.open(str(tmp_path / "480p15" / f"{scene.__name__}.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert stream.average_rate == 15
        assert container.duration / av.time_base == pytest.approx(scene.approx_seconds, rel=0.15)


@pytest.mark.slow
def test_stills_carry_the_posts_names_in_both_themes(tmp_path):
    pictures = {}
    for theme in ("dark", "light"):
        out = tmp_path / theme
        result = CliRunner().invoke(cli, ["stills", "-o", str(out), "--theme", theme, "--jobs", "2"])
        assert result.exit_code == 0, result.output
        for name in STILLS:
            image = np.asarray(Image.open(out / name).convert("RGB")).astype(int)
            assert image.shape[1] == 1920
            assert image.std() > 10, f"{theme} {name} looks blank"
            pictures[theme, name] = image
    for name in STILLS:
        dark, light = pictures["dark", name], pictures["light", name]
        assert dark.shape != light.shape or np.abs(dark - light).mean() > 10
