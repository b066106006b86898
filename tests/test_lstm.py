"""The numpy LSTM: BPTT, the cell path Jacobian, the full state Jacobian, save/load."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradcheck import assert_batch_is_sum_of_sequences, jacobian, output_sensitivity, parameter_gradients, rel_err
from model.lstm import LSTM, PARAMS



def random_net(rng, n, d, m):
    net = LSTM.random(n, d, m, rng, scale=1.5)
    for name in PARAMS:
        if name.startswith("b"):
            setattr(net, name, rng.normal(0, 0.5, getattr(net, name).shape))
    return net


@settings(max_examples=12, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5), st.integers(0, 2**32 - 1)))
def test_lstm_bptt_matches_finite_differences(case):
    n, d, m, T, seed = case
    rng = np.random.default_rng(seed)
    net = random_net(rng, n, d, m)
    xs, dy = rng.normal(size=(T, n)), rng.normal(size=(T, m))
    grads = net.bptt(xs, dy)
    fd = parameter_gradients(net, lambda q: float((dy * q.forward(xs).y).sum()), PARAMS)
    for name in PARAMS:
        assert rel_err(grads[name], fd[name]) < 1e-6, name


def test_lstm_batched_bptt_equals_sum_of_single_sequences():
    rng = np.random.default_rng(1)
    assert_batch_is_sum_of_sequences(random_net(rng, 7, 5, 7), PARAMS, rng, [8, 2, 5, 7])


def test_forward_follows_the_cell_equations():
    rng = np.random.default_rng(2)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(5, 3))
    tr = net.forward(xs)
    assert tr.h.shape == tr.c.shape == (6, 4) and tr.f.shape == (5, 4) and tr.y.shape == (5, 2)
    assert np.all(tr.h[0] == 0) and np.all(tr.c[0] == 0)
    for t in range(1, 6):
        np.testing.assert_allclose(tr.c[t], tr.f[t - 1] * tr.c[t - 1] + tr.i[t - 1] * tr.g[t - 1], rtol=1e-14)
        h, c = net.step(xs[t - 1], tr.h[t - 1], tr.c[t - 1])
        np.testing.assert_allclose(tr.h[t], h, rtol=1e-14)
        np.testing.assert_allclose(tr.c[t], c, rtol=1e-14)


def state_fd(net, xs, tr, t):
    """Finite-difference Jacobian of (h_t, c_t) with respect to (h_{t-1}, c_{t-1})."""
    d = net.d

    def state(prev):
        return np.concatenate(net.step(xs[t - 1], prev[:d], prev[d:]))

    return jacobian(state, np.concatenate([tr.h[t - 1], tr.c[t - 1]]))


def test_cell_jacobian_is_diag_f_and_matches_finite_differences():
    rng = np.random.default_rng(3)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(4, 3))
    tr = net.forward(xs)
    for t in range(1, 5):
        J = net.cell_jacobian(tr, t)
        np.testing.assert_array_equal(J, np.diag(tr.f[t - 1]))
        fd = state_fd(net, xs, tr, t)
        np.testing.assert_allclose(J, fd[4:, 4:], rtol=1e-7, atol=1e-10)


def test_hidden_and_state_jacobians_match_finite_differences():
    rng = np.random.default_rng(4)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(4, 3))
    tr = net.forward(xs)
    for t in range(1, 5):
        fd = state_fd(net, xs, tr, t)
        np.testing.assert_allclose(net.state_jacobian(tr, t), fd, rtol=1e-7, atol=1e-10)
        np.testing.assert_allclose(net.hidden_jacobian(tr, t), fd[:4, :4], rtol=1e-7, atol=1e-10)


def test_input_sensitivity_matches_finite_differences():
    rng = np.random.default_rng(5)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(5, 3))
    sens = net.input_sensitivity(xs)
    for s in (1, 3, 5):
        assert sens[s - 1] == pytest.approx(output_sensitivity(net, xs, s), rel=1e-6)
