"""The explainer's scenes in story order: the registry the CLI reads.

Adding a scene is one line in STORY: "module:ClassName".
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scenes.story import StoryScene

STORY = (
    "scenes.opening:Opening",
    "scenes.rnn_equations:RNNEquations",
    "scenes.reber_grammar:ReberGrammar",
    "scenes.unroll_rnn:UnrollRNN",
    "scenes.error_at_step_one:ErrorAtStepOne",
    "scenes.error_at_step_two:ErrorAtStepTwo",
    "scenes.error_recurrence:ErrorRecurrence",
    "scenes.vanishing_product:VanishingProduct",
    "scenes.lstm_cell:LSTMCell",
    "scenes.rnn_vs_lstm:RNNvsLSTM",
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
