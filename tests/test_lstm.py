"""The numpy LSTM: BPTT, the cell path Jacobian, the full state Jacobian, save/load."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.lstm import LSTM, PARAMS

FD_EPS = 1e-6


def random_net(rng, n, d, m):
    net = LSTM.random(n, d, m, rng, scale=1.5)
    for name in PARAMS:
        if name.startswith("b"):
            setattr(net, name, rng.normal(0, 0.5, getattr(net, name).shape))
    return net


def rel_err(a, b):
    # central differences with eps = 1e-6 carry ~1e-10 of round-off, so entries
    # below 1e-3 are held to an absolute 1e-9 instead of their own size
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-3)


@settings(max_examples=12, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5), st.integers(0, 2**32 - 1)))
def test_lstm_bptt_matches_finite_differences(case):
    n, d, m, T, seed = case
    rng = np.random.default_rng(seed)
    net = random_net(rng, n, d, m)
    xs, dy = rng.normal(size=(T, n)), rng.normal(size=(T, m))
    grads = net.bptt(xs, dy)
    for name in PARAMS:
        p = getattr(net, name)
        fd = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + FD_EPS
            up = (dy * net.forward(xs).y).sum()
            p[idx] = old - FD_EPS
            down = (dy * net.forward(xs).y).sum()
            p[idx] = old
            fd[idx] = (up - down) / (2 * FD_EPS)
        assert rel_err(grads[name], fd) < 1e-6, name


def test_lstm_batched_bptt_equals_sum_of_single_sequences():
    rng = np.random.default_rng(1)
    net = random_net(rng, 7, 5, 7)
    xs, dy = rng.normal(size=(4, 8, 7)), rng.normal(size=(4, 8, 7))
    lengths = [8, 2, 5, 7]
    mask = (np.arange(8)[None, :] < np.array(lengths)[:, None]).astype(float)
    batched = net.bptt(xs, dy, mask)
    for name in PARAMS:
        total = sum(net.bptt(xs[b, :T], dy[b, :T])[name] for b, T in enumerate(lengths))
        np.testing.assert_allclose(batched[name], total, rtol=1e-12, atol=1e-14)


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
    out = np.zeros((2 * d, 2 * d))
    for col in range(2 * d):
        e = np.zeros(2 * d)
        e[col] = FD_EPS
        h_up, c_up = net.step(xs[t - 1], tr.h[t - 1] + e[:d], tr.c[t - 1] + e[d:])
        h_dn, c_dn = net.step(xs[t - 1], tr.h[t - 1] - e[:d], tr.c[t - 1] - e[d:])
        out[:, col] = np.concatenate([h_up - h_dn, c_up - c_dn]) / (2 * FD_EPS)
    return out


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
        jac = np.zeros((2, 3))
        for j in range(3):
            up, down = xs.copy(), xs.copy()
            up[s - 1, j] += FD_EPS
            down[s - 1, j] -= FD_EPS
            jac[:, j] = (net.forward(up).y[-1] - net.forward(down).y[-1]) / (2 * FD_EPS)
        assert sens[s - 1] == pytest.approx(np.linalg.norm(jac), rel=1e-6)


def test_lstm_save_load_round_trip_and_errors(tmp_path):
    net = random_net(np.random.default_rng(6), 7, 5, 7)
    path = tmp_path / "lstm.npz"
    net.save(path)
    loaded = LSTM.load(path)
    for name in PARAMS:
        np.testing.assert_array_equal(getattr(loaded, name), getattr(net, name))
    bad = tmp_path / "bad.npz"
    np.savez(bad, **{**net.params(), "U_f": np.zeros((5, 4))})
    with pytest.raises(ValueError, match=r"bad.npz: U_f has shape"):
        LSTM.load(bad)
    with pytest.raises(ValueError, match="nope.npz: no such file"):
        LSTM.load(tmp_path / "nope.npz")
