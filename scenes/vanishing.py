"""Scene 6: the product of sigma'*u factors along a path shrinks; the Jacobian norms fall with the lag."""

from __future__ import annotations

from manim import *

from model import reber
from scenes import numbers, theme
from scenes.components.dial import Dial
from scenes.components.logplot import LogBar, LogPlot
from scenes.components.text import caption, footnote, math, title
from scenes.rnn_values import (
    LONG_STRING,
    LONG_STRING_LABEL,
    LOG_CEILING,
    LOG_FLOOR,
    Factor,
    clipped_log10,
    dial_curve,
    lag_profile,
    longest_path,
    norm_curve,
)
from scenes.story import StoryScene, beat


class VanishingProduct(StoryScene):
    scene_id = "vanishing"
    title = "Why the error vanishes"
    section = "Evaluating Error Flow"
    approx_seconds = 78
    max_string_length = 13  # the factor table overlaps the formula from 14 symbols on

    long_string = LONG_STRING  # the norm curves need more steps than one short Reber string
    dial_settings = (0.5, 1.0, 2.0)  # the largest singular values s the dial turns through
    dial_range = (0.25, 4.0)
    bar_decades = (-6, 1)

    def construct(self):
        self.factors = longest_path(self.rnn, self.reber_string)
        self.factor_beat()
        self.product_beat()
        self.matrix_view_beat()
        self.dial_beat()
        self.dial_past_one_beat()
        self.lag_parts_beat()

    @beat("Every path back in time multiplies one factor per step: a tanh slope times a weight of U.")
    def factor_beat(self):
        heading = title("Evaluating error flow")
        self.formula = self.get_formula(len(self.factors)).next_to(heading, DOWN, buff=0.3).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        self.play(FadeIn(heading), Write(self.formula))

    @beat("Along the strongest path back to the first step, the factors are multiplied one at a time. "
          "Most are below one, so the product collapses.")
    def product_beat(self):
        self.table, self.bar = self.get_factor_table(self.factors), LogBar(*self.bar_decades, height=4.0)
        self.table.to_edge(LEFT, buff=theme.FRAME_MARGIN).shift(0.7 * DOWN)
        self.bar.to_edge(RIGHT, buff=2.4).align_to(self.table, DOWN)
        self.show_product(self.factors, self.table, self.bar)

    @beat("All paths at once are a product of step Jacobians, one per step back. Its size falls steeply "
          "with the lag ℓ, the number of steps back, for the trained network.")
    def matrix_view_beat(self):
        self.play(FadeOut(self.formula, self.table, self.bar, *self.bar_parts))
        self.plot = self.get_plot().to_corner(DL, buff=theme.FRAME_MARGIN).shift(0.35 * RIGHT + 0.35 * UP)
        self.show_trained_curve(self.plot)

    @beat("Rescale U so its largest singular value is s. With s below one the bound s^ℓ "
          "(tanh's slope is at most 1) forces the norm to vanish.")
    def dial_beat(self):
        self.dial = self.get_dial().to_edge(RIGHT, buff=1.0).shift(1.0 * UP)
        self.show_dial(self.plot, self.dial)

    @beat("Past s = 1 the bound grows, yet this trained network's norm still falls: "
          "its tanh units are saturated.")
    def dial_past_one_beat(self):
        self.turn_dial()

    @beat("The gradient of a loss at the last step, split by how far back it reaches: "
          "the distant parts are vanishingly small.")
    def lag_parts_beat(self):
        self.show_lag_parts(self.plot)

    # ------------------------------------------------------------ the long product

    def get_formula(self, k: int) -> VGroup:
        p = theme.palette()
        product = math(
            r"\prod_{r=0}^{\ell-1} \sigma_h'\!\left(a^{\gamma_r}_{t-r}\right) u_{\gamma_r \gamma_{r+1}}",
            rf"\qquad \text{{the strongest of the }} {self.rnn.d}^{{{k}}} \text{{ paths of lag }} \ell = t-1 = {k}",
        )
        product[-1].set_color(p.muted)
        return product

    def get_factor_table(self, factors: list[Factor]) -> VGroup:
        """Header and one row per factor: step, units, sigma', u, factor, running product."""
        p = theme.palette()
        header = [
            math(r"t-r"),
            math(r"\gamma_r \to \gamma_{r+1}"),
            math(r"\sigma_h'"),
            math(r"u_{\gamma_r\gamma_{r+1}}", color=p.U),
            math(r"\sigma_h' u", color=p.error),
            math(r"\text{product}"),
        ]

        def cell(text: str, color: str = p.text) -> Text:
            return Text(text, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=color)

        t = len(factors) + 1  # the path runs from the last step t back to step 1
        cells = list(header)
        for f in factors:
            cells += [
                cell(str(f.step)),
                cell(f"{f.gamma} → {f.gamma_next}", p.hidden),
                cell(self.numeral("sigma_h'", {"t": f.step, "unit": f.gamma}, f.dtanh).text),
                cell(self.numeral("U", {"i": f.gamma, "j": f.gamma_next}, f.u).text, p.U),
                cell(self.numeral("B", {"t": f.step, "unit": f.gamma, "to": f.gamma_next}, f.value).text, p.error),
                cell(self.numeral("strongest_path_partial", {"t": t, "lag": f.l + 1}, f.product).text),
            ]
        grid = VGroup(*cells).arrange_in_grid(len(factors) + 1, 6, buff=(0.45, 0.16), col_alignments="rcrrrr")
        return VGroup(*(VGroup(*grid[r * 6 : (r + 1) * 6]) for r in range(len(factors) + 1)))

    def show_product(self, factors: list[Factor], table: VGroup, bar: LogBar) -> None:
        p = theme.palette()
        bar_label = math(r"|\text{product}|").next_to(bar.ticks[-1], RIGHT, buff=0.3)
        current = bar.get_bar(0.0)
        readout = self.get_readout(0, 1.0, bar, current)
        self.play(FadeIn(table[0]), FadeIn(bar, bar_label, current, readout))
        for f, row in zip(factors, table[1:]):
            new_bar = bar.get_bar(float(np.log10(abs(f.product))))
            self.play(
                FadeIn(row, shift=0.1 * DOWN),
                Transform(current, new_bar),
                Transform(readout, self.get_readout(f.l + 1, f.product, bar, new_bar)),
                run_time=theme.STEP,
            )
        small = sum(abs(f.value) < 1 for f in factors)
        product = self.numeral("strongest_path_partial", {"t": len(factors) + 1, "lag": len(factors)}, factors[-1].product)
        note = caption(
            f"{small} of {len(factors)} factors are smaller than 1 in size: the product is {product.text}",
            theme.LABEL_SIZE,
            p.error,
        )
        self.play(FadeIn(note.to_edge(DOWN, buff=theme.FRAME_MARGIN)))
        self.bar_parts = (bar_label, current, readout, note)

    def get_readout(self, lag: int, value: float, bar: LogBar, shown: Mobject) -> Text:
        """|product| after `lag` factors, beside its bar."""
        t = len(self.factors) + 1
        text = self.numeral("abs_strongest_path_partial", {"t": t, "lag": lag}, abs(value)).text
        label = caption(text, theme.LABEL_SIZE, theme.palette().error)
        return label.next_to(shown, RIGHT, buff=0.2).align_to(shown, UP)

    # ------------------------------------------------------------ the matrix view

    def get_plot(self) -> LogPlot:
        return LogPlot(
            x_max=len(self.long_string),
            floor=LOG_FLOOR,
            ceiling=LOG_CEILING,
            x_label=r"\text{lag } \ell",
            y_label=r"\| \partial h_T / \partial h_{T-\ell} \|_2",
        )

    def show_trained_curve(self, plot: LogPlot) -> None:
        p = theme.palette()
        curve = norm_curve(self.rnn, reber.encode(self.long_string))
        T = len(self.long_string)
        norms = self.plotted("jacobian_norm", {"t": T}, curve.norms, string=self.long_string)
        line = plot.get_curve(curve.ks, clipped_log10(norms, plot.floor, plot.ceiling), p.text)
        chain = math(r"\frac{\partial h_T}{\partial h_{T-\ell}} = J_T \cdots J_{T-\ell+1},\quad J_t = \mathrm{diag}(\sigma_h'(a_t))\, U")
        chain.to_edge(UP, buff=1.15).to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        legend = self.get_legend(self.numeral("s", {}, curve.s).tex()).to_edge(RIGHT, buff=0.5).shift(1.9 * DOWN)
        string_note = footnote(f"one valid Reber string of {len(self.long_string)} symbols: {LONG_STRING_LABEL}")
        string_note.to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        self.play(FadeIn(plot), Write(chain), FadeIn(string_note))
        self.play(Create(line), FadeIn(legend[0]), run_time=theme.SLOW)
        self.legend, self.chain = legend, chain

    def get_legend(self, trained_s: str) -> VGroup:
        p = theme.palette()
        rows = []
        for text, color, dashed in (
            (rf"trained net: $s = {trained_s}$, the largest singular value of $U$", p.text, False),
            (r"$U$ rescaled to $s$", p.error, False),
            (r"bound $s^\ell$, as $|\tanh'| \le 1$", p.U, True),
        ):
            swatch = Line(ORIGIN, 0.5 * RIGHT, color=color, stroke_width=theme.CURVE_WIDTH)
            swatch = DashedLine(ORIGIN, 0.5 * RIGHT, color=color, dash_length=0.08) if dashed else swatch
            rows.append(VGroup(swatch, Tex(text, color=p.text, font_size=theme.LABEL_SIZE)).arrange(RIGHT, buff=0.15))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_lag_legend(self) -> VGroup:
        p = theme.palette()
        line = VGroup(Line(ORIGIN, 0.5 * RIGHT, color=p.text, stroke_width=theme.CURVE_WIDTH),
                      math(r"\| \partial h_T / \partial h_{T-\ell} \|_2", scale=theme.EQUATION_SCALE * 0.7))
        dots = VGroup(Dot(0.25 * RIGHT, radius=theme.DOT_RADIUS * 1.5, color=p.error),
                      caption("lag-ℓ part of ∂L/∂W", theme.SMALL_SIZE, p.text))
        for row in (line, dots):
            row.arrange(RIGHT, buff=0.15)
        return VGroup(line, dots).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_dial(self) -> Dial:
        return Dial(*self.dial_range, ticks=(0.25, 0.5, 1, 2, 4), value=self.dial_settings[0], color=theme.palette().error)

    def show_dial(self, plot: LogPlot, dial: Dial) -> None:
        p = theme.palette()
        xs = reber.encode(self.long_string)
        s = dial.tracker

        def curve():
            c = dial_curve(self.rnn, xs, s.get_value())
            return plot.get_curve(c.ks, c.log_norms, p.error)

        def cap_note():
            """Says so when part of the curve lies outside the plot and is drawn at its edge."""
            c = dial_curve(self.rnn, xs, s.get_value())
            if not c.capped.any():
                return VGroup()
            window = f"{numbers.power_of_ten_text(plot.floor)} … {numbers.power_of_ten_text(plot.ceiling)}"
            note = caption(f"{c.capped.sum()} values outside {window}: drawn at the edge", theme.SMALL_SIZE, p.muted)
            return note.next_to(plot.y_label, RIGHT, buff=0.5)

        def bound():
            c = dial_curve(self.rnn, xs, s.get_value())
            return plot.get_curve(c.ks, c.log_bound, p.U, dashed=True)

        moving, bound_line, capped = always_redraw(curve), always_redraw(bound), always_redraw(cap_note)
        self.add(capped)
        self.play(FadeOut(self.chain), FadeIn(dial), FadeIn(self.legend[1:]), Create(moving), Create(bound_line))
        vanish = Tex(r"$s < 1$ is sufficient for vanishing:\\the norm stays under $s^\ell \to 0$", color=p.text, font_size=theme.LABEL_SIZE)
        vanish.next_to(dial, DOWN, buff=0.3)
        self.play(FadeIn(vanish))
        self.record_dial(s.get_value())
        self.dial_parts = (dial, moving, bound_line, capped, vanish)

    def record_dial(self, setting: float) -> None:
        """What the dial shows at rest at `setting`: its readout, the rescaled net's norms and the bound."""
        c = dial_curve(self.rnn, reber.encode(self.long_string), setting)
        where = {"t": len(self.long_string), "s": setting}
        self.numeral("s_dial", {}, setting)
        self.plotted("jacobian_norm_rescaled", where, c.norms, string=self.long_string)
        self.plotted("bound", {"s": setting}, c.bound, string=self.long_string)

    def turn_dial(self) -> None:
        p = theme.palette()
        dial, moving, bound_line, capped, vanish = self.dial_parts
        s = dial.tracker
        explode = caption(
            "s > 1 is only necessary for exploding:\nthe bound grows, yet tanh saturates\n(σ′ ≈ 0) and the norm still falls",
            theme.SMALL_SIZE,
            p.text,
        ).move_to(vanish, aligned_edge=UP)
        for setting in self.dial_settings[1:]:
            # The note changes as the dial passes s = 1, where the bound stops shrinking.
            swap = [FadeTransform(vanish, explode)] if setting > 1 and vanish in self.mobjects else []
            self.play(s.animate.set_value(setting), *swap, run_time=theme.DIAL_TURN)
            self.record_dial(setting)
        self.dial_parts = (dial, moving, bound_line, capped, explode)

    # ------------------------------------------------------- per-lag gradient parts

    def show_lag_parts(self, plot: LogPlot) -> None:
        p = theme.palette()
        profile = lag_profile(self.rnn, self.long_string)
        dial, moving, bound_line, capped, explode = self.dial_parts
        for redrawn in (moving, bound_line, capped):
            redrawn.clear_updaters()
        T = len(self.long_string)
        norms = self.plotted("lag_part_norm", {"t": T}, profile.norms, string=self.long_string)
        dots = plot.get_dots(range(len(norms)), clipped_log10(norms, plot.floor, plot.ceiling), p.error)
        label = math(r"\| \text{lag-}\ell \text{ part of } \partial L / \partial W \|").move_to(plot.y_label, aligned_edge=LEFT)
        long = self.long_string
        total = self.numeral("dL/dW_norm", {"t": T}, float(np.linalg.norm(profile.total)), string=long).text
        first = self.numeral("lag_part_norm", {"t": T, "k": 0}, norms[0], string=long).text
        last = self.numeral("lag_part_norm", {"t": T, "k": len(norms) - 1}, norms[-1], string=long).text
        note = caption(
            f"loss at the last step T = {T}\nthe parts add up to ∂L/∂W\n(norm {total}); lag 0 holds "
            f"{first},\nlag {len(norms) - 1} holds {last}",
            theme.SMALL_SIZE,
            p.text,
        ).move_to(explode, aligned_edge=UP)
        legend = self.get_lag_legend().move_to(self.legend, aligned_edge=UL)
        self.play(FadeOut(moving, bound_line, capped, dial), FadeTransform(self.legend, legend), FadeTransform(plot.y_label, label))
        self.play(LaggedStart(*(FadeIn(d) for d in dots), lag_ratio=0.1), FadeTransform(explode, note), run_time=theme.SLOW)
