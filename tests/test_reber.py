"""The Reber grammar: sampling, acceptance, successor sets, encoding, batching."""

import numpy as np
import pytest

from lstm_explainer.model import reber

VALID = ["BTSSXXTVVE", "BPVVE", "BTXXVPSE"]
INVALID = ["BTSSPXSE", "BPTVVB", "BTSSSE"]


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.mark.parametrize("s", VALID)
def test_known_strings_are_accepted(s):
    assert reber.accepts(s)
    reber.check_string(s)


@pytest.mark.parametrize("s", INVALID)
def test_known_non_strings_are_rejected(s):
    assert not reber.accepts(s)
    with pytest.raises(ValueError):
        reber.successors(s)
    with pytest.raises(ValueError):
        reber.check_string(s)


def test_sampled_strings_are_accepted(rng):
    for _ in range(3000):
        s = reber.sample(rng)
        assert reber.accepts(s), s


def test_successors_follow_each_prefix(rng):
    for _ in range(200):
        s = reber.sample(rng)
        sets = reber.successors(s)
        assert len(sets) == len(s)
        assert sets[-1] == set()  # nothing follows a complete string
        # each actual next symbol is among the legal ones
        for t in range(len(s) - 1):
            assert s[t + 1] in sets[t]


def test_successors_allow_a_legal_prefix():
    assert reber.successors("BT") == [{"T", "P"}, {"S", "X"}]
    assert not reber.accepts("BT")


def test_successors_error_names_first_illegal_position_and_symbol():
    with pytest.raises(ValueError, match=r"position 5 'P'"):
        reber.successors("BTSSPXSE")
    with pytest.raises(ValueError, match=r"position 1 'T'"):
        reber.successors("TSSXSE")


def test_mutations_are_mostly_rejected_and_agree_with_successors(rng):
    rejected = 0
    trials = 1000
    for _ in range(trials):
        s = reber.sample(rng)
        pos = rng.integers(len(s))
        new = reber.SYMBOLS[(reber.INDEX[s[pos]] + rng.integers(1, len(reber.SYMBOLS))) % len(reber.SYMBOLS)]
        mutated = s[:pos] + new + s[pos + 1 :]
        try:
            sets = reber.successors(mutated)
            legal = sets[-1] == set()  # a complete walk ends with nothing to follow
        except ValueError:
            legal = False
        assert legal == reber.accepts(mutated), mutated
        rejected += not legal
    assert rejected > 0.9 * trials


def test_mean_length_matches_theory(rng):
    lengths = np.array([len(reber.sample(rng)) for _ in range(20_000)])
    # Every node takes each of its two edges with probability 1/2. Expected symbols still
    # to come from node q, read off the graph: L5 = 1 (E), L4 = 1 + (L3 + L5)/2,
    # L3 = 1 + (L2 + L5)/2, L2 = 1 + (L2 + L4)/2, L1 = 1 + (L1 + L3)/2, L0 = 1 + (L1 + L2)/2;
    # by hand L2 = 17/3, L3 = 13/3, L1 = 19/3, L0 = 7, and B comes before node 0.
    system = np.array(
        [  # unknowns L0..L4; L5 = 1 moved to the right-hand side
            [1, -0.5, -0.5, 0, 0],
            [0, 0.5, 0, -0.5, 0],
            [0, 0, 0.5, 0, -0.5],
            [0, 0, -0.5, 1, 0],
            [0, 0, 0, -0.5, 1],
        ]
    )
    L = np.linalg.solve(system, [1, 1, 1, 1.5, 1.5])
    theory = 1 + L[0]  # the leading B
    # four standard errors: fails by chance about once in 16,000 runs
    assert abs(lengths.mean() - theory) < 4 * lengths.std() / np.sqrt(len(lengths))
    assert theory == pytest.approx(8.0, abs=1e-12)


def test_embedded_strings_are_accepted_and_repeat_the_branch(rng):
    for _ in range(1000):
        s = reber.embedded_sample(rng)
        assert reber.embedded_accepts(s)
        assert not reber.accepts(s)
        assert s[0] == "B" and s[-1] == "E" and s[1] == s[-2] and s[1] in "TP"
        assert reber.accepts(s[2:-2])


def test_embedded_rejects_a_wrong_final_branch():
    assert reber.embedded_accepts("BTBPVVETE")
    assert not reber.embedded_accepts("BTBPVVEPE")


def test_embedded_successors_remember_the_branch():
    for branch in "TP":
        s = f"B{branch}BPVVE{branch}E"
        sets = reber.EMBEDDED.successors(s)
        assert sets[len(s) - 3] == {branch}  # after the inner E only the same branch may come
        assert sets[-1] == set()


def test_check_string_offers_a_valid_example():
    with pytest.raises(ValueError) as err:
        reber.check_string("BTSSPXSE")
    message = str(err.value)
    assert "\n" not in message
    example = message.split("'")[-2]
    assert reber.accepts(example)


def test_check_string_rejects_an_incomplete_string_unless_allowed():
    with pytest.raises(ValueError, match="stops after position 3"):
        reber.check_string("BTX")
    reber.check_string("BTX", complete=False)


def test_encode_is_one_hot():
    x = reber.encode("BTSSXXTVVE")
    assert x.shape == (10, 7)
    assert np.all(x.sum(axis=1) == 1)
    assert "".join(reber.SYMBOLS[k] for k in x.argmax(axis=1)) == "BTSSXXTVVE"


def test_batch_pads_and_targets_legal_successors():
    strings = ["BPVVE", "BTSSXXTVVE"]
    b = reber.batch(strings)
    assert b.x.shape == b.target.shape == (2, 10, 7)
    assert b.mask.sum(axis=1).tolist() == [5, 10]
    assert np.all(b.x[0, 5:] == 0) and np.all(b.target[0, 5:] == 0)
    for row, s in enumerate(strings):
        for t, legal in enumerate(reber.successors(s)):
            assert {reber.SYMBOLS[k] for k in np.flatnonzero(b.target[row, t])} == legal


@pytest.mark.parametrize("s", VALID)
def test_moves_follow_the_transition_table_symbol_by_symbol(s):
    state = reber.START
    for move, symbol in zip(reber.moves(s), s, strict=True):
        assert (move.source, move.symbol, move.target) == (state, symbol, reber.TRANSITIONS[state][symbol])
        assert set(move.choices) == set(reber.TRANSITIONS[state]) and list(move.choices) == sorted(move.choices, key=reber.SYMBOLS.index)
        state = move.target
    assert state == reber.ACCEPT


def test_moves_reject_an_illegal_symbol_like_successors():
    with pytest.raises(ValueError, match="position 5 'P'"):
        reber.moves("BTSSPXSE")


@pytest.mark.parametrize("prefix, legal", [("BT", "SX"), ("BTSSXX", "TV"), ("BPVVE", "")])
def test_next_target_marks_the_symbols_legal_after_the_prefix(prefix, legal):
    assert list(reber.next_target(prefix)) == [1.0 if symbol in legal else 0.0 for symbol in reber.SYMBOLS]
