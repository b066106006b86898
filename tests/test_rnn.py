"""The numpy RNN: BPTT, the post's formulas, Jacobians, per-lag terms, save/load."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradcheck import assert_batch_is_sum_of_sequences, jacobian, output_sensitivity, parameter_gradients, rel_err
from lstm_explainer.model.rnn import PARAMS, RNN



def random_net(rng, n, d, m, scale=1.5):
    """A random RNN with non-zero biases, so the bias gradients are tested too."""
    net = RNN.random(n, d, m, rng, scale=scale)
    net.b_h = rng.normal(0, 0.5, d)
    net.b_y = rng.normal(0, 0.5, m)
    return net


sizes = st.tuples(
    st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 6), st.integers(0, 2**32 - 1)
)


@settings(max_examples=25, deadline=None)
@given(sizes)
def test_bptt_matches_finite_differences(case):
    n, d, m, T, seed = case
    rng = np.random.default_rng(seed)
    net = random_net(rng, n, d, m)
    xs, dy = rng.normal(size=(T, n)), rng.normal(size=(T, m))
    grads = net.bptt(xs, dy)
    fd = parameter_gradients(net, lambda k: float((dy * k.forward(xs).y).sum()), PARAMS)
    for name in PARAMS:
        assert grads[name].shape == getattr(net, name).shape
        assert rel_err(grads[name], fd[name]) < 1e-6, name


def test_batched_bptt_equals_sum_of_single_sequences():
    rng = np.random.default_rng(3)
    assert_batch_is_sum_of_sequences(random_net(rng, 7, 4, 7), PARAMS, rng, [9, 3, 6, 1, 8])


def test_a_mask_with_holes_gives_the_gradient_of_the_masked_loss():
    # bptt skips each row's steps after its last unmasked one; holes before it must still count
    rng = np.random.default_rng(24)
    net = random_net(rng, 7, 4, 7)
    xs, dy = rng.normal(size=(6, 9, 7)), rng.normal(size=(6, 9, 7))
    mask = (rng.random((6, 9)) < 0.6).astype(float)
    mask[2] = 0.0  # a row with nothing to learn from
    masked = net.bptt(xs, dy, mask)
    reference = net.bptt(xs, dy * mask[..., None])  # no mask: every step of every row computed
    for name in PARAMS:
        np.testing.assert_allclose(masked[name], reference[name], rtol=1e-12, atol=1e-14)


def test_batched_forward_equals_single_forward():
    rng = np.random.default_rng(4)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(3, 5, 3))
    batched = net.forward(xs)
    for b in range(3):
        single = net.forward(xs[b])
        np.testing.assert_allclose(batched.h[b], single.h, rtol=1e-14)
        np.testing.assert_allclose(batched.y[b], single.y, rtol=1e-14)


def test_forward_starts_from_zero_and_follows_the_recurrence():
    rng = np.random.default_rng(5)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(4, 3))
    trace = net.forward(xs)
    assert trace.h.shape == (5, 4) and trace.a.shape == (4, 4) and trace.y.shape == (4, 2)
    assert np.all(trace.h[0] == 0)
    for t in range(1, 5):
        np.testing.assert_allclose(trace.h[t], net.step(xs[t - 1], trace.h[t - 1]), rtol=1e-14)


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_output_grad_matches_finite_differences(case):
    n, d, m, T, seed = case
    rng = np.random.default_rng(seed)
    net = random_net(rng, n, d, m)
    xs = rng.normal(size=(T, n))
    t, k = int(rng.integers(1, T + 1)), int(rng.integers(1, m + 1))
    grads = net.output_grad(xs, t, k)
    fd = parameter_gradients(net, lambda q: float(q.forward(xs).y[t - 1, k - 1]), PARAMS)
    for name in PARAMS:
        assert rel_err(grads[name], fd[name]) < 1e-6, name


def test_first_step_formulas_of_the_post_hold_exactly():
    rng = np.random.default_rng(6)
    net = random_net(rng, 7, 4, 7)
    xs = rng.normal(size=(3, 7))
    trace = net.forward(xs)
    h1, y1 = trace.h[1], trace.y[0]
    for k in range(1, 8):
        g = net.output_grad(xs, 1, k)
        sig_y = y1[k - 1] * (1 - y1[k - 1])
        # dy_1^k/dv_kj = sigma_y' h_1^j; other rows of V do not touch y_1^k
        expected_v = np.zeros((7, 4))
        expected_v[k - 1] = sig_y * h1
        np.testing.assert_allclose(g["V"], expected_v, rtol=1e-13, atol=1e-16)
        # dy_1^k/dw_ij = sigma_y' v_ki sigma_h'(a_1^i) x_1^j
        expected_w = np.outer(sig_y * net.V[k - 1] * (1 - h1**2), xs[0])
        np.testing.assert_allclose(g["W"], expected_w, rtol=1e-13, atol=1e-16)
        # the u-term carries h_0 = 0
        assert np.all(g["U"] == 0)


@pytest.mark.parametrize("param", ["W", "U"])
def test_path_sum_equals_bptt(param):
    rng = np.random.default_rng(7)
    n, d = 3, 3
    net = random_net(rng, n, d, 2)
    xs = rng.normal(size=(4, n))
    trace = net.forward(xs)
    cols = n if param == "W" else d
    for t in range(1, 5):
        for alpha in range(1, d + 1):
            reference = net.hidden_grad(xs, t, alpha)[param]
            for i in range(1, d + 1):
                for j in range(1, cols + 1):
                    value = net.path_sum(trace, t, alpha, i, j, param)
                    assert value == pytest.approx(reference[i - 1, j - 1], rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("param", ["W", "U"])
def test_recurrence_equals_path_sum_and_bptt(param):
    rng = np.random.default_rng(8)
    net = random_net(rng, 7, 4, 7)
    xs = rng.normal(size=(4, 7))
    trace = net.forward(xs)
    i, j = 2, 3
    for t in range(1, 5):
        rec = net.recurrence(trace, t, i, j, param)
        for alpha in range(1, 5):
            bptt = net.hidden_grad(xs, t, alpha)[param][i - 1, j - 1]
            assert rec[alpha - 1] == pytest.approx(bptt, rel=1e-10, abs=1e-14)
            assert rec[alpha - 1] == pytest.approx(net.path_sum(trace, t, alpha, i, j, param), rel=1e-10, abs=1e-14)


def test_paths_enumerate_every_gamma_sequence_with_its_factors():
    rng = np.random.default_rng(9)
    net = random_net(rng, 2, 3, 2)
    trace = net.forward(rng.normal(size=(3, 2)))
    terms = list(net.paths(trace, 3, 2, 1, 2, "W"))
    assert len(terms) == 1 + 3 + 9  # sum of d^k for k = 0..t-1
    assert len({term.gammas for term in terms}) == len(terms)
    for term in terms:
        assert term.gammas[0] == 2 and len(term.gammas) == term.k + 1 and len(term.B) == term.k
        assert term.product == pytest.approx(np.prod(term.B) * term.A)
    kept = list(net.paths(trace, 3, 2, 1, 2, "W", skip_zero=True))
    assert all(term.gammas[-1] == 1 for term in kept)
    assert sum(t.product for t in kept) == pytest.approx(sum(t.product for t in terms), rel=1e-13)


def test_A_and_B_follow_the_post():
    rng = np.random.default_rng(10)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(3, 3))
    trace = net.forward(xs)
    t, alpha, gamma, i, j = 2, 3, 1, 3, 2
    sig = 1 - np.tanh(trace.a[t - 1, alpha - 1]) ** 2
    assert net.A(trace, alpha, t, i, j, "W") == pytest.approx(sig * xs[t - 1, j - 1])
    assert net.A(trace, alpha, t, i, j, "U") == pytest.approx(sig * trace.h[t - 1, j - 1])
    assert net.A(trace, alpha, t, 1, j, "W") == 0.0  # Kronecker delta
    assert net.B(trace, alpha, gamma, t) == pytest.approx(sig * net.U[alpha - 1, gamma - 1])


@pytest.mark.parametrize("param", ["W", "U"])
def test_lag_contributions_sum_to_the_gradient(param):
    rng = np.random.default_rng(11)
    net = random_net(rng, 7, 4, 7)
    xs = rng.normal(size=(6, 7))
    for t in (1, 3, 6):
        parts = net.lag_contributions(xs, t, k=2, param=param)
        assert parts.shape[0] == t
        np.testing.assert_allclose(parts.sum(axis=0), net.output_grad(xs, t, 2)[param], rtol=1e-10, atol=1e-15)


def test_lag_norms_add_up_to_the_bptt_gradient():
    rng = np.random.default_rng(12)
    net = random_net(rng, 3, 4, 2)
    xs, dz = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    total = sum(net.lag_contributions(xs, t, param="U", dz_t=dz[t - 1]).sum(axis=0) for t in range(1, 6))
    np.testing.assert_allclose(total, net.bptt(xs, dz=dz)["U"], rtol=1e-10, atol=1e-15)
    by_lag = net.lag_norms(xs, dz, "U")
    assert by_lag.shape == (5,)
    # the last lag only the last prediction reaches: the norm of its own deepest part
    deepest = net.lag_contributions(xs, 5, param="U", dz_t=dz[4])[4]
    assert by_lag[4] == pytest.approx(np.linalg.norm(deepest))


def test_step_jacobian_matches_finite_differences():
    rng = np.random.default_rng(13)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(4, 3))
    trace = net.forward(xs)
    for t in range(1, 5):
        fd = jacobian(lambda h_prev: net.step(xs[t - 1], h_prev), trace.h[t - 1])
        np.testing.assert_allclose(net.step_jacobian(trace, t), fd, rtol=1e-7, atol=1e-10)


def test_jacobian_norms_match_finite_differences_over_several_steps():
    rng = np.random.default_rng(14)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(5, 3))
    trace = net.forward(xs)
    t = 5

    def h_t_from(k, h_start):
        h = h_start
        for s in range(t - k + 1, t + 1):
            h = net.step(xs[s - 1], h)
        return h

    norms = net.jacobian_norms(trace)
    assert norms[0] == 1.0
    for k in range(1, t + 1):
        fd = jacobian(lambda h: h_t_from(k, h), trace.h[t - k])
        assert norms[k] == pytest.approx(np.linalg.norm(fd, 2), rel=1e-6)
        np.testing.assert_allclose(net.jacobian_product(trace, t, k), fd, rtol=1e-6, atol=1e-9)  # FD noise ~1e-10


def test_a_jacobian_entry_is_the_sum_of_its_paths_products():
    rng = np.random.default_rng(15)
    net = random_net(rng, 3, 3, 2)
    trace = net.forward(rng.normal(size=(5, 3)))
    t = 5
    for k in range(1, t + 1):
        product = net.jacobian_product(trace, t, k)
        for alpha in range(1, 4):
            for beta in range(1, 4):
                paths = net.state_path_products(trace, t, k, alpha, beta)
                assert len(paths) == 3 ** (k - 1)
                assert sum(paths) == pytest.approx(product[alpha - 1, beta - 1], rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("s", [0.3, 0.7, 0.95])
def test_jacobian_norm_is_bounded_by_s_to_the_k(s):
    # Pascanu et al. (2013): |tanh'| <= 1, so ||dh_t/dh_{t-k}|| <= ||U||^k = s^k
    rng = np.random.default_rng(15)
    net = random_net(rng, 7, 6, 7, scale=3.0).with_spectral_norm(s)
    assert np.linalg.norm(net.U, 2) == pytest.approx(s)
    trace = net.forward(rng.normal(size=(12, 7)))
    norms = net.jacobian_norms(trace)
    for k in range(1, 13):
        assert norms[k] <= s**k * (1 + 1e-12)


def test_spectral_radius_alone_does_not_bound_the_jacobian():
    # a non-normal U: both eigenvalues 0.5, but a large off-diagonal entry
    U = np.array([[0.5, 4.0], [0.0, 0.5]])
    radius = np.max(np.abs(np.linalg.eigvals(U)))
    net = RNN(W=np.zeros((2, 1)), U=U, V=np.zeros((1, 2)), b_h=np.zeros(2), b_y=np.zeros(1))
    # zero input keeps h at 0, where tanh' = 1, so the product is exactly U^k
    trace = net.forward(np.zeros((3, 1)))
    norms = net.jacobian_norms(trace)
    for k in (1, 2, 3):
        assert norms[k] > radius**k


def test_input_sensitivity_matches_finite_differences():
    rng = np.random.default_rng(16)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(5, 3))
    sens = net.input_sensitivity(xs)
    for s in range(1, 6):
        assert sens[s - 1] == pytest.approx(output_sensitivity(net, xs, s), rel=1e-6)


def test_save_load_round_trip(tmp_path):
    net = random_net(np.random.default_rng(18), 7, 4, 7)
    path = tmp_path / "net.npz"
    net.save(path)
    loaded = RNN.load(path)
    for name in PARAMS:
        np.testing.assert_array_equal(getattr(loaded, name), getattr(net, name))
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]  # no temporary file left


def test_load_missing_file_names_it(tmp_path):
    path = tmp_path / "absent.npz"
    with pytest.raises(ValueError, match="absent.npz: no such file"):
        RNN.load(path)


def test_load_truncated_file_names_it(tmp_path):
    path = tmp_path / "cut.npz"
    random_net(np.random.default_rng(19), 7, 4, 7).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.npz: .*truncated or corrupt") as err:
        RNN.load(path)
    assert "\n" not in str(err.value)


def test_load_wrong_shape_or_missing_key_names_it(tmp_path):
    net = random_net(np.random.default_rng(20), 7, 4, 7)
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, **{**net.params(), "U": np.zeros((3, 3))})
    with pytest.raises(ValueError, match=r"wrong.npz: U has shape \(3, 3\)"):
        RNN.load(wrong)
    missing = tmp_path / "missing.npz"
    np.savez(missing, **{k: v for k, v in net.params().items() if k != "b_y"})
    with pytest.raises(ValueError, match="missing.npz: missing array.* b_y"):
        RNN.load(missing)


def test_with_spectral_norm_leaves_the_original_alone():
    net = random_net(np.random.default_rng(21), 3, 4, 2)
    U = net.U.copy()
    scaled = net.with_spectral_norm(2.0)
    assert np.linalg.norm(scaled.U, 2) == pytest.approx(2.0)
    np.testing.assert_array_equal(net.U, U)
    np.testing.assert_array_equal(scaled.W, net.W)


def test_state_grads_match_finite_differences_at_every_earlier_step():
    rng = np.random.default_rng(22)
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(6, 3))
    trace = net.forward(xs)
    t, dz_t = 5, rng.normal(size=2)

    def loss_from(s, h_s):
        """L = dz_t . z_t when the recurrence restarts from h_s after step s."""
        h = h_s
        for step in range(s + 1, t + 1):
            h = net.step(xs[step - 1], h)
        return dz_t @ (net.V @ h + net.b_y)

    grads = net.state_grads(xs, t, dz_t=dz_t)
    assert grads.shape == (t + 1, 4)
    for s in range(t + 1):
        fd = jacobian(lambda h_s: loss_from(s, h_s), trace.h[s])
        np.testing.assert_allclose(grads[s], fd, rtol=1e-6, atol=1e-10)


def test_a_kept_trace_survives_later_gradient_calls():
    rng = np.random.default_rng(23)
    net = random_net(rng, 7, 4, 7)
    xs = rng.normal(size=(3, 6, 7))
    trace = net.forward(xs)
    h, y = trace.h.copy(), trace.y.copy()
    net.bptt(xs, rng.normal(size=(3, 6, 7)))
    net.bptt(rng.normal(size=(5, 9, 7)), rng.normal(size=(5, 9, 7)))
    np.testing.assert_array_equal(trace.h, h)
    np.testing.assert_array_equal(trace.y, y)


@pytest.fixture
def rng():
    return np.random.default_rng(20)


def test_state_path_factors_are_slope_times_weight_and_multiply_up(rng):
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(6, 3))
    h = [np.zeros(4)]
    for x in xs:  # the recurrence written out here
        h.append(np.tanh(net.W @ x + net.U @ h[-1] + net.b_h))
    t, gammas = 6, (2, 4, 1, 1, 3)
    path = net.state_path(xs, t, gammas)
    product = 1.0
    for l in range(len(gammas) - 1):
        slope = 1 - h[t - l][gammas[l] - 1] ** 2
        weight = net.U[gammas[l] - 1, gammas[l + 1] - 1]
        product *= slope * weight
        assert path.slopes[l] == pytest.approx(slope, rel=1e-12) and path.u[l] == weight
        assert path.B[l] == pytest.approx(slope * weight, rel=1e-12)
        assert path.running[l] == pytest.approx(product, rel=1e-12)
    assert path.product == pytest.approx(product, rel=1e-12)


def test_norm_bound_is_the_largest_singular_value_to_the_lag(rng):
    net = random_net(rng, 3, 4, 2)
    s = np.linalg.svd(net.U, compute_uv=False)[0]
    np.testing.assert_allclose(net.norm_bound([0, 1, 5]), [1.0, s, s**5], rtol=1e-12)
    assert np.isinf(net.with_spectral_norm(1e12).norm_bound([40])[0])


def test_the_last_step_loss_split_by_lag_adds_up_to_its_finite_difference_gradient(rng):
    net = random_net(rng, 3, 4, 2)
    xs = rng.normal(size=(5, 3))
    target = np.array([1.0, 0.0])

    def loss(n):  # binary cross-entropy of the last output, written out here
        y = n.forward(xs).y[-1]
        return float(-(target * np.log(y) + (1 - target) * np.log(1 - y)).sum())

    split = net.loss_lag_split(xs, target, "W")
    assert split.parts.shape == (5, 4, 3)
    np.testing.assert_allclose(split.parts.sum(axis=0), split.total, rtol=0, atol=1e-12)
    np.testing.assert_allclose(split.norms, np.linalg.norm(split.parts, axis=(1, 2)))
    assert rel_err(split.total, parameter_gradients(net, loss, ("W",))["W"]) < 1e-6
