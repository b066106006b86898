"""Scenes 5 and 6 (ErrorRecurrence, VanishingProduct): every number they show comes from the model."""

from __future__ import annotations

import itertools

import av
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import reber
from scenes import numbers
from scenes.rnn_values import (
    MAX_TANH_SLOPE,
    LONG_STRING,
    LOG_CEILING,
    LOG_FLOOR,
    dial_curve,
    lag_profile,
    longest_path,
    norm_curve,
    norm_curves,
    path_terms,
)
from rendering.jobs import RenderJob, render_job
from scenes.story import DEFAULT_STRING, trained_rnn

RNN = trained_rnn()


# ------------------------------------------------------------ model addition


@pytest.mark.parametrize("t, k, alpha", [(10, 9, None), (5, 3, 2), (4, 3, None), (3, 0, 4)])
def test_strongest_path_is_the_largest_of_all_paths(t, k, alpha):
    trace = RNN.forward(reber.encode(DEFAULT_STRING))

    def size(gammas):
        return abs(np.prod([RNN.B(trace, gammas[l], gammas[l + 1], t - l) for l in range(k)]))

    starts = [alpha] if alpha else range(1, RNN.d + 1)
    best = max(size((a,) + tail) for a in starts for tail in itertools.product(range(1, RNN.d + 1), repeat=k))
    found = RNN.strongest_path(trace, t, k, alpha)
    assert len(found) == k + 1 and (alpha is None or found[0] == alpha)
    assert size(found) == pytest.approx(best, rel=1e-12)


def test_strongest_path_rejects_a_lag_beyond_the_sequence():
    with pytest.raises(ValueError):
        RNN.strongest_path(reber.encode(DEFAULT_STRING), 3, 3)


# ------------------------------------------------------------- scene 5: paths


@pytest.mark.parametrize("alpha, i, j", [(2, 4, 1), (1, 1, 1), (3, 2, 2), (4, 4, 4)])
def test_path_products_sum_to_the_backprop_derivative(alpha, i, j):
    table = path_terms(RNN, DEFAULT_STRING, 3, alpha, i, j, "W")
    assert table.per_lag == [1, RNN.d, RNN.d**2]  # 1 + 4 + 16 = 21 paths for t = 3
    assert abs(table.running[-1] - table.exact) <= 1e-12
    assert abs(sum(p.product for p in table.terms) - table.exact) <= 1e-12
    # largest first, as the scene shows them
    sizes = [abs(p.product) for p in table.terms]
    assert sizes == sorted(sizes, reverse=True)


def test_path_sum_gives_the_output_gradient_through_V():
    # dy_t^k/dw_ij = sigma_y' * sum_alpha v_k alpha dh_t^alpha/dw_ij, with every dh from the path sum
    t, k, i, j = 3, 2, 4, 1
    y = RNN.forward(reber.encode(DEFAULT_STRING)[:t]).y[t - 1, k - 1]
    dh = [path_terms(RNN, DEFAULT_STRING, t, alpha, i, j).running[-1] for alpha in range(1, RNN.d + 1)]
    from_paths = y * (1 - y) * float(RNN.V[k - 1] @ np.array(dh))
    assert abs(from_paths - RNN.output_grad(reber.encode(DEFAULT_STRING), t, k)["W"][i - 1, j - 1]) <= 1e-12


def test_scene_example_has_the_most_nonzero_paths_and_meets_backprop():
    from scenes.error_recurrence import ErrorRecurrence as S

    table = path_terms(RNN, DEFAULT_STRING, S.t, S.alpha, S.i, S.j, S.param)
    assert len(table.terms) == sum(RNN.d**k for k in range(S.t))  # 85 paths for t = 4
    assert abs(table.running[-1] - table.exact) <= 1e-12
    # no other w_ij or u_ij at this t has more paths that are not zero
    most = max(
        len(path_terms(RNN, DEFAULT_STRING, S.t, a, i, j, param).nonzero)
        for param, n in (("W", RNN.n), ("U", RNN.d))
        for a in range(1, RNN.d + 1)
        for i in range(1, RNN.d + 1)
        for j in range(1, n + 1)
    )
    assert len(table.nonzero) == most > S.shown_one_by_one
    # every non-zero path ends at unit i (the delta) and at a step that read symbol j (x is one-hot)
    xs = reber.encode(DEFAULT_STRING)
    assert all(p.gammas[-1] == S.i and xs[S.t - p.k - 1, S.j - 1] == 1 for p in table.nonzero)
    # the sort puts the non-zero paths first, so the scene's sweep of zeros adds nothing
    assert all(p.product != 0 for p in table.terms[: len(table.nonzero)])


# ------------------------------------------------------ scene 6: the product


def test_longest_path_factors_are_the_models_B_and_multiply_up():
    factors = longest_path(RNN, DEFAULT_STRING)
    trace = RNN.forward(reber.encode(DEFAULT_STRING))
    T = trace.T
    assert len(factors) == T - 1
    product = 1.0
    for f in factors:
        assert f.step == T - f.l
        # sigma_h'(a_{t-l}^gamma) u_{gamma gamma'} from the forward pass and the weights
        assert f.value == pytest.approx((1 - trace.h[f.step, f.gamma - 1] ** 2) * RNN.U[f.gamma - 1, f.gamma_next - 1], rel=1e-12)
        assert f.value == pytest.approx(f.dtanh * f.u, rel=1e-12)
        product *= f.value
        assert f.product == pytest.approx(product, rel=1e-12)
    assert [f.gamma for f in factors] + [factors[-1].gamma_next] == list(RNN.strongest_path(trace, T, T - 1))


# ------------------------------------------------------ scene 6: norm curves


def test_plotted_norms_are_norms_of_products_of_step_jacobians():
    xs = reber.encode(LONG_STRING)
    for key, curve in norm_curves(RNN, LONG_STRING, (0.5, 1.0, 2.0)).items():
        net = RNN if key == "trained" else RNN.with_spectral_norm(float(key[2:]))
        trace = net.forward(xs)
        T = trace.T
        for k in (0, 1, 2, 7, 25, T):
            product = np.eye(RNN.d)
            for step in range(T, T - k, -1):  # J_s = diag(1 - h_s^2) U, written out here
                product = product @ (np.diag(1 - trace.h[step] ** 2) @ net.U)
            assert curve.norms[k] == pytest.approx(np.linalg.norm(product, 2), rel=1e-9)


def test_norms_stay_under_the_bound_when_s_is_one_half():
    curve = dial_curve(RNN, reber.encode(LONG_STRING), 0.5)
    assert curve.s == pytest.approx(0.5)
    np.testing.assert_allclose(curve.bound, (MAX_TANH_SLOPE * 0.5) ** curve.ks, rtol=1e-12)
    assert np.all(curve.norms <= curve.bound * (1 + 1e-12))
    assert curve.norms[-1] < 1e-40  # vanished


def test_lag_parts_sum_to_the_full_gradient():
    profile = lag_profile(RNN, LONG_STRING)
    assert profile.parts.shape[0] == len(LONG_STRING)
    np.testing.assert_allclose(profile.parts.sum(axis=0), profile.total, rtol=0, atol=1e-12)
    assert profile.norms[-1] < 1e-20 * profile.norms[0]  # the far lags fade


@settings(max_examples=40, deadline=None)
@given(s=st.floats(0.1, 4.0), length=st.integers(1, len(LONG_STRING)))
def test_dial_extremes_give_finite_labelled_values_or_an_explicit_cap(s, length):
    curve = dial_curve(RNN, reber.encode(LONG_STRING[:length]), s)
    assert not np.isnan(curve.norms).any() and not np.isnan(curve.bound).any()
    for logs in (curve.log_norms, curve.log_bound):
        assert np.all(np.isfinite(logs)) and np.all((logs >= LOG_FLOOR) & (logs <= LOG_CEILING))
    with np.errstate(divide="ignore"):
        inside = ~curve.capped
        assert np.all(curve.log_norms[inside] == np.log10(curve.norms[inside]))
    assert all(numbers.text(v) != "nan" for v in curve.norms)


def test_overflow_is_shown_as_inf_and_capped_never_nan():
    curve = norm_curve(RNN.with_spectral_norm(1e12), reber.encode(LONG_STRING))
    assert np.isinf(curve.bound[-1]) and numbers.text(curve.bound[-1]) == "∞"
    assert curve.log_bound[-1] == LOG_CEILING
    assert not np.isnan(curve.norms).any()


# ------------------------------------------------------------------- renders


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ErrorRecurrence", "VanishingProduct"])
def test_real_render_at_low_quality(name, tmp_path):
    import scenes

    path = render_job(RenderJob(scene=name, out_dir=tmp_path, quality="l"))
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert stream.average_rate == 15
        seconds = float(container.duration / av.time_base)
    assert seconds == pytest.approx(scenes.by_name(name).approx_seconds, rel=0.1)
