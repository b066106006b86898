"""What ErrorAtStepTwo shows: the post's two terms at t = 2 on one parameter that has both, the hidden bias.

The bias b_h^i enters a_t^i with input 1 at every step, so at t = 2 it acts directly on
a_2^i (h_1 held fixed) and through h_1^i, which U spreads into every a_2^alpha. The model
splits the derivative (``model.rnn.step_split``); this module picks the example and lays
the two terms out as worked equations (``values.rnn.Equation``). No manim import.
"""

from __future__ import annotations

from dataclasses import dataclass

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import RNN, step_split
from lstm_explainer.scenes.values.grammar import likeliest_legal_output
from lstm_explainer.scenes.values.rnn import Equation, Labelled, Side

STEP = 2  # the post's second step


@dataclass(frozen=True)
class BiasSplit:
    """dy_2^k / db_h^i = direct + indirect, factor by factor (1-based k, i).

    sigma_y: sigma_y'(z_2^k).  v: v_ki.  slope2: sigma_h'(a_2^i).  fan_out: sum_alpha
    v_k,alpha sigma_h'(a_2^alpha) u_alpha,i.  slope1: sigma_h'(a_1^i) = dh_1^i/db_h^i (h_0 = 0).
    direct, indirect: the model's split; grad: the model's dy_2^k/db_h^i by backprop (BPTT), a separate
    computation the screen writes under the sum direct + indirect, so the two can be seen to agree.
    """

    k: int
    i: int
    sigma_y: float
    v: float
    slope2: float
    fan_out: float
    slope1: float
    direct: float
    indirect: float
    grad: float
    branches: tuple[float, ...] = ()  # fan_out's terms v_k,alpha sigma_h'(a_2^alpha) u_alpha,i, alpha = 1..d

    @property
    def index(self) -> dict:
        return {"t": STEP, "k": self.k, "i": self.i}

    def _sigma_y(self) -> Labelled:
        return Labelled("sigma_y'", self.sigma_y, "output", "sigma_y'", {"t": STEP, "k": self.k})

    @property
    def direct_equation(self) -> Equation:
        """direct = sigma_y' v_ki sigma_h'(a_2^i) (times the bias's input, 1)."""
        k, i = self.k, self.i
        return Equation(
            Side("direct", "b_h", i, ()),
            (
                self._sigma_y(),
                Labelled("v", self.v, "V", "V", {"i": k, "j": i}),
                Labelled("sigma_h'(a)", self.slope2, "hidden", "sigma_h'", {"t": STEP, "unit": i}),
            ),
            Labelled("", self.direct, "gradient", "dy/db direct", self.index),
        )

    @property
    def indirect_equation(self) -> Equation:
        """indirect = sigma_y' (sum_alpha v_k,alpha sigma_h'(a_2^alpha) u_alpha,i) sigma_h'(a_1^i)."""
        k, i = self.k, self.i
        return Equation(
            Side("indirect", "b_h", i, ()),
            (
                self._sigma_y(),
                Labelled("fan_out", self.fan_out, "U",
                         "fan_out", {"t": STEP, "k": k, "i": i}),
                Labelled("sigma_h'(a)", self.slope1, "hidden", "sigma_h'", {"t": 1, "unit": i}),
            ),
            Labelled("", self.indirect, "gradient", "dy/db indirect", self.index),
        )

    @property
    def side(self) -> Side:
        """dy_2^k/db_h^i, the derivative both the sum and backprop give."""
        return Side("dy/d", "b_h", self.i, (), t=STEP, k=self.k)

    @property
    def total_equation(self) -> Equation:
        """dy_2^k/db_h^i = direct + indirect, the result the sum of the two recorded terms."""
        return Equation(
            self.side,
            (
                Labelled("direct", self.direct, "gradient", "dy/db direct", self.index),
                Labelled("indirect", self.indirect, "gradient", "dy/db indirect", self.index),
            ),
            Labelled("direct + indirect", self.direct + self.indirect, "gradient", "dy/db sum", self.index),
            op="+",
        )

    @property
    def backprop(self) -> Labelled:
        """dy_2^k/db_h^i as backprop gives it, written beside the sum."""
        return Labelled("", self.grad, "gradient", "dy/db", self.index)


def bias_split(rnn: RNN, string: str) -> BiasSplit:
    """The example for `string`: k the likeliest legal output at t = 2, i the hidden unit whose smaller term is largest."""
    xs = reber.encode(string)
    k = likeliest_legal_output(rnn, string, STEP)
    split = step_split(rnn, xs, STEP, k, "b_h")
    i = 1 + max(range(rnn.d), key=lambda a: min(abs(split.direct[a]), abs(split.indirect[a])))
    trace = rnn.forward(xs[:STEP])
    slopes = trace.dh_da
    branches = rnn.V[k - 1] * slopes[STEP - 1] * rnn.U[:, i - 1]  # v_k,alpha sigma_h'(a_2^alpha) u_alpha,i
    return BiasSplit(
        k=k,
        i=i,
        sigma_y=float(trace.dy_dz[STEP - 1, k - 1]),
        v=float(rnn.V[k - 1, i - 1]),
        slope2=float(slopes[STEP - 1, i - 1]),
        fan_out=float(branches.sum()),
        slope1=float(slopes[0, i - 1]),
        direct=float(split.direct[i - 1]),
        indirect=float(split.indirect[i - 1]),
        grad=float(rnn.output_grad(xs, STEP, k)["b_h"][i - 1]),
        branches=tuple(float(b) for b in branches),
    )
