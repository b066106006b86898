"""Scene 10: one embedded Reber string through the trained RNN and LSTM, their training curves, and the hook replayed with the takeaway."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import flow, reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.pulse import SHARE_NAME, ending_picture, travel_steps
from lstm_explainer.scenes.components.text import caption, line, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.opening import POST_TITLE
from lstm_explainer.scenes.story import beat


class RNNvsLSTM(LSTMChapterScene):
    scene_id = "rnn-vs-lstm"
    title = "RNN against LSTM"
    section = "beyond the post: RNN and LSTM on embedded Reber strings"
    approx_seconds = 49.3
    max_string_length = 14  # the ending's chain shows every step of the embedded string

    curve_width = 9.0
    curve_height = 4.6

    def construct(self):
        self.values = flow.outputs(self.lstm, self.embedded_rnn, self.embedded)
        self.curves = {
            "rnn": flow.branch_curve(flow.RNN_EMBEDDED_WEIGHTS),
            "lstm": flow.branch_curve(flow.LSTM_WEIGHTS),
        }
        self.show_predictions()
        self.show_training()
        self.show_takeaway(unit=self.unit_text(flow.error_flow(self.lstm, self.embedded_rnn, self.embedded).remembering_unit,
                                               label="unit"))
        self.show_reading()

    # ------------------------------------------------------------ beats

    @beat(
        "A bigger RNN of the kind we took apart, against an LSTM of about its size. At τ the RNN splits between T "
        "and P; the LSTM picks T."
    )
    def show_predictions(self):
        p = self.palette
        v, tau = self.values, self.values.tau
        self.heading = title(p, "RNN against LSTM").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        tokens = VGroup(*(Text(s, font=theme.MONO_FONT, font_size=theme.HEADING_SIZE, color=p.input) for s in self.embedded))
        tokens.arrange(RIGHT, buff=0.28).next_to(self.heading, DOWN, buff=0.6).set_x(0)
        self.symbol_boxes = self.get_marks(tokens)
        self.tokens = tokens
        rows, heads, scores, sizes, bars = VGroup(), VGroup(), {}, {}, VGroup()
        for model, name, y, color, d in (
            ("rnn", "RNN", v.y_rnn, p.hidden, self.embedded_rnn.d),
            ("lstm", "LSTM", v.y_lstm, p.cell, self.lstm.d),
        ):
            units = sizes[model] = self.count_text("hidden_size", {"model": model}, d, self.embedded, label=f"{name}, units")
            size = self.count_text("parameters", {"model": model}, self.curves[model].parameters, self.embedded, label=f"{name}, parameters")
            head = caption(f"{name}, {units} units, {size} parameters", theme.BODY_SIZE, color)
            parts = [head]
            for symbol in "TP":
                k = reber.INDEX[symbol]
                score = f"score {symbol}"
                value = self.number(
                    "y", {"model": model, "t": tau, "symbol": symbol}, y[tau - 1, k], p.text, theme.BODY_SIZE, self.embedded,
                    label=f"{name}, {score}, τ = {tau}",
                )
                parts.append(VGroup(caption(f"{score}:", theme.BODY_SIZE, p.text), value).arrange(RIGHT, buff=0.15))
            rows.add(VGroup(*parts).arrange(RIGHT, buff=0.5))
            heads.add(head)
            bars.add(self.score_bars(model, name, y[tau - 1], tau, color))
            scores[model] = VGroup(*parts[1:])
        # which RNN, said once and plainly: a new net, not the small one the middle scenes took apart
        small = self.count_text("d", {}, self.rnn.d, label="d, the RNN taken apart")
        grown = caption(f"a new RNN: the kind we took apart, grown from {small} units to {sizes['rnn']}", theme.LABEL_SIZE, p.hidden)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        rows[1].shift(0.35 * DOWN)  # room for the RNN's note under its row
        grown.next_to(rows[0], DOWN, buff=0.15).align_to(rows, LEFT)
        rows.add(grown)
        rows.next_to(self.tokens, DOWN, buff=1.5)
        where = caption(f"at τ = {self.tau_text(label='τ')}, the step that predicts the repeat", theme.LABEL_SIZE, p.text).next_to(rows, UP, buff=0.25)
        # only what the caption says: the two nets and their scores at tau (how both were trained, the next beat); under
        # them the same scores as bars, each net's pair side by side: the RNN's two halves, the LSTM's one full bar
        bars.arrange(RIGHT, buff=theme.SCORE_BAR_GROUP_GAP, aligned_edge=DOWN)
        below = self.symbol_boxes.get_bottom()[1]  # the lines and bars centred in the room under the string
        block = VGroup(VGroup(where, rows), bars).arrange(DOWN, buff=0.5)
        block.set_x(0).set_y((below - config.frame_height / 2) / 2)
        bars.set_x(rows.get_x())
        # in the caption's order: the two nets; the string and its two marked symbols; tau; the RNN's scores, the LSTM's
        self.paced(
            (FadeIn(self.heading), LaggedStart(*(FadeIn(h, shift=0.2 * RIGHT) for h in heads), lag_ratio=0.5), FadeIn(grown, shift=0.1 * UP)),
            LaggedStart(*(FadeIn(t) for t in tokens), lag_ratio=0.15),
            Create(self.symbol_boxes[:2]),
            (FadeIn(self.symbol_boxes[2]), FadeIn(where)),
            (FadeIn(scores["rnn"], shift=0.2 * UP), FadeIn(bars[0][1:]), *(GrowFromEdge(bar, DOWN) for bar in bars[0][0])),
            (FadeIn(scores["lstm"], shift=0.2 * UP), FadeIn(bars[1][1:]), *(GrowFromEdge(bar, DOWN) for bar in bars[1][0])),
            share=1.0,
        )
        self.predictions = VGroup(where, rows, bars)

    def score_bars(self, model: str, name: str, scores, tau: int, color) -> VGroup:
        """One net's scores for T and P at tau as two upright bars on one baseline, as tall as the score (1: the
        tallest), each letter under its bar, the net's name under both: parts [bars, letters and baseline, name]."""
        p = self.palette
        columns, letters = VGroup(), VGroup()
        for symbol in "TP":
            value = scores[reber.INDEX[symbol]]
            self.record("y", {"model": model, "t": tau, "symbol": symbol}, value, "", self.embedded,
                        label=f"{name}, score {symbol}, τ = {tau}")
            height = max(float(value), 1e-3) * theme.SCORE_BAR_HEIGHT
            columns.add(Rectangle(width=theme.SCORE_BAR_WIDTH, height=height, stroke_width=0).set_fill(color, opacity=0.85))
        columns.arrange(RIGHT, buff=theme.SCORE_BAR_GAP, aligned_edge=DOWN)
        base = Line(columns.get_corner(DL) + 0.2 * LEFT, columns.get_corner(DR) + 0.2 * RIGHT, color=p.muted, stroke_width=2)
        for symbol, column in zip("TP", columns):
            letters.add(line(symbol, theme.LABEL_SIZE, p.input).next_to(base, DOWN, buff=0.1).set_x(column.get_x()))
        # the full height drawn faintly behind each bar: a score of 1
        frame = VGroup(*(Rectangle(width=theme.SCORE_BAR_WIDTH, height=theme.SCORE_BAR_HEIGHT, color=p.muted, stroke_width=1)
                         .align_to(column, DOWN).set_x(column.get_x()) for column in columns))
        named = caption(f"{name}: score at τ", theme.LABEL_SIZE, color).next_to(letters, DOWN, buff=0.12)
        return VGroup(columns, VGroup(frame, base, letters), named)

    @beat(
        "On the same strings, the RNN's guess of the repeat stays at chance; the LSTM soon gets every held-out "
        "string right."
    )
    def show_training(self):
        p = self.palette
        curves = self.curves
        longest = max(c.sequences[-1] for c in curves.values())
        axes = Axes(
            x_range=[0, longest, self.tick_step(longest)],
            y_range=[0, 1, 0.5],
            x_length=self.curve_width,
            y_length=self.curve_height,
            tips=False,
            axis_config={"color": p.muted, "stroke_width": 2},
        )
        axes.to_corner(DL, buff=theme.FRAME_MARGIN).shift(2.1 * RIGHT + 0.5 * UP)  # room at its left for "chance 0.500"
        chance = DashedLine(axes.c2p(0, 0.5), axes.c2p(longest, 0.5), color=p.text, dash_length=0.1, stroke_width=1.5)
        chance.set_z_index(1)  # over the traces: the RNN's runs along it
        chance_label = caption(f"chance {self.numeral('chance', {}, 0.5, label='chance').text}", theme.SMALL_SIZE, p.text)
        chance_label.next_to(axes.c2p(0, 0.5), LEFT, buff=0.15)  # the axis' middle tick
        x_name, y_name = "training strings seen", "accuracy on the repeated symbol"
        one = caption(self.numeral("accuracy_axis", {}, 1.0, label=y_name).text, theme.SMALL_SIZE, p.text)
        one.next_to(axes.c2p(0, 1), LEFT, buff=0.15)
        zero = caption("0", theme.SMALL_SIZE, p.text).next_to(axes.c2p(0, 0), LEFT, buff=0.15)
        x_zero = caption("0", theme.SMALL_SIZE, p.text).next_to(axes.c2p(0, 0), DOWN, buff=0.15)
        end = caption(self.count_text("sequences_axis", {}, int(longest), label=x_name), theme.SMALL_SIZE, p.text)
        end.next_to(axes.c2p(longest, 0), DOWN, buff=0.15)
        # the ticks between 0 and the end numbered too: where each curve stops can be read off the axis
        step = self.tick_step(longest)
        ticks = VGroup(*(
            caption(self.count_text("sequences_tick", {"tick": k, "of": longest / step}, int(k * step), label=f"{x_name}, axis tick"),
                    theme.SMALL_SIZE, p.text).next_to(axes.c2p(k * step, 0), DOWN, buff=0.15)
            for k in range(1, int(np.ceil(longest / step))) if longest - k * step > step / 2
        ))
        x_label = caption(x_name, theme.LABEL_SIZE, p.text).next_to(end, DOWN, buff=0.1).set_x(axes.get_x())
        y_label = caption(y_name, theme.LABEL_SIZE, p.text).next_to(axes, UP, buff=0.25).align_to(axes, LEFT)
        lines, ends, solved = {}, {}, {}
        for model, name, color in (("rnn", "RNN", p.hidden), ("lstm", "LSTM", p.cell)):
            c = curves[model]
            trace = VMobject(color=color, stroke_width=theme.CURVE_WIDTH)
            trace.set_points_as_corners([axes.c2p(x, y) for x, y in zip(c.sequences, c.accuracy)])
            lines[model] = trace
            value = self.numeral(
                "branch_accuracy", {"model": model, "sequences": int(c.sequences[-1])}, c.accuracy[-1], label=f"{name}: {y_name}"
            ).text
            # a curve that ends before the axis does ends on a dot that says why: the recipe trains on for a while past
            # the first all-right evaluation (to firm up the answers), then stops
            stopped = c.sequences[-1] < longest
            why = ",\ntraining stopped soon after solving" if stopped and c.solved_at is not None else ""
            label = caption(f"{name}: {value}" + why, theme.LABEL_SIZE, color)
            ends[model] = VGroup(label.next_to(trace.get_end(), RIGHT, buff=0.15).align_to(trace.get_end() + 0.12 * UP, UP))
            if stopped:
                ends[model].add(Dot(trace.get_end(), radius=0.06, color=color))
            if c.solved_at is not None:  # every validation string right: marked where it happened
                # where on the axis: its count under the axis at the dashed line's foot, among the axis' ticks
                at = self.count_text("solved_at", {"model": model}, c.solved_at, label=f"{name} solved after, strings")
                x = axes.c2p(c.solved_at, 0)[0]
                mark = DashedLine([x, axes.c2p(0, 0)[1], 0], [x, axes.c2p(0, 1)[1], 0], color=color, dash_length=0.08)
                foot = caption(at, theme.SMALL_SIZE, color).next_to(axes.c2p(c.solved_at, 0), DOWN, buff=0.15)
                note = caption(f"solved after {at} strings:\nevery held-out string right", theme.LABEL_SIZE, color)
                # under the curve's end label, clear of chance's line
                solved[model] = VGroup(mark, VGroup(note.next_to(axes.c2p(c.solved_at, 0.7), RIGHT, buff=0.15), foot))
        if ends["rnn"].get_y() - ends["lstm"].get_y() < 0.35 and abs(ends["rnn"].get_x() - ends["lstm"].get_x()) < 1:
            ends["rnn"].shift(0.3 * DOWN)  # both end near the same place: keep the labels apart
        # a curve that runs the axis' whole length unsolved says so under its end: why the axis goes on past the LSTM
        unsolved = VGroup(*(
            caption(f"never solved: trained on all {self.count_text('sequences_axis', {}, int(longest), label=x_name)} strings",
                    theme.LABEL_SIZE, color).next_to(axes.c2p(longest, 0.5), DOWN, buff=0.35).align_to(axes, RIGHT)
            for model, color in (("rnn", p.hidden), ("lstm", p.cell))
            if curves[model].solved_at is None and curves[model].sequences[-1] == longest
        ))
        frame = VGroup(axes, one, zero, x_zero, ticks, end, x_label, y_label)
        # in the caption's order: the RNN's curve drawn along chance; the LSTM's, up to every string right at the mark
        self.paced(
            (FadeOut(self.predictions, self.symbol_boxes, self.tokens), FadeIn(frame)),
            Create(lines["rnn"], rate_func=linear, run_time=theme.SLOW),
            (Create(chance), FadeIn(chance_label), FadeIn(ends["rnn"]), FadeIn(unsolved)),
            Create(lines["lstm"], rate_func=linear, run_time=theme.SLOW),
            (*(Create(part[0]) for part in solved.values()), *(FadeIn(part[1]) for part in solved.values()), FadeIn(ends["lstm"])),
            share=1.0,  # the curves drawn over the whole reading: the finished plot stands under 3 s
        )
        self.training = VGroup(frame, chance, chance_label, unsolved, *lines.values(), *ends.values(), *solved.values())

    @beat(
        "Back to the start, each box: what a step back keeps of the error's size. The RNN's shrink it away; unit "
        "{unit}'s forget gates stay mostly near 1."
    )
    def show_takeaway(self, unit: str):
        p = self.palette
        # the LSTM's lanes wider apart than the Opening's, without its forget-gate squares (too small to read here:
        # LSTMCell showed them); the lanes' red is named beside the LSTM's name instead
        # the loss's box named as in the Opening: the error at tau
        # one tag for the error at tau, the RNN's: the LSTM's error starts at the same step, its dots there
        rnn, lstm = ending_picture(self, lstm_note="red: the error each cell holds", loss_name=f"error at τ = {self.tau_text(label='τ')}")
        lstm.remove(lstm.loss)
        # the RNN's loss up on the title's row, at the right: its last boxes get the room under it
        rnn.loss.to_edge(RIGHT, buff=theme.FRAME_MARGIN).set_y(self.heading.get_y())
        rnn.lift_upper_tiles()
        rnn.header.shift(theme.PULSE_END_HEADER_DROP * DOWN)
        bare = [VGroup(*(m for m in pulse.submobjects if m is not pulse.tile_group)) for pulse in (rnn, lstm)]
        # what the LSTM's one number measures, in place of its name: the error's size in its whole memory, not one
        # lane's, as LSTMCell ends on it and the Opening showed it
        cells = self.count_text("hidden_size", {"model": "lstm"}, self.lstm.d, self.embedded, label="LSTM, cell units")
        arrived = lstm.running[flow.REMEMBERED]
        whole = caption(f": all {cells} cells and h together, as in the Opening", theme.LABEL_SIZE, p.error)
        whole.next_to(arrived.value, RIGHT, buff=0.04).align_to(arrived.value, DOWN)
        # the RNN's error goes back first, meeting its Jacobians' factors one step at a time, slowly enough to read each
        # factor and share; then the LSTM's, from its lanes at tau (no box of its own), its share written where it arrives
        lstm_travel = travel_steps(lstm, seconds_per_step=theme.PULSE_STEP, reveal=True)
        lstm_travel[0] = (FadeIn(lstm.pulse, run_time=theme.FAST),)
        gates, gates_key = self.gate_boxes(lstm, unit)
        marks = lstm.step_marks()
        self.paced(
            (FadeOut(self.training), *(FadeIn(b) for b in bare), FadeIn(marks)),
            *travel_steps(rnn, seconds_per_step=theme.PULSE_END_RNN_STEP, reveal=True, flash=False),
            *lstm_travel,
            (FadeOut(arrived[0]), FadeIn(whole, shift=0.1 * RIGHT), FadeOut(lstm.pulse)),  # the lanes' dots give way to the number
            # the LSTM's own boxes for its followed unit, its forget gates, against the RNN's: near 1 where the RNN's are small
            (LaggedStart(*(FadeIn(box, scale=theme.PULSE_TILE_FLASH) for box in reversed(gates)), lag_ratio=0.3),
             FadeOut(lstm.header[1]), FadeIn(gates_key, shift=0.1 * RIGHT)),
            share=theme.PULSE_HOOK_MOTION_SHARE,
        )
        arrived.remove(arrived[0])  # its name gone for good: the fade at the next beat must not bring it back
        self.hook = VGroup(rnn.drawn(), lstm, *lstm.trails.values(), lstm.label, whole, marks, gates, gates_key)  # the lanes' dots are gone

    def gate_boxes(self, lstm, unit: str) -> tuple[VGroup, VGroup]:
        """The followed unit's forget gates, each in a box like the RNN's, on its lane between the two steps it joins
        (a step back along the cell path multiplies that cell's error by f), and their key for the LSTM's name row."""
        p, u = self.palette, int(unit)
        y = lstm.lanes[u - 1].get_y()
        boxes = VGroup()
        for t in range(flow.REMEMBERED + 1, lstm.tau + 1):
            text = self.numeral("f", {"t": t, "unit": u}, lstm.flow.f[t, u - 1], string=self.embedded, label=f"f_{t}, unit {u}").text
            label = line(text, theme.PULSE_GATE_SIZE, p.text)
            box = RoundedRectangle(corner_radius=0.06, width=label.width + theme.PULSE_GATE_PAD, height=label.height + theme.PULSE_TILE_PAD_Y,
                                   color=p.cell, stroke_width=1.5).set_fill(p.background, opacity=1)
            boxes.add(VGroup(box, label.move_to(box)).move_to([(lstm.x[t - 1] + lstm.x[t]) / 2, y, 0]))
        # a long string's steps lie closer: where two boxes side by side would touch, every other one a row lower
        if max(box.width for box in boxes) + theme.PULSE_TILE_GAP > lstm.dx:
            for n, box in enumerate(reversed(boxes)):
                box.shift((n % 2) * (box.height + theme.PULSE_TILE_GAP) * DOWN)
        self.mark("box", "unit", {"unit": u}, self.embedded)
        key = caption(f"boxes on unit {unit}'s lane: its forget gate f", theme.LABEL_SIZE, p.cell)
        key.next_to(lstm.header[0], RIGHT, buff=0.5).align_to(lstm.header[0], DOWN)
        return boxes, key

    @beat("An error that never gets back cannot teach the net to remember symbol 2; forget gates held near 1 let "
          "the LSTM's get back.")
    def show_reading(self):
        p = self.palette
        t = flow.REMEMBERED
        flows = flow.error_flow(self.lstm, self.embedded_rnn, self.embedded)
        symbol = self.count_text("remembered_position", {}, t, self.embedded, label="symbol")
        # one column per net, side by side, filling the frame: its name and size; what of the error got back, its number
        # as large as the Opening's; what that meant for learning, the accuracy its curve ended on (the why is the caption's)
        blocks = VGroup()
        for model, name, share, color, learnt, net in (
            ("rnn", "RNN", flows.rnn_share[t], p.hidden, "stays at chance", self.embedded_rnn),
            ("lstm", "LSTM", flows.state_share[t], p.cell, "learns the repeat", self.lstm),
        ):
            quantity = "rnn_error_share" if model == "rnn" else "lstm_state_share"
            reached = self.numeral(quantity, {"t": t}, share, string=self.embedded, label=f"{name}, {SHARE_NAME}, t = {t}").text
            units = self.count_text("hidden_size", {"model": model}, net.d, self.embedded, label=f"{name}, units")
            c = self.curves[model]
            accuracy = self.numeral("branch_accuracy", {"model": model, "sequences": int(c.sequences[-1])}, c.accuracy[-1],
                                    label=f"{name}: accuracy on the repeated symbol").text
            blocks.add(VGroup(
                caption(f"{name}, {units} units", theme.HEADING_SIZE, color),
                line(reached, theme.PULSE_END_SHARE_SIZE, p.error),
                caption(f"of the error at τ\ngets back to symbol {symbol}", theme.BODY_SIZE, p.error),
                caption(f"so it {learnt}:\naccuracy {accuracy}", theme.BODY_SIZE, color),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.3))
        blocks.arrange(RIGHT, aligned_edge=UP, buff=1.6)
        # where to read on: the post; the two papers on one quieter line under it
        reading = VGroup(
            caption(f"Read more: “{POST_TITLE}”", theme.LABEL_SIZE, p.text),
            caption("Hochreiter & Schmidhuber 1997; Gers, Schmidhuber & Cummins 2000", theme.LABEL_SIZE, p.muted),
        ).arrange(DOWN, buff=0.12)
        # spread over the frame under the title: the two nets side by side, then where to read on
        VGroup(blocks, reading).arrange(DOWN, buff=0.8)
        VGroup(blocks, reading).set_y((self.heading.get_bottom()[1] - config.frame_height / 2) / 2 + 0.2)
        self.paced(
            (FadeOut(self.hook, scale=0.9), FadeIn(blocks[0], shift=0.2 * UP)),
            FadeIn(blocks[1], shift=0.2 * UP),
            FadeIn(reading, shift=0.1 * UP),
            share=1.0,
        )

    # ------------------------------------------------------------ pieces

    @staticmethod
    def tick_step(longest: float) -> float:
        """The x-axis' tick spacing: a round 1, 2 or 5 times a power of ten giving four to ten ticks."""
        power = 10 ** np.floor(np.log10(longest))
        return next(m * power / 10 for m in (5, 10, 20, 50) if longest / (m * power / 10) <= 10)

    def get_marks(self, tokens: VGroup) -> VGroup:
        p = self.palette
        repeat = flow.dependent_position(self.embedded)
        first, second = tokens[flow.REMEMBERED - 1], tokens[repeat - 1]
        boxes = VGroup(*(SurroundingRectangle(t, color=p.cell, buff=0.08) for t in (first, second)))
        for t in (flow.REMEMBERED, repeat):
            self.mark("box", "symbol", {"t": t}, self.embedded)
        link = CurvedArrow(boxes[0].get_top(), boxes[1].get_top(), angle=-np.pi / 6, color=p.cell, tip_length=0.16)
        labels = VGroup(
            caption("remember", theme.LABEL_SIZE, p.cell).next_to(boxes[0], DOWN, buff=0.12),
            caption("repeat", theme.LABEL_SIZE, p.cell).next_to(boxes[1], DOWN, buff=0.12),
        )
        return VGroup(boxes, link, labels)
