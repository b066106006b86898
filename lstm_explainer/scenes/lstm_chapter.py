"""What the LSTM chapter's scenes share: the embedded string, the trained models, and numbers drawn as recorded."""

from __future__ import annotations

from typing import ClassVar

from manim import Text

from lstm_explainer.model import flow
from lstm_explainer.model.lstm import LSTM
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.text import line
from lstm_explainer.scenes.story import StoryScene


class LSTMChapterScene(StoryScene):
    """A scene of the LSTM chapter: it reads the scene's Reber string embedded."""

    branch: ClassVar[str] = flow.BRANCH  # B <branch> <string> <branch> E

    @property
    def embedded(self) -> str:
        """The scene's Reber string embedded: B, T, the string, T, E."""
        return flow.embed(self.reber_string, self.branch)

    @property
    def lstm(self) -> LSTM:
        return flow.trained_lstm()

    @property
    def embedded_rnn(self) -> RNN:
        return flow.embedded_rnn()

    def number(
        self,
        quantity: str,
        index: dict,
        value: float,
        color: str | None = None,
        size: int = theme.SMALL_SIZE,
        string: str | None = None,
        label: str = "",
    ) -> Text:
        """The value drawn with 3 significant digits and a true minus sign, recorded as drawn with its `label`."""
        text = self.numeral(quantity, index, value, string=string, label=label).text
        return line(text, size, color or self.palette.text)

    def count_text(self, quantity: str, index: dict, value: int, string: str | None = None, label: str = "") -> str:
        """A whole number (a count, a lag) as drawn, recorded with its `label`."""
        return self.record(quantity, index, value, str(int(value)), string, label=label)

    def unit_text(self, unit: int, label: str = "") -> str:
        """The LSTM unit LSTMCell follows (chosen from the model), recorded as drawn."""
        return self.count_text("open_unit", {}, unit, self.embedded, label=label)

    def tau_text(self, label: str = "") -> str:
        """The step tau that predicts the second-to-last symbol, recorded as drawn."""
        return self.count_text("tau", {}, flow.prediction_step(self.embedded), self.embedded, label=label)

