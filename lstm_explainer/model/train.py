"""Seeded training of the RNN and LSTM on (embedded) Reber strings, and their evaluation.

Loss: binary cross-entropy between the sigmoid outputs y_t and the multi-hot
set of legal successors of each prefix, summed over the 7 outputs and the
steps of a string, averaged over the strings of a batch.  Optimiser: Adam,
with the gradient's global norm clipped where a recipe says so (the embedded
runs; the 7-4-7 RNN trains without).

Evaluation follows Hochreiter & Schmidhuber (1997): a string counts as
correct when at every step the set of outputs above 0.5 is exactly the set
of legal successors.

Every random draw comes from ``np.random.SeedSequence(seed)``: its children
give, in order, the initial weights, the training strings, the validation
strings and the test strings, so one seed reproduces a run exactly.  Training
looks at the validation strings only (to stop); the test strings are drawn
and scored once it has finished, so the accuracy recorded is measured, not
chosen.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from lstm_explainer.model import ASSETS, reber
from lstm_explainer.model.io import write_json
from lstm_explainer.model.loss import bce_dz
from lstm_explainer.model.lstm import LSTM
from lstm_explainer.model.recurrent import Recurrent
from lstm_explainer.model.rnn import RNN

Model = RNN | LSTM

# child index of SeedSequence(seed) for each use; fixed so runs are reproducible
_INIT, _TRAIN, _VAL, _TEST = range(4)


def _rng(seed: int, purpose: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(4)[purpose])


# ---------------------------------------------------------------- loss, Adam


def bce_loss(model: Model, b: reber.Batch) -> tuple[float, dict[str, np.ndarray]]:
    """Mean-per-string binary cross-entropy and its gradient for every parameter."""
    trace = model.forward(b.x)
    n_strings = b.x.shape[0]
    # log(sigmoid(z)) = -logaddexp(0, -z): stable for any z
    nll = b.target * np.logaddexp(0.0, -trace.z) + (1.0 - b.target) * np.logaddexp(0.0, trace.z)
    loss = float((nll.sum(axis=-1) * b.mask).sum() / n_strings)
    dz = bce_dz(trace.y, b.target) / n_strings
    return loss, model.bptt(b.x, mask=b.mask, dz=dz, trace=trace)


def clip_global_norm(grads: dict[str, np.ndarray], max_norm: float | None) -> dict[str, np.ndarray]:
    """``grads`` scaled down so that their joint Euclidean norm is at most ``max_norm`` (None: unchanged)."""
    if max_norm is None:
        return grads
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if norm <= max_norm:
        return grads
    return {name: g * (max_norm / norm) for name, g in grads.items()}


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) over a dict of named arrays, updated in place."""

    lr: float = 0.05
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    steps: int = 0
    m: dict = field(default_factory=dict)
    v: dict = field(default_factory=dict)

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.steps += 1
        for name, p in params.items():
            g = grads[name]
            self.m[name] = self.beta1 * self.m.get(name, 0.0) + (1 - self.beta1) * g
            self.v[name] = self.beta2 * self.v.get(name, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[name] / (1 - self.beta1**self.steps)  # bias corrections
            v_hat = self.v[name] / (1 - self.beta2**self.steps)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# ---------------------------------------------------------------- evaluation


def _as_batch(strings: list[str] | reber.Batch, embedded: bool | None) -> reber.Batch:
    return strings if isinstance(strings, reber.Batch) else reber.batch(strings, embedded=embedded)


def _correct(y: np.ndarray, b: reber.Batch) -> np.ndarray:
    """Per string, True when every step's set of outputs above 0.5 is the legal set; y (B, T, m)."""
    step_ok = np.all((y > 0.5) == (b.target > 0.5), axis=-1) | (b.mask == 0)
    return np.all(step_ok, axis=-1)


def _branch_correct(y: np.ndarray, b: reber.Batch) -> np.ndarray:
    """Per embedded string, True when the T-vs-P output before the final E picks the right one."""
    rows = np.arange(len(b.x))
    step = b.mask.sum(axis=1).astype(int) - 3  # the inner E: its successor is the branch symbol
    t_out, p_out = y[rows, step, reber.INDEX["T"]], y[rows, step, reber.INDEX["P"]]
    return (t_out > p_out) == (b.target[rows, step, reber.INDEX["T"]] > 0.5)


def correct(model: Model, strings: list[str] | reber.Batch, embedded: bool | None = None) -> np.ndarray:
    """Per string (or string of a prepared batch), True when it passes the criterion."""
    b = _as_batch(strings, embedded)
    return _correct(model.forward(b.x).y, b)


def accuracy(model: Model, strings: list[str] | reber.Batch, embedded: bool | None = None) -> float:
    """Fraction of ``strings`` correct by the Hochreiter & Schmidhuber (1997) criterion."""
    return float(np.mean(correct(model, strings, embedded)))


def branch_accuracy(model: Model, strings: list[str] | reber.Batch) -> float:
    """Embedded strings: fraction whose T-vs-P output before the final E picks the right one.

    This is the one prediction that needs the memory of the second symbol
    (the second-to-last prediction, whose target is the remembered branch);
    chance is 0.5.
    """
    b = _as_batch(strings, True)
    return float(np.mean(_branch_correct(model.forward(b.x).y, b)))


def _curve_point(model: Model, val: reber.Batch, embedded: bool) -> dict[str, float]:
    """Both validation accuracies from one forward pass."""
    y = model.forward(val.x).y
    point = {"val_accuracy": float(np.mean(_correct(y, val)))}
    if embedded:
        point["val_branch_accuracy"] = float(np.mean(_branch_correct(y, val)))
    return point


def held_out(seed: int, count: int, embedded: bool = False) -> list[str]:
    """``count`` strings from the test stream of ``seed``, which training never reads."""
    rng = _rng(seed, _TEST)
    grammar = reber.EMBEDDED if embedded else reber.REBER
    return [grammar.sample(rng) for _ in range(count)]


# ------------------------------------------------------------------ training


@dataclass(frozen=True)
class Recipe:
    """How a model is trained.

    lr: Adam's learning rate.  clip: largest global gradient norm (None: no
    clipping).  eval_every: updates between evaluations on the validation
    strings, each a point of the learning curve.  Training stops at the first
    evaluation with every validation string correct, once ``polish`` more
    sequences have passed since the first such evaluation (they widen the
    margins past 0.5), or after ``max_sequences``; ``stop=False`` always
    trains the whole budget.
    """

    embedded: bool
    batch_size: int
    lr: float
    max_sequences: int
    eval_every: int
    val_size: int = 200
    test_size: int = 1000
    clip: float | None = None
    polish: int = 0
    stop: bool = True


#: the post's 7-4-7 RNN on Reber strings (what assets/rnn_reber.npz was trained with)
REBER_RNN = Recipe(embedded=False, batch_size=4, lr=0.1, max_sequences=20_000, eval_every=5)
#: the LSTM on embedded Reber; the RNN compared with it gets the same recipe and budget
EMBEDDED = Recipe(
    embedded=True, batch_size=2, lr=0.02, max_sequences=20_000, eval_every=10, val_size=300, clip=1.0, polish=6000
)
LSTM_D = 8
LSTM_FORGET_BIAS = 1.0
INIT_SCALE = 1.0


def train(model: Model, seed: int, recipe: Recipe) -> dict:
    """Train ``model`` in place on the training stream of ``seed``; returns its record (see :func:`record`)."""
    grammar = reber.EMBEDDED if recipe.embedded else reber.REBER
    train_rng = _rng(seed, _TRAIN)
    val_rng = _rng(seed, _VAL)
    val = reber.batch([grammar.sample(val_rng) for _ in range(recipe.val_size)], embedded=recipe.embedded)
    adam = Adam(lr=recipe.lr)
    curve = []
    seen = 0
    solved_at = None
    start = time.perf_counter()
    while seen < recipe.max_sequences:
        strings = [grammar.sample(train_rng) for _ in range(recipe.batch_size)]
        loss, grads = bce_loss(model, reber.batch(strings, embedded=recipe.embedded))
        adam.update(model.params(), clip_global_norm(grads, recipe.clip))
        seen += recipe.batch_size
        if adam.steps % recipe.eval_every == 0 or seen >= recipe.max_sequences:
            point = {"sequences": seen, "loss": loss, **_curve_point(model, val, recipe.embedded)}
            curve.append(point)
            if point["val_accuracy"] == 1.0:
                solved_at = seen if solved_at is None else solved_at
                if recipe.stop and seen >= solved_at + recipe.polish:
                    break
    seconds = time.perf_counter() - start
    return record(model, seed, recipe, seen, solved_at, seconds, curve)


def record(model: Model, seed: int, recipe: Recipe, seen: int, solved_at: int | None, seconds: float, curve: list) -> dict:
    """How a model was made, and how well it does on the test strings, drawn only now."""
    test = held_out(seed, recipe.test_size, recipe.embedded)
    info = {
        "seed": seed,
        "grammar": "embedded_reber" if recipe.embedded else "reber",
        "cell": model.KIND,
        "n": model.n,
        "d": model.d,
        "m": model.m,
        "parameters": model.size,
        "recipe": asdict(recipe),
        "sequences_seen": seen,
        "sequences_to_100": solved_at,  # first evaluation with every validation string correct
        "wall_seconds": seconds,
        "test_strings": recipe.test_size,
        "test_accuracy": accuracy(model, test, recipe.embedded),
        "curve": curve,
        "versions": versions(),
    }
    if recipe.embedded:
        info["test_branch_accuracy"] = branch_accuracy(model, reber.batch(test, embedded=True))
    return info


def train_rnn_reber(seed: int = 0, d: int = 4, recipe: Recipe = REBER_RNN) -> tuple[RNN, dict]:
    """Train the post's 7-d-7 RNN (d = 4) on Reber strings until it is 100% correct on the validation strings."""
    n = m = len(reber.SYMBOLS)
    model = RNN.random(n, d, m, _rng(seed, _INIT), scale=INIT_SCALE)
    return model, train(model, seed, recipe)


def rnn_d_matching(size: int, n: int = len(reber.SYMBOLS), m: int = len(reber.SYMBOLS)) -> int:
    """The smallest hidden size d whose n-d-m RNN has at least ``size`` parameters."""
    d = 1
    while RNN.count(n, d, m) < size:
        d += 1
    return d


def train_embedded(cell: str = "lstm", seed: int = 0, d: int | None = None, recipe: Recipe = EMBEDDED) -> tuple[Model, dict]:
    """Train an RNN or LSTM (``cell``) on embedded Reber strings; the record has the learning curves.

    By default the LSTM has d = 8 and the RNN the smallest d with at least
    as many parameters.  The curve's ``val_branch_accuracy`` is the
    long-range prediction alone (T or P before the final E), where the
    vanilla RNN stays at chance.
    """
    n = m = len(reber.SYMBOLS)
    init = _rng(seed, _INIT)
    if cell == "lstm":
        model: Model = LSTM.random(n, d or LSTM_D, m, init, scale=INIT_SCALE, forget_bias=LSTM_FORGET_BIAS)
    elif cell == "rnn":
        model = RNN.random(n, d or rnn_d_matching(LSTM.count(n, LSTM_D, m), n, m), m, init, scale=INIT_SCALE)
    else:
        raise ValueError(f"cell must be 'rnn' or 'lstm', not {cell!r}")
    return model, train(model, seed, recipe)


# ------------------------------------------------------------------ assets


def versions() -> dict[str, object]:
    """The software and the CPU features the numbers were computed with.

    A long training run amplifies last-bit rounding differences, so other
    SIMD kernels (numpy's, or BLAS picking AVX-512) can lead elsewhere.
    """
    config = np.show_config(mode="dicts")
    blas = config["Build Dependencies"]["blas"]
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": f"{blas['name']} {blas['version']}",
        "simd": config["SIMD Extensions"]["found"],
        "machine": platform.machine(),
    }


def train_and_save(out_dir: str | os.PathLike = ASSETS, seed: int = 0, embedded: bool = True) -> dict[str, dict]:
    """Train and write ``rnn_reber.npz/.json`` (and, with ``embedded``, the embedded LSTM and RNN).

    Returns {asset name: record}.  Each file is written atomically.
    """
    out = Path(out_dir)
    jobs = [("rnn_reber", lambda: train_rnn_reber(seed))]
    if embedded:
        jobs += [
            ("lstm_embedded", lambda: train_embedded("lstm", seed)),
            ("rnn_embedded", lambda: train_embedded("rnn", seed)),
        ]
    results = {}
    for name, job in jobs:
        model, info = job()
        model.save(out / f"{name}.npz")
        write_json(out / f"{name}.json", info)
        results[name] = info
    return results


def load_model(path: str | os.PathLike) -> Model:
    """The RNN or LSTM in an .npz written by ``save``, chosen by its ``kind`` entry."""
    return Recurrent.load(path)


def check_report(path: str | os.PathLike, count: int = 1000, seed: int = 20_231_029) -> str:
    """A plain-text report on the model at ``path``.

    Accuracy by the criterion on ``count`` fresh strings drawn from ``seed``
    (a stream the training never uses), the largest singular value and the
    spectral radius of U, and how the gradient reaches back in time on the
    longest of the first 100 strings.
    """
    model = load_model(path)
    meta_path = Path(path).with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    embedded = meta.get("grammar") == "embedded_reber"
    grammar = reber.EMBEDDED if embedded else reber.REBER
    rng = np.random.default_rng(seed)
    strings = [grammar.sample(rng) for _ in range(count)]
    lines = [f"model: {path} ({model.KIND.upper()} {model.n}-{model.d}-{model.m}, {model.size} parameters)"]
    if meta:
        lines.append(
            f"trained: seed {meta.get('seed')}, {meta.get('sequences_seen')} sequences, "
            f"{meta.get('wall_seconds', float('nan')):.2f} s"
        )
    lines.append(
        f"accuracy on {count} fresh {'embedded ' if embedded else ''}Reber strings (seed {seed}): "
        f"{accuracy(model, strings, embedded):.1%}"
    )
    if embedded:
        lines.append(f"T/P prediction before the final E: {branch_accuracy(model, strings):.1%} (chance 50%)")
    Us = {"U": model.U} if isinstance(model, RNN) else {f"U_{g}": getattr(model, f"U_{g}") for g in "ifog"}
    for name, U in Us.items():
        lines.append(
            f"{name}: largest singular value {np.linalg.norm(U, 2):.4f}, "
            f"spectral radius {np.max(np.abs(np.linalg.eigvals(U))):.4f}"
        )
    longest = max(strings[:100], key=len)
    b = reber.batch([longest], embedded=embedded)
    if isinstance(model, RNN):
        dz = bce_dz(model.forward(b.x[0]).y, b.target[0])
        norms = model.lag_norms(b.x[0], dz, "W")
        lines.append(f"per-lag norms of dL/dW on '{longest}' (lag 0, 1, ...):")
    else:
        # on embedded strings, the step whose successor is the remembered branch
        t = len(longest) - 2 if embedded else len(longest)
        norms = model.input_sensitivity(b.x[0], t=t)[::-1]
        lines.append(f"||dy_t/dx_(t-l)|| for t = {t} on '{longest}' (l = 0, 1, ...):")
    lines.append("  " + " ".join(f"{v:.2e}" for v in norms))
    return "\n".join(lines)


def training_strings(seed: int, sequences: int, embedded: bool = False) -> list[str]:
    """The first ``sequences`` strings of the training stream of ``seed``, in the order training read them."""
    rng = _rng(seed, _TRAIN)
    grammar = reber.EMBEDDED if embedded else reber.REBER
    return [grammar.sample(rng) for _ in range(sequences)]
