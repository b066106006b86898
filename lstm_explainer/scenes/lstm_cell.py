"""Scene 9: the embedded grammar, the LSTM cell built gate by gate on one real step, and the error along its cell path."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import flow
from lstm_explainer.model.flow import REMEMBERED
from lstm_explainer.scenes import lstm_values, theme
from lstm_explainer.scenes.components.lstm_cell import BarVector, LSTMCellDiagram, gate_gauge
from lstm_explainer.scenes.components.pulse import ErrorPulse, travel_steps
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.numbers import subscript
from lstm_explainer.scenes.story import beat

GATE_EQUATIONS = {  # each as the terms its caption names in turn: written one after another
    "f": (r"f_t =", r"\sigma(W_f x_t + U_f h_{t-1} + b_f)"),
    "i": (r"i_t =", r"\sigma(W_i x_t + U_i h_{t-1} + b_i)"),
    "g": (r"g_t =", r"\tanh(W_g x_t + U_g h_{t-1} + b_g)"),
    "c": (r"c_t =", r"f_t \odot c_{t-1}", r"+\ i_t \odot g_t"),
    "o": (r"o_t =", r"\sigma(W_o x_t + U_o h_{t-1} + b_o)"),
    "h": (r"h_t =", r"o_t \odot \tanh(c_t)"),
}
def input_names(p) -> tuple:
    """What one step reads, each as written at the cell, in words, in its colour: in the first caption's order."""
    return ((r"x_t", "the symbol read now", p.input), (r"h_{t-1}", "the last output", p.hidden),
            (r"c_{t-1}", "the cell state: its memory", p.cell))


GATE_NAMES = "fio"  # the parts whose values lie between 0 and 1
FORGOTTEN = 0.01  # a unit whose cell path keeps less than this over the lag is said to forget


class LSTMCell(LSTMChapterScene):
    scene_id = "lstm-cell"
    title = "The LSTM cell"
    section = "beyond the post: the LSTM's additive cell path"
    approx_seconds = 90.0
    max_string_length = 14  # every step of the embedded string on one chain across the frame

    step = lstm_values.BUILT_STEP  # the step built gate by gate: the one that reads the symbol to remember

    def construct(self):
        self.values = flow.cell_step(self.lstm, self.embedded, self.step)
        self.flow = flow.error_flow(self.lstm, self.embedded_rnn, self.embedded)
        self.show_cell()
        self.show_forget_gate()
        self.show_input_and_candidate()
        u = self.flow.remembering_unit
        after = self.numeral("c", {"t": REMEMBERED, "unit": u}, self.flow.remembered_c[u - 1], string=self.embedded,
                             beat="show_update", label=f"c_{REMEMBERED}, unit {u}").text
        other = self.numeral("c_other_branch", {"t": REMEMBERED, "unit": u}, self.flow.other_c[u - 1], string=self.embedded,
                             beat="show_update", label=f"c_{REMEMBERED}, unit {u}, after the other branch symbol").text
        # the other branch at the same step: what unit u's input gate does after B P (the numbers the note writes)
        self.other = flow.cell_step(self.lstm, flow.other_branch(self.embedded), REMEMBERED)
        self.show_update(unit=u, after=after, other=("+" if self.flow.other_c[u - 1] > 0 else "") + other)
        self.show_output_gate()
        self.show_cell_path()
        unit = self.record("open_unit", {}, self.flow.remembering_unit, str(self.flow.remembering_unit), self.embedded, "show_each_unit",
                           label="the unit followed")  # said in the caption
        self.show_each_unit(unit=unit)
        self.show_error_entering()
        whole = self.numeral("lstm_state_share", {"t": REMEMBERED}, self.flow.state_share[REMEMBERED], string=self.embedded,
                             beat="show_one_length", label=f"LSTM, share of the error left, t = {REMEMBERED}").text
        self.show_one_length(whole=whole)

    # ------------------------------------------------------------ the task

    def get_marks(self, tokens: VGroup, size: int) -> VGroup:
        """Boxes round the symbol to remember and its repeat, an arc between them, and their names (at `size`; none if 0)."""
        p = self.palette
        repeat = flow.dependent_position(self.embedded)
        first, second = tokens[REMEMBERED - 1], tokens[repeat - 1]
        boxes = VGroup(*(SurroundingRectangle(t, color=p.cell, buff=0.05) for t in (first, second)))
        for t in (REMEMBERED, repeat):
            self.mark("box", "symbol", {"t": t}, self.embedded)
        link = CurvedArrow(boxes[0].get_top(), boxes[1].get_top(), angle=-np.pi / 8, color=p.cell, tip_length=0.12)
        names = VGroup()
        if size:
            names = VGroup(
                caption("remember", size, p.cell).next_to(boxes[0], DOWN, buff=0.12),
                caption("repeat", size, p.cell).next_to(boxes[1], DOWN, buff=0.12),
            )
        return VGroup(boxes, link, names)

    # ------------------------------------------------------------ one step, gate by gate

    @beat("One LSTM step at t = 2, where the symbol to remember comes in. It reads xₜ, the last output hₜ₋₁ and the "
          "memory cₜ₋₁.")
    def show_cell(self):
        p = self.palette
        self.heading = title(p, "The LSTM cell").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        tokens = VGroup(*(Text(s, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.input) for s in self.embedded))
        tokens.arrange(RIGHT, buff=0.14).next_to(self.heading, RIGHT, buff=0.6).align_to(self.heading, DOWN)
        marks = SurroundingRectangle(tokens[self.step - 1], color=p.cell, buff=0.05)  # this step's symbol alone
        self.mark("box", "symbol", {"t": self.step}, self.embedded)
        cell = LSTMCellDiagram(p, width=theme.CELL_BIG_WIDTH / theme.CELL_SCALE, height=theme.CELL_BIG_HEIGHT / theme.CELL_SCALE)
        cell.scale(theme.CELL_SCALE)
        # in the upper left, under the title (c_{t-1} over its wire clear of it): the right of the frame is the bars'
        cell.next_to(self.heading, DOWN, buff=theme.CELL_UNDER_TITLE).to_edge(LEFT, buff=theme.FRAME_MARGIN + theme.CELL_LEFT_INSET)
        labels = VGroup(
            math(p, r"c_{t-1}", color=p.cell).next_to(cell.highway_left(), UP, buff=0.1),
            math(p, r"c_t", color=p.cell).next_to(cell.highway_right(), UP, buff=0.1),
            math(p, r"h_{t-1}", color=p.hidden).next_to(cell.h_left(), DOWN, buff=0.1),
            math(p, r"h_t", color=p.hidden).next_to(cell.h_right(), UP, buff=0.1),
            math(p, r"x_t", color=p.input).next_to(cell.x_bottom(), RIGHT, buff=0.12),
        )
        self.cell, self.cell_labels = cell, labels
        # what each input is, in words, on the right as the caption names it (the first gate's equation replaces it)
        names = VGroup(*(VGroup(math(p, symbol, color=color).scale(theme.BODY_SIZE / theme.LABEL_SIZE), caption(words, theme.BODY_SIZE, color))
                         for symbol, words, color in input_names(p)))
        column = max(name[0].width for name in names) + 0.25  # the words in one column, clear of the widest symbol
        for name in names:
            name[1].next_to(name[0], RIGHT, buff=column - name[0].width)
        names.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        # beside the cell, under the h_t arrow leaving it (not at its tip, where the list would read as its output)
        names.next_to(cell, RIGHT, buff=0.5).align_to(cell.box, DOWN)
        names.set_x(max(names.get_x(), (cell.get_right()[0] + config.frame_width / 2 - theme.FRAME_MARGIN) / 2))  # mid-right
        self.tokens, self.symbol_boxes = tokens, marks
        self.vectors = VGroup()
        self.equation = names  # on screen until the first gate's equation takes its place
        self.lit_widths = {}  # the parts of the diagram lit now, with how they were drawn before
        self.mark("lit", "symbol", {"t": self.step}, self.embedded)
        inputs = (cell.x_in, cell.h_in, cell.feeds, cell.highway)
        cell.highway.set_z_index(-1)  # drawn last here, it stays under the operators on it
        body = VGroup(*(m for m in cell.submobjects if all(m is not i for i in inputs)))
        # in the caption's order: the string with this step's symbol boxed; the step, its insides;
        # then what it reads: x_t, h_{t-1}, and the cell state along the top (drawn first, its labels after it)
        self.paced(
            (FadeIn(self.heading), LaggedStart(*(FadeIn(t, shift=0.1 * DOWN) for t in tokens), lag_ratio=0.1), Create(cell.box),
             LaggedStart(*(FadeIn(part) for part in body if part is not cell.box), lag_ratio=0.1)),
            (Create(marks), Indicate(tokens[self.step - 1], color=p.cell)),
            (GrowArrow(cell.x_in), FadeIn(labels[4]), FadeIn(names[0], shift=0.1 * LEFT)),
            (Create(cell.h_in), Create(cell.feeds), FadeIn(labels[2]), FadeIn(names[1], shift=0.1 * LEFT)),
            (Create(cell.highway), FadeIn(names[2], shift=0.1 * LEFT)),
            (FadeIn(labels[0]), FadeIn(labels[1]), FadeIn(labels[3])),
        )
        self.remove(*cell.submobjects)  # built part by part: on screen from now on as the one diagram, in its own order
        self.add(cell)

    @beat("The forget gate fₜ (0 to 1) says how much old cell state each unit keeps. We follow the boxed unit.")
    def show_forget_gate(self):
        self.show_part("f")

    @beat("The input gate iₜ (0 to 1) says how much of the candidate gₜ (−1 to 1) to write into the cell.")
    def show_input_and_candidate(self):
        # i first and longer: the caption names the gate over its first half, the candidate after
        self.show_part("i", share=theme.MOTION_SHARE_OF_READING * 5 / 8)
        self.show_part("g", share=theme.MOTION_SHARE_OF_READING * 3 / 8, below=True)

    @beat("cₜ keeps fₜ of the old state and adds iₜ times gₜ. Unit {unit} holds {after} after T, {other} after P: it "
          "stores the symbol.")
    def show_update(self, **said):
        self.show_part("c", share=theme.MOTION_SHARE_OF_READING * 0.6)
        p, u = self.palette, self.flow.remembering_unit
        past = any(abs(v) > 1 for v in self.values.c)  # the pointed bars named on screen, when there are any
        pointed = VGroup(*([caption("pointed bar: past ±1, not squashed", theme.LABEL_SIZE, p.cell)] if past else []))
        pointed.next_to(self.equation, RIGHT, buff=0.6).align_to(self.equation, DOWN)
        step, symbol, other = self.step, self.embedded[self.step - 1], self.other.symbol
        before = self.numeral("c", {"t": step - 1, "unit": u}, self.values.c_prev[u - 1], string=self.embedded, beat="show_update",
                              label=f"c_{step - 1}, unit {u}").text
        before = f"({before})" if before.startswith("−") else before
        # unit u's update after each branch symbol, with the model's numbers: T keeps the old cell, P overwrites it
        now, last = subscript(step), subscript(step - 1)
        lines = [caption(f"unit {u}'s cell at t = {step}: c{now} = f{now} × c{last} + i{now} × g{now}", theme.LABEL_SIZE, p.cell)]
        lines += [caption(f"after B {b}: {self.branch_update(values, b, before)}, {verb}", theme.LABEL_SIZE, p.cell)
                  for values, b, verb in ((self.values, symbol, "it keeps"), (self.other, other, "it overwrites"))]
        note = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        note.next_to(self.equation, DOWN, buff=0.25).align_to(self.equation, LEFT)
        note.add(*pointed)
        self.paced(*(FadeIn(part, shift=0.1 * UP) for part in (*pointed, *lines)),
                   Indicate(self.vectors[-1].submobjects[-1], color=p.cell), share=theme.MOTION_SHARE_OF_READING * 0.4)
        self.equation = VGroup(self.equation, note)  # leaves with the equation

    def branch_update(self, values, branch: str, before: str) -> str:
        """Unit u's c = f × c_(t-1) + i × g at the built step after the branch symbol `branch`, as drawn."""
        u, step = self.flow.remembering_unit, self.step
        shown = {name: self.numeral(f"{name}_by_branch", {"t": step, "unit": u, "branch": branch}, getattr(values, name)[u - 1],
                                    string=self.embedded, beat="show_update",
                                    label=f"{name}_{step}, unit {u}, after branch symbol {branch}").text
                 for name in "fig"}
        after = self.numeral("c_by_branch", {"t": step, "unit": u, "branch": branch}, values.c[u - 1], string=self.embedded,
                             beat="show_update", label=f"c_{step}, unit {u}, after branch symbol {branch}").text
        return f"{shown['f']} × {before} + {shown['i']} × {shown['g']} = {'+' if values.c[u - 1] > 0 else ''}{after}"

    @beat("The output gate oₜ (0 to 1) picks what of tanh(cₜ) leaves as hₜ, read at the next step.")
    def show_output_gate(self):
        self.show_part("o", share=theme.MOTION_SHARE_OF_READING * 0.4)
        p, u = self.palette, self.flow.remembering_unit
        o = self.numeral("o", {"t": self.step, "unit": u}, self.values.o[u - 1], string=self.embedded, beat="show_output_gate",
                         label=f"o_{self.step}, unit {u}").text
        note = VGroup(caption(f"unit {u}: o = {o} ≈ 0:", theme.LABEL_SIZE, p.cell),  # two lines: clear of the bars' panel
                      caption("the memory stays hidden in c", theme.LABEL_SIZE, p.cell)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        note.next_to(self.equation, DOWN, buff=0.3).align_to(self.equation, LEFT)
        self.paced(FadeIn(note, shift=0.1 * UP), share=theme.MOTION_SHARE_OF_READING * 0.1)
        self.show_part("h", share=theme.MOTION_SHARE_OF_READING * 0.5)  # the note stays under h's equation, read on
        self.equation = VGroup(self.equation, note)  # and leaves with it

    def show_part(self, name: str, share: float = theme.MOTION_SHARE_OF_READING, below: bool = False) -> None:
        """Light the part up in the diagram and write its equation, term by term as the caption names them, then draw
        its real vector at this step as bars, unit by unit, with the scale of its row, and show where the part acts.
        `below`: the equation joins the one on screen, under it, instead of replacing it (i and g, read together)."""
        p = self.palette
        color = {"c": p.cell, "h": p.hidden}.get(name, p.text)
        values = getattr(self.values, name)
        for u, v in enumerate(values, start=1):  # the bars of the vector named name_t, unit u's under its number
            self.record(name, {"t": self.step, "unit": u}, v, "", self.embedded, label=f"{name}_{self.step}, unit {u}")
        first = not self.vectors
        # a gate's row spans 0 to 1 (half as tall), the candidate's, the cell's and the output's -1 to 1
        bars = BarVector(p, values, color, f"{name}_{{{self.step}}}", numbers=first, low=0.0 if name in GATE_NAMES else -1.0)
        if first:  # the panel on the right of the cell, its unit numbers just under the title's row
            bars.shift((theme.BARS_LEFT - bars.brackets.get_left()[0]) * RIGHT + (theme.BARS_TOP - bars.numbers.get_top()[1]) * UP)
            self.unit_word = caption("unit", theme.LABEL_SIZE, p.text).next_to(bars.numbers, LEFT, buff=0.15)
            # the step over the rows' names, so their subscripts read as time (f₂: f at t = 2), not as the unit
            when = self.count_text("remembered_position", {}, self.step, self.embedded, label="symbol to remember, position")
            self.unit_word.add(caption(f"t = {when}", theme.LABEL_SIZE, p.text).next_to(self.unit_word, UP, buff=0.12)
                               .align_to(self.unit_word, RIGHT))
        else:
            above = self.vectors[-1]
            bars.shift((above.brackets.get_left()[0] - bars.brackets.get_left()[0]) * RIGHT
                       + (above.bottom - theme.CELL_ROW_GAP - bars.top) * UP)
        scale = self.scale_of(bars, name)
        readout = self.readout(name, bars, scale, color)
        equation = math(p, *GATE_EQUATIONS[name], color=color)
        if below:
            equation.next_to(self.equation, DOWN, buff=theme.CELL_EQUATION_STACK).align_to(self.equation, LEFT)
        else:
            equation.next_to(VGroup(self.cell, self.cell_labels), DOWN, buff=theme.CELL_EQUATION_GAP).align_to(self.cell.box, LEFT)
        leave = [] if below else [FadeOut(self.equation)]
        self.mark("lit", "gate", {"gate": name, "t": self.step}, self.embedded)
        terms = [Write(part) for part in equation]
        frame = [FadeIn(bars.brackets), FadeIn(bars.name), FadeIn(bars.axis), FadeIn(bars.numbers), FadeIn(scale)]
        frame += [FadeIn(self.unit_word)] if first else []
        read = (Create(readout.box), FadeIn(readout.words, shift=0.1 * RIGHT))
        grow = LaggedStart(*(GrowFromEdge(bar, DOWN if v >= 0 else UP) for bar, v in zip(bars.bars, values)), lag_ratio=0.35)
        if name == "c":  # the new state: the old one through x f, then i times g added at +
            cell = self.cell
            steps = [
                (FadeOut(self.equation), terms[0], *self.light([cell.highway])),
                (terms[1], *self.light([cell.highway, cell.times_f, *cell.gate_wires["f"]])),
                (terms[2], *self.light([cell.highway, cell.times_f, cell.plus, *cell.gate_wires["g"], cell.i_wire])),
                (*frame, grow),
                read,
                past_scale(bars, p.cell),
            ]
        else:
            steps = [
                (*leave, terms[0], *self.light(self.lit_parts(name))),
                terms[1],
                (*frame, grow),
                read,
                self.where_it_acts(name),
            ]
            if first:  # the forget gate's caption names what it keeps before the unit followed
                steps[3], steps[4] = steps[4], steps[3]
        self.paced(*steps, share=share)
        bars.add(scale, readout)
        self.vectors.add(bars)
        self.equation = VGroup(self.equation, equation) if below else equation

    def scale_of(self, bars: BarVector, name: str) -> VGroup:
        """The row's own scale: its ends numbered just right of its right bracket (1 at the top; -1 at the bottom of a
        row that goes below 0)."""
        p = self.palette
        x = bars.brackets[1].get_right()[0] + theme.BARS_RULER_GAP
        ends = {"bracket top": (bars.top, 1, "1", UP)}
        if bars.low < 0:
            ends["bracket bottom"] = (bars.bottom, -1, "−1", DOWN)
        return VGroup(*(
            caption(self.record("bar_scale", {"at": where, "row": name}, v, text, self.embedded, label=f"bar scale, {where}"),
                    theme.LABEL_SIZE, p.text).next_to([x, y, 0], RIGHT, buff=0).align_to([0, y, 0], side)
            for where, (y, v, text, side) in ends.items()
        ))

    def readout(self, name: str, bars: BarVector, scale: VGroup, color: str) -> VGroup:
        """The value of the followed unit's bar (the unit whose cell holds the most error at the
        remembered step, the one the lanes single out at the end), boxed in the bars and written in a column on the right: ``box`` and ``words``. The
        boxes of the rows meet in one column down from the unit's number; the vector's name and that number are what
        the value is read by."""
        p, u = self.palette, self.flow.remembering_unit
        label = f"{name}_{self.step}, unit {u}"
        value = self.numeral(name, {"t": self.step, "unit": u}, bars.values[u - 1], string=self.embedded, label=label).text
        bar = bars.bars[u - 1]
        top = bars.numbers.get_top()[1] + 0.06 if len(bars.numbers) else bars.top + theme.CELL_ROW_GAP / 2
        bottom = bars.bottom - theme.CELL_ROW_GAP / 2
        box = Rectangle(width=theme.BAR_WIDTH + 0.14, height=top - bottom, color=p.text, stroke_width=theme.BARS_BOX_WIDTH)
        box.move_to([bar.get_x(), (top + bottom) / 2, 0])
        self.mark("box", "unit", {"t": self.step, "unit": u, "role": "remembers"}, self.embedded)
        words = caption(value, theme.LABEL_SIZE, color)
        words.next_to(scale, RIGHT, buff=theme.BARS_VALUE_GAP).set_y((bars.top + bars.bottom) / 2)
        if not self.vectors:  # the column of the boxed unit's values gets a head, level with the unit numbers
            self.values_x = words.get_left()[0]
            shown = self.unit_text(u, label="unit followed")
            head = caption(f"unit {shown}", theme.LABEL_SIZE, p.text).set_y(bars.numbers.get_y()).align_to(words, LEFT)
            words = VGroup(words, head)
        else:  # the values in one column
            words.shift((self.values_x - words.get_left()[0]) * RIGHT)
        group = VGroup(box, words)
        group.box, group.words = box, words
        return group

    def where_it_acts(self, name: str) -> Animation | tuple:
        """The last clause of a part's caption: where its value goes (the product or sum it feeds, or the next step)."""
        cell, p = self.cell, self.palette
        if name == "h":  # read again at the next step: h_t leaves along its wire
            dot = Dot(cell.times_o.get_center(), radius=0.08, color=p.hidden)
            return Succession(FadeIn(dot, run_time=0.1), MoveAlongPath(dot, Line(cell.times_o.get_center(), cell.h_right())),
                              FadeOut(dot, run_time=0.1), Indicate(self.cell_labels[3], color=p.hidden))
        if name == "o":  # each part on its own: an animation of a new group would take its parts out of the diagram
            return (Circumscribe(cell.tanh_c, color=p.text), Circumscribe(cell.times_o, Circle, color=p.text))
        target = {"f": cell.times_f, "i": cell.times_ig, "g": cell.plus}[name]
        return Circumscribe(target, Circle, color=p.cell if name in "fg" else p.text)

    def light(self, parts: list[Mobject]) -> list[Animation]:
        """Light `parts` of the cell diagram (their lines thicker, a gate's box filled) and put out what was lit before;
        they stay lit until the next part is."""
        p = self.palette
        lit = {id(leaf): leaf for part in parts for leaf in part.get_family() if isinstance(leaf, (Line, Circle, Rectangle))}
        animations = []
        for key, (leaf, width, fill, opacity) in self.lit_widths.items():
            if key not in lit:
                animations.append(leaf.animate.set_stroke(width=width, family=False).set_fill(fill, opacity=opacity, family=False).build())
        before, self.lit_widths = self.lit_widths, {}
        for key, leaf in lit.items():  # a part lit already keeps what it was before it was lit
            self.lit_widths[key] = before.get(key) or (leaf, leaf.get_stroke_width(), leaf.get_fill_color(), leaf.get_fill_opacity())
            width = self.lit_widths[key][1]
            target = leaf.animate.set_stroke(width=theme.CELL_LIT_WIDTH * width, family=False)  # not an arrow's tip
            if type(leaf) is Rectangle:  # a gate's box
                target = target.set_fill(p.text, opacity=theme.CELL_LIT_FILL, family=False)
            animations.append(target.build())
        return animations

    def lit_parts(self, name: str) -> list[Mobject]:
        """The parts of the cell diagram that compute `name`."""
        cell = self.cell
        if name in "figo":
            return [cell.gate(name), *cell.gate_wires[name]]
        if name == "c":
            return [cell.highway, cell.times_f, cell.plus]
        return list(cell.output_path)

    # ------------------------------------------------------------ the cell path, every step, every unit

    @beat(
        "Back along c, each step multiplies the error by fₜ alone: no U, no tanh slope. The net can hold fₜ near 1."
    )
    def show_cell_path(self):
        p, cell = self.palette, self.cell
        jacobian = math(
            p, r"\frac{\partial c_t}{\partial c_{t-1}}\Big|_{\mathrm{cell\ path}} = \mathrm{diag}(f_t)",
            color=p.cell, scale=theme.EQUATION_SCALE_SMALL,
        )
        # in the equations' place under the cell (it moves to the title's row over the lanes next)
        jacobian.move_to(self.equation, aligned_edge=UP + LEFT)
        self.mark("lit", "gate", {"gate": "f", "t": self.step}, self.embedded)
        path = [cell.highway, cell.times_f, cell.plus, *self.lit_parts("f")]
        # what h_{t-1} held fixed leaves out of the cell path: dimmed, the labels of h and x with it
        off = VGroup(cell.h_in, cell.feeds, cell.i_wire, cell.g_wire, cell.ig_wire, cell.o_wire, cell.c_tap,
                     cell.h_out, *(cell.gate(g) for g in "igo"), cell.times_ig, cell.tanh_c, cell.times_o, *self.cell_labels[2:4])
        # the error, red, enters at c_t and runs back along the top: through + unchanged, multiplied at x f
        y = cell.highway.get_y()
        right, left = cell.highway_right(), cell.highway_left()
        stops = [right, cell.plus.get_right(), cell.plus.get_left(), cell.times_f.get_right(), cell.times_f.get_left(), left]
        legs = [Line(stops[k], stops[k + 1], color=p.error, stroke_width=theme.CELL_ERROR_WIDTH) for k in range(0, 6, 2)]
        dot = Dot(right, radius=theme.PULSE_RADIUS_MAX, color=p.error)
        # why this route keeps the error, under the cell as the caption says it: only f_t multiplies (none of what makes
        # the RNN's factor small), and the net can hold f_t near 1: the followed unit's f at this step, its value read off
        u = self.flow.remembering_unit
        f_value = self.numeral("f", {"t": self.step, "unit": u}, self.values.f[u - 1], string=self.embedded, label=f"f_{self.step}, unit {u}").text
        only = with_f(p, r"\times", "only: no U, no tanh slope")
        held = with_f(p, "", f"held near 1 (unit {self.unit_text(u, label='unit followed')}'s: {f_value})")
        why = VGroup(only, held).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        why.next_to(jacobian, DOWN, buff=0.25).align_to(jacobian, LEFT)

        def run(k: int) -> tuple:
            """The error along leg k, the dot on to the leg's end (it crosses the operator between legs)."""
            end = stops[2 * k + 1] if k == 2 else stops[2 * k + 2]
            return (Create(legs[k]), dot.animate.move_to(end).build())

        self.paced(
            (FadeOut(self.equation), FadeOut(self.tokens), FadeOut(self.symbol_boxes), *self.light(path), FadeIn(dot, scale=0.5)),
            (*(dimmed(part, theme.CELL_OFF_PATH_OPACITY) for part in off), dimmed(VGroup(cell.x_in, self.cell_labels[4]), theme.CELL_OFF_PATH_OPACITY)),
            run(0),
            run(1),
            (Circumscribe(cell.times_f, Circle, color=p.cell), FadeIn(only, shift=0.1 * UP)),
            run(2),
            Write(jacobian),
            (FadeIn(held, shift=0.1 * UP), Indicate(self.vectors[0], color=p.cell, scale_factor=1.05)),
            Indicate(VGroup(*legs), color=p.error, scale_factor=1.0),
        )
        self.jacobian = jacobian
        self.cell_error = VGroup(*legs, dot, why)

    @beat("Each lane is one unit's cell, red where it holds error, times its fₜ at each step back. A gate near 0 cuts "
          "it; unit {unit}'s stays open.")
    def show_each_unit(self, **said):
        p = self.palette
        unit_count = self.count_text("hidden_size", {"model": "lstm"}, self.lstm.d, self.embedded, label="LSTM cell state, units")
        unit = self.flow.remembering_unit
        # the number run along under the chain is the followed unit's cell path (its f's multiplied: it only falls),
        # not the whole state's share the pulse would write (h's routes in it too: it can rise)
        pulse = self.pulse = ErrorPulse(
            self, self.flow, "lstm", name=f"cell state: {unit_count} units, a lane each", lane_gap=theme.PULSE_CELL_LANE_GAP,
            travel_beat="show_each_unit", glyph=theme.PULSE_CELL_GLYPH,
            running_label=lambda pulse, t: self.lane_label(pulse, t, unit),
            f_glyph=lambda f, side: gate_gauge(p, f, side, theme.CELL_GAUGE_WIDTH), key_head="box: forget gate, filled to f:",
        )
        pulse.shift_all(theme.PULSE_CELL_Y * UP)
        pulse.lanes.set_stroke(opacity=theme.CELL_LANE_OPACITY)  # faint yellow: the red on them is what is read
        for segments in pulse.trails.values():
            for segment in segments:
                segment.set_stroke(width=theme.CELL_TRAIL_WIDEN * segment.get_stroke_width())
        for t, column in pulse.tiles.items():  # each step's forget gates straight over the step they belong to
            column.set_x(pulse.nodes[t].get_x())
        # the key to the boxes goes under the chain and its notes (below): the header's row comes down into its place
        key, header_row = pulse.key[0], VGroup(pulse.header, pulse.loss, pulse.key[-1])
        header_row.shift((pulse.lanes[0].get_y() + theme.CELL_HEADER_GAP - pulse.header.get_y()) * UP)
        pulse.key[-1].next_to(pulse.header, RIGHT, buff=0.25).align_to(pulse.header, DOWN)  # clear of the loss's box
        pulse.lane_numbers.shift(theme.CELL_LANE_NUMBERS_OUT * LEFT)  # room for each lane's kept share at the end
        # what the moving number is, in one place under it (a name travelling with it would have to jump sides)
        lowest = min(label.get_bottom()[1] for label in pulse.running.values())
        self.lane_name = caption(f"number under each step: unit {unit}'s f's multiplied from τ back to it", theme.LABEL_SIZE, p.cell)
        self.lane_name.next_to([0, lowest, 0], DOWN, buff=0.15).align_to(pulse.header, LEFT)
        # the gates near 0 that cut a lane, circled as the error reaches them, the first one met named with its value
        forgetters, closed = self.cut_lanes()
        circles: dict[int, VGroup] = {}
        for u in forgetters:
            t = closed[u]
            circles.setdefault(t, VGroup()).add(Circle(color=p.text, stroke_width=2.5).surround(pulse.tiles[t][u - 1], buffer_factor=1.3))
            self.mark("lit", "unit", {"unit": u, "role": "forgets"}, self.embedded)
            self.mark("box", "unit", {"t": t, "unit": u, "role": "forgets"}, self.embedded)
        self.cut_note = VGroup()
        if forgetters:
            first = max(forgetters, key=lambda u: (closed[u], -u))
            t = closed[first]
            value = self.numeral("f", {"t": t, "unit": first}, self.flow.f[t, first - 1], string=self.embedded,
                                 label=f"f_{t}, unit {first}").text
            self.cut_note = caption(f"circled: a gate near 0, it cuts its lane (unit {first}'s at step {t}: {value})",
                                    theme.LABEL_SIZE, p.text)
            self.cut_note.next_to(self.lane_name, DOWN, buff=0.1).align_to(self.lane_name, LEFT)
        # the key under the notes, clear of the arrow the last beat drops from the loss to the chain
        key.next_to(self.cut_note if len(self.cut_note) else self.lane_name, DOWN, buff=theme.CELL_KEY_GAP).align_to(pulse.header, LEFT)
        old = VGroup(self.cell, self.cell_labels, self.vectors, self.unit_word, self.cell_error)
        lanes = LaggedStart(*(AnimationGroup(Create(lane), FadeIn(number)) for lane, number in zip(pulse.lanes, pulse.lane_numbers)),
                            lag_ratio=0.3, run_time=theme.SLOW)
        # the unit followed since the forget gate, its number boxed on its lane from the start
        self.ring = SurroundingRectangle(pulse.lane_numbers[unit - 1], color=p.cell, buff=0.05)
        self.record("open_unit_ring", {"unit": unit}, unit, "", self.embedded, label=f"unit {unit}")
        self.mark("ring", "unit", {"unit": unit, "role": "remembers"}, self.embedded)
        travel = travel_steps(pulse, seconds_per_step=theme.PULSE_CELL_STEP, reveal=True)
        for t, group in circles.items():  # step t's gates are met on the way from t back to t - 1: travel[tau - t + 1]
            first_met = t == max(circles)
            travel[self.flow.tau - t + 1] += (Create(group), *([FadeIn(self.cut_note, shift=0.1 * UP)] if first_met else []))
        # the lanes, one per unit, with what their boxes mean; the error along them, meeting each step's forget gates
        # as it goes, slowly enough to read the boxed unit's product under each step it reaches; at the end that number
        self.paced(
            (FadeOut(old), FadeIn(pulse.header),  # on the title's row, left of the loss tag (not over it)
             self.jacobian.animate.set_y(self.heading.get_y()).set_x(
                 pulse.nodes[self.flow.tau].get_x() - pulse.loss.width / 2 - theme.CELL_JACOBIAN_GAP - self.jacobian.width / 2).build()),
            (lanes, FadeIn(pulse.chain), FadeIn(pulse.loss), FadeIn(pulse.key)),
            Create(self.ring),
            travel[0],  # the error leaves the loss, the number at 1 under it: then what that number is
            FadeIn(self.lane_name, shift=0.1 * UP),
            *travel[1:],
            (Indicate(pulse.label, color=p.cell), Indicate(pulse.lanes[unit - 1], color=p.cell, scale_factor=1.0)),
            share=theme.CELL_TRAVEL_SHARE,
        )
        self.circles = VGroup(*circles.values())

    def lane_label(self, pulse: ErrorPulse, t: int, unit: int) -> VGroup:
        """Under step t: the followed unit's cell-path product (its f from t + 1 to tau); its name stands under the chain."""
        p = self.palette
        label = f"LSTM cell path, product of f, t = {t}, unit {unit}"
        text = self.numeral("lstm_cell_share", {"t": t, "unit": unit}, self.flow.cell_share[t, unit - 1], string=self.embedded,
                            beat="show_each_unit", label=label).text
        # in the gates' colour: a product of gates, not error (the lanes' red is the error each cell holds)
        value = caption(text, theme.LABEL_SIZE, p.cell).next_to(pulse.symbols[t - 1], DOWN, buff=0.12)
        value.shift(min(0, pulse.remember.get_bottom()[1] - 0.08 - value.get_top()[1]) * UP)  # clear of the remembered box
        group = VGroup(value)
        group.value, group.value_text = value, text
        return group

    def cut_lanes(self) -> tuple[list[int], dict[int, int]]:
        """The units whose cell path keeps less than FORGOTTEN over the lag, and for each the step whose forget gate
        takes what its lane keeps below FORGOTTEN, met going back from tau: where its red trail fades out."""
        flow = self.flow
        forgetters = sorted(u for u in range(1, flow.units + 1) if flow.cell_share[REMEMBERED, u - 1] < FORGOTTEN)
        return forgetters, {u: max(s for s in range(REMEMBERED + 1, flow.tau + 1) if flow.cell_share[s - 1, u - 1] < FORGOTTEN)
                            for u in forgetters}

    def part_sign(self, unit: int) -> float:
        """+1 or -1: the sign that writes each part of the error reaching the remembered step in `unit`'s cell as it
        adds to what the cell holds there (parts of the held error's own sign read positive)."""
        return 1.0 if self.flow.arriving(REMEMBERED)[:, unit - 1].sum() >= 0 else -1.0

    @beat("Error reaches h at every step back and enters the cells there. In a lane, it rides back times f.")
    def show_error_entering(self, **said):
        p, pulse, flow = self.palette, self.pulse, self.flow
        step, unit = REMEMBERED, flow.remembering_unit
        self.mark("lit", "unit", {"unit": unit, "role": "remembers"}, self.embedded)
        risers, entries = self.entry_arrows()
        worked, rider_move, size, products, sum_line = self.worked_entry(unit)
        key = caption("red arrow: error entering a cell from h, thicker for more", theme.LABEL_SIZE, p.error)
        key.move_to(self.lane_name, aligned_edge=UP + LEFT)
        key.shift(min(0, size.get_bottom()[1] - theme.CELL_NOTE_GAP - key.get_top()[1]) * UP)  # under the size
        products.move_to(key, aligned_edge=UP + LEFT)  # in the key's place: one legend at a time
        sum_line.next_to(products, DOWN, buff=0.1).align_to(key, LEFT)
        held = self.lane_numbers([unit])
        # back from tau, step by step: h's error rises at each step and enters the lanes there
        by_step = [AnimationGroup(Create(risers[s]), *(GrowArrow(a) for a in entries[s]))
                   for s in sorted(entries, reverse=True)]
        self.paced(
            (FadeOut(self.lane_name), FadeOut(self.cut_note), FadeOut(pulse.key[0]), FadeOut(pulse.pulse), FadeIn(key, shift=0.1 * UP)),
            LaggedStart(*by_step, lag_ratio=0.5),
            (Create(worked), FadeIn(size, shift=0.1 * DOWN)),
            rider_move,
            (FadeOut(key), FadeIn(products, shift=0.1 * UP), Indicate(pulse.label, color=p.cell)),
            FadeIn(sum_line, shift=0.1 * RIGHT),
            (FadeOut(self.riders), FadeIn(held, shift=0.1 * RIGHT), Indicate(pulse.lanes[unit - 1], color=p.cell, scale_factor=1.0)),
        )
        self.entering = VGroup(worked, size, products, sum_line)
        self.arrows = VGroup(*risers.values(), *(a for column in entries.values() for a in column))
        self.held = held

    @beat("Cells and h together keep {whole} at step 2, as in the Opening: along the lanes only f's near 1 multiply "
          "the error.")
    def show_one_length(self, **said):
        p, pulse, flow = self.palette, self.pulse, self.flow
        step, unit = REMEMBERED, flow.remembering_unit
        others = self.lane_numbers([u for u in range(1, flow.units + 1) if u != unit])
        h_text = self.numeral("lstm_h_error", {"t": step}, flow.h_error[step], string=self.embedded,
                              label=f"LSTM, error in h, t = {step}").text
        rnn = self.numeral("rnn_error_share", {"t": step}, flow.rnn_share[step], string=self.embedded,
                           label=f"RNN, share of the error left, t = {step}").text
        in_h = caption(f"and in h at step {step}: {h_text}", theme.LABEL_SIZE, p.hidden)
        whole = caption(f"8 cells and h as one length (root of sum of squares): {said['whole']}", theme.BODY_SIZE, p.error)
        moral = VGroup(caption("along the lanes only f's near 1 multiply it: it survives", theme.BODY_SIZE, p.cell),
                       caption(f"(the RNN keeps {rnn} at step {step})", theme.LABEL_SIZE, p.text)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        in_h.next_to(VGroup(pulse.symbols, pulse.remember), DOWN, buff=theme.CELL_NOTE_GAP).align_to(pulse.header, LEFT)
        whole.next_to(in_h, DOWN, buff=0.18).align_to(in_h, LEFT)
        moral.next_to(whole, DOWN, buff=0.15).align_to(in_h, LEFT)
        self.paced(
            (FadeOut(self.entering), FadeOut(pulse.label), dimmed(self.arrows, theme.CELL_OFF_PATH_OPACITY)),
            LaggedStart(*(FadeIn(number, shift=0.1 * RIGHT) for number in others), lag_ratio=0.2),
            (FadeIn(in_h, shift=0.1 * UP), Indicate(VGroup(*(pulse.nodes[t] for t in range(1, flow.tau + 1))), color=p.hidden, scale_factor=1.0)),
            (FadeIn(whole, shift=0.1 * UP), Indicate(VGroup(self.held, others), color=p.error, scale_factor=1.0)),
            (FadeIn(moral, shift=0.1 * UP), Indicate(pulse.tile_group, color=p.cell, scale_factor=1.0)),
        )

    def lane_numbers(self, units: list[int]) -> VGroup:
        """The error each of `units`' cells holds at step 2 (a share of all of it at tau), written on its lane's left
        end, on a patch of the background."""
        p, pulse, flow, step = self.palette, self.pulse, self.flow, REMEMBERED
        parts = VGroup()
        for u in units:
            text = self.numeral("lstm_cell_error", {"t": step, "unit": u}, flow.cell_error[step, u - 1], string=self.embedded,
                                label=f"LSTM, error in c, t = {step}, unit {u}").text
            number = caption(text, theme.LABEL_SIZE, p.error)
            y = pulse.lanes[u - 1].get_y()
            # on its lane, from a little right of the unit's number (not read as one number with it) up to the
            # next step's gauges
            left = pulse.lane_numbers[u - 1].get_right()[0] + theme.HELD_NUMBER_GAP
            right = pulse.tiles[step + 1].get_left()[0] - 0.05
            number.scale(theme.HELD_NUMBER_SCALE)
            if number.width > right - left:  # a long string's: shrinks to its room
                number.scale_to_fit_width(right - left)
            number.next_to([left, y, 0], RIGHT, buff=0.03)
            # on its lane, which stops round it (a lane line under a number reads as underlining it)
            number.add_background_rectangle(color=p.background, opacity=1.0, buff=0.04)
            number.set_z_index(4)  # over the lanes' red trails too
            parts.add(number)
        return parts

    def entry_arrows(self) -> tuple[dict[int, Line], dict[int, VGroup]]:
        """At each step after the remembered one, a faint purple riser from h up the lanes and a red arrow into every
        cell whose entry from h there is at least ENTRY_SHOWN of the largest (thicker and brighter for more)."""
        p, pulse, flow = self.palette, self.pulse, self.flow
        entry = np.abs(flow.cell_entry)
        biggest = entry[REMEMBERED + 1 :].max()
        gap = pulse.nodes[REMEMBERED + 1].get_x() - pulse.nodes[REMEMBERED].get_x()
        risers, entries = {}, {}
        for s in range(REMEMBERED + 1, flow.tau + 1):
            units = [u for u in range(1, flow.units + 1) if entry[s, u - 1] >= theme.ENTRY_SHOWN * biggest]
            if not units:
                continue
            x = pulse.nodes[s].get_x() + theme.ENTRY_OFFSET * gap  # into c_s: right of f_s's gauge, which it meets next
            top = max(pulse.lanes[u - 1].get_y() for u in units)
            # from h_s's node up beside its gauges' column, to the highest lane it enters
            bottom = pulse.lanes[-1].get_y() - theme.ENTRY_ARROW_LENGTH
            risers[s] = VMobject(stroke_color=p.hidden, stroke_width=2, stroke_opacity=0.6).set_points_as_corners(
                [pulse.nodes[s].get_top() + 0.02 * UP, [x, bottom, 0], [x, top - theme.ENTRY_ARROW_LENGTH, 0]])
            column = VGroup()
            for u in units:
                share = entry[s, u - 1] / biggest
                self.record("lstm_cell_entry", {"t": s, "unit": u}, self.part_sign(u) * flow.cell_entry[s, u - 1], "", self.embedded,
                            label=f"LSTM, error entering c, t = {s}, unit {u}")  # drawn as the arrow's width
                y = pulse.lanes[u - 1].get_y()
                width = theme.ENTRY_WIDTH_MIN + (theme.ENTRY_WIDTH_MAX - theme.ENTRY_WIDTH_MIN) * share
                arrow = Arrow([x, y - theme.ENTRY_ARROW_LENGTH, 0], [x, y - 0.03, 0], buff=0, color=p.error, stroke_width=width,
                              tip_length=0.1, max_tip_length_to_length_ratio=0.5,
                              max_stroke_width_to_length_ratio=50)  # short: manim would thin it to 5 × its length
                arrow.set_opacity(0.6 + 0.4 * share).set_z_index(3)
                column.add(arrow)
            entries[s] = column
        return risers, entries

    def worked_entry(self, unit: int) -> tuple[Mobject, Animation, Mobject, VGroup, Mobject]:
        """The followed unit's entry at tau worked: its arrow (ringed), a dot riding back along its lane to step 2,
        shrinking by each f it crosses (its area the part's size), the entry's size under tau's symbol, the product
        entry × the lane's f's, and the sum it makes with what entered at the other steps."""
        p, pulse, flow = self.palette, self.pulse, self.flow
        step, j, tau = REMEMBERED, unit - 1, flow.tau
        arriving = flow.arriving(step)[:, j]
        sign = self.part_sign(unit)
        gap = pulse.nodes[step + 1].get_x() - pulse.nodes[step].get_x()
        lane_y = pulse.lanes[j].get_y()
        entry = flow.cell_entry[tau, j]
        x = pulse.nodes[tau].get_x() + theme.ENTRY_OFFSET * gap
        worked = Circle(radius=0.16, color=p.cell, stroke_width=2.5).move_to([x, lane_y - theme.ENTRY_ARROW_LENGTH / 2, 0])
        self.mark("arrow", "unit", {"t": tau, "unit": unit, "role": "remembers"}, self.embedded)
        text = self.numeral("lstm_cell_entry", {"t": tau, "unit": unit}, sign * entry, string=self.embedded,
                            label=f"LSTM, error entering c, t = {tau}, unit {unit}").text
        size = caption(text, theme.LABEL_SIZE, p.error).next_to(pulse.symbols[tau - 1], DOWN, buff=0.12)
        radius = lambda v: max(theme.ENTRY_DOT_MAX * np.sqrt(abs(v) / abs(entry)), theme.ENTRY_DOT_MIN)
        dot = rider([x, lane_y, 0], radius(entry), p)
        moves, value = [], entry
        for r in range(tau, step, -1):  # across f_r's gauge to c_(r-1)
            value *= flow.f[r, j]
            there = rider([pulse.nodes[r - 1].get_x() + theme.ENTRY_OFFSET * gap, lane_y, 0], radius(value), p)
            moves.append(Transform(dot, there, run_time=theme.ENTRY_STEP))
        self.riders = VGroup(dot)
        gain = self.numeral("lstm_cell_share", {"t": step, "unit": unit}, flow.cell_share[step, j], string=self.embedded,
                            label=f"LSTM cell path, product of f, t = {step}, unit {unit}").text
        part = self.numeral("lstm_cell_part", {"t": step, "unit": unit, "s": tau}, sign * arriving[tau], string=self.embedded,
                            label=f"LSTM, part of the error in c, t = {step}, unit {unit}, entered at s = {tau}").text
        rest = self.numeral("lstm_cell_rest", {"t": step, "unit": unit}, sign * arriving[step + 1 : tau].sum(), string=self.embedded,
                            label=f"LSTM, rest of the error in c, t = {step}, unit {unit}").text
        held = self.numeral("lstm_cell_error", {"t": step, "unit": unit}, flow.cell_error[step, j], string=self.embedded,
                            label=f"LSTM, error in c, t = {step}, unit {unit}").text
        products = VGroup(
            caption(f"unit {unit}, at τ: {text} × {gain} = {part}", theme.LABEL_SIZE, p.error),
            caption(f"({text}: its share of the error at τ; {gain}: its f's back to step {step})", theme.LABEL_SIZE, p.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        sum_line = caption(f"+ {rest} entered at steps {step + 1} to {tau - 1} = {held} in its cell at step {step}",
                           theme.LABEL_SIZE, p.error)
        ride = Succession(FadeIn(dot, run_time=theme.ENTRY_STEP / 2), *moves)
        return worked, ride, size, products, sum_line


def rider(at, radius: float, p) -> Dot:
    """A part of the error riding back along a lane: red, ringed in the background's colour to stand out on the red trail."""
    return Dot(at, radius=radius, color=p.error).set_stroke(p.background, width=theme.ENTRY_DOT_RING).set_z_index(3)


def with_f(p, before: str, after: str) -> VGroup:
    """A note in the cell's colour naming f_t (after the TeX `before`), set as in the equations, not as a text subscript."""
    symbol = math(p, rf"{before} f_t", color=p.cell, scale=theme.EQUATION_SCALE_LABEL)
    return VGroup(symbol, caption(after, theme.LABEL_SIZE, p.cell)).arrange(RIGHT, buff=0.1, aligned_edge=DOWN)  # t and descenders level


def past_scale(bars: BarVector, color: str) -> Animation:
    """The bars whose value passes the scale (pointed: they go on) lit one after another, or a pause when none does."""
    past = [bar for bar, v in zip(bars.bars, bars.values) if abs(v) > 1]
    if not past:
        return Indicate(bars.name, color=color)
    return LaggedStart(*(Indicate(bar, color=color, scale_factor=1.3) for bar in past), lag_ratio=0.3)


def dimmed(group: Mobject, share: float) -> Animation:
    """`group`'s strokes and fills fade to `share` of how opaque they are when the animation begins (not when it is
    made: a part lit or put out just before keeps its width)."""
    start: dict[int, tuple[float, float]] = {}

    def update(mobject: Mobject, alpha: float) -> None:
        for leaf in mobject.family_members_with_points():
            stroke, fill = start.setdefault(id(leaf), (leaf.get_stroke_opacity(), leaf.get_fill_opacity()))
            leaf.set_stroke(opacity=stroke * (1 - alpha * (1 - share)), family=False)
            leaf.set_fill(opacity=fill * (1 - alpha * (1 - share)), family=False)

    return UpdateFromAlphaFunc(group, update)
