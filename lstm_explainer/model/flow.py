"""The error at one step flowing back through time, in the RNN and the LSTM trained on embedded Reber strings.

The film follows one loss: L_tau, the training loss (binary cross-entropy over the
seven output scores against the legal successors) at the step tau whose output
predicts the repeated symbol of an embedded Reber string B b <string> b E.  From
there the error travels back step by step; these are the quantities the scenes
draw, every index 1-based as in the post:

- ``rnn_share[t]``  = ||dL_tau/dh_t|| / ||dL_tau/dh_tau||           (the RNN)
- ``rnn_factor[t]`` = ||dL_tau/dh_(t-1)|| / ||dL_tau/dh_t||, t >= 1  (what step t's Jacobian keeps)
- ``state_share[t]`` = the same as rnn_share for the LSTM's whole state (h_t, c_t), gates included
- ``f[t, u]``        = f_t of cell unit u (the LSTM's forget gate at step t)
- ``cell_share[t, u]`` = f_(t+1)[u] * ... * f_tau[u], the cell path alone: dc_tau/dc_t with every
  h held fixed (the product of the diagonal Jacobians dc_r/dc_(r-1) = diag(f_r))
- ``cell_error[t, u]`` = |dL_tau/dc_t[u]| / ||dL_tau/d(h_tau, c_tau)||, h_t held fixed: the error that sits in
  unit u's cell at step t, as a share of all the error at tau (what a lane carries, not what it would keep)
- ``h_error[t]``     = ||dL_tau/dh_t|| / ||dL_tau/d(h_tau, c_tau)||: the part in h; with every unit's
  ``cell_error[t]`` its squares add up to ``state_share[t]`` squared
- ``cell_entry[s, u]`` = dL_tau/dh_s[u] * o_s[u] * tanh'(c_s[u]) / ||dL_tau/d(h_tau, c_tau)||, signed: the error entering
  unit u's cell from h at step s (dL_tau/dh_s is all the error reaching h_s). Back through the cell,
  dc_t = dh_t o_t tanh'(c_t) + f_(t+1) dc_(t+1), so the error a cell holds at t (h_t held fixed) is the sum over the
  later steps s of what entered there times the lane's gates between: ``arriving(t)[s]`` = cell_entry[s] * f_(t+1)...f_s,
  and ``cell_error[t]`` = |sum over s = t+1..tau of arriving(t)[s]|
- ``remembered_c[u]`` / ``other_c[u]`` = c_2[u] after the string's branch symbol / after the other one (the same inner
  string embedded with T and P swapped): the unit whose two differ most stores the symbol (``remembering_unit``)

Row 0 of each array belongs to the initial state (h_0, c_0); ``rnn_factor[0]`` and
``f[0]`` are NaN (there is no step 0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from lstm_explainer.model import reber, weights
from lstm_explainer.model.loss import bce_dz
from lstm_explainer.model.lstm import LSTM
from lstm_explainer.model.recurrent import Recurrent
from lstm_explainer.model.rnn import RNN

LSTM_WEIGHTS = weights.path("lstm_embedded")
RNN_EMBEDDED_WEIGHTS = weights.path("rnn_embedded")

BRANCH = "T"  # the symbol the LSTM chapter wraps a Reber string in: B T <string> T E
BRANCHES = "TP"  # the two symbols an embedded string can wrap its inner string in
REMEMBERED = 2  # the position of the symbol to remember in an embedded string


@cache
def trained_lstm() -> LSTM:
    """The LSTM trained on embedded Reber strings."""
    return weights.load(LSTM_WEIGHTS, "lstm")


@cache
def embedded_rnn() -> RNN:
    """The vanilla RNN (18 units) trained on embedded Reber strings, for the comparison."""
    return weights.load(RNN_EMBEDDED_WEIGHTS, "rnn")


def training_record(weights: Path) -> dict:
    """The .json written beside a model's weights: how it was trained, and its learning curve."""
    return json.loads(weights.with_suffix(".json").read_text())


def embed(string: str, branch: str = BRANCH) -> str:
    """The embedded Reber string B, branch, `string`, branch, E."""
    return f"B{branch}{string}{branch}E"


def other_branch(embedded: str) -> str:
    """The same inner string embedded with the other branch symbol (T for P, P for T)."""
    branch = embedded[REMEMBERED - 1]
    return embed(embedded[REMEMBERED:-REMEMBERED], BRANCHES[1 - BRANCHES.index(branch)])


def dependent_position(embedded: str) -> int:
    """The 1-based position of the symbol that repeats the remembered one: the second-to-last."""
    return len(embedded) - 1


def prediction_step(embedded: str) -> int:
    """The step tau whose output predicts the second-to-last symbol (it reads the inner E)."""
    return len(embedded) - 2


# ------------------------------------------------------------ the loss at tau and its gradients


def prediction_loss_grad(y: np.ndarray, embedded: str, tau: int) -> np.ndarray:
    """dL_tau/dz_tau for the training loss at step tau (binary cross-entropy against the legal set)."""
    target = reber.multi_hot(reber.EMBEDDED.successors(embedded))[tau - 1]
    return bce_dz(y[tau - 1], target)


def state_grads(model: Recurrent, embedded: str, tau: int) -> np.ndarray:
    """dL_tau/d(state_s) for s = 0..tau: (tau+1, 2d) for the LSTM's (h, c), (tau+1, d) for the RNN."""
    xs = reber.encode(embedded)
    dz = prediction_loss_grad(model.forward(xs[:tau]).y, embedded, tau)
    return model.state_grads(xs, tau, dz_t=dz)


def error_share(model: Recurrent, embedded: str, tau: int) -> np.ndarray:
    """||dL_tau/d(state_t)|| / ||dL_tau/d(state_tau)|| for t = 0..tau, shape (tau+1,)."""
    norms = np.linalg.norm(state_grads(model, embedded, tau), axis=1)
    return norms / norms[tau]


def forget_gates(lstm: LSTM, embedded: str) -> np.ndarray:
    """f_t for t = 0..T, shape (T+1, d); row 0 is NaN (no step 0)."""
    f = lstm.forward(reber.encode(embedded)).f
    return np.vstack([np.full(lstm.d, np.nan), f])


def forget_products(f: np.ndarray, tau: int) -> np.ndarray:
    """The cell path from step t to tau, prod of f_r for r = t+1..tau, for t = 0..tau: shape (tau+1, d).

    ``f`` is (T+1, d) with row t = f_t (as :func:`forget_gates` gives it); row tau of the result is 1.
    """
    out = np.ones((tau + 1, f.shape[1]))
    for t in range(tau - 1, -1, -1):
        out[t] = out[t + 1] * f[t + 1]
    return out


@dataclass(frozen=True)
class ErrorFlow:
    """The error of L_tau flowing back to step 0 through both networks (see the module's docstring)."""

    string: str  # the embedded string
    tau: int
    rnn_share: np.ndarray  # (tau+1,)
    rnn_factor: np.ndarray  # (tau+1,), row 0 NaN
    state_share: np.ndarray  # (tau+1,)
    f: np.ndarray  # (tau+1, d), row 0 NaN
    cell_share: np.ndarray  # (tau+1, d)
    cell_error: np.ndarray  # (tau+1, d)
    h_error: np.ndarray  # (tau+1,)
    cell_entry: np.ndarray  # (tau+1, d), signed, row 0 zero
    remembered_c: np.ndarray  # (d,): c at the remembered step
    other_c: np.ndarray  # (d,): c at the remembered step with the other branch symbol

    @property
    def lag(self) -> int:
        """Steps from the remembered symbol's state to tau."""
        return self.tau - REMEMBERED

    @property
    def units(self) -> int:
        return self.cell_share.shape[1]

    @property
    def remembering_unit(self) -> int:
        """The cell unit (1-based) that stores the branch symbol: its cell at the remembered step differs most between
        the string's two branches (LSTMCell follows it)."""
        return int(np.argmax(np.abs(self.remembered_c - self.other_c))) + 1

    def arriving(self, t: int) -> np.ndarray:
        """(tau+1, d), signed: row s (> t) the part of the error that entered each cell from h at step s and reaches step
        t along its lane, cell_entry[s] times f_(t+1)...f_s; rows 0..t are 0. Its rows add up to the signed error the
        cells hold at t (h_t held fixed), whose sizes are ``cell_error[t]``."""
        out = np.zeros_like(self.cell_entry)
        for s in range(t + 1, self.tau + 1):
            out[s] = self.cell_entry[s] * np.prod(self.f[t + 1 : s + 1], axis=0)
        return out


def error_flow(lstm: LSTM, rnn: RNN, embedded: str) -> ErrorFlow:
    """The flow of the loss at the prediction step tau back through the string's every step."""
    tau = prediction_step(embedded)
    rnn_share = error_share(rnn, embedded, tau)
    factor = np.full(tau + 1, np.nan)
    factor[1:] = rnn_share[:-1] / rnn_share[1:]
    f = forget_gates(lstm, embedded)[: tau + 1]
    grads = state_grads(lstm, embedded, tau)  # once: the whole share and its parts in cells and h all read it
    trace = lstm.forward(reber.encode(embedded)[:tau])
    entry = np.zeros((tau + 1, lstm.d))  # h_s = o_s tanh(c_s): what reaches h_s enters c_s through o_s and tanh's slope
    entry[1:] = grads[1:, : lstm.d] * trace.o * (1 - np.tanh(trace.c[1:]) ** 2)
    norms = np.linalg.norm(grads, axis=1)
    whole = norms[tau]
    other = lstm.forward(reber.encode(other_branch(embedded))[:REMEMBERED])
    return ErrorFlow(
        string=embedded,
        tau=tau,
        rnn_share=rnn_share,
        rnn_factor=factor,
        state_share=norms / whole,
        f=f,
        cell_share=forget_products(f, tau),
        cell_error=np.abs(grads[:, lstm.d :]) / whole,
        h_error=np.linalg.norm(grads[:, : lstm.d], axis=1) / whole,
        cell_entry=entry / whole,
        remembered_c=trace.c[REMEMBERED],
        other_c=other.c[REMEMBERED],
    )


# ------------------------------------------------------------ one step of the LSTM, for its cell drawn


@dataclass(frozen=True)
class CellStep:
    """One LSTM step t of a string, every vector (d,): the gates, the cell before and after, h."""

    t: int
    symbol: str
    h_prev: np.ndarray
    c_prev: np.ndarray
    f: np.ndarray
    i: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


def cell_step(lstm: LSTM, embedded: str, t: int) -> CellStep:
    trace = lstm.forward(reber.encode(embedded))
    s = t - 1
    return CellStep(
        t=t,
        symbol=embedded[s],
        h_prev=trace.h[t - 1],
        c_prev=trace.c[t - 1],
        f=trace.f[s],
        i=trace.i[s],
        g=trace.g[s],
        o=trace.o[s],
        c=trace.c[t],
        h=trace.h[t],
    )


# ------------------------------------------------------------ both networks on one string, and how they learned


@dataclass(frozen=True)
class Outputs:
    """One embedded string through both trained models: the output scores y (T, 7) of each."""

    string: str
    tau: int
    y_rnn: np.ndarray
    y_lstm: np.ndarray


def outputs(lstm: LSTM, rnn: RNN, embedded: str) -> Outputs:
    xs = reber.encode(embedded)
    return Outputs(embedded, prediction_step(embedded), rnn.forward(xs).y, lstm.forward(xs).y)


@dataclass(frozen=True)
class Curve:
    """A learning curve: sequences seen, and accuracy on the remembered symbol (chance is 0.5).

    solved_at: the training strings seen when every validation string was first right
    (None if never); parameters: the network's parameter count; budget: the most training
    strings its recipe allowed; seed: the one seed it was trained from.
    """

    sequences: np.ndarray
    accuracy: np.ndarray
    hidden_size: int
    parameters: int
    solved_at: int | None
    budget: int
    seed: int


def branch_curve(weights: Path) -> Curve:
    record = training_record(weights)
    points = record["curve"]
    return Curve(
        sequences=np.array([p["sequences"] for p in points], dtype=float),
        accuracy=np.array([p["val_branch_accuracy"] for p in points], dtype=float),
        hidden_size=int(record["d"]),
        parameters=int(record["parameters"]),
        solved_at=record.get("sequences_to_100"),
        budget=int(record["recipe"]["max_sequences"]),
        seed=int(record["seed"]),
    )
