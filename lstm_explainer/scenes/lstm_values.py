"""What the LSTM chapter (ReberGrammar, LSTMCell, RNNvsLSTM) chooses to show, as plain data.

The maths lives in the model: the error flowing back from the loss at tau, the
forget-gate products, the loss's gradients and the LSTM's steps are in
:mod:`lstm_explainer.model.flow`, which the scenes read directly.  What stays here
is the 7-4-7 RNN's reading and the strings ReberGrammar scores it on.
No manim import and no TeX, so the tests can check every value.  Indices are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_explainer.model import reber
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.model.rnn import RNN

FRESH_SEED = 20260  # the fresh strings ReberGrammar scores the RNN on; no training stream uses it
BUILT_STEP = REMEMBERED  # LSTMCell builds the step that reads the symbol to remember, gate by gate


# ------------------------------------------------------------ ReberGrammar


@dataclass(frozen=True)
class Reading:
    """The 7-4-7 RNN reading a Reber string: y (T, 7); per step the symbols above 0.5 and the legal ones."""

    string: str
    y: np.ndarray
    predicted: tuple[frozenset[str], ...]
    legal: tuple[frozenset[str], ...]

    @property
    def right(self) -> tuple[bool, ...]:
        return tuple(p == l for p, l in zip(self.predicted, self.legal))


def reading(rnn: RNN, string: str) -> Reading:
    y = rnn.forward(reber.encode(string)).y
    return Reading(
        string=string,
        y=y,
        predicted=tuple(frozenset(s for s, p in zip(reber.SYMBOLS, row) if p > 0.5) for row in y),
        legal=tuple(frozenset(s) for s in reber.successors(string)),
    )


def fresh_strings(seed: int, count: int) -> list[str]:
    """`count` Reber strings drawn from `seed` (duplicates and training strings included)."""
    rng = np.random.default_rng(seed)
    return [reber.sample(rng) for _ in range(count)]
