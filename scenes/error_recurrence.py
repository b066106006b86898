"""Scene 5: the recurrence for dh_t/dw_ij, its closed form as a sum over paths, and the induction."""

from __future__ import annotations

from manim import *

from model import reber
from model.rnn import PathTerm
from scenes import theme
from scenes.components.paths import get_path
from scenes.components.text import caption, math, title
from scenes.components.unrolled import UnrolledGraph
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


def signed(x: float) -> str:
    """A number for a product of factors: negatives in parentheses."""
    return rf"({theme.fmt_tex(x)})" if x < 0 else theme.fmt_tex(x)


class ErrorRecurrence(StoryScene):
    scene_id = "recurrence"
    title = "Error as a sum over paths"
    section = "Calculating error, more generally"
    approx_seconds = 39

    t = 3  # the step whose derivative is taken apart: 1 + 4 + 16 = 21 paths
    alpha, i, j = 2, 4, 1  # dh_3^2 / dw_{4,1}; input 1 is B, which every Reber string starts with
    shown_one_by_one = 4  # the largest paths get their own beat; the rest pass in a sweep

    def construct(self):
        table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j)
        heading = title("Error as a sum over paths")
        # Beat: A and B, the two pieces of the recurrence.
        definitions = self.get_definitions().next_to(heading, DOWN, buff=0.4)
        self.play(FadeIn(heading), Write(definitions))
        self.wait(theme.HOLD)
        self.pause()
        # Beat: the recurrence unrolled three levels.
        unrolled = math(*UNROLLED).arrange(DOWN, aligned_edge=LEFT).scale(0.85).next_to(definitions, DOWN, buff=0.5)
        self.play(Write(unrolled), run_time=theme.SLOW)
        self.wait(theme.HOLD)
        self.pause()
        # Beat: the pattern, one sum over paths gamma_0..gamma_k; d^k of them for each lag k.
        closed = math(CLOSED_FORM).scale(0.85).to_edge(UP, buff=1.2)
        count = self.get_count(table).next_to(closed, DOWN, buff=0.25)
        self.play(FadeOut(definitions), ReplacementTransform(unrolled, closed), FadeIn(count))
        self.wait(theme.HOLD)
        self.pause()
        # Beat: the paths of the trained model, largest first, and the running total meeting backprop.
        graph = self.get_graph().move_to(0.3 * DOWN)
        self.show_paths(table, graph)
        self.pause()
        # Beat: why the pattern holds: induction on t, in three steps.
        self.play(FadeOut(graph, *self.path_parts, count))
        self.show_induction(closed)

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

    def get_graph(self) -> VGroup:
        """The hidden layers of the first t steps and the U edges between them, labelled h_1..h_t."""
        graph = UnrolledGraph(self.rnn, reber.SYMBOLS, steps=self.t)
        hidden = VGroup(*(graph.u_edges(s) for s in range(2, self.t + 1)), *(graph.h_nodes(s) for s in range(1, self.t + 1)))
        for s in range(1, self.t + 1):
            hidden.add(math(f"h_{s}", color=theme.palette().hidden).next_to(graph.h_nodes(s), DOWN, buff=0.2))
        hidden.graph = graph
        return hidden.scale(0.8)

    def get_term_line(self, term: PathTerm) -> MathTex:
        gammas = ",".join(str(g) for g in term.gammas)
        factors = r" \cdot ".join(signed(v) for v in term.B + (term.A,))
        return math(rf"\gamma = ({gammas}):\ {factors} = {theme.fmt_tex(term.product)}")

    def show_paths(self, table: PathTable, graph: VGroup) -> None:
        p = theme.palette()
        self.play(FadeIn(graph))
        total = caption(f"running total: {theme.fmt(0.0)}", theme.BODY_SIZE, p.error).to_corner(DL, buff=theme.FRAME_MARGIN).shift(1.1 * UP)
        self.add(total)
        line, path = VGroup(), VGroup()
        for n, term in enumerate(table.terms):
            fast = n >= self.shown_one_by_one
            new_path = get_path(graph.graph, table.t, term.gammas)
            new_line = self.get_term_line(term).scale(0.85).next_to(total, UP, buff=0.35, aligned_edge=LEFT)
            new_total = caption(f"running total: {theme.fmt(table.running[n])}", theme.BODY_SIZE, p.error).move_to(total, aligned_edge=LEFT)
            self.play(
                FadeOut(path), FadeIn(new_path), FadeOut(line), FadeIn(new_line), Transform(total, new_total),
                run_time=theme.SWEEP if fast else theme.STEP,
            )
            if not fast:
                self.wait(theme.HOLD)
            line, path = new_line, new_path
        check = caption(
            f"all {len(table.terms)} paths: {theme.fmt(table.running[-1])};  backprop (model): {theme.fmt(table.exact)}",
            theme.LABEL_SIZE,
            p.text,
        ).next_to(total, DOWN, buff=0.3, aligned_edge=LEFT)
        zero = math(rf"A = 0 \text{{ unless }} \gamma_k = i = {table.i} \text{{ and }} x^j_{{t-k}} = 1\ (j = {table.j}: \text{{B}})",
                    color=p.muted).scale(0.8)
        zero.next_to(check, DOWN, buff=0.2, aligned_edge=LEFT)
        self.play(FadeIn(check, zero))
        self.wait(theme.HOLD)
        self.path_parts = (line, path, total, check, zero)

    def show_induction(self, closed: MathTex) -> None:
        p = theme.palette()
        previous = VGroup()
        for words, tex in INDUCTION:
            beat = VGroup(caption(words, theme.LABEL_SIZE, p.muted), math(tex).scale(0.85)).arrange(DOWN, buff=0.3)
            beat.next_to(closed, DOWN, buff=0.8)
            self.play(FadeOut(previous), FadeIn(beat), run_time=theme.NORMAL)
            self.wait(theme.HOLD)
            self.pause()
            previous = beat
