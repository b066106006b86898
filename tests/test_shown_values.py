"""Every number a scene draws, checked against a computation written here, from the weights alone.

The scenes record each number as they typeset it (``StoryScene.numeral``/``plotted``);
``rendering.values.quick_build`` builds a scene without motion and returns those
records. For two strings, the default and a long one, every recorded value of a
named quantity must equal an independent computation in this file (a plain numpy
forward pass, finite differences, a Jacobian product and per-lag gradient written
out here, never the model's gradient code), and every text must be that value
rounded as shown. Nothing here calls model.rnn's derivatives or scenes.values.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import pytest
from builds import quick
from reference_nets import weights as net_weights
from tolerances import BY_DIFFERENCES, DIFFERENCES_FLOOR, SAME_COMPUTATION, drawn_wrongly, parse_numeral

from lstm_explainer.model import reber
from lstm_explainer.scenes.story import DEFAULT_STRING, RNN_WEIGHTS

LONG_STRING = "BPTTTVPXTVPSE"  # 13 symbols, the longest VanishingProduct shows: the P branch (the default takes T), both loops
STRINGS = (DEFAULT_STRING, LONG_STRING)
# The scenes that draw the post's 7-4-7 RNN; the LSTM chapter's numbers are checked in test_lstm_scenes.py.
SCENES = ("RNNEquations", "UnrollRNN", "ErrorAtStepOne", "ErrorAtStepTwo", "ErrorRecurrence", "VanishingProduct")


@cache
def weights() -> dict[str, np.ndarray]:
    with np.load(RNN_WEIGHTS) as data:
        return {name: np.array(data[name], dtype=float) for name in ("W", "U", "V", "b_h", "b_y")}


def one_hot(string: str) -> np.ndarray:
    return np.eye(len(reber.SYMBOLS))[[reber.SYMBOLS.index(s) for s in string]]


def forward(string: str, W=None, U=None, V=None, b_h=None, h_from=None, start=0):
    """h (T+1, d) with h[0] = 0 and y (T, m), by the post's two equations, plain numpy.

    With `h_from`, the hidden state after step `start` is replaced by it before running on.
    """
    p = weights()
    W, U, V = (p["W"] if W is None else W), (p["U"] if U is None else U), (p["V"] if V is None else V)
    b_h = p["b_h"] if b_h is None else b_h
    x = one_hot(string)
    h = np.zeros((len(string) + 1, U.shape[0]))
    if h_from is not None:
        h[start] = h_from
    for t in range(start + 1, len(string) + 1):
        h[t] = np.tanh(W @ x[t - 1] + U @ h[t - 1] + b_h)
    y = 1.0 / (1.0 + np.exp(-(h[1:] @ V.T + p["b_y"])))
    return h, y


def finite_difference(f, param: str, i: int, j: int, eps: float = 1e-6) -> float:
    """d f / d param[i, j] (1-based) by central differences; f takes the perturbed matrix by keyword."""
    base = weights()[param]
    plus, minus = base.copy(), base.copy()
    plus[i - 1, j - 1] += eps
    minus[i - 1, j - 1] -= eps
    return (f(**{param: plus}) - f(**{param: minus})) / (2 * eps)


def finite_difference_along(f, param: str, i: int, js: list[int], eps: float = 1e-6) -> float:
    """d f / d e, with e added to every param[i, j], j in `js` (1-based), by central differences."""
    plus, minus = weights()[param].copy(), weights()[param].copy()
    for j in js:
        plus[i - 1, j - 1] += eps
        minus[i - 1, j - 1] -= eps
    return (f(**{param: plus}) - f(**{param: minus})) / (2 * eps)


def output_with_weights_at(string: str, t: int, k: int, steps: set[int], W: np.ndarray) -> float:
    """y_t^k when the steps in `steps` use the input weights W and every other step the trained ones."""
    p = weights()
    x, h = one_hot(string), np.zeros(p["U"].shape[0])
    for s in range(1, t + 1):
        h = np.tanh((W if s in steps else p["W"]) @ x[s - 1] + p["U"] @ h + p["b_h"])
    return float(1.0 / (1.0 + np.exp(-(p["V"][k - 1] @ h + p["b_y"][k - 1]))))


def output_with_bias_at(string: str, t: int, k: int, steps: set[int], b_h: np.ndarray) -> float:
    """y_t^k when the steps in `steps` use the hidden bias b_h and every other step the trained one."""
    p = weights()
    x, h = one_hot(string), np.zeros(p["U"].shape[0])
    for s in range(1, t + 1):
        h = np.tanh(p["W"] @ x[s - 1] + p["U"] @ h + (b_h if s in steps else p["b_h"]))
    return float(1.0 / (1.0 + np.exp(-(p["V"][k - 1] @ h + p["b_y"][k - 1]))))


def bias_difference(f, i: int, eps: float = 1e-6) -> float:
    """d f / d b_h^i (1-based) by central differences; f takes the perturbed bias."""
    plus, minus = weights()["b_h"].copy(), weights()["b_h"].copy()
    plus[i - 1] += eps
    minus[i - 1] -= eps
    return (f(plus) - f(minus)) / (2 * eps)


def rescaled_U(s: float) -> np.ndarray:
    U = weights()["U"]
    return U * (s / np.linalg.svd(U, compute_uv=False)[0])


def jacobian_product(string: str, t: int, k: int, U=None, W=None, b_h=None) -> np.ndarray:
    """dh_t/dh_{t-k} as the product of diag(1 - h_s^2) U written out, s = t..t-k+1."""
    U = weights()["U"] if U is None else U
    h, _ = forward(string, U=U, W=W, b_h=b_h)
    product = np.eye(U.shape[0])
    for s in range(t, t - k, -1):
        product = product @ (np.diag(1 - h[s] ** 2) @ U)
    return product


def jacobian_norm(string: str, t: int, k: int, U=None, W=None, b_h=None) -> float:
    """||dh_t/dh_{t-k}||_2 of that product."""
    with np.errstate(over="ignore", invalid="ignore"):
        product = jacobian_product(string, t, k, U, W, b_h)
        norm = np.linalg.norm(product, 2) if np.all(np.isfinite(product)) else np.inf
    return float(norm)


def jacobian_norm_by_differences(string: str, t: int, k: int) -> float:
    """The same norm from a Jacobian built by perturbing h_{t-k} and running forward (small k only)."""
    h, _ = forward(string)
    d, eps = h.shape[1], 1e-6
    columns = []
    for unit in range(d):
        step = np.zeros(d)
        step[unit] = eps
        plus = forward(string[:t], h_from=h[t - k] + step, start=t - k)[0][t]
        minus = forward(string[:t], h_from=h[t - k] - step, start=t - k)[0][t]
        columns.append((plus - minus) / (2 * eps))
    return float(np.linalg.norm(np.array(columns).T, 2))


def legal_after(string: str) -> np.ndarray:
    """The legal next symbols after a string, multi-hot; for copies read back to back, after the last copy."""
    last = string[string.rfind("E", 0, len(string) - 1) + 1 :]  # E ends every Reber string and only there
    target = np.zeros(len(reber.SYMBOLS))
    for symbol in reber.successors(last)[-1]:
        target[reber.SYMBOLS.index(symbol)] = 1.0
    return target


def loss_at_last_step(string: str, W=None) -> float:
    """Binary cross-entropy of the prediction after the last symbol against the legal next symbols."""
    _, y = forward(string, W=W)
    target = legal_after(string)
    last = y[-1]
    return float(-(target * np.log(last) + (1 - target) * np.log(1 - last)).sum())


def lag_part_norm(string: str, k: int) -> float:
    """Frobenius norm of the part of dL/dW that travels k steps back from the last step T."""
    p = weights()
    h, y = forward(string)
    T, x = len(string), one_hot(string)
    target = legal_after(string)
    dh = p["V"].T @ (y[-1] - target)  # dL/dh_T through the sigmoid and the cross-entropy
    for s in range(T, T - k, -1):
        dh = p["U"].T @ ((1 - h[s] ** 2) * dh)
    da = (1 - h[T - k] ** 2) * dh
    return float(np.linalg.norm(np.outer(da, x[T - k - 1])))


def path_product(string: str, t: int, i: int, j: int, gammas: tuple[int, ...]) -> float:
    """prod_l sigma_h'(a_{t-l}^{g_l}) u_{g_l g_(l+1)} * sigma_h'(a_{t-k}^{g_k}) delta(g_k, i) x_{t-k}^j."""
    h, _ = forward(string)
    U, x, k = weights()["U"], one_hot(string), len(gammas) - 1
    value = 1.0
    for l in range(k):
        value *= (1 - h[t - l, gammas[l] - 1] ** 2) * U[gammas[l] - 1, gammas[l + 1] - 1]
    return value * (1 - h[t - k, gammas[k] - 1] ** 2) * (gammas[k] == i) * x[t - k - 1, j - 1]


def strongest_path_magnitude(string: str, t: int) -> float:
    """The largest |product| of sigma_h' u factors over all paths of lag t - 1 from step t (dynamic programming)."""
    h, _ = forward(string)
    U = weights()["U"]
    best = np.ones(U.shape[0])  # best[g]: the largest |product| of a path ending at unit g, going on from there
    for s in range(2, t + 1):  # factor B(g, g', s) joins step s (unit g) to step s - 1 (unit g')
        best = np.max(np.abs((1 - h[s] ** 2)[:, None] * U) * best[None, :], axis=1)
    return float(best.max())


def expected(record: dict) -> float | None:
    """The value a record must show, computed here; None for a quantity checked elsewhere in this file."""
    p, string, q, ix = weights(), record["string"], record["quantity"], record["index"]
    h, y = forward(string)
    x = one_hot(string)
    if q == "h":
        return h[ix["t"], ix["unit"] - 1]
    if q == "y":
        return y[ix["t"] - 1, ix["k"] - 1]
    if q == "x":
        return x[ix["t"] - 1, ix["j"] - 1]
    if q in ("U", "V", "W"):
        return p[q][ix["i"] - 1, ix["j"] - 1]
    if q in ("n", "m", "d"):
        return {"n": p["W"].shape[1], "m": p["V"].shape[0], "d": p["U"].shape[0]}[q]
    if q == "hidden_size":  # RNNEquations' note: the Opening's RNN (another net) is larger, read off its own weights
        return net_weights(f"{ix['model']}_embedded")["V"].shape[1]
    if q == "sigma_y'":
        value = y[ix["t"] - 1, ix["k"] - 1]
        return value * (1 - value)
    if q == "sigma_h'":
        return 1 - h[ix["t"], ix["unit"] - 1] ** 2
    if q in ("B", "collapsing_factor"):
        return (1 - h[ix["t"], ix["unit"] - 1] ** 2) * p["U"][ix["unit"] - 1, ix["to"] - 1]
    if q == "A":
        return (1 - h[ix["t"], ix["unit"] - 1] ** 2) * (ix["unit"] == ix["i"]) * x[ix["t"] - 1, ix["j"] - 1]
    if q in ("dy/dW", "dy/dU", "dy/dV"):
        param = q[-1]
        return finite_difference(lambda **m: forward(string[: ix["t"]], **m)[1][ix["t"] - 1, ix["k"] - 1], param, ix["i"], ix["j"])
    if q in ("dh/dW", "dh/dU", "dh/dW backprop", "dh/dU backprop"):
        param = q[4]
        return finite_difference(lambda **m: forward(string[: ix["t"]], **m)[0][ix["t"], ix["unit"] - 1], param, ix["i"], ix["j"])
    if q in ("dy/dW direct", "dy/dW indirect"):  # w_ij moved at the last step alone, or at the steps before
        t = ix["t"]
        steps = {t} if q == "dy/dW direct" else set(range(1, t))
        return finite_difference(lambda W: output_with_weights_at(string, t, ix["k"], steps, W), "W", ix["i"], ix["j"])
    if q == "dy/dW summed":  # the weights w_ij of every listed j moved together
        t, k = ix["t"], ix["k"]
        js = [int(j) for j in ix["j"].split(",")]
        return finite_difference_along(lambda W: forward(string[:t], W=W)[1][t - 1, k - 1], "W", ix["i"], js)
    if q in ("dy/db direct", "dy/db indirect", "dy/db", "dy/db sum"):  # b_h moved at step t alone, before, or at all
        t = ix["t"]
        every = set(range(1, t + 1))
        steps = {"dy/db direct": {t}, "dy/db indirect": set(range(1, t)), "dy/db": every, "dy/db sum": every}[q]
        return bias_difference(lambda b: output_with_bias_at(string, t, ix["k"], steps, b), ix["i"])
    if q == "fan_out":
        t, k, i = ix["t"], ix["k"], ix["i"]
        return float(np.sum(p["V"][k - 1] * (1 - h[t] ** 2) * p["U"][:, i - 1]))
    if q == "fan_out branch":  # one term of that sum: through h_t^alpha
        t, k, i, alpha = ix["t"], ix["k"], ix["i"], ix["alpha"]
        return float(p["V"][k - 1, alpha - 1] * (1 - h[t, alpha - 1] ** 2) * p["U"][alpha - 1, i - 1])
    if q == "path_count":  # paths into one node of step t, a unit at every step back: counted one by one
        d = p["U"].shape[0]
        lags = [ix["lag"]] if "lag" in ix else range(ix["t"])
        return sum(1 for lag in lags for _ in itertools.product(range(d), repeat=lag))
    if q in ("live_path_count", "zero_path_count"):  # the paths into h_t^unit whose product is (not) zero
        d, t = p["U"].shape[0], ix["t"]
        products = [path_product(string, t, ix["i"], ix["j"], (ix["unit"], *rest))
                    for lag in range(t) for rest in itertools.product(range(1, d + 1), repeat=lag)]
        live = sum(1 for value in products if value != 0)
        return float(live if q == "live_path_count" else len(products) - live)
    if q == "path_product":
        gammas = tuple(int(g) for g in ix["path"].split(","))
        return path_product(string, ix["t"], ix["i"], ix["j"], gammas)
    if q == "jacobian_norm":
        return jacobian_norm(string, ix["t"], ix["k"])
    if q == "jacobian_norm_rescaled":
        return jacobian_norm(string, ix["t"], ix["k"], U=rescaled_U(ix["s"]))
    if q == "bound":
        with np.errstate(over="ignore"):
            return float(np.float64(ix["s"]) ** ix["k"])
    if q == "s":
        return np.linalg.svd(p["U"], compute_uv=False)[0]
    if q == "tau":  # the Opening's τ on this string, embedded as B T <string> T E: the step that reads the string's E
        return ("BT" + string).rindex("E") + 1
    if q == "tau_last":  # the last step of the string VanishingProduct reads (once, or repeated): its length
        return len(string)
    if q == "lag_part_norm":
        return lag_part_norm(string, ix["k"])
    if q == "dL/dW_norm":
        return float(np.linalg.norm([[finite_difference(lambda W: loss_at_last_step(string, W=W), "W", i, j)
                                      for j in range(1, p["W"].shape[1] + 1)] for i in range(1, p["W"].shape[0] + 1)]))
    return None


# Quantities whose value is checked by a test of its own below, not by `expected`.
CHECKED_BY_RELATION = {"path_sum_partial", "strongest_path_partial", "s_dial"}


def records(scene: str, string: str) -> list[dict]:
    return [shown.as_dict() for shown in quick(scene, string).shown]


# Computed here by finite differences: good to about 1e-10 absolute. Everything else is exact arithmetic
# on the weights, compared relatively, so that a tiny number (a norm of 1e-30) cannot pass for another.
DIFFERENTIATED = {"dy/dW", "dy/dU", "dy/dV", "dh/dW", "dh/dU", "dh/dW backprop", "dh/dU backprop",
                  "dy/dW direct", "dy/dW indirect", "dy/dW summed", "dL/dW_norm", "dy/db direct", "dy/db indirect", "dy/db",
                  "dy/db sum"}


def close(shown: float, truth: float, quantity: str = "") -> bool:
    if np.isinf(truth) or np.isinf(shown):
        return shown == truth
    if quantity in DIFFERENTIATED:
        if (shown == 0) != (truth == 0):  # differences of an output the parameter does not reach are exactly 0
            return False
        return bool(np.isclose(shown, truth, rtol=BY_DIFFERENCES, atol=DIFFERENCES_FLOOR))
    return bool(np.isclose(shown, truth, rtol=SAME_COMPUTATION, atol=1e-300))


# ------------------------------------------------------------------ typography

def test_parse_reads_the_scenes_numerals():
    assert parse_numeral("−1.23×10⁻⁵") == pytest.approx((-1.23e-5, 0.5e-7))
    assert parse_numeral("0.0456") == pytest.approx((0.0456, 0.00005))
    assert parse_numeral("7") == (7.0, 0.5)
    with pytest.raises(AssertionError):
        parse_numeral("-0.5")  # a hyphen, not the true minus
    assert drawn_wrongly("0.124", 0.1236) is None and drawn_wrongly("0.123", 0.1236) is not None
    assert drawn_wrongly("0.12", 0.1236) is not None  # two significant digits
    assert drawn_wrongly("−0.124", 0.1236) is not None  # the sign


# ---------------------------------------------------------------------- tests


@pytest.mark.parametrize("string", STRINGS)
@pytest.mark.parametrize("scene", SCENES)
def test_every_number_drawn_is_the_value_computed_here(scene, string):
    shown = records(scene, string)
    assert shown, f"{scene} records no number"
    wrong = []
    for record in shown:
        if record["quantity"] in CHECKED_BY_RELATION:
            continue
        truth = expected(record)
        assert truth is not None, f"{scene}: no independent check for {record['quantity']!r}; add one here"
        if not close(record["value"], truth, record["quantity"]):
            wrong.append(f"{record['quantity']} {record['index']} ({record['string']}): shown {record['value']!r}, computed {truth!r}")
    assert wrong == []


@pytest.mark.parametrize("string", STRINGS)
@pytest.mark.parametrize("scene", SCENES)
def test_every_text_is_its_value_rounded(scene, string):
    wrong = []
    for record in records(scene, string):
        text, value = record["text"], record["value"]
        if not text:  # a point of a plotted curve
            continue
        problem = drawn_wrongly(text, value)
        if problem is not None:
            wrong.append(f"{record['quantity']} {record['index']}: value {value!r} drawn as {text!r}")
    assert wrong == []


@pytest.mark.parametrize("string", STRINGS)
def test_recorded_numbers_carry_the_scenes_string_and_beats(string):
    for scene in SCENES:
        beat_names = {beat.name for beat in quick(scene, string).beats}
        for record in records(scene, string):
            assert record["beat"] in beat_names, record
            # VanishingProduct's norm curves read `string` several times back to back; every other number reads it once
            copies = len(record["string"]) // len(string)
            assert record["string"] == string or record["scene"] == "VanishingProduct" and record["string"] == string * copies, record


@pytest.mark.parametrize("string", STRINGS)
def test_running_totals_add_the_path_products_shown_before_them(string):
    shown = records("ErrorRecurrence", string)
    products = [r["value"] for r in shown if r["quantity"] == "path_product"]
    totals = [r for r in shown if r["quantity"] == "path_sum_partial"]
    assert totals and products
    for total in totals:
        assert total["value"] == pytest.approx(sum(products[: total["index"]["paths"]]), rel=1e-9, abs=1e-15)
    # the sum over all paths is the derivative itself (checked against finite differences above)
    full = [r for r in shown if r["quantity"] == "dh/dW"]
    assert full and all(close(r["value"], expected(r), "dh/dW") for r in full)


@pytest.mark.parametrize("string", STRINGS)
def test_strongest_path_products_multiply_the_factors_shown(string):
    shown = records("VanishingProduct", string)
    factors = [r["value"] for r in shown if r["quantity"] == "B"]
    partial = {r["index"]["lag"]: r["value"] for r in shown if r["quantity"] == "strongest_path_partial"}
    t = len(string)
    assert len(factors) == t - 1 == max(partial) == len(partial)
    for lag, value in partial.items():
        assert value == pytest.approx(np.prod(factors[:lag]), rel=1e-12)
    # the path is the strongest of all d^(t-1) paths of that lag, and its units chain up step by step
    assert abs(partial[t - 1]) == pytest.approx(strongest_path_magnitude(string, t), rel=1e-9)
    units = [(r["index"]["t"], r["index"]["unit"], r["index"]["to"]) for r in shown if r["quantity"] == "B"]
    assert [u[0] for u in units] == list(range(t, 1, -1))
    assert all(a[2] == b[1] for a, b in zip(units, units[1:]))


@pytest.mark.parametrize("string", STRINGS)
def test_the_marked_factor_shrinks_the_product_most_and_the_bar_holds_every_product(string):
    scene = quick("VanishingProduct", string)
    shown = records("VanishingProduct", string)
    factors = {(r["index"]["t"], r["index"]["unit"], r["index"]["to"]): r["value"] for r in shown if r["quantity"] == "B"}
    (marked,) = [r for r in shown if r["quantity"] == "collapsing_factor"]
    # the running product shrinks by |factor| at each step: the marked one is the smallest in size
    assert abs(marked["value"]) == min(abs(v) for v in factors.values())
    assert factors[(marked["index"]["t"], marked["index"]["unit"], marked["index"]["to"])] == marked["value"]
    # every product's size (and 1, before any factor) lies within the ruler's decades, one bar per product
    # (the last product is written twice, at its bar's end and in the note under the table: one index, one value)
    by_index = {}
    for r in shown:
        if r["quantity"] == "strongest_path_partial":
            by_index.setdefault(tuple(sorted(r["index"].items())), set()).add(r["value"])
    assert all(len(values) == 1 for values in by_index.values())
    sizes = [abs(next(iter(values))) for values in by_index.values()]
    assert len(scene.bars) == len(sizes) == len(string) - 1
    logs = np.log10([1.0, *sizes])
    assert scene.ruler.floor <= logs.min() and logs.max() <= scene.ruler.ceiling


@pytest.mark.parametrize("string", STRINGS)
def test_each_dial_reading_is_the_rescaled_nets_largest_singular_value_and_its_curve_is_drawn(string):
    scene = quick("VanishingProduct", string)
    readings = [r for r in scene.shown if r.quantity == "s_dial"]
    # the captions speak of s below one and past one: the dial must stop on both sides
    assert min(r.value for r in readings) < 1 < max(r.value for r in readings)
    for reading in readings:
        # the reading is what the net's U really has after rescaling, by an SVD here
        assert np.linalg.svd(rescaled_U(reading.value), compute_uv=False)[0] == pytest.approx(reading.value, rel=1e-12)
        # at rest on a reading, the plot draws that net's norm at every lag it shows (the first ones), in the same beat
        # (the dial may rest on one s in two beats, the trained net's: each beat draws its own curve)
        drawn = [r for r in scene.shown if r.quantity == "jacobian_norm_rescaled" and r.index["s"] == reading.value
                 and r.beat == reading.beat]
        assert [r.index["k"] for r in drawn] == list(range(scene.dial_lags + 1))
    # and no curve is drawn in a beat where the dial does not rest on its s
    curves = {(r.index["s"], r.beat) for r in scene.shown if r.quantity == "jacobian_norm_rescaled"}
    assert curves <= {(r.value, r.beat) for r in readings}


def test_jacobian_product_written_here_agrees_with_finite_differences():
    # the check of `jacobian_norm` above multiplies step Jacobians written in this file; here that
    # product is itself checked against a Jacobian built by perturbing the hidden state
    for t, k in ((10, 1), (10, 2), (8, 3), (13, 2)):
        string = LONG_STRING[:t]
        assert jacobian_norm(string, t, k) == pytest.approx(jacobian_norm_by_differences(string, t, k), rel=1e-5)
