"""Scene 5: the recurrence for dh_t/dw_ij, its closed form as a sum over paths, and the induction."""

from __future__ import annotations

from manim import *

from model import reber
from model.rnn import PathTerm
from scenes import theme
from scenes.components.paths import PathGraph, get_path, get_paths
from scenes.components.text import caption, math, stacked, title
from scenes.error_flow import PathTable, path_terms
from scenes.story import StoryScene

# The three levels of the unrolled recurrence, with the correct time index on every A.
UNROLLED = (
    r"\frac{\partial h^\alpha_t}{\partial w_{ij}} = A(\alpha,t) + \sum_{\gamma_1} B(\alpha,\gamma_1,t)"
    r"\Big[ A(\gamma_1,t-1) + \sum_{\gamma_2} B(\gamma_1,\gamma_2,t-1)",
    r"\Big[ A(\gamma_2,t-2) + \sum_{\gamma_3} B(\gamma_2,\gamma_3,t-2)\,"
    r"\frac{\partial h^{\gamma_3}_{t-3}}{\partial w_{ij}} \Big]\Big]",
)
CLOSED_FORM = (
    r"\frac{\partial h^\alpha_t}{\partial w_{ij}} = \sum_{k=0}^{t-1} \sum_{\gamma_1=1}^{d}\!\cdots\!\sum_{\gamma_k=1}^{d}"
    r"\prod_{\ell=0}^{k-1} B(\gamma_\ell,\gamma_{\ell+1},t-\ell)\; A(\gamma_k,t-k), \quad \gamma_0=\alpha"
)
INDUCTION = (
    (
        "base case, t = 1: only k = 0",
        r"\frac{\partial h^\alpha_1}{\partial w_{ij}} = A(\alpha,1) = \sigma_h'(a^\alpha_1)\,\delta(\alpha,i)\,x^j_1",
    ),
    (
        "step: one more step of the recurrence, then assume the formula at t",
        r"\frac{\partial h^\alpha_{t+1}}{\partial w_{ij}} = A(\alpha,t+1) + \sum_{\gamma} B(\alpha,\gamma,t+1)\,"
        r"\frac{\partial h^{\gamma}_{t}}{\partial w_{ij}}",
    ),
    (
        "re-index: the new first factor makes every path one longer",
        r"\gamma'_0=\alpha,\ \gamma'_{\ell+1}=\gamma_\ell \;\Rightarrow\; \sum_{k=0}^{t}\sum_{\gamma'_1}\!\cdots\!\sum_{\gamma'_k}"
        r"\prod_{\ell=0}^{k-1} B(\gamma'_\ell,\gamma'_{\ell+1},t+1-\ell)\,A(\gamma'_k,t+1-k)",
    ),
)


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def signed(x: float) -> str:
    """A number for a product of factors: negatives in parentheses."""
    return rf"({theme.fmt_tex(x)})" if x < 0 else theme.fmt_tex(x)


class ErrorRecurrence(StoryScene):
    scene_id = "recurrence"
    title = "Error as a sum over paths"
    section = "Calculating error, more generally"
    approx_seconds = 82

    t = 4  # the step whose derivative is taken apart: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: input 1 is B, read at step 1 only, so every path of lag 3 that
    # ends at unit i = 4 counts: 16 of the 85 (the most any w_ij or u_ij has at t = 4)
    alpha, i, j, param = 2, 4, 1, "W"
    shown_one_by_one = 4  # the largest paths get their own beat; the rest pass in a sweep

    def construct(self):
        table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        heading = title("Error as a sum over paths")
        self.begin_beat("beat1", "A and B, the two pieces of the recurrence.")
        definitions = self.get_definitions().next_to(heading, DOWN, buff=0.4)
        self.play(FadeIn(heading), Write(definitions))
        self.wait(theme.HOLD)
        self.end_beat()
        self.begin_beat("beat2", "the recurrence unrolled three levels.")
        unrolled = math(*UNROLLED).arrange(DOWN, aligned_edge=LEFT).scale(0.85).next_to(definitions, DOWN, buff=0.5)
        self.play(Write(unrolled), run_time=theme.SLOW)
        self.wait(theme.HOLD)
        self.end_beat()
        self.begin_beat("beat3", "the pattern, one sum over paths gamma_0..gamma_k; d^k of them for each lag k.")
        closed = math(CLOSED_FORM).scale(0.85).to_edge(UP, buff=1.2)
        count = self.get_count(table).next_to(closed, DOWN, buff=0.25)
        self.play(FadeOut(definitions), ReplacementTransform(unrolled, closed), FadeIn(count))
        self.wait(theme.HOLD)
        self.end_beat()
        self.begin_beat("beat4", "the trained model's largest paths one at a time, each a product of B's and one A.")
        graph = self.get_graph().next_to(count, DOWN, buff=0.25).to_edge(LEFT, buff=1.0)
        total = self.get_total(0.0).to_edge(DOWN, buff=0.5).to_edge(LEFT, buff=theme.FRAME_MARGIN)
        self.show_largest_paths(table, graph, total)
        self.end_beat()
        self.begin_beat("beat5", "the other paths; the ones that add nothing, and why; the sum meets backprop.")
        self.show_other_paths(table, graph, total)
        self.end_beat()
        self.play(FadeOut(graph, count, *self.path_parts))
        last_step = self.show_induction(closed)
        self.begin_beat("beat7", "the closed form and the check on the trained model, side by side.")
        self.show_summary(table, closed, last_step)
        self.end_beat()

    def get_definitions(self) -> VGroup:
        return VGroup(
            math(r"A(\alpha,t) = \sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t"),
            math(r"B(\alpha,\gamma,t) = \sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}"),
        ).arrange(RIGHT, buff=1.0)

    def get_count(self, table: PathTable) -> Text:
        counts = " + ".join(str(c) for c in table.per_lag)
        return caption(
            f"dᵏ paths of lag k; for d = {self.rnn.d}, t = {table.t}: {counts} = {len(table.terms)} paths",
            theme.LABEL_SIZE,
            theme.palette().muted,
        )

    def get_graph(self) -> PathGraph:
        """The hidden units of the first t steps, the U edges between them, the symbol read at each step."""
        return PathGraph(self.rnn.U, self.reber_string, self.t)

    def get_example(self, table: PathTable) -> MathTex:
        p = theme.palette()
        symbol = reber.SYMBOLS[table.j - 1]
        return math(
            rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i},{table.j}}}}}",
            rf"\quad j = {table.j}:\ \text{{{symbol}}}",
            color=p.error,
        )

    def get_summary_check(self, table: PathTable) -> MathTex:
        """The example summed over all its paths, and the same derivative by backprop."""
        digits = theme.CHECK_DIGITS
        return math(
            rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i},{table.j}}}}}"
            rf"= \sum_{{\text{{all {len(table.terms)} paths}}}} = {theme.fmt_tex(table.running[-1], digits)}",
            rf"\qquad \text{{backprop:}}\ {{{theme.fmt_tex(table.exact, digits)}}}",
        )

    def get_total(self, value: float) -> MathTex:
        return math(rf"\text{{running total}} = {theme.fmt_tex(value)}", color=theme.palette().error)

    def get_term_line(self, term: PathTerm) -> MathTex:
        gammas = ",".join(str(g) for g in term.gammas)
        factors = r" \cdot ".join(signed(v) for v in term.B + (term.A,))
        return math(rf"\gamma = ({gammas}):\ {factors} = {theme.fmt_tex(term.product)}")

    def get_check(self, table: PathTable) -> MathTex:
        digits = theme.CHECK_DIGITS
        return math(
            rf"\text{{sum over all {len(table.terms)} paths}} = {theme.fmt_tex(table.running[-1], digits)}",
            rf"\qquad \text{{backprop}} = {theme.fmt_tex(table.exact, digits)}",
            color=theme.palette().error,
        )

    def show_largest_paths(self, table: PathTable, graph: PathGraph, total: MathTex) -> None:
        example = self.get_example(table).next_to(graph, RIGHT, buff=0.6).align_to(graph, UP)
        self.play(FadeIn(graph), FadeIn(example), FadeIn(total))
        line, path = VGroup(), VGroup()
        for n, term in enumerate(table.terms[: self.shown_one_by_one]):
            line, path = self.show_term(table, graph, total, n, line, path, theme.STEP)
            self.wait(theme.HOLD)
        self.path_parts = [example, total, line, path]

    def show_term(self, table, graph, total, n, line, path, run_time):
        new_path = get_path(graph, table.t, table.terms[n].gammas)
        new_line = self.get_term_line(table.terms[n]).next_to(total, UP, buff=0.35, aligned_edge=LEFT)
        self.play(
            FadeOut(path), FadeIn(new_path), FadeOut(line), FadeIn(new_line),
            Transform(total, self.get_total(table.running[n]).move_to(total, aligned_edge=LEFT)),
            run_time=run_time,
        )
        return new_line, new_path

    def show_other_paths(self, table: PathTable, graph: PathGraph, total: MathTex) -> None:
        p = theme.palette()
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
        delta = caption(
            f"δ(γₖ, i) keeps only paths ending at unit i = {table.i}: "
            f"{table.param.lower()}{str(table.i).translate(SUBSCRIPTS)},{str(table.j).translate(SUBSCRIPTS)} feeds unit {table.i} alone",
            theme.LABEL_SIZE,
            p.text,
        ).move_to(line, aligned_edge=LEFT)
        why = VGroup(one_hot, marks, delta)
        self.play(FadeOut(line, path), FadeIn(faint), FadeIn(why), run_time=theme.NORMAL)
        self.wait(theme.HOLD)
        check = self.get_check(table).move_to(total, aligned_edge=LEFT)
        self.play(FadeOut(faint), ReplacementTransform(total, check), run_time=theme.NORMAL)
        self.wait(theme.HOLD)
        self.path_parts = [example, check, why]

    def steps_reading(self, table: PathTable) -> list[int]:
        """The steps s <= t whose input is symbol j."""
        return [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] == 1]

    def show_induction(self, closed: MathTex) -> VGroup:
        """The three steps of the induction, one beat each; returns the last, still on screen."""
        p = theme.palette()
        previous = VGroup()
        for n, (words, tex) in enumerate(INDUCTION, start=1):
            self.begin_beat(f"induction{n}", words)
            beat = VGroup(caption(words, theme.LABEL_SIZE, p.muted), math(tex).scale(0.85)).arrange(DOWN, buff=0.3)
            beat.next_to(closed, DOWN, buff=0.8)
            self.play(FadeOut(previous), FadeIn(beat), run_time=theme.NORMAL)
            self.wait(theme.HOLD)
            self.end_beat()
            previous = beat
        return previous

    def show_summary(self, table: PathTable, closed: MathTex, last_step: VGroup) -> None:
        """End on the closed form and, under it, the trained model's example summed over all its paths."""
        p = theme.palette()
        check = self.get_summary_check(table)
        check[1].set_color(p.error)
        count = caption(
            f"the trained model, string {self.reber_string[:table.t]}…: {len(table.nonzero)} of {len(table.terms)} paths are not 0",
            theme.LABEL_SIZE,
            p.muted,
        )
        summary = VGroup(check, count).arrange(DOWN, buff=0.4).next_to(closed, DOWN, buff=0.9)
        self.play(FadeOut(last_step), FadeIn(summary), run_time=theme.NORMAL)
        self.wait(theme.HOLD)
