"""What the six RNN scenes show, as plain data: the one home of their display values.

Every number comes from the model: the forward trace (inputs, hidden states,
outputs and the activation slopes read off them), the model's own gradients
(``RNN.output_grad``, ``RNN.hidden_grad``), its paths, Jacobians and per-lag
parts. These functions only pick entries, sort and multiply the factors the
post writes out. A worked equation is an ``Equation`` of ``Labelled`` factors
(the symbol, the value, its role, the quantity and index it is recorded
under), which the scenes turn into terms, so what the tests check is what is
drawn. Indices are the post's, 1-based. No manim and no theme import.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lstm_explainer.model import reber, train
from lstm_explainer.model.rnn import RNN, PathTerm

UNROLL_STEPS = 3  # the post's three-input example


@dataclass(frozen=True)
class Labelled:
    """One number of a worked equation: its symbol (TeX, as the post writes it), value and role.

    role: what the number is, one of "output" (an output or its slope), "hidden"
    (a hidden state or its slope), "input", "V", "W", "U" (a weight), "gradient"
    (a derivative, or a part of one); the scenes colour by it.  quantity and
    index: what ``render.py values`` lists it as (1-based, as in the post).
    """

    name: str
    value: float
    role: str
    quantity: str
    index: dict


@dataclass(frozen=True)
class Equation:
    """lhs = f_1 op f_2 op ... = result, with op a product ("*") or a sum ("+")."""

    lhs: str
    factors: tuple[Labelled, ...]
    result: Labelled
    op: str = "*"


@dataclass(frozen=True)
class UnrollValues:
    """The first ``UNROLL_STEPS`` steps of a Reber string through the RNN.

    symbols: the input symbols.  x: (T, n) one-hot inputs.  h: (T, d) hidden
    states h_1..h_T.  y: (T, m) output probabilities.  legal: per step the set of
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


def likeliest_legal_output(rnn: RNN, string: str, t: int) -> int:
    """The example output of step t: the 1-based k of the legal next symbol with the largest y_t^k.

    At t = 1 the legal symbols are T and P, so the example is never the symbol V, whose
    letter would read as the matrix V.
    """
    trace = rnn.forward(reber.encode(string[:t]))
    legal = reber.successors(string[:t])[t - 1]
    return max((symbol_index(s) for s in legal), key=lambda k: trace.y[t - 1, k - 1])


@dataclass(frozen=True)
class StepOneValues:
    """dy_1^k / dw_ij, du_ij and dv_kj at t = 1, factor by factor.

    sigma_y: sigma_y'(z_1^k) = y_1^k (1 - y_1^k).  v: v_ki.  sigma_h: sigma_h'(a_1^i)
    = 1 - (h_1^i)^2.  x: x_1^j.  h0: h_0^j (always 0).  h1: h_1^j (j as a hidden index).
    grad_w, grad_u, grad_v: the model's dy_1^k/dw_ij, dy_1^k/du_ij, dy_1^k/dv_kj.
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

    def _dy(self, param: str) -> str:
        return rf"\frac{{\partial y_1^{{{self.k}}}}}{{\partial {param}}}"

    def _common(self) -> tuple[Labelled, Labelled, Labelled]:
        i, k = self.i, self.k
        return (
            Labelled(r"\sigma_y'", self.sigma_y, "output", "sigma_y'", {"t": 1, "k": k}),
            Labelled(f"v_{{{k}{i}}}", self.v, "V", "V", {"i": k, "j": i}),
            Labelled(r"\sigma_h'", self.sigma_h, "hidden", "sigma_h'", {"t": 1, "unit": i}),
        )

    @property
    def v_equation(self) -> Equation:
        """dy_1^k/dv_kj = sigma_y' h_1^j."""
        k, j = self.k, self.j
        return Equation(
            self._dy(f"v_{{{k}{j}}}"),
            (self._common()[0], Labelled(f"h_1^{{{j}}}", self.h1, "hidden", "h", {"t": 1, "unit": j})),
            Labelled("", self.grad_v, "gradient", "dy/dV", {"t": 1, "k": k, "i": k, "j": j}),
        )

    def _through_hidden_unit(self, param: str, last: Labelled, grad: float) -> Equation:
        """dy_1^k/dw_ij or du_ij = sigma_y' v_ki sigma_h' times `last` (x_1^j or h_0^j)."""
        i, j, k = self.i, self.j, self.k
        where = {"t": 1, "k": k, "i": i, "j": j}
        return Equation(self._dy(f"{param}_{{{i}{j}}}"), (*self._common(), last),
                        Labelled("", grad, "gradient", f"dy/d{param.upper()}", where))

    @property
    def w_equation(self) -> Equation:
        """dy_1^k/dw_ij = sigma_y' v_ki sigma_h' x_1^j."""
        x = Labelled(f"x_1^{{{self.j}}}", self.x, "input", "x", {"t": 1, "j": self.j})
        return self._through_hidden_unit("w", x, self.grad_w)

    @property
    def u_equation(self) -> Equation:
        """dy_1^k/du_ij = sigma_y' v_ki sigma_h' h_0^j."""
        h0 = Labelled(f"h_0^{{{self.j}}}", self.h0, "hidden", "h", {"t": 0, "unit": self.j})
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
        h1=float(trace.h[1, j - 1]),
        grad_w=float(grads["W"][i - 1, j - 1]),
        grad_u=float(grads["U"][i - 1, j - 1]),
        grad_v=float(grads["V"][k - 1, j - 1]),
    )


@dataclass(frozen=True)
class StepTwoValues:
    """dy_2^k / dw_ij = sigma_y' sum_alpha v_k,alpha sigma_h'(a_2^alpha) (delta(alpha,i) x_2^j + u_alpha,i dh_1^i/dw_ij),
    worked for the two input weights of hidden unit i that carry the string's first two symbols.

    With one-hot inputs no single w_ij has both terms at t = 2: the direct term needs x_2^j = 1,
    the indirect one x_1^j = 1, and the first two symbols differ (B, then T or P).  So the example
    adds the derivatives of w_i,j1 (j1: the symbol read at t = 1) and w_i,j2 (j2: the one read at
    t = 2): its direct term is w_i,j2's, its indirect term w_i,j1's, both non-zero.

    sigma_y: sigma_y'(z_2^k).  v: (d,) v_k,alpha.  sigma_h: (d,) sigma_h'(a_2^alpha).
    x2: x_2^j2 (1).  x2_j1, x1_j2: x_2^j1 and x_1^j2, the inputs (0) that leave each weight one term.  u: (d,) u_alpha,i.  dh1: dh_1^i/dw_i,j1 (the model's hidden_grad).
    direct: sigma_y' v_ki sigma_h'(a_2^i) x_2^j2.
    indirect_terms: (d,) sigma_y' v_k,alpha sigma_h'(a_2^alpha) u_alpha,i dh_1^i/dw_i,j1; indirect: their sum.
    grads: the model's (dy_2^k/dw_i,j1, dy_2^k/dw_i,j2) by BPTT; grad: their sum.
    """

    i: int
    k: int
    j1: int
    j2: int
    symbols: str  # the symbols j1 and j2 stand for
    sigma_y: float
    v: np.ndarray
    sigma_h: np.ndarray
    x2: float
    x2_j1: float
    x1_j2: float
    u: np.ndarray
    dh1: float
    direct: float
    indirect_terms: np.ndarray
    grads: tuple[float, float]

    @property
    def indirect(self) -> float:
        return float(self.indirect_terms.sum())

    @property
    def grad(self) -> float:
        return float(sum(self.grads))

    @property
    def fan_out(self) -> float:
        """sum_alpha v_k,alpha sigma_h'(a_2^alpha) u_alpha,i: how strongly h_1^i reaches y_2^k."""
        return float((self.v * self.sigma_h * self.u).sum())

    def _where(self, j: int) -> dict:
        return {"t": 2, "k": self.k, "i": self.i, "j": j}

    @property
    def _both(self) -> dict:
        return {"t": 2, "k": self.k, "i": self.i, "j": f"{self.j1},{self.j2}"}

    def weight_tex(self, j: int) -> str:
        return f"w_{{{self.i}{j}}}"

    @property
    def direct_equation(self) -> Equation:
        """direct (of w_i,j2) = sigma_y' v_ki sigma_h'(a_2^i) x_2^j2."""
        i, j, k = self.i, self.j2, self.k
        return Equation(
            rf"\text{{direct}}\,({self.weight_tex(j)})",
            (
                Labelled(r"\sigma_y'", self.sigma_y, "output", "sigma_y'", {"t": 2, "k": k}),
                Labelled(f"v_{{{k}{i}}}", float(self.v[i - 1]), "V", "V", {"i": k, "j": i}),
                Labelled(rf"\sigma_h'(a_2^{i})", float(self.sigma_h[i - 1]), "hidden", "sigma_h'", {"t": 2, "unit": i}),
                Labelled(f"x_2^{{{j}}}", self.x2, "input", "x", {"t": 2, "j": j}),
            ),
            Labelled("", self.direct, "W", "dy/dW direct", self._where(j)),
        )

    @property
    def indirect_equation(self) -> Equation:
        """indirect (of w_i,j1) = sigma_y' dh_1^i/dw_i,j1 sum_alpha v_k,alpha sigma_h'(a_2^alpha) u_alpha,i."""
        i, j, k = self.i, self.j1, self.k
        return Equation(
            rf"\text{{indirect}}\,({self.weight_tex(j)})",
            (
                Labelled(r"\sigma_y'", self.sigma_y, "output", "sigma_y'", {"t": 2, "k": k}),
                Labelled(rf"\dfrac{{\partial h_1^{i}}}{{\partial w_{{{i}{j}}}}}", self.dh1, "hidden", "dh/dW",
                         {"t": 1, "unit": i, "i": i, "j": j}),
                Labelled(rf"\textstyle\sum_\alpha v_{{{k}\alpha}}\sigma_h' u_{{\alpha {i}}}", self.fan_out, "U",
                         "fan_out", {"t": 2, "k": k, "i": i}),
            ),
            Labelled("", self.indirect, "U", "dy/dW indirect", self._where(j)),
        )

    @property
    def total_equation(self) -> Equation:
        """dy_2^k/dw_i,j2 + dy_2^k/dw_i,j1 = direct + indirect (each side in the same order)."""
        i, k = self.i, self.k
        lhs = " + ".join(rf"\frac{{\partial y_2^{k}}}{{\partial w_{{{i}{j}}}}}" for j in (self.j2, self.j1))
        return Equation(
            lhs,
            (
                Labelled(r"\text{direct}", self.direct, "W", "dy/dW direct", self._where(self.j2)),
                Labelled(r"\text{indirect}", self.indirect, "U", "dy/dW indirect", self._where(self.j1)),
            ),
            Labelled("", self.grad, "gradient", "dy/dW summed", self._both),
            op="+",
        )


def step_two_values(rnn: RNN, string: str, i: int, k: int) -> StepTwoValues:
    """The step-2 example for hidden unit i and output k, on the weights of the string's first two symbols."""
    xs = reber.encode(string)
    trace = rnn.forward(xs[:2])
    j1, j2 = symbol_index(string[0]), symbol_index(string[1])
    sigma_y = float(trace.dy_dz[1, k - 1])
    v = rnn.V[k - 1].copy()
    sigma_h = trace.dh_da[1]
    u = rnn.U[:, i - 1].copy()
    x2 = float(trace.x[1, j2 - 1])
    dh1 = float(rnn.hidden_grad(xs, 1, i)["W"][i - 1, j1 - 1])
    grad_w = rnn.output_grad(xs, 2, k)["W"]
    return StepTwoValues(
        i=i,
        k=k,
        j1=j1,
        j2=j2,
        symbols=string[:2],
        sigma_y=sigma_y,
        v=v,
        sigma_h=sigma_h,
        x2=x2,
        x2_j1=float(trace.x[1, j1 - 1]),
        x1_j2=float(trace.x[0, j2 - 1]),
        u=u,
        dh1=dh1,
        direct=float(sigma_y * v[i - 1] * sigma_h[i - 1] * x2),
        indirect_terms=sigma_y * v * sigma_h * u * dh1,
        grads=(float(grad_w[i - 1, j1 - 1]), float(grad_w[i - 1, j2 - 1])),
    )


def symbol_index(symbol: str) -> int:
    """The post's 1-based index j of a Reber symbol among the inputs (B = 1 ... E = 7)."""
    return reber.INDEX[symbol] + 1


# max |sigma_h'| = max |tanh'| = 1, the constant of the bound ||dh_t/dh_{t-l}|| <= (max|tanh'| s)^l
# (Pascanu, Mikolov & Bengio 2013, who call it gamma; here gamma names the units of a path).
MAX_TANH_SLOPE = 1.0

# The window of decades a log plot draws; values outside are clipped to its edge with a note.
LOG_FLOOR = -60
LOG_CEILING = 20

# The norm curves need about this many steps to show their trend: more than one Reber string has.
PLOT_STEPS = 50

# How much the small-input regime scales the input drive W x_t + b_h: small enough that h stays
# near 0 (tanh near linear, sigma_h' ~ 1) over PLOT_STEPS steps even as U at s = 2 amplifies it.
SMALL_INPUT = 1e-12


def curve_string(string: str, steps: int = PLOT_STEPS) -> str:
    """`string` repeated back to back (h carried over, not reset) in whole copies, at least `steps` symbols."""
    return string * -(-steps // len(string))


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


def decade_window(values, margin: float = 0.5) -> tuple[int, int]:
    """Whole decades [floor, ceiling] holding every non-zero |value| with at least `margin` decades to spare."""
    sizes = np.abs(np.asarray(values, dtype=float))
    logs = np.log10(sizes[sizes > 0])  # a zero is drawn as an empty bar, at no height
    return int(np.floor(logs.min() - margin)), int(np.ceil(logs.max() + margin))


def product_window(factors: list[Factor]) -> tuple[int, int]:
    """The decades the |product| bar spans: the running product from 1 (no factor yet) to its last value."""
    return decade_window([1.0] + [f.product for f in factors])


def collapsing_factor(factors: list[Factor]) -> Factor:
    """The factor that shrinks the running product most: the one of smallest |sigma_h' u|."""
    return min(factors, key=lambda f: abs(f.value))


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


@dataclass(frozen=True)
class JacobianEntry:
    """Entry (alpha, beta) of dh_t/dh_{t-k} = J_t ... J_{t-k+1}, two ways.

    matrix: from the product of the model's step Jacobians.  paths: the post's
    closed form, the sum over every gamma_1..gamma_{k-1} of prod_l B(gamma_l,
    gamma_{l+1}, t-l) with gamma_0 = alpha and gamma_k = beta (d^(k-1) paths).
    """

    t: int
    k: int
    alpha: int
    beta: int
    matrix: float
    paths: float
    count: int


def jacobian_entry(rnn: RNN, string: str, t: int, k: int, alpha: int, beta: int) -> JacobianEntry:
    trace = rnn.forward(reber.encode(string))
    matrix = float(rnn.jacobian_product(trace, t, k)[alpha - 1, beta - 1])
    products = rnn.state_path_products(trace, t, k, alpha, beta)
    return JacobianEntry(t, k, alpha, beta, matrix, float(np.sum(products)), len(products))


# ------------------------------------------------------- norm curves (scene 6)


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
    s = float(np.linalg.norm(net.U, 2))
    ks = np.arange(k_max + 1)
    with np.errstate(over="ignore"):
        bound = (MAX_TANH_SLOPE * s) ** ks.astype(float)
    return NormCurve(s, ks, norms, bound, floor, ceiling)


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
    at a setting, and for the bound, which is linear in log s, wherever it is not clipped.
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
        return DialPosition(
            (1 - share) * low.log_norms + share * high.log_norms,
            (1 - share) * low.log_bound + share * high.log_bound,
            nearer.capped,
        )


def dial_curves(rnn: RNN, xs: np.ndarray, settings) -> DialCurves:
    """The norm curves with U rescaled to each of the dial's `settings` (at least two, ascending)."""
    settings = tuple(float(s) for s in settings)
    if len(settings) < 2 or list(settings) != sorted(settings):
        raise ValueError(f"a dial needs two or more ascending settings, not {settings}")
    return DialCurves(settings, tuple(dial_curve(rnn, xs, s) for s in settings))


@dataclass(frozen=True)
class SmallInputRegime:
    """The network with U rescaled to ``s`` and its input drive W x_t + b_h scaled by ``scale``.

    curve: its norm curve.  least_slope: the smallest sigma_h'(a_t^alpha) over every
    step and unit; near 1, tanh acts as the identity and the norm follows U^k.
    """

    s: float
    scale: float
    curve: NormCurve
    least_slope: float


def small_input_regime(rnn: RNN, xs: np.ndarray, s: float, scale: float = SMALL_INPUT) -> SmallInputRegime:
    net = replace(rnn.with_spectral_norm(s), W=rnn.W * scale, b_h=rnn.b_h * scale)
    return SmallInputRegime(s, scale, norm_curve(net, xs), float(net.forward(xs).dh_da.min()))


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


def lag_profile(rnn: RNN, string: str, param: str = "W", copies: int = 1) -> LagProfile:
    """The per-lag parts of dL/dW (or dU) for the loss on the prediction after the last symbol.

    With `copies`, the network reads `string` that many times back to back; the target
    is still the legal set after the string's last symbol.
    """
    xs = reber.encode(string * copies)
    T = xs.shape[0]
    target = reber.multi_hot(reber.successors(string))[-1]
    dz_T = train.bce_dz(rnn.forward(xs).y[T - 1], target)
    parts = rnn.lag_contributions(xs, T, param=param, dz_t=dz_T)
    dz = np.zeros((T, rnn.m))
    dz[T - 1] = dz_T
    total = rnn.bptt(xs, dz=dz)[param]
    return LagProfile(parts, np.linalg.norm(parts, axis=(1, 2)), total)
