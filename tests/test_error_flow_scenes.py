"""Scenes 5 and 6 (ErrorRecurrence, VanishingProduct): every number they show comes from the model."""

from __future__ import annotations


import numpy as np
import pytest
from manim import MathTex
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_explainer.model import reber
from lstm_explainer.scenes import numbers
from lstm_explainer.model.paths import MAX_TANH_SLOPE
from lstm_explainer.scenes.values.paths import collapsing_factor, jacobian_entry, longest_path, path_terms
from lstm_explainer.scenes.values.plots import (
    LOG_CEILING,
    LOG_FLOOR,
    PLOT_STEPS,
    curve_string,
    dial_curve,
    dial_curves,
    lag_profile,
    norm_curve,
    product_window,
)
from lstm_explainer.scenes.story import DEFAULT_STRING, trained_rnn

RNN = trained_rnn()
LONG_STRING = curve_string(DEFAULT_STRING)  # what the norm curves read: the default string five times over


def hidden_states(string: str, W=None) -> np.ndarray:
    """h_0..h_T (T+1, d) by h_t = tanh(W x_t + U h_{t-1} + b_h), written out here (not the model's forward)."""
    W = RNN.W if W is None else W
    h = [np.zeros(RNN.d)]
    for symbol in string:
        h.append(np.tanh(W[:, reber.SYMBOLS.index(symbol)] + RNN.U @ h[-1] + RNN.b_h))
    return np.array(h)


def step_factors(string: str, t: int) -> np.ndarray:
    """|B(alpha, gamma, t)| = |(1 - (h_t^alpha)^2) u_alpha,gamma| for every alpha, gamma, as a d x d table."""
    return np.abs((1 - hidden_states(string)[t] ** 2)[:, None] * RNN.U)


def dh_by_differences(string: str, t: int, alpha: int, i: int, j: int, eps: float = 1e-6) -> float:
    """dh_t^alpha / dw_ij by central differences of the forward pass written here."""
    plus, minus = RNN.W.copy(), RNN.W.copy()
    plus[i - 1, j - 1] += eps
    minus[i - 1, j - 1] -= eps
    return (hidden_states(string[:t], plus)[t, alpha - 1] - hidden_states(string[:t], minus)[t, alpha - 1]) / (2 * eps)


# ------------------------------------------------------------ model addition


@pytest.mark.parametrize("t, k, alpha", [(10, 9, None), (5, 3, 2), (4, 3, None), (3, 0, 4)])
def test_strongest_path_is_the_largest_of_all_paths(t, k, alpha):
    trace = RNN.forward(reber.encode(DEFAULT_STRING))
    # |B| of every step as a d x d table, then the |product| of every path by brute force:
    # sizes[g_0 - 1, ..., g_k - 1] for all d^(k+1) paths (about a million at k = 9)
    sizes = np.ones(RNN.d)
    for l in range(k):
        sizes = sizes[..., None] * step_factors(DEFAULT_STRING, t - l)
    best = sizes[alpha - 1].max() if alpha else sizes.max()
    found = RNN.strongest_path(trace, t, k, alpha)
    assert len(found) == k + 1 and (alpha is None or found[0] == alpha)
    assert sizes[tuple(g - 1 for g in found)] == pytest.approx(best, rel=1e-12)


def test_strongest_path_rejects_a_lag_beyond_the_sequence():
    with pytest.raises(ValueError):
        RNN.strongest_path(reber.encode(DEFAULT_STRING), 3, 3)


# ------------------------------------------------------------- scene 5: paths


@pytest.mark.parametrize("alpha, i, j", [(2, 4, 1), (1, 1, 1), (3, 2, 2), (4, 4, 4)])
def test_path_products_sum_to_the_backprop_derivative(alpha, i, j):
    table = path_terms(RNN, DEFAULT_STRING, 3, alpha, i, j, "W")
    assert table.per_lag == [1, RNN.d, RNN.d**2]  # 1 + 4 + 16 = 21 paths for t = 3
    truth = dh_by_differences(DEFAULT_STRING, 3, alpha, i, j)
    assert abs(table.running[-1] - truth) <= 1e-9 and abs(table.exact - truth) <= 1e-9
    assert abs(sum(p.product for p in table.terms) - table.running[-1]) <= 1e-15
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
    from lstm_explainer.scenes.error_recurrence import ErrorRecurrence as S

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
    assert len(table.nonzero) == most > 1  # one path in detail, then a sweep over the rest
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
    # no other of the d^T paths of lag T - 1 has a larger |product| (brute force over about a million)
    sizes = np.ones(RNN.d)
    for l in range(T - 1):
        sizes = sizes[..., None] * step_factors(DEFAULT_STRING, T - l)
    assert abs(factors[-1].product) == pytest.approx(sizes.max(), rel=1e-12)


def grammar_strings(count: int, longest: int) -> list[str]:
    """`count` strings of the Reber grammar of at most `longest` symbols, from a seeded sampler."""
    rng, found = np.random.default_rng(11), []
    while len(found) < count:
        string = reber.sample(rng)
        if len(string) <= longest:
            found.append(string)
    return found


def test_the_bar_holds_every_running_product_of_any_string_the_scene_accepts():
    from lstm_explainer.scenes.vanishing_product import VanishingProduct

    for string in grammar_strings(400, VanishingProduct.max_string_length):
        factors = longest_path(RNN, string)
        floor, ceiling = product_window(factors)
        logs = np.log10(np.abs([1.0] + [f.product for f in factors]))
        assert floor < logs.min() and logs.max() < ceiling, string
        # the window is no wider than the data and its margin need
        assert floor > logs.min() - 2 and ceiling < logs.max() + 2, string


def test_the_collapsing_factor_is_the_step_that_shrinks_the_product_most():
    for string in grammar_strings(50, 13):
        factors = longest_path(RNN, string)
        products = np.array([1.0] + [f.product for f in factors])
        ratios = np.abs(products[1:] / products[:-1])  # how much each step scales the running product
        assert collapsing_factor(factors).l == int(np.argmin(ratios)), string


@pytest.mark.parametrize("string", [DEFAULT_STRING, "BTXSE", "BPTTTVPXTVPSE"])
def test_a_jacobian_entry_is_the_sum_of_its_path_products(string):
    T = len(string)
    trace = RNN.forward(reber.encode(string))
    for k, alpha, beta in ((1, 2, 3), (2, 1, 4), (3, 1, 2), (4, 3, 3)):
        entry = jacobian_entry(RNN, string, T, k, alpha, beta)
        product = np.linalg.multi_dot([np.eye(RNN.d)] + [(1 - trace.h[s] ** 2)[:, None] * RNN.U for s in range(T, T - k, -1)])
        assert entry.count == RNN.d ** (k - 1)
        assert entry.matrix == pytest.approx(product[alpha - 1, beta - 1], rel=1e-12, abs=1e-15)
        assert entry.paths == pytest.approx(entry.matrix, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("string", [DEFAULT_STRING, "BTXSE", "BPTTTVPXTVPSE"])
def test_the_norm_curves_read_whole_copies_of_the_scene_string(string):
    long = curve_string(string)
    assert len(long) >= PLOT_STEPS and len(long) % len(string) == 0 and long == string * (len(long) // len(string))
    assert len(long) - len(string) < PLOT_STEPS


# ------------------------------------------------------ scene 6: norm curves


def test_plotted_norms_are_norms_of_products_of_step_jacobians():
    xs = reber.encode(LONG_STRING)
    nets = [(RNN, norm_curve(RNN, xs))] + [(RNN.with_spectral_norm(s), dial_curve(RNN, xs, s)) for s in (0.5, 1.0, 2.0)]
    for net, curve in nets:
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


def test_the_dial_draws_each_settings_own_curve_and_stays_between_them_while_turning():
    curves = dial_curves(RNN, reber.encode(LONG_STRING), (0.5, 1.0, 2.0))
    for s, curve in zip(curves.settings, curves.curves):
        at = curves.at(s)
        np.testing.assert_array_equal(at.log_norms, curve.log_norms)
        np.testing.assert_array_equal(at.log_bound, curve.log_bound)
        np.testing.assert_array_equal(at.capped, curve.capped)
    between = curves.at(0.7).log_norms
    low, high = curves.curves[0].log_norms, curves.curves[1].log_norms
    assert np.all((np.minimum(low, high) <= between) & (between <= np.maximum(low, high)))
    unclipped = (curves.curves[0].bound > 10.0**LOG_FLOOR) & (curves.curves[1].bound > 10.0**LOG_FLOOR)
    np.testing.assert_allclose(curves.at(0.7).log_bound[unclipped], curves.ks[unclipped] * np.log10(MAX_TANH_SLOPE * 0.7))


def test_while_the_dial_turns_the_bound_is_the_rescaled_nets_own_up_to_the_plots_edge():
    # between two settings whose bounds both leave the plot, the drawn bound is (max|tanh'| s)^k itself,
    # clipped only where it leaves: it runs straight to the edge, not along it from an earlier lag
    curves = dial_curves(RNN, reber.encode(LONG_STRING), (1.0, 4.0))
    for s in (1.5, 3.0, 3.9):
        expected = np.clip(curves.ks * np.log10(MAX_TANH_SLOPE * s), LOG_FLOOR, LOG_CEILING)
        np.testing.assert_allclose(curves.at(s).log_bound, expected, atol=1e-9)
    assert (curves.at(3.0).log_bound == LOG_CEILING).sum() > (curves.at(4.0).log_bound == LOG_CEILING).sum() / 2


def test_lag_parts_sum_to_the_full_gradient():
    profile = lag_profile(RNN, DEFAULT_STRING, copies=len(LONG_STRING) // len(DEFAULT_STRING))
    assert profile.parts.shape[0] == len(LONG_STRING)
    np.testing.assert_allclose(profile.parts.sum(axis=0), profile.total, rtol=0, atol=1e-12)
    # the total is the gradient of the cross-entropy of the last output against the legal next symbols
    target = np.array([1.0 if s in reber.successors(DEFAULT_STRING)[-1] else 0.0 for s in reber.SYMBOLS])

    def loss(W):
        y = 1 / (1 + np.exp(-(RNN.V @ hidden_states(LONG_STRING, W)[-1] + RNN.b_y)))
        return float(-(target * np.log(y) + (1 - target) * np.log(1 - y)).sum())

    for i, j in ((1, 1), (4, 2), (3, 5)):
        plus, minus = RNN.W.copy(), RNN.W.copy()
        plus[i - 1, j - 1] += 1e-6
        minus[i - 1, j - 1] -= 1e-6
        assert profile.total[i - 1, j - 1] == pytest.approx((loss(plus) - loss(minus)) / 2e-6, rel=1e-5, abs=1e-9)
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



# ------------------------------------------------- what the labels on screen say


@pytest.mark.parametrize("string", [DEFAULT_STRING, "BTXSE"])
def test_the_detailed_paths_factors_stand_in_time_order_a_under_its_node_each_b_beside_its_own_edge(string):
    from lstm_explainer.rendering.values import quick_build

    scene = quick_build("ErrorRecurrence", string)
    records = [r for r in scene.shown if r.beat == "one_path_beat" and r.quantity in ("A", "B")]
    cells = scene.factors[0]
    assert len(cells) == len(records) > 1
    graph = scene.roomy  # the trellis the first beats draw the paths and factors on (it later settles into the hand-off's)
    steps = []
    for cell, record in zip(cells, records):
        ix = record.index
        # named by its letter, a B with its units (into, from) as the Jacobian's entry holds it, never a bare B that
        # reads as the symbol 'B'; its place says whose factor it is
        texts = [m for m in cell.get_family() if isinstance(m, MathTex)]
        name = record.quantity if record.quantity == "A" else f"B_{{{ix['unit']}{ix['to']}}}"
        assert texts[0].tex_string == name, (texts[0].tex_string, record)
        steps.append(ix["t"])
        if record.quantity == "B":  # beside the middle of its own edge, h_{t-1}^to -> h_t^unit, not across it
            a = graph.h_node(ix["t"] - 1, ix["to"]).get_center()[:2]
            b = graph.h_node(ix["t"], ix["unit"]).get_center()[:2]
            assert a[0] < cell.get_x() < b[0]
            along = np.linspace(0, 1, 200)[:, None]
            line = a + along * (b - a)
            x0, y0, x1, y1 = cell.get_left()[0], cell.get_bottom()[1], cell.get_right()[0], cell.get_top()[1]
            across = (line[:, 0] > x0) & (line[:, 0] < x1) & (line[:, 1] > y0) & (line[:, 1] < y1)
            assert not across.any(), f"{name} lies across its edge"
            nearest = np.clip(line, [x0, y0], [x1, y1])
            gaps = np.linalg.norm(line - nearest, axis=1)
            assert gaps.min() < 0.15, f"{name} is {gaps.min():.2f} from its edge"
            # near the middle: the closest point of the edge lies in its middle third
            assert 1 / 3 <= along[gaps.argmin(), 0] <= 2 / 3, f"{name} beside the end of its edge"
        else:  # under the node of step t where the path starts, nearer it than any other step's
            gap = graph.columns[1].get_x() - graph.columns[0].get_x()
            assert abs(cell.get_x() - graph.columns[ix["t"] - 1].get_x()) < gap / 2
    # earliest step first, as the trellis reads, and no two factors overlap
    assert steps == sorted(steps)
    for n, a in enumerate(cells):
        for b in cells[n + 1:]:
            assert (a.get_right()[0] < b.get_left()[0] or b.get_right()[0] < a.get_left()[0]
                    or a.get_top()[1] < b.get_bottom()[1] or b.get_top()[1] < a.get_bottom()[1])
    # the path drawn over the trellis is the one whose factors these are: each line joins its nodes, from step t back,
    # and the ring sits on the node where it stops
    product = [r for r in scene.shown if r.quantity == "path_product"][0]
    path, t = [int(u) for u in product.index["path"].split(",")], product.index["t"]
    *lines, ring = scene.path
    assert len(lines) == len(path) - 1
    for n, line in enumerate(lines):
        start, end = graph.h_node(t - n, path[n]), graph.h_node(t - n - 1, path[n + 1])
        assert np.linalg.norm(line.get_start() - start.get_center()) < start.width
        assert np.linalg.norm(line.get_end() - end.get_center()) < end.width
    assert np.allclose(ring.get_center(), graph.h_node(t - len(path) + 1, path[-1]).get_center())


@pytest.mark.parametrize("string", [DEFAULT_STRING, "BTXSE"])
def test_each_row_of_the_factor_table_names_the_step_and_units_of_its_factor(string):
    from lstm_explainer.rendering.values import quick_build

    scene = quick_build("VanishingProduct", string)
    factors = [r for r in scene.shown if r.quantity == "B"]
    rows = scene.table[1:]
    # one row per factor, then the step the path starts from (its unit only)
    assert len(rows) == len(factors) + 1 == len(string)

    def lit(row) -> list[int]:
        """The row's units lit (filled): the path's unit at the row's step."""
        return [u for u, dot in enumerate(row[1], start=1) if dot.get_fill_opacity() > 0.5]

    for n, (row, record) in enumerate(zip(rows, factors)):
        ix = record.index
        assert row[0].text == str(ix["t"])
        assert lit(row) == [ix["unit"]]
        # the edge forward in time: from the unit lit in the row under it (step t-1) to this row's unit
        below = rows[n + 1]
        assert below[0].text == str(ix["t"] - 1)
        assert lit(below) == [ix["to"]]
        assert row[4].text == numbers.text(record.value)
