"""The post's vanilla RNN in numpy::

    h_t = sigma_h(W x_t + U h_{t-1} + b_h)     sigma_h = tanh,  h_0 = 0
    y_t = sigma_y(V h_t + b_y)                 sigma_y = logistic sigmoid

with ``W (d, n)``, ``U (d, d)``, ``V (m, d)``, ``b_h (d,)``, ``b_y (m,)``.

Index conventions are those of :mod:`model.recurrent`: in a trace,
``trace.h[t]`` is ``h_t`` (row 0 is ``h_0``) while ``trace.a[t - 1]``,
``trace.x[t - 1]`` and ``trace.y[t - 1]`` belong to step ``t``.  The post's
path algebra (A, B, paths, recurrence, per-lag parts) is in :mod:`model.paths`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lstm_explainer.model.paths import PathTerm, PostAlgebra
from lstm_explainer.model.recurrent import (
    Backward,
    OutputTrace,
    Recurrent,
    batch_major,
    check_index,
    live_rows,
    rows,
    rows_matmul,
    sigmoid,
    tanh_grad,
    time_major,
)

__all__ = ["PARAMS", "RNN", "RNNTrace", "PathTerm", "StepSplit", "step_split"]

PARAMS = ("W", "U", "V", "b_h", "b_y")


@dataclass
class RNNTrace(OutputTrace):
    """Everything the forward pass computed; a leading batch axis if batched.

    x: (T, n) inputs.  a: (T, d) hidden pre-activations W x_t + U h_{t-1} + b_h.
    h: (T+1, d) hidden states, row 0 is h_0 = 0.  z: (T, m) output
    pre-activations V h_t + b_y.  y: (T, m) outputs.
    """

    x: np.ndarray
    a: np.ndarray
    h: np.ndarray
    z: np.ndarray
    y: np.ndarray
    live: np.ndarray | None = None  # rows computed per step, see RNN.forward

    @property
    def dh_da(self) -> np.ndarray:
        """sigma_h'(a_t) = 1 - h_t^2, shape (T, d): row t - 1 belongs to step t."""
        return tanh_grad(self.h[..., 1:, :])


@dataclass
class RNN(PostAlgebra, Recurrent):
    """Parameters W (d, n), U (d, d), V (m, d), b_h (d,), b_y (m,)."""

    KIND = "rnn"
    PARAMS = PARAMS
    SHAPES = {"W": "dn", "U": "dd", "V": "md", "b_h": "d", "b_y": "m"}

    W: np.ndarray
    U: np.ndarray
    V: np.ndarray
    b_h: np.ndarray
    b_y: np.ndarray

    @classmethod
    def random(cls, n: int, d: int, m: int, rng: np.random.Generator, scale: float = 0.5) -> "RNN":
        """Gaussian weights with standard deviation ``scale / sqrt(fan_in)``, zero biases."""
        return cls(
            W=rng.normal(0.0, scale / np.sqrt(n), (d, n)),
            U=rng.normal(0.0, scale / np.sqrt(d), (d, d)),
            V=rng.normal(0.0, scale / np.sqrt(d), (m, d)),
            b_h=np.zeros(d),
            b_y=np.zeros(m),
        )

    def with_spectral_norm(self, s: float) -> "RNN":
        """A copy whose U is rescaled so that its largest singular value is ``s``."""
        return replace(self.copy(), U=self.U * (s / np.linalg.norm(self.U, 2)))

    # ---------------------------------------------------------------- forward

    def step(self, x: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
        """One recurrence step h_t = tanh(W x_t + U h_{t-1} + b_h); shapes (..., n), (..., d)."""
        return np.tanh(x @ self.W.T + h_prev @ self.U.T + self.b_h)

    def forward(self, xs: np.ndarray, scratch: bool = False, live: np.ndarray | None = None) -> RNNTrace:
        """Run ``xs`` (T, n), or a padded batch (B, T, n), from h_0 = 0.

        ``scratch`` keeps the trace in the model's work buffers, valid until
        the next scratch pass: for a backward pass that needs it only once.
        ``live`` (T,), for a batch sorted longest first: at step t only rows
        0..live[t]-1 are computed, the others keep h = 0 and y = 0 (padding a
        masked backward pass ignores; see ``bptt``).
        """
        xs = np.asarray(xs, dtype=float)
        lead, T, d = xs.shape[:-2], xs.shape[-2], self.d
        new = self._work.empty if scratch else _fresh
        # time-major (T, ..., k): each step reads and writes contiguous rows
        x = new("x", (T,) + lead + (self.n,))
        x[...] = time_major(xs)
        a = rows_matmul(x, self.W.T, out=new("a", (T,) + lead + (d,)))  # W x_t for every t at once
        a += self.b_h
        h = new("h", (T + 1,) + lead + (d,))
        h.fill(0.0)  # h_0 = 0, and rows left out stay 0
        for t in range(T):
            r = live_rows(live, t)
            a[t, r] += h[t, r] @ self.U.T  # a_t = W x_t + U h_{t-1} + b_h: only U h_{t-1} waits for the loop
            np.tanh(a[t, r], out=h[t + 1, r])  # h_t = sigma_h(a_t)
        z = rows_matmul(h[1:], self.V.T, out=new("z", (T,) + lead + (self.m,)))
        z += self.b_y  # z_t = V h_t + b_y
        y = new("y", z.shape)
        if live is None:
            sigmoid(z, out=y)  # y_t = sigma_y(z_t)
        else:
            y.fill(0.0)
            for t in range(T):
                r = live_rows(live, t)
                sigmoid(z[t, r], out=y[t, r])
        return RNNTrace(x=xs, a=batch_major(a), h=batch_major(h), z=batch_major(z), y=batch_major(y), live=live)

    # --------------------------------------------------------------- backward

    def _backward(
        self,
        trace: RNNTrace,
        dz: np.ndarray | None,
        states: bool = False,
        inputs: bool = False,
        dh_in: np.ndarray | None = None,
    ) -> Backward:
        """Backpropagation through time, carrying ``dh_next`` back from h_T to h_0.

        dz: (..., T, m) dL/dz at the output pre-activations; dh_in: (..., T, d)
        extra gradient arriving directly at h_1..h_T.  ``states`` adds dL/dh_t
        (..., T+1, d), ``inputs`` dL/dx_t (..., T, n).
        """
        T, lead, d = trace.T, trace.x.shape[:-2], self.d
        work = self._work
        # time-major views (T, ..., k), contiguous for a trace from forward(), so that each
        # product below is one 2-D matmul summing over batch and time
        h = time_major(trace.h)
        x = work.empty("x_back", (T,) + lead + (self.n,))
        x[...] = time_major(trace.x)
        grads = {"V": np.zeros_like(self.V), "b_y": np.zeros_like(self.b_y)}
        g = work.zeros("g", (T,) + lead + (d,))  # what reaches h_t from outside the recurrence
        if dz is not None:
            dz = time_major(dz)
            rows_matmul(dz, self.V, out=g)  # z_t = V h_t + b_y
            grads["V"] = rows(dz).T @ rows(h[1:])  # sum_t dz_t h_t^T
            grads["b_y"] = rows(dz).sum(axis=0)
        if dh_in is not None:
            g += time_major(dh_in)
        dh_da = tanh_grad(h[1:], out=work.empty("dh_da", g.shape))  # sigma_h'(a_t) = 1 - h_t^2
        dh = work.zeros("dh", (T + 1,) + lead + (d,))
        da = work.zeros("da", g.shape)  # rows a packed trace left out stay 0
        dh_next = np.zeros(lead + (d,))  # reaches h_t from h_{t+1}
        for t in reversed(range(T)):
            r = live_rows(trace.live, t)
            dh[t + 1, r] = g[t, r] + dh_next[r]  # h_t feeds y_t and h_{t+1}
            da[t, r] = dh[t + 1, r] * dh_da[t, r]  # h_t = sigma_h(a_t)
            dh_next = da[t] @ self.U  # a_t = W x_t + U h_{t-1} + b_h
        dh[0] = dh_next  # what reaches h_0 (a constant, but shown)
        grads["W"] = rows(da).T @ rows(x)  # sum_t da_t x_t^T
        grads["U"] = rows(da).T @ rows(h[:-1])  # sum_t da_t h_{t-1}^T
        grads["b_h"] = rows(da).sum(axis=0)
        return Backward(
            grads={name: grads[name] for name in PARAMS},
            dstate=batch_major(dh).copy() if states else None,
            dx=batch_major(rows_matmul(da, self.W)) if inputs else None,
        )

    def hidden_grad(self, xs: np.ndarray, t: int, alpha: int) -> dict[str, np.ndarray]:
        """d h_t^alpha / d theta for every parameter by BPTT (1-based t, alpha).

        This is the reference the path sum and the recurrence are checked
        against; V and b_y get zeros since h does not depend on them.
        """
        xs = np.asarray(xs, dtype=float)
        check_index("t", t, xs.shape[0])
        check_index("alpha", alpha, self.d)
        seed = np.zeros((t, self.d))
        seed[t - 1, alpha - 1] = 1.0
        return self._backward(self.forward(xs[:t]), None, dh_in=seed).grads

    # -------------------------------------------------------------- jacobians

    def step_jacobian(self, trace: RNNTrace, t: int) -> np.ndarray:
        """dh_t / dh_{t-1} = diag(sigma_h'(a_t)) U, shape (d, d), 1-based t."""
        check_index("t", t, trace.T)
        return trace.dh_da[t - 1][:, None] * self.U

    def jacobian_norms(self, trace: RNNTrace, t: int | None = None) -> np.ndarray:
        """Spectral norms of dh_t/dh_{t-k} for k = 0..t (t defaults to T), shape (t+1,)."""
        t = trace.T if t is None else t
        check_index("t", t, trace.T)
        out = [1.0]
        prod = np.eye(self.d)
        for s in range(t, 0, -1):
            prod = prod @ self.step_jacobian(trace, s)
            out.append(np.linalg.norm(prod, 2))
        return np.array(out)


def _fresh(name: str, shape: tuple[int, ...]) -> np.ndarray:
    """A new array for a trace the caller keeps (``name`` is the work buffer's, unused)."""
    return np.empty(shape)


@dataclass(frozen=True)
class StepSplit:
    """dy_t^k / d theta split at step t, as the post splits it at t = 2 (arrays of theta's shape).

    direct: the part with h_{t-1} held fixed, theta acting on a_t alone.  indirect: the part
    that reaches a_t through h_{t-1}, i.e. sigma_y' sum_alpha v_k,alpha sigma_h'(a_t^alpha)
    sum_beta u_alpha,beta dh_{t-1}^beta/d theta.  Their sum is dy_t^k / d theta.
    """

    direct: np.ndarray
    indirect: np.ndarray


def step_split(rnn: RNN, xs: np.ndarray, t: int, k: int, param: str) -> StepSplit:
    """The direct and the indirect part of dy_t^k / d param (1-based t, k; param W, U or b_h)."""
    xs = np.asarray(xs, dtype=float)
    check_index("t", t, xs.shape[0])
    check_index("k", k, rnn.m)
    if param not in ("W", "U", "b_h"):
        raise ValueError(f"only W, U and b_h act on the hidden state, not {param!r}")
    trace = rnn.forward(xs[:t])
    # y_t^k = sigma_y(z_t^k), z_t = V h_t + b_y, h_t = tanh(a_t): dy_t^k / da_t
    da = trace.dy_dz[t - 1, k - 1] * rnn.V[k - 1] * trace.dh_da[t - 1]
    # a_t = W x_t + U h_{t-1} + b_h with h_{t-1} fixed: da_t/d theta is x_t, h_{t-1} or 1
    inner = {"W": trace.x[t - 1], "U": trace.h[t - 1]}.get(param)
    direct = da if inner is None else np.outer(da, inner)
    # through h_{t-1}: dy_t^k/dh_{t-1} = da_t U, times the Jacobian of h_{t-1}^beta by theta
    dh_prev = da @ rnn.U
    indirect = np.zeros_like(direct)
    if t > 1:
        for beta in range(1, rnn.d + 1):
            indirect += dh_prev[beta - 1] * rnn.hidden_grad(xs, t - 1, beta)[param]
    return StepSplit(direct=direct, indirect=indirect)
