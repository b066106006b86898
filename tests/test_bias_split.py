"""ErrorAtStepTwo's one parameter with both terms: the split of dy_t^k/dtheta, checked by finite differences.

direct: theta moved at step t alone (h_(t-1) stays where it was); indirect: theta moved at the steps
before t only (it reaches y_t through h_(t-1)). Both are computed here with a plain numpy forward
pass whose parameter can differ step by step, never with the model's gradient code.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from builds import SHORT_STRING, quick
from tolerances import SAME_COMPUTATION

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import RNN, step_split
from lstm_explainer.scenes.bias_split import bias_split
from lstm_explainer.scenes.story import DEFAULT_STRING, trained_rnn

STRINGS = (DEFAULT_STRING, SHORT_STRING)
EPS = 1e-6


def output_with(rnn: RNN, string: str, t: int, k: int, param: str, value: np.ndarray, steps: set[int]) -> float:
    """y_t^k when the steps in `steps` use `value` for `param` (W, U or b_h) and every other step the model's."""
    x = reber.encode(string)
    h = np.zeros(rnn.d)
    for s in range(1, t + 1):
        p = {"W": rnn.W, "U": rnn.U, "b_h": rnn.b_h}
        if s in steps:
            p[param] = value
        h = np.tanh(p["W"] @ x[s - 1] + p["U"] @ h + p["b_h"])
    return float(1 / (1 + np.exp(-(rnn.V[k - 1] @ h + rnn.b_y[k - 1]))))


def differences(rnn: RNN, string: str, t: int, k: int, param: str, steps: set[int]) -> np.ndarray:
    """d y_t^k / d param with the parameter moved only at `steps`, every entry by central differences."""
    base = getattr(rnn, param)
    grad = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[idx] += EPS
        minus[idx] -= EPS
        grad[idx] = (output_with(rnn, string, t, k, param, plus, steps) - output_with(rnn, string, t, k, param, minus, steps)) / (2 * EPS)
    return grad


@pytest.fixture(scope="module")
def rnn():
    return trained_rnn()


@pytest.mark.parametrize("param", ["W", "U", "b_h"])
@pytest.mark.parametrize("t", [2, 4])
def test_the_split_is_the_step_alone_and_the_steps_before(rnn, param, t):
    split = step_split(rnn, reber.encode(DEFAULT_STRING), t, 5, param)
    direct = differences(rnn, DEFAULT_STRING, t, 5, param, {t})
    indirect = differences(rnn, DEFAULT_STRING, t, 5, param, set(range(1, t)))
    np.testing.assert_allclose(split.direct, direct, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(split.indirect, indirect, rtol=1e-5, atol=1e-9)
    whole = differences(rnn, DEFAULT_STRING, t, 5, param, set(range(1, t + 1)))
    np.testing.assert_allclose(split.direct + split.indirect, whole, rtol=1e-5, atol=1e-9)


def test_a_weight_has_both_terms_only_after_a_repeated_symbol(rnn):
    xs = reber.encode(DEFAULT_STRING)  # B T S S ...: S is read at steps 3 and 4
    at_two = step_split(rnn, xs, 2, 5, "W")
    assert not np.any((at_two.direct != 0) & (at_two.indirect != 0)), "B then T: no weight has both terms at t = 2"
    assert np.all(at_two.direct[:, [j for j in range(7) if xs[1, j] == 0]] == 0)
    at_four = step_split(rnn, xs, 4, 5, "W")
    s = reber.SYMBOLS.index("S")
    assert np.all(at_four.direct[:, s] != 0) and np.all(at_four.indirect[:, s] != 0), "after S S, w_iS has both"


@pytest.mark.parametrize("string", STRINGS)
def test_the_bias_example_has_two_terms_that_add_to_its_derivative(rnn, string):
    v = bias_split(rnn, string)
    whole = differences(rnn, string, 2, v.k, "b_h", {1, 2})[v.i - 1]
    assert v.grad == pytest.approx(whole, rel=1e-5, abs=1e-9)
    assert v.direct + v.indirect == pytest.approx(whole, rel=1e-5, abs=1e-9)
    assert min(abs(v.direct), abs(v.indirect)) > 1e-3, "both terms are there to see"
    assert v.k - 1 in [reber.SYMBOLS.index(s) for s in reber.successors(string)[1]], "k is a legal next symbol at t = 2"


@pytest.mark.parametrize("string", STRINGS)
def test_the_written_formulas_add_up_from_the_recorded_values(string):
    shown = quick("ErrorAtStepTwo", string).shown
    by_name = {}
    for record in shown:
        by_name.setdefault(record.quantity, []).append(record)
    (direct,) = {r.value for r in by_name["dy/db direct"]}
    (indirect,) = {r.value for r in by_name["dy/db indirect"]}
    (total,) = [r.value for r in by_name["dy/db sum"]]
    (backprop,) = [r.value for r in by_name["dy/db"]]
    index = by_name["dy/db"][0].index
    assert set(index) == {"t", "k", "i"} and index["t"] == 2 and by_name["dy/db sum"][0].index == index
    assert direct + indirect == pytest.approx(total, rel=1e-12), "the sum written is the two terms' sum"
    # backprop's value, written beside the sum, is a computation of its own that agrees with it
    assert backprop == pytest.approx(total, rel=SAME_COMPUTATION)
    # each route's beat writes its own factors, as the pulse meets them: direct = sigma_h'(a_2^i) v_ki sigma_y'
    # (h_2^i, its edge to y_2^k, y_2^k); indirect = sigma_h'(a_1^i) (sum_alpha ...) sigma_y' (h_1^i, the fan, y_2^k)
    k, i = index["k"], index["i"]

    def factors(beat: str) -> dict:
        return {(r.quantity, tuple(sorted(r.index.items()))): r.value for r in shown if r.beat == beat
                and r.quantity in ("sigma_y'", "sigma_h'", "V", "fan_out")}

    sigma_y = (("k", k), ("t", 2))
    direct_factors = factors("direct_beat")
    assert set(direct_factors) == {("sigma_h'", (("t", 2), ("unit", i))), ("V", (("i", k), ("j", i))), ("sigma_y'", sigma_y)}
    assert math.prod(direct_factors.values()) == pytest.approx(direct, rel=1e-12)
    indirect_factors = factors("indirect_beat")
    assert set(indirect_factors) == {("sigma_h'", (("t", 1), ("unit", i))), ("fan_out", (("i", i), ("k", k), ("t", 2))),
                                     ("sigma_y'", sigma_y)}
    assert math.prod(indirect_factors.values()) == pytest.approx(indirect, rel=1e-12)
    # the sum and backprop's value are written together, after both routes
    assert {r.beat for r in shown if r.quantity in ("dy/db sum", "dy/db")} == {"sum_beat"}
