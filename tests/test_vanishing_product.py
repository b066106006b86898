"""VanishingProduct's tanh inset: the slope it shows (why the size falls past s = 1) is the biggest drop's, the one boxed in the table."""

from __future__ import annotations

import re

import numpy as np
import pytest
from builds import quick

from lstm_explainer.model import reber
from lstm_explainer.scenes.story import DEFAULT_STRING, RNN_WEIGHTS


@pytest.mark.parametrize("string", [DEFAULT_STRING, "BPTTTVPXTVPSE"])
def test_the_tanh_insets_slope_is_the_boxed_factors_read_from_the_forward_pass(string):
    shown = [r.as_dict() for r in quick("VanishingProduct", string).shown]
    (boxed,) = [r for r in shown if r["quantity"] == "collapsing_factor"]
    (inset,) = [r for r in shown if r["quantity"] == "sigma_h'" and r["beat"] == "saturation_beat"]
    t, unit = boxed["index"]["t"], boxed["index"]["unit"]
    assert inset["index"] == {"t": t, "unit": unit}
    # tanh's slope at that step and unit, by a forward pass of our own: 1 - tanh(a)^2
    w = dict(np.load(RNN_WEIGHTS))
    h = np.zeros(w["U"].shape[0])
    for x in reber.encode(string)[:t]:
        h = np.tanh(w["W"] @ x + w["U"] @ h + w["b_h"])
    assert inset["value"] == pytest.approx(1 - h[unit - 1] ** 2, rel=1e-9)
    assert "biggest drop" in inset["label"] and f"t − r = {t}" in inset["label"]


def test_the_dashed_line_marks_the_farthest_lag_back_to_the_first_step_of_the_long_string():
    scene = quick("VanishingProduct", DEFAULT_STRING)
    curve = [r.as_dict() for r in scene.shown if r.quantity == "jacobian_norm"]
    # the long string: the scene's string read back to back to at least 50 steps; the trained curve runs from lag 0
    # to the farthest lag, the one that reaches its step 1
    steps = len(DEFAULT_STRING) * -(-50 // len(DEFAULT_STRING))
    far = max(r["index"]["k"] for r in curve)
    assert far == steps - 1
    # the last beat quotes the part of dL/dW from that same farthest lag
    quoted = [r.as_dict() for r in scene.shown if r.quantity == "lag_part_norm" and r.beat == "lag_parts_beat"]
    assert max(r["index"]["k"] for r in quoted) == far
    guide, (_, words) = scene.early
    said = re.sub(r"<[^>]+>", "", words.text).replace(" ", "")  # the words as read, without the markup's font tags
    assert said == f"backtostep{steps - far}:ℓ={far}"
    # on the plot of every lag, which shares its origin with the zoomed one the scene ends its dial beats on
    plot = scene.get_plot(*scene.long_window())
    plot.shift(scene.plot.axes.c2p(0, 0) - plot.axes.c2p(0, 0))
    assert guide.get_center()[0] == pytest.approx(plot.point(far, plot.floor)[0], abs=1e-6)


def test_the_last_beat_shows_the_loss_gradients_parts_per_lag_at_the_last_step_fading_as_the_lag_grows():
    scene = quick("VanishingProduct", DEFAULT_STRING)
    T = len(scene.long_string)
    parts = [r.as_dict() for r in scene.shown if r.quantity == "lag_part_norm"]
    (total,) = [r.as_dict() for r in scene.shown if r.quantity == "dL/dW_norm"]
    assert {r["beat"] for r in parts} == {"lag_parts_beat"} and total["index"] == {"t": T}
    assert all(r["index"]["t"] == T for r in parts)
    # the red dots: one per lag, 0 to the farthest (T - 1), on the plot opened out again to every lag (the far parts
    # are seen, not only quoted); the note quotes lag 0 and the farthest lag
    dots = sorted(r["index"]["k"] for r in parts if r["label"] == scene.legend_text["lag"])
    assert dots == list(range(T))
    assert scene.plot.axes.x_range[1] >= T - 1
    quoted = {r["index"]["k"]: r["value"] for r in parts if r["label"] != scene.legend_text["lag"]}
    assert sorted(quoted) == [0, T - 1]
    # the far part adds nothing next to the total, the near one carries most of it (values: test_shown_values)
    assert quoted[T - 1] < 1e-20 * total["value"] < quoted[0]
