"""The numpy LSTM: BPTT, the cell path Jacobian, the full state Jacobian, save/load."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradcheck import assert_batch_is_sum_of_sequences, jacobian, output_sensitivity, parameter_gradients, rel_err
from lstm_explainer.model.lstm import LSTM, PARAMS



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


def run_from_state(net, xs, s, t, state):
    """y_t when the network is restarted from ``state`` = (h_s, c_s) after step s (a plain loop)."""
    d = net.d
    h, c = state[:d], state[d:]
    for step in range(s + 1, t + 1):
        h, c = net.step(xs[step - 1], h, c)
    return 1 / (1 + np.exp(-(net.V @ h + net.b_y)))


def test_state_grads_match_finite_differences_at_every_earlier_step():
    rng = np.random.default_rng(6)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(6, 3))
    t, k = 5, 2
    grads = net.state_grads(xs, t, k=k)
    tr = net.forward(xs)
    assert grads.shape == (t + 1, 8)
    for s in range(t + 1):
        state = np.concatenate([tr.h[s], tr.c[s]])
        fd = jacobian(lambda st: run_from_state(net, xs, s, t, st)[k - 1], state)
        np.testing.assert_allclose(grads[s], fd, rtol=1e-6, atol=1e-10)


def test_an_open_forget_gate_and_a_closed_input_gate_pass_the_cell_error_unchanged():
    rng = np.random.default_rng(7)
    net = random_net(rng, 3, 4, 2)
    net.b_f[:] = 50.0  # f = 1 to double precision
    net.b_i[:] = -50.0  # i = 2e-22: nothing new is written into the cell
    for gate in "ifog":
        getattr(net, f"U_{gate}")[:] = 0.0  # no path through h_{t-1}: the cell is the only route back
    xs = rng.normal(size=(8, 3))
    tr = net.forward(xs)
    assert np.all(tr.f == 1.0)
    for t in range(1, 9):
        np.testing.assert_array_equal(net.cell_jacobian(tr, t), np.eye(4))
    dc = net.state_grads(xs, 8, k=1)[:, 4:]
    assert np.abs(dc[7]).max() > 1e-3
    np.testing.assert_allclose(dc[:8], np.broadcast_to(dc[7], (8, 4)), rtol=1e-12)
    # and the error reaching c_0 is what finite differences see through all eight steps
    fd = jacobian(lambda c0: run_from_state(net, xs, 0, 8, np.concatenate([np.zeros(4), c0]))[0], np.zeros(4))
    np.testing.assert_allclose(dc[0], fd, rtol=1e-6, atol=1e-10)


def test_load_refuses_an_rnn_file_and_save_load_round_trips(tmp_path):
    from lstm_explainer.model.rnn import RNN

    net = random_net(np.random.default_rng(8), 7, 3, 7)
    net.save(tmp_path / "lstm.npz")
    loaded = LSTM.load(tmp_path / "lstm.npz")
    for name in PARAMS:
        np.testing.assert_array_equal(getattr(loaded, name), getattr(net, name))
    RNN.random(7, 3, 7, np.random.default_rng(9)).save(tmp_path / "rnn.npz")
    with pytest.raises(ValueError, match="rnn.npz: holds an RNN, not an LSTM"):
        LSTM.load(tmp_path / "rnn.npz")
