"""The pulse picture shows each value where the viewer reads it: tiles between the right steps, lanes in unit
order, the running share at the step it names. Checked against test_flow's own computation, from the geometry
of the built picture (a tile from the wrong step, lanes swapped or a label one step off all fail here)."""

from __future__ import annotations

import numpy as np
import pytest
from test_flow import reference
from tolerances import THREE_DIGITS, parse_numeral

from lstm_explainer.model import flow
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.pulse import SHARE_NAME, ErrorPulse, width_of
from lstm_explainer.scenes.numbers import numeral

STRING = "BTSSXXTVVE"


class Recorder:
    """The two recording methods of a StoryScene, and its palette."""

    palette = theme.DARK

    def __init__(self):
        self.shown = []
        self.marks = []

    def record(self, quantity, index, value, text, string=None, beat=None, label=""):
        self.shown.append((quantity, dict(index), value, text, label))
        return text

    def numeral(self, quantity, index, value, digits=3, string=None, beat=None, label=""):
        shown = numeral(value, digits)
        self.record(quantity, index, value, shown.text, string, label=label)
        return shown

    def mark(self, kind, target, index, string=None, beat=None):
        self.marks.append((kind, target, dict(index)))


def built(kind: str, scene: Recorder | None = None) -> ErrorPulse:
    data = flow.error_flow(flow.trained_lstm(), flow.embedded_rnn(), flow.embed(STRING))
    return ErrorPulse(scene or Recorder(), data, kind)


def step_between(pulse: ErrorPulse, x: float) -> int:
    """The step t whose tile lies between nodes t - 1 and t at x."""
    for t in range(2, len(pulse.nodes) + 1):
        if pulse.nodes[t - 1].get_x() < x < pulse.nodes[t].get_x():
            return t
    raise AssertionError(f"x = {x} is between no two nodes")


def nearest_step(pulse: ErrorPulse, x: float) -> int:
    return min(pulse.nodes, key=lambda t: abs(pulse.nodes[t].get_x() - x))


def test_each_rnn_tile_sits_between_its_steps_and_shows_their_factor():
    pulse, ref = built("rnn"), reference(STRING)
    norms = {t: ref.rnn_norm(t) for t in range(REMEMBERED, ref.tau + 1)}
    assert len(pulse.tiles) == ref.tau - REMEMBERED
    for tile in pulse.tiles.values():
        t = step_between(pulse, tile.get_x())
        shown = parse_numeral(tile.text.lstrip("×"))[0]
        if norms[t - 1] > 1e-7 * norms[ref.tau]:  # finite differences hold there (see test_flow)
            assert shown == pytest.approx(norms[t - 1] / norms[t], rel=THREE_DIGITS)


def test_the_running_share_is_written_under_the_step_it_names():
    for kind in ("rnn", "lstm"):
        pulse, ref = built(kind), reference(STRING)
        top = ref.rnn_norm(ref.tau) if kind == "rnn" else ref.lstm_norm(ref.tau)
        for label in pulse.running.values():
            t = nearest_step(pulse, label.value.get_x())
            assert abs(label.value.get_x() - pulse.nodes[t].get_x()) < 0.05, "the number sits under its step"
            norm = ref.rnn_norm(t) if kind == "rnn" else ref.lstm_norm(t)
            if norm > 1e-7 * top:
                assert parse_numeral(label.value_text)[0] == pytest.approx(norm / top, rel=THREE_DIGITS), (kind, t)
            name = SHARE_NAME.replace(" ", "")  # Text drops spaces from .text
            assert label[0].text in (f"{name}:", f"({name})")


def held_error(ref, t: int, unit: int) -> float:
    """The error unit `unit`'s cell holds at step t, h_t held fixed, as a share of all of it at tau: finite differences."""
    z = np.concatenate([ref.h[t], ref.c[t]])
    g = ref.grad(lambda v: ref.lstm_loss(t, v), z)
    return abs(float(g[z.size // 2 + unit - 1])) / ref.lstm_norm(ref.tau)


def test_the_lanes_run_in_unit_order_and_each_is_as_red_as_the_error_its_cell_holds():
    pulse, ref = built("lstm"), reference(STRING)
    lanes = sorted(pulse.lane_y, key=lambda u: -pulse.lane_y[u])  # top to bottom
    assert lanes == list(range(1, len(lanes) + 1))
    for number, u in zip(pulse.lane_numbers, lanes):
        assert number.text == str(u) and number.get_y() == pytest.approx(pulse.lane_y[u], abs=0.05)
    for t, segments in pulse.trails.items():
        for segment in segments:
            u = min(pulse.lane_y, key=lambda v: abs(pulse.lane_y[v] - segment.get_y()))
            assert step_between(pulse, segment.get_x()) == t
            want = width_of(held_error(ref, t - 1, u), theme.PULSE_LANE_WIDTH_MAX, theme.PULSE_LANE_DECADES)
            assert segment.get_stroke_width() == pytest.approx(want, abs=0.02), (t, u)
    # the lane that stores the symbol (unit 2) is red at step 2, a lane whose cell holds next to nothing is not
    store, empty = pulse.trails[REMEMBERED + 1][1], pulse.trails[REMEMBERED + 1][6]
    assert held_error(ref, REMEMBERED, 2) > 0.01 and held_error(ref, REMEMBERED, 7) < 1e-3
    assert store.get_stroke_width() > 2 * empty.get_stroke_width()


def test_each_forget_glyph_is_lit_by_its_own_step_and_unit():
    pulse, ref = built("lstm"), reference(STRING)
    for column in pulse.tiles.values():
        t = step_between(pulse, column.get_x())
        for glyph in column:
            u = min(pulse.lane_y, key=lambda v: abs(pulse.lane_y[v] - glyph.get_y()))
            assert glyph.get_fill_opacity() == pytest.approx(ref.f[t][u - 1], abs=1e-6), (t, u)


def test_the_rnn_trail_narrows_with_the_share_that_passed():
    pulse, ref = built("rnn"), reference(STRING)
    top = ref.rnn_norm(ref.tau)
    for t, (segment,) in pulse.trails.items():
        assert step_between(pulse, segment.get_x()) == t
        share = ref.rnn_norm(t - 1) / top
        if share > 1e-7:
            assert segment.get_stroke_width() == pytest.approx(width_of(share), rel=1e-3)
        else:
            assert segment.get_stroke_width() < width_of(1e-7)
    assert np.isclose(pulse.loss.get_x(), pulse.nodes[ref.tau].get_x())


def test_the_boxes_drawn_round_the_remembered_symbol_and_the_loss_are_recorded_where_they_are():
    scene = Recorder()
    pulse, ref = built("rnn", scene), reference(STRING)
    assert ("box", "symbol", {"t": REMEMBERED}) in scene.marks
    assert nearest_step(pulse, pulse.remember.get_x()) == REMEMBERED
    assert ("box", "step", {"t": ref.tau}) in scene.marks
    assert nearest_step(pulse, pulse.loss.get_x()) == ref.tau


def test_each_running_share_is_labelled_with_its_network_and_step():
    for kind, model in (("rnn", "RNN"), ("lstm", "LSTM")):
        scene = Recorder()
        pulse = built(kind, scene)
        shares = {index["t"]: label for quantity, index, _, _, label in scene.shown if quantity.endswith("share") and "unit" not in index}
        assert set(shares) == set(pulse.running)
        for t, label in shares.items():
            assert label == f"{model}, {SHARE_NAME}, t = {t}"


def test_a_pulse_told_to_write_its_share_only_where_it_arrives_records_and_shows_only_that():
    scene = Recorder()
    data = flow.error_flow(flow.trained_lstm(), flow.embedded_rnn(), flow.embed(STRING))
    pulse = ErrorPulse(scene, data, "lstm", running_steps=(REMEMBERED,))
    shares = [index["t"] for quantity, index, *_ in scene.shown if quantity == "lstm_state_share"]
    assert shares == [REMEMBERED] and set(pulse.running) == {REMEMBERED}
    assert len(pulse.label) == 0, "nothing written while the pulse leaves the loss"
    for t in range(pulse.tau, REMEMBERED, -1):  # the label only changes when the pulse arrives where a share is written
        step = pulse.step_back(t)
        step.begin()
        step.interpolate(1)
        assert [m is pulse.running[REMEMBERED] for m in pulse.label.submobjects] == ([True] if t - 1 == REMEMBERED else [])
