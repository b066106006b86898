"""VanishingProduct's tanh inset: the slope it shows (why the size falls past s = 1) is the biggest drop's, the one boxed in the table."""

from __future__ import annotations

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
