"""A vanilla RNN in numpy, with every quantity of the post exposed.

The network is the post's::

    h_t = sigma_h(W x_t + U h_{t-1} + b_h)     sigma_h = tanh,  h_0 = 0
    y_t = sigma_y(V h_t + b_y)                 sigma_y = logistic sigmoid

with ``W (d, n)``, ``U (d, d)``, ``V (m, d)``, ``b_h (d,)``, ``b_y (m,)``.

Index conventions.  Arrays are 0-based numpy arrays, but every function that
exposes one of the post's formulas (``output_grad``, ``A``, ``B``,
``step_jacobian``, ``paths``, ``path_sum``, ``recurrence``,
``lag_contributions``, ...) takes the post's 1-based indices: time steps
``t = 1..T``, hidden units ``alpha, gamma, i = 1..d``, inputs ``j = 1..n``
(``j = 1..d`` for U), outputs ``k = 1..m``.  In a trace, ``trace.h[t]`` is
``h_t`` (row 0 is ``h_0``) while ``trace.a[t - 1]``, ``trace.x[t - 1]`` and
``trace.y[t - 1]`` belong to step ``t``.

Sequences are ``(T, n)`` arrays; a padded batch is ``(B, T, n)`` and every
array in its trace gains the same leading ``B`` axis.  Padding goes at the
end, so masking the loss gradient is all the backward pass needs.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

import numpy as np

PARAMS = ("W", "U", "V", "b_h", "b_y")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function as (1 + tanh(z / 2)) / 2: exact and never overflows.

    Computed in place on one new array, because elementwise passes over a
    large batch cost more in allocation than in arithmetic.
    """
    out = np.multiply(z, 0.5)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


@dataclass
class RNNTrace:
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

    @property
    def T(self) -> int:
        return self.x.shape[-2]


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


@dataclass
class RNN:
    """Parameters W (d, n), U (d, d), V (m, d), b_h (d,), b_y (m,)."""

    W: np.ndarray
    U: np.ndarray
    V: np.ndarray
    b_h: np.ndarray
    b_y: np.ndarray

    def __post_init__(self) -> None:
        for name in PARAMS:
            setattr(self, name, np.asarray(getattr(self, name), dtype=float))
        problem = _shape_problem({name: getattr(self, name) for name in PARAMS})
        if problem:
            raise ValueError(problem)

    # ------------------------------------------------------------------ setup

    @property
    def n(self) -> int:
        return self.W.shape[1]

    @property
    def d(self) -> int:
        return self.W.shape[0]

    @property
    def m(self) -> int:
        return self.V.shape[0]

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

    def params(self) -> dict[str, np.ndarray]:
        """The parameters by name (the arrays themselves, not copies)."""
        return {name: getattr(self, name) for name in PARAMS}

    def copy(self) -> "RNN":
        return RNN(**{name: value.copy() for name, value in self.params().items()})

    def with_spectral_norm(self, s: float) -> "RNN":
        """A copy whose U is rescaled so that its largest singular value is ``s``."""
        return replace(self.copy(), U=self.U * (s / np.linalg.norm(self.U, 2)))

    # ---------------------------------------------------------------- forward

    def step(self, x: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
        """One recurrence step h_t = tanh(W x_t + U h_{t-1} + b_h); shapes (..., n), (..., d)."""
        return np.tanh(x @ self.W.T + h_prev @ self.U.T + self.b_h)

    def forward(self, xs: np.ndarray) -> RNNTrace:
        """Run ``xs`` (T, n), or a padded batch (B, T, n), from h_0 = 0."""
        xs = np.asarray(xs, dtype=float)
        lead, T = xs.shape[:-2], xs.shape[-2]
        # time-major (T, ..., n) so that each step reads and writes contiguous rows
        x_tm = np.moveaxis(xs, -2, 0)
        # the input term of every step at once; only U h_{t-1} must wait for the loop
        a = _rows_matmul(x_tm, self.W.T)
        a += self.b_h  # in place: each fresh large array costs page faults
        h = np.zeros((T + 1,) + lead + (self.d,))
        for t in range(T):
            a[t] += h[t] @ self.U.T
            np.tanh(a[t], out=h[t + 1])
        z = _rows_matmul(h[1:], self.V.T)
        z += self.b_y
        y = sigmoid(z)
        return RNNTrace(x=xs, a=_batch_major(a), h=_batch_major(h), z=_batch_major(z), y=_batch_major(y))

    def _trace(self, xs_or_trace) -> RNNTrace:
        return xs_or_trace if isinstance(xs_or_trace, RNNTrace) else self.forward(xs_or_trace)

    # --------------------------------------------------------------- backward

    def _backward(self, trace: RNNTrace, dz: np.ndarray | None = None, dh_in: np.ndarray | None = None):
        """Backpropagation through time.

        dz: (..., T, m) gradient with respect to the output pre-activations z.
        dh_in: (..., T, d) extra gradient arriving directly at h_1..h_T.
        Returns (grads, dh, dx): parameter gradients summed over the batch,
        dh (..., T+1, d) the total gradient reaching each h_t (row 0 is h_0)
        and dx (..., T, n) the gradient reaching each input.
        """
        T = trace.T
        lead = trace.x.shape[:-2]
        # time-major views (T, ..., k): for a trace from forward() they are contiguous,
        # so every matmul below is one plain 2-D product over batch and time
        h, x = _time_major(trace.h), _time_major(trace.x)
        grads = {name: np.zeros_like(value) for name, value in self.params().items()}
        # what reaches h_t from y_t, for all t at once: dz_t V
        g = np.zeros((T,) + lead + (self.d,))
        if dz is not None:
            dz = _time_major(dz)
            g += _rows_matmul(dz, self.V)
            grads["V"] = _rows(dz).T @ _rows(h[1:])  # dz_t h_t^T
            grads["b_y"] = _rows(dz).sum(axis=0)
        if dh_in is not None:
            g += _time_major(dh_in)
        dtanh = np.square(h[1:])
        np.subtract(1.0, dtanh, out=dtanh)  # sigma_h'(a_t) = 1 - h_t^2
        da = np.empty_like(g)
        dh = np.zeros((T + 1,) + lead + (self.d,))
        dh_next = np.zeros(lead + (self.d,))  # gradient reaching h_t from h_{t+1}
        for t in reversed(range(T)):
            np.add(g[t], dh_next, out=dh[t + 1])  # h_t feeds y_t and h_{t+1}
            np.multiply(dh[t + 1], dtanh[t], out=da[t])  # through tanh
            dh_next = da[t] @ self.U  # a_t = ... + U h_{t-1}
        dh[0] = dh_next  # what reaches h_0 (zero by definition, but shown)
        grads["W"] = _rows(da).T @ _rows(x)  # da_t x_t^T
        grads["U"] = _rows(da).T @ _rows(h[:-1])  # da_t h_{t-1}^T
        grads["b_h"] = _rows(da).sum(axis=0)
        return grads, _batch_major(dh), _batch_major(_rows_matmul(da, self.W))

    def bptt(
        self,
        xs: np.ndarray,
        dy: np.ndarray | None = None,
        mask: np.ndarray | None = None,
        *,
        dz: np.ndarray | None = None,
        trace: RNNTrace | None = None,
    ) -> dict[str, np.ndarray]:
        """Gradients of ``sum(mask * dy * y)`` for every parameter, keyed W U V b_h b_y.

        xs: (T, n) or a padded batch (B, T, n); dy: (T, m) or (B, T, m);
        mask: (B, T) (or (T,)), 1 on real steps.  Pass a loss gradient
        dy = dL/dy to get dL/dtheta.  Alternatively pass ``dz = dL/dz`` (the
        output pre-activation), which avoids dividing by sigma_y' when the
        loss is cross-entropy.  ``trace`` reuses a forward pass of ``xs``.
        """
        trace = trace if trace is not None else self.forward(xs)
        dz = _output_grad_z(trace.y, dy, dz, mask)
        return self._backward(trace, dz=dz)[0]

    def hidden_grads(self, xs: np.ndarray, dy: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """dL/dh_t for t = 0..T, shape (..., T+1, d), for L = sum(mask * dy * y).

        This is the ``dh_next`` signal of BPTT: the quantity that vanishes.
        """
        trace = self.forward(xs)
        return self._backward(trace, dz=_output_grad_z(trace.y, dy, None, mask))[1]

    def output_grad(self, xs: np.ndarray, t: int, k: int) -> dict[str, np.ndarray]:
        """The post's dy_t^k / d theta for every parameter (1-based t and k)."""
        xs = np.asarray(xs, dtype=float)
        _check_index("t", t, xs.shape[0])
        _check_index("k", k, self.m)
        dy = np.zeros((t, self.m))
        dy[t - 1, k - 1] = 1.0
        # later inputs cannot influence y_t, so the prefix is enough
        return self.bptt(xs[:t], dy)

    def hidden_grad(self, xs: np.ndarray, t: int, alpha: int) -> dict[str, np.ndarray]:
        """d h_t^alpha / d theta for every parameter by BPTT (1-based t, alpha).

        This is the reference the path sum and the recurrence are checked
        against; V and b_y get zeros since h does not depend on them.
        """
        xs = np.asarray(xs, dtype=float)
        _check_index("t", t, xs.shape[0])
        _check_index("alpha", alpha, self.d)
        seed = np.zeros((t, self.d))
        seed[t - 1, alpha - 1] = 1.0
        return self._backward(self.forward(xs[:t]), dh_in=seed)[0]

    # -------------------------------------------------------------- jacobians

    def step_jacobian(self, trace: RNNTrace, t: int) -> np.ndarray:
        """dh_t / dh_{t-1} = diag(sigma_h'(a_t)) U, shape (d, d), 1-based t."""
        _check_index("t", t, trace.T)
        return (1.0 - trace.h[t] ** 2)[:, None] * self.U

    def jacobian_product(self, trace: RNNTrace, t: int, k: int) -> np.ndarray:
        """dh_t / dh_{t-k} = J_t J_{t-1} ... J_{t-k+1}, shape (d, d); identity for k = 0."""
        _check_index("t", t, trace.T)
        if not 0 <= k <= t:
            raise ValueError(f"lag k={k} must lie in 0..t={t}")
        out = np.eye(self.d)
        for s in range(t, t - k, -1):
            out = out @ self.step_jacobian(trace, s)
        return out

    def jacobian_norms(self, trace: RNNTrace, t: int | None = None) -> np.ndarray:
        """Spectral norms of dh_t/dh_{t-k} for k = 0..t (t defaults to T), shape (t+1,)."""
        t = trace.T if t is None else t
        _check_index("t", t, trace.T)
        out = [1.0]
        prod = np.eye(self.d)
        for s in range(t, 0, -1):
            prod = prod @ self.step_jacobian(trace, s)
            out.append(np.linalg.norm(prod, 2))
        return np.array(out)

    # ------------------------------------------------- the post's A, B, paths

    def A(self, trace: RNNTrace, alpha: int, t: int, i: int, j: int, param: str) -> float:
        """The post's A(alpha, t) for the weight w_ij (param "W") or u_ij (param "U").

        W: sigma_h'(a_t^alpha) delta(alpha, i) x_t^j.
        U: sigma_h'(a_t^alpha) delta(alpha, i) h_{t-1}^j.   All indices 1-based.
        """
        _check_index("t", t, trace.T)
        _check_index("alpha", alpha, self.d)
        _check_index("i", i, self.d)
        if alpha != i:
            return 0.0
        source = _source(trace, t, param)
        _check_index("j", j, source.shape[0])
        return float((1.0 - trace.h[t, alpha - 1] ** 2) * source[j - 1])

    def B(self, trace: RNNTrace, alpha: int, gamma: int, t: int) -> float:
        """The post's B(alpha, gamma, t) = sigma_h'(a_t^alpha) u_{alpha gamma} (1-based)."""
        _check_index("t", t, trace.T)
        _check_index("alpha", alpha, self.d)
        _check_index("gamma", gamma, self.d)
        return float((1.0 - trace.h[t, alpha - 1] ** 2) * self.U[alpha - 1, gamma - 1])

    def paths(
        self, xs_or_trace, t: int, alpha: int, i: int, j: int, param: str, skip_zero: bool = False
    ) -> Iterator[PathTerm]:
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
        _check_index("t", t, trace.T)
        _check_index("alpha", alpha, self.d)
        units = range(1, self.d + 1)
        for k in range(t):
            for tail in itertools.product(units, repeat=k):
                gammas = (alpha,) + tail
                if skip_zero and gammas[-1] != i:
                    continue
                b = tuple(self.B(trace, gammas[l], gammas[l + 1], t - l) for l in range(k))
                a = self.A(trace, gammas[-1], t - k, i, j, param)
                yield PathTerm(k=k, gammas=gammas, B=b, A=a, product=float(np.prod(b) * a))

    def strongest_path(self, xs_or_trace, t: int, k: int, alpha: int | None = None) -> tuple[int, ...]:
        """The path gamma_0..gamma_k (1-based) whose |prod_{l<k} B(gamma_l, gamma_{l+1}, t-l)| is largest.

        The best of the d^k paths of lag k, found by dynamic programming over
        log|B| (Viterbi) instead of enumerating them.  ``alpha`` fixes
        gamma_0; by default the start is free too.  Ties go to the lowest unit.
        """
        trace = self._trace(xs_or_trace)
        _check_index("t", t, trace.T)
        if not 0 <= k < t:
            raise ValueError(f"path length k={k} must lie in 0..t-1={t - 1}")
        if alpha is not None:
            _check_index("alpha", alpha, self.d)
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
        _check_index("t", t, trace.T)
        _check_index("i", i, self.d)
        dh = np.zeros(self.d)
        for s in range(1, t + 1):
            a_vec = np.zeros(self.d)
            a_vec[i - 1] = self.A(trace, i, s, i, j, param)
            dh = a_vec + self.step_jacobian(trace, s) @ dh
        return dh

    # ------------------------------------------------------ per-lag gradients

    def lag_contributions(
        self,
        xs: np.ndarray,
        t: int,
        k: int | None = None,
        param: str = "W",
        dy_t: np.ndarray | None = None,
    ) -> np.ndarray:
        """How much of d y_t^k / dW (or dU) arrives through each lag, shape (t, d, n) or (t, d, d).

        Entry l is the term with l steps of recurrence, delta_{t-l} x_{t-l}^T
        (h_{t-l-1}^T for U), where delta_t = sigma_h'(a_t) * (V^T dz_t) and
        delta_{s-1} = sigma_h'(a_{s-1}) * (U^T delta_s).  Summed over l it is
        the full gradient; its norm against l is what vanishes or explodes.
        Give 1-based ``k`` for the output y_t^k, or ``dy_t`` (m,) for a loss
        gradient at step t.
        """
        if param not in ("W", "U"):
            raise ValueError(f"param must be 'W' or 'U', not {param!r}")
        trace = self.forward(np.asarray(xs, dtype=float)[:t])
        _check_index("t", t, trace.T)
        if (k is None) == (dy_t is None):
            raise ValueError("give exactly one of k and dy_t")
        if dy_t is None:
            _check_index("k", k, self.m)
            dy_t = np.zeros(self.m)
            dy_t[k - 1] = 1.0
        y = trace.y[t - 1]
        dz = np.asarray(dy_t, dtype=float) * y * (1.0 - y)
        delta = (1.0 - trace.h[t] ** 2) * (dz @ self.V)
        out = []
        for lag in range(t):
            s = t - lag  # the step this lag reaches back to
            out.append(np.outer(delta, _source(trace, s, param)))
            delta = (1.0 - trace.h[s - 1] ** 2) * (delta @ self.U)
        return np.array(out)

    def lag_norms(self, xs: np.ndarray, dy: np.ndarray, param: str = "W") -> np.ndarray:
        """Frobenius norm of the lag-l part of dL/dW (or dU), l = 0..T-1, for L = sum(dy * y).

        The lag-l part sums, over every step t, the terms that travel l steps
        back from y_t; the parts add up to the full BPTT gradient.
        """
        xs = np.asarray(xs, dtype=float)
        dy = np.asarray(dy, dtype=float)
        T = xs.shape[0]
        total = np.zeros((T,) + (self.d, self.n if param == "W" else self.d))
        for t in range(1, T + 1):
            total[:t] += self.lag_contributions(xs, t, param=param, dy_t=dy[t - 1])
        return np.linalg.norm(total, axis=(1, 2))

    def input_sensitivity(self, xs: np.ndarray, t: int | None = None, wrt: str = "x") -> np.ndarray:
        """||d y_t / d x_s||_F (``wrt="x"``) or ||d y_t / d h_s||_F (``wrt="h"``) for s = 1..t, shape (t,)."""
        return input_sensitivity(self, xs, t, wrt)

    # ---------------------------------------------------------------- storage

    def save(self, path: str | os.PathLike) -> None:
        """Write the parameters to ``path`` (.npz), atomically."""
        save_npz(path, {"kind": np.array("rnn"), **self.params()})

    @classmethod
    def load(cls, path: str | os.PathLike) -> "RNN":
        """Read parameters written by :meth:`save`; ValueError naming the file on any problem."""
        arrays = load_npz(path, PARAMS)
        problem = _shape_problem(arrays)
        if problem:
            raise ValueError(f"{path}: {problem}")
        return cls(**arrays)


# ----------------------------------------------------------------- helpers


def _time_major(a: np.ndarray) -> np.ndarray:
    """(..., T, k) -> (T, ..., k), a view."""
    return np.moveaxis(a, -2, 0)


def _batch_major(a: np.ndarray) -> np.ndarray:
    """(T, ..., k) -> (..., T, k), a view: the layout traces and callers see."""
    return np.moveaxis(a, 0, -2)


def _rows(a: np.ndarray) -> np.ndarray:
    """All leading axes merged: (..., k) -> (-1, k); free when `a` is contiguous."""
    return a.reshape(-1, a.shape[-1])


def _rows_matmul(a: np.ndarray, M: np.ndarray) -> np.ndarray:
    """a @ M as one 2-D product (numpy's stacked matmul is slow on strided stacks)."""
    return (_rows(a) @ M).reshape(a.shape[:-1] + (M.shape[1],))


def _flat(a: np.ndarray) -> np.ndarray:
    """Merge the batch and time axes: (..., T, k) -> (-1, k), so one matmul sums over both."""
    return a.reshape(-1, a.shape[-1])


def _check_index(name: str, value: int, top: int) -> None:
    if not 1 <= value <= top:
        raise ValueError(f"{name}={value} is out of range 1..{top} (indices are 1-based, as in the post)")


def _source(trace: RNNTrace, t: int, param: str) -> np.ndarray:
    """What w_ij or u_ij multiplies at step t: x_t for W, h_{t-1} for U."""
    if param == "W":
        return trace.x[t - 1]
    if param == "U":
        return trace.h[t - 1]
    raise ValueError(f"param must be 'W' or 'U', not {param!r}")


def _output_grad_z(y, dy, dz, mask):
    """dz = dy * sigma_y'(z) (or the given dz), zeroed where ``mask`` is 0."""
    if (dy is None) == (dz is None):
        raise ValueError("give exactly one of dy and dz")
    if dz is None:
        dz = np.subtract(1.0, y)  # sigma_y' = y (1 - y), built in place
        dz *= y
        dz *= dy
    else:
        dz = np.array(dz, dtype=float)
    if mask is not None:
        dz *= np.asarray(mask, dtype=float)[..., None]
    return dz


def _shape_problem(arrays: dict[str, np.ndarray]) -> str | None:
    """A one-line description of what is wrong with the RNN shapes, or None."""
    W, U, V, b_h, b_y = (arrays[name] for name in PARAMS)
    if W.ndim != 2 or U.ndim != 2 or V.ndim != 2 or b_h.ndim != 1 or b_y.ndim != 1:
        dims = ", ".join(f"{name} {arrays[name].shape}" for name in PARAMS)
        return f"wrong number of dimensions ({dims})"
    d, m = W.shape[0], V.shape[0]
    expected = {"U": (d, d), "V": (m, d), "b_h": (d,), "b_y": (m,)}
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            return f"{name} has shape {arrays[name].shape}, expected {shape} for W of shape {W.shape}"
    for name in PARAMS:
        if not np.all(np.isfinite(arrays[name])):
            return f"{name} holds non-finite values"
    return None


def input_sensitivity(model, xs: np.ndarray, t: int | None = None, wrt: str = "x") -> np.ndarray:
    """||d y_t / d x_s||_F (``wrt="x"``) or ||d y_t / d h_s||_F (``wrt="h"``) for s = 1..t, for an RNN or LSTM.

    Shape (t,); t defaults to the last step.  One backward pass per output
    unit, all m of them batched together.
    """
    xs = np.asarray(xs, dtype=float)
    t = xs.shape[0] if t is None else t
    _check_index("t", t, xs.shape[0])
    trace = model.forward(np.broadcast_to(xs[:t], (model.m,) + xs[:t].shape))
    dy = np.zeros((model.m, t, model.m))
    dy[np.arange(model.m), t - 1, np.arange(model.m)] = 1.0  # row k seeds y_t^k
    dz = dy * trace.y * (1.0 - trace.y)
    _, dh, dx = model._backward(trace, dz=dz)
    jac = dx if wrt == "x" else dh[:, 1:, :]
    return np.sqrt((jac**2).sum(axis=(0, 2)))


def atomic_write(path: str | os.PathLike, write, mode: str = "wb") -> None:
    """Call ``write(file)`` on a temporary file in the folder of ``path``, then rename it to ``path``.

    A reader never sees a half-written file, and a failure leaves none behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as f:
            write(f)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; assets are for everyone
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_npz(path: str | os.PathLike, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` (.npz), atomically."""
    atomic_write(path, lambda f: np.savez(f, **arrays))


def load_npz(path: str | os.PathLike, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Float arrays ``names`` from an .npz (no pickle); ValueError naming the file otherwise."""
    try:
        with np.load(path, allow_pickle=False) as data:
            files = set(data.files)
            out = {name: np.asarray(data[name]) for name in names if name in files}
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory, not an .npz file") from None
    except Exception as err:  # zipfile, zlib, EOF and numpy format errors alike
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ValueError(f"{path}: not a readable .npz file (truncated or corrupt: {reason})") from None
    missing = [name for name in names if name not in out]
    if missing:
        raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
    for name, value in out.items():
        if not np.issubdtype(value.dtype, np.number):
            raise ValueError(f"{path}: {name} has dtype {value.dtype}, expected numbers")
        out[name] = value.astype(float)
    return out
