"""The explainer's scenes in story order: the registry the CLI reads.

Adding a scene is one line in STORY: "module:ClassName".
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lstm_explainer.scenes.story import StoryScene

STORY = (
    "lstm_explainer.scenes.opening:Opening",
    "lstm_explainer.scenes.rnn_equations:RNNEquations",
    "lstm_explainer.scenes.reber_grammar:ReberGrammar",
    "lstm_explainer.scenes.unroll_rnn:UnrollRNN",
    "lstm_explainer.scenes.error_at_step_one:ErrorAtStepOne",
    "lstm_explainer.scenes.error_at_step_two:ErrorAtStepTwo",
    "lstm_explainer.scenes.error_recurrence:ErrorRecurrence",
    "lstm_explainer.scenes.vanishing_product:VanishingProduct",
    "lstm_explainer.scenes.lstm_cell:LSTMCell",
    "lstm_explainer.scenes.rnn_vs_lstm:RNNvsLSTM",
)


def in_story_order() -> list[type[StoryScene]]:
    """Every scene class, in the order the story tells them."""
    classes = []
    for entry in STORY:
        module, name = entry.split(":")
        classes.append(getattr(import_module(module), name))
    return classes


def names() -> list[str]:
    return [entry.split(":")[1] for entry in STORY]


def by_name(name: str) -> type[StoryScene]:
    """The scene whose class name or id is `name`, ignoring case; KeyError otherwise."""
    for scene in in_story_order():
        if name.lower() in (scene.__name__.lower(), scene.scene_id.lower()):
            return scene
    raise KeyError(name)
