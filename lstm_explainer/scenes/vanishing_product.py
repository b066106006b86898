"""Scene 6: the product of sigma'*u factors along a path shrinks; the Jacobian norms fall with the lag."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.components.dial import Dial
from lstm_explainer.scenes.components.logplot import LogBar, LogPlot
from lstm_explainer.scenes.components.fades import Dissolve, redraw_in_place
from lstm_explainer.scenes.components.paths import JacobianTrellis, PathGraph, get_path
from lstm_explainer.scenes.components.text import caption, footnote, math, title
from lstm_explainer.scenes.error_recurrence import ErrorRecurrence
from lstm_explainer.scenes.values.paths import Factor, collapsing_factor, jacobian_entry, longest_path
from lstm_explainer.scenes.values.plots import (
    LOG_CEILING,
    LOG_FLOOR,
    clipped_log10,
    curve_string,
    dial_curves,
    lag_profile,
    norm_curve,
    product_window,
    small_input_regime,
)
from lstm_explainer.scenes.story import StoryScene, beat


# The factor table's column heads as typeset and as plain text (the label its numbers are read by).
# The edge gamma_{r+1} -> gamma_r runs forward in time, h_{t-r-1} to h_{t-r}.
COLUMNS = ((r"t-r", "t − r"), (r"\gamma_{r+1} \to \gamma_r", "γr+1 → γr"), (r"\sigma_h'", "σh′"),
           (r"u_{\gamma_r\gamma_{r+1}}", "u_γrγr+1"), (r"\sigma_h' u", "σh′ u"), (r"\text{product}", "product"))
HEADS = [plain for _, plain in COLUMNS]


class VanishingProduct(StoryScene):
    scene_id = "vanishing-product"
    title = "Why the error vanishes"
    section = "Evaluating Error Flow"
    approx_seconds = 79
    max_string_length = 13  # the factor table overlaps the formula from 14 symbols on

    dial_settings = (0.5, 1.0, 2.0)  # the largest singular values s the dial turns through
    dial_range = (0.25, 4.0)
    link_lag = 3  # the Jacobian entry shown as a sum over paths: d^(k-1) = 16 paths, a short list to check
    row_time = 0.5  # a row of the factor table against the beat's other steps (paced stretches them together)
    dial_turn = 2.0  # the dial passing from one setting to the next, against the beat's other steps
    exploding_s = 2.0  # the small-input regime's U, rescaled past 1

    @property
    def long_string(self) -> str:
        """The scene's string read again and again: the norm curves need more steps than one Reber string."""
        return curve_string(self.reber_string)

    @property
    def copies(self) -> int:
        return len(self.long_string) // len(self.reber_string)

    def construct(self):
        self.factors = longest_path(self.rnn, self.reber_string)
        # the picture ErrorRecurrence ends on: its title over its trellis as a product of step Jacobians
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string)
        self.last_heading = title(self.palette, ErrorRecurrence.title)
        self.add(self.trellis, self.last_heading)
        self.factor_beat()
        self.product_beat()
        self.matrix_view_beat()
        self.dial_beat()
        self.dial_past_one_beat()
        self.small_input_beat()
        self.lag_parts_beat()

    @beat("The strongest path back through the string, lit: one factor per step, σ′ₕ (the tanh slope) times a weight of U.")
    def factor_beat(self):
        heading = title(self.palette, self.title)
        self.formula = self.get_formula(len(self.factors)).next_to(heading, DOWN, buff=0.3).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        # the trellis of four steps gives way to one of the whole string, the strongest path lit on it
        # centred in the room under the formula
        below = self.formula.get_bottom()[1], -config.frame_height / 2 + theme.FRAME_MARGIN
        self.graph = self.get_string_graph().move_to([0, sum(below) / 2, 0])
        gammas = [self.factors[0].gamma] + [f.gamma_next for f in self.factors]  # from the last step back
        self.path = get_path(self.graph, len(gammas), gammas, self.palette.error, ring=False)
        self.mark("lit", "path", {"t": len(gammas), "path": ",".join(map(str, reversed(gammas)))})
        equation, words = self.formula[:-2], self.formula[-2:]
        # the caption's order: the string's trellis, the path drawn from the last step back with the words
        # naming it, then its factor; Create draws the path's lines one after another, latest step first
        self.paced(
            (FadeTransform(self.last_heading, heading), Dissolve(self.trellis), Dissolve(self.graph, fade_in=True)),
            (Create(self.path, run_time=3.0), Dissolve(words, fade_in=True, run_time=1.5)),
            Dissolve(equation, fade_in=True, shift=0.2 * RIGHT),
        )

    def get_string_graph(self) -> PathGraph:
        """The hidden units at every step of the scene's string, as narrow as the frame needs."""
        steps = len(self.reber_string)
        room = config.frame_width - 2 * theme.FRAME_MARGIN - 0.8  # the unit numbers stand left of the first column
        gap = min(theme.PATH_COLUMN_GAP, room / max(steps - 1, 1))
        return PathGraph(self.palette, self.rnn.U, self.reber_string, steps, column_gap=gap, inputs_named=False)

    @beat("Going back, the error is multiplied by one factor per step: each one below 1 in size shrinks it.")
    def product_beat(self):
        # the bar spans the decades this string's running product passes through
        self.table, self.bar = self.get_factor_table(self.factors), LogBar(self.palette, *product_window(self.factors), height=4.0)
        # table and bar hang from under the formula, whatever the string's length
        self.table.next_to(self.formula, DOWN, buff=0.45).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        floor = -config.frame_height / 2 + theme.FRAME_MARGIN + 0.6  # the note under the table keeps its line
        rows = self.table[1:]
        if self.table.get_bottom()[1] < floor:  # a long string's rows are set closer first (their gap 0.16 down to 0.08)
            closer = min(0.08, (floor - self.table.get_bottom()[1]) / len(rows))
            for n, row in enumerate(rows, start=1):
                row.shift(n * closer * UP)
        if self.table.get_bottom()[1] < floor:  # then smaller, never below the frame
            top = self.table.get_top()[1]
            self.table.scale_to_fit_height(top - floor).to_edge(LEFT, buff=theme.FRAME_MARGIN).align_to([0, top, 0], UP)
        self.bar.to_edge(RIGHT, buff=2.55).align_to(self.table, UP)
        # the widest |product| read out beside the bar keeps the least margin (a long string's ×10⁻¹⁰ is wider);
        # the bar moves no further left than it must, clear of the table's "biggest drop"
        widest = max(caption(numbers.text(abs(f.product)), theme.LABEL_SIZE, self.palette.text).width for f in self.factors)
        least = theme.LEAST_MARGIN_PX * config.frame_height / 480
        overhang = self.bar.get_bar(0.0).get_right()[0] + 0.2 + widest - (config.frame_width / 2 - least)
        self.bar.shift(max(overhang, 0.0) * LEFT)
        self.show_product(self.factors, self.table, self.bar)

    @beat("All paths at once: a product of step Jacobians J, each entry a sum of path products. Its size falls with the lag ℓ.")
    def matrix_view_beat(self):
        self.plot = self.get_plot().to_corner(DL, buff=theme.FRAME_MARGIN).shift(0.35 * RIGHT + 0.35 * UP)
        self.show_trained_curve(self.plot)

    @beat("Scale U down: s, the most U stretches a vector, falls to 0.5. Below 1, the bound sˡ forces the size to vanish.")
    def dial_beat(self):
        self.dial = self.get_dial().to_edge(RIGHT, buff=1.0).shift(1.25 * UP)
        self.show_dial(self.plot, self.dial)

    @beat("Past s = 1 the bound grows, yet the size still falls: large inputs keep tanh flat, its slope σ′ near 0.")
    def dial_past_one_beat(self):
        self.turn_dial()

    @beat("Shrink the inputs and bias: tanh stays straight, slope near 1, and the size grows: it explodes.")
    def small_input_beat(self):
        self.show_small_inputs(self.plot)

    @beat("A loss's gradient, split by how far back each part reaches: the distant parts vanish. "
          "Next: the LSTM keeps them.")
    def lag_parts_beat(self):
        self.show_lag_parts(self.plot)

    # ------------------------------------------------------------ the long product

    def get_formula(self, k: int) -> VGroup:
        p, d = self.palette, self.rnn.d
        product = math(p, 
            r"\prod_{r=0}^{\ell-1} \sigma_h'\!\left(a^{\gamma_r}_{t-r}\right) u_{\gamma_r \gamma_{r+1}}",
            rf"\qquad \text{{the strongest of all }} {d} \cdot {d}^{{{k}}} = {d}^{{{k + 1}}} \text{{ paths, lag }} \ell = {k}",
        )
        product[-1].set_color(p.muted)
        # the start unit gamma_0 is free too: d choices more than the d^l paths into one unit
        free = caption(f"any start unit γ₀: {d} choices, then {d} per step back", theme.LABEL_SIZE, p.text)
        return VGroup(*product, free.next_to(product[-1], DOWN, buff=0.1, aligned_edge=LEFT))

    def get_factor_table(self, factors: list[Factor]) -> VGroup:
        """Header and one row per factor: step, units, sigma', u, factor, running product."""
        p = self.palette
        header = [math(p, tex, color=color) for (tex, _), color in zip(COLUMNS, (None, None, None, p.U, None, None))]

        def cell(text: str, color: str = p.text) -> Text:
            return caption(text, theme.LABEL_SIZE, color)

        t = len(factors) + 1  # the path runs from the last step t back to step 1
        cells = list(header)
        for f in factors:
            # each number read by its column's head and its row's step and edge
            row = f"{HEADS[0]} = {f.step}, {HEADS[1]} = {f.gamma_next} → {f.gamma}"
            cells += [
                cell(str(f.step)),
                cell(f"{f.gamma_next} → {f.gamma}", p.hidden),
                cell(self.numeral("sigma_h'", {"t": f.step, "unit": f.gamma}, f.dtanh, label=f"{HEADS[2]}, {row}").text),
                cell(self.numeral("U", {"i": f.gamma, "j": f.gamma_next}, f.u, label=f"{HEADS[3]}, {row}").text, p.U),
                cell(self.numeral("B", {"t": f.step, "unit": f.gamma, "to": f.gamma_next}, f.value, label=f"{HEADS[4]}, {row}").text),
                cell(self.numeral("strongest_path_partial", {"t": t, "lag": f.l + 1}, f.product,
                                  label=f"{HEADS[5]} down to t − r = {f.step}, lag {f.l + 1}").text),
            ]
        grid = VGroup(*cells).arrange_in_grid(len(factors) + 1, 6, buff=(0.2, 0.16), col_alignments="rcrrrr")
        return VGroup(*(VGroup(*grid[r * 6 : (r + 1) * 6]) for r in range(len(factors) + 1)))

    def show_product(self, factors: list[Factor], table: VGroup, bar: LogBar) -> None:
        p = self.palette
        bar_label = math(p, r"|\text{product}|").next_to(bar.ticks[-1], RIGHT, buff=0.3)
        current = bar.get_bar(0.0)
        readout = self.get_readout(0, 1.0, bar, current)
        # one row per step back, as the error reaches it: its factor arrives and the bar of the error's size drops
        rows = []
        for f, row in zip(factors, table[1:]):
            new_bar = bar.get_bar(float(np.log10(abs(f.product))))
            rows.append((
                Dissolve(row, fade_in=True, shift=0.1 * DOWN, run_time=self.row_time),
                Transform(current, new_bar, run_time=self.row_time),
                Transform(readout, self.get_readout(f.l + 1, f.product, bar, new_bar), run_time=self.row_time),
            ))
        drop = self.get_drop_mark(table)
        small = sum(abs(f.value) < 1 for f in factors)
        product = self.numeral("strongest_path_partial", {"t": len(factors) + 1, "lag": len(factors)}, factors[-1].product,
                               label=f"the product of the {len(factors)} factors, lag {len(factors)}")
        change = "shrinks" if abs(factors[-1].product) < 1 else "grows"
        note = caption(f"{small} of {len(factors)} factors are below 1 in size: the product {change} to {product.text}",
                       theme.LABEL_SIZE, p.text)
        note.to_corner(DL, buff=theme.FRAME_MARGIN)
        self.paced(
            (Dissolve(self.graph, self.path), Dissolve(table[0], fade_in=True), Dissolve(bar, bar_label, current, readout, fade_in=True)),
            *rows,
            (Create(drop[0]), Dissolve(drop[1], fade_in=True)),
            Dissolve(note, fade_in=True),
        )
        self.bar_parts = (bar_label, current, readout, note, drop)

    def get_drop_mark(self, table: VGroup) -> VGroup:
        """A frame round the row whose factor shrinks the product most, labelled with that factor."""
        p = self.palette
        worst = collapsing_factor(self.factors)
        row = table[1 + worst.l]
        frame = SurroundingRectangle(row, color=p.text, buff=0.03, stroke_width=2)  # inside the gap to the next rows
        # the factor itself is in the row; the mark records which one it points at
        words = "biggest\ndrop"
        self.record("collapsing_factor", {"t": worst.step, "unit": worst.gamma, "to": worst.gamma_next}, worst.value, "",
                    label=f"{words.replace(chr(10), ' ')}, t − r = {worst.step}, γr+1 → γr = {worst.gamma_next} → {worst.gamma}")
        self.mark("box", "edge", {"t": worst.step, "from": worst.gamma_next, "to": worst.gamma})
        label = caption(words, theme.SMALL_SIZE, p.text).next_to(frame, RIGHT, buff=0.12)
        return VGroup(frame, label)

    def get_entry_check(self) -> VGroup:
        """Entry (alpha, beta) of J_T ... J_{T-k+1} and the post's sum over its d^(k-1) paths, the summand written out: one number both ways."""
        p = self.palette
        k, T = self.link_lag, len(self.factors) + 1
        # the table's path, cut to lag k: its first and last unit name the entry
        alpha, beta = self.factors[0].gamma, self.factors[k - 1].gamma_next
        entry = jacobian_entry(self.rnn, self.reber_string, T, k, alpha, beta)
        where = {"t": T, "k": k, "alpha": alpha, "beta": beta}
        jacobians = " ".join(f"J_{{{T - l}}}" for l in range(k))
        middle = ",".join(rf"\gamma_{{{l}}}" for l in range(1, k))
        product = "".join(f"J_{T - l}" for l in range(k))
        matrix = self.numeral("jacobian_entry", where, entry.matrix, digits=theme.CHECK_DIGITS,
                              label=f"[{product}]_{alpha}{beta}, entry ({alpha}, {beta}), t = {T}, lag {k}")
        paths = self.numeral("jacobian_entry_path_sum", where, entry.paths, digits=theme.CHECK_DIGITS,
                             label=f"Σ over {','.join(f'γ{l}' for l in range(1, k))} of Π B, unit {beta} at step {T - k} to unit {alpha} at step {T}")
        return VGroup(
            math(p, rf"\big[{jacobians}\big]_{{{alpha}{beta}}} = {matrix.tex()}", scale=theme.EQUATION_SCALE_SMALL),
            math(p, rf"\textstyle\sum_{{{middle}}} \prod_{{r<{k}}} B = {paths.tex()}", scale=theme.EQUATION_SCALE_SMALL),
            caption(f"the sum of its {entry.count} path products,\nunit {beta} at step {T - k} to unit {alpha} at step {T}",
                    theme.SMALL_SIZE, p.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_readout(self, lag: int, value: float, bar: LogBar, shown: Mobject) -> Text:
        """|product| after `lag` factors, beside its bar."""
        t = len(self.factors) + 1
        text = self.numeral("abs_strongest_path_partial", {"t": t, "lag": lag}, abs(value), label=f"|product|, lag {lag}").text
        label = caption(text, theme.LABEL_SIZE, self.palette.error)
        return label.next_to(shown, RIGHT, buff=0.2).align_to(shown, UP)

    # ------------------------------------------------------------ the matrix view

    def get_plot(self) -> LogPlot:
        return LogPlot(self.palette,
            x_max=len(self.long_string),
            floor=LOG_FLOOR,
            ceiling=LOG_CEILING,
            x_label=r"\text{lag } \ell",
            y_label=r"\| \partial h_\tau / \partial h_{\tau-\ell} \|_2",
        )

    def show_trained_curve(self, plot: LogPlot) -> None:
        p = self.palette
        curve = norm_curve(self.rnn, reber.encode(self.long_string))
        self.trained_s = curve.s
        T = len(self.long_string)
        self.legend_text = self.get_legend_text(self.numeral("s", {}, curve.s, label="trained net: s").text)
        norms = self.plotted("jacobian_norm", {"t": T}, curve.norms, string=self.long_string, label=self.legend_text["trained"])
        line = plot.get_curve(curve.ks, clipped_log10(norms, plot.floor, plot.ceiling), p.text)
        chain = VGroup(
            math(p, r"\frac{\partial h_\tau}{\partial h_{\tau-\ell}} = J_\tau \cdots J_{\tau-\ell+1}", scale=theme.EQUATION_SCALE_SMALL),
            math(p, r"J_t = \mathrm{diag}(\sigma_h'(a_t))\, U", scale=theme.EQUATION_SCALE_SMALL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        # the column right of the plot, clear of its gridlines
        column = plot.get_right()[0] + 0.3
        chain.to_edge(UP, buff=1.1).shift((column - chain.get_left()[0]) * RIGHT)
        entry = self.get_entry_check().next_to(chain, DOWN, buff=0.3, aligned_edge=LEFT)
        legend = self.get_legend(numbers.numeral(curve.s).tex()).to_edge(RIGHT, buff=0.5).shift(1.65 * DOWN)
        # the switch from one string to the long one, said in the text's colour: the plot's lags reach past one string
        string_note = footnote(p, f"from here: {self.reber_string} read {self.copies} times back to back, h carried over: τ = {T}, the last step")
        string_note.set_color(p.text)
        string_note.to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        self.paced(
            (Dissolve(self.formula, self.table, self.bar, *self.bar_parts), Dissolve(plot, fade_in=True)),
            Dissolve(chain, fade_in=True, shift=0.2 * RIGHT),
            Dissolve(entry[0], fade_in=True, run_time=0.7),
            Dissolve(entry[1:], fade_in=True, run_time=0.7),
            (Create(line, rate_func=linear, run_time=2.5), Dissolve(legend[0], string_note, fade_in=True, run_time=1.0)),
        )
        self.legend, self.chain = legend, VGroup(chain, entry)

    def get_legend_text(self, trained_s: str) -> dict[str, str]:
        """The plot's legend entries as plain text: the labels its curves' numbers are read by."""
        norm = "‖∂h_τ/∂h_τ−ℓ‖_2"
        return {"trained": f"{norm}, trained net: s = {trained_s}", "rescaled": f"{norm}, U rescaled to s",
                "bound": "bound s^ℓ", "small": f"{norm}, s = {numbers.parameter_text(self.exploding_s)}, inputs and bias b_h scaled",
                "lag": "lag-ℓ part of ∂L/∂W"}

    def get_legend(self, trained_s: str) -> VGroup:
        p = self.palette
        rows = []
        for text, color, dashed in (
            (rf"trained net: $s = {trained_s}$", p.text, False),
            (r"$U$ rescaled to $s$", p.hidden, False),
            (r"bound $s^\ell$, as $|\tanh'| \le 1$", p.U, True),
        ):
            swatch = Line(ORIGIN, 0.5 * RIGHT, color=color, stroke_width=theme.CURVE_WIDTH)
            swatch = DashedLine(ORIGIN, 0.5 * RIGHT, color=color, dash_length=0.08) if dashed else swatch
            rows.append(VGroup(swatch, Tex(text, color=p.text, font_size=theme.LEGEND_TEX_SIZE)).arrange(RIGHT, buff=0.15))
        # s defined where it first appears, under the first row's words (the legend stays narrow, clear of the plot)
        definition = Tex(r"$s$: the most $U$ stretches a vector", color=p.muted, font_size=theme.LEGEND_TEX_SIZE)
        rows[0] = VGroup(rows[0], definition.next_to(rows[0][1], DOWN, buff=0.08, aligned_edge=LEFT))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_lag_legend(self) -> VGroup:
        p = self.palette
        line = VGroup(Line(ORIGIN, 0.5 * RIGHT, color=p.text, stroke_width=theme.CURVE_WIDTH),
                      math(p, r"\| \partial h_\tau / \partial h_{\tau-\ell} \|_2", scale=theme.EQUATION_SCALE_LEGEND))
        dots = VGroup(Dot(0.25 * RIGHT, radius=theme.LEGEND_DOT_RADIUS, color=p.error),
                      caption("lag-ℓ part of ∂L/∂W", theme.SMALL_SIZE, p.text))
        for row in (line, dots):
            row.arrange(RIGHT, buff=0.15)
        return VGroup(line, dots).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_dial(self) -> Dial:
        # it starts at the trained net's s, its curve on the trained one, and turns down from there
        return Dial(self.palette, *self.dial_range, ticks=(0.25, 0.5, 1, 2, 4), value=self.trained_s, color=self.palette.U)

    def show_dial(self, plot: LogPlot, dial: Dial) -> None:
        p = self.palette
        # each setting's curve is computed once; while the dial turns the redraws interpolate them
        settings = tuple(sorted({*self.dial_settings, self.trained_s}))  # from the trained net's s down, then up
        self.dial_curves = curves = dial_curves(self.rnn, reber.encode(self.long_string), settings)

        def cap_note(count: int) -> VGroup:
            """Says so when `count` values of the curve lie outside the plot and are drawn at its edge."""
            if not count:
                return VGroup()
            window = f"{numbers.power_of_ten_text(plot.floor)} … {numbers.power_of_ten_text(plot.ceiling)}"
            note = caption(f"{count} values outside {window}: drawn at the edge", theme.SMALL_SIZE, p.muted)
            return VGroup(note.next_to(plot.y_label, RIGHT, buff=0.5))

        def draw(s: float) -> tuple[VMobject, VMobject]:
            at = curves.at(s)
            # the bound ends where it leaves the plot (a straight line stopped at the edge, not run along it)
            out = np.flatnonzero((at.log_bound >= plot.ceiling) | (at.log_bound <= plot.floor))
            shown = slice(None, out[0] + 1 if len(out) else None)
            return (plot.get_curve(curves.ks, at.log_norms, p.hidden),
                    plot.get_curve(curves.ks[shown], at.log_bound[shown], p.U, dashed=True))

        moving, bound_line = draw(dial.value)
        drawn = {"capped": int(curves.at(dial.value).capped.sum())}
        capped = cap_note(drawn["capped"])

        def follow(s: float) -> None:
            """The rescaled net's curve, the bound and the note as the dial passes `s` (the note typeset when it changes)."""
            curve, bound = draw(s)
            moving.set_points(curve.points)
            if len(bound) == len(bound_line):  # dash by dash, in place (become() would deep-copy the new line)
                for dash, new in zip(bound_line, bound):
                    dash.set_points(new.points)
            else:
                bound_line.become(bound)
            count = int(curves.at(s).capped.sum())
            if count != drawn["capped"]:
                redraw_in_place(capped, cap_note(count))
                drawn["capped"] = count

        self.follow_dial = follow
        self.followers = (moving, bound_line, capped)
        self.add(capped)
        self.record_dial(dial.value)  # at rest as it comes in: the trained net, its curve on the white one
        vanish = caption("s < 1: the size stays under\nthe bound sˡ, which goes to 0", theme.SMALL_SIZE, p.text)
        vanish.next_to(dial, DOWN, buff=0.3)
        # the caption's order: the dial comes in at the trained net's s and turns down to the setting it names
        self.paced(
            (FadeOut(self.chain), Dissolve(dial, self.legend[1:], fade_in=True), Create(moving), Create(bound_line)),
            dial.turn(self.dial_settings[0], follow, self.followers, run_time=self.dial_turn),
            Dissolve(vanish, fade_in=True, run_time=0.8),
        )
        self.record_dial(self.dial_settings[0])
        self.dial_parts = (dial, moving, bound_line, capped, vanish)

    def record_dial(self, setting: float) -> None:
        """What the dial shows at rest at `setting`: its readout, the rescaled net's norms and the bound."""
        c = self.dial_curves.curve(setting)
        where = {"t": len(self.long_string), "s": setting}
        self.numeral("s_dial", {}, setting, label=self.dial.label(setting).split(" = ")[0])
        self.plotted("jacobian_norm_rescaled", where, c.norms, string=self.long_string, label=self.legend_text["rescaled"])
        self.plotted("bound", {"s": setting}, c.bound, string=self.long_string, label=self.legend_text["bound"])

    def turn_dial(self) -> None:
        p = self.palette
        dial, moving, bound_line, capped, vanish = self.dial_parts
        explode = caption("s > 1: the bound grows,\nyet tanh is flat here (σ′ ≈ 0):\nthe size still falls", theme.SMALL_SIZE, p.text)
        explode.move_to(vanish, aligned_edge=UP)
        # the dial turns to s = 1, where the bound stops shrinking, and on past it
        turns = [dial.turn(setting, self.follow_dial, self.followers, run_time=self.dial_turn) for setting in self.dial_settings[1:]]
        # the note changes while the dial goes on past 1
        swap = Succession(Dissolve(vanish), Dissolve(explode, fade_in=True), run_time=self.dial_turn)
        self.paced(*turns[:-1], (turns[-1], swap))
        for setting in self.dial_settings[1:]:
            self.record_dial(setting)
        self.dial_parts = (dial, moving, bound_line, capped, explode)

    def show_small_inputs(self, plot: LogPlot) -> None:
        """The exploding case: U at s = exploding_s, inputs scaled down so tanh stays linear."""
        p = self.palette
        regime = small_input_regime(self.rnn, reber.encode(self.long_string), self.exploding_s)
        c, T = regime.curve, len(self.long_string)
        where = {"t": T, "s": self.exploding_s, "scale": regime.scale}
        norms = self.plotted("jacobian_norm_small_input", where, c.norms, string=self.long_string, label=self.legend_text["small"])
        line = plot.get_curve(c.ks, clipped_log10(norms, plot.floor, plot.ceiling), p.input)
        scale = numbers.power_of_ten_text(round(np.log10(regime.scale)))
        # the curve named in the legend, its last value at its end
        head = f"s = {numbers.parameter_text(self.exploding_s)}, inputs, bₕ ×{scale}"
        last = self.numeral("jacobian_norm_small_input", {**where, "k": int(c.ks[-1])}, c.norms[-1], string=self.long_string,
                            label=f"‖∂h_τ/∂h_τ−ℓ‖_2 (the axis), {head}, lag ℓ = {c.ks[-1]}")
        row = VGroup(Line(ORIGIN, 0.5 * RIGHT, color=p.input, stroke_width=theme.CURVE_WIDTH),
                     caption(head, theme.SMALL_SIZE, p.text)).arrange(RIGHT, buff=0.15)
        row.next_to(self.legend, DOWN, buff=0.15, aligned_edge=LEFT)
        self.legend.add(row)
        # under the curve's end, over the empty band above 10^0 (the bound runs above the curve)
        label = caption(last.text, theme.SMALL_SIZE, p.input).next_to(line.get_end(), DOWN, buff=0.3).align_to(line.get_end(), RIGHT)
        # a backing in the background's colour keeps the gridlines from striking through the number
        label.add_background_rectangle(color=p.background, opacity=1, buff=0.05)
        slope = self.numeral("least_sigma_h'_small_input", where, regime.least_slope, digits=theme.CHECK_DIGITS, string=self.long_string,
                             label=f"every σ′ ≥, inputs and bias ×{scale}, s = {numbers.parameter_text(self.exploding_s)}")
        dial, moving, bound_line, capped, explode = self.dial_parts
        # one line for each clause of the caption: what is shrunk, the slope it leaves, what the size does
        note = VGroup(*(caption(text, theme.SMALL_SIZE, p.text) for text in (
            f"inputs and bias ×{scale}: h stays near 0,", f"so every σ′ ≥ {slope.text}:", "the size grows, yet stays under sˡ"
        ))).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        note.move_to(explode, aligned_edge=UP)
        parts = [line, label, row]
        if c.capped.any():  # drawn at the plot's edge: say so beside the curve
            parts.append(caption(f"{c.capped.sum()} values beyond the plot, drawn at its edge", theme.SMALL_SIZE, p.muted)
                         .next_to(label, DOWN, buff=0.1))
        self.paced(
            Succession(Dissolve(explode), Dissolve(row, note[0], fade_in=True)),  # the new note where the old one stood
            Dissolve(note[1], fade_in=True, run_time=0.7),
            Create(line, rate_func=linear, run_time=2.5),
            Dissolve(note[2], *parts[1:2], *parts[3:], fade_in=True, run_time=0.8),
        )
        self.dial_parts = (dial, moving, bound_line, capped, note)
        self.small_input_parts = [part for part in parts if part is not row]  # the legend's row stays with the legend

    # ------------------------------------------------------- per-lag gradient parts

    def show_lag_parts(self, plot: LogPlot) -> None:
        p = self.palette
        profile = lag_profile(self.rnn, self.reber_string, copies=self.copies)
        dial, moving, bound_line, capped, explode = self.dial_parts
        T = len(self.long_string)
        norms = self.plotted("lag_part_norm", {"t": T}, profile.norms, string=self.long_string, label=self.legend_text["lag"])
        dots = plot.get_dots(range(len(norms)), clipped_log10(norms, plot.floor, plot.ceiling), p.error)
        label = math(p, r"\| \text{lag-}\ell \text{ part of } \partial L / \partial W \|").move_to(plot.y_label, aligned_edge=LEFT)
        long = self.long_string
        total = self.numeral("dL/dW_norm", {"t": T}, float(np.linalg.norm(profile.total)), string=long,
                             label=f"norm of ∂L/∂W, loss at τ = {T}").text
        first = self.numeral("lag_part_norm", {"t": T, "k": 0}, norms[0], string=long, label=f"{self.legend_text['lag']}, lag 0").text
        last = self.numeral("lag_part_norm", {"t": T, "k": len(norms) - 1}, norms[-1], string=long,
                            label=f"{self.legend_text['lag']}, lag {len(norms) - 1}").text
        # what the dots are, then (after they arrive, lag by lag) how small the far ones are
        note = VGroup(
            caption(f"loss at the last step τ = {T};\nthe parts add up to ∂L/∂W", theme.SMALL_SIZE, p.text),
            caption(f"size of ∂L/∂W: {total}\nlag-0 part alone: {first}\nlag-{len(norms) - 1} part: {last}", theme.SMALL_SIZE, p.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        legend = self.get_lag_legend().move_to(self.legend, aligned_edge=UL)
        note.next_to(legend, UP, buff=0.4, aligned_edge=LEFT)  # the dial's place is free: the note stands over its legend
        self.paced(
            (Dissolve(moving, bound_line, capped, dial, explode, *self.small_input_parts), FadeTransform(self.legend, legend),
             FadeTransform(plot.y_label, label)),
            Dissolve(note[0], fade_in=True, run_time=0.8),
            LaggedStart(*(FadeIn(d) for d in dots), lag_ratio=0.5, run_time=3.0),
            Dissolve(note[1], fade_in=True, run_time=0.8),
        )
