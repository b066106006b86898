"""Scene 7: the LSTM cell built gate by gate on one real step, its cell state as a highway, and the error along it."""

from __future__ import annotations

from manim import *

from lstm_explainer.scenes import lstm_values, theme
from lstm_explainer.scenes.components.lstm_cell import Highway, LSTMCellDiagram, NumberColumn
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat

GATE_EQUATIONS = {
    "f": r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)",
    "i": r"i_t = \sigma(W_i x_t + U_i h_{t-1} + b_i)",
    "g": r"g_t = \tanh(W_g x_t + U_g h_{t-1} + b_g)",
    "c": r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
    "o": r"o_t = \sigma(W_o x_t + U_o h_{t-1} + b_o)",
    "h": r"h_t = o_t \odot \tanh(c_t)",
}


class LSTMCell(LSTMChapterScene):
    scene_id = "lstm-cell"
    title = "The LSTM cell"
    section = "beyond the post: the LSTM's additive cell path"
    approx_seconds = 135
    max_string_length = 14  # one table row per step of the lag, and the lag is the string's length

    step = lstm_values.REMEMBERED  # the step built gate by gate: the one that reads the symbol to remember
    highway_steps = 3  # cells drawn in a row on the highway, from `step` on
    diagram_scale = 1.2
    table_row = 0.3

    def construct(self):
        self.values = lstm_values.cell_step(self.lstm, self.embedded, self.step)
        self.flow = lstm_values.error_flow(self.lstm, self.embedded_rnn, self.embedded)
        self.show_cell()
        self.show_forget_gate()
        self.show_input_gate()
        self.show_candidate()
        self.show_cell_update()
        self.show_output_gate()
        self.show_highway(unit=self.flow.unit)
        self.show_error_on_highway(unit=self.flow.unit)
        self.show_two_flows()
        self.show_full_jacobian()
        self.show_1997_cell()

    # ------------------------------------------------------------ one step, gate by gate

    @beat("One LSTM step reads the input x_t, the previous output h_(t-1) and the cell state c_(t-1) running straight along the top.")
    def show_cell(self):
        p = self.palette
        self.heading = title(p, "The LSTM cell").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        cell = LSTMCellDiagram(p).scale(self.diagram_scale)
        cell.to_edge(LEFT, buff=theme.FRAME_MARGIN + 0.55).shift(1.25 * UP)
        labels = VGroup(
            math(p, r"c_{t-1}", color=p.cell).next_to(cell.highway_left(), UP, buff=0.1),
            math(p, r"c_t", color=p.cell).next_to(cell.highway_right(), UP, buff=0.1),
            math(p, r"h_{t-1}", color=p.hidden).next_to(cell.h_left(), DOWN, buff=0.1),
            math(p, r"h_t", color=p.hidden).next_to(cell.h_right(), UP, buff=0.1),
            # beside the input wire, not under it: the number columns' heads come up to there
            math(p, r"x_t", color=p.input).next_to(cell.x_bottom(), LEFT, buff=0.12).shift(0.15 * UP),
        )
        symbol = self.values.symbol
        where = caption(
            f"step t = {self.step} of {self.embedded}: it reads {symbol}, the symbol to remember",
            theme.SMALL_SIZE,
            p.muted,
        ).next_to(self.heading, DOWN, buff=0.15, aligned_edge=LEFT)
        self.cell, self.cell_labels, self.where = cell, labels, where
        self.columns, self.equations = VGroup(), VGroup()
        self.play(FadeIn(self.heading, where), Create(cell), FadeIn(labels))

    @beat("The forget gate f_t: how much of the old cell state to keep, one number between 0 and 1 for each of the cell's units.")
    def show_forget_gate(self):
        self.show_part("f")

    @beat("The input gate i_t: how much of the new candidate to write into the cell.")
    def show_input_gate(self):
        self.show_part("i")

    @beat("The candidate g_t: the new values on offer, between -1 and 1.")
    def show_candidate(self):
        self.show_part("g")

    @beat("The new cell state keeps f_t of the old one and adds i_t times g_t. A product and a sum, nothing more.")
    def show_cell_update(self):
        self.show_part("c")

    @beat("The output gate o_t picks what of the squashed cell state leaves as h_t.")
    def show_output_gate(self):
        self.show_part("o")
        self.show_part("h")

    def show_part(self, name: str) -> None:
        """Light the part up in the diagram, show its equation and its real vector for this step."""
        p = self.palette
        colors = {"c": p.cell, "h": p.hidden}
        color = colors.get(name, p.text)
        vector = getattr(self.values, name)
        texts = [
            self.numeral(name, {"t": self.step, "unit": u + 1}, v, string=self.embedded).text
            for u, v in enumerate(vector)
        ]
        column = NumberColumn(p, texts, color, head=f"{name}_{{{self.step}}}")
        if self.columns:
            column.next_to(self.columns, RIGHT, buff=0.3).align_to(self.columns, UP)
        else:
            column.to_corner(DL, buff=theme.FRAME_MARGIN).shift(0.1 * RIGHT)
        equation = math(p, GATE_EQUATIONS[name], color=color)
        if self.equations:
            equation.next_to(self.equations, DOWN, buff=0.12, aligned_edge=LEFT)
        else:
            equation.next_to(self.cell, RIGHT, buff=0.9).align_to(self.cell, UP)
        # each part on its own: a new group around them would be added to the scene as a second copy
        lit = [Indicate(part, color=color, scale_factor=1.05) for part in self.lit_parts(name)]
        self.play(FadeIn(column, shift=0.2 * UP), Write(equation), *lit)
        self.equations.add(equation)
        self.columns.add(column)

    def lit_parts(self, name: str) -> list[Mobject]:
        """The parts of the cell diagram that compute `name`."""
        cell = self.cell
        if name in "figo":
            return [cell.gate(name), *cell.gate_wires[name]]
        if name == "c":
            return [cell.highway, cell.times_f, cell.plus]
        return list(cell.output_path)

    # ------------------------------------------------------------ the highway

    @beat(
        "Step after step the cell state travels along one straight line: each step only scales it by f_t "
        "and adds i_t times g_t. Here, unit {unit}'s value on the way."
    )
    def show_highway(self, unit: int):
        p = self.palette
        stretch = lstm_values.highway_stretch(self.lstm, self.embedded, self.step, self.highway_steps, unit)
        highway = Highway(p, stretch.steps)
        highway.scale_to_fit_width(config.frame_width - 2 * theme.FRAME_MARGIN - 0.6).move_to(0.4 * DOWN)
        values, steps = VGroup(), VGroup()
        for t, c in zip(stretch.steps, stretch.c):
            cell = highway.cell(t)
            value = self.number("c", {"t": t, "unit": unit}, c, p.cell, string=self.embedded)
            values.add(value.next_to(cell.highway_right(), UP, buff=0.45))
            steps.add(caption(f"t = {t}: {self.embedded[t - 1]}", theme.SMALL_SIZE, p.input).next_to(cell, DOWN, buff=0.15))
        label = caption(f"cell state of unit {self.unit_text(unit)}", theme.SMALL_SIZE, p.cell).next_to(highway.line, UP, buff=0.55)
        label.align_to(highway, LEFT)
        update = math(p, GATE_EQUATIONS["c"], color=p.cell).next_to(self.heading, DOWN, buff=0.35).set_x(-2.2)
        self.play(FadeOut(self.cell, self.cell_labels, self.columns, self.equations, self.where))
        self.play(FadeIn(highway.links, highway.cells), Create(highway.line), Write(update), run_time=theme.SLOW)
        self.play(LaggedStart(*(FadeIn(v) for v in [*values, *steps]), lag_ratio=0.15), FadeIn(label))
        self.highway = VGroup(highway, values, steps, label, update)
        self.stretch, self.highway_parts = stretch, (highway, steps, update)

    @beat(
        "Going back, the error on unit {unit}'s cell state passes each step through one product only: "
        "times that step's forget gate, here close to 1."
    )
    def show_error_on_highway(self, unit: int):
        p = self.palette
        stretch, (highway, steps, update) = self.stretch, self.highway_parts
        last = stretch.steps[-1]
        factors = VGroup()
        for t, f, step in zip(stretch.steps[1:], stretch.f[1:], steps[1:]):
            text = self.numeral("f", {"t": t, "unit": unit}, f, string=self.embedded).text
            factors.add(caption(f"× {text}", theme.LABEL_SIZE, p.error).next_to(step, DOWN, buff=0.12))
        k = len(stretch.steps) - 1
        product = self.numeral("cell_path_product", {"t": last, "k": k, "unit": unit}, stretch.product(), string=self.embedded).text
        total = caption(
            f"from c at step {last} back to step {stretch.steps[0]}: × {product}", theme.LABEL_SIZE, p.error
        ).next_to(factors, DOWN, buff=0.3).set_x(0)
        jacobian = math(p, r"\frac{\partial c_t}{\partial c_{t-1}} = \mathrm{diag}(f_t)", color=p.error)
        jacobian.next_to(update, RIGHT, buff=1.0)
        back = Arrow(highway.line.get_end(), highway.line.get_start(), buff=0, color=p.error, stroke_width=4, tip_length=0.2)
        back.shift(0.27 * UP)  # just above the cell state's line and its operators
        self.play(Write(jacobian))
        self.play(Create(back), LaggedStart(*(FadeIn(f) for f in reversed(factors)), lag_ratio=0.4), run_time=theme.SLOW)
        self.play(FadeIn(total))
        self.highway.add(factors, total, jacobian, back)

    # ------------------------------------------------------------ the error along it

    @beat(
        "Backwards, the RNN's error is multiplied at every step by diag(σ'(a_t)) U. "
        "Along the highway the LSTM's error is multiplied by f_t alone, because c_t is a sum."
    )
    def show_two_flows(self):
        p = self.palette
        flow = self.flow
        self.play(FadeOut(self.highway))
        rnn_eq = math(p, r"\text{RNN: }\ \frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}(\sigma_h'(a_t))\, U")
        lstm_eq = math(p, r"\text{LSTM cell path: }\ \frac{\partial c_t}{\partial c_{t-1}} = \mathrm{diag}(f_t)", color=p.cell)
        equations = VGroup(rnn_eq, lstm_eq).arrange(RIGHT, buff=1.0).next_to(self.heading, DOWN, buff=0.25)
        equations.set_x(0)
        setting = caption(
            f"from step τ = {self.tau_text()}, which predicts the second-to-last symbol, back ℓ steps (the lag); "
            f"ℓ = {self.count_text('lag', {'k': flow.lag}, flow.lag, self.embedded)} reaches the remembered {self.embedded[1]}",
            theme.SMALL_SIZE,
            p.muted,
        ).next_to(equations, DOWN, buff=0.2)
        table = self.get_table()
        table.next_to(setting, DOWN, buff=0.25).set_x(0)
        self.play(Write(equations), FadeIn(setting))
        self.play(FadeIn(table.header[:4]))
        for row in table.rows:
            self.play(FadeIn(row[:4], shift=0.1 * DOWN), run_time=theme.SWEEP * 2)
        self.table, self.flow_text = table, VGroup(equations, setting)

    @beat(
        "That is not the whole Jacobian: the gates read h_(t-1), so ∂(h_t, c_t)/∂(h_(t-1), c_(t-1)) has paths through them too. "
        "Its norm over the lag, in the last column, does not vanish either."
    )
    def show_full_jacobian(self):
        table = self.table
        self.play(FadeIn(table.header[4]), LaggedStart(*(FadeIn(row[4]) for row in table.rows), lag_ratio=0.15))

    @beat(
        "The 1997 LSTM had no forget gate: c_t = c_(t-1) + i_t·g_t, a constant error carousel of weight 1. "
        "Today's f_t may forget; trained, it stays near 1 where the memory is kept."
    )
    def show_1997_cell(self):
        p = self.palette
        flow = self.flow
        low = self.numeral("f_lowest", {"t": flow.tau, "unit": flow.unit}, float(flow.f.min()), string=self.embedded).text
        high = self.numeral("f_highest", {"t": flow.tau, "unit": flow.unit}, float(flow.f.max()), string=self.embedded).text
        then = math(p, r"1997:\ \ c_t = c_{t-1} + i_t \odot g_t \quad \Rightarrow \quad \frac{\partial c_t}{\partial c_{t-1}} = 1", color=p.cell)
        now = caption(
            f"today: unit {self.unit_text(flow.unit)}'s forget gate over these "
            f"{self.count_text('lag', {'k': flow.lag}, flow.lag, self.embedded)} steps lies between {low} and {high}",
            theme.SMALL_SIZE,
            p.text,
        )
        box = VGroup(then, now).arrange(DOWN, buff=0.15).move_to(self.flow_text)
        self.play(FadeOut(self.flow_text))
        self.play(FadeIn(box, shift=0.2 * UP))

    def get_table(self) -> VGroup:
        """Rows ℓ = 1..lag: RNN norm, f of the open unit, the highway product, the LSTM's full norm."""
        p = self.palette
        flow = self.flow
        u, tau = flow.unit, flow.tau
        unit = self.unit_text(u)  # drawn in the column heads below
        header = VGroup(
            math(p, r"\ell", scale=theme.EQUATION_SCALE_TABLE),
            math(p, r"\|\partial h_\tau / \partial h_{\tau-\ell}\|", scale=theme.EQUATION_SCALE_TABLE, color=p.text),
            math(p, rf"f^{{({unit})}}_{{\tau-\ell+1}}", scale=theme.EQUATION_SCALE_TABLE, color=p.cell),
            math(p, rf"\partial c^{{({unit})}}_\tau / \partial c^{{({unit})}}_{{\tau-\ell}}", scale=theme.EQUATION_SCALE_TABLE, color=p.cell),
            math(p, r"\|\partial (h,c)_\tau / \partial (h,c)_{\tau-\ell}\|", scale=theme.EQUATION_SCALE_TABLE, color=p.text),
        )
        rows = []
        for k in range(1, flow.lag + 1):
            at = {"t": tau, "k": k}
            rows.append(
                VGroup(
                    caption(str(k), theme.SMALL_SIZE, p.muted),
                    self.number("rnn_jacobian_norm", at, flow.rnn_norm[k - 1], string=self.embedded),
                    self.number("f", {"t": tau - k + 1, "unit": u}, flow.f[k - 1], p.cell, string=self.embedded),
                    self.number("cell_path_product", {**at, "unit": u}, flow.highway[k - 1], p.cell, string=self.embedded),
                    self.number("state_jacobian_norm", at, flow.state_norm[k - 1], string=self.embedded),
                )
            )
        widths = [max(group[c].width for group in [header, *rows]) for c in range(5)]
        gap = 0.45
        x = 0.0
        for c in range(5):
            for group in [header, *rows]:
                group[c].move_to([x + widths[c], group[c].get_y(), 0], aligned_edge=RIGHT)
            x += widths[c] + gap
        for r, row in enumerate(rows):
            for item in row:
                item.set_y(-(r + 1) * self.table_row - 0.15)
        for item in header:
            item.set_y(0.05)
        groups = VGroup(
            caption("RNN", theme.SMALL_SIZE, p.text).move_to(header[1]),
            caption(f"LSTM cell path, unit {unit}", theme.SMALL_SIZE, p.cell).move_to(VGroup(header[2], header[3])),
            caption("LSTM, all of it", theme.SMALL_SIZE, p.text).move_to(header[4]),
        ).shift(0.42 * UP)
        header = VGroup(*header[:4], VGroup(header[4], groups[2]))
        header[1].add(groups[0])
        header[2].add(groups[1])
        table = VGroup(header, *rows)
        table.header, table.rows = header, rows
        return table
