"""Training: the loss gradient, Adam, the evaluation criterion, determinism, assets."""

import json
from dataclasses import replace

import numpy as np
import pytest

from gradcheck import parameter_gradients, rel_err
from lstm_explainer.model import reber, train
from lstm_explainer.model.lstm import LSTM
from lstm_explainer.model.rnn import RNN


@pytest.mark.parametrize("cell", [RNN, LSTM])
def test_bce_gradient_matches_finite_differences(cell):
    rng = np.random.default_rng(0)
    net = cell.random(7, 3, 7, rng, scale=1.0)
    b = reber.batch([reber.sample(rng) for _ in range(3)])
    _, grads = train.bce_loss(net, b)
    fd = parameter_gradients(net, lambda q: train.bce_loss(q, b)[0], net.PARAMS)
    for name in net.PARAMS:
        assert rel_err(grads[name], fd[name]) < 1e-6, name


def test_clipping_scales_the_whole_gradient_to_the_largest_norm_and_leaves_small_ones_alone():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}  # joint norm 5
    clipped = train.clip_global_norm(grads, 1.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    np.testing.assert_allclose(clipped["b"], [[0.8]])
    assert train.clip_global_norm(grads, 10.0) is grads
    assert train.clip_global_norm(grads, None) is grads


def test_adam_first_step_moves_each_weight_by_lr_against_its_gradient_sign():
    p = {"w": np.array([1.0, -2.0, 3.0])}
    g = {"w": np.array([0.5, -4.0, 1e-3])}
    adam = train.Adam(lr=0.01)
    adam.update(p, g)
    # with bias correction the first step is lr * g / |g| (up to eps)
    np.testing.assert_allclose(p["w"], np.array([1.0, -2.0, 3.0]) - 0.01 * np.sign(g["w"]), rtol=1e-6)


def test_criterion_accepts_exact_sets_and_rejects_any_extra_or_missing_symbol():
    strings = ["BTSSXXTVVE", "BPVVE"]
    b = reber.batch(strings)

    class Oracle:
        """A stand-in model that outputs given probabilities."""

        def __init__(self, y):
            self.y = y

        def forward(self, x):
            return type("Trace", (), {"y": self.y})

    perfect = 0.1 + 0.8 * b.target  # 0.9 on legal symbols, 0.1 elsewhere
    assert train.accuracy(Oracle(perfect), strings) == 1.0
    extra = perfect.copy()
    extra[0, 3, reber.INDEX["E"]] = 0.6
    assert train.correct(Oracle(extra), strings).tolist() == [False, True]
    missing = perfect.copy()
    missing[1, 0, reber.INDEX["T"]] = 0.4
    assert train.correct(Oracle(missing), strings).tolist() == [True, False]


def test_training_reaches_100_percent_on_held_out_strings():
    net, info = train.train_rnn_reber(seed=3)
    assert info["test_accuracy"] == 1.0
    assert info["sequences_to_100"] == info["sequences_seen"]
    rng = np.random.default_rng(777)
    fresh = [reber.sample(rng) for _ in range(500)]
    assert train.accuracy(net, fresh) == 1.0


def test_training_is_deterministic_for_a_seed():
    a, info_a = train.train_rnn_reber(seed=1)
    b, info_b = train.train_rnn_reber(seed=1)
    assert info_a["sequences_seen"] == info_b["sequences_seen"]
    for name, value in a.params().items():
        np.testing.assert_allclose(getattr(b, name), value, rtol=0, atol=1e-12)
    c, _ = train.train_rnn_reber(seed=2)
    assert not np.allclose(c.W, a.W)


def test_embedded_training_records_both_learning_curves():
    recipe = replace(train.EMBEDDED, batch_size=8, max_sequences=400, eval_every=10, val_size=50, test_size=50)
    net, info = train.train_embedded("lstm", seed=0, recipe=recipe)
    assert isinstance(net, LSTM)
    assert [p["sequences"] for p in info["curve"]] == list(range(80, 401, 80))
    assert all(0.0 <= p["val_branch_accuracy"] <= 1.0 and 0.0 <= p["val_accuracy"] <= 1.0 for p in info["curve"])
    assert info["d"] == net.d and info["parameters"] == sum(p.size for p in net.params().values())
    with pytest.raises(ValueError, match="cell"):
        train.train_embedded("gru", seed=0)


def test_the_test_strings_never_steer_training_and_are_scored_afterwards():
    a, info_a = train.train_rnn_reber(seed=5, recipe=replace(train.REBER_RNN, test_size=10))
    b, info_b = train.train_rnn_reber(seed=5, recipe=replace(train.REBER_RNN, test_size=300))
    # how many test strings there are changes nothing about the training
    assert info_a["sequences_seen"] == info_b["sequences_seen"]
    for name, value in a.params().items():
        np.testing.assert_array_equal(getattr(b, name), value)
    # the recorded accuracy is the finished network's, on the test stream of the seed
    test = train.held_out(5, 300)

    def passes(s):
        y = b.forward(reber.encode(s)).y
        return all({reber.SYMBOLS[k] for k in np.flatnonzero(row > 0.5)} == legal for row, legal in zip(y, reber.successors(s)))

    assert info_b["test_accuracy"] == np.mean([passes(s) for s in test])


def test_the_embedded_rnn_gets_at_least_the_lstms_parameters_and_no_more_than_needed():
    def arrays_size(net):
        return sum(p.size for p in net.params().values())

    lstm_size = arrays_size(LSTM.random(7, train.LSTM_D, 7, np.random.default_rng(0)))
    assert LSTM.count(7, train.LSTM_D, 7) == lstm_size
    d = train.rnn_d_matching(lstm_size)
    assert arrays_size(RNN.random(7, d, 7, np.random.default_rng(0))) >= lstm_size
    assert arrays_size(RNN.random(7, d - 1, 7, np.random.default_rng(0))) < lstm_size


def test_train_and_save_writes_loadable_assets(tmp_path):
    results = train.train_and_save(tmp_path, seed=4, embedded=False)
    assert set(results) == {"rnn_reber"}
    net = RNN.load(tmp_path / "rnn_reber.npz")
    meta = json.loads((tmp_path / "rnn_reber.json").read_text())
    assert meta["seed"] == 4 and meta["test_accuracy"] == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rnn_reber.json", "rnn_reber.npz"]
    report = train.check_report(tmp_path / "rnn_reber.npz", count=200)
    assert "100.0%" in report and "largest singular value" in report
    assert f"{np.linalg.norm(net.U, 2):.4f}" in report


def test_load_model_picks_the_cell(tmp_path):
    rng = np.random.default_rng(5)
    LSTM.random(7, 3, 7, rng).save(tmp_path / "l.npz")
    RNN.random(7, 3, 7, rng).save(tmp_path / "r.npz")
    assert isinstance(train.load_model(tmp_path / "l.npz"), LSTM)
    assert isinstance(train.load_model(tmp_path / "r.npz"), RNN)
    with pytest.raises(ValueError, match="x.npz"):
        train.load_model(tmp_path / "x.npz")
