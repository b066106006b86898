"""Regression frames: the last frame of every scene against a committed control frame.

Control frames live in tests/control_data/scenes/<Scene>_last_frame.npz; `pytest tests/test_frames.py
--set_test -k <Scene>` writes one after an intended change of the look. Comparison allows manim's
small per-pixel tolerance, since fonts and cairo versions move pixels a little. Each scene has its
own test below, named after it; a scene added to the story without one fails the first test.
"""

from __future__ import annotations

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from lstm_explainer import scenes
from lstm_explainer.rendering.manim_scene import typeset_cache
from lstm_explainer.scenes.rnn_equations import RNNEquations
from lstm_explainer.scenes.error_recurrence import ErrorRecurrence
from lstm_explainer.scenes.error_at_step_one import ErrorAtStepOne
from lstm_explainer.scenes.error_at_step_two import ErrorAtStepTwo
from lstm_explainer.scenes.lstm_cell import LSTMCell
from lstm_explainer.scenes.opening import Opening
from lstm_explainer.scenes.reber_grammar import ReberGrammar
from lstm_explainer.scenes.rnn_vs_lstm import RNNvsLSTM
from lstm_explainer.scenes.unroll_rnn import UnrollRNN
from lstm_explainer.scenes.vanishing_product import VanishingProduct

__module_test__ = "scenes"


def last_frame_test(scene_cls: type):
    """Make `test_<Scene>_last_frame(scene)` the slow last-frame comparison of `scene_cls`.

    The scene's typeset LaTeX and text are reused (manim's helper would typeset everything again per test).
    """

    def mark(test):
        return pytest.mark.slow(frames_comparison(base_scene=scene_cls, **typeset_cache(scene_cls.__name__))(test))

    return mark


def test_every_scene_of_the_story_has_a_last_frame_test():
    tested = {name.removeprefix("test_").removesuffix("_last_frame") for name in globals() if name.endswith("_last_frame")}
    assert tested == set(scenes.names())


@last_frame_test(Opening)
def test_Opening_last_frame(scene):
    Opening.construct(scene)


@last_frame_test(RNNEquations)
def test_RNNEquations_last_frame(scene):
    RNNEquations.construct(scene)


@last_frame_test(ReberGrammar)
def test_ReberGrammar_last_frame(scene):
    ReberGrammar.construct(scene)


@last_frame_test(UnrollRNN)
def test_UnrollRNN_last_frame(scene):
    UnrollRNN.construct(scene)


@last_frame_test(ErrorAtStepOne)
def test_ErrorAtStepOne_last_frame(scene):
    ErrorAtStepOne.construct(scene)


@last_frame_test(ErrorAtStepTwo)
def test_ErrorAtStepTwo_last_frame(scene):
    ErrorAtStepTwo.construct(scene)


@last_frame_test(ErrorRecurrence)
def test_ErrorRecurrence_last_frame(scene):
    ErrorRecurrence.construct(scene)


@last_frame_test(VanishingProduct)
def test_VanishingProduct_last_frame(scene):
    VanishingProduct.construct(scene)


@last_frame_test(LSTMCell)
def test_LSTMCell_last_frame(scene):
    LSTMCell.construct(scene)


@last_frame_test(RNNvsLSTM)
def test_RNNvsLSTM_last_frame(scene):
    RNNvsLSTM.construct(scene)
