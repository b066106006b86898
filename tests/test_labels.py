"""Every drawn number carries the label the viewer reads it by, and that label names its quantity and index.

A drawing can be wrong while its record stays true: a column of values under the wrong heading, a
legend with the two models swapped, a running share labelled a step off. The scenes record, with each
number, the label drawn beside it (``StoryScene.record/numeral/plotted(label=...)``); tests/labels.py
holds the tests' own table of which on-screen symbol names which quantity and reads each label
against its record. Read here for every scene, for the default string and the shortest Reber string
(the builds tests/builds.py makes for tests/test_scenes.py: nothing is built for this file alone).
The planted bugs below are made from real records and must be rejected.
"""

from __future__ import annotations

import pytest
from builds import SHORT_STRING, inspected
from labels import conventional, misread, quantity_of

from lstm_explainer import scenes

# the scene builds of tests/builds.py are made once per worker: keep their readers on one
pytestmark = pytest.mark.xdist_group("builds")

SCENES = [scene.__name__ for scene in scenes.in_story_order()]
STRINGS = (None, SHORT_STRING)  # None: the scene's default string


def records(scene: str, string: str | None = None) -> list[dict]:
    return [shown.as_dict() for shown in inspected(scene, string).scene.shown]


def labelled(record: dict, label: str | None = None) -> dict:
    """The record with the tests' conventional label (or `label`) in place of the scene's."""
    return {**record, "label": conventional(record) if label is None else label}


def first(scene: str, quantity: str, **index) -> dict:
    return next(r for r in records(scene) if r["quantity"] == quantity and all(r["index"][k] == v for k, v in index.items()))


# ------------------------------------------------------------------ the reader itself


@pytest.mark.parametrize("string", STRINGS, ids=("default", "short"))
@pytest.mark.parametrize("scene", SCENES)
def test_every_recorded_quantity_has_its_on_screen_symbol_in_the_table(scene, string):
    missing = sorted({r["quantity"] for r in records(scene, string) if quantity_of(scene, r["quantity"]) is None})
    assert missing == [], f"{scene}: add the symbol that names {missing} to tests/labels.py's TABLE"


@pytest.mark.parametrize("scene", SCENES)
def test_a_label_written_by_the_convention_is_read_as_naming_its_record(scene):
    wrong = [misread(labelled(r)) for r in records(scene)]
    assert [w for w in wrong if w] == []


def test_the_conventions_own_examples_are_read_rightly():
    h = {"scene": "UnrollRNN", "beat": "b", "quantity": "h", "index": {"t": 2, "unit": 3}}
    assert misread({**h, "label": "h_2, unit 3"}) is None
    assert misread({**h, "label": "h₂, unit 3"}) is None
    assert misread({**h, "label": "h_3, unit 2"}) is not None, "t and unit swapped"
    assert misread({**h, "label": "h_2"}) is not None, "no unit"
    assert misread({**h, "label": ""}) is not None
    f = {"scene": "LSTMCell", "beat": "b", "quantity": "f", "index": {"t": 7, "unit": 8}}
    assert misread({**f, "label": "f_7, unit 8"}) is None
    share = {"scene": "Opening", "beat": "b", "quantity": "lstm_state_share", "index": {"t": 3}}
    assert misread({**share, "label": "LSTM, share of the error left, t = 3"}) is None
    assert misread({**share, "label": "RNN share, t = 3"}) is not None
    curve = {"scene": "VanishingProduct", "beat": "b", "quantity": "jacobian_norm_rescaled", "index": {"t": 50, "s": 2.0, "k": 5}}
    assert misread({**curve, "label": "‖∂h_t/∂h_(t−ℓ)‖, s = 2"}) is None
    assert misread({**curve, "label": "‖∂h_t/∂h_(t−ℓ)‖, s = 0.5"}) is not None
    direct = {"scene": "ErrorAtStepTwo", "beat": "b", "quantity": "dy/db direct", "index": {"t": 2, "k": 5, "i": 4}}
    assert misread({**direct, "label": "direct term of ∂y₂⁵/∂b_h⁴"}) is None
    assert misread({**direct, "label": "indirect term of ∂y₂⁵/∂b_h⁴"}) is not None


# ------------------------------------------------------------------ planted bugs, from real records


def test_a_column_under_the_wrong_heading_is_caught():
    # UnrollRNN's column of h_2 drawn under the heading of h_1 (the values true, the heading wrong)
    column_2 = [r for r in records("UnrollRNN") if r["quantity"] == "h" and r["index"]["t"] == 2]
    heading_1 = {r["index"]["unit"]: conventional(r) for r in records("UnrollRNN") if r["quantity"] == "h" and r["index"]["t"] == 1}
    assert column_2 and all(misread(labelled(r)) is None for r in column_2)
    assert all(misread(labelled(r, heading_1[r["index"]["unit"]])) is not None for r in column_2)
    # and the scores y_1 under the h_1 heading: another quantity's symbol
    y = first("UnrollRNN", "y", t=1)
    h = first("UnrollRNN", "h", t=1)
    assert misread(labelled(y, conventional(h))) is not None


def test_a_legend_with_the_two_models_swapped_is_caught():
    for scene in ("Opening", "RNNvsLSTM"):
        # the LSTM's whole share is written once, where it arrives; the RNN's at that same step
        lstm = next(r for r in records(scene) if r["quantity"] == "lstm_state_share" and r["text"])
        rnn = first(scene, "rnn_error_share", t=lstm["index"]["t"])
        assert misread(labelled(rnn)) is None and misread(labelled(lstm)) is None
        assert misread(labelled(rnn, conventional(lstm))) is not None, scene
        assert misread(labelled(lstm, conventional(rnn))) is not None, scene
    rnn, lstm = first("RNNvsLSTM", "parameters", model="rnn"), first("RNNvsLSTM", "parameters", model="lstm")
    assert misread(labelled(rnn, conventional(lstm))) is not None
    assert misread(labelled(lstm, conventional(rnn))) is not None


def test_a_running_share_a_step_off_is_caught():
    # the running numbers: the RNN's share (Opening, RNNvsLSTM) and LSTMCell's followed unit's cell-path product;
    # the LSTM's whole share is written only once, where it arrives
    for scene, quantity in (("Opening", "rnn_error_share"), ("LSTMCell", "lstm_cell_share"), ("RNNvsLSTM", "rnn_error_share")):
        shares = [r for r in records(scene) if r["quantity"] == quantity and r["text"]]  # the numbers written, not lanes drawn
        by_step = {r["index"]["t"]: r for r in shares}
        off = [(r, by_step[r["index"]["t"] + 1]) for r in shares if r["index"]["t"] + 1 in by_step]
        assert off, f"{scene} draws no {quantity} at two neighbouring steps"
        for record, neighbour in off:
            assert misread(labelled(record, conventional(neighbour))) is not None, (scene, record["index"])


def test_a_path_product_labelled_with_another_path_is_caught():
    products = [r for r in records("ErrorRecurrence") if r["quantity"] == "path_product"]
    paths = {r["index"]["path"] for r in products}
    assert len(paths) > 1
    a, b = products[0], next(r for r in products if r["index"]["path"] != products[0]["index"]["path"])
    assert misread(labelled(a)) is None
    assert misread(labelled(a, conventional(b))) is not None


def test_a_factor_labelled_with_the_next_steps_factor_is_caught():
    factors = [r for r in records("VanishingProduct") if r["quantity"] == "B"]
    for here, there in zip(factors, factors[1:]):
        assert misread(labelled(here, conventional(there))) is not None, here["index"]


# ------------------------------------------------------------------ the scenes' own labels


@pytest.mark.parametrize("string", STRINGS, ids=("default", "short"))
@pytest.mark.parametrize("scene", SCENES)
def test_every_number_drawn_carries_a_label_that_names_its_quantity_and_index(scene, string):
    shown = records(scene, string)
    assert shown, f"{scene} records no number"
    wrong = [problem for problem in map(misread, shown) if problem]
    assert wrong == [], f"{len(wrong)} of {len(shown)} labels wrong; first: " + "\n".join(wrong[:12])
