"""Seeded training of the RNN and LSTM on (embedded) Reber strings, and their evaluation.

Loss: binary cross-entropy between the sigmoid outputs y_t and the multi-hot
set of legal successors of each prefix, summed over the 7 outputs and the
steps of a string, averaged over the strings of a batch.  Optimiser: Adam.
No gradient clipping: it would hide the effect the videos explain.

Evaluation follows Hochreiter & Schmidhuber (1997): a string counts as
correct when at every step the set of outputs above 0.5 is exactly the set
of legal successors.

Every random draw comes from ``np.random.SeedSequence(seed)``: its children
give, in order, the initial weights, the training strings, the validation
strings and the held-out test strings, so one seed reproduces a run exactly.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model import reber
from model.lstm import LSTM
from model.rnn import RNN, atomic_write

Model = RNN | LSTM

# child index of SeedSequence(seed) for each use; fixed so runs are reproducible
_INIT, _TRAIN, _VAL, _TEST = range(4)


def _rng(seed: int, purpose: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(4)[purpose])


# ---------------------------------------------------------------- loss, Adam


def bce_loss(model: Model, b: reber.Batch) -> tuple[float, dict[str, np.ndarray]]:
    """Mean-per-string binary cross-entropy and its gradient for every parameter.

    With sigmoid outputs, dL/dz = y - target exactly, so the backward pass is
    seeded at z and never divides by sigma_y'.
    """
    trace = model.forward(b.x)
    n_strings = b.x.shape[0]
    # log(sigmoid(z)) = -logaddexp(0, -z): stable for any z
    nll = b.target * np.logaddexp(0.0, -trace.z) + (1.0 - b.target) * np.logaddexp(0.0, trace.z)
    loss = float((nll.sum(axis=-1) * b.mask).sum() / n_strings)
    dz = (trace.y - b.target) / n_strings
    return loss, model.bptt(b.x, mask=b.mask, dz=dz, trace=trace)


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


def correct(model: Model, strings: list[str], embedded: bool | None = None) -> np.ndarray:
    """Per string, True when every step's set of outputs above 0.5 is the legal set."""
    b = reber.batch(strings, embedded=embedded)
    y = model.forward(b.x).y
    step_ok = np.all((y > 0.5) == (b.target > 0.5), axis=-1) | (b.mask == 0)
    return np.all(step_ok, axis=-1)


def accuracy(model: Model, strings: list[str], embedded: bool | None = None) -> float:
    """Fraction of ``strings`` correct by the Hochreiter & Schmidhuber (1997) criterion."""
    return float(np.mean(correct(model, strings, embedded)))


def branch_accuracy(model: Model, strings: list[str]) -> float:
    """Embedded strings: fraction whose T-vs-P output before the final E picks the right one.

    This is the one prediction that needs the memory of the second symbol;
    chance is 0.5.
    """
    b = reber.batch(strings, embedded=True)
    y = model.forward(b.x).y
    lengths = b.mask.sum(axis=1).astype(int)
    rows = np.arange(len(strings))
    step = lengths - 3  # the inner E: its successor is the branch symbol
    t_out, p_out = y[rows, step, reber.INDEX["T"]], y[rows, step, reber.INDEX["P"]]
    truth = np.array([s[1] == "T" for s in strings])
    return float(np.mean((t_out > p_out) == truth))


def held_out(seed: int, count: int, embedded: bool = False) -> list[str]:
    """``count`` fresh strings from the test stream of ``seed`` (never used for training)."""
    rng = _rng(seed, _TEST)
    draw = reber.embedded_sample if embedded else reber.sample
    return [draw(rng) for _ in range(count)]


# ------------------------------------------------------------------ training


def _train(
    model: Model,
    seed: int,
    embedded: bool,
    batch_size: int,
    lr: float,
    max_sequences: int,
    eval_every: int,
    val_size: int,
    test_size: int,
    stop_at_100: bool,
    polish: int = 0,
) -> dict:
    """Train ``model`` in place; returns the info dict with the learning curve."""
    draw = reber.embedded_sample if embedded else reber.sample
    train_rng = _rng(seed, _TRAIN)
    val_rng = _rng(seed, _VAL)
    val = [draw(val_rng) for _ in range(val_size)]
    test = held_out(seed, test_size, embedded)
    adam = Adam(lr=lr)
    curve = []
    seen = 0
    start = time.perf_counter()
    solved_at = None
    while seen < max_sequences:
        strings = [draw(train_rng) for _ in range(batch_size)]
        loss, grads = bce_loss(model, reber.batch(strings, embedded=embedded))
        adam.update(model.params(), grads)
        seen += batch_size
        if adam.steps % eval_every == 0 or seen >= max_sequences:
            point = {"sequences": seen, "loss": loss, "val_accuracy": accuracy(model, val, embedded)}
            if embedded:
                point["val_branch_accuracy"] = branch_accuracy(model, val)
            curve.append(point)
            # only the held-out set decides that training is done
            if point["val_accuracy"] == 1.0 and accuracy(model, test, embedded) == 1.0:
                solved_at = seen if solved_at is None else solved_at
                # ``polish`` more sequences widen the margins past 0.5 before stopping
                if stop_at_100 and seen >= solved_at + polish:
                    break
    seconds = time.perf_counter() - start
    info = {
        "seed": seed,
        "grammar": "embedded_reber" if embedded else "reber",
        "cell": "lstm" if isinstance(model, LSTM) else "rnn",
        "n": model.n,
        "d": model.d,
        "m": model.m,
        "batch_size": batch_size,
        "learning_rate": lr,
        "sequences_seen": seen,
        "sequences_to_100": solved_at,
        "polish_sequences": polish,
        "wall_seconds": seconds,
        "test_strings": test_size,
        "test_accuracy": accuracy(model, test, embedded),
        "curve": curve,
        "versions": versions(),
    }
    if embedded:
        info["test_branch_accuracy"] = branch_accuracy(model, test)
    return info


def train_rnn_reber(
    seed: int = 0,
    d: int = 4,
    batch_size: int = 4,
    lr: float = 0.1,
    max_sequences: int = 20_000,
    eval_every: int = 5,
    val_size: int = 200,
    test_size: int = 1000,
) -> tuple[RNN, dict]:
    """Train the post's 7-d-7 RNN (d = 4) on Reber strings until it is 100% correct.

    Stops as soon as both the validation strings and ``test_size`` held-out
    strings pass the criterion (or after ``max_sequences``).  Returns the
    network and an info dict (seed, sequences seen, seconds, accuracy,
    learning curve, library versions).
    """
    n = m = len(reber.SYMBOLS)
    model = RNN.random(n, d, m, _rng(seed, _INIT), scale=1.0)
    info = _train(model, seed, False, batch_size, lr, max_sequences, eval_every, val_size, test_size, True)
    return model, info


def train_embedded(
    cell: str = "lstm",
    seed: int = 0,
    d: int = 8,
    batch_size: int = 8,
    lr: float = 0.03,
    max_sequences: int = 40_000,
    eval_every: int = 25,  # updates between points of the learning curve
    val_size: int = 200,
    test_size: int = 1000,
    stop_at_100: bool = True,
    polish: int = 4000,
) -> tuple[Model, dict]:
    """Train an RNN or LSTM (``cell``) on embedded Reber strings; info has the learning curve.

    After the first evaluation at 100%, training goes on for ``polish``
    sequences and stops at the next evaluation that is again 100%.
    The curve's ``val_branch_accuracy`` is the long-range prediction alone
    (T or P before the final E), which is where the vanilla RNN stays at chance.
    """
    n = m = len(reber.SYMBOLS)
    init = _rng(seed, _INIT)
    if cell == "lstm":
        model: Model = LSTM.random(n, d, m, init, scale=1.0)
    elif cell == "rnn":
        model = RNN.random(n, d, m, init, scale=1.0)
    else:
        raise ValueError(f"cell must be 'rnn' or 'lstm', not {cell!r}")
    info = _train(
        model, seed, True, batch_size, lr, max_sequences, eval_every, val_size, test_size, stop_at_100, polish
    )
    return model, info


# ------------------------------------------------------------------ assets


def versions() -> dict[str, str]:
    return {"python": platform.python_version(), "numpy": np.__version__}


def write_json(path: str | os.PathLike, data: dict) -> None:
    """Write ``data`` as JSON to ``path``, atomically."""

    def dump(f) -> None:
        json.dump(data, f, indent=2)
        f.write("\n")

    atomic_write(path, dump, mode="w")


def train_and_save(out_dir: str | os.PathLike = "assets", seed: int = 0, embedded: bool = True) -> dict[str, dict]:
    """Train and write ``rnn_reber.npz/.json`` (and, with ``embedded``, the embedded LSTM and RNN).

    Returns {asset name: info dict}.  Each file is written atomically.
    """
    out = Path(out_dir)
    jobs = [("rnn_reber", lambda: train_rnn_reber(seed))]
    if embedded:
        jobs += [
            ("lstm_embedded", lambda: train_embedded("lstm", seed)),
            ("rnn_embedded", lambda: train_embedded("rnn", seed, max_sequences=EMBEDDED_RNN_BUDGET, stop_at_100=True)),
        ]
    results = {}
    for name, job in jobs:
        model, info = job()
        model.save(out / f"{name}.npz")
        write_json(out / f"{name}.json", info)
        results[name] = info
    return results


#: the vanilla RNN is given as many sequences on embedded Reber as this, then stopped
EMBEDDED_RNN_BUDGET = 40_000


def load_model(path: str | os.PathLike) -> Model:
    """An RNN or LSTM from an .npz written by ``save``, chosen by its ``kind`` entry."""
    try:
        with np.load(path, allow_pickle=False) as data:
            kind = str(data["kind"]) if "kind" in data.files else "rnn"
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except Exception as err:
        raise ValueError(f"{path}: not a readable .npz file ({err})") from None
    return LSTM.load(path) if kind == "lstm" else RNN.load(path)


def check_report(path: str | os.PathLike, count: int = 1000, seed: int = 20_231_029) -> str:
    """A plain-text report on the model at ``path``.

    Accuracy by the criterion on ``count`` fresh strings drawn from ``seed``
    (a stream the training never uses), the largest singular value and the
    spectral radius of U, and the norms of the lag-l parts of dL/dW.
    """
    model = load_model(path)
    meta_path = Path(path).with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    embedded = meta.get("grammar") == "embedded_reber"
    rng = np.random.default_rng(seed)
    draw = reber.embedded_sample if embedded else reber.sample
    strings = [draw(rng) for _ in range(count)]
    lines = [f"model: {path} ({'LSTM' if isinstance(model, LSTM) else 'RNN'} {model.n}-{model.d}-{model.m})"]
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
    trace = model.forward(b.x[0])
    dy = (trace.y - b.target[0]) / np.maximum(trace.y * (1 - trace.y), 1e-300)  # BCE dL/dy
    if isinstance(model, RNN):
        norms = model.lag_norms(b.x[0], dy, "W")
        lines.append(f"per-lag norms of dL/dW on '{longest}' (lag 0, 1, ...):")
    else:
        # on embedded strings, the step whose successor is the remembered branch
        t = len(longest) - 2 if embedded else len(longest)
        norms = model.input_sensitivity(b.x[0], t=t)[::-1]
        lines.append(f"||dy_t/dx_(t-l)|| for t = {t} on '{longest}' (l = 0, 1, ...):")
    lines.append("  " + " ".join(f"{v:.2e}" for v in norms))
    return "\n".join(lines)
