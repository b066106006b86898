"""What the RNN and the LSTM share: activations and their derivatives, the parameter
set (shapes, copy, save, load), and the gradients built on each model's backward pass.

Arrays are 0-based; functions that expose one of the post's quantities take the
post's 1-based indices (time steps t = 1..T, units, outputs k = 1..m).  A sequence
is ``(T, n)``; a padded batch is ``(B, T, n)`` and every array of its trace gains the
same leading ``B`` axis.  Padding goes at the end, so masking the loss gradient is
all a backward pass needs.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import ClassVar, NamedTuple

import numpy as np

from lstm_explainer.model.io import read_npz, save_npz

# ------------------------------------------------------------- activations


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Logistic function as (1 + tanh(z / 2)) / 2: exact and never overflows.

    ``out`` receives the result (may be ``z`` itself); by default a new array.
    """
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def tanh_grad(h: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """tanh'(a) from h = tanh(a): 1 - h^2 (the post's sigma_h')."""
    out = np.square(h, out=out)
    return np.subtract(1.0, out, out=out)


def sigmoid_grad(y: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sigmoid'(z) from y = sigmoid(z): y (1 - y) (the post's sigma_y')."""
    out = np.subtract(1.0, y, out=out)
    return np.multiply(out, y, out=out)


# ---------------------------------------------------------------- indexing


def _longest_first(xs, dy, dz, mask):
    """A masked batch (B, T, k) with its rows reordered longest first, and ``live`` (T,):
    how many rows still have a step with mask != 0 at step t or later.

    Past its last such step a row changes neither the loss nor its gradient,
    so a forward pass may skip it there; sorting makes the rows still needed a
    prefix.  Gradients summed over the batch do not depend on the order.
    Without a mask, or for anything but one batch axis, live is None.
    """
    if mask is None or np.ndim(xs) != 3:
        return xs, dy, dz, mask, None
    needed = np.asarray(mask) != 0
    T = needed.shape[1]
    length = np.where(needed.any(axis=1), T - np.argmax(needed[:, ::-1], axis=1), 0)
    live = (length[:, None] > np.arange(T)).sum(axis=0)
    order = np.argsort(-length, kind="stable")
    if np.any(order != np.arange(len(order))):
        xs, mask = np.asarray(xs)[order], np.asarray(mask)[order]
        dy, dz = (None if g is None else np.asarray(g)[order] for g in (dy, dz))
    return xs, dy, dz, mask, live


def live_rows(live: np.ndarray | None, t: int) -> slice:
    """The batch rows computed at step t (0-based): all of them unless ``live`` says fewer."""
    return slice(None) if live is None else slice(0, int(live[t]))


def check_index(name: str, value: int, top: int) -> None:
    """ValueError unless 1 <= value <= top (the post's 1-based indices)."""
    if not 1 <= value <= top:
        raise ValueError(f"{name}={value} is out of range 1..{top} (indices are 1-based, as in the post)")


def time_major(a: np.ndarray) -> np.ndarray:
    """(..., T, k) -> (T, ..., k), a view."""
    return np.moveaxis(a, -2, 0)


def batch_major(a: np.ndarray) -> np.ndarray:
    """(T, ..., k) -> (..., T, k), a view: the layout traces and callers see."""
    return np.moveaxis(a, 0, -2)


def rows(a: np.ndarray) -> np.ndarray:
    """All leading axes merged, (..., k) -> (-1, k): free when ``a`` is contiguous.

    Merging batch and time makes one 2-D product sum over both.
    """
    return a.reshape(-1, a.shape[-1])


def rows_matmul(a: np.ndarray, M: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """a @ M as one 2-D product (numpy's stacked matmul is slow on strided stacks); ``out`` contiguous."""
    shape = a.shape[:-1] + (M.shape[1],)
    if out is None:
        return (rows(a) @ M).reshape(shape)
    np.matmul(rows(a), M, out=rows(out))
    return out


class Workspace:
    """Scratch arrays kept from one call to the next, one per name.

    glibc gives freed memory back to the kernel, so every fresh large array
    is paid for again in page faults, which cost more than the arithmetic on a
    batch of short sequences.  An array here is valid until the next request
    for its name; it grows when asked for more and is otherwise reused.
    """

    def __init__(self) -> None:
        self._flat: dict[str, np.ndarray] = {}

    def empty(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """An uninitialised contiguous array of ``shape``."""
        size = int(np.prod(shape))
        flat = self._flat.get(name)
        if flat is None or flat.size < size:
            flat = self._flat[name] = np.empty(size)
        return flat[:size].reshape(shape)

    def zeros(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        out = self.empty(name, shape)
        out.fill(0.0)
        return out


# ------------------------------------------------------------------ traces


class OutputTrace:
    """What every trace has: inputs ``x`` (T, n), output pre-activations ``z`` and outputs ``y`` (T, m)."""

    x: np.ndarray
    z: np.ndarray
    y: np.ndarray

    @property
    def T(self) -> int:
        return self.x.shape[-2]

    @property
    def dy_dz(self) -> np.ndarray:
        """sigma_y'(z_t) = y_t (1 - y_t), shape (T, m): row t - 1 belongs to step t."""
        return sigmoid_grad(self.y)


class Backward(NamedTuple):
    """One backward pass: parameter gradients (summed over the batch), the gradient at each
    state (..., T+1, state size; row 0 is the initial state) and at each input (..., T, n),
    the last two None unless asked for."""

    grads: dict[str, np.ndarray]
    dstate: np.ndarray | None
    dx: np.ndarray | None


# ------------------------------------------------------------------ models


class Recurrent:
    """A recurrent network with sigmoid outputs y_t = sigmoid(V h_t + b_y), h_0 = 0.

    A subclass is a dataclass of its parameters and sets ``KIND`` (the name
    written into its .npz), ``PARAMS`` (their order) and ``SHAPES`` (each
    parameter's shape in the symbols n inputs, d hidden units, m outputs).
    It implements ``forward(xs)`` and ``_backward(trace, dz, ...)``.
    """

    KIND: ClassVar[str]
    PARAMS: ClassVar[tuple[str, ...]]
    SHAPES: ClassVar[dict[str, str]]
    _KINDS: ClassVar[dict[str, type]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        Recurrent._KINDS[cls.KIND] = cls

    def __post_init__(self) -> None:
        for name in self.PARAMS:
            setattr(self, name, np.asarray(getattr(self, name), dtype=float))
        problem = self.shape_problem(self.params())
        if problem:
            raise ValueError(problem)

    @classmethod
    def shape_problem(cls, arrays: dict[str, np.ndarray]) -> str | None:
        """A one-line description of what is wrong with these parameters, or None."""
        missing = [name for name in cls.PARAMS if name not in arrays]
        if missing:
            return f"missing array(s) {', '.join(missing)}"
        dims: dict[str, int] = {}  # n, d, m as the first parameter that has them sets them
        for name in cls.PARAMS:
            value, spec = arrays[name], cls.SHAPES[name]
            if value.ndim != len(spec):
                return f"{name} has shape {value.shape}, expected {len(spec)} dimension(s) ({', '.join(spec)})"
            expected = tuple(dims.setdefault(symbol, size) for symbol, size in zip(spec, value.shape))
            if value.shape != expected:
                sizes = ", ".join(f"{symbol}={size}" for symbol, size in dims.items())
                return f"{name} has shape {value.shape}, expected {expected} ({sizes})"
            if not np.all(np.isfinite(value)):
                return f"{name} holds non-finite values"
        return None

    def _size(self, symbol: str) -> int:
        for name in self.PARAMS:
            spec = self.SHAPES[name]
            if symbol in spec:
                return getattr(self, name).shape[spec.index(symbol)]
        raise AssertionError(f"no parameter has the size {symbol}")

    @property
    def n(self) -> int:
        return self._size("n")

    @property
    def d(self) -> int:
        return self._size("d")

    @property
    def m(self) -> int:
        return self._size("m")

    @property
    def size(self) -> int:
        """How many numbers the parameters hold."""
        return self.count(self.n, self.d, self.m)

    @classmethod
    def count(cls, n: int, d: int, m: int) -> int:
        """How many parameters an n-d-m network of this kind has."""
        sizes = {"n": n, "d": d, "m": m}
        return sum(int(np.prod([sizes[symbol] for symbol in spec])) for spec in cls.SHAPES.values())

    def params(self) -> dict[str, np.ndarray]:
        """The parameters by name (the arrays themselves, not copies)."""
        return {name: getattr(self, name) for name in self.PARAMS}

    def copy(self):
        return type(self)(**{name: value.copy() for name, value in self.params().items()})

    @cached_property
    def _work(self) -> Workspace:
        return Workspace()

    # ---------------------------------------------------------------- storage

    def save(self, path: str | os.PathLike) -> None:
        """Write the parameters to ``path`` (.npz), atomically."""
        save_npz(path, self.KIND, self.params())

    @classmethod
    def load(cls, path: str | os.PathLike):
        """Read parameters written by :meth:`save`; ValueError naming the file on any problem.

        ``Recurrent.load`` returns whichever model the file holds; ``RNN.load``
        or ``LSTM.load`` insist on their own kind.  A file without a kind
        entry is an RNN.
        """
        kind, arrays = read_npz(path)
        kind = kind or "rnn"
        if kind not in Recurrent._KINDS:
            raise ValueError(f"{path}: unknown model kind {kind!r}")
        model = Recurrent._KINDS[kind]
        if not issubclass(model, cls):
            raise ValueError(f"{path}: holds an {kind.upper()}, not an {cls.KIND.upper()}")
        problem = model.shape_problem(arrays)
        if problem:
            raise ValueError(f"{path}: {problem}")
        return model(**{name: arrays[name] for name in model.PARAMS})

    # -------------------------------------------------------------- gradients

    def forward(self, xs: np.ndarray):
        raise NotImplementedError

    def _backward(self, trace, dz: np.ndarray, states: bool = False, inputs: bool = False) -> Backward:
        raise NotImplementedError

    def _dz(self, trace: OutputTrace, dy, dz, mask) -> np.ndarray:
        """dL/dz = dL/dy * sigma_y'(z) (or the given dz), times ``mask``, in a work buffer laid out time-major."""
        if (dy is None) == (dz is None):
            raise ValueError("give exactly one of dy and dz")
        out = batch_major(self._work.empty("dz", (trace.T,) + trace.y.shape[:-2] + (self.m,)))
        if dz is None:
            sigmoid_grad(trace.y, out=out)
            out *= dy
        else:
            out[...] = dz
        if mask is not None:
            out *= np.asarray(mask, dtype=float)[..., None]
        return out

    def bptt(
        self,
        xs: np.ndarray,
        dy: np.ndarray | None = None,
        mask: np.ndarray | None = None,
        *,
        dz: np.ndarray | None = None,
        trace=None,
    ) -> dict[str, np.ndarray]:
        """Gradients of ``sum(mask * dy * y)`` for every parameter, keyed as :attr:`PARAMS`.

        xs: (T, n) or a padded batch (B, T, n); dy: (T, m) or (B, T, m);
        mask: (B, T) (or (T,)), 1 on real steps.  Pass a loss gradient
        dy = dL/dy to get dL/dtheta, or ``dz = dL/dz`` at the output
        pre-activations (cross-entropy: dz = y - target, no division by
        sigma_y').  ``trace`` reuses a forward pass of ``xs``; without one,
        a masked batch is run longest string first and each row stops after
        its last unmasked step (what comes after changes nothing).
        """
        if trace is None:
            xs, dy, dz, mask, live = _longest_first(xs, dy, dz, mask)
            trace = self.forward(xs, scratch=True, live=live)
        return self._backward(trace, self._dz(trace, dy, dz, mask)).grads

    def output_grad(self, xs: np.ndarray, t: int, k: int) -> dict[str, np.ndarray]:
        """The post's dy_t^k / d theta for every parameter (1-based t and k)."""
        xs = np.asarray(xs, dtype=float)
        check_index("t", t, xs.shape[0])
        check_index("k", k, self.m)
        dy = np.zeros((t, self.m))
        dy[t - 1, k - 1] = 1.0
        # later inputs cannot influence y_t, so the prefix is enough
        return self.bptt(xs[:t], dy)

    def output_dz(self, trace: OutputTrace, t: int, k: int | None = None, dz_t: np.ndarray | None = None) -> np.ndarray:
        """The seed of one prediction's backward pass, shape (m,): dy_t^k/dz_t for output ``k``
        (1-based), or a given loss gradient ``dz_t`` = dL/dz_t."""
        check_index("t", t, trace.T)
        if (k is None) == (dz_t is None):
            raise ValueError("give exactly one of k and dz_t")
        if dz_t is not None:
            return np.asarray(dz_t, dtype=float)
        check_index("k", k, self.m)
        seed = np.zeros(self.m)
        seed[k - 1] = trace.dy_dz[t - 1, k - 1]
        return seed

    def state_grads(self, xs: np.ndarray, t: int, k: int | None = None, dz_t: np.ndarray | None = None) -> np.ndarray:
        """The gradient of one prediction with respect to the state at every step up to it.

        The prediction is y_t^k (1-based ``k``) or a loss on y_t given as
        ``dz_t`` = dL/dz_t (m,).  Row s (s = 0..t) is the gradient at the
        state after step s: h_s for the RNN, (h_s, c_s) side by side for the
        LSTM, each part with the other held fixed (the state the
        ``state_jacobian`` maps).  Shape (t+1, state size).
        """
        xs = np.asarray(xs, dtype=float)
        check_index("t", t, xs.shape[0])
        trace = self.forward(xs[:t])
        dz = np.zeros((t, self.m))
        dz[t - 1] = self.output_dz(trace, t, k, dz_t)
        return self._backward(trace, dz, states=True).dstate

    def input_sensitivity(self, xs: np.ndarray, t: int | None = None, wrt: str = "x") -> np.ndarray:
        """||d y_t / d x_s||_F (``wrt="x"``) or ||d y_t / d h_s||_F (``wrt="h"``) for s = 1..t, shape (t,).

        t defaults to the last step.  One backward pass per output unit, all
        m of them batched together.
        """
        xs = np.asarray(xs, dtype=float)
        t = xs.shape[0] if t is None else t
        check_index("t", t, xs.shape[0])
        trace = self.forward(np.broadcast_to(xs[:t], (self.m,) + xs[:t].shape))
        dz = np.zeros((self.m, t, self.m))
        units = np.arange(self.m)
        dz[units, t - 1, units] = trace.dy_dz[units, t - 1, units]  # row k seeds y_t^k
        back = self._backward(trace, dz, states=True, inputs=True)
        jac = back.dx if wrt == "x" else back.dstate[:, 1:, : self.d]
        return np.sqrt((jac**2).sum(axis=(0, 2)))
