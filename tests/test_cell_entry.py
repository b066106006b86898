"""The error entering each LSTM cell from h, and its parts riding the lanes back, against our own finite differences.

LSTMCell draws, for one unit's lane, the error entering the cell from h at each step and what of it reaches step 2
(multiplied by each forget gate on the way): the parts it writes must add up to the error the cell holds there.
The loss, the steps and the gates here are our own (tests/test_flow.py's reference), not the model's.
"""

from __future__ import annotations

import numpy as np
import pytest
from reference_nets import one_hot, sigmoid, weights
from test_flow import REL, computed, lstm_step, reference

from lstm_explainer.model.flow import REMEMBERED

STRINGS = ("BTSSXXTVVE", "BPVVE")


def output_gate(ref, s: int) -> np.ndarray:
    P = weights("lstm_embedded")
    return sigmoid(P["W_o"] @ one_hot(ref.embedded[s - 1]) + P["U_o"] @ ref.h[s - 1] + P["b_o"])


def entering(ref, s: int) -> np.ndarray:
    """d L_tau / d(a nudge of c_s that reaches only h_s = o_s tanh(c_s)), by central differences, over the whole at tau."""
    o, c = output_gate(ref, s), ref.c[s]
    loss = lambda nudge: ref.lstm_loss(s, np.concatenate([o * np.tanh(c + nudge), c]))
    return ref.grad(loss, np.zeros_like(c)) / ref.lstm_norm(ref.tau)


@pytest.mark.parametrize("string", STRINGS)
def test_the_error_entering_each_cell_from_h_is_the_loss_gradient_through_h_alone(string):
    ref, got = reference(string), computed(string)
    for s in range(1, ref.tau + 1):
        assert got.cell_entry[s] == pytest.approx(entering(ref, s), rel=REL, abs=1e-7)


@pytest.mark.parametrize("string", STRINGS)
def test_the_parts_arriving_at_step_two_add_up_to_the_error_each_cell_holds_there(string):
    # the error in c_2 (h_2 held fixed) by finite differences against the parts our entries make, times our own gates
    ref, got = reference(string), computed(string)
    d, t = got.units, REMEMBERED
    whole = ref.lstm_norm(ref.tau)
    held = ref.grad(lambda v: ref.lstm_loss(t, v), np.concatenate([ref.h[t], ref.c[t]]))[d:] / whole
    parts = [entering(ref, s) * np.prod([ref.f[r] for r in range(t + 1, s + 1)], axis=0) for s in range(t + 1, ref.tau + 1)]
    assert np.sum(parts, axis=0) == pytest.approx(held, rel=REL, abs=1e-7)
    arriving = got.arriving(t)
    assert arriving[: t + 1] == pytest.approx(np.zeros((t + 1, d)))
    assert arriving[t + 1 :] == pytest.approx(np.array(parts), rel=REL, abs=1e-7)
    assert np.abs(arriving.sum(axis=0)) == pytest.approx(got.cell_error[t], rel=1e-9, abs=1e-12)


def cell_after(prefix: str) -> np.ndarray:
    """c after reading `prefix`, by our own LSTM steps from zero."""
    d = weights("lstm_embedded")["b_f"].size
    h, c = np.zeros(d), np.zeros(d)
    for symbol in prefix:
        h, c, _ = lstm_step(one_hot(symbol), h, c)
    return c


@pytest.mark.parametrize("string", STRINGS)
def test_the_followed_unit_is_the_one_whose_cell_differs_most_between_the_two_branches(string):
    # the unit that stores the branch symbol: c_2 after B T against after B P, by our own forward passes
    got = computed(string)
    after_t, after_p = cell_after("BT"), cell_after("BP")
    assert got.remembered_c == pytest.approx(after_t, rel=1e-9, abs=1e-12)
    assert got.other_c == pytest.approx(after_p, rel=1e-9, abs=1e-12)
    assert got.remembering_unit == 1 + int(np.argmax(np.abs(after_t - after_p)))
    # and what it stores survives to tau: its lane is open (its forget gates over the lag keep a visible share)
    assert reference(string).cell_share(REMEMBERED, got.remembering_unit) > 0.1


def test_the_followed_unit_holds_error_that_entered_at_more_than_one_step():
    # LSTMCell's picture: the loss's own error entering at tau, and at least one earlier entry beside it
    got = computed("BTSSXXTVVE")
    j = got.remembering_unit - 1
    parts = got.arriving(REMEMBERED)[:, j]
    assert (np.abs(parts) >= 0.05 * got.cell_error[REMEMBERED, j]).sum() >= 2
    assert np.argmax(np.abs(parts)) == got.tau
