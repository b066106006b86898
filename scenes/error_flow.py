"""What the error-flow scenes (ErrorRecurrence, VanishingProduct) show, as plain data.

Every function here asks the model (model.rnn) for its numbers and only sorts,
selects and clips them for display; no manim import, so the tests call the very
functions the scenes call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import reber, train
from model.rnn import RNN, PathTerm
from scenes import theme

# gamma = max |sigma_h'| = max |tanh'| = 1, the constant of the bound ||dh_t/dh_{t-k}|| <= (gamma s)^k
# (Pascanu, Mikolov & Bengio 2013).
GAMMA = 1.0

# A valid Reber string of 50 symbols: the default string BTSSXXTVVE with the grammar's
# T-V-P-X loop taken ten extra times, long enough for the norm curves to show their trend.
LONG_STRING = "BTSSXX" + "TVPX" * 10 + "TVVE"
LONG_STRING_LABEL = "BTSSXX (TVPX)×10 TVVE"


# ------------------------------------------------------------ paths (scene 5)


@dataclass(frozen=True)
class PathTable:
    """The closed form's paths for dh_t^alpha / dw_ij, largest |product| first.

    terms: every PathTerm (sum_k d^k of them).  running: the partial sums in that
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
        """How many paths have lag k, k = 0..t-1: d^k each."""
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


# --------------------------------------------------- the long product (scene 6)


@dataclass(frozen=True)
class Factor:
    """One factor B(gamma_l, gamma_{l+1}, t-l) = sigma_h'(a_{t-l}^{gamma_l}) u_{gamma_l gamma_{l+1}}."""

    l: int
    step: int  # t - l
    gamma: int  # gamma_l
    gamma_next: int  # gamma_{l+1}
    dtanh: float  # sigma_h'(a_{t-l}^{gamma_l}) = 1 - (h_{t-l}^{gamma_l})^2
    u: float
    value: float  # the model's B
    product: float  # the product of this factor and all before it


def longest_path(rnn: RNN, string: str, t: int | None = None) -> list[Factor]:
    """The factors of the strongest path of the longest lag k = t - 1 (t defaults to the last step)."""
    trace = rnn.forward(reber.encode(string))
    t = trace.T if t is None else t
    gammas = rnn.strongest_path(trace, t, t - 1)
    factors, product = [], 1.0
    for l in range(t - 1):
        g, g_next = gammas[l], gammas[l + 1]
        value = rnn.B(trace, g, g_next, t - l)
        product *= value
        dtanh = float(trace.dh_da[t - l - 1, g - 1])
        factors.append(Factor(l, t - l, g, g_next, dtanh, float(rnn.U[g - 1, g_next - 1]), value, product))
    return factors


# ------------------------------------------------------- norm curves (scene 6)


@dataclass(frozen=True)
class NormCurve:
    """||dh_T/dh_{T-k}||_2 for k = 0..k_max and the bound (gamma s)^k, with s = ||U||_2.

    norms and bound may hold 0 or inf (never nan); ``log_norms`` and ``log_bound``
    are their log10 clipped to [floor, ceiling], and ``capped`` marks the k
    whose norm lies outside that window (drawn at the edge, with a note).
    """

    s: float
    ks: np.ndarray
    norms: np.ndarray
    bound: np.ndarray
    floor: float
    ceiling: float

    @property
    def log_norms(self) -> np.ndarray:
        return clipped_log10(self.norms, self.floor, self.ceiling)

    @property
    def log_bound(self) -> np.ndarray:
        return clipped_log10(self.bound, self.floor, self.ceiling)

    @property
    def capped(self) -> np.ndarray:
        with np.errstate(divide="ignore"):
            logs = np.log10(self.norms)
        return (logs < self.floor) | (logs > self.ceiling)


def clipped_log10(values: np.ndarray, floor: float, ceiling: float) -> np.ndarray:
    """log10 of non-negative values, 0 and inf included, clipped to [floor, ceiling]."""
    with np.errstate(divide="ignore"):
        return np.clip(np.log10(np.asarray(values, dtype=float)), floor, ceiling)


def norm_curve(net: RNN, xs: np.ndarray, k_max: int | None = None, floor: float = theme.LOG_FLOOR, ceiling: float = theme.LOG_CEILING) -> NormCurve:
    """The norm curve of ``net`` on ``xs`` at its last step T, for lags k = 0..k_max (default T)."""
    T = xs.shape[0]
    k_max = T if k_max is None else min(k_max, T)
    with np.errstate(over="ignore", invalid="ignore"):
        norms = net.jacobian_norms(net.forward(xs))[: k_max + 1]
    norms = np.where(np.isnan(norms), np.inf, norms)  # an overflowed product is "inf", never nan
    s = float(np.linalg.norm(net.U, 2))
    ks = np.arange(k_max + 1)
    with np.errstate(over="ignore"):
        bound = (GAMMA * s) ** ks.astype(float)
    return NormCurve(s, ks, norms, bound, floor, ceiling)


def dial_curve(rnn: RNN, xs: np.ndarray, s: float, floor: float = theme.LOG_FLOOR, ceiling: float = theme.LOG_CEILING) -> NormCurve:
    """The norm curve with U rescaled to largest singular value ``s`` (what the dial drives)."""
    return norm_curve(rnn.with_spectral_norm(s), xs, floor=floor, ceiling=ceiling)


def norm_curves(rnn: RNN, string: str, s_values, k_max: int | None = None) -> dict[str, NormCurve]:
    """The trained network's curve (key "trained") and one per rescaled s (key f"s={s}")."""
    xs = reber.encode(string)
    curves = {"trained": norm_curve(rnn, xs, k_max)}
    for s in s_values:
        curves[f"s={s}"] = norm_curve(rnn.with_spectral_norm(s), xs, k_max)
    return curves


# -------------------------------------------------- per-lag gradient (scene 6)


@dataclass(frozen=True)
class LagProfile:
    """dL/dW for the cross-entropy loss at the last step T, split by lag.

    parts: (T, d, n), part k travels k steps back.  norms: their Frobenius
    norms.  total: the full gradient by BPTT, which the parts add up to.
    """

    parts: np.ndarray
    norms: np.ndarray
    total: np.ndarray


def lag_profile(rnn: RNN, string: str, param: str = "W") -> LagProfile:
    """The per-lag parts of dL/dW (or dU) for the loss on the prediction after the last symbol."""
    xs = reber.encode(string)
    T = xs.shape[0]
    target = reber.multi_hot(reber.successors(string))[T - 1]
    dz_T = train.bce_dz(rnn.forward(xs).y[T - 1], target)
    parts = rnn.lag_contributions(xs, T, param=param, dz_t=dz_T)
    dz = np.zeros((T, rnn.m))
    dz[T - 1] = dz_T
    total = rnn.bptt(xs, dz=dz)[param]
    return LagProfile(parts, np.linalg.norm(parts, axis=(1, 2)), total)
