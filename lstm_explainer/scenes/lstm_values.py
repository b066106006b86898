"""What the LSTM chapter (ReberGrammar, LSTMCell, RNNvsLSTM) shows, as plain data.

Every number comes from a trained model: the 7-4-7 RNN on Reber strings, and the
LSTM and RNN trained on embedded Reber strings (``assets/*_embedded.npz``, with
their training records beside them as .json).  The functions read the models'
forward traces and Jacobians and only pick, multiply and normalise; no manim
import, so the tests can check every value against their own computation.

One derivative the model does not offer yet is written here from the trace:
:func:`state_grads`, the gradient of a loss at one step with respect to the
whole state (h_s, c_s) of every earlier step, chained through
``LSTM.state_jacobian``.  Indices are 1-based, as in the post.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from lstm_explainer.model import reber, train, weights
from lstm_explainer.model.lstm import LSTM
from lstm_explainer.model.recurrent import Recurrent
from lstm_explainer.model.rnn import RNN

LSTM_WEIGHTS = weights.path("lstm_embedded")
RNN_EMBEDDED_WEIGHTS = weights.path("rnn_embedded")

BRANCH = "T"  # the symbol the LSTM scenes wrap the scene's Reber string in: B T <string> T E
REMEMBERED = 2  # the position of the symbol to remember in an embedded string
FRESH_SEED = 20260  # the fresh strings ReberGrammar scores the RNN on; no training stream uses it
FRESH_COUNT = 300


@cache
def trained_lstm() -> LSTM:
    """The LSTM trained on embedded Reber strings."""
    return weights.load(LSTM_WEIGHTS, "lstm")


@cache
def embedded_rnn() -> RNN:
    """The vanilla RNN trained on embedded Reber strings, for the comparison."""
    return weights.load(RNN_EMBEDDED_WEIGHTS, "rnn")


def training_record(weights: Path) -> dict:
    """The .json written beside a model's weights: how it was trained, and its learning curve."""
    return json.loads(weights.with_suffix(".json").read_text())


def embed(string: str, branch: str = BRANCH) -> str:
    """The embedded Reber string B, branch, `string`, branch, E."""
    return f"B{branch}{string}{branch}E"


def dependent_position(embedded: str) -> int:
    """The 1-based position of the symbol that repeats the remembered one: the second-to-last."""
    return len(embedded) - 1


def prediction_step(embedded: str) -> int:
    """The step tau whose output predicts the second-to-last symbol (it reads the inner E)."""
    return len(embedded) - 2


# ------------------------------------------------------------ ReberGrammar


@dataclass(frozen=True)
class Move:
    """One symbol of a walk through the grammar: from a state, along an edge, to a state."""

    source: object
    symbol: str
    target: object
    choices: tuple[str, ...]  # every symbol the walk could have taken here, in SYMBOLS order


def walk(string: str) -> list[Move]:
    """The edges a token takes through the Reber graph to write `string`."""
    reber.check_string(string)
    moves, state = [], reber.START
    for symbol in string:
        edges = reber.TRANSITIONS[state]
        choices = tuple(sorted(edges, key=reber.SYMBOLS.find))
        moves.append(Move(state, symbol, edges[symbol], choices))
        state = edges[symbol]
    return moves


@dataclass(frozen=True)
class Reading:
    """The 7-4-7 RNN reading a Reber string: y (T, 7); per step the symbols above 0.5 and the legal ones."""

    string: str
    y: np.ndarray
    predicted: tuple[frozenset[str], ...]
    legal: tuple[frozenset[str], ...]

    @property
    def right(self) -> tuple[bool, ...]:
        return tuple(p == l for p, l in zip(self.predicted, self.legal))


def reading(rnn: RNN, string: str) -> Reading:
    y = rnn.forward(reber.encode(string)).y
    return Reading(
        string=string,
        y=y,
        predicted=tuple(frozenset(s for s, p in zip(reber.SYMBOLS, row) if p > 0.5) for row in y),
        legal=tuple(frozenset(s) for s in reber.successors(string)),
    )


@dataclass(frozen=True)
class FreshAccuracy:
    """How many of `count` fresh strings (from `seed`) the network gets right at every step."""

    seed: int
    count: int
    correct: int

    @property
    def fraction(self) -> float:
        return self.correct / self.count


def fresh_strings(seed: int = FRESH_SEED, count: int = FRESH_COUNT) -> list[str]:
    rng = np.random.default_rng(seed)
    return [reber.sample(rng) for _ in range(count)]


def fresh_accuracy(rnn: RNN, seed: int = FRESH_SEED, count: int = FRESH_COUNT) -> FreshAccuracy:
    """The Hochreiter & Schmidhuber criterion (model.train.correct) on fresh strings."""
    right = train.correct(rnn, fresh_strings(seed, count), embedded=False)
    return FreshAccuracy(seed=seed, count=count, correct=int(right.sum()))


# ------------------------------------------------------------ LSTMCell


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


@dataclass(frozen=True)
class HighwayStretch:
    """A few steps of one unit's cell state: c_t and f_t for t in `steps`."""

    steps: tuple[int, ...]
    unit: int
    c: np.ndarray
    f: np.ndarray

    def product(self) -> float:
        """What the error on c at the last step keeps on its way back to the first: f_t for every later step."""
        return float(np.prod(self.f[1:]))


def highway_stretch(lstm: LSTM, embedded: str, first: int, count: int, unit: int) -> HighwayStretch:
    trace = lstm.forward(reber.encode(embedded))
    steps = tuple(range(first, min(first + count, len(embedded) + 1)))
    return HighwayStretch(
        steps=steps,
        unit=unit,
        c=np.array([trace.c[t, unit - 1] for t in steps]),
        f=np.array([np.diag(lstm.cell_jacobian(trace, t))[unit - 1] for t in steps]),
    )


@dataclass(frozen=True)
class ErrorFlow:
    """The error flowing back from step tau to step tau - k, k = 1..lag, in the LSTM and the RNN.

    unit: the LSTM cell whose highway stays most open over the whole lag.
    f: (lag,) f_s of that unit for s = tau, tau-1, ..., tau-lag+1 (row k-1 is the k-th factor).
    highway: (lag,) their running product, dc_tau/dc_{tau-k} along the cell path for that unit.
    highways: (lag, d) the running products of every unit.
    state_norm: (lag,) ||d(h_tau, c_tau)/d(h_{tau-k}, c_{tau-k})||_2, the LSTM's full Jacobian.
    rnn_norm: (lag,) ||dh_tau/dh_{tau-k}||_2 of the RNN trained on the same task.
    """

    string: str
    tau: int
    unit: int
    f: np.ndarray
    highway: np.ndarray
    highways: np.ndarray
    state_norm: np.ndarray
    rnn_norm: np.ndarray

    @property
    def lag(self) -> int:
        return len(self.f)


def error_flow(lstm: LSTM, rnn: RNN, embedded: str) -> ErrorFlow:
    """From the prediction step tau back to the remembered symbol's step (lag tau - 2)."""
    xs = reber.encode(embedded)
    tau = prediction_step(embedded)
    lag = tau - REMEMBERED
    trace, rnn_trace = lstm.forward(xs), rnn.forward(xs)
    f = np.array([np.diag(lstm.cell_jacobian(trace, tau - k)) for k in range(lag)])  # (lag, d)
    highways = np.cumprod(f, axis=0)
    unit = int(np.argmax(highways[-1]))
    state, rnn_product, state_norm, rnn_norm = np.eye(2 * lstm.d), np.eye(rnn.d), [], []
    for k in range(lag):
        state = state @ lstm.state_jacobian(trace, tau - k)
        rnn_product = rnn_product @ rnn.step_jacobian(rnn_trace, tau - k)
        state_norm.append(np.linalg.norm(state, 2))
        rnn_norm.append(np.linalg.norm(rnn_product, 2))
    return ErrorFlow(
        string=embedded,
        tau=tau,
        unit=unit + 1,
        f=f[:, unit],
        highway=highways[:, unit],
        highways=highways,
        state_norm=np.array(state_norm),
        rnn_norm=np.array(rnn_norm),
    )


# ------------------------------------------------------------ RNNvsLSTM


def prediction_loss_grad(y: np.ndarray, embedded: str, tau: int) -> np.ndarray:
    """dL/dz at step tau for the training loss there (binary cross-entropy against the legal set)."""
    target = reber.multi_hot(reber.EMBEDDED.successors(embedded))[tau - 1]
    return train.bce_dz(y[tau - 1], target)


def state_grads(model: Recurrent, embedded: str, tau: int) -> np.ndarray:
    """dL_tau / d(state_s) for s = 0..tau, L_tau the loss at step tau: (tau+1, 2d) for the LSTM's (h, c), (tau+1, d) for the RNN."""
    xs = reber.encode(embedded)
    dz = prediction_loss_grad(model.forward(xs[:tau]).y, embedded, tau)
    return model.state_grads(xs, tau, dz_t=dz)


@dataclass(frozen=True)
class Comparison:
    """One embedded string through both trained models.

    y_rnn, y_lstm: (T, 7) outputs.  rnn_grad, lstm_grad: (tau+1,) the norm of the
    loss gradient at step tau with respect to the state at s = 0..tau.
    """

    string: str
    tau: int
    y_rnn: np.ndarray
    y_lstm: np.ndarray
    rnn_grad: np.ndarray
    lstm_grad: np.ndarray

    @property
    def lag(self) -> int:
        return self.tau - REMEMBERED

    def survival(self, model: str) -> float:
        """The share of the error at tau that reaches the remembered symbol's state: |g_2| / |g_tau|."""
        grad = self.rnn_grad if model == "rnn" else self.lstm_grad
        return float(grad[REMEMBERED] / grad[self.tau])

    def relative(self, model: str) -> np.ndarray:
        grad = self.rnn_grad if model == "rnn" else self.lstm_grad
        return grad / grad[self.tau]


def comparison(lstm: LSTM, rnn: RNN, embedded: str) -> Comparison:
    tau = prediction_step(embedded)
    xs = reber.encode(embedded)
    return Comparison(
        string=embedded,
        tau=tau,
        y_rnn=rnn.forward(xs).y,
        y_lstm=lstm.forward(xs).y,
        rnn_grad=np.linalg.norm(state_grads(rnn, embedded, tau), axis=1),
        lstm_grad=np.linalg.norm(state_grads(lstm, embedded, tau), axis=1),
    )


@dataclass(frozen=True)
class Curve:
    """A learning curve: sequences seen, and accuracy on the remembered symbol (chance is 0.5)."""

    sequences: np.ndarray
    accuracy: np.ndarray
    hidden_size: int


def branch_curve(weights: Path) -> Curve:
    record = training_record(weights)
    points = record["curve"]
    return Curve(
        sequences=np.array([p["sequences"] for p in points], dtype=float),
        accuracy=np.array([p["val_branch_accuracy"] for p in points], dtype=float),
        hidden_size=int(record["d"]),
    )
