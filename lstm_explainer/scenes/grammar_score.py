"""What ReberGrammar scores the 7-4-7 RNN on: new strings, none of them among the strings it was trained on.

Short Reber strings repeat: most strings drawn at random occur among the 280 the network read
in training. The score therefore counts each drawn string once and keeps only those that
training never read (the training stream is reproduced from the record beside the weights).
No manim import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from lstm_explainer.model import ASSETS, train
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes import lstm_values

DRAWN = 1000  # strings drawn from lstm_values.FRESH_SEED before duplicates and training strings are dropped
RECORD = ASSETS / "rnn_reber.json"  # how the 7-4-7 RNN was trained: its seed and how many strings it read


@dataclass(frozen=True)
class UnseenScore:
    """`correct` of the `count` distinct unseen strings (of `drawn` drawn from `seed`) right at every step."""

    seed: int
    drawn: int
    training: int  # distinct strings among those training read
    right: tuple[bool, ...]  # per unseen string, in the order drawn: right at every step

    @property
    def count(self) -> int:
        return len(self.right)

    @property
    def correct(self) -> int:
        return sum(self.right)

    @property
    def index(self) -> dict:
        return {"seed": self.seed, "drawn": self.drawn}


@cache
def training_set() -> frozenset[str]:
    """Every string the 7-4-7 RNN read in training."""
    record = json.loads(RECORD.read_text())
    return frozenset(train.training_strings(record["seed"], record["sequences_seen"]))


def unseen_strings(seed: int = lstm_values.FRESH_SEED, drawn: int = DRAWN) -> list[str]:
    """The strings drawn from `seed`, each once, in the order drawn, less those training read."""
    seen = training_set()
    return [s for s in dict.fromkeys(lstm_values.fresh_strings(seed, drawn)) if s not in seen]


def unseen_score(rnn: RNN, seed: int = lstm_values.FRESH_SEED, drawn: int = DRAWN) -> UnseenScore:
    """The Hochreiter & Schmidhuber criterion (model.train.correct) on the unseen strings."""
    strings = unseen_strings(seed, drawn)
    right = train.correct(rnn, strings, embedded=False)
    return UnseenScore(seed, drawn, len(training_set()), tuple(bool(r) for r in right))
