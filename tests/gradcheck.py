"""Central finite differences: the independent reference every gradient test compares with."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FD_EPS = 1e-6


def jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = FD_EPS) -> np.ndarray:
    """d f / d x at x by central differences of step `eps`, shape f(x).shape + x.shape."""
    x = np.asarray(x, dtype=float)
    columns = []
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = eps
        columns.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * eps))
    out = np.stack(columns, axis=-1)
    return out.reshape(out.shape[:-1] + x.shape)


def parameter_gradients(net, f: Callable[[object], float], params: tuple[str, ...]) -> dict[str, np.ndarray]:
    """d f(net) / d theta for every named parameter, by perturbing the entries in place."""
    out = {}
    for name in params:
        p = getattr(net, name)
        grad = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + FD_EPS
            up = f(net)
            p[idx] = old - FD_EPS
            down = f(net)
            p[idx] = old
            grad[idx] = (up - down) / (2 * FD_EPS)
        out[name] = grad
    return out


def rel_err(a, b) -> float:
    # central differences with eps = 1e-6 carry ~1e-10 of round-off, so entries
    # below 1e-3 are held to an absolute 1e-9 instead of their own size
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-3)


def assert_batch_is_sum_of_sequences(net, params: tuple[str, ...], rng: np.random.Generator, lengths: list[int]) -> None:
    """BPTT over a padded, masked batch equals the sum of BPTT over each sequence alone."""
    T = max(lengths)
    xs, dy = rng.normal(size=(len(lengths), T, net.n)), rng.normal(size=(len(lengths), T, net.m))
    mask = (np.arange(T)[None, :] < np.array(lengths)[:, None]).astype(float)
    batched = net.bptt(xs, dy, mask)
    for name in params:
        total = sum(net.bptt(xs[b, :length], dy[b, :length])[name] for b, length in enumerate(lengths))
        np.testing.assert_allclose(batched[name], total, rtol=1e-12, atol=1e-14)


def output_sensitivity(net, xs: np.ndarray, s: int) -> float:
    """||d y_T / d x_s||_F by finite differences (1-based s)."""

    def y_last(x_s):
        changed = xs.copy()
        changed[s - 1] = x_s
        return net.forward(changed).y[-1]

    return float(np.linalg.norm(jacobian(y_last, xs[s - 1])))
