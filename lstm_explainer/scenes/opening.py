"""The film's opening: the hook. One string, the error at one step flowing back through an RNN and an LSTM."""

from __future__ import annotations

from manim import DOWN, LEFT, FadeIn, VGroup

from lstm_explainer.scenes import theme
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.scenes.components.pulse import hook_picture, share_key, travel
from lstm_explainer.scenes.components.text import title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat

POST_TITLE = "Understanding LSTMs and Vanishing Gradients in RNNs"


class Opening(LSTMChapterScene):
    scene_id = "opening"
    title = "Why RNNs forget and LSTMs remember"
    section = "the post's introduction"
    approx_seconds = 19
    max_string_length = 14  # every step of the embedded string on one chain across the frame

    def construct(self):
        self.set_the_task()
        self.race_back()

    @beat("An RNN and an LSTM, trained on embedded Reber strings, read this one; at τ each must recall symbol 2.")
    def set_the_task(self) -> None:
        p = self.palette
        self.heading = title(p, self.title)
        self.rnn_pulse, self.lstm_pulse = hook_picture(self, travel_beat="race_back", rnn_note="(not the 4-unit net built next)")
        key = share_key(p, "rnn", "lstm").next_to(self.lstm_pulse.running[REMEMBERED], DOWN, buff=theme.PULSE_SHARE_KEY_GAP)
        self.share_key = key.align_to(self.lstm_pulse.header, LEFT)
        self.play(FadeIn(self.heading), FadeIn(self.rnn_pulse), FadeIn(self.lstm_pulse), FadeIn(self.share_key), run_time=theme.NORMAL)

    @beat("The error at τ flows back, multiplied at each step: the RNN's dies, the LSTM's arrives. Why?")
    def race_back(self) -> None:
        travel(self, self.rnn_pulse, self.lstm_pulse, seconds_per_step=theme.PULSE_STEP_FAST)
        self.picture = VGroup(self.rnn_pulse.drawn(), self.lstm_pulse.drawn(), self.share_key)
