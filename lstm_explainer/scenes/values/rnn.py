"""The worked steps of the 7-4-7 RNN (scenes 2 to 4): the unrolled values and dy/dw at t = 1 and t = 2.

Every number comes from the model: the forward trace (inputs, hidden states, outputs
and the activation slopes read off them) and the model's own gradients
(``RNN.output_grad``, ``RNN.hidden_grad``). A worked equation is an ``Equation`` of
``Labelled`` factors (the symbol, the value, its role, the quantity and index it is
recorded under), which the scenes turn into terms, so what the tests check is what is
drawn. Indices are the post's, 1-based. No manim and no theme import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes.values.grammar import likeliest_legal_output, symbol_index

UNROLL_STEPS = 3  # the post's three-input example


@dataclass(frozen=True)
class Labelled:
    """One number of a worked equation: the symbol it is written as, its value and role.

    symbol: which of the post's symbols stands for it, a plain name the scenes typeset
    with its index (``components.live_equation.symbol_tex``): "sigma_y'", "sigma_h'",
    "sigma_h'(a)" (with its argument), "v", "h", "x", "fan_out" (the sum
    sum_alpha v_k,alpha sigma_h' u_alpha,i), "direct", "indirect", "direct + indirect" (a sum's result); "" for a result.
    role: what the number is, one of "output" (an output or its slope), "hidden"
    (a hidden state or its slope), "input", "V", "W", "U" (a weight), "gradient"
    (a derivative, or a part of one); the scenes colour by it.  quantity and
    index: what ``render.py values`` lists it as (1-based, as in the post).
    """

    symbol: str
    value: float
    role: str
    quantity: str
    index: dict


@dataclass(frozen=True)
class Side:
    """What an equation's left-hand side names, typeset by the scenes (``live_equation.side_tex``).

    kind: "dy/d" (dy_t^k / d param_ij, j = js[0]), or "direct" or "indirect" (that term of the
    hidden bias).  param: "w", "u" or "v", or "b_h" for the hidden bias b_h^i (one index, js empty;
    its terms are written without an argument).
    """

    kind: str
    param: str
    i: int
    js: tuple[int, ...]
    t: int = 0
    k: int = 0


@dataclass(frozen=True)
class Equation:
    """lhs = f_1 op f_2 op ... = result, with op a product ("*") or a sum ("+")."""

    lhs: Side
    factors: tuple[Labelled, ...]
    result: Labelled
    op: str = "*"


@dataclass(frozen=True)
class UnrollValues:
    """The first ``UNROLL_STEPS`` steps of a Reber string through the RNN.

    symbols: the input symbols.  x: (T, n) one-hot inputs.  h: (T, d) hidden
    states h_1..h_T.  y: (T, m) output scores (independent sigmoids).  legal: per step the set of
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
    = 1 - (h_1^i)^2.  x: x_1^j.  h0: h_0^j (always 0).  h1: h_1^i.
    grad_w, grad_u, grad_v: the model's dy_1^k/dw_ij, dy_1^k/du_ij, dy_1^k/dv_ki (all three at hidden unit i).
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

    def _dy(self, param: str, i: int, j: int) -> Side:
        return Side("dy/d", param, i, (j,), t=1, k=self.k)

    def _common(self) -> tuple[Labelled, Labelled, Labelled]:
        i, k = self.i, self.k
        return (
            Labelled("sigma_y'", self.sigma_y, "output", "sigma_y'", {"t": 1, "k": k}),
            Labelled("v", self.v, "V", "V", {"i": k, "j": i}),
            Labelled("sigma_h'", self.sigma_h, "hidden", "sigma_h'", {"t": 1, "unit": i}),
        )

    @property
    def v_equation(self) -> Equation:
        """dy_1^k/dv_ki = sigma_y' h_1^i: the output weight out of the hidden unit i that w_ij and u_ij go into."""
        k, i = self.k, self.i
        return Equation(
            self._dy("v", k, i),
            (self._common()[0], Labelled("h", self.h1, "hidden", "h", {"t": 1, "unit": i})),
            Labelled("", self.grad_v, "gradient", "dy/dV", {"t": 1, "k": k, "i": k, "j": i}),
        )

    def _through_hidden_unit(self, param: str, last: Labelled, grad: float) -> Equation:
        """dy_1^k/dw_ij or du_ij = sigma_y' v_ki sigma_h' times `last` (x_1^j or h_0^j)."""
        i, j, k = self.i, self.j, self.k
        where = {"t": 1, "k": k, "i": i, "j": j}
        return Equation(self._dy(param, i, j), (*self._common(), last),
                        Labelled("", grad, "gradient", f"dy/d{param.upper()}", where))

    @property
    def w_equation(self) -> Equation:
        """dy_1^k/dw_ij = sigma_y' v_ki sigma_h' x_1^j."""
        x = Labelled("x", self.x, "input", "x", {"t": 1, "j": self.j})
        return self._through_hidden_unit("w", x, self.grad_w)

    @property
    def u_equation(self) -> Equation:
        """dy_1^k/du_ij = sigma_y' v_ki sigma_h' h_0^j."""
        h0 = Labelled("h", self.h0, "hidden", "h", {"t": 0, "unit": self.j})
        return self._through_hidden_unit("u", h0, self.grad_u)


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
        h1=float(trace.h[1, i - 1]),
        grad_w=float(grads["W"][i - 1, j - 1]),
        grad_u=float(grads["U"][i - 1, j - 1]),
        grad_v=float(grads["V"][k - 1, i - 1]),
    )
