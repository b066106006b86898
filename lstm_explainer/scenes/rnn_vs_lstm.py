"""Scene 8: one embedded Reber string through the trained RNN and LSTM, the error reaching back, the training curves, the takeaway."""

from __future__ import annotations

import math as pymath

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import lstm_values, theme
from lstm_explainer.scenes.components.logplot import LogPlot
from lstm_explainer.scenes.components.text import caption, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.opening import POST_TITLE
from lstm_explainer.scenes.story import beat


class RNNvsLSTM(LSTMChapterScene):
    scene_id = "rnn-vs-lstm"
    title = "RNN against LSTM"
    section = "beyond the post: RNN and LSTM on embedded Reber strings"
    approx_seconds = 68
    max_string_length = 24  # the string's symbols label the plot's steps across the frame

    plot_width = 6.6
    plot_height = 3.9
    curve_width = 9.0
    curve_height = 3.8

    def construct(self):
        self.values = lstm_values.comparison(self.lstm, self.embedded_rnn, self.embedded)
        self.show_string()
        self.show_predictions()
        self.show_gradients()
        self.show_training()
        self.show_takeaway()

    # ------------------------------------------------------------ beats

    @beat("One embedded Reber string goes through both trained networks. Symbol 2 must be remembered: the second-to-last symbol repeats it.")
    def show_string(self):
        p = self.palette
        self.heading = title(p, "RNN against LSTM").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        tokens = VGroup(*(Text(s, font=theme.MONO_FONT, font_size=theme.BODY_SIZE, color=p.input) for s in self.embedded))
        tokens.arrange(RIGHT, buff=0.2).next_to(self.heading, DOWN, buff=0.6).set_x(0)
        self.marks = self.get_marks(tokens)
        self.tokens = tokens
        self.play(FadeIn(self.heading), LaggedStart(*(FadeIn(t) for t in tokens), lag_ratio=0.05))
        self.play(Create(self.marks))

    @beat("Where the inner string ends, both must guess the repeat. The RNN splits its bet between T and P; the LSTM picks the one it was shown.")
    def show_predictions(self):
        p = self.palette
        v, tau = self.values, self.values.tau
        rows = VGroup()
        for model, name, y, color, d in (
            ("rnn", "RNN", v.y_rnn, p.hidden, self.embedded_rnn.d),
            ("lstm", "LSTM", v.y_lstm, p.cell, self.lstm.d),
        ):
            units = self.count_text("hidden_size", {"model": model}, d, self.embedded)
            head = caption(f"{name}, {units} units", theme.LABEL_SIZE, color)
            parts = [head]
            for symbol in "TP":
                k = reber.INDEX[symbol]
                value = self.number("y", {"model": model, "t": tau, "symbol": symbol}, y[tau - 1, k], p.text, theme.LABEL_SIZE, self.embedded)
                parts.append(VGroup(caption(f"output {symbol}:", theme.LABEL_SIZE, p.muted), value).arrange(RIGHT, buff=0.15))
            rows.add(VGroup(*parts).arrange(RIGHT, buff=0.5))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.4).next_to(self.tokens, DOWN, buff=1.5)
        where = caption(f"after reading symbol {self.tau_text()} (the inner E)", theme.SMALL_SIZE, p.muted).next_to(rows, UP, buff=0.25)
        self.play(FadeIn(where), LaggedStart(*(FadeIn(r, shift=0.2 * UP) for r in rows), lag_ratio=0.4))
        self.predictions = VGroup(where, rows)

    @beat(
        "How much of the error at that guess reaches each earlier step? On a log scale, "
        "the RNN's fades by orders of magnitude; the LSTM's holds."
    )
    def show_gradients(self):
        p = self.palette
        v = self.values
        rnn, lstm = v.relative("rnn"), v.relative("lstm")
        floor, ceiling, y_step = self.decades(np.concatenate([rnn, lstm]))
        plot = LogPlot(p,
            x_max=v.tau,
            floor=floor,
            ceiling=ceiling,
            x_label=r"\text{step } t",
            y_label=r"\|\partial L_\tau / \partial\, \mathrm{state}_t\| \,/\, \|\partial L_\tau / \partial\, \mathrm{state}_\tau\|",
            x_step=self.x_step(v.tau),
            y_step=y_step,
            width=self.plot_width,
            height=self.plot_height,
        )
        plot.to_corner(DL, buff=theme.FRAME_MARGIN)
        steps = np.arange(v.tau + 1)
        curves = VGroup()
        for values, color in ((rnn, p.hidden), (lstm, p.cell)):
            logs = np.clip(np.log10(np.maximum(values, 1e-300)), floor, ceiling)
            curves.add(VGroup(plot.get_curve(steps, logs, color), plot.get_dots(steps, logs, color)))
        # the string's symbols above the steps that read them
        targets = VGroup(*(t.copy() for t in self.tokens[: v.tau]))
        for s, token in enumerate(targets, start=1):
            token.scale(theme.LABEL_SIZE / theme.BODY_SIZE).move_to([plot.point(s, ceiling)[0], plot.get_top()[1] + 0.35, 0])
        marker = DashedLine(plot.point(lstm_values.REMEMBERED, floor), plot.point(lstm_values.REMEMBERED, ceiling), color=p.cell)
        legend = self.get_legend(plot)
        self.play(FadeOut(self.predictions, self.marks), FadeIn(plot), Transform(self.tokens[: v.tau], targets), FadeOut(self.tokens[v.tau :]))
        self.play(Create(curves[0]), Create(curves[1]), FadeIn(legend), Create(marker), run_time=theme.SLOW)
        self.plot_parts = VGroup(plot, curves, marker, legend, self.tokens[: v.tau])

    @beat("Trained on the same strings, the RNN's guess of the repeated symbol stays at chance, one half; the LSTM's reaches all of them.")
    def show_training(self):
        p = self.palette
        curves = {
            "rnn": lstm_values.branch_curve(lstm_values.RNN_EMBEDDED_WEIGHTS),
            "lstm": lstm_values.branch_curve(lstm_values.LSTM_WEIGHTS),
        }
        longest = max(c.sequences[-1] for c in curves.values())
        axes = Axes(
            x_range=[0, longest, longest],
            y_range=[0, 1, 0.5],
            x_length=self.curve_width,
            y_length=self.curve_height,
            tips=False,
            axis_config={"color": p.muted, "stroke_width": 2},
        )
        axes.to_corner(DL, buff=theme.FRAME_MARGIN).shift(1.0 * RIGHT + 0.5 * UP)
        chance = DashedLine(axes.c2p(0, 0.5), axes.c2p(longest, 0.5), color=p.muted, dash_length=0.1)
        chance_label = caption(f"chance {self.numeral('chance', {}, 0.5).text}", theme.SMALL_SIZE, p.muted)
        chance_label.next_to(axes.c2p(0.75 * longest, 0.5), DOWN, buff=0.3)  # clear of the RNN trace around it
        one = caption(self.numeral("accuracy_axis", {}, 1.0).text, theme.SMALL_SIZE, p.muted)
        one.next_to(axes.c2p(0, 1), LEFT, buff=0.15)
        zero = caption("0", theme.SMALL_SIZE, p.muted).next_to(axes.c2p(0, 0), LEFT, buff=0.15)
        end = caption(self.count_text("sequences_axis", {}, int(longest)), theme.SMALL_SIZE, p.muted)
        end.next_to(axes.c2p(longest, 0), DOWN, buff=0.15)
        x_label = caption("training strings seen", theme.SMALL_SIZE, p.muted).next_to(axes, DOWN, buff=0.2)
        y_label = caption("accuracy on the repeated symbol", theme.SMALL_SIZE, p.muted).next_to(axes, UP, buff=0.25).align_to(axes, LEFT)
        lines, ends = VGroup(), VGroup()
        for model, name, color in (("rnn", "RNN", p.hidden), ("lstm", "LSTM", p.cell)):
            c = curves[model]
            line = VMobject(color=color, stroke_width=theme.CURVE_WIDTH)
            line.set_points_as_corners([axes.c2p(x, y) for x, y in zip(c.sequences, c.accuracy)])
            lines.add(line)
            value = self.numeral("branch_accuracy", {"model": model, "sequences": int(c.sequences[-1])}, c.accuracy[-1]).text
            # a run stops once every validation string is right: its curve ends there
            stopped = "\nsolved: training stops" if c.sequences[-1] < longest else ""
            label = caption(f"{name}: {value}{stopped}", theme.SMALL_SIZE, color)
            ends.add(label.next_to(line.get_end(), RIGHT, buff=0.15))
        if ends[0].get_y() - ends[1].get_y() < 0.35 and abs(ends[0].get_x() - ends[1].get_x()) < 1:
            ends[0].shift(0.3 * DOWN)  # both end near the same place: keep the labels apart
        self.play(FadeOut(self.plot_parts), FadeIn(axes, chance, chance_label, one, zero, end, x_label, y_label))
        self.play(Create(lines), run_time=theme.SLOW)
        self.play(FadeIn(ends))
        self.training = VGroup(axes, chance, chance_label, one, zero, end, x_label, y_label, lines, ends)

    @beat(
        "The whole story in one sentence: an RNN multiplies its error by a Jacobian at every step back and it fades away; "
        "the LSTM's cell state is a sum, so its error is multiplied only by forget gates, and it survives."
    )
    def show_takeaway(self):
        p = self.palette
        v = self.values
        index = {"k": v.lag}
        rnn = self.numeral("error_survival", {"model": "rnn", **index}, v.survival("rnn"), string=self.embedded).text
        lstm = self.numeral("error_survival", {"model": "lstm", **index}, v.survival("lstm"), string=self.embedded).text
        lag = self.count_text("lag", index, v.lag, self.embedded)
        lines = VGroup(
            caption("An RNN multiplies its error at every step and loses it;", theme.BODY_SIZE, p.text),
            caption("the LSTM's cell adds, and the error gets through.", theme.BODY_SIZE, p.text),
            caption(f"On this string, across {lag} steps, the share of the error that survives:", theme.LABEL_SIZE, p.muted),
            caption(f"RNN  {rnn}", theme.HEADING_SIZE, p.hidden),
            caption(f"LSTM  {lstm}", theme.HEADING_SIZE, p.cell),
        ).arrange(DOWN, buff=0.3)
        lines[3:].arrange(RIGHT, buff=1.2).next_to(lines[2], DOWN, buff=0.4)
        lines.move_to(0.3 * DOWN)
        further = caption(f"Read more: {POST_TITLE} (the post this film follows);\n"
                          "Hochreiter & Schmidhuber, Long Short-Term Memory, Neural Computation 9(8), 1997.",
                          theme.SMALL_SIZE, p.muted).to_edge(DOWN, buff=2 * theme.FRAME_MARGIN)
        self.play(FadeOut(self.training, self.heading))
        self.play(FadeIn(lines[:2], shift=0.2 * UP))
        self.play(FadeIn(lines[2:], shift=0.2 * UP))
        self.play(FadeIn(further))

    # ------------------------------------------------------------ pieces

    def get_marks(self, tokens: VGroup) -> VGroup:
        p = self.palette
        first = tokens[lstm_values.REMEMBERED - 1]
        second = tokens[lstm_values.dependent_position(self.embedded) - 1]
        boxes = VGroup(*(SurroundingRectangle(t, color=p.cell, buff=0.08) for t in (first, second)))
        link = CurvedArrow(boxes[0].get_top(), boxes[1].get_top(), angle=-np.pi / 6, color=p.cell, tip_length=0.16)
        labels = VGroup(
            caption("remember", theme.SMALL_SIZE, p.cell).next_to(boxes[0], DOWN, buff=0.12),
            caption("repeat", theme.SMALL_SIZE, p.cell).next_to(boxes[1], DOWN, buff=0.12),
        )
        return VGroup(boxes, link, labels)

    def get_legend(self, plot: LogPlot) -> VGroup:
        p = self.palette
        v = self.values
        rows = []
        for model, name, color in (("rnn", "RNN, state h_t", p.hidden), ("lstm", "LSTM, state (h_t, c_t)", p.cell)):
            value = self.number("error_survival", {"model": model, "k": v.lag}, v.survival(model), color, theme.LABEL_SIZE, self.embedded)
            swatch = Line(ORIGIN, 0.5 * RIGHT, color=color, stroke_width=theme.CURVE_WIDTH)
            rows.append(VGroup(swatch, caption(name, theme.SMALL_SIZE, p.text)).arrange(RIGHT, buff=0.15))
            rows.append(VGroup(caption(f"at t = {lstm_values.REMEMBERED}:", theme.SMALL_SIZE, p.muted), value).arrange(RIGHT, buff=0.15))
        legend = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        note = caption(f"loss at step τ = {self.tau_text()}\n(the guess of the repeat)", theme.SMALL_SIZE, p.muted)
        legend = VGroup(legend, note).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        return legend.next_to(plot, RIGHT, buff=0.4).align_to(plot.axes, UP)

    @staticmethod
    def decades(values: np.ndarray) -> tuple[int, int, int]:
        """Floor, ceiling and tick step (in decades) of a log window holding `values`, at most 7 ticks."""
        positive = values[values > 0]
        low = pymath.floor(np.log10(positive.min())) if positive.size else -1
        ceiling = max(1, pymath.ceil(np.log10(values.max())))
        span = max(ceiling - min(low, -1), 1)
        step = max(1, pymath.ceil(span / 6))
        return ceiling - step * pymath.ceil(span / step), ceiling, step

    @staticmethod
    def x_step(tau: int) -> int:
        return 1 if tau <= 12 else 2 if tau <= 24 else 5
