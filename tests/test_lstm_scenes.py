"""The LSTM chapter (ReberGrammar, LSTMCell, RNNvsLSTM): every number it draws, checked against a computation of our own.

The references below never call model/ for a number: they read the weights from
the .npz files and run a plain numpy forward pass written here; the LSTM's
gradients come from finite differences, the RNN's from a backward pass written
here (its shares reach 1e-10, where finite differences are all rounding; test_flow
checks that pass against finite differences where they hold); the accuracy is a
loop over strings.  Shares are compared with relative tolerances.
The scenes are built dry (nothing drawn), for the default string and for the
longest string each allows (tests/builds.py: the same builds tests/test_scenes.py
checks for anything past the edge of the frame).
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest
from reference_nets import ASSETS, one_hot, sigmoid, weights
from builds import inspected, longest_string
from gradcheck import jacobian
from tolerances import BY_PERTURBATION, assert_drawn_right

from lstm_explainer.model import flow, reber
from lstm_explainer.rendering.manim_scene import build
from lstm_explainer.scenes import grammar_score, lstm_cell, lstm_values, theme
from lstm_explainer.scenes.lstm_cell import LSTMCell
from lstm_explainer.scenes.opening import Opening
from lstm_explainer.scenes.reber_grammar import ReberGrammar
from lstm_explainer.scenes.rnn_vs_lstm import RNNvsLSTM
from lstm_explainer.scenes.story import DEFAULT_STRING, StoryScene

# the scene builds of tests/builds.py are made once per worker: keep their readers on one
pytestmark = pytest.mark.xdist_group("builds")


SCENES = (Opening, ReberGrammar, LSTMCell, RNNvsLSTM)


# ------------------------------------------------------------ our own networks





def lstm_step(x, h, c):
    P = weights("lstm_embedded")
    gate = {k: P[f"W_{k}"] @ x + P[f"U_{k}"] @ h + P[f"b_{k}"] for k in "ifog"}
    i, f, o, g = sigmoid(gate["i"]), sigmoid(gate["f"]), sigmoid(gate["o"]), np.tanh(gate["g"])
    c_new = f * c + i * g
    return {"i": i, "f": f, "o": o, "g": g, "c": c_new, "h": o * np.tanh(c_new)}


def lstm_run(string: str) -> list[dict]:
    """Step t (1-based) is entry t; entry 0 holds the zero state."""
    d = weights("lstm_embedded")["b_i"].shape[0]
    steps = [{"h": np.zeros(d), "c": np.zeros(d)}]
    for symbol in string:
        steps.append(lstm_step(one_hot(symbol), steps[-1]["h"], steps[-1]["c"]))
    P = weights("lstm_embedded")
    for s in steps[1:]:
        s["y"] = sigmoid(P["V"] @ s["h"] + P["b_y"])
    return steps


def rnn_step(name: str, x, h):
    P = weights(name)
    return np.tanh(P["W"] @ x + P["U"] @ h + P["b_h"])


def rnn_run(name: str, string: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    P = weights(name)
    hs = [np.zeros(P["b_h"].shape[0])]
    for symbol in string:
        hs.append(rnn_step(name, one_hot(symbol), hs[-1]))
    return hs, [sigmoid(P["V"] @ h + P["b_y"]) for h in hs[1:]]


def numeric_gradient(fun, z: np.ndarray) -> np.ndarray:
    # a wider step than the Jacobians': these losses are small sums of many terms
    return jacobian(lambda v: np.atleast_1d(fun(v)), z, eps=1e-5)[0]


def bce(y: np.ndarray, target: np.ndarray) -> float:
    return float(-(target * np.log(y) + (1 - target) * np.log(1 - y)).sum())


class Reference:
    """Everything the LSTM scenes show for one Reber string, computed here."""

    def __init__(self, string: str):
        self.string = string
        self.embedded = f"B{flow.BRANCH}{string}{flow.BRANCH}E"
        self.tau = len(self.embedded) - 2
        self.lag = self.tau - 2
        self.lstm = lstm_run(self.embedded)
        self.rnn_h, self.rnn_y = rnn_run("rnn_embedded", self.embedded)
        d = self.lstm[0]["h"].size
        self.d = d
        # the state map of step t, (h_{t-1}, c_{t-1}) -> (h_t, c_t), and its Jacobian by finite differences
        self.lstm_J = {
            t: jacobian(lambda z, t=t: np.concatenate(self._lstm_state_step(t, z)), self._state(t - 1))
            for t in range(1, self.tau + 1)
        }
        self.target = one_hot(flow.BRANCH)  # after the inner E only the branch symbol may follow

    def _state(self, t: int) -> np.ndarray:
        return np.concatenate([self.lstm[t]["h"], self.lstm[t]["c"]])

    def _lstm_state_step(self, t: int, z: np.ndarray):
        step = lstm_step(one_hot(self.embedded[t - 1]), z[: self.d], z[self.d :])
        return step["h"], step["c"]

    def highway(self, unit: int, k: int, t: int | None = None) -> float:
        """The product of the unit's f over the k steps that end at t (default tau)."""
        t = self.tau if t is None else t
        return float(np.prod([self.lstm[s]["f"][unit - 1] for s in range(t - k + 1, t + 1)]))

    def other_c(self, t: int = flow.REMEMBERED) -> np.ndarray:
        """c_t with the other branch symbol (B P for B T), by our own steps."""
        return lstm_run("B" + {"T": "P", "P": "T"}[self.embedded[1]])[t]["c"]

    def remembering_unit(self) -> int:
        """The unit that stores the branch symbol: its c at the remembered step differs most between B T and B P (the
        one LSTMCell follows)."""
        return 1 + int(np.argmax(np.abs(self.lstm[flow.REMEMBERED]["c"] - self.other_c())))

    def lstm_loss_from(self, s: int, z: np.ndarray) -> float:
        h, c = z[: self.d], z[self.d :]
        for t in range(s + 1, self.tau + 1):
            h, c = self._lstm_state_step(t, np.concatenate([h, c]))
        P = weights("lstm_embedded")
        return bce(sigmoid(P["V"] @ h + P["b_y"]), self.target)

    @cache
    def state_share(self, t: int) -> float:
        """||dL_tau/d(h_t, c_t)|| / ||dL_tau/d(h_tau, c_tau)||, by finite differences."""
        grad = lambda s: numeric_gradient(lambda z: self.lstm_loss_from(s, z), self._state(s))
        return float(np.linalg.norm(grad(t)) / np.linalg.norm(grad(self.tau)))

    @cache
    def state_gradient(self, t: int) -> np.ndarray:
        """dL_tau/d(h_t, c_t) over ||dL_tau/d(h_tau, c_tau)||, by finite differences."""
        grad = lambda s: numeric_gradient(lambda z: self.lstm_loss_from(s, z), self._state(s))
        return grad(t) / np.linalg.norm(grad(self.tau))

    @cache
    def rnn_grad_norms(self) -> dict[int, float]:
        """||dL_tau/dh_t|| by our own backward pass (finite differences drown in rounding at 1e-10)."""
        P = weights("rnn_embedded")
        g = P["V"].T @ (self.rnn_y[self.tau - 1] - self.target)
        norms = {self.tau: float(np.linalg.norm(g))}
        for t in range(self.tau, 0, -1):
            g = P["U"].T @ ((1 - self.rnn_h[t] ** 2) * g)
            norms[t - 1] = float(np.linalg.norm(g))
        return norms

    def rnn_share(self, t: int) -> float:
        norms = self.rnn_grad_norms()
        return norms[t] / norms[self.tau]

    def cell_parts(self, unit: int, t: int = flow.REMEMBERED) -> dict[int, float]:
        """What of the error entering unit's cell from h at each step s > t reaches c_t, times the sign of their sum (so
        the parts read as adding to the cell's error): dL/dh_s o_s tanh'(c_s), our finite differences, times f_(t+1)..f_s."""
        j = unit - 1
        sign = np.sign(self.state_gradient(t)[self.d + j])
        entry = {s: float(self.state_gradient(s)[j] * self.lstm[s]["o"][j] * (1 - np.tanh(self.lstm[s]["c"][j]) ** 2))
                 for s in range(t + 1, self.tau + 1)}
        return {s: sign * e * float(np.prod([self.lstm[r]["f"][j] for r in range(t + 1, s + 1)])) for s, e in entry.items()}

    def cell_entry(self, unit: int, s: int, t: int = flow.REMEMBERED) -> float:
        j = unit - 1
        sign = np.sign(self.state_gradient(t)[self.d + j])
        return float(sign * self.state_gradient(s)[j] * self.lstm[s]["o"][j] * (1 - np.tanh(self.lstm[s]["c"][j]) ** 2))


@cache
def reference(string: str) -> Reference:
    return Reference(string)


@cache
def unseen_score() -> tuple[int, int, int]:
    """The 7-4-7 RNN on ReberGrammar's new strings, one at a time: (right, count, distinct training strings).

    The training stream is drawn again from the record beside the weights: child 1 of the seed's
    SeedSequence feeds training (model.train), one string after another.
    """
    record = json.loads((ASSETS / "rnn_reber.json").read_text())
    stream = np.random.default_rng(np.random.SeedSequence(record["seed"]).spawn(4)[1])
    training = {reber.sample(stream) for _ in range(record["sequences_seen"])}
    rng = np.random.default_rng(lstm_values.FRESH_SEED)
    drawn = [reber.sample(rng) for _ in range(grammar_score.DRAWN)]
    strings = sorted(set(drawn) - training)
    right = 0
    for s in strings:
        _, ys = rnn_run("rnn_reber", s)
        legal = reber.successors(s)
        right += all({reber.SYMBOLS[k] for k in range(7) if y[k] > 0.5} == legal[t] for t, y in enumerate(ys))
    return right, len(strings), len(training)


def curve_end(name: str) -> tuple[int, float]:
    record = json.loads((ASSETS / f"{name}.json").read_text())
    last = record["curve"][-1]
    return last["sequences"], last["val_branch_accuracy"]


def expected(shown) -> float:
    """The value a recorded number should have, by our own computation."""
    q, at = shown.quantity, shown.index
    if q in ("unseen_correct", "unseen_count", "training_distinct"):
        right, count, training = unseen_score()
        assert (at["drawn"], at["seed"]) == (grammar_score.DRAWN, lstm_values.FRESH_SEED)
        return {"unseen_correct": right, "unseen_count": count, "training_distinct": training}[q]
    if q in ("chance", "accuracy_axis"):
        return {"chance": 0.5, "accuracy_axis": 1.0}[q]
    if q == "sequences_axis":
        return max(curve_end("rnn_embedded")[0], curve_end("lstm_embedded")[0])
    if q == "sequences_tick":  # tick k of the axis cut into `of` equal steps from 0 to the longest curve's end
        return max(curve_end("rnn_embedded")[0], curve_end("lstm_embedded")[0]) * at["tick"] / at["of"]
    if q == "branch_accuracy":
        sequences, accuracy = curve_end(f"{at['model']}_embedded")
        assert at["sequences"] == sequences
        return accuracy
    if q == "parameters":
        return sum(w.size for w in weights(f"{at['model']}_embedded").values())
    if q == "solved_at":
        return json.loads((ASSETS / f"{at['model']}_embedded.json").read_text())["sequences_to_100"]
    if q in ("seed", "training_budget"):
        models = [at["model"]] if "model" in at else ["rnn", "lstm"]
        records = [json.loads((ASSETS / f"{m}_embedded.json").read_text()) for m in models]
        values = {r["seed"] if q == "seed" else r["recipe"]["max_sequences"] for r in records}
        assert len(values) == 1, f"{q} differs between the models"
        return values.pop()
    if q == "forgotten_below":
        return lstm_cell.FORGOTTEN
    if q == "bar_scale":  # the bars' scale as BarVector draws it: brackets from -1 to 1 round a middle line at 0
        return {"bracket top": 1, "middle line": 0, "bracket bottom": -1}[at["at"]]
    if q == "remembered_position":  # the branch symbol the string repeats before its last E: its first place
        return 1 + shown.string.index(shown.string[-2])
    inner = shown.string[2:-2] if shown.string.startswith("B" + flow.BRANCH + "B") else shown.string
    ref = reference(inner)
    if q in ("memory_lag", "lag"):
        return ref.lag
    if q == "predicted_position":  # the symbol the output at tau predicts: the one after it
        return ref.tau + 1
    if q == "tau":
        return ref.tau
    if q in ("open_unit", "open_unit_ring"):  # recorded under its old name: the unit LSTMCell follows
        return ref.remembering_unit()
    if q == "rnn_error_share":
        return ref.rnn_share(at["t"])
    if q == "error_factor":
        return ref.rnn_share(at["t"] - 1) / ref.rnn_share(at["t"])
    if q == "lstm_state_share":
        return ref.state_share(at["t"])
    if q == "share_ratio":
        return ref.state_share(at["t"]) / ref.rnn_share(at["t"])
    if q == "lstm_cell_error":
        return abs(float(ref.state_gradient(at["t"])[ref.d + at["unit"] - 1]))
    if q == "lstm_cell_entry":
        return ref.cell_entry(at["unit"], at["t"])
    if q == "lstm_cell_part":
        return ref.cell_parts(at["unit"], at["t"])[at["s"]]
    if q == "lstm_cell_rest":
        parts = ref.cell_parts(at["unit"], at["t"])  # what entered at every step but tau
        return sum(v for s, v in parts.items() if s != ref.tau)
    if q == "lstm_h_error":
        return float(np.linalg.norm(ref.state_gradient(at["t"])[: ref.d]))
    if q == "lstm_cell_share":
        return ref.highway(at["unit"], ref.tau - at["t"])
    if q == "lstm_lane_gain":  # the unit's f's from t + 1 to s
        return ref.highway(at["unit"], at["s"] - at["t"], at["s"])
    if q == "c_other_branch":
        return float(ref.other_c(at["t"])[at["unit"] - 1])
    if q in ("f_by_branch", "i_by_branch", "g_by_branch", "c_by_branch"):  # a gate or the cell after B T or B P, by our own steps
        return float(lstm_run("B" + at["branch"])[at["t"]][q[0]][at["unit"] - 1])
    if q == "hidden_size":
        return weights(f"{at['model']}_embedded")["V"].shape[1]
    if q == "d":  # the hidden size of the small RNN the middle scenes take apart (RNNvsLSTM says its net is another)
        return weights("rnn_reber")["V"].shape[1]
    if q in ("f", "i", "g", "o", "c", "h"):
        return float(ref.lstm[at["t"]][q][at["unit"] - 1])
    if q == "y":
        y = ref.rnn_y if at["model"] == "rnn" else [s["y"] for s in ref.lstm[1:]]
        return float(y[at["t"] - 1][reber.SYMBOLS.index(at["symbol"])])
    raise AssertionError(f"no reference for {q}")


# ------------------------------------------------------------ the scenes as built


@pytest.fixture(scope="module", params=[(s, kind) for s in SCENES for kind in ("default", "longest")],
                ids=lambda p: f"{p[0].__name__}-{p[1]}")
def built(request) -> StoryScene:
    scene_cls, kind = request.param
    string = DEFAULT_STRING if kind == "default" else longest_string(scene_cls.max_string_length)
    return inspected(scene_cls.__name__, string).scene


def test_every_drawn_number_matches_our_own_computation(built):
    scene = built
    assert scene.shown, "the scene draws numbers"
    for shown in scene.shown:
        value = expected(shown)
        if shown.quantity == "lstm_cell_error" and not shown.text and value < 1e-5:
            # a lane's width for a cell holding next to nothing (drawn at the lanes' floor, 1e-4): finite differences of
            # the loss carry rounding of ~1e-10 there, so such a value is checked to that, not relatively
            assert shown.value == pytest.approx(value, abs=1e-9), shown
            continue
        assert shown.value == pytest.approx(value, rel=BY_PERTURBATION), shown  # relative: shares of 1e-10 must not pass as 0
        if shown.text:  # "" is a value drawn as a glyph (a bar, a lane's width), not written
            assert_drawn_right(shown.text, shown.value)


def test_the_scenes_show_what_the_story_needs(built):
    scene = built
    quantities = {s.quantity for s in scene.shown}
    needs = {
        "Opening": {"rnn_error_share", "lstm_state_share", "lstm_cell_error"},  # the hook: the pulses alone
        "ReberGrammar": {"unseen_correct", "unseen_count", "memory_lag", "predicted_position"},
        "LSTMCell": {"f", "i", "g", "o", "c", "h", "lstm_cell_share", "open_unit", "lstm_cell_error", "lstm_cell_entry",
                     "lstm_cell_part", "rnn_error_share", "c_by_branch"},
        "RNNvsLSTM": {"y", "rnn_error_share", "lstm_state_share", "branch_accuracy", "solved_at", "parameters", "error_factor",
                      "f", "open_unit"},
    }[type(scene).__name__]
    assert needs <= quantities
    assert len(scene.beats) >= 2


def test_the_number_lstmcell_runs_back_beside_multiplies_by_f_only_falls():
    # under "each step back multiplies by f": the followed unit's cell-path product, written at each step from tau back
    # to the remembered symbol, never rising; the whole state's share (h's routes in it: it can rise) written once, at the end
    shown = inspected("LSTMCell", DEFAULT_STRING).scene.shown
    written = [s for s in shown if s.quantity == "lstm_cell_share" and s.text and s.beat == "show_each_unit"]
    assert len({s.index["unit"] for s in written}) == 1  # one unit's number, the one followed
    by_step = {s.index["t"]: s.value for s in written}
    steps = sorted(by_step)
    assert steps == list(range(flow.REMEMBERED, max(steps) + 1)) and len(steps) >= 3
    assert all(by_step[t] <= by_step[t + 1] for t in steps[:-1])
    assert by_step[max(steps)] == 1.0  # at tau itself no gate has multiplied it yet
    # the whole state's share (h's routes in it: it can rise) is not one of the parts run along: written once, at the end
    assert {s.beat for s in shown if s.quantity == "lstm_state_share"} <= {"show_one_length"}


def test_rnn_vs_lstm_boxes_the_followed_units_forget_gates_at_the_rnns_steps():
    # the ending's comparison: a box of f for each step the RNN has a box of its factor, on the unit LSTMCell followed,
    # the gates near 1 where most of the RNN's factors are far below it
    shown = inspected("RNNvsLSTM", DEFAULT_STRING).scene.shown
    gates = {s.index["t"]: s for s in shown if s.quantity == "f" and s.text}
    factors = {s.index["t"]: s.value for s in shown if s.quantity == "error_factor" and s.beat == "show_takeaway"}
    assert set(gates) == set(factors) and len(gates) >= 3
    assert {s.index["unit"] for s in gates.values()} == {reference(DEFAULT_STRING).remembering_unit()}
    assert {s.beat for s in gates.values()} == {"show_takeaway"}
    assert np.median([s.value for s in gates.values()]) > np.median(list(factors.values()))


@pytest.mark.parametrize("scene_cls", [Opening, RNNvsLSTM])
def test_the_lstm_keeps_what_the_rnn_loses(scene_cls):
    shown = inspected(scene_cls.__name__, DEFAULT_STRING).scene.shown
    at_two = {s.quantity: s.value for s in shown if s.quantity in ("rnn_error_share", "lstm_state_share") and s.index["t"] == 2}
    assert set(at_two) == {"rnn_error_share", "lstm_state_share"}
    assert at_two["lstm_state_share"] > 100 * at_two["rnn_error_share"]


@pytest.mark.parametrize("kind", ["default", "longest"])
def test_the_cell_diagram_stays_whole_while_its_gates_light_up(kind):  # noqa: D103
    string = DEFAULT_STRING if kind == "default" else longest_string(LSTMCell.max_string_length)
    seen = inspected("LSTMCell", string)
    on_screen = seen.on_screen["show_output_gate"]
    assert [m for m in seen.scene.cell.get_family() if id(m) not in on_screen] == []


def test_a_string_too_long_is_refused_naming_the_longest():
    for scene_cls in SCENES:
        too_long = longest_string(scene_cls.max_string_length + 1)
        with pytest.raises(ValueError, match=f"up to {scene_cls.max_string_length} symbols"):
            build(scene_cls.__name__, too_long)


def test_the_cli_makes_a_string_too_long_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from lstm_explainer.cli import cli

    too_long = longest_string(LSTMCell.max_string_length + 1)
    result = CliRunner().invoke(cli, ["render", "LSTMCell", "-s", "-o", str(tmp_path), "--string", too_long])
    assert result.exit_code == 2
    assert f"LSTMCell shows at most {LSTMCell.max_string_length}" in result.output


def test_our_cell_jacobian_is_diag_f_on_the_cell_path():
    # Our finite differences see what the post derives: on the cell path alone, dc_t/dc_{t-1} = diag(f_t).
    ref = reference(DEFAULT_STRING)
    t, d = 5, ref.d
    cell_block = ref.lstm_J[t][d:, d:]
    assert np.allclose(cell_block, np.diag(ref.lstm[t]["f"]), atol=1e-6)


def test_every_named_part_of_the_cell_diagram_is_drawn():
    from manim import Mobject

    from lstm_explainer.scenes.components.lstm_cell import LSTMCellDiagram
    from lstm_explainer.scenes.theme import DARK

    cell = LSTMCellDiagram(DARK)
    drawn = {id(m) for m in cell.get_family()}
    parts = [v for v in vars(cell).values() if isinstance(v, Mobject)]
    parts += [*cell.gates.values(), *cell.gate_wires.values()]
    for part in parts:
        assert all(id(leaf) in drawn for leaf in part.get_family() if leaf.has_points()), part


def test_the_followed_units_part_from_tau_is_written_as_entry_times_the_lanes_fs_and_with_the_rest_adds_up():
    # beat "show_error_entering": the part of the followed unit's cell error at step 2 that entered at tau is written as
    # the error entering there times the lane's f's from step 3 to tau (our finite differences, our own gates); with
    # what entered at the other steps it adds up to the error that cell holds at step 2
    shown = [s for s in inspected("LSTMCell", DEFAULT_STRING).scene.shown if s.beat == "show_error_entering"]
    ref = reference(DEFAULT_STRING)
    unit, t = ref.remembering_unit(), flow.REMEMBERED
    parts = [s for s in shown if s.quantity == "lstm_cell_part"]
    assert [s.index["s"] for s in parts] == [ref.tau] and parts[0].index["unit"] == unit
    entry = next(s.value for s in shown if s.quantity == "lstm_cell_entry" and s.index == {"t": ref.tau, "unit": unit} and s.text)
    gain = next(s.value for s in shown if s.quantity == "lstm_cell_share" and s.index == {"t": t, "unit": unit})
    assert entry * gain == pytest.approx(parts[0].value, rel=1e-9)
    assert parts[0].value == pytest.approx(ref.cell_parts(unit)[ref.tau], rel=BY_PERTURBATION)
    rest = [s for s in shown if s.quantity == "lstm_cell_rest"]
    held = abs(ref.state_gradient(t)[ref.d + unit - 1])
    assert len(rest) == 1 and parts[0].value + rest[0].value == pytest.approx(held, rel=0.01)


def test_lstmcell_draws_the_error_entering_every_cell_from_h_wherever_it_is_visible():
    # beat "show_error_entering": an arrow into each lane at each step whose entry from h (our finite differences) is at
    # least the drawn share of the largest; so lanes other than the followed one pick up error before tau
    shown = [s for s in inspected("LSTMCell", DEFAULT_STRING).scene.shown if s.beat == "show_error_entering"]
    ref = reference(DEFAULT_STRING)
    drawn = {(s.index["t"], s.index["unit"]) for s in shown if s.quantity == "lstm_cell_entry" and not s.text}
    sizes = {(s, u): abs(ref.cell_entry(u, s)) for s in range(flow.REMEMBERED + 1, ref.tau + 1) for u in range(1, ref.d + 1)}
    biggest = max(sizes.values())
    assert drawn == {k for k, v in sizes.items() if v >= theme.ENTRY_SHOWN * biggest}
    unit = ref.remembering_unit()
    assert any(u != unit and s < ref.tau for s, u in drawn)


def test_lstmcell_ends_on_every_lanes_error_and_hs_whose_length_is_the_openings_number():
    # beat "show_one_length": all 8 cells' errors at step 2 and h's, written; as one length they make the share written,
    # which is the number the Opening shows at step 2 (by our finite differences)
    scene = inspected("LSTMCell", DEFAULT_STRING).scene
    shown = [s for s in scene.shown if s.beat in ("show_error_entering", "show_one_length")]
    ref = reference(DEFAULT_STRING)
    t = flow.REMEMBERED
    cells = {s.index["unit"]: s.value for s in shown if s.quantity == "lstm_cell_error" and s.text}
    assert sorted(cells) == list(range(1, ref.d + 1))
    (h,) = [s.value for s in shown if s.quantity == "lstm_h_error" and s.text]
    (whole,) = [s for s in shown if s.quantity == "lstm_state_share" and s.text]
    assert np.sqrt(sum(v**2 for v in cells.values()) + h**2) == pytest.approx(ref.state_share(t), rel=BY_PERTURBATION)
    assert whole.value == pytest.approx(ref.state_share(t), rel=BY_PERTURBATION)
    opening = [s for s in inspected("Opening", DEFAULT_STRING).scene.shown if s.quantity == "lstm_state_share" and s.index["t"] == t]
    assert opening and all(s.text == whole.text for s in opening if s.text)
    # and the RNN's share at step 2 it is set against: the Opening's, written the same (by our own BPTT in the reference)
    (rnn,) = [s for s in shown if s.quantity == "rnn_error_share"]
    assert rnn.value == pytest.approx(ref.rnn_share(t), rel=BY_PERTURBATION)
    rnn_opening = [s for s in inspected("Opening", DEFAULT_STRING).scene.shown if s.quantity == "rnn_error_share" and s.index["t"] == t]
    assert rnn_opening and all(s.text == rnn.text for s in rnn_opening if s.text)
