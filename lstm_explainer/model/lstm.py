"""An LSTM in numpy, with the cell path exposed for the scenes.

One step, for input x_t (n,), previous hidden state h_{t-1} (d,) and cell c_{t-1} (d,)::

    i_t = sigmoid(W_i x_t + U_i h_{t-1} + b_i)     input gate
    f_t = sigmoid(W_f x_t + U_f h_{t-1} + b_f)     forget gate
    o_t = sigmoid(W_o x_t + U_o h_{t-1} + b_o)     output gate
    g_t = tanh   (W_g x_t + U_g h_{t-1} + b_g)     candidate
    c_t = f_t * c_{t-1} + i_t * g_t                the additive cell path
    h_t = o_t * tanh(c_t)
    y_t = sigmoid(V h_t + b_y)

with h_0 = c_0 = 0.  Shapes: W_* (d, n), U_* (d, d), b_* (d,), V (m, d), b_y (m,).
Error flowing back along the cell path is multiplied by f_t at each step,
not by sigma_h' * u as in the vanilla RNN.  Time steps exposed to users are
1-based as in the post: ``trace.h[t]`` and ``trace.c[t]`` are h_t and c_t (row
0 is the initial state), ``trace.f[t - 1]`` is f_t.  The state the Jacobians and
``state_grads`` speak of is the pair (h_t, c_t), side by side in one vector of 2d.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_explainer.model.recurrent import (
    Backward,
    OutputTrace,
    Recurrent,
    batch_major,
    check_index,
    rows,
    rows_matmul,
    sigmoid,
    sigmoid_grad,
    tanh_grad,
    time_major,
)

GATES = ("i", "f", "o", "g")
PARAMS = (
    "W_i", "W_f", "W_o", "W_g",
    "U_i", "U_f", "U_o", "U_g",
    "b_i", "b_f", "b_o", "b_g",
    "V", "b_y",
)  # fmt: skip


@dataclass
class LSTMTrace(OutputTrace):
    """The forward pass; a leading batch axis on every array if batched.

    x (T, n); h, c (T+1, d) with row 0 the zero initial state; gates
    i, f, o, g (T, d); z (T, m) output pre-activations; y (T, m) outputs.
    """

    x: np.ndarray
    h: np.ndarray
    c: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    g: np.ndarray
    z: np.ndarray
    y: np.ndarray


@dataclass
class LSTM(Recurrent):
    """Parameters W_i W_f W_o W_g (d, n), U_i U_f U_o U_g (d, d), b_i b_f b_o b_g (d,), V (m, d), b_y (m,)."""

    KIND = "lstm"
    PARAMS = PARAMS
    SHAPES = {
        **{f"W_{gate}": "dn" for gate in GATES},
        **{f"U_{gate}": "dd" for gate in GATES},
        **{f"b_{gate}": "d" for gate in GATES},
        "V": "md",
        "b_y": "m",
    }

    W_i: np.ndarray
    W_f: np.ndarray
    W_o: np.ndarray
    W_g: np.ndarray
    U_i: np.ndarray
    U_f: np.ndarray
    U_o: np.ndarray
    U_g: np.ndarray
    b_i: np.ndarray
    b_f: np.ndarray
    b_o: np.ndarray
    b_g: np.ndarray
    V: np.ndarray
    b_y: np.ndarray

    @classmethod
    def random(
        cls, n: int, d: int, m: int, rng: np.random.Generator, scale: float = 0.5, forget_bias: float = 1.0
    ) -> "LSTM":
        """Gaussian weights (std ``scale / sqrt(fan_in)``), zero biases except b_f = ``forget_bias``.

        A positive forget bias starts the cell path open, the usual choice
        since Gers et al. (2000).
        """
        p = {}
        for gate in GATES:
            p[f"W_{gate}"] = rng.normal(0.0, scale / np.sqrt(n), (d, n))
            p[f"U_{gate}"] = rng.normal(0.0, scale / np.sqrt(d), (d, d))
            p[f"b_{gate}"] = np.full(d, forget_bias if gate == "f" else 0.0)
        p["V"] = rng.normal(0.0, scale / np.sqrt(d), (m, d))
        p["b_y"] = np.zeros(m)
        return cls(**p)

    def _stacked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """W (4d, n), U (4d, d), b (4d,) with the gates in the order i, f, o, g: one matmul per step."""
        W = np.concatenate([getattr(self, f"W_{g}") for g in GATES])
        U = np.concatenate([getattr(self, f"U_{g}") for g in GATES])
        b = np.concatenate([getattr(self, f"b_{g}") for g in GATES])
        return W, U, b

    # ---------------------------------------------------------------- forward

    def step(self, x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One step: (h_t, c_t) from x_t (..., n), h_{t-1} and c_{t-1} (..., d)."""
        W, U, b = self._stacked()
        i, f, o, g = _activate(x @ W.T + h_prev @ U.T + b)
        c = f * c_prev + i * g
        return o * np.tanh(c), c

    def forward(self, xs: np.ndarray, scratch: bool = False, live: np.ndarray | None = None) -> LSTMTrace:
        """Run ``xs`` (T, n) or a padded batch (B, T, n) from h_0 = c_0 = 0.

        ``scratch`` and ``live`` are the RNN's speed-ups (:meth:`model.rnn.RNN.forward`); here every step is computed.
        """
        xs = np.asarray(xs, dtype=float)
        lead, T, d = xs.shape[:-2], xs.shape[-2], self.d
        W, U, b = self._stacked()
        # time-major (T, ..., k) so that each step reads and writes contiguous rows
        gates = rows_matmul(np.ascontiguousarray(time_major(xs)), W.T)  # input part of every gate, all t at once
        gates += b
        h = np.zeros((T + 1,) + lead + (d,))
        c = np.zeros((T + 1,) + lead + (d,))
        for t in range(T):
            gates[t] += h[t] @ U.T  # every gate sees U_* h_{t-1}
            i, f, o, g = _activate(gates[t])  # in place: the pre-activations become the gates
            c[t + 1] = f * c[t] + i * g  # the additive cell path
            h[t + 1] = o * np.tanh(c[t + 1])
        z = rows_matmul(h[1:], self.V.T)
        z += self.b_y
        i, f, o, g = (batch_major(gates[..., k * d : (k + 1) * d]) for k in range(4))
        return LSTMTrace(
            x=xs, h=batch_major(h), c=batch_major(c), i=i, f=f, o=o, g=g, z=batch_major(z), y=batch_major(sigmoid(z))
        )

    # --------------------------------------------------------------- backward

    def _backward(self, trace: LSTMTrace, dz: np.ndarray, states: bool = False, inputs: bool = False) -> Backward:
        """BPTT from dz = dL/dz (..., T, m), carrying dh_next and dc_next back to step 1.

        ``states`` adds the gradient at each state (h_t, c_t), (..., T+1, 2d),
        each half with the other held fixed; ``inputs`` adds dL/dx_t (..., T, n).
        """
        T, d = trace.T, self.d
        lead = trace.x.shape[:-2]
        W, U, _ = self._stacked()
        h, c = trace.h, trace.c
        grads = {"V": rows(dz).T @ rows(h[..., 1:, :]), "b_y": rows(dz).sum(axis=0)}  # z_t = V h_t + b_y
        gh = dz @ self.V  # what reaches h_t from y_t, all t at once
        tanh_c = np.tanh(c[..., 1:, :])
        dpre = np.empty(lead + (T, 4 * d))  # gradient at the gate pre-activations
        dh = np.zeros(lead + (T + 1, d))
        dc_state = np.zeros(lead + (T + 1, d))  # reaches c_t from c_{t+1} alone (h_t held fixed)
        dh_next = np.zeros(lead + (d,))  # reaches h_t from step t+1 through the gates
        dc_next = np.zeros(lead + (d,))  # reaches c_t from c_{t+1} along the cell path
        for t in reversed(range(T)):
            i, f, o, g = trace.i[..., t, :], trace.f[..., t, :], trace.o[..., t, :], trace.g[..., t, :]
            dh[..., t + 1, :] = gh[..., t, :] + dh_next  # h_t feeds y_t and step t+1
            dc = dh[..., t + 1, :] * o * tanh_grad(tanh_c[..., t, :]) + dc_next  # h_t = o_t tanh(c_t), plus the highway
            dpre[..., t, :] = np.concatenate(
                [
                    dc * g * sigmoid_grad(i),  # c_t = ... + i_t g_t, i = sigmoid(.)
                    dc * c[..., t, :] * sigmoid_grad(f),  # c_t = f_t c_{t-1} + ..., f = sigmoid(.)
                    dh[..., t + 1, :] * tanh_c[..., t, :] * sigmoid_grad(o),  # h_t = o_t tanh(c_t)
                    dc * i * tanh_grad(g),  # c_t = ... + i_t g_t, g = tanh(.)
                ],
                axis=-1,
            )
            dc_next = dc_state[..., t, :] = dc * f  # the cell path: dc_t/dc_{t-1} = diag(f_t)
            dh_next = dpre[..., t, :] @ U  # every gate saw U_* h_{t-1}
        dh[..., 0, :] = dh_next
        dW = rows(dpre).T @ rows(trace.x)  # (4d, n), sums over batch and time
        dU = rows(dpre).T @ rows(h[..., :-1, :])
        db = rows(dpre).sum(axis=0)
        for k, gate in enumerate(GATES):
            part = slice(k * d, (k + 1) * d)
            grads[f"W_{gate}"], grads[f"U_{gate}"], grads[f"b_{gate}"] = dW[part], dU[part], db[part]
        return Backward(
            grads={name: grads[name] for name in PARAMS},
            dstate=np.concatenate([dh, dc_state], axis=-1) if states else None,
            dx=dpre @ W if inputs else None,
        )

    # -------------------------------------------------------------- jacobians

    def cell_jacobian(self, trace: LSTMTrace, t: int) -> np.ndarray:
        """dc_t / dc_{t-1} along the cell path (h_{t-1} held fixed) = diag(f_t), shape (d, d)."""
        check_index("t", t, trace.T)
        return np.diag(trace.f[t - 1])

    def hidden_jacobian(self, trace: LSTMTrace, t: int) -> np.ndarray:
        """dh_t / dh_{t-1} through the gates and candidate (c_{t-1} held fixed), shape (d, d)."""
        return self.state_jacobian(trace, t)[: self.d, : self.d]

    def state_jacobian(self, trace: LSTMTrace, t: int) -> np.ndarray:
        """The full Jacobian of (h_t, c_t) with respect to (h_{t-1}, c_{t-1}), shape (2d, 2d).

        Blocks: [[dh_t/dh_{t-1}, dh_t/dc_{t-1}], [dc_t/dh_{t-1}, dc_t/dc_{t-1}]].
        Its products over steps give d(h_t, c_t)/d(h_{t-k}, c_{t-k}).
        """
        check_index("t", t, trace.T)
        s = t - 1
        i, f, o, g = trace.i[s], trace.f[s], trace.o[s], trace.g[s]
        c_prev, tanh_c = trace.c[t - 1], np.tanh(trace.c[t])
        # dc_t/dh_{t-1}: through f (times c_{t-1}), i (times g) and g (times i)
        dc_dh = (
            (c_prev * sigmoid_grad(f))[:, None] * self.U_f
            + (g * sigmoid_grad(i))[:, None] * self.U_i
            + (i * tanh_grad(g))[:, None] * self.U_g
        )
        dc_dc = np.diag(f)
        dh_dc_t = o * tanh_grad(tanh_c)  # dh_t/dc_t is diagonal
        dh_dh = dh_dc_t[:, None] * dc_dh + (tanh_c * sigmoid_grad(o))[:, None] * self.U_o
        dh_dcp = dh_dc_t[:, None] * dc_dc
        return np.block([[dh_dh, dh_dcp], [dc_dh, dc_dc]])


def _activate(pre: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pre-activations (..., 4d) -> gates i, f, o (sigmoid) and candidate g (tanh), in place, as views."""
    d = pre.shape[-1] // 4
    sigmoid(pre[..., : 3 * d], out=pre[..., : 3 * d])
    np.tanh(pre[..., 3 * d :], out=pre[..., 3 * d :])
    return pre[..., :d], pre[..., d : 2 * d], pre[..., 2 * d : 3 * d], pre[..., 3 * d :]
