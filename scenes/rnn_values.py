"""What the RNN scenes (UnrollRNN, ErrorAtStepOne, ErrorAtStepTwo) show, as plain data.

Every number comes from the model: the forward trace (inputs, hidden states,
outputs and the activation slopes read off them) and the model's own
gradients (``RNN.output_grad``, ``RNN.hidden_grad``).  These functions only pick
entries and multiply the factors the post writes out, so the tests can check
that the factors on screen multiply (and add) up to the model's gradient.
Indices are the post's, 1-based.  No manim import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import reber
from model.rnn import RNN

UNROLL_STEPS = 3  # the post's three-input example


@dataclass(frozen=True)
class UnrollValues:
    """The first ``UNROLL_STEPS`` steps of a Reber string through the RNN.

    symbols: the input symbols.  x: (T, n) one-hot inputs.  h: (T, d) hidden
    states h_1..h_T.  y: (T, m) output probabilities.  legal: per step the set of
    symbols that may follow the prefix read so far (model.reber.successors).
    """

    symbols: str
    x: np.ndarray
    h: np.ndarray
    y: np.ndarray
    legal: tuple[frozenset[str], ...]


def unroll_values(rnn: RNN, string: str, steps: int = UNROLL_STEPS) -> UnrollValues:
    prefix = string[:steps]
    trace = rnn.forward(reber.encode(prefix))
    return UnrollValues(
        symbols=prefix,
        x=trace.x,
        h=trace.h[1:],
        y=trace.y,
        legal=tuple(frozenset(s) for s in reber.successors(prefix)),
    )


@dataclass(frozen=True)
class StepOneValues:
    """dy_1^k / dw_ij, du_ij and dv_kj at t = 1, factor by factor.

    sigma_y: sigma_y'(z_1^k) = y_1^k (1 - y_1^k).  v: v_ki.  sigma_h: sigma_h'(a_1^i)
    = 1 - (h_1^i)^2.  x: x_1^j.  h0: h_0^j (always 0).  h1: h_1^j (j as a hidden index).
    grad_w, grad_u, grad_v: the model's dy_1^k/dw_ij, dy_1^k/du_ij, dy_1^k/dv_kj.
    """

    i: int
    j: int
    k: int
    y: float
    sigma_y: float
    v: float
    sigma_h: float
    x: float
    h0: float
    h1: float
    grad_w: float
    grad_u: float
    grad_v: float

    @property
    def w_factors(self) -> tuple[float, ...]:
        return (self.sigma_y, self.v, self.sigma_h, self.x)

    @property
    def u_factors(self) -> tuple[float, ...]:
        return (self.sigma_y, self.v, self.sigma_h, self.h0)

    @property
    def v_factors(self) -> tuple[float, ...]:
        return (self.sigma_y, self.h1)


def step_one_values(rnn: RNN, string: str, i: int, j: int, k: int) -> StepOneValues:
    xs = reber.encode(string)
    trace = rnn.forward(xs[:1])
    grads = rnn.output_grad(xs, 1, k)
    y = float(trace.y[0, k - 1])
    return StepOneValues(
        i=i,
        j=j,
        k=k,
        y=y,
        sigma_y=float(trace.dy_dz[0, k - 1]),
        v=float(rnn.V[k - 1, i - 1]),
        sigma_h=float(trace.dh_da[0, i - 1]),
        x=float(trace.x[0, j - 1]),
        h0=float(trace.h[0, j - 1]),
        h1=float(trace.h[1, j - 1]),
        grad_w=float(grads["W"][i - 1, j - 1]),
        grad_u=float(grads["U"][i - 1, j - 1]),
        grad_v=float(grads["V"][k - 1, j - 1]),
    )


@dataclass(frozen=True)
class StepTwoValues:
    """dy_2^k / dw_ij = sigma_y' sum_alpha v_k,alpha sigma_h'(a_2^alpha) (delta(alpha,i) x_2^j + u_alpha,i dh_1^i/dw_ij).

    sigma_y: sigma_y'(z_2^k).  v: (d,) v_k,alpha.  sigma_h: (d,) sigma_h'(a_2^alpha).
    x2: x_2^j.  u: (d,) u_alpha,i.  dh1: dh_1^i/dw_ij (the model's hidden_grad).
    direct: the alpha = i term, sigma_y' v_ki sigma_h'(a_2^i) x_2^j.
    indirect_terms: (d,) sigma_y' v_k,alpha sigma_h'(a_2^alpha) u_alpha,i dh_1^i/dw_ij;
    indirect: their sum.  grad: the model's dy_2^k/dw_ij.
    """

    i: int
    j: int
    k: int
    symbol: str  # the input symbol j stands for
    sigma_y: float
    v: np.ndarray
    sigma_h: np.ndarray
    x2: float
    u: np.ndarray
    dh1: float
    direct: float
    indirect_terms: np.ndarray
    grad: float

    @property
    def indirect(self) -> float:
        return float(self.indirect_terms.sum())

    @property
    def fan_out(self) -> float:
        """sum_alpha v_k,alpha sigma_h'(a_2^alpha) u_alpha,i: how strongly h_1^i reaches y_2^k."""
        return float((self.v * self.sigma_h * self.u).sum())


def step_two_values(rnn: RNN, string: str, i: int, j: int, k: int) -> StepTwoValues:
    xs = reber.encode(string)
    trace = rnn.forward(xs[:2])
    sigma_y = float(trace.dy_dz[1, k - 1])
    v = rnn.V[k - 1].copy()
    sigma_h = trace.dh_da[1]
    u = rnn.U[:, i - 1].copy()
    x2 = float(trace.x[1, j - 1])
    dh1 = float(rnn.hidden_grad(xs, 1, i)["W"][i - 1, j - 1])
    return StepTwoValues(
        i=i,
        j=j,
        k=k,
        symbol=reber.SYMBOLS[j - 1],
        sigma_y=sigma_y,
        v=v,
        sigma_h=sigma_h,
        x2=x2,
        u=u,
        dh1=dh1,
        direct=float(sigma_y * v[i - 1] * sigma_h[i - 1] * x2),
        indirect_terms=sigma_y * v * sigma_h * u * dh1,
        grad=float(rnn.output_grad(xs, 2, k)["W"][i - 1, j - 1]),
    )


def symbol_index(symbol: str) -> int:
    """The post's 1-based index j of a Reber symbol among the inputs (B = 1 ... E = 7)."""
    return reber.INDEX[symbol] + 1
