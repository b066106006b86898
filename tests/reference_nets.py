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
