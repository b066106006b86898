"""The post's path algebra for the vanilla RNN: A, B, the closed form as a sum over
paths, its recurrence, and the gradient split by lag.

:class:`PostAlgebra` is mixed into :class:`model.rnn.RNN`, so these read as the post
writes them, ``rnn.B(trace, alpha, gamma, t)``.  Every index is 1-based as in the
post: time steps ``t``, hidden units ``alpha, gamma, i`` in 1..d, inputs ``j`` in
1..n (1..d for U), outputs ``k`` in 1..m.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from lstm_explainer.model.loss import bce_dz
from lstm_explainer.model.recurrent import OutputTrace, check_index

MAX_TANH_SLOPE = 1.0  # max |sigma_h'| = max |tanh'|, the constant of the bound on the Jacobian norms


@dataclass(frozen=True)
class PathTerm:
    """One path of the post's closed form for dh_t^alpha / dw_ij (or du_ij).

    k: path length (the lag).  gammas: (gamma_0 = alpha, gamma_1, ..., gamma_k),
    1-based.  B: the k factors B(gamma_l, gamma_{l+1}, t - l), l = 0..k-1.
    A: the factor A(gamma_k, t - k).  product: prod(B) * A.
    """

    k: int
    gammas: tuple[int, ...]
    B: tuple[float, ...]
    A: float
    product: float


@dataclass(frozen=True)
class StatePath:
    """A path gamma_0, ..., gamma_k between hidden units, taken back in time from step t.

    slopes[l] = sigma_h'(a_{t-l}^{gamma_l}), u[l] = u_{gamma_l gamma_{l+1}}, B[l] = slopes[l] u[l]
    (the post's B(gamma_l, gamma_{l+1}, t-l)); running[l] = B[0] ... B[l], the product so far.
    """

    t: int
    gammas: tuple[int, ...]
    slopes: tuple[float, ...]
    u: tuple[float, ...]
    B: tuple[float, ...]
    running: tuple[float, ...]

    @property
    def product(self) -> float:
        return self.running[-1] if self.running else 1.0


@dataclass(frozen=True)
class LagSplit:
    """dL/dW (or dU) of the cross-entropy loss at the last step T, split by lag.

    parts: (T, d, n), part l travels l steps back.  norms: their Frobenius norms.
    total: the full gradient by BPTT, which the parts add up to.
    """

    parts: np.ndarray
    norms: np.ndarray
    total: np.ndarray


class PostAlgebra:
    """The post's quantities for an RNN with ``U``, ``V``, ``forward``, ``step_jacobian``, ``output_dz``."""

    def _trace(self, xs_or_trace):
        return xs_or_trace if isinstance(xs_or_trace, OutputTrace) else self.forward(xs_or_trace)

    def A(self, trace, alpha: int, t: int, i: int, j: int, param: str) -> float:
        """The post's A(alpha, t) for the weight w_ij (param "W") or u_ij (param "U").

        W: sigma_h'(a_t^alpha) delta(alpha, i) x_t^j.
        U: sigma_h'(a_t^alpha) delta(alpha, i) h_{t-1}^j.
        """
        check_index("t", t, trace.T)
        check_index("alpha", alpha, self.d)
        check_index("i", i, self.d)
        if alpha != i:
            return 0.0
        source = _source(trace, t, param)
        check_index("j", j, source.shape[0])
        return float(trace.dh_da[t - 1, alpha - 1] * source[j - 1])

    def B(self, trace, alpha: int, gamma: int, t: int) -> float:
        """The post's B(alpha, gamma, t) = sigma_h'(a_t^alpha) u_{alpha gamma}."""
        check_index("t", t, trace.T)
        check_index("alpha", alpha, self.d)
        check_index("gamma", gamma, self.d)
        return float(trace.dh_da[t - 1, alpha - 1] * self.U[alpha - 1, gamma - 1])

    def paths(self, xs_or_trace, t: int, alpha: int, i: int, j: int, param: str, skip_zero: bool = False) -> Iterator[PathTerm]:
        """Every path of the closed form for dh_t^alpha / dw_ij (or du_ij), literally.

        For k = 0..t-1 and every gamma_1..gamma_k in 1..d (gamma_0 = alpha)
        yields the term prod_{l<k} B(gamma_l, gamma_{l+1}, t-l) * A(gamma_k, t-k).
        There are sum_k d^k of them.  ``skip_zero`` leaves out the paths
        whose A vanishes because gamma_k != i (the Kronecker delta).

        The post prints A(gamma_1, t), A(gamma_2, t) in its unrolled
        recurrence and lets gamma run to n; the correct factors, used here,
        are A(gamma_k, t - k) with every gamma_l running over the d hidden
        units.  The same A formula covers U with h_{t-k-1}^j in place of x_{t-k}^j.
        """
        trace = self._trace(xs_or_trace)
        check_index("t", t, trace.T)
        check_index("alpha", alpha, self.d)
        units = range(1, self.d + 1)
        for k in range(t):
            for tail in itertools.product(units, repeat=k):
                gammas = (alpha,) + tail
                if skip_zero and gammas[-1] != i:
                    continue
                b = tuple(self.B(trace, gammas[l], gammas[l + 1], t - l) for l in range(k))
                a = self.A(trace, gammas[-1], t - k, i, j, param)
                yield PathTerm(k=k, gammas=gammas, B=b, A=a, product=float(np.prod(b) * a))

    def jacobian_product(self, xs_or_trace, t: int, k: int) -> np.ndarray:
        """dh_t / dh_{t-k} = J_t J_{t-1} ... J_{t-k+1} with J_s the step Jacobian, shape (d, d)."""
        trace = self._trace(xs_or_trace)
        check_index("t", t, trace.T)
        if not 0 <= k <= t:
            raise ValueError(f"lag k={k} must lie in 0..t={t}")
        product = np.eye(self.d)
        for s in range(t, t - k, -1):
            product = product @ self.step_jacobian(trace, s)
        return product

    def state_path_products(self, xs_or_trace, t: int, k: int, alpha: int, beta: int) -> list[float]:
        """prod_{l<k} B(gamma_l, gamma_{l+1}, t-l) for every path gamma_0 = alpha, ..., gamma_k = beta.

        The d^(k-1) paths of lag k >= 1 between two hidden units, enumerated literally;
        their sum is entry (alpha, beta) of :meth:`jacobian_product`.
        """
        trace = self._trace(xs_or_trace)
        check_index("t", t, trace.T)
        check_index("alpha", alpha, self.d)
        check_index("beta", beta, self.d)
        if not 1 <= k <= t:
            raise ValueError(f"lag k={k} must lie in 1..t={t}")
        units = range(1, self.d + 1)
        return [
            float(np.prod([self.B(trace, g[l], g[l + 1], t - l) for l in range(k)]))
            for g in ((alpha, *middle, beta) for middle in itertools.product(units, repeat=k - 1))
        ]

    def strongest_path(self, xs_or_trace, t: int, k: int, alpha: int | None = None) -> tuple[int, ...]:
        """The path gamma_0..gamma_k whose |prod_{l<k} B(gamma_l, gamma_{l+1}, t-l)| is largest.

        The best of the d^k paths of lag k, found by dynamic programming over
        log|B| (Viterbi) instead of enumerating them.  ``alpha`` fixes
        gamma_0; by default the start is free too.  Ties go to the lowest unit.
        """
        trace = self._trace(xs_or_trace)
        check_index("t", t, trace.T)
        if not 0 <= k < t:
            raise ValueError(f"path length k={k} must lie in 0..t-1={t - 1}")
        if alpha is not None:
            check_index("alpha", alpha, self.d)
        with np.errstate(divide="ignore"):  # a zero factor is log 0 = -inf: never the best
            log_b = [np.log(np.abs(self.step_jacobian(trace, t - l))) for l in range(k)]
        best = np.zeros(self.d)  # best log-product from gamma_l = g to the path's end
        choices = []
        for l in reversed(range(k)):
            scores = log_b[l] + best[None, :]  # [gamma_l, gamma_{l+1}]
            choices.append(scores.argmax(axis=1))
            best = scores.max(axis=1)
        gammas = [int(best.argmax()) if alpha is None else alpha - 1]
        for choice in reversed(choices):
            gammas.append(int(choice[gammas[-1]]))
        return tuple(g + 1 for g in gammas)

    def state_path(self, xs_or_trace, t: int, gammas) -> StatePath:
        """The factors B(gamma_l, gamma_{l+1}, t-l) along ``gammas`` and their running product."""
        trace = self._trace(xs_or_trace)
        k = len(gammas) - 1
        b = tuple(self.B(trace, gammas[l], gammas[l + 1], t - l) for l in range(k))
        return StatePath(
            t=t,
            gammas=tuple(gammas),
            slopes=tuple(float(trace.dh_da[t - l - 1, gammas[l] - 1]) for l in range(k)),
            u=tuple(float(self.U[gammas[l] - 1, gammas[l + 1] - 1]) for l in range(k)),
            B=b,
            running=tuple(float(v) for v in np.cumprod(b)),
        )

    def norm_bound(self, lags) -> np.ndarray:
        """(max|sigma_h'| s)^l for each lag l, with s = ||U||_2 and max|tanh'| = 1: the bound on ||dh_t/dh_{t-l}||_2.

        (Pascanu, Mikolov & Bengio 2013.)  Overflows to inf, never nan.
        """
        s = float(np.linalg.norm(self.U, 2))
        with np.errstate(over="ignore"):
            return (MAX_TANH_SLOPE * s) ** np.asarray(lags, dtype=float)

    def loss_lag_split(self, xs: np.ndarray, target: np.ndarray, param: str = "W") -> LagSplit:
        """The cross-entropy loss on y_T against ``target`` (m,), its gradient split by lag (:meth:`lag_contributions`)."""
        xs = np.asarray(xs, dtype=float)
        T = xs.shape[0]
        dz = np.zeros((T, self.m))
        dz[T - 1] = bce_dz(self.forward(xs).y[T - 1], target)
        parts = self.lag_contributions(xs, T, param=param, dz_t=dz[T - 1])
        return LagSplit(parts, np.linalg.norm(parts, axis=(1, 2)), self.bptt(xs, dz=dz)[param])

    def path_sum(self, xs_or_trace, t: int, alpha: int, i: int, j: int, param: str) -> float:
        """The post's closed form for dh_t^alpha / dw_ij or du_ij: the sum over all paths."""
        return float(sum(p.product for p in self.paths(xs_or_trace, t, alpha, i, j, param)))

    def recurrence(self, xs_or_trace, t: int, i: int, j: int, param: str) -> np.ndarray:
        """dh_t / dw_ij (or du_ij) for all alpha, shape (d,), by dh_s = A_s + B_s dh_{s-1}.

        A_s is the vector of A(alpha, s) over alpha and B_s the matrix of
        B(alpha, gamma, s), i.e. the step Jacobian; the recursion starts from
        dh_0 = 0 because h_0 is a constant.
        """
        trace = self._trace(xs_or_trace)
        check_index("t", t, trace.T)
        check_index("i", i, self.d)
        dh = np.zeros(self.d)
        for s in range(1, t + 1):
            a_vec = np.zeros(self.d)
            a_vec[i - 1] = self.A(trace, i, s, i, j, param)
            dh = a_vec + self.step_jacobian(trace, s) @ dh
        return dh

    def lag_contributions(
        self, xs: np.ndarray, t: int, k: int | None = None, param: str = "W", dz_t: np.ndarray | None = None
    ) -> np.ndarray:
        """How much of d y_t^k / dW (or dU) arrives through each lag, shape (t, d, n) or (t, d, d).

        Entry l is the term with l steps of recurrence, delta_{t-l} x_{t-l}^T
        (h_{t-l-1}^T for U), where delta_t = sigma_h'(a_t) * (V^T dz_t) and
        delta_{s-1} = sigma_h'(a_{s-1}) * (U^T delta_s).  Summed over l it is
        the full gradient; its norm against l is what vanishes or explodes.
        Give 1-based ``k`` for the output y_t^k, or ``dz_t`` (m,) = dL/dz_t
        for a loss at step t.
        """
        if param not in ("W", "U"):
            raise ValueError(f"param must be 'W' or 'U', not {param!r}")
        trace = self.forward(np.asarray(xs, dtype=float)[:t])
        dh_da = trace.dh_da
        delta = dh_da[t - 1] * (self.output_dz(trace, t, k, dz_t) @ self.V)  # at a_t
        out = []
        for s in range(t, 0, -1):  # the step lag t - s reaches back to
            out.append(np.outer(delta, _source(trace, s, param)))
            if s > 1:
                delta = dh_da[s - 2] * (delta @ self.U)  # a_s = ... + U h_{s-1}, h_{s-1} = sigma_h(a_{s-1})
        return np.array(out)

    def lag_norms(self, xs: np.ndarray, dz: np.ndarray, param: str = "W") -> np.ndarray:
        """Frobenius norm of the lag-l part of dL/dW (or dU), l = 0..T-1, for dz = dL/dz (T, m).

        The lag-l part sums, over every step t, the terms that travel l steps
        back from y_t; the parts add up to the full BPTT gradient.
        """
        xs = np.asarray(xs, dtype=float)
        T = xs.shape[0]
        total = np.zeros((T, self.d, self.n if param == "W" else self.d))
        for t in range(1, T + 1):
            total[:t] += self.lag_contributions(xs, t, param=param, dz_t=dz[t - 1])
        return np.linalg.norm(total, axis=(1, 2))


def _source(trace, t: int, param: str) -> np.ndarray:
    """What w_ij or u_ij multiplies at step t: x_t for W, h_{t-1} for U."""
    if param == "W":
        return trace.x[t - 1]
    if param == "U":
        return trace.h[t - 1]
    raise ValueError(f"param must be 'W' or 'U', not {param!r}")
