"""The shipped weights in assets/: what the scenes show must hold on fresh strings."""

import json
from pathlib import Path

import numpy as np
import pytest

from model import reber, train
from model.lstm import LSTM
from model.rnn import RNN

ASSETS = Path(__file__).resolve().parent.parent / "assets"
# a seed the training never draws from: training streams are SeedSequence(seed) children
FRESH_SEED = 987_654_321


def fresh(count, embedded=False):
    rng = np.random.default_rng(FRESH_SEED)
    draw = reber.embedded_sample if embedded else reber.sample
    return [draw(rng) for _ in range(count)]


def test_shipped_rnn_is_perfect_on_fresh_reber_strings():
    net = RNN.load(ASSETS / "rnn_reber.npz")
    assert (net.n, net.d, net.m) == (7, 4, 7)
    assert train.accuracy(net, fresh(2000)) == 1.0


def test_shipped_rnn_metadata_matches_the_weights():
    meta = json.loads((ASSETS / "rnn_reber.json").read_text())
    assert meta["test_accuracy"] == 1.0 and meta["test_strings"] >= 1000
    assert {"seed", "sequences_seen", "wall_seconds", "versions"} <= set(meta)
    net = RNN.load(ASSETS / "rnn_reber.npz")
    assert train.accuracy(net, train.held_out(meta["seed"], meta["test_strings"])) == 1.0


def test_shipped_lstm_remembers_the_branch_and_the_rnn_does_not():
    lstm = LSTM.load(ASSETS / "lstm_embedded.npz")
    rnn = RNN.load(ASSETS / "rnn_embedded.npz")
    strings = fresh(1000, embedded=True)
    assert train.accuracy(lstm, strings, embedded=True) == 1.0
    rnn_branch = train.branch_accuracy(rnn, strings)
    # chance is 0.5; 0.6 is more than six standard errors above it for 1000 strings
    assert rnn_branch < 0.6


@pytest.mark.slow
def test_regenerating_the_shipped_rnn_gives_the_same_weights(tmp_path):
    meta = json.loads((ASSETS / "rnn_reber.json").read_text())
    net, info = train.train_rnn_reber(seed=meta["seed"])
    shipped = RNN.load(ASSETS / "rnn_reber.npz")
    assert info["sequences_seen"] == meta["sequences_seen"]
    for name, value in shipped.params().items():
        np.testing.assert_allclose(getattr(net, name), value, rtol=0, atol=1e-12)
