"""Scene 6: the product of sigma'*u factors along a path shrinks; the Jacobian norms fall with the lag."""

from __future__ import annotations

from collections.abc import Callable

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.components.dial import Dial
from lstm_explainer.scenes.components.logplot import LogPlot, LogRuler
from lstm_explainer.scenes.components.fades import Dissolve, redraw_in_place
from lstm_explainer.scenes.components.paths import JacobianTrellis, PathGraph, get_path
from lstm_explainer.scenes.components.text import SUPERSCRIPTS, caption, math, title
from lstm_explainer.scenes.error_recurrence import ErrorRecurrence
from lstm_explainer.scenes.values.paths import Factor, collapsing_factor, longest_path
from lstm_explainer.scenes.values.plots import (
    LOG_CEILING,
    LOG_FLOOR,
    clipped_log10,
    curve_string,
    dial_curves,
    lag_profile,
    norm_curve,
    preactivation,
    product_window,
)
from lstm_explainer.scenes.story import StoryScene, beat


# The factor table's column heads as typeset and as plain text (the label its numbers are read by).
# Each row is one step of the path; the path's unit at that step is lit in the column of units beside it, so the
# edge a row's factor follows runs from the lit unit of the row under it (the step before) to this row's. The
# running product stands beside the table, at the end of each row's bar.
COLUMNS = ((r"\text{step}", "step"), (r"\sigma_h'", "σh′"), (r"u", "u"), (r"\sigma_h' u", "σh′ u"))
STEP, SLOPE, WEIGHT, FACTOR = (plain for _, plain in COLUMNS)
RULER_TYPE = 1.0  # the ruler's decades over the table's bars: set as the table's numbers are, not larger
TABLE_TYPE = 1.2  # the factor table's type against LABEL_SIZE: nine rows read at 480p
PRODUCT_TYPE = 1.05  # the products beside the bars, a little smaller than the table's numbers (room for the bars)
PRODUCT_HEAD = "product"
PRODUCT_GAP = 0.3  # from a bar's end to its product: the number clear of the bar
DROP_WORDS = "biggest drop"
BAR_WORDS = ("bar length:", "its size,", "log scale;", "the sign is", "in the number")
DROP_GAP = 0.15  # from the biggest drop's frame to the words naming it, outside it
DROP_BUFF = 0.07  # the frame round the biggest drop's row, clear of its letters (inside the gap to the next rows)
DROP_PAD = 0.15  # the frame's room right of the biggest drop's product, so the number stands inside it
DROP_MARGIN = 0.25  # from the words naming the biggest drop to the frame's right margin (their box stays clear of the edge)
LEGEND_TOP = -1.1  # the plot's legend hangs from here in the column right of the plot, under the dial's notes
TANH_RANGE = 4.0  # the tanh inset's a axis runs from -TANH_RANGE to TANH_RANGE
RIM_WIDTH = theme.CURVE_WIDTH + 5  # the rescaled net's curve and its legend swatch: wider than the trained net's, drawn under it
UNIT_DOT = 0.08  # a unit in the factor table's column of the path's units
UNIT_GAP = 0.1  # between those units
NOTE_SIZE = theme.PROSE_SIZE  # the notes and legend right of the plot: read, not glanced at (9.2 px x-height at 480p)
EXPONENT_SHARE = 0.9  # a running product's exponent against its digits' size
EXPONENT_RISE = 0.3  # how far (of its own height) the exponent stands over the digits' top
STRING_SIZE = 48  # the long string's letters as it is first built, large in the middle of the frame
LETTER_PITCH = 0.66  # from one letter of the long string to the next: the copies' letters stand in columns
ROW_GAP = 0.2  # between the copies
COLUMN_SCALE = 0.55  # the long string moved into the column right of the plot (its words back to the labels' size)
LARGE = 1.4  # the words beside the long string as it is built, against the labels' size
TAIL = 2.0  # where tanh's flat tails begin (|a| past it: slope under 0.08), lit as the caption names them


class VanishingProduct(StoryScene):
    scene_id = "vanishing-product"
    title = "Why the error vanishes"
    section = "Evaluating Error Flow"
    approx_seconds = 79.8  # measured 79.8 s (480p, burned subtitles)
    max_string_length = 13  # the factor table overlaps the formula from 14 symbols on

    dial_settings = (0.5, 1.0, 2.0)  # the largest singular values s the dial turns through
    dial_range = (0.1, 10.0)  # powers of ten at the ends and middle: a log scale read as one, the trained s well inside
    row_time = 0.5  # a row of the factor table against the beat's other steps (paced stretches them together)
    dial_lags = 10  # the dial's beats plot the first lags only, a window of decades a viewer can take in
    dial_decades = 3  # the step of that window's decade ticks
    dial_turn = 2.0  # the dial passing from one setting to the next, against the beat's other steps
    motion_share = 1.0  # each beat moves while its whole caption is read: its still end is the least a beat holds

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
        self.long_string_beat(copies=self.copies, T=len(self.long_string))
        self.matrix_view_beat()
        self.dial_beat(s=self.trained_text)
        self.shrink_beat(low=f"{self.dial_settings[0]:g}")
        self.dial_past_one_beat(s=self.trained_text)
        self.saturation_beat()
        self.lag_parts_beat()

    def pace(self, *steps) -> None:
        self.paced(*steps, share=self.motion_share)

    @beat("The strongest path back: per step, tanh's slope σ′ times a weight of U.")
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
        product, slope, weight, (strongest, *count) = self.formula
        # the step the path starts from, τ, under the string's last symbol (as τ is named under the repeated string later)
        t = len(self.reber_string)
        tau = self.numeral("tau_last", {}, t, digits=len(str(t)), string=self.reber_string, label="τ, the last step of the string").text
        self.tau = caption(f"τ = {tau}", theme.LABEL_SIZE, self.palette.text).next_to(self.graph.inputs[-1], DOWN, buff=0.15).align_to(
            self.graph.columns[-1], RIGHT)  # under the last step's column, inside the frame's margin
        # which network and string the scene follows, kept in view on the title's line (the string changes in beat 3)
        self.network = self.get_network_tag(heading)
        # the caption's order: the string's trellis, the path drawn from the last step back and what makes it the
        # strongest, then its factor as the caption names it, tanh's slope lit, then the weight of U; the count last
        self.pace(
            (FadeTransform(self.last_heading, heading), Dissolve(self.trellis), Dissolve(self.graph, fade_in=True),
             Dissolve(self.network[0], fade_in=True)),
            (FadeIn(self.tau, shift=0.2 * UP), Indicate(self.graph.inputs[-1], color=self.palette.text, scale_factor=1.4)),
            Create(self.path, run_time=2.0),
            Dissolve(strongest, fade_in=True),
            Dissolve(product, slope, weight, fade_in=True, shift=0.2 * RIGHT),
            Indicate(slope, color=self.palette.hidden, scale_factor=1.15),
            Indicate(weight, color=self.palette.U, scale_factor=1.15),
            Dissolve(*count, fade_in=True, run_time=1.5),
        )

    def get_network_tag(self, heading: Mobject) -> VGroup:
        """The network and the string it reads, at the right end of the title's line, and how many times it is read
        over from beat 3 on (those words come in after the rest, in the room kept for them)."""
        times = f"×{self.copies}"
        line = caption(f"trained RNN, {self.rnn.d} units: {self.reber_string} {times}", theme.LABEL_SIZE, self.palette.text)
        line.to_edge(RIGHT, buff=theme.FRAME_MARGIN).align_to(heading, DOWN)
        return VGroup(line[: -len(times)], line[-len(times):])  # one line set once: the two parts share its baseline

    def get_string_graph(self) -> PathGraph:
        """The hidden units at every step of the scene's string, as narrow as the frame needs."""
        steps = len(self.reber_string)
        room = config.frame_width - 2 * theme.FRAME_MARGIN - 0.8  # the unit numbers stand left of the first column
        gap = min(theme.PATH_COLUMN_GAP, room / max(steps - 1, 1))
        return PathGraph(self.palette, self.rnn.U, self.reber_string, steps, column_gap=gap, inputs_named=False)

    @beat("Each row goes one step back and multiplies the product by its factor: below 1 it shrinks, above 1 it grows.")
    def product_beat(self):
        self.table = self.get_factor_table(self.factors)
        # the product's formula gives way to the table's heads (they name its factors); the line naming the path
        # moves to the left edge and the table hangs from under it, whatever the string's length
        product, slope, weight, words = self.formula
        self.heading = words[0]
        self.heading.generate_target().to_edge(LEFT, buff=theme.FRAME_MARGIN)
        # room over the heads for the ruler's labels
        self.table.next_to(self.heading.target, DOWN, buff=0.55).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        floor = -config.frame_height / 2 + theme.FRAME_MARGIN + 0.6  # the note under the table keeps its line
        rows = self.table[1:]
        # a long string's rows are set a little closer first (the products' exponents need the rest of the gap)
        if self.table.get_bottom()[1] < floor:
            closer = min(0.04, (floor - self.table.get_bottom()[1]) / len(rows))
            for n, row in enumerate(rows, start=1):
                row.shift(n * closer * UP)
        self.type_scale = TABLE_TYPE  # the table's type against LABEL_SIZE: the products beside it follow it down
        if self.table.get_bottom()[1] < floor:  # then smaller, never below the frame
            top = self.table.get_top()[1]
            self.type_scale *= (top - floor) / self.table.height
            self.table.scale_to_fit_height(top - floor).to_edge(LEFT, buff=theme.FRAME_MARGIN).align_to([0, top, 0], UP)
        # the ruler of decades right of the table, as wide as leaves every product at its bar's end, and the
        # biggest drop's words after its product, inside the frame
        window = product_window(self.factors)
        left, edge = self.table.get_right()[0] + 0.5, config.frame_width / 2 - theme.FRAME_MARGIN
        widest = max(self.product_label(numbers.text(f.product)).width for f in self.factors)
        worst = collapsing_factor(self.factors)
        behind = (self.product_label(numbers.text(worst.product)).width + PRODUCT_GAP + DROP_BUFF + DROP_PAD
                  + DROP_GAP + caption(DROP_WORDS, theme.LABEL_SIZE, self.palette.text).width + DROP_MARGIN)
        share = (np.log10(abs(worst.product)) - window[0]) / (window[1] - window[0])
        head = math(self.palette, rf"\text{{{PRODUCT_HEAD}}}", scale=theme.EQUATION_SCALE_LABEL).width + 0.25  # right of the scale's end
        width = min(edge - left - widest - PRODUCT_GAP - 0.05, edge - left - head, (edge - left - behind) / max(share, 1e-3))
        # how a bar reads (a size on a log scale has no sign): in narrow lines at the right edge, beside the short
        # bars of the last rows
        self.bar_words = VGroup(*(caption(line, theme.LABEL_SIZE, self.palette.text) for line in BAR_WORDS)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.08)
        self.ruler = LogRuler(self.palette, *window, width=width, label_scale=RULER_TYPE * theme.EQUATION_SCALE_LABEL)
        self.ruler.shift(left * RIGHT + self.table[0].get_center()[1] * UP - self.ruler.scale_line.get_start())
        self.show_product(self.factors, self.table, self.ruler)

    @beat("Further back: the same net reads its string {copies} times over, τ = {T}.")
    def long_string_beat(self, copies: int, T: int):
        self.plot = self.get_plot(*self.long_window()).to_corner(DL, buff=theme.FRAME_MARGIN).shift(0.35 * RIGHT + 0.2 * UP)
        self.show_long_string()

    @beat("All lag-ℓ paths summed, the size falls as ℓ grows.")
    def matrix_view_beat(self):
        self.show_trained_curve(self.plot)

    @beat("Zoom in on the first lags. U's size s, the most U stretches a vector, is {s} in the trained net.")
    def dial_beat(self, s: str):
        self.dial = self.get_dial().to_edge(RIGHT, buff=1.75).shift(1.25 * UP)
        self.show_dial(self.plot, self.dial)

    @beat("Scale U down to s = {low}: the size stays under a bound, s multiplied ℓ times, which goes to 0.")
    def shrink_beat(self, low: str):
        self.shrink_dial()

    @beat("Past s = 1 the bound grows, yet the size still falls, even at the trained net's s = {s}.")
    def dial_past_one_beat(self, s: str):
        self.turn_dial()

    @beat("Why: for small U the bound goes to 0, as σ′ is at most 1. Large U pushes tanh's input a into its flat tails: σ′ near 0.")
    def saturation_beat(self):
        self.show_saturation()

    @beat("W's gradient ∂L/∂W sums one red part per lag. Far parts add nothing: W learns only from nearby steps.")
    def lag_parts_beat(self):
        self.show_lag_parts()

    # ------------------------------------------------------------ the long product

    def get_formula(self, k: int) -> VGroup:
        p, d = self.palette, self.rnn.d
        # the path's product in words under the product sign: one factor per step back, tanh's slope times a weight
        product = math(p, r"\prod", r"\sigma_h'", r"\, u")
        # the product's range in words under its sign, at the labels' size (a subscript would be 5 px at 480p)
        steps = caption("over steps back", theme.LABEL_SIZE, p.text).next_to(product, DOWN, buff=0.12).align_to(product, LEFT)
        product = VGroup(VGroup(product[0], steps), product[1], product[2])
        # what "strongest" means and among how many: the model searches every path through the string, its start at
        # the last step free too (any of d units at each of the k + 1 steps); the one it finds starts from unit γ
        start = self.factors[0]  # the path starts back from its unit at the last step, where the error comes in
        strongest = math(p, rf"\text{{strongest path: largest product in size, of all }} {d}^{{{k + 1}}} \text{{ paths}}",
                         scale=theme.EQUATION_SCALE_LABEL)
        # which end is which: read left to right the path runs the other way, so both ends are named by unit and step
        end = self.factors[-1]
        count = math(p, rf"\text{{(any unit at each of {k + 1} steps), here from unit {start.gamma} at step {start.step}}}",
                     scale=theme.EQUATION_SCALE_LABEL)
        # which net: the middle scenes' net, on its own string, from its last step back to its first
        which = caption(f"back to unit {end.gamma_next} at step {end.step - 1}. The {d}-unit RNN met before.",
                        theme.LABEL_SIZE, p.text)
        words = VGroup(strongest, count, which).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return VGroup(*product, words.next_to(product, RIGHT, buff=0.45))

    def get_factor_table(self, factors: list[Factor]) -> VGroup:
        """Header, one row per factor (step, units, sigma', u, factor), and the path's first step (its unit only)."""
        p = self.palette
        header = [math(p, tex, scale=TABLE_TYPE * theme.EQUATION_SCALE_LABEL) for tex, _ in COLUMNS]

        def cell(text: str, color: str = p.text) -> Text:
            return caption(text, theme.LABEL_SIZE, color).scale(TABLE_TYPE)

        # beside the step, its units as dots, the path's unit lit: the path drawn down the rows, one step back per row
        def units(lit: int | None = None) -> VGroup:
            dots = VGroup(*(Circle(radius=UNIT_DOT, color=p.hidden, stroke_width=1.5) for _ in range(self.rnn.d)))
            dots.arrange(RIGHT, buff=UNIT_GAP)
            if lit is not None:
                dots[lit - 1].set_fill(p.error, opacity=1).set_stroke(p.error)
            return dots

        numbered = units()
        numbered = VGroup(*(caption(str(u), theme.LABEL_SIZE, p.hidden).move_to(dot) for u, dot in enumerate(numbered, start=1)))
        numbered = VGroup(caption("unit", theme.LABEL_SIZE, p.hidden), numbered).arrange(DOWN, buff=0.04)
        cells = [header[0], numbered, *header[1:]]
        for f in factors:
            # each number read by its column's head and its row's step and edge
            row = self.row_label(f)
            cells += [
                cell(str(f.step)),
                units(f.gamma),
                cell(self.numeral("sigma_h'", {"t": f.step, "unit": f.gamma}, f.dtanh, label=f"{SLOPE}, {row}").text),
                cell(self.numeral("U", {"i": f.gamma, "j": f.gamma_next}, f.u, label=f"{WEIGHT}, {row}").text),
                cell(self.numeral("B", {"t": f.step, "unit": f.gamma, "to": f.gamma_next}, f.value, label=f"{FACTOR}, {row}").text),
            ]
        # the step the path starts from, its unit only: the last row's factor follows the edge from it
        first = factors[-1]
        cells += [cell(str(first.step - 1)), units(first.gamma_next), *(VectorizedPoint() for _ in COLUMNS[1:])]
        n = len(COLUMNS) + 1
        grid = VGroup(*cells).arrange_in_grid(len(factors) + 2, n, buff=(0.36, 0.14), col_alignments="rcrrr")
        return VGroup(*(VGroup(*grid[r * n : (r + 1) * n]) for r in range(len(factors) + 2)))

    def product_label(self, shown: str, scale: float | None = None) -> VGroup:
        """A running product at the table's type, its power of ten's exponent set at EXPONENT_SHARE of the digits'
        size (a superscript's usual size is ~6 px at 480p), raised to the digits' top."""
        mantissa, times, power = shown.partition(f"{numbers.TIMES}10")
        digits = caption(mantissa + times, theme.LABEL_SIZE, self.palette.text)
        scale = self.type_scale * PRODUCT_TYPE / TABLE_TYPE if scale is None else scale
        if not times:
            return VGroup(digits).scale(scale)
        exponent = caption(power.translate(SUPERSCRIPTS), round(EXPONENT_SHARE * theme.LABEL_SIZE), self.palette.text)
        exponent.next_to(digits, RIGHT, buff=0.04).align_to(digits, UP).shift(EXPONENT_RISE * exponent.height * UP)
        return VGroup(digits, exponent).scale(scale)

    @staticmethod
    def row_label(f: Factor) -> str:
        """A row's numbers are read by its step and the path's lit units: this row's and the one under it (the step before)."""
        return f"{STEP} {f.step}, unit {f.gamma_next} → {f.gamma}"

    def show_product(self, factors: list[Factor], table: VGroup, ruler: LogRuler) -> None:
        p = self.palette
        t = len(factors) + 1  # the path runs from the last step t back to step 1
        head = math(p, rf"\text{{{PRODUCT_HEAD}}}", scale=theme.EQUATION_SCALE_LABEL).next_to(ruler.scale_line, RIGHT, buff=0.25)
        # one row per step back, as the error reaches it: its factor arrives, the bar of the product's size
        # comes down from the row above and shrinks (or grows) to its new size, the product at its end
        previous, steps, self.bars, self.products = ruler.get_bar(0.0, table[1].get_center()[1]), [], VGroup(), VGroup()
        self.segments, above = VGroup(), None
        # the same path as lit on the graph, now down the table's rows
        self.mark("lit", "path", {"t": t, "path": ",".join(map(str, reversed([factors[0].gamma] + [f.gamma_next for f in factors])))})
        for f, row in zip(factors, table[1:]):
            bar = ruler.get_bar(float(np.log10(abs(f.product))), row.get_center()[1])
            shown = self.numeral("strongest_path_partial", {"t": t, "lag": f.l + 1}, f.product,
                                 label=f"{PRODUCT_HEAD} down to t − r = {f.step}, lag {f.l + 1}")
            number = self.product_label(shown.text).next_to(bar, RIGHT, buff=PRODUCT_GAP)
            # the path's segment from the row above's lit unit to this row's: one step back
            lit = row[1][f.gamma - 1]
            segment = [Line(above.get_center(), lit.get_center(), color=p.error, stroke_width=3, buff=UNIT_DOT)] if above else []
            self.segments.add(*segment)
            above = lit
            steps.append((
                *(Create(line, run_time=self.row_time) for line in segment),
                Dissolve(row, fade_in=True, run_time=self.row_time),
                ReplacementTransform(previous.copy(), bar, run_time=self.row_time),
                FadeIn(number, run_time=self.row_time),
            ))
            previous = bar
            self.bars.add(bar)
            self.products.add(number)
        # the step the path starts from: its unit, where the last row's edge comes from
        start = table[-1]
        segment = Line(above.get_center(), start[1][factors[-1].gamma_next - 1].get_center(), color=p.error, stroke_width=3, buff=UNIT_DOT)
        self.segments.add(segment)
        steps.append((Create(segment, run_time=self.row_time), Dissolve(start, fade_in=True, run_time=self.row_time)))
        drop = self.get_drop_mark(table)
        small = sum(abs(f.value) < 1 for f in factors)
        last = factors[-1]
        end = self.numeral("strongest_path_partial", {"t": t, "lag": last.l + 1}, last.product,
                           label=f"{PRODUCT_HEAD} down to t − r = {last.step}, lag {last.l + 1}").text
        # its end set as the products beside the bars are (a full-size exponent), at the note's size
        words = caption(f"{small} of {len(factors)} factors are smaller than 1 in size: the product goes from 1 to",
                        theme.LABEL_SIZE, p.text)
        value = self.product_label(end, scale=1.0)
        note = VGroup(words, value.next_to(words, RIGHT, buff=0.12).align_to(words[-1], DOWN))  # on the line's baseline
        note.to_corner(DL, buff=theme.FRAME_MARGIN)
        bar_words = self.bar_words.to_edge(RIGHT, buff=theme.FRAME_MARGIN).align_to(table[-1], DOWN)
        # the product's formula and the count of paths give way to the table (the lit path's factors): replaced, not piled up
        product, slope, weight, words = self.formula
        count = words[1:]
        self.pace(
            (Dissolve(self.graph, self.path, self.tau, *count, product, slope, weight), MoveToTarget(self.heading),
             Dissolve(table[0], fade_in=True), Dissolve(ruler, head, fade_in=True)),
            (*steps[0], Dissolve(bar_words, fade_in=True)),
            *steps[1:],
            Dissolve(note, fade_in=True),
            (FadeIn(drop[0]), Dissolve(drop[1], fade_in=True)),
        )
        words.remove(*count)
        self.formula = VGroup(self.heading)
        self.bar_parts = (head, note, drop, bar_words)

    def get_drop_mark(self, table: VGroup) -> VGroup:
        """A frame round the row whose factor shrinks the product most, its bar and product, named beside them."""
        p = self.palette
        worst = collapsing_factor(self.factors)
        self.worst = worst
        row = VGroup(table[1 + worst.l], self.bars[worst.l], self.products[worst.l])
        # the factor itself is in the row; the mark records which one it points at
        self.record("collapsing_factor", {"t": worst.step, "unit": worst.gamma, "to": worst.gamma_next}, worst.value, "",
                    label=f"biggest drop, {self.row_label(worst)}")
        self.mark("box", "edge", {"t": worst.step, "from": worst.gamma_next, "to": worst.gamma})
        # a lit band behind the row, its bar and product (no frame line to run across the next rows' exponents)
        frame = SurroundingRectangle(row, buff=DROP_BUFF, stroke_width=0).set_fill(p.dim, opacity=0.9).set_z_index(-1)
        frame.stretch_to_fit_width(frame.width + DROP_PAD, about_edge=LEFT)  # the product well inside, not at its edge
        label = caption(DROP_WORDS, theme.LABEL_SIZE, p.text).next_to(frame, RIGHT, buff=DROP_GAP)
        return VGroup(frame, label)

    # ------------------------------------------------------------ the matrix view

    def get_plot(self, floor: int = LOG_FLOOR, ceiling: int = LOG_CEILING, lags: int | None = None, x_step: int = 10,
                 y_step: int = 10) -> LogPlot:
        return LogPlot(self.palette,
            x_max=len(self.long_string) if lags is None else lags,
            floor=floor,
            ceiling=ceiling,
            x_step=x_step,
            x_label=r"\text{lag } \ell",
            y_label=r"\| \partial h_\tau / \partial h_{\tau-\ell} \|_2",
            y_step=y_step,
            width=6.0,
        )

    def long_window(self) -> tuple[int, int]:
        """The decade under the trained curve over every lag of the long string, and one over its top and the lag
        parts' (never a bare decade of gridlines above the data)."""
        curve = norm_curve(self.rnn, reber.encode(self.long_string))
        parts = lag_profile(self.rnn, self.reber_string, copies=self.copies).norms
        top = np.log10(max(curve.norms.max(), parts.max()))
        return -int(np.ceil((1 - np.log10(curve.norms.min())) / 10)) * 10, int(np.ceil(top + 1))

    def dial_window(self, curves) -> tuple[int, int]:
        """Whole steps of `dial_decades` holding every norm and bound the dial draws over its first lags."""
        lags = slice(None, self.dial_lags + 1)
        with np.errstate(divide="ignore"):
            logs = np.concatenate([np.log10(c.norms[lags]) for c in curves.curves] + [np.log10(c.bound[lags]) for c in curves.curves])
        step = self.dial_decades
        low, high = np.floor((logs.min() - 0.25) / step), np.ceil((logs.max() + 0.25) / step)
        return int(low) * step, int(high) * step

    def get_long_string(self) -> VGroup:
        """The scene's string once per row, a row per copy (the long string the curves read, as it is read, row after
        row), the note that it is no Reber string any more, and its last step τ named under its last letter."""
        p = self.palette
        rows = VGroup()
        for _ in range(self.copies):
            row = VGroup(*(caption(letter, STRING_SIZE, p.input) for letter in self.reber_string))
            for n, letter in enumerate(row):
                letter.move_to(n * LETTER_PITCH * RIGHT)
            rows.add(row)
        rows.arrange(DOWN, buff=ROW_GAP, aligned_edge=LEFT)
        T = len(self.long_string)
        tau = self.numeral("tau_last", {}, T, digits=len(str(T)), string=self.long_string,
                           label="τ, the last step of the repeated string").text
        last = caption(f"τ = {tau}", theme.LABEL_SIZE, p.text).scale(LARGE)
        note = caption("repeated: no longer a Reber string", theme.LABEL_SIZE, p.text).scale(LARGE)
        return self.set_long_string(VGroup(note, rows, last))

    @staticmethod
    def set_long_string(block: VGroup) -> VGroup:
        """The note over the rows, τ under the last row's last letter."""
        note, rows, last = block
        note.next_to(rows, UP, buff=0.35, aligned_edge=LEFT)
        last.next_to(rows[-1][-1], DOWN, buff=0.15).align_to(rows[-1][-1], RIGHT)
        return block

    def show_long_string(self) -> None:
        """The table gives way to the string, copied row under row to the long string; its last step is τ."""
        block = self.get_long_string()
        note, rows, last = block
        block.shift(0.1 * DOWN - rows.get_center())  # the rows in the middle of the room under the title
        self.chain = block
        copies = [TransformFromCopy(above, row) for above, row in zip(rows, rows[1:])]
        # the caption's order: the string, read again and again (the network's tag says so too), its last step τ
        self.pace(
            # the table leaves before the string takes its place (never one drawn over the other)
            Dissolve(self.formula, self.table, self.segments, self.ruler, self.bars, self.products, *self.bar_parts, run_time=0.8),
            # the string's first reading comes down from the network's tag: the same string, the same net
            LaggedStart(*(TransformFromCopy(small, letter) for small, letter in
                          zip(self.network[0][-len(self.reber_string):], rows[0])), lag_ratio=0.15),
            *copies[:-1],
            (copies[-1], Dissolve(self.network[1], fade_in=True)),
            Dissolve(note, fade_in=True),
            (FadeIn(last, shift=0.3 * UP), Indicate(rows[-1][-1], color=self.palette.text, scale_factor=1.4)),
        )

    def show_trained_curve(self, plot: LogPlot) -> None:
        p = self.palette
        curve = norm_curve(self.rnn, reber.encode(self.long_string))
        self.trained_s = curve.s
        self.trained_text = numbers.numeral(curve.s).text
        T = len(self.long_string)
        self.legend_text = self.get_legend_text(numbers.numeral(curve.s).text)
        # lags 0 to the farthest back to step 1, the dashed line's (not on to the state before the string)
        ks = curve.ks[: self.far_lag + 1]
        norms = self.plotted("jacobian_norm", {"t": T}, curve.norms[: len(ks)], string=self.long_string, label=self.legend_text["trained"])
        line = plot.get_curve(ks, clipped_log10(norms, plot.floor, plot.ceiling), p.text)
        self.trained = (ks, norms, line)  # the dial's beats redraw it when the plot closes in on the first lags
        # the column right of the plot, clear of its gridlines: the long string steps aside into it, its top at the
        # plot's top gridline, under the line that names the y axis
        self.column = column = plot.get_right()[0] + 0.5
        block = self.chain
        target = block.generate_target()
        target[1].scale(COLUMN_SCALE)
        target[0].scale(1 / LARGE)
        target[2].scale(1 / LARGE)
        self.set_long_string(target)
        block.target.shift(column * RIGHT + plot.point(0, plot.ceiling)[1] * UP - block.target.get_corner(UL))
        # what the y axis reads, in words beside its symbols: every path of lag ℓ summed, and that sum's size
        self.size_note = Tex(r"size of all lag-$\ell$ paths summed", color=p.text, font_size=NOTE_SIZE)
        self.size_note.next_to(plot.y_label, RIGHT, buff=0.4).align_to(plot.y_label, DOWN)
        self.legend = self.get_legend(None).next_to(block.target, DOWN, buff=0.5, aligned_edge=LEFT)  # the dial takes its place next
        self.early = early = self.get_far_mark(plot)
        # the caption's order: the plot and what its y axis reads (all paths of a lag summed), the curve drawn lag by
        # lag as the caption says it falls, the farthest lag back, to the string's first step, last
        self.pace(
            (MoveToTarget(block), Dissolve(plot, fade_in=True), Dissolve(self.size_note, fade_in=True)),
            (Indicate(VGroup(plot.y_label, self.size_note), color=p.hidden, scale_factor=1.05),
             Create(line, rate_func=linear, run_time=3.0), Dissolve(self.legend, fade_in=True, run_time=1.0)),
            (Create(early[0]), Dissolve(early[1], fade_in=True), Indicate(block[1][0][0], color=p.text, scale_factor=1.6)),
        )

    @property
    def far_lag(self) -> int:
        """The farthest lag the loss at tau has a part for (back to the long string's first step), as the model splits it."""
        return len(lag_profile(self.rnn, self.reber_string, copies=self.copies).norms) - 1

    def get_far_mark(self, plot: LogPlot) -> VGroup:
        """A dashed line up the plot at the farthest lag, back to the long string's first step, named at its top."""
        p, lag = self.palette, self.far_lag
        guide = DashedLine(plot.point(lag, plot.floor), plot.point(lag, plot.ceiling), color=p.muted, dash_length=0.08)
        words = caption(f"back to step {len(self.long_string) - lag}: ℓ = {lag}", theme.LABEL_SIZE, p.text)
        words.next_to(guide.get_top(), LEFT, buff=0.12).shift(0.3 * DOWN)
        back = BackgroundRectangle(words, color=self.palette.background, fill_opacity=1, buff=0.05)
        return VGroup(guide, VGroup(back, words))

    def get_legend_text(self, trained_s: str) -> dict[str, str]:
        """The plot's legend entries as plain text: the labels its curves' numbers are read by."""
        norm = "‖∂h_τ/∂h_τ−ℓ‖_2"
        return {"trained": f"{norm}, trained net", "trained s": "trained net: s", "rescaled": f"{norm}, U scaled to the dial's s",
                "bound": "bound s^ℓ", "lag": "‖lag-ℓ part of ∂L/∂W‖"}

    def get_legend(self, trained_s: str | None) -> VGroup:
        """The trained net's row (its s once the dial has named s), then the dial's rows."""
        p = self.palette
        rows = []
        trained = r"trained net" if trained_s is None else rf"trained net: $s = {trained_s}$"
        for text, color, dashed in (
            (trained, p.text, False),  # thin over the rescaled curve's wide line once the dial is in
            (r"$U$ scaled to the dial's $s$", p.hidden, False),
            (r"bound $s^\ell$, as $|\tanh'| \le 1$", p.U, True),
        ):
            swatch = Line(ORIGIN, 0.5 * RIGHT, color=color, stroke_width=RIM_WIDTH if color == p.hidden else theme.CURVE_WIDTH)
            swatch = DashedLine(ORIGIN, 0.5 * RIGHT, color=color, dash_length=0.08) if dashed else swatch
            rows.append(VGroup(swatch, Tex(text, color=p.text, font_size=NOTE_SIZE)).arrange(RIGHT, buff=0.15))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15) if trained_s else VGroup(rows[0])

    def get_dial(self) -> Dial:
        # it starts at the trained net's s, its curve on the trained one, and turns down from there
        # ticks at the powers of ten only: even steps on the log scale, none beside the trained net's tick
        dial = Dial(self.palette, *self.dial_range, ticks=(0.1, 1, 10), value=self.trained_s, color=self.palette.U)
        # said under the right end's number, as the ticks alone (0.1, 1, 10 evenly apart) leave it to be guessed; its
        # left edge under the arc's end, clear of the read-out under the hub and of the plot on the left
        words = caption("log scale", theme.LABEL_SIZE, self.palette.text).next_to(dial.ticks[-1], DOWN, buff=0.12)
        return dial.add(words.shift((dial.arc.get_right()[0] - words.get_left()[0]) * RIGHT))

    @staticmethod
    def note(palette, *lines: str) -> VGroup:
        """Lines of a note beside the plot, maths in them typeset as in the legend."""
        return VGroup(*(Tex(text, color=palette.text, font_size=NOTE_SIZE) for text in lines)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1)

    def show_dial(self, plot: LogPlot, dial: Dial) -> None:
        p = self.palette
        # each setting's curve is computed once; while the dial turns the redraws interpolate them
        settings = tuple(sorted({*self.dial_settings, self.trained_s}))  # from the trained net's s down, then up
        xs = reber.encode(self.long_string)
        floor, ceiling = self.dial_window(dial_curves(self.rnn, xs, settings))
        self.dial_curves = curves = dial_curves(self.rnn, xs, settings, floor, ceiling)
        # the plot closes in on the first lags, the trained curve with it: decades a viewer can take in
        lags = self.dial_lags
        zoom = self.get_plot(floor, ceiling, lags=lags, x_step=2, y_step=self.dial_decades)
        zoom.shift(plot.axes.c2p(0, 0) - zoom.axes.c2p(0, 0))
        zoom.x_label, zoom.y_label = plot.x_label, plot.y_label  # the axes' names stay as they are
        ks, trained, line = self.trained
        # the same solid line, thin over the rescaled net's wide one: where the two coincide both show
        near = zoom.get_curve(ks[: lags + 1], clipped_log10(trained[: lags + 1], floor, ceiling), p.text)
        # the zoom shown: a frame round the part of the old plot the new one shows, grown to the new plot's whole
        # area as the axes change, said in words as it grows
        # (from the y axis: the new plot's margin before lag 0 is in what it shows; no higher than the old plot's top, its
        # axis name above it)
        window = Rectangle(color=p.text, stroke_width=3).stretch_to_fit_width(plot.point(lags, 0)[0] - plot.point(-zoom.pad, 0)[0]).stretch_to_fit_height(
            plot.point(0, min(ceiling, plot.ceiling))[1] - plot.point(0, floor)[1]).move_to(plot.point(-zoom.pad, floor), aligned_edge=DL)
        whole = window.copy().stretch_to_fit_width(zoom.point(lags, 0)[0] - zoom.point(-zoom.pad, 0)[0]).stretch_to_fit_height(
            zoom.point(0, ceiling)[1] - zoom.point(0, floor)[1]).move_to(zoom.point(-zoom.pad, floor), aligned_edge=DL)
        words = caption(f"zoomed in: sizes {numbers.power_of_ten_text(floor)} to {numbers.power_of_ten_text(ceiling)}",
                        theme.LABEL_SIZE, p.text)
        # one line in the new plot's bottom band, between its two lowest gridlines: under every curve the dial draws
        # there (the lowest, at the dial's smallest s, reaches that band only past the words' end)
        words.move_to(zoom.point(0.3, floor + self.dial_decades / 2), aligned_edge=LEFT)
        self.zoom_note = VGroup(BackgroundRectangle(words, color=p.background, fill_opacity=1, buff=0.05), words)
        # the old scales fade where they stand (moving, their numbers would run across each other); the words saying
        # the new range come in as the axes and the curve change together (in the change's second half, once the old
        # curve has left their place), so the new shape reads as the same curve
        closing = (ReplacementTransform(plot.axes, zoom.axes), ReplacementTransform(plot.grid, zoom.grid),
                   Dissolve(plot.y_ticks, plot.x_ticks), Transform(line, near), Transform(window, whole),
                   Dissolve(self.zoom_note, fade_in=True, rate_func=lambda t: smooth(max(0.0, 2 * t - 1))))
        # then the new scales come in, so the eye follows the change of both axes
        rescaled = (Dissolve(zoom.y_ticks, zoom.x_ticks, fade_in=True), FadeOut(window))
        self.plot = plot = zoom
        shown = slice(None, lags + 1)

        def cap_note(count: int) -> VGroup:
            """Says so when `count` values of the curve lie outside the plot and are drawn at its edge."""
            if not count:
                return VGroup()
            window = f"{numbers.power_of_ten_text(plot.floor)} … {numbers.power_of_ten_text(plot.ceiling)}"
            note = caption(f"{count} values outside {window}: drawn at the edge", theme.LABEL_SIZE, p.text)
            return VGroup(note.next_to(plot.x_label, RIGHT, buff=0.5))

        def draw(s: float) -> tuple[VMobject, VMobject]:
            at = curves.at(s)
            # the bound ends where it leaves the plot (a straight line stopped at the edge, not run along it)
            out = np.flatnonzero((at.log_bound[shown] >= plot.ceiling) | (at.log_bound[shown] <= plot.floor))
            inside = slice(None, out[0] + 1 if len(out) else lags + 1)
            return (plot.get_curve(curves.ks[shown], at.log_norms[shown], p.hidden),
                    plot.get_curve(curves.ks[inside], at.log_bound[inside], p.U, dashed=True))

        moving, bound_line = draw(dial.value)
        # the rescaled net's curve wider than the white one, under its dashes: at the trained s both show, purple between white dashes
        moving.set_stroke(width=RIM_WIDTH)
        line.set_z_index(1)
        drawn = {"capped": int(curves.at(dial.value).capped[shown].sum())}
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
            count = int(curves.at(s).capped[shown].sum())
            if count != drawn["capped"]:
                redraw_in_place(capped, cap_note(count))
                drawn["capped"] = count

        self.follow_dial = follow
        self.followers = (moving, bound_line, capped)
        # the legend's first row names the trained net's s now that the caption has said what s is
        trained_s = self.numeral("s", {}, self.trained_s, label=self.legend_text["trained s"]).text
        legend = self.get_legend(trained_s).move_to([self.column, LEGEND_TOP, 0], aligned_edge=UL)
        definition = self.note(p, r"$s$: the most $U$ stretches a vector")
        definition.next_to(dial, DOWN, buff=0.3)
        # left-aligned with the legend's column, so it and the notes that take its place stay clear of the plot
        definition.shift((self.column - definition.get_left()[0]) * RIGHT)
        self.definition = definition
        # the trained net's s: a tick on the arc in its curve's colour, named, where the needle rests as the dial comes in
        trained_tick = dial.get_tick(self.trained_s, p.text)
        # numbered outside the tick's outer end as the dial's other ticks are, and named over its number, clear of
        # the arc and of the frame's edge
        outward = normalize(trained_tick.get_end() - trained_tick.get_start())
        number = caption(trained_s, theme.LABEL_SIZE, p.text).next_to(trained_tick.get_end(), outward, buff=0.1)
        named = caption("trained", theme.LABEL_SIZE, p.text).next_to(number, UP, buff=0.08, aligned_edge=LEFT)
        trained_tick = VGroup(trained_tick, VGroup(named, number))
        # the caption's order: the plot closing in on the first lags, what s is, the dial at the trained net's s
        self.pace(
            (FadeOut(self.chain), Create(window), FadeOut(self.early)),
            # the legend's row leaves with the old scales and comes back naming s with the new ones (cross-faded in
            # place, the two rows' words ran over each other)
            (Dissolve(self.legend), *closing),
            (*rescaled, Dissolve(legend[0], fade_in=True)),
            (Dissolve(dial, fade_in=True), Dissolve(definition, fade_in=True)),
            (Create(trained_tick), Indicate(dial.readout, color=p.text), Indicate(legend[0], color=p.text, scale_factor=1.1)),
        )
        self.legend = legend
        self.trained_tick = trained_tick
        self.dial_parts = (dial, moving, bound_line, capped)

    def shrink_dial(self) -> None:
        """The dial turned down to s under 1: the rescaled net's curve follows it, under the bound s^ℓ."""
        p = self.palette
        dial, moving, bound_line, capped = self.dial_parts
        self.add(capped)
        self.record_dial(dial.value)  # at rest as it starts: the trained net, its curve on the white one
        vanish = self.note(p, r"$s < 1$: the size stays under", r"the bound $s^\ell$, which goes to 0")
        vanish.next_to(self.definition, DOWN, buff=0.2, aligned_edge=LEFT)
        legend = self.legend
        lower = max(0.0, legend.get_top()[1] + 0.45 - vanish.get_bottom()[1])  # the legend steps down, clear of the note
        # the caption's order: the rescaled net's curve, the turn down, the bound named and drawn, what it does
        self.pace(
            (Dissolve(legend[1], fade_in=True), Create(moving)),
            dial.turn(self.dial_settings[0], self.follow_dial, (moving, capped), run_time=self.dial_turn),
            (Create(bound_line), Dissolve(legend[2], fade_in=True)),
            (Dissolve(vanish, fade_in=True, run_time=0.8), legend.animate(run_time=0.8).shift(lower * DOWN).build()),
        )
        self.record_dial(self.dial_settings[0])
        self.dial_parts = (dial, moving, bound_line, capped, vanish)

    def record_dial(self, setting: float) -> None:
        """What the dial shows at rest at `setting`: its readout, the rescaled net's norms and the bound."""
        c = self.dial_curves.curve(setting)
        where = {"t": len(self.long_string), "s": setting}
        self.numeral("s_dial", {}, setting, label=self.dial.label(setting).split(" = ")[0])
        shown = slice(None, self.dial_lags + 1)  # the lags the plot draws
        self.plotted("jacobian_norm_rescaled", where, c.norms[shown], string=self.long_string, label=self.legend_text["rescaled"])
        self.plotted("bound", {"s": setting}, c.bound[shown], string=self.long_string, label=self.legend_text["bound"])

    def get_tanh_inset(self, top_left: np.ndarray) -> VGroup:
        """tanh over its input a, large, its flat tails ready to be lit, room under it for two lines on the dot's slope."""
        p = self.palette
        axes = Axes(x_range=[-TANH_RANGE, TANH_RANGE, 2], y_range=[-1, 1, 1], x_length=3.7, y_length=2.1, tips=False,
                    axis_config={"color": p.muted, "stroke_width": 2})
        curve = axes.plot(np.tanh, x_range=[-TANH_RANGE, TANH_RANGE], color=p.hidden, stroke_width=theme.CURVE_WIDTH)
        name = math(p, r"\tanh(a)", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden)
        name.move_to(axes.c2p(-TANH_RANGE / 2, 0.6)).align_to(axes.c2p(0, 0), RIGHT).shift(0.15 * LEFT)  # in the empty upper left
        a = math(p, "a", scale=theme.EQUATION_SCALE_LABEL).next_to(axes.c2p(TANH_RANGE, 0), RIGHT, buff=0.1)
        tails = VGroup(*(axes.plot(np.tanh, x_range=span, color=p.text, stroke_width=theme.CURVE_WIDTH + 3)
                         for span in ([-TANH_RANGE, -TAIL], [TAIL, TANH_RANGE])))
        flat = VGroup(*(caption("flat", theme.LABEL_SIZE, p.text).next_to(axes.c2p(x, y), direction, buff=0.12)
                        for x, y, direction in ((-0.5 * (TANH_RANGE + TAIL), -1, UP), (0.5 * (TANH_RANGE + TAIL), 1, DOWN))))
        # what a is, over the axes: U multiplies the hidden state, so a large U makes a large
        rule = math(p, r"a_t = W x_t + U h_{t-1} + b_h", scale=theme.EQUATION_SCALE_LABEL).next_to(axes, UP, buff=0.3)
        drawing = VGroup(axes, curve, name, a, rule)
        # room under the axes for two lines of words on the dot's slope
        room = Rectangle(width=drawing.width, height=0.75, stroke_width=0, fill_opacity=0).next_to(drawing, DOWN, buff=0.15)
        back = BackgroundRectangle(VGroup(drawing, room), color=p.background, fill_opacity=1, buff=0.15).set_stroke(p.dim, 2, opacity=1)
        inset, offset = VGroup(back, drawing, room), top_left - back.get_corner(UL)
        inset.shift(offset)
        inset.axes, inset.room, inset.weight = axes, room, rule.get_part_by_tex("U")
        inset.tails = VGroup(tails, flat).shift(offset)  # drawn after the inset came in, where it stands
        return inset

    def get_slope_marker(self, inset: VGroup, a: float) -> tuple[VGroup, Callable[[float], None]]:
        """A dot on the inset's tanh at input a and its tangent (slope sigma'), and how to move them to another a."""
        p, axes = self.palette, inset.axes
        dot, tangent = Dot(radius=theme.DOT_RADIUS * 1.3, color=p.text), Line(LEFT, RIGHT, color=p.text, stroke_width=3)

        def place(at: float) -> None:
            centre = axes.c2p(at, np.tanh(at))
            direction = axes.c2p(1, 1 - np.tanh(at) ** 2) - axes.c2p(0, 0)
            half = 0.45 * direction / np.linalg.norm(direction)
            dot.move_to(centre)
            tangent.put_start_and_end_on(centre - half, centre + half)

        place(a)
        return VGroup(tangent, dot), place

    def turn_dial(self) -> None:
        p = self.palette
        dial, moving, bound_line, capped, vanish = self.dial_parts
        explode = self.note(p, r"$s > 1$: the bound grows,", r"yet the size still falls")
        explode.move_to(self.definition, aligned_edge=UL)  # in place of the definition and the s < 1 note: two lines, not five
        # at the trained net's s the rescaled net is the trained one: said under the legend that names both curves (on
        # the plot, whatever the string, some curve or gridline would run through it)
        coincide = self.note(p, rf"at $s = {self.trained_text}$ the scaled and", "trained curves coincide")
        explode.add(coincide.next_to(self.legend, DOWN, buff=0.35, aligned_edge=LEFT))
        # the turn to s = 1, where the bound stops shrinking, and on past it, the note changing as it passes 1; then on
        # to the trained net's s, where the rescaled curve is the trained one: it falls too
        settings = (*self.dial_settings[1:], self.trained_s)
        turns = [dial.turn(setting, self.follow_dial, self.followers, run_time=self.dial_turn) for setting in settings]
        swap = Succession(Dissolve(vanish, self.definition), Dissolve(explode[:2], fade_in=True), run_time=self.dial_turn)
        trained_line = self.trained[2]
        self.pace(
            turns[0], (turns[1], swap),
            turns[2],
            (Dissolve(explode[2], fade_in=True), Indicate(self.trained_tick[1], color=p.text, scale_factor=1.3),
             Indicate(self.legend[0], color=p.text, scale_factor=1.1),
             ShowPassingFlash(trained_line.copy().set_stroke(p.text, width=theme.CURVE_WIDTH + 4), time_width=0.4, run_time=1.5)),
        )
        for setting in settings:
            self.record_dial(setting)
        self.dial_parts = (dial, moving, bound_line, capped, explode)

    def show_saturation(self) -> None:
        """Why the size falls past s = 1: a large U pushes a into tanh's flat tails, as at the table's biggest drop."""
        p = self.palette
        dial, moving, bound_line, capped, explode = self.dial_parts
        worst = self.worst
        a = float(np.clip(preactivation(self.rnn, self.reber_string, worst.step, worst.gamma), -0.95 * TANH_RANGE, 0.95 * TANH_RANGE))
        # the dial's place, under the plot's top line, clear of the legend
        self.inset = inset = self.get_tanh_inset(np.array([self.column, self.plot.point(0, self.plot.ceiling)[1], 0]))
        self.slope, place = self.get_slope_marker(inset, 0.0)
        self.slope_a = a
        slope = self.numeral("sigma_h'", {"t": worst.step, "unit": worst.gamma}, worst.dtanh,
                             label=f"σh′ at the dot on tanh, biggest drop, t − r = {worst.step}, unit {worst.gamma}").text
        # the slope shown is the one met earlier, on the string's strongest path (read once, not the plot's run), said
        # so in lines narrower than tanh's axes: inside the inset's frame
        words = self.note(p, "large $U$, biggest drop:", rf"slope $\sigma' = {slope}$, near 0")
        self.slope_note = words.move_to(inset.room, aligned_edge=LEFT)
        # the small-U case first, the dot at tanh's steepest point (slope 1, its most): the bound s^ℓ of the dial's beats goes to 0
        small = self.note(p, r"small $U$: slope $\sigma' \le 1$,", r"so the bound $s^\ell$ goes to 0")
        small.move_to(inset.room, aligned_edge=LEFT)
        # the caption's order: the dial gives way to tanh, the dot pushed out along it from a = 0 (its tangent
        # flattening), the flat tails lit, the slope there
        # the dial's curve and its legend row leave with it (at the trained s it lay under the trained curve); the
        # bound's row closes up under the trained net's, the two stepping down to make room for tanh drawn large
        legend = self.legend
        kept = VGroup(legend[0], legend[2])
        kept.generate_target().arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # as get_legend sets its rows
        top = min(legend.get_top()[1], inset.get_bottom()[1] - 0.25)
        kept.target.move_to([legend.get_left()[0], top, 0], aligned_edge=UL)
        # the dial leaves before tanh comes in where it stood (never one drawn over the other); the dot's slow push
        # out to the biggest drop's a is the beat's motion, as the caption names it
        self.pace(
            (Dissolve(dial, self.trained_tick, explode, moving, capped, legend[1]), MoveToTarget(kept)),
            Dissolve(inset, fade_in=True),
            (Indicate(inset.weight, color=p.U, scale_factor=1.6), GrowFromCenter(self.slope[0]), FadeIn(self.slope[1], scale=2)),
            Dissolve(small, fade_in=True),
            (Dissolve(small, run_time=1.0), UpdateFromAlphaFunc(self.slope, lambda _, alpha: place(alpha * a), run_time=3.5, rate_func=smooth)),
            (Create(inset.tails[0]), Dissolve(inset.tails[1], fade_in=True)),
            Dissolve(self.slope_note, fade_in=True),
            # such slopes along the path are what pull the size down: a flash runs down the falling curve
            ShowPassingFlash(self.trained[2].copy().set_stroke(p.text, width=theme.CURVE_WIDTH + 4), time_width=0.4, run_time=1.5),
        )
        self.legend = kept
        self.dial_parts = (bound_line,)

    # ------------------------------------------------------- per-lag gradient parts

    def show_lag_parts(self) -> None:
        """dL/dW for the loss at the last step is a sum of one part per lag: the plot opens out again to every lag and
        the parts' sizes arrive as red dots, lag by lag, falling like the curve; the note says what they add up to."""
        p, zoom = self.palette, self.plot
        (bound_line,) = self.dial_parts
        profile = lag_profile(self.rnn, self.reber_string, copies=self.copies)
        long, T, far = self.long_string, len(self.long_string), self.far_lag
        # the plot of beat 3 again, every lag back to the string's first step: the far parts are seen, not only read
        plot = self.get_plot(*self.long_window())
        plot.shift(zoom.axes.c2p(0, 0) - plot.axes.c2p(0, 0))
        plot.x_label, plot.y_label = zoom.x_label, zoom.y_label  # the axes' names stay as they are
        ks, trained, line = self.trained
        whole = plot.get_curve(ks, clipped_log10(trained, plot.floor, plot.ceiling), p.text)
        early = self.get_far_mark(plot)
        self.plot = plot
        norms = self.plotted("lag_part_norm", {"t": T}, profile.norms, string=long, label=self.legend_text["lag"])
        dots = plot.get_dots(range(len(norms)), clipped_log10(norms, plot.floor, plot.ceiling), p.error).set_z_index(2)
        total = self.numeral("dL/dW_norm", {"t": T}, float(np.linalg.norm(profile.total)), string=long,
                             label=f"norm of ∂L/∂W, loss at τ = {T}").text
        first = self.numeral("lag_part_norm", {"t": T, "k": 0}, profile.norms[0], string=long,
                             label=f"{self.legend_text['lag']}, lag 0").text
        last = self.numeral("lag_part_norm", {"t": T, "k": far}, profile.norms[far], string=long,
                            label=f"{self.legend_text['lag']}, lag {far}").text
        # the legend's row for the dots, over the trained curve's row (the rescaled curve and the bound leave); the
        # dots take the trained curve's place, its row leaving with it (one mark per meaning)
        row = VGroup(Dot(radius=theme.LEGEND_DOT_RADIUS, color=p.error),
                     caption(self.legend_text["lag"], theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.15)
        # the total named in words where it appears, then the nearest and the farthest part
        note = VGroup(
            caption(f"∂L/∂W: how the loss at τ = {T}\nchanges with W, size {total},\nthe sum of the red parts", theme.LABEL_SIZE, p.text),
            caption(f"lag 0 part: {first}\nlag {far} part: {last}", theme.LABEL_SIZE, p.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        # the y axis names what is plotted: as the dots take the curve's place, its name changes with it (the same
        # words as the dots' legend row), and the words beside it say what one dot is
        y_label = math(p, r"\|\text{lag-}\ell \text{ part of } \partial L / \partial W \|")
        y_label.move_to(zoom.y_label, aligned_edge=LEFT)
        per_dot = Tex("one red dot per lag", color=p.text, font_size=NOTE_SIZE)
        per_dot.next_to(y_label, RIGHT, buff=0.4).align_to(self.size_note, DOWN)
        plot.y_label = y_label
        legend = self.legend
        # the note from the plot's top line down, then the legend: the dots' row over the trained curve's row
        VGroup(note, row).arrange(DOWN, aligned_edge=LEFT, buff=0.5).move_to(
            [self.column, plot.point(0, plot.ceiling)[1], 0], aligned_edge=UL)
        # a little less motion than the scene's other beats: the scene's last beat keeps it within its length
        self.paced(
            # tanh and the dial's curves leave; the trained curve and its legend row stay
            (Dissolve(self.inset, self.inset.tails, self.slope, self.slope_note, bound_line, legend[1]),
             legend[0].animate.next_to(row, DOWN, buff=0.15, aligned_edge=LEFT).build()),
            # the zoom undone: the old scales fade where they stand, the axes open out to every lag, the new scales come in
            (ReplacementTransform(zoom.axes, plot.axes), ReplacementTransform(zoom.grid, plot.grid),
             Dissolve(zoom.y_ticks, zoom.x_ticks, self.zoom_note), Transform(line, whole)),
            (Dissolve(plot.y_ticks, plot.x_ticks, fade_in=True), Create(early[0]), Dissolve(early[1], fade_in=True),
             Dissolve(note[0], fade_in=True), Dissolve(row, fade_in=True)),
            # the parts arrive lag by lag where the curve ran, the curve fading as they take its place
            (LaggedStart(*(FadeIn(d, scale=2) for d in dots), lag_ratio=0.15, run_time=3.0),
             FadeOut(line, legend[0], run_time=3.0),
             Succession(Dissolve(zoom.y_label, self.size_note), Dissolve(y_label, per_dot, fade_in=True), run_time=1.6)),
            Dissolve(note[1], fade_in=True),
            share=0.9,
        )
