"""What the log plots of scene 6 draw: the Jacobian norm curves, the dial's curves, the per-lag parts.

The norms, bounds and gradients are the model's (``jacobian_norms``, ``norm_bound``,
``loss_lag_split``); this module picks the string they read, the window of decades
the plots draw (values outside are clipped to its edge, with a note) and the regimes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_explainer.model import reber
from lstm_explainer.model.paths import LagSplit
from lstm_explainer.model.rnn import RNN

# The window of decades a log plot draws; values outside are clipped to its edge with a note.
# The ceiling crops what no curve of the scene needs: the bounds of s > 1 leave the plot at its top.
LOG_FLOOR = -60
LOG_CEILING = 10

# The norm curves need about this many steps to show their trend: more than one Reber string has.
PLOT_STEPS = 50



def curve_string(string: str, steps: int = PLOT_STEPS) -> str:
    """`string` repeated back to back (h carried over, not reset) in whole copies, at least `steps` symbols."""
    return string * -(-steps // len(string))


def decade_window(values, margin: float = 0.5) -> tuple[int, int]:
    """Whole decades [floor, ceiling] holding every non-zero |value| with at least `margin` decades to spare."""
    sizes = np.abs(np.asarray(values, dtype=float))
    logs = np.log10(sizes[sizes > 0])  # a zero is drawn as an empty bar, at no height
    return int(np.floor(logs.min() - margin)), int(np.ceil(logs.max() + margin))


def product_window(factors) -> tuple[int, int]:
    """The decades the |product| bar spans: the running product from 1 (no factor yet) to its last value."""
    return decade_window([1.0] + [f.product for f in factors])


@dataclass(frozen=True)
class NormCurve:
    """||dh_T/dh_{T-k}||_2 for lags k = 0..k_max and the bound (max|tanh'| s)^k, with s = ||U||_2.

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


def norm_curve(net: RNN, xs: np.ndarray, k_max: int | None = None, floor: float = LOG_FLOOR, ceiling: float = LOG_CEILING) -> NormCurve:
    """The norm curve of ``net`` on ``xs`` at its last step T, for lags k = 0..k_max (default T)."""
    T = xs.shape[0]
    k_max = T if k_max is None else min(k_max, T)
    with np.errstate(over="ignore", invalid="ignore"):
        norms = net.jacobian_norms(net.forward(xs))[: k_max + 1]
    norms = np.where(np.isnan(norms), np.inf, norms)  # an overflowed product is "inf", never nan
    ks = np.arange(k_max + 1)
    return NormCurve(float(np.linalg.norm(net.U, 2)), ks, norms, net.norm_bound(ks), floor, ceiling)


def dial_curve(rnn: RNN, xs: np.ndarray, s: float, floor: float = LOG_FLOOR, ceiling: float = LOG_CEILING) -> NormCurve:
    """The norm curve with U rescaled to largest singular value ``s`` (what the dial drives)."""
    return norm_curve(rnn.with_spectral_norm(s), xs, floor=floor, ceiling=ceiling)


@dataclass(frozen=True)
class DialPosition:
    """What the plot draws with the dial at one position: log10 norms and bound (clipped), and the capped k."""

    log_norms: np.ndarray
    log_bound: np.ndarray
    capped: np.ndarray


@dataclass(frozen=True)
class DialCurves:
    """The norm curve at each of the dial's settings (ascending), each computed once.

    While the dial turns from one setting to the next, ``at(s)`` interpolates the drawn
    values linearly in log s (the dial's own scale) instead of rescaling U again: exact
    at a setting, and for the bound, which is linear in log s, everywhere (clipped after).
    """

    settings: tuple[float, ...]
    curves: tuple[NormCurve, ...]

    @property
    def ks(self) -> np.ndarray:
        return self.curves[0].ks

    def curve(self, setting: float) -> NormCurve:
        return self.curves[self.settings.index(setting)]

    def at(self, s: float) -> DialPosition:
        logs = np.log(self.settings)
        upper = int(np.clip(np.searchsorted(logs, np.log(s)), 1, len(logs) - 1))
        low, high = self.curves[upper - 1], self.curves[upper]
        share = float(np.clip((np.log(s) - logs[upper - 1]) / (logs[upper] - logs[upper - 1]), 0.0, 1.0))
        nearer = high if share >= 0.5 else low
        # the bound is interpolated before it is clipped: it leaves the plot where the rescaled bound does
        with np.errstate(divide="ignore"):
            low_bound, high_bound = (np.nan_to_num(np.log10(c.bound), posinf=1e300, neginf=-1e300) for c in (low, high))
        return DialPosition(
            (1 - share) * low.log_norms + share * high.log_norms,
            np.clip((1 - share) * low_bound + share * high_bound, low.floor, low.ceiling),
            nearer.capped,
        )


def dial_curves(rnn: RNN, xs: np.ndarray, settings, floor: float = LOG_FLOOR, ceiling: float = LOG_CEILING) -> DialCurves:
    """The norm curves with U rescaled to each of the dial's `settings` (at least two, ascending), drawn in [floor, ceiling]."""
    settings = tuple(float(s) for s in settings)
    if len(settings) < 2 or list(settings) != sorted(settings):
        raise ValueError(f"a dial needs two or more ascending settings, not {settings}")
    return DialCurves(settings, tuple(dial_curve(rnn, xs, s, floor, ceiling) for s in settings))


def preactivation(rnn: RNN, string: str, step: int, unit: int) -> float:
    """a_step^unit, the hidden unit's input to tanh at `step` (1-based) as the net reads `string`: where its slope is read."""
    return float(rnn.forward(reber.encode(string)).a[step - 1, unit - 1])


LagProfile = LagSplit  # the per-lag parts of a loss's gradient, as the plot draws them


def lag_profile(rnn: RNN, string: str, param: str = "W", copies: int = 1) -> LagSplit:
    """The per-lag parts of dL/dW (or dU) for the loss on the prediction after the last symbol.

    With `copies`, the network reads `string` that many times back to back; the target
    is still the legal set after the string's last symbol.
    """
    return rnn.loss_lag_split(reber.encode(string * copies), reber.next_target(string), param)
