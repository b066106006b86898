"""The tests' own numpy networks: weights read straight from assets/, with none of the model's code.

The LSTM and RNN tests compute what the scenes show from these, independently of lstm_explainer.model.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SYMBOLS = "BTPSXVE"


@cache
def weights(name: str) -> dict[str, np.ndarray]:
    """The arrays of assets/<name>.npz (its kind left out)."""
    with np.load(ASSETS / f"{name}.npz") as data:
        return {key: data[key] for key in data.files if key != "kind"}


def one_hot(symbol: str) -> np.ndarray:
    x = np.zeros(len(SYMBOLS))
    x[SYMBOLS.index(symbol)] = 1.0
    return x


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn_states(string: str, name: str = "rnn_reber") -> tuple[np.ndarray, np.ndarray]:
    """h (T+1, d), h[0] = 0, and the scores y (T, m) of the tanh RNN `name` reading `string`."""
    P = weights(name)
    h = [np.zeros(P["b_h"].shape[0])]
    for symbol in string:
        h.append(np.tanh(P["W"] @ one_hot(symbol) + P["U"] @ h[-1] + P["b_h"]))
    h = np.array(h)
    return h, sigmoid(h[1:] @ P["V"].T + P["b_y"])


@cache
def lstm_trace(string: str) -> list[dict[str, np.ndarray]]:
    """The embedded-Reber LSTM's gates and states, entry t = step t (entry 0: the zero state)."""
    P = weights("lstm_embedded")
    d = P["b_f"].shape[0]
    h, c = np.zeros(d), np.zeros(d)
    out = [{"h": h, "c": c}]
    for symbol in string:
        x = one_hot(symbol)
        z = {k: P[f"W_{k}"] @ x + P[f"U_{k}"] @ h + P[f"b_{k}"] for k in "ifog"}
        step = {"i": sigmoid(z["i"]), "f": sigmoid(z["f"]), "o": sigmoid(z["o"]), "g": np.tanh(z["g"])}
        c = step["f"] * c + step["i"] * step["g"]
        h = step["o"] * np.tanh(c)
        out.append({**step, "c": c, "h": h})
    return out
