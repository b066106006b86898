"""Benchmark: batched BPTT (ours vs PyTorch autograd), training the 7-4-7 RNN to 100%,
and the LSTM on embedded Reber over ten seeds.

Run: python benchmarks/bench_model.py
PyTorch is optional (pip install torch==2.13.0); without it its row says so.
Everything runs in this one process with its environment as it is (glibc's
default allocator included).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lstm_explainer.model import ASSETS, reber, train  # noqa: E402
from lstm_explainer.model.rnn import PARAMS, RNN  # noqa: E402

BATCH = 256
REPEATS = 50
SEEDS = range(10)
#: Hochreiter & Schmidhuber (1997) report about 8,000 sequences for their LSTM
GOAL_SEQUENCES = 5000


def best_times(fns: dict, repeats: int = REPEATS) -> dict[str, float]:
    """Fastest of ``repeats`` calls of each function, in seconds, calls interleaved.

    The minimum is the time least disturbed by other load; interleaving
    exposes both sides to the same load.
    """
    for fn in fns.values():
        fn()  # warm-up
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def torch_bptt(torch, net: RNN, b: reber.Batch, dy: np.ndarray):
    """The same network and loss sum(mask * dy * y) in PyTorch, gradients by autograd."""
    params = {name: torch.tensor(value, requires_grad=True) for name, value in net.params().items()}
    x, dy_t = torch.from_numpy(b.x), torch.from_numpy(dy * b.mask[..., None])

    def run():
        for p in params.values():
            p.grad = None
        h = torch.zeros(x.shape[0], net.d, dtype=torch.float64)
        loss = 0.0
        for t in range(x.shape[1]):
            h = torch.tanh(x[:, t] @ params["W"].T + h @ params["U"].T + params["b_h"])
            y = torch.sigmoid(h @ params["V"].T + params["b_y"])
            loss = loss + (dy_t[:, t] * y).sum()
        loss.backward()
        return {name: p.grad.numpy() for name, p in params.items()}

    return run


def bptt_rows() -> list[tuple[str, str, str]]:
    rng = np.random.default_rng(0)
    net = RNN.load(ASSETS / "rnn_reber.npz")
    b = reber.batch([reber.sample(rng) for _ in range(BATCH)])
    dy = rng.normal(size=b.target.shape)

    def ours():
        return net.bptt(b.x, dy, b.mask)

    what = f"BPTT, {BATCH} Reber strings (T={b.x.shape[1]}), 7-4-7 RNN"
    try:
        import torch
    except ImportError:
        t_ours = best_times({"ours": ours})["ours"]
        return [
            (f"{what}, numpy (ours)", f"{t_ours * 1e3:.3f} ms", ""),
            ("  same, PyTorch autograd CPU", "torch not importable", "pip install torch==2.13.0"),
        ]
    torch.set_num_threads(1)  # tiny matrices: threads only add contention; numpy uses one too
    run = torch_bptt(torch, net, b, dy)
    ref, mine = run(), ours()
    err = max(float(np.max(np.abs(ref[k] - mine[k]))) for k in PARAMS)
    t = best_times({"ours": ours, "torch": run})
    return [
        (f"{what}, numpy (ours)", f"{t['ours'] * 1e3:.3f} ms", "default allocator, environment unchanged"),
        (
            f"  same, PyTorch {torch.__version__} eager autograd CPU (1 thread)",
            f"{t['torch'] * 1e3:.3f} ms",
            f"max |grad diff| {err:.1e} ({'ok' if err < 1e-10 else 'MISMATCH'} at 1e-10)",
        ),
        ("  speed-up, PyTorch time / ours", f"{t['torch'] / t['ours']:.2f}x", "goal >= 3x"),
    ]


def rnn_training_rows() -> list[tuple[str, str, str]]:
    _, info = train.train_rnn_reber(seed=0)
    return [
        (
            "train 7-4-7 RNN on Reber to 100% (seed 0)",
            f"{info['sequences_seen']} sequences",
            f"{info['wall_seconds']:.2f} s incl. evaluation; goal <= 2000 seq, <= 2 s",
        ),
        ("  held-out accuracy, measured after training", f"{info['test_accuracy']:.1%}", f"{info['test_strings']} strings"),
    ]


def lstm_rows() -> list[tuple[str, str, str]]:
    """The LSTM's recipe without polishing: sequences until every validation string is right."""
    recipe = replace(train.EMBEDDED, polish=0)
    rows, solved = [], []
    for seed in SEEDS:
        _, info = train.train_embedded("lstm", seed, recipe=recipe)
        seq = info["sequences_to_100"]
        solved.append(seq)
        rows.append(
            (
                f"  seed {seed}",
                f"{seq} sequences" if seq is not None else f"not in {recipe.max_sequences}",
                f"{info['wall_seconds']:.2f} s incl. evaluation; held-out {info['test_accuracy']:.1%}",
            )
        )
    done = [s for s in solved if s is not None]
    # an unsolved seed counts as needing more than the budget
    median = np.median([s if s is not None else np.inf for s in solved])
    head = (
        f"LSTM d={train.LSTM_D} on embedded Reber, {len(SEEDS)} seeds (batch {recipe.batch_size}, "
        f"lr {recipe.lr}, clip {recipe.clip}, forget bias {train.LSTM_FORGET_BIAS})",
        f"{len(done)}/{len(SEEDS)} solved",
        f"median {median:.0f} sequences; goal 10/10, median <= {GOAL_SEQUENCES}",
    )
    return [head] + rows


def main() -> None:
    rows = bptt_rows() + rnn_training_rows() + lstm_rows()
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; solved = every validation string right")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
