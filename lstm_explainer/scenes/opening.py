"""The film's opening: the hook. One string, the error at one step flowing back through an RNN and an LSTM."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, Create, CurvedArrow, FadeIn, FadeOut, LaggedStart, Line, RoundedRectangle,
    VGroup, config,
)

from lstm_explainer.scenes import theme
from lstm_explainer.model import flow
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.scenes.components.pulse import hook_picture, travel_steps
from lstm_explainer.scenes.components.text import caption, line, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat

POST_TITLE = "Understanding LSTMs and Vanishing Gradients in RNNs"
# after the LSTM's name: what its lines are, so one line against eight is no surprise (the LSTM's lanes are its cells,
# one per unit, each carrying its own share; the RNN's name has the key to its boxes after it)
LANE_NOTE = "{units} memory cells, a line each"
RED_KEY = "red: the error left, thicker = more"  # how the red trails and dots say the error's size, on the LSTM's name row


SMALL = ((1e-9, "less than a billionth"), (1e-6, "less than a millionth"), (1e-3, "less than a thousandth"),
         (1e-2, "less than a hundredth"))
FRACTIONS = {2: "a half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth", 7: "a seventh", 8: "an eighth",
             10: "a tenth", 20: "a twentieth", 50: "a fiftieth"}


def in_words(share: float) -> str:
    """A share of the error said in words as it first shows (10⁻¹⁰ means nothing to a newcomer): below a hundredth,
    the power of ten it stays under; else "about" the simple fraction nearest it (on a log scale), or "most"."""
    for bound, words in SMALL:
        if share < bound:
            return words
    if share > 0.6:
        return "most"
    n = min(FRACTIONS, key=lambda n: abs(np.log(share * n)))
    return f"about {FRACTIONS[n]}"


class Opening(LSTMChapterScene):
    scene_id = "opening"
    title = "Why RNNs forget and LSTMs remember"
    section = "the post's introduction"
    approx_seconds = 38.4
    max_string_length = 14  # every step of the embedded string on one chain across the frame
    # a step a second; the error leaves its loss's box as slowly, the box swelling (a flash would cover its words), the
    # starting share read before the dot moves
    HOOK_TRAVEL = dict(seconds_per_step=theme.PULSE_HOOK_STEP, flash=False, leave_seconds=theme.PULSE_HOOK_STEP)

    def construct(self):
        # the caption's step and symbol from the string (its length sets them)
        self.set_the_task(tau=flow.prediction_step(self.embedded), repeat=flow.dependent_position(self.embedded))
        self.rnn_back()
        self.lstm_back(amount=in_words(self.lstm_pulse.shares[REMEMBERED]))

    @beat("An RNN and an LSTM read this string, a symbol a step. At the step we follow, τ (tau) = {tau}, "
          "each must predict symbol {repeat}, a repeat.")
    def set_the_task(self, tau: int, repeat: int) -> None:
        p = self.palette
        self.heading = title(p, self.title)
        # the RNN's factors in boxes, each met as its error passes (RNNvsLSTM shows the same boxes); the LSTM's lanes bare
        # the loss's box says where tau is, "predicts 13" beside it what is predicted there; the arc under the LSTM's chain why
        # "an RNN" with its size: not the small one the next scenes build (RNNvsLSTM, which replays this, says it grew)
        rnn_units = self.count_text("hidden_size", {"model": "rnn"}, self.embedded_rnn.d, self.embedded, label="RNN, units")
        rnn, lstm = self.rnn_pulse, self.lstm_pulse = hook_picture(
            self, travel_beat="rnn_back", rnn_name=f"an RNN ({rnn_units} units)", lstm_beat="lstm_back",
            loss_name=f"error at τ = {self.tau_text(label='τ')}", rnn_factors=True,
        )
        # the LSTM's error starts at the RNN's loss's step (its lanes' dots there): its name row holds the key to the red
        lstm.remove(lstm.loss)
        # the RNN's name, the key to its boxes and its loss on one row, just over its upper row of boxes
        rnn.loss.set_y(rnn.tile_group.get_top()[1] + theme.PULSE_TILE_GAP + rnn.loss.height / 2)
        rnn.header.match_y(rnn.loss)
        rnn.header[1].next_to(rnn.header[0], RIGHT, buff=0.3)
        self.predicts = self.predicts_next(rnn)
        # each node numbered with its step: τ's number over its node, the predicted symbol's in the node over its box
        self.step_numbers = VGroup(*(self.numbered(net) for net in (rnn, lstm)))
        # what each net's lines are, after its name, from the start: the LSTM's lanes
        # stand there while the RNN's error travels
        units = self.count_text("hidden_size", {"model": "lstm"}, self.lstm.d, self.embedded, label="LSTM, cell units")
        self.note = caption(LANE_NOTE.format(units=units), theme.LABEL_SIZE, p.cell)
        self.note.next_to(lstm.header, RIGHT, buff=0.3).align_to(lstm.header, DOWN)
        # the LSTM's name row a little lower: room above it for the RNN's share line (a power of ten stands tall); the
        # key to the red at its right, over the lanes' right end where the error starts (shown as the RNN's travels)
        VGroup(lstm.header, self.note).shift(theme.PULSE_HOOK_NAME_DROP * DOWN)
        self.red_key = caption(RED_KEY, theme.LABEL_SIZE, p.error).align_to(lstm.lanes, RIGHT).align_to(self.note, DOWN)
        # where each step falls on the lanes: a faint line up from each of the LSTM's nodes
        self.lane_steps = lstm.step_marks()
        self.task = self.task_under(rnn, lstm)
        # in the caption's order: the two nets and their memories, reading the string step by step; the loss at tau;
        # the arc from symbol 2 to its repeat, the symbol predicted there
        self.paced(
            (FadeIn(self.heading), FadeIn(rnn.header[0]), FadeIn(lstm.header)),
            (self.read_along(rnn, self.step_numbers[0]), self.read_along(lstm, self.step_numbers[1]),
             FadeIn(lstm.lanes, run_time=2), FadeIn(self.lane_steps, run_time=2), FadeIn(self.note, shift=0.1 * UP, run_time=2)),
            (FadeIn(rnn.loss, shift=0.1 * DOWN), FadeIn(self.predicts, shift=0.1 * DOWN)),
            (Create(self.task.arc), FadeIn(self.task.words, shift=0.1 * UP), Create(self.task.repeat), Create(self.task.rnn_repeat)),
            share=theme.PULSE_HOOK_MOTION_SHARE,
        )
        self.step_numbers.set_z_index(2)  # over the nodes, which the RNN's dot passes under

    def predicts_next(self, rnn) -> VGroup:
        """What the step tau is for, at the RNN's loss: the box moved left off tau's node, a tick down to it; right of the
        box, what is predicted there with an arrow down to that symbol's node (tau + 1: the repeat)."""
        p = self.palette
        repeat = flow.dependent_position(self.embedded)
        node, next_node = rnn.nodes[rnn.tau], rnn.nodes[repeat]
        words = caption(f"predicts {self.count_text('predicted_position', {}, repeat, self.embedded, label='predicts symbol')}",
                        theme.LABEL_SIZE, p.error)
        words.move_to(rnn.loss).set_x(next_node.get_x() + words.width / 2 - theme.PULSE_PREDICTS_INSET)
        words.shift(min(0, config.frame_width / 2 - theme.FRAME_MARGIN - words.get_right()[0]) * RIGHT)
        rnn.loss.next_to(words, LEFT, buff=theme.PULSE_PREDICTS_GAP)
        VGroup(rnn.header, rnn.loss, words).shift(theme.PULSE_PREDICTS_RAISE * UP)  # room for the tick and the arrow
        tick = Line([node.get_x(), rnn.loss.get_bottom()[1], 0], node.get_top(), color=p.error, stroke_width=2.5)
        arrow = Arrow([next_node.get_x(), words.get_bottom()[1], 0], next_node.get_top(), buff=0.02, color=p.error,
                      stroke_width=2.5, tip_length=0.1, max_tip_length_to_length_ratio=0.5)
        return VGroup(tick, words, arrow)

    def numbered(self, pulse) -> VGroup:
        """Each step's number in its node, an index like the other scenes' "t = 1" (the position of the symbol read there)."""
        return VGroup(*(line(str(t), theme.PULSE_STEP_NUMBER_SIZE, self.palette.text).move_to(node) for t, node in pulse.nodes.items()))

    @staticmethod
    def read_along(pulse, numbers: VGroup) -> LaggedStart:
        """The chain drawn as the net reads it: each step's node, its number and symbol, left to right, and the link into it."""
        links = [None, *pulse.links]
        steps = [
            VGroup(*([links[t - 1]] if links[t - 1] else []), pulse.nodes[t], numbers[t - 1], pulse.symbols[t - 1]) for t in pulse.nodes
        ]
        steps[REMEMBERED - 1].add(pulse.remember)
        return LaggedStart(*(FadeIn(step, shift=0.1 * RIGHT) for step in steps), lag_ratio=0.5, run_time=2 * theme.PULSE_BUILD)

    def task_under(self, rnn, lstm) -> VGroup:
        """Under the LSTM's chain, until the LSTM's share line takes its row: an arc from the symbol to remember to
        its repeat, the symbol the loss's box names; the repeat boxed in both chains (they stay)."""
        p, string = self.palette, self.embedded
        repeat = flow.dependent_position(string)
        box, rnn_box = (
            RoundedRectangle(corner_radius=0.06, width=0.42, height=0.42, color=p.cell, stroke_width=2).move_to(net.symbols[repeat - 1])
            for net in (lstm, rnn)
        )
        for _ in (lstm, rnn):
            self.mark("box", "symbol", {"t": repeat}, string)
        # a shallow arc: its words clear of the caption under them
        arc = CurvedArrow(lstm.remember.get_bottom(), box.get_bottom(), angle=np.pi / 16, color=p.cell, tip_length=0.12)
        remembered = self.count_text("remembered_position", {}, REMEMBERED, string, label="repeat of symbol")
        repeated = self.count_text("predicted_position", {}, repeat, string, label="symbol")
        words = caption(f"symbol {repeated} repeats symbol {remembered}", theme.LABEL_SIZE, p.cell).next_to(arc, DOWN, buff=0.06)
        group = VGroup(arc, words, box, rnn_box)
        group.arc, group.words, group.repeat, group.rnn_repeat = arc, words, box, rnn_box
        return group

    @beat("Going back, each step multiplies the size of the RNN's error by its box, most below 1: almost none of "
          "it gets back to symbol 2.")
    def rnn_back(self) -> None:
        rnn = self.rnn_pulse
        self.dies = self.gets_back(rnn)
        # the error's dot passes under the nodes, their step numbers always over it; the task's words and arc, the
        # premise, dimmed (they stay until the LSTM's share takes their row); the error leaves the loss and goes back
        # a step at a time, its share written under each step it reaches, slowly enough to read; then what it came to
        # its dot under the nodes, seen between them, as small as its share (over a node it would strike its number)
        for node in rnn.nodes.values():
            node.set_z_index(1)
        rnn.pulse.set_z_index(0.5)
        self.paced(
            (self.task.words.animate.fade(theme.PREMISE_FADE).build(), self.task.arc.animate.fade(theme.PREMISE_FADE).build(),
             FadeIn(rnn.header[1], shift=0.1 * RIGHT), FadeIn(self.red_key, shift=0.1 * LEFT)),  # the keys to the boxes and red
            *travel_steps(rnn, reveal=True, **self.HOOK_TRAVEL),
            self.meaning(rnn, self.dies),
            share=theme.PULSE_HOOK_MOTION_SHARE,
        )

    @beat("The LSTM's error goes back along its cells' lines, red where a cell holds some; "
          "{amount} of it gets back. Why the difference?")
    def lstm_back(self, amount: str) -> None:
        p = self.palette
        rnn, lstm = self.rnn_pulse, self.lstm_pulse
        arrives = self.gets_back(lstm)
        # the film's one question, large, once the LSTM's error has gone back: in the place of the key to the red (read
        # by then), at the right of the LSTM's name row, between the RNN's words and the lanes
        why = line("Why?", theme.PULSE_HOOK_QUESTION_SIZE, p.text).align_to(self.red_key, RIGHT).align_to(self.red_key, DOWN)
        # in the caption's order: the error along the lines, one step at a time; its share written once, where it
        # arrives, in words; the dots and the box give way to the two numbers and the question
        # no box of its own (the RNN's names the step): its error appears at tau on the lanes, then goes back
        steps = travel_steps(lstm, **self.HOOK_TRAVEL)
        steps[0] = (FadeIn(lstm.pulse, run_time=self.HOOK_TRAVEL["leave_seconds"]),)
        self.paced(
            *steps,
            (*self.meaning(lstm, arrives), FadeOut(self.task.words, self.task.arc)),  # its share's line takes their row
            (FadeOut(lstm.pulse), FadeOut(rnn.pulse), FadeOut(self.red_key), FadeIn(why, scale=1.4)),
            share=theme.PULSE_HOOK_MOTION_SHARE,
        )

    def gets_back(self, pulse) -> VGroup:
        """What the pulse's share at the remembered symbol is of, and how much that is in words, after its number on its row."""
        symbol = self.count_text("remembered_position", {}, REMEMBERED, self.embedded, label="symbol")
        words = caption(f"of the error at τ gets back to symbol {symbol}: {in_words(pulse.shares[REMEMBERED])}", theme.LABEL_SIZE, self.palette.error)
        value = pulse.running[REMEMBERED].value
        return words.next_to(value, RIGHT, buff=0.14 + (0.1 if "×" in pulse.running[REMEMBERED].value_text else 0)).align_to(value, DOWN)

    @staticmethod
    def meaning(pulse, words: VGroup) -> tuple:
        """The share's name beside its number gives way to what the number means (one row, not two)."""
        return FadeOut(pulse.running[REMEMBERED][0]), FadeIn(words, shift=0.2 * RIGHT)
