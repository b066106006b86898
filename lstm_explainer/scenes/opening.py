"""The film's opening: the hook. One string, the error at one step flowing back through an RNN and an LSTM."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, CurvedArrow, FadeIn, FadeOut, LaggedStart, RoundedRectangle, VGroup

from lstm_explainer.scenes import theme
from lstm_explainer.model import flow
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.scenes.components.pulse import hook_picture, share_key, travel_steps
from lstm_explainer.scenes.components.text import caption, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat

POST_TITLE = "Understanding LSTMs and Vanishing Gradients in RNNs"


class Opening(LSTMChapterScene):
    scene_id = "opening"
    title = "Why RNNs forget and LSTMs remember"
    section = "the post's introduction"
    approx_seconds = 18
    max_string_length = 14  # every step of the embedded string on one chain across the frame

    def construct(self):
        self.set_the_task()
        self.race_back()

    @beat("An RNN and an LSTM read this string; at step τ, each must recall symbol 2.")
    def set_the_task(self) -> None:
        p = self.palette
        self.heading = title(p, self.title)
        rnn, lstm = self.rnn_pulse, self.lstm_pulse = hook_picture(self, travel_beat="race_back", rnn_note="(not the 4-unit net built next)")
        key = share_key(p, "rnn", "lstm").next_to(lstm.running[REMEMBERED], DOWN, buff=theme.PULSE_SHARE_KEY_GAP)
        self.share_key = key.align_to(lstm.header, LEFT)
        self.task = self.task_under(lstm)
        # in the caption's order: the two nets, reading the string step by step; the loss at tau; what to recall
        self.paced(
            (FadeIn(self.heading), FadeIn(rnn.header[:-1]), FadeIn(lstm.header), FadeIn(lstm.lanes)),
            (self.read_along(rnn), self.read_along(lstm)),
            (FadeIn(rnn.loss, scale=1.3), FadeIn(lstm.loss, scale=1.3)),
            (Create(self.task[0]), FadeIn(self.task[2])),
            FadeIn(self.task[1], shift=0.1 * UP),
        )

    @staticmethod
    def read_along(pulse) -> LaggedStart:
        """The chain drawn as the net reads it: each step's node and symbol, left to right, and the link into it."""
        links = [None, *pulse.links]
        steps = [VGroup(*([links[t - 1]] if links[t - 1] else []), pulse.nodes[t], pulse.symbols[t - 1]) for t in pulse.nodes]
        steps[REMEMBERED - 1].add(pulse.remember)
        return LaggedStart(*(FadeIn(step, shift=0.1 * RIGHT) for step in steps), lag_ratio=0.5, run_time=2 * theme.PULSE_BUILD)

    def task_under(self, lstm) -> VGroup:
        """Under the LSTM's chain, for this beat only: an arc from the symbol to remember to its repeat, and what tau asks."""
        p, string = self.palette, self.embedded
        repeat = flow.dependent_position(string)
        first, second = lstm.symbols[REMEMBERED - 1], lstm.symbols[repeat - 1]
        box = RoundedRectangle(corner_radius=0.06, width=0.42, height=0.42, color=p.cell, stroke_width=2).move_to(second)
        self.mark("box", "symbol", {"t": repeat}, string)
        arc = CurvedArrow(lstm.remember.get_bottom(), box.get_bottom(), angle=np.pi / 10, color=p.cell, tip_length=0.12)
        remembered = self.count_text("remembered_position", {}, REMEMBERED, string, label="remember, symbol")
        repeated = self.count_text("predicted_position", {}, repeat, string, label="its repeat, symbol")
        tau = self.tau_text(label="τ")
        words = caption(
            f"remember symbol {remembered};  at τ = {tau}, after the inner E, the net must predict its repeat, symbol {repeated}",
            theme.SMALL_SIZE, p.cell,
        ).next_to(arc, DOWN, buff=0.06)
        group = VGroup(arc, words, box)
        group.repeat = box
        return group

    @beat("Back from τ, the error is multiplied at each step: the RNN's dies, the LSTM's arrives. Why?")
    def race_back(self) -> None:
        p = self.palette
        rnn, lstm = self.rnn_pulse, self.lstm_pulse
        ratio = self.numeral(
            "share_ratio", {"t": REMEMBERED}, lstm.shares[REMEMBERED] / rnn.shares[REMEMBERED], string=self.embedded,
            label=f"LSTM share of (h, c) over RNN share of h, t = {REMEMBERED}",
        ).text
        dies = caption("dies: almost none of the error reaches symbol 2", theme.SMALL_SIZE, p.error)
        arrives = caption(f"arrives: {ratio} times the RNN's share", theme.SMALL_SIZE, p.error)
        dies.next_to(rnn.running[REMEMBERED], RIGHT, buff=0.3)
        arrives.next_to(lstm.running[REMEMBERED], RIGHT, buff=0.3)
        # what multiplies the error is named, then met one step at a time as the pulses pass: each step's x box
        # (the RNN) and column of forget gates (the LSTM) arrives as the pulse reaches it
        self.paced(
            (FadeOut(self.task[:2]), FadeIn(self.share_key), FadeIn(rnn.header[-1]), FadeIn(lstm.key)),
            *travel_steps(rnn, lstm, seconds_per_step=theme.PULSE_STEP, reveal=True),
            FadeIn(dies, shift=0.2 * RIGHT),
            FadeIn(arrives, shift=0.2 * RIGHT),
        )
        self.picture = VGroup(rnn.drawn(), lstm.drawn(), self.share_key, self.task[2], dies, arrives)
