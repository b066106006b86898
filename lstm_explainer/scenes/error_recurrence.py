"""Scene 5: the recurrence for dh_t/dw_ij, its closed form as a sum over paths, and the induction."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.paths import PathGraph, get_path, get_paths
from lstm_explainer.scenes.components.text import caption, math, prose, stacked, title
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.rnn_values import PathTable, path_terms
from lstm_explainer.scenes.story import StoryScene, beat

# The three levels of the unrolled recurrence, with the correct time index on every A.
UNROLLED = (
    r"\frac{\partial h^\alpha_t}{\partial w_{ij}} = A(\alpha,t) + \sum_{\gamma_1} B(\alpha,\gamma_1,t)"
    r"\Big[ A(\gamma_1,t-1) + \sum_{\gamma_2} B(\gamma_1,\gamma_2,t-1)",
    r"\Big[ A(\gamma_2,t-2) + \sum_{\gamma_3} B(\gamma_2,\gamma_3,t-2)\,"
    r"\frac{\partial h^{\gamma_3}_{t-3}}{\partial w_{ij}} \Big]\Big]",
)
CLOSED_FORM = (
    r"\frac{\partial h^\alpha_t}{\partial w_{ij}} = \sum_{\ell=0}^{t-1} \sum_{\gamma_1=1}^{d}\!\cdots\!\sum_{\gamma_\ell=1}^{d}"
    r"\prod_{r=0}^{\ell-1} B(\gamma_r,\gamma_{r+1},t-r)\; A(\gamma_\ell,t-\ell), \quad \gamma_0=\alpha"
)
INDUCTION = (
    (
        "base case, t = 1: only lag ℓ = 0",
        r"\frac{\partial h^\alpha_1}{\partial w_{ij}} = A(\alpha,1) = \sigma_h'(a^\alpha_1)\,\delta(\alpha,i)\,x^j_1",
    ),
    (
        "step: one more step of the recurrence, then assume the formula at t",
        r"\frac{\partial h^\alpha_{t+1}}{\partial w_{ij}} = A(\alpha,t+1) + \sum_{\gamma} B(\alpha,\gamma,t+1)\,"
        r"\frac{\partial h^{\gamma}_{t}}{\partial w_{ij}}",
    ),
    (
        "re-index: the new first factor makes every path one longer",
        r"\gamma'_0=\alpha,\ \gamma'_{r+1}=\gamma_r \;\Rightarrow\; \sum_{\ell=0}^{t}\sum_{\gamma'_1}\!\cdots\!\sum_{\gamma'_\ell}"
        r"\prod_{r=0}^{\ell-1} B(\gamma'_r,\gamma'_{r+1},t+1-r)\,A(\gamma'_\ell,t+1-\ell)",
    ),
)


class ErrorRecurrence(StoryScene):
    scene_id = "error-recurrence"
    title = "Error as a sum over paths"
    section = "Calculating error, more generally"
    approx_seconds = 126

    t = 4  # the step whose derivative is taken apart: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: input 1 is B, read at step 1 only, so every path of lag 3 that
    # ends at unit i = 4 counts: 16 of the 85 (the most any w_ij or u_ij has at t = 4)
    alpha, i, j, param = 2, 4, 1, "W"
    shown_one_by_one = 4  # the largest paths get their own beat; the rest pass in a sweep
    unrolled_indent = 1.2  # the unrolled recurrence's second line, under the first one's sum

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.definitions_beat()
        self.unrolled_beat()
        self.closed_form_beat()
        self.graph = self.get_graph().next_to(self.count, DOWN, buff=0.25).to_edge(LEFT, buff=1.0)
        self.example_beat()
        for n in range(1, min(self.shown_one_by_one, len(self.table.terms)) + 1):
            self.path_beat(n=n)
        self.other_paths_beat()
        self.check_beat()
        self.play(FadeOut(self.graph, self.count, *self.path_parts))
        self.previous = VGroup()
        self.induction_base_beat()
        self.induction_step_beat()
        self.induction_reindex_beat()
        self.summary_beat()

    @beat("Two short names keep the algebra readable: A is a step's direct effect of w_ij on unit α, "
          "B is one step back through U.")
    def definitions_beat(self):
        self.heading = title(self.palette, "Error as a sum over paths")
        self.definitions = self.get_definitions().next_to(self.heading, DOWN, buff=0.4).set_x(0)
        self.play(FadeIn(self.heading), Write(self.definitions))

    @beat("Each derivative of h_t calls the one of the step before; written out three levels deep, a pattern appears.")
    def unrolled_beat(self):
        # one formula per line, each at the small step (a single line would be shrunk to the frame's width)
        lines = [math(self.palette, line, scale=theme.EQUATION_SCALE_SMALL) for line in UNROLLED]
        self.unrolled = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.unrolled[1].shift(self.unrolled_indent * RIGHT)
        self.unrolled.next_to(self.definitions, DOWN, buff=0.5).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        self.play(Write(self.unrolled), run_time=theme.SLOW)

    @beat("The pattern is a sum over paths back in time. A path of lag ℓ goes ℓ steps back: it multiplies "
          "ℓ B factors and one A, and there are d^ℓ such paths.")
    def closed_form_beat(self):
        self.closed = math(self.palette, CLOSED_FORM, scale=theme.EQUATION_SCALE_SMALL).to_edge(UP, buff=1.2)
        self.count = self.get_count(self.table).next_to(self.closed, DOWN, buff=0.25)
        self.play(FadeOut(self.definitions), ReplacementTransform(self.unrolled, self.closed), FadeIn(self.count))

    @beat("Take one derivative of the trained network and draw the hidden units of its first steps; "
          "each path is a route through them.")
    def example_beat(self):
        self.total = self.get_total(self.table, 0).to_edge(DOWN, buff=0.5).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        self.example = self.get_example(self.table).next_to(self.graph, RIGHT, buff=0.6).align_to(self.graph, UP)
        self.play(FadeIn(self.graph), FadeIn(self.example), FadeIn(self.total))
        self.line, self.path = VGroup(), VGroup()

    @beat("Path {n}, in order of size: its factors multiply to one number, which joins the running total.")
    def path_beat(self, n: int):
        self.line, self.path = self.show_term(self.table, self.graph, self.total, n - 1, self.line, self.path, theme.STEP)
        self.path_parts = [self.example, self.total, self.line, self.path]

    @beat("The rest pass quickly. Most paths add exactly zero: the input is one-hot, and w_ij feeds only unit i.")
    def other_paths_beat(self):
        self.show_other_paths(self.table, self.graph)

    @beat("Summed over all paths, the total matches backpropagation to every digit shown.")
    def check_beat(self):
        self.show_check(self.table)

    @beat("Why the pattern holds for every t: at the first step only the direct term A is left.")
    def induction_base_beat(self):
        self.show_induction_step(INDUCTION[0])

    @beat("One more step of the recurrence puts a B in front of the formula we assume for t.")
    def induction_step_beat(self):
        self.show_induction_step(INDUCTION[1])

    @beat("That new B makes every path one step longer, which is the same formula at t + 1.")
    def induction_reindex_beat(self):
        self.show_induction_step(INDUCTION[2])

    @beat("So every derivative through time is a sum of products along paths, "
          "and for the trained network that sum is exactly what backpropagation computes.")
    def summary_beat(self):
        self.show_summary(self.table, self.closed, self.previous)

    def get_definitions(self) -> VGroup:
        return VGroup(
            math(self.palette, r"A(\alpha,t) = \sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t"),
            math(self.palette, r"B(\alpha,\gamma,t) = \sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}"),
        ).arrange(RIGHT, buff=1.0)

    def get_count(self, table: PathTable) -> Tex:
        counts = " + ".join(str(c) for c in table.per_lag)
        return prose(
            rf"$d^\ell$ paths of lag $\ell$ ($\ell$ steps back); for $d = {self.rnn.d}$, $t = {table.t}$: "
            rf"${counts} = {len(table.terms)}$ paths",
            self.palette.muted,
        )

    def get_graph(self) -> PathGraph:
        """The hidden units of the first t steps, the U edges between them, the symbol read at each step."""
        return PathGraph(self.palette, self.rnn.U, self.reber_string, self.t)

    def get_example(self, table: PathTable) -> MathTex:
        p = self.palette
        symbol = reber.SYMBOLS[table.j - 1]
        return math(p,
            rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i}{table.j}}}}}",
            rf"\quad j = {table.j}:\ \text{{{symbol}}}",
            color=p.error,
        )

    def where(self, table: PathTable) -> dict:
        """The index of the example derivative dh_t^alpha/dw_ij."""
        return {"t": table.t, "unit": table.alpha, "i": table.i, "j": table.j}

    def get_sums(self, table: PathTable) -> tuple[str, str]:
        """TeX of the sum over all paths and of backprop's derivative, with enough digits to compare."""
        digits, where, name = theme.CHECK_DIGITS, self.where(table), f"dh/d{table.param}"
        path_sum = self.numeral(name, where, table.running[-1], digits)
        backprop = self.numeral(f"{name} backprop", where, table.exact, digits)
        return path_sum.tex(), backprop.tex()

    def get_summary_check(self, table: PathTable) -> MathTex:
        """The example summed over all its paths, and the same derivative by backprop."""
        path_sum, backprop = self.get_sums(table)
        return math(self.palette,
            rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i}{table.j}}}}}"
            rf"= \sum_{{\text{{all {len(table.terms)} paths}}}} = {path_sum}",
            rf"\qquad \text{{backprop:}}\ {{{backprop}}}",
        )

    def get_total(self, table: PathTable, paths: int) -> MathTex:
        """The running total after the first `paths` paths."""
        value = table.running[paths - 1] if paths else 0.0
        shown = self.numeral("path_sum_partial", {**self.where(table), "paths": paths}, value)
        return math(self.palette, rf"\text{{running total}} = {shown.tex()}", color=self.palette.error)

    def get_term_line(self, table: PathTable, term: PathTerm) -> MathTex:
        """gamma = (...): B * ... * B * A = product, every factor recorded with its step and units."""
        t, g = table.t, term.gammas
        factors = [self.numeral("B", {"t": t - l, "unit": g[l], "to": g[l + 1]}, b) for l, b in enumerate(term.B)]
        factors.append(self.numeral("A", {"t": t - term.k, "unit": g[-1], "i": table.i, "j": table.j}, term.A))
        gammas = ",".join(str(gamma) for gamma in g)
        product = self.numeral("path_product", {**self.where(table), "path": gammas}, term.product)
        line = r" \cdot ".join(f.tex(bracket_negative=True) for f in factors)
        equals = equals_tex(product, float(np.prod([f.as_shown for f in factors])))
        return math(self.palette, rf"\gamma = ({gammas}):\ {line} {equals} {product.tex()}")

    def get_check(self, table: PathTable) -> MathTex:
        path_sum, backprop = self.get_sums(table)
        return math(self.palette,
            rf"\text{{sum over all {len(table.terms)} paths}} = {path_sum}",
            rf"\qquad \text{{backprop}} = {backprop}",
            color=self.palette.error,
        )

    def show_term(self, table, graph, total, n, line, path, run_time):
        new_path = get_path(graph, table.t, table.terms[n].gammas, self.palette.error)
        new_line = self.get_term_line(table, table.terms[n]).next_to(total, UP, buff=0.35, aligned_edge=LEFT)
        self.play(
            FadeOut(path), FadeIn(new_path), FadeOut(line), FadeIn(new_line),
            Transform(total, self.get_total(table, n + 1).move_to(total, aligned_edge=LEFT)),
            run_time=run_time,
        )
        return new_line, new_path

    def show_other_paths(self, table: PathTable, graph: PathGraph) -> None:
        """The remaining paths in a sweep, from where the path beats left the total, line and path."""
        p = self.palette
        example, total, line, path = self.path_parts
        nonzero = len(table.nonzero)
        for n in range(self.shown_one_by_one, nonzero):
            line, path = self.show_term(table, graph, total, n, line, path, theme.SWEEP)
        zero = [term.gammas for term in table.terms[nonzero:]]
        faint = get_paths(graph, table.t, zero, p.muted, theme.PATH_FAINT_WIDTH).set_stroke(opacity=0.5)
        steps = self.steps_reading(table)
        lags = ", ".join(str(table.t - s) for s in steps)
        symbol = reber.SYMBOLS[table.j - 1]
        one_hot = stacked(
            caption(f"{len(zero)} of {len(table.terms)} paths add 0", theme.LABEL_SIZE, p.text),
            caption(f"{symbol} is read at step {', '.join(map(str, steps))} only:", theme.LABEL_SIZE, p.muted),
            caption(f"only lag {lags} can count", theme.LABEL_SIZE, p.muted),
            buff=0.12,
        ).next_to(example, DOWN, buff=0.45, aligned_edge=LEFT)
        marks = VGroup(*(SurroundingRectangle(graph.inputs[s - 1], color=p.input, buff=0.06) for s in steps))
        delta = prose(
            rf"$\delta(\gamma_\ell, i)$ keeps only paths ending at unit $i = {table.i}$: "
            rf"${table.param.lower()}_{{{table.i}{table.j}}}$ feeds unit {table.i} alone",
            p.text,
        ).move_to(line, aligned_edge=LEFT)
        why = VGroup(one_hot, marks, delta)
        self.play(FadeOut(line, path), FadeIn(faint), FadeIn(why), run_time=theme.NORMAL)
        self.faint = faint
        self.path_parts = [example, total, why]

    def show_check(self, table: PathTable) -> None:
        example, total, why = self.path_parts
        check = self.get_check(table).move_to(total, aligned_edge=LEFT)
        self.play(FadeOut(self.faint), ReplacementTransform(total, check), run_time=theme.NORMAL)
        self.path_parts = [example, check, why]

    def steps_reading(self, table: PathTable) -> list[int]:
        """The steps s <= t whose input is symbol j."""
        return [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] == 1]

    def show_induction_step(self, step: tuple[str, str]) -> None:
        """One step of the induction under the closed form, in place of the one before."""
        words, tex = step
        shown = VGroup(caption(words, theme.LABEL_SIZE, self.palette.muted), math(self.palette, tex, scale=theme.EQUATION_SCALE_SMALL)).arrange(DOWN, buff=0.3)
        shown.next_to(self.closed, DOWN, buff=0.8)
        self.play(FadeOut(self.previous), FadeIn(shown), run_time=theme.NORMAL)
        self.previous = shown

    def show_summary(self, table: PathTable, closed: MathTex, last_step: VGroup) -> None:
        """End on the closed form and, under it, the trained model's example summed over all its paths."""
        p = self.palette
        check = self.get_summary_check(table)
        check[1].set_color(p.error)
        count = caption(
            f"the trained model, string {self.reber_string[:table.t]}…: {len(table.nonzero)} of {len(table.terms)} paths are not 0",
            theme.LABEL_SIZE,
            p.muted,
        )
        summary = VGroup(check, count).arrange(DOWN, buff=0.4).next_to(closed, DOWN, buff=0.9)
        self.play(FadeOut(last_step), FadeIn(summary), run_time=theme.NORMAL)
