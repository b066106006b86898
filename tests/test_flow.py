"""The error-flow quantities of model/flow.py against our own computation.

Our own forward passes read the weights from the .npz files; the gradients of the
loss at tau come from central finite differences through our own steps, so
nothing here calls model/ for a number.  Tiny shares are compared with a relative
tolerance (an absolute one would let 0 pass for 1e-10).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from reference_nets import SYMBOLS, one_hot, sigmoid, weights
from tolerances import BY_PERTURBATION

from lstm_explainer.model import flow
from lstm_explainer.model.flow import REMEMBERED

REL = BY_PERTURBATION





def lstm_step(x, h, c):
    P = weights("lstm_embedded")
    a = {k: P[f"W_{k}"] @ x + P[f"U_{k}"] @ h + P[f"b_{k}"] for k in "ifog"}
    i, f, o, g = sigmoid(a["i"]), sigmoid(a["f"]), sigmoid(a["o"]), np.tanh(a["g"])
    c = f * c + i * g
    return o * np.tanh(c), c, f


def rnn_step(x, h):
    P = weights("rnn_embedded")
    return np.tanh(P["W"] @ x + P["U"] @ h + P["b_h"])


def legal_after(prefix: str) -> set[str]:
    """What may follow `prefix` of an embedded string B b <reber> b E, read off its shape (tau's prefix ends in the inner E)."""
    assert prefix.endswith("E")
    return {prefix[1]}


def bce(y, legal: set[str]) -> float:
    target = np.array([1.0 if s in legal else 0.0 for s in SYMBOLS])
    return float(-(target * np.log(y) + (1 - target) * np.log(1 - y)).sum())


class Reference:
    def __init__(self, string: str):
        self.embedded = f"B{flow.BRANCH}{string}{flow.BRANCH}E"
        self.tau = len(self.embedded) - 2
        d = weights("lstm_embedded")["b_f"].size
        self.h, self.c, self.f = [np.zeros(d)], [np.zeros(d)], [None]
        for s in self.embedded:
            h, c, f = lstm_step(one_hot(s), self.h[-1], self.c[-1])
            self.h.append(h), self.c.append(c), self.f.append(f)
        self.rh = [np.zeros(weights("rnn_embedded")["b_h"].size)]
        for s in self.embedded:
            self.rh.append(rnn_step(one_hot(s), self.rh[-1]))
        self.legal = legal_after(self.embedded[: self.tau])

    def lstm_loss(self, t: int, z: np.ndarray) -> float:
        d = z.size // 2
        h, c = z[:d], z[d:]
        for r in range(t + 1, self.tau + 1):
            h, c, _ = lstm_step(one_hot(self.embedded[r - 1]), h, c)
        P = weights("lstm_embedded")
        return bce(sigmoid(P["V"] @ h + P["b_y"]), self.legal)

    def rnn_loss(self, t: int, h: np.ndarray) -> float:
        for r in range(t + 1, self.tau + 1):
            h = rnn_step(one_hot(self.embedded[r - 1]), h)
        P = weights("rnn_embedded")
        return bce(sigmoid(P["V"] @ h + P["b_y"]), self.legal)

    @staticmethod
    def grad(fun, z: np.ndarray, eps: float = 1e-5) -> np.ndarray:
        out = np.empty_like(z)
        for k in range(z.size):
            e = np.zeros_like(z)
            e[k] = eps
            out[k] = (fun(z + e) - fun(z - e)) / (2 * eps)
        return out

    def rnn_norm(self, t: int) -> float:
        return float(np.linalg.norm(self.grad(lambda h: self.rnn_loss(t, h), self.rh[t])))

    def lstm_norm(self, t: int) -> float:
        z = np.concatenate([self.h[t], self.c[t]])
        return float(np.linalg.norm(self.grad(lambda v: self.lstm_loss(t, v), z)))

    def cell_share(self, t: int, unit: int) -> float:
        return float(np.prod([self.f[r][unit - 1] for r in range(t + 1, self.tau + 1)]))


@cache
def reference(string: str) -> Reference:
    return Reference(string)


@cache
def computed(string: str) -> flow.ErrorFlow:
    return flow.error_flow(flow.trained_lstm(), flow.embedded_rnn(), flow.embed(string))


STRINGS = ("BTSSXXTVVE", "BPVVE")


@pytest.mark.parametrize("string", STRINGS)
def test_the_rnn_share_is_the_loss_gradient_norm_relative_to_tau(string):
    ref, got = reference(string), computed(string)
    top = ref.rnn_norm(ref.tau)
    for t in range(1, ref.tau + 1):
        # the gradients fall to 1e-12 of their start: finite differences of the loss are then
        # all rounding, so far-back steps are checked by the chain of one-step factors below
        if ref.rnn_norm(t) > 1e-7 * top:
            assert got.rnn_share[t] == pytest.approx(ref.rnn_norm(t) / top, rel=1e-3)


@pytest.mark.parametrize("string", STRINGS)
def test_the_rnn_share_far_back_follows_our_own_backward_pass(string):
    """Our own backward pass through the recurrence (exact where finite differences drown), relative tolerance."""
    ref, got = reference(string), computed(string)
    P = weights("rnn_embedded")
    y = sigmoid(P["V"] @ ref.rh[ref.tau] + P["b_y"])
    target = np.array([1.0 if s in ref.legal else 0.0 for s in SYMBOLS])
    g = P["V"].T @ (y - target)  # dL/dh_tau for sigmoid + BCE
    norms = {ref.tau: np.linalg.norm(g)}
    for t in range(ref.tau, 0, -1):
        g = P["U"].T @ ((1 - ref.rh[t] ** 2) * g)
        norms[t - 1] = np.linalg.norm(g)
    for t in range(0, ref.tau + 1):
        assert got.rnn_share[t] == pytest.approx(norms[t] / norms[ref.tau], rel=1e-9)
    for t in range(1, ref.tau + 1):
        assert got.rnn_factor[t] == pytest.approx(norms[t - 1] / norms[t], rel=1e-9)


@pytest.mark.parametrize("string", STRINGS)
def test_the_lstm_state_share_is_the_whole_state_gradient_relative_to_tau(string):
    ref, got = reference(string), computed(string)
    top = ref.lstm_norm(ref.tau)
    for t in range(1, ref.tau + 1):
        assert got.state_share[t] == pytest.approx(ref.lstm_norm(t) / top, rel=REL)


@pytest.mark.parametrize("string", STRINGS)
def test_the_cell_share_is_the_product_of_later_forget_gates(string):
    ref, got = reference(string), computed(string)
    for t in range(0, ref.tau + 1):
        for u in range(1, got.units + 1):
            assert got.cell_share[t, u - 1] == pytest.approx(ref.cell_share(t, u), rel=1e-9)
            if t >= 1:
                assert got.f[t, u - 1] == pytest.approx(ref.f[t][u - 1], rel=1e-9)


def test_the_cell_path_holds_h_fixed_and_is_not_the_whole_derivative():
    """dc_tau/dc_t with h held fixed is the forget product; with h free (the gates read h) it differs."""
    ref = reference("BTSSXXTVVE")
    t, d = REMEMBERED, ref.c[0].size

    def c_at_tau(c_t, h_fixed: bool):
        h, c = ref.h[t], c_t
        for r in range(t + 1, ref.tau + 1):
            h_next, c, _ = lstm_step(one_hot(ref.embedded[r - 1]), h if not h_fixed else ref.h[r - 1], c)
            h = h_next
        return c

    unit = computed("BTSSXXTVVE").remembering_unit
    e = np.zeros(d)
    e[unit - 1] = 1e-6
    fixed = (c_at_tau(ref.c[t] + e, True) - c_at_tau(ref.c[t] - e, True))[unit - 1] / 2e-6
    assert fixed == pytest.approx(ref.cell_share(t, unit), rel=1e-6)


def test_the_rnn_loses_by_orders_of_magnitude_what_the_lstm_keeps():
    got = computed("BTSSXXTVVE")
    assert got.rnn_share[REMEMBERED] < 1e-6
    assert got.state_share[REMEMBERED] > 1e-2


@pytest.mark.parametrize("string", STRINGS)
def test_the_error_in_each_cell_and_in_h_is_the_state_gradient_relative_to_tau(string):
    """Each unit's cell part and h's part of dL/d(h_t, c_t), by our finite differences, against the whole at tau."""
    ref, got = reference(string), computed(string)
    d = got.units
    top = ref.lstm_norm(ref.tau)
    for t in (REMEMBERED, ref.tau - 1):
        z = np.concatenate([ref.h[t], ref.c[t]])
        grad = ref.grad(lambda v: ref.lstm_loss(t, v), z) / top
        assert got.h_error[t] == pytest.approx(np.linalg.norm(grad[:d]), rel=REL)
        assert got.cell_error[t] == pytest.approx(np.abs(grad[d:]), rel=REL, abs=1e-9)
        # the parts LSTMCell's last beat writes (each cell's and h's) as one length: the whole state's share, by our own
        # finite differences of the whole (h, c) gradient (the Opening's number at step 2)
        assert np.sqrt(got.h_error[t] ** 2 + (got.cell_error[t] ** 2).sum()) == pytest.approx(np.linalg.norm(grad), rel=REL)
        assert got.state_share[t] == pytest.approx(np.linalg.norm(grad), rel=REL)
