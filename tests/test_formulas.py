"""Each formula a scene writes with numbers, evaluated from the recorded numbers, equals the model's value.

tests/test_shown_values.py checks every number against its own computation, one by one; a formula can
still be wrong as written (a factor from another step, the wrong weight) while each number is right
about the thing it was recorded as. Here the numbers a formula shows are read back from the records
alone (no scene helper), put together as the formula says, and the result compared with the number
drawn after the "=" and with this file's own computation from the weights (tests/reference_nets.py).
ErrorAtStepTwo's direct + indirect is in tests/test_bias_split.py.

Read for the default string and the shortest Reber string (the builds tests/builds.py already makes).
"""

from __future__ import annotations

import itertools
import math
import sys
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from builds import SHORT_STRING, inspected
from reference_nets import lstm_trace, one_hot, rnn_states, weights

pytestmark = pytest.mark.xdist_group("builds")

STRINGS = (None, SHORT_STRING)
IDS = ("default", "short")
EXACT = 1e-12  # relative: a product or sum of float64 numbers recomputed from the same numbers


def records(scene: str, string: str | None):
    return inspected(scene, string).scene.shown


def the(shown, quantity: str, beat: str | None = None, **index):
    """The one record of `quantity` (in `beat`) whose index has these values."""
    found = [r for r in shown if r.quantity == quantity and (beat is None or r.beat == beat)
             and all(r.index.get(k) == v for k, v in index.items())]
    assert len({r.value for r in found}) == 1, f"{quantity} {index} in {beat}: {len(found)} records"
    return found[0]


def recurrence_derivative(string: str, t: int, unit: int, i: int, j: int) -> float:
    """dh_t^unit/dw_ij by forward-mode differentiation (the derivative carried along the forward pass)."""
    P = weights("rnn_reber")
    h, dh = np.zeros(P["b_h"].shape[0]), np.zeros(P["b_h"].shape[0])
    for symbol in string[:t]:
        x = one_hot(symbol)
        a = P["W"] @ x + P["U"] @ h + P["b_h"]
        da = P["U"] @ dh
        da[i - 1] += x[j - 1]
        h = np.tanh(a)
        dh = (1 - h**2) * da
    return float(dh[unit - 1])


# ------------------------------------------------------------------ ErrorAtStepOne: the chain rule at t = 1


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
def test_step_ones_chain_rule_products_are_the_derivatives_they_equal(string):
    shown = records("ErrorAtStepOne", string)
    # ∂y_1^k/∂v_kj = σ_y'(·) h_1^j (the weight v_ij with i = k: into output k from hidden unit j)
    dv = the(shown, "dy/dV")
    t, k, i, j = (dv.index[key] for key in ("t", "k", "i", "j"))
    assert i == k
    factors = the(shown, "sigma_y'", dv.beat, t=t, k=k).value * the(shown, "h", dv.beat, t=t, unit=j).value
    assert factors == pytest.approx(dv.value, rel=EXACT)
    # ∂y_1^k/∂w_ij = σ_y'(·) v_ki σ_h'(a_1^i) x_1^j
    dw = the(shown, "dy/dW")
    t, k, i, j = (dw.index[key] for key in ("t", "k", "i", "j"))
    product = math.prod(r.value for r in (the(shown, "sigma_y'", dw.beat, t=t, k=k), the(shown, "V", dw.beat, i=k, j=i),
                                          the(shown, "sigma_h'", dw.beat, t=t, unit=i), the(shown, "x", dw.beat, t=t, j=j)))
    assert product == pytest.approx(dw.value, rel=EXACT)
    # ∂y_1^k/∂u_ij = σ_y'(·) v_ki σ_h'(a_1^i) h_0^j, and h_0 = 0
    du = the(shown, "dy/dU")
    t, k, i, j = (du.index[key] for key in ("t", "k", "i", "j"))
    product = math.prod(r.value for r in (the(shown, "sigma_y'", du.beat, t=t, k=k), the(shown, "V", du.beat, i=k, j=i),
                                          the(shown, "sigma_h'", du.beat, t=t, unit=i), the(shown, "h", du.beat, t=t - 1, unit=j)))
    assert product == du.value == 0.0


# ------------------------------------------------------------------ ErrorRecurrence: one path, the sweep, the sum


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
def test_the_path_shown_in_detail_is_the_product_of_its_factors(string):
    shown = records("ErrorRecurrence", string)
    product = next(r for r in shown if r.quantity == "path_product" and r.beat == "one_path_beat")
    gammas = [int(g) for g in product.index["path"].split(",")]  # from step t back
    t = product.index["t"]
    a = the(shown, "A", "one_path_beat")
    bs = [r for r in shown if r.quantity == "B" and r.beat == "one_path_beat"]
    # the factors are this path's: one B per step from t down, joining its units, and A at its last unit
    assert sorted((r.index["t"], r.index["unit"], r.index["to"]) for r in bs) == sorted(
        (t - l, gammas[l], gammas[l + 1]) for l in range(len(gammas) - 1))
    assert (a.index["t"], a.index["unit"]) == (t - len(gammas) + 1, gammas[-1])
    assert math.prod(r.value for r in bs) * a.value == pytest.approx(product.value, rel=EXACT)


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
def test_the_sum_over_the_paths_shown_is_the_derivative_and_backprops(string):
    shown = records("ErrorRecurrence", string)
    products = [r for r in shown if r.quantity == "path_product"]
    total = the(shown, "dh/dW")
    backprop = the(shown, "dh/dW backprop")
    t, unit, i, j = (total.index[key] for key in ("t", "unit", "i", "j"))
    assert len({r.index["path"] for r in products}) == len(products), "each path shown once"
    assert math.fsum(r.value for r in products) == pytest.approx(total.value, rel=1e-9)
    truth = recurrence_derivative(inspected("ErrorRecurrence", string).scene.reber_string, t, unit, i, j)
    assert total.value == pytest.approx(truth, rel=1e-9) and backprop.value == pytest.approx(truth, rel=1e-9)
    # the paths left out of the sweep are the ones whose product is 0: every non-zero path is shown
    h, _ = rnn_states(inspected("ErrorRecurrence", string).scene.reber_string)
    U, d = weights("rnn_reber")["U"], weights("rnn_reber")["U"].shape[0]
    x = [one_hot(s) for s in inspected("ErrorRecurrence", string).scene.reber_string]
    nonzero = set()
    for lag in range(t):
        for middle in itertools.product(range(1, d + 1), repeat=lag):
            gammas = (unit, *middle)
            value = math.prod((1 - h[t - l, gammas[l] - 1] ** 2) * U[gammas[l] - 1, gammas[l + 1] - 1] for l in range(lag))
            value *= (1 - h[t - lag, gammas[-1] - 1] ** 2) * (gammas[-1] == i) * x[t - lag - 1][j - 1]
            if value != 0:
                nonzero.add(",".join(map(str, gammas)))
    assert {r.index["path"] for r in products} == nonzero


# ------------------------------------------------------------------ VanishingProduct: the factor table and the product


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
def test_each_factor_is_its_slope_times_its_weight_and_the_product_is_the_paths(string):
    shown = records("VanishingProduct", string)
    bs = [r for r in shown if r.quantity == "B"]
    for b in bs:  # each row of the table: σ_h'(a_t^unit) · u_(unit, to) = B
        slope = the(shown, "sigma_h'", b.beat, t=b.index["t"], unit=b.index["unit"])
        weight = the(shown, "U", b.beat, i=b.index["unit"], j=b.index["to"])
        assert slope.value * weight.value == pytest.approx(b.value, rel=EXACT), b.index
    partial = {r.index["lag"]: r.value for r in shown if r.quantity == "strongest_path_partial"}
    running = 1.0
    for lag, b in enumerate(bs, start=1):
        running *= b.value
        assert partial[lag] == pytest.approx(running, rel=EXACT)
    # the product equals the path's, computed here from the weights
    string = inspected("VanishingProduct", string).scene.reber_string
    (h, _), U = rnn_states(string), weights("rnn_reber")["U"]
    own = math.prod((1 - h[b.index["t"], b.index["unit"] - 1] ** 2) * U[b.index["unit"] - 1, b.index["to"] - 1] for b in bs)
    assert partial[len(bs)] == pytest.approx(own, rel=1e-9)


# ------------------------------------------------------------------ the error's share: the factors multiply to it


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
@pytest.mark.parametrize("scene", ("Opening", "RNNvsLSTM"))  # both draw the RNN's factors in boxes
def test_the_rnns_running_share_is_the_product_of_the_step_factors_drawn(scene, string):
    shown = records(scene, string)
    factor = {r.index["t"]: r.value for r in shown if r.quantity == "error_factor"}
    share = {r.index["t"]: r.value for r in shown if r.quantity == "rnn_error_share"}
    tau = max(share)
    assert share[tau] == 1.0 and factor
    for t in share:
        steps = range(t + 1, tau + 1)
        if all(s in factor for s in steps):
            assert share[t] == pytest.approx(math.prod(factor[s] for s in steps), rel=1e-9), t  # 1e-10 is not 0


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
@pytest.mark.parametrize("scene", ("LSTMCell",))  # the hooks (Opening, RNNvsLSTM's ending) draw no forget gates
def test_each_cell_lanes_share_is_the_product_of_its_forget_gates_drawn(scene, string):
    shown = records(scene, string)
    f = {(r.index["t"], r.index["unit"]): r.value for r in shown if r.quantity == "f"}
    cell = [r for r in shown if r.quantity == "lstm_cell_share"]
    tau = max(r.index["t"] for r in cell)
    checked = 0
    for r in cell:
        steps = range(r.index["t"] + 1, tau + 1)
        if all((s, r.index["unit"]) in f for s in steps):
            assert r.value == pytest.approx(math.prod(f[s, r.index["unit"]] for s in steps), rel=1e-9), r.index
            checked += 1
    assert checked >= len(cell) // 2


# ------------------------------------------------------------------ LSTMCell: the update drawn as bars


@pytest.mark.parametrize("string", STRINGS, ids=IDS)
def test_the_cell_update_shown_holds_for_the_numbers_shown(string):
    scene = inspected("LSTMCell", string).scene
    shown = scene.shown
    cells = [r for r in shown if r.quantity == "c"]
    assert cells
    embedded = cells[0].string
    own = lstm_trace(embedded)
    updates = 0
    for c in cells:
        t, u = c.index["t"], c.index["unit"]
        assert c.value == pytest.approx(own[t]["c"][u - 1], rel=1e-9), (t, u)
        if not any(r.quantity == "i" and r.index == c.index for r in shown):
            continue  # a cell value quoted on its own, not a bar of the update (no input gate drawn with it)
        updates += 1
        f, i, g = (the(shown, q, None, t=t, unit=u).value for q in "fig")
        # c_t = f_t c_(t-1) + i_t g_t, with c_(t-1) from this file's own forward pass (it is not drawn)
        assert c.value == pytest.approx(f * own[t - 1]["c"][u - 1] + i * g, rel=1e-9), (t, u)
        # h_t = o_t tanh(c_t)
        o, h = the(shown, "o", None, t=t, unit=u).value, the(shown, "h", None, t=t, unit=u).value
        assert h == pytest.approx(o * np.tanh(c.value), rel=EXACT), (t, u)
    assert updates, "no cell update drawn with its gates"


# ------------------------------------------------------------------ planted wrong formulas, from the real records


def planted(monkeypatch, scene: str, change) -> None:
    """Make this file's tests read `scene`'s default-string records with `change(records)` applied."""
    real = inspected(scene)
    fake = SimpleNamespace(scene=SimpleNamespace(shown=change(list(real.scene.shown)), reber_string=real.scene.reber_string))
    monkeypatch.setattr(sys.modules[__name__], "inspected", lambda name, string=None: fake if name == scene else real)


def swap_values(shown: list, first, second) -> list:
    """The records with the values of the first record matching `first` and the first matching `second` swapped."""
    a = next(n for n, r in enumerate(shown) if first(r))
    b = next(n for n, r in enumerate(shown) if second(r) and n != a and r.value != shown[a].value)
    shown[a], shown[b] = replace(shown[a], value=shown[b].value), replace(shown[b], value=shown[a].value)
    return shown


def copy_value(shown: list, which) -> list:
    """The records with the first record matching `which` given the value of the second (a factor drawn twice)."""
    first, second = [n for n, r in enumerate(shown) if which(r)][:2]
    shown[first] = replace(shown[first], value=shown[second].value)
    return shown


PLANTED = {
    "the detailed path's next factor drawn in place of its first": (
        "ErrorRecurrence", test_the_path_shown_in_detail_is_the_product_of_its_factors,
        lambda s: copy_value(s, lambda r: r.quantity == "B" and r.beat == "one_path_beat")),
    "a row's slope from the next row": (
        "VanishingProduct", test_each_factor_is_its_slope_times_its_weight_and_the_product_is_the_paths,
        lambda s: swap_values(s, lambda r: r.quantity == "sigma_h'", lambda r: r.quantity == "sigma_h'")),
    "a running share a step off": (
        "RNNvsLSTM", lambda string: test_the_rnns_running_share_is_the_product_of_the_step_factors_drawn("RNNvsLSTM", string),
        lambda s: swap_values(s, lambda r: r.quantity == "rnn_error_share" and r.index["t"] == 5,
                              lambda r: r.quantity == "rnn_error_share" and r.index["t"] == 6)),
    "a cell value from another unit": (
        "LSTMCell", test_the_cell_update_shown_holds_for_the_numbers_shown,
        lambda s: swap_values(s, lambda r: r.quantity == "c", lambda r: r.quantity == "c")),
    "the chain rule with its first factor 1% off": (
        "ErrorAtStepOne", test_step_ones_chain_rule_products_are_the_derivatives_they_equal,
        lambda s: [replace(r, value=r.value * 1.01) if r.quantity == "sigma_y'" else r for r in s]),
}


@pytest.mark.parametrize("bug", PLANTED)
def test_a_planted_wrong_formula_is_caught(bug, monkeypatch):
    scene, check, change = PLANTED[bug]
    check(None)  # the real records pass
    planted(monkeypatch, scene, change)
    with pytest.raises(AssertionError):
        check(None)
