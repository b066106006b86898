"""The paths of the post's closed form (scene 5) and the long product along one path (scene 6).

The products and sums are the model's (``PostAlgebra.paths``, ``state_path``,
``jacobian_product``, ``state_path_products``); this module chooses which paths to show
and in what order. 1-based indices as in the post.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import RNN, PathTerm


@dataclass(frozen=True)
class PathTable:
    """The closed form's paths for dh_t^alpha / dw_ij, largest |product| first.

    terms: every PathTerm (sum_l d^l of them).  running: the partial sums in that
    order.  exact: the same derivative by backpropagation (model.hidden_grad).
    """

    t: int
    alpha: int
    i: int
    j: int
    param: str
    terms: tuple[PathTerm, ...]
    running: np.ndarray
    exact: float

    @property
    def per_lag(self) -> list[int]:
        """How many paths have lag l, l = 0..t-1: d^l each."""
        return [sum(1 for p in self.terms if p.k == k) for k in range(self.t)]

    @property
    def nonzero(self) -> tuple[PathTerm, ...]:
        return tuple(p for p in self.terms if p.product != 0.0)


def path_terms(rnn: RNN, string: str, t: int, alpha: int, i: int, j: int, param: str = "W") -> PathTable:
    """Every path of dh_t^alpha / dw_ij (or du_ij) for the prefix string[:t], sorted by |product|."""
    xs = reber.encode(string)[:t]
    trace = rnn.forward(xs)
    # a stable sort keeps the model's order (by lag, then gamma) among equal magnitudes
    terms = tuple(sorted(rnn.paths(trace, t, alpha, i, j, param), key=lambda p: -abs(p.product)))
    exact = float(rnn.hidden_grad(xs, t, alpha)[param][i - 1, j - 1])
    return PathTable(t, alpha, i, j, param, terms, np.cumsum([p.product for p in terms]), exact)


@dataclass(frozen=True)
class Factor:
    """One factor B(gamma_l, gamma_{l+1}, t-l) = sigma_h'(a_{t-l}^{gamma_l}) u_{gamma_l gamma_{l+1}}, one row of the table."""

    l: int
    step: int  # t - l
    gamma: int  # gamma_l
    gamma_next: int  # gamma_{l+1}
    dtanh: float  # sigma_h'(a_{t-l}^{gamma_l}) = 1 - (h_{t-l}^{gamma_l})^2
    u: float
    value: float  # the model's B
    product: float  # the product of this factor and all before it


def longest_path(rnn: RNN, string: str, t: int | None = None) -> list[Factor]:
    """The factors of the strongest path of the longest lag l = t - 1 (t defaults to the last step).

    The start unit is free: the strongest of all d^t paths gamma_0..gamma_{t-1}.
    """
    trace = rnn.forward(reber.encode(string))
    t = trace.T if t is None else t
    path = rnn.state_path(trace, t, rnn.strongest_path(trace, t, t - 1))
    g = path.gammas
    return [
        Factor(l, t - l, g[l], g[l + 1], path.slopes[l], path.u[l], path.B[l], path.running[l])
        for l in range(len(path.B))
    ]


def collapsing_factor(factors: list[Factor]) -> Factor:
    """The factor that shrinks the running product most: the one of smallest |sigma_h' u|."""
    return min(factors, key=lambda f: abs(f.value))


@dataclass(frozen=True)
class JacobianEntry:
    """Entry (alpha, beta) of dh_t/dh_{t-k} = J_t ... J_{t-k+1}, two ways.

    matrix: from the product of the model's step Jacobians.  paths: the post's
    closed form, the sum over every gamma_1..gamma_{k-1} of prod_l B(gamma_l,
    gamma_{l+1}, t-l) with gamma_0 = alpha and gamma_k = beta (d^(k-1) paths).
    """

    t: int
    k: int
    alpha: int
    beta: int
    matrix: float
    paths: float
    count: int


def jacobian_entry(rnn: RNN, string: str, t: int, k: int, alpha: int, beta: int) -> JacobianEntry:
    trace = rnn.forward(reber.encode(string))
    matrix = float(rnn.jacobian_product(trace, t, k)[alpha - 1, beta - 1])
    products = rnn.state_path_products(trace, t, k, alpha, beta)
    return JacobianEntry(t, k, alpha, beta, matrix, float(np.sum(products)), len(products))
