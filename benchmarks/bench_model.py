"""Benchmark: batched BPTT (ours vs PyTorch autograd) and training the 7-4-7 RNN to 100%.

Run: python benchmarks/bench_model.py
PyTorch is optional (pip install torch==2.13.0); without it its row says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import reber, train  # noqa: E402
from model.rnn import PARAMS, RNN  # noqa: E402

BATCH = 256
REPEATS = 50


def best_time(fn, repeats: int = REPEATS) -> float:
    """Fastest of ``repeats`` calls, in seconds: the least disturbed by other load."""
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
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


# glibc returns freed heap to the kernel, so every fresh large numpy array is paid
# for again in page faults (measured here: about half of our BPTT time). With a top
# pad the heap is kept; the same two programs are timed again under that setting.
KEEP_HEAP = {"MALLOC_TOP_PAD_": str(64 << 20)}


def bptt_rows(condition: str) -> list[tuple[str, str, str]]:
    rng = np.random.default_rng(0)
    net = RNN.load(Path(__file__).resolve().parent.parent / "assets" / "rnn_reber.npz")
    b = reber.batch([reber.sample(rng) for _ in range(BATCH)])
    dy = rng.normal(size=b.target.shape)

    def ours():
        return net.bptt(b.x, dy, b.mask)

    rows = []
    t_ours = best_time(ours)
    rows.append((f"BPTT, 256 Reber strings (T={b.x.shape[1]}), numpy (ours), {condition}", f"{t_ours * 1e3:.3f} ms", ""))
    try:
        import torch
    except ImportError:
        rows.append(("BPTT, same, PyTorch autograd CPU", "torch not importable", "pip install torch==2.13.0"))
        return rows
    torch.set_num_threads(1)  # tiny matrices: threads only add contention; numpy uses one too
    run = torch_bptt(torch, net, b, dy)
    ref, mine = run(), ours()
    err = max(float(np.max(np.abs(ref[k] - mine[k]))) for k in PARAMS)
    t_torch = best_time(run)
    rows.append(
        (
            f"BPTT, same, PyTorch {torch.__version__} autograd CPU (1 thread), {condition}",
            f"{t_torch * 1e3:.3f} ms",
            f"max |grad diff| {err:.1e} ({'ok' if err < 1e-10 else 'MISMATCH'} at 1e-10)",
        )
    )
    rows.append((f"speed-up, PyTorch time / ours, {condition}", f"{t_torch / t_ours:.2f}x", "goal >= 2x"))
    return rows


def training_rows() -> list[tuple[str, str, str]]:
    _, info = train.train_rnn_reber(seed=0)
    return [
        (
            "train 7-4-7 RNN to 100% (seed 0)",
            f"{info['sequences_seen']} sequences",
            f"{info['wall_seconds']:.2f} s incl. evaluation; goal <= 2000 seq, <= 2 s",
        ),
        ("  held-out accuracy", f"{info['test_accuracy']:.1%}", f"{info['test_strings']} strings"),
    ]


def main() -> None:
    if sys.argv[1:] == ["--bptt-rows"]:  # the child run under KEEP_HEAP
        print(json.dumps(bptt_rows("heap kept")))
        return
    child = subprocess.run(
        [sys.executable, __file__, "--bptt-rows"], env={**os.environ, **KEEP_HEAP}, capture_output=True, text=True, check=True
    )
    rows = bptt_rows("default malloc") + [tuple(row) for row in json.loads(child.stdout)] + training_rows()
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; heap kept = {KEEP_HEAP}")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
