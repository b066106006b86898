"""Scene 4: w_ij acts on y_2^k directly at step 2 and through h_1^i, which fans out into every h_2^alpha."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.highlight import highlight
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation
from lstm_explainer.scenes.components.text import heading_line, math, prose
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.rnn_values import StepTwoValues, step_two_values
from lstm_explainer.scenes.story import StoryScene, beat


class ErrorAtStepTwo(StoryScene):
    scene_id = "error-at-step-two"
    title = "Error at the second step"
    section = "Calculating error at the second step"
    approx_seconds = 70
    stills = ("rnn_error2.png",)
    # The worked example: w_ij into hidden unit i, output y_2^k.  The first two beats follow one
    # weight, j = 1 (B), through both steps, as the post's figure does.
    i, j, k = 4, 1, 2

    def construct(self):
        self.values = step_two_values(self.rnn, self.reber_string, self.i, self.k)
        self.graph = UnrolledGraph(self.palette, self.rnn.W, self.rnn.U, self.rnn.V, reber.SYMBOLS).shift(theme.UNROLL_SHIFT * DOWN)
        self.add(self.graph.node_view)
        self.paths_beat()
        self.chain_rule_beat()
        self.split_beat()
        self.one_hot_beat()
        self.numbers_beat()

    @beat("At the second step, w_ij acts twice: directly on h_2, and through h_1^i, "
          "which U spreads into every hidden unit of step 2.")
    def paths_beat(self):
        self.play(highlight(self.palette, self.graph.node_view, self.get_paths(self.graph)), run_time=theme.SLOW)
        self.capture_still("rnn_error2.png")

    @beat("The chain rule sums over the hidden units α of step 2, each through tanh's slope at its "
          "pre-activation a_2^α, the sum that tanh squashes. The delta keeps the direct effect for the one unit w_ij feeds.")
    def chain_rule_beat(self):
        graph = self.graph
        self.steps = graph.steps_view(1, 2)
        heading = heading_line(self.palette, "Error at the second step")
        self.formula = self.get_formula().next_to(heading, DOWN, buff=0.3).set_x(0)
        self.split = self.get_split().next_to(heading, DOWN, buff=0.3).set_x(0)
        self.note = self.get_one_hot_note(self.values, self.split)
        self.terms = VGroup(*self.get_evaluation(self.values, self.split, beat="numbers_beat"))
        box = frame_box(self.split.get_bottom()[1] - theme.GRAPH_GAP,
                        min(self.terms.get_left()[0], self.note.get_left()[0]) - theme.GRAPH_GAP)
        fit_into(self.steps, graph.labels_of(1, 2), box)
        rest = [m for m in graph.node_view.family_members_with_points() if m not in self.steps.get_family()]
        self.play(FadeOut(VGroup(*rest)), FadeIn(heading), Write(self.formula), MoveToTarget(self.steps), run_time=theme.SLOW)

    @beat("Multiplied out, the sum splits in two: a direct term at step 2, and an indirect term "
          "that goes back through h_1^i.")
    def split_beat(self):
        self.play(FadeOut(self.formula), FadeIn(self.split))

    @beat("The inputs are one-hot, so one weight never has both terms: the weight from the first symbol "
          "acts only through h_1, the weight from the second only directly. So we add the two.")
    def one_hot_beat(self):
        v, graph = self.values, self.graph
        i, k = v.i, v.k
        path = [graph.x_node(1, v.j1), graph.w_edge(1, i, v.j1), graph.h_node(1, i), graph.input_labels(1)[v.j1 - 1],
                *(graph.u_edge(2, alpha, i) for alpha in range(1, self.rnn.d + 1)), graph.h_nodes(2),
                graph.x_node(2, v.j2), graph.w_edge(2, i, v.j2), graph.input_labels(2)[v.j2 - 1],
                graph.v_edges(2)[k - 1], graph.y_node(2, k), graph.output_labels(2)[k - 1]]
        self.play(highlight(self.palette, self.steps, path), FadeIn(self.note))

    @beat("With the trained weights each term becomes numbers, both non-zero. Added, they are what "
          "backprop gives for the two weights moved together.")
    def numbers_beat(self):
        self.play(FadeOut(self.note))
        for eq in self.terms:
            self.play(Write(eq.symbolic), run_time=theme.FAST)
            self.play(eq.substitute())

    def get_paths(self, graph: UnrolledGraph) -> list[Mobject]:
        i, j, k = self.i, self.j, self.k
        return [graph.x_node(1, j), graph.w_edge(1, i, j), graph.h_node(1, i),
                *(graph.u_edge(2, alpha, i) for alpha in range(1, self.rnn.d + 1)), graph.h_nodes(2),
                graph.x_node(2, j), graph.w_edge(2, i, j), graph.v_edges(2)[k - 1], graph.y_node(2, k),
                graph.output_labels(2)[k - 1], graph.input_labels(1)[j - 1]]

    def get_formula(self) -> MathTex:
        return math(self.palette,
            r"\frac{\partial y_2^k}{\partial w_{ij}} = \sigma_y' \sum_{\alpha=1}^{4} v_{k\alpha}\,\sigma_h'(a_2^\alpha)"
            r"\left(\delta(\alpha,i)\,x_2^j + u_{\alpha i}\frac{\partial h_1^i}{\partial w_{ij}}\right)"
        )

    def get_split(self) -> MathTex:
        p = self.palette
        split = math(p,
            r"\frac{\partial y_2^k}{\partial w_{ij}} = ",
            r"\underbrace{\sigma_y'\,v_{ki}\,\sigma_h'(a_2^i)\,x_2^j}_{\text{direct}}",
            r"+",
            r"\underbrace{\sigma_y'\,\frac{\partial h_1^i}{\partial w_{ij}}\sum_{\alpha} v_{k\alpha}\,\sigma_h'(a_2^\alpha)\,u_{\alpha i}}_{\text{indirect, through } h_1^i}",
        )
        split[1].set_color(p.W)
        split[3].set_color(p.U)
        return split

    def get_one_hot_note(self, v: StepTwoValues, split: Mobject) -> VGroup:
        """Why each of the two weights has one term only: the input it carries is 0 at the other step."""
        p = self.palette
        first, second = v.symbols
        x2_first = self.numeral("x", {"t": 2, "j": v.j1}, v.x2_j1, beat="one_hot_beat")
        x1_second = self.numeral("x", {"t": 1, "j": v.j2}, v.x1_j2, beat="one_hot_beat")
        note = VGroup(
            prose(r"One-hot inputs: no single weight has both terms.", p.muted),
            prose(rf"${v.weight_tex(v.j1)}$ ({first}, read at $t = 1$): $x_2^{v.j1} = {x2_first.tex()}$, indirect term only", p.U),
            prose(rf"${v.weight_tex(v.j2)}$ ({second}, read at $t = 2$): $x_1^{v.j2} = {x1_second.tex()}$, direct term only", p.W),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return note.next_to(split, DOWN, buff=0.45).to_edge(RIGHT, buff=theme.FRAME_MARGIN)

    def get_evaluation(self, v: StepTwoValues, split: Mobject, beat: str) -> list[LiveEquation]:
        """The direct term, the indirect term and their sum, in numbers, in a column under `split`."""
        p = self.palette
        scale = theme.EQUATION_SCALE_COMPACT
        direct = LiveEquation.of(self, v.direct_equation, result_color=p.W, beat=beat, scale=scale)
        indirect = LiveEquation.of(self, v.indirect_equation, result_color=p.U, beat=beat, scale=scale)
        total = LiveEquation.of(self, v.total_equation, beat=beat, scale=scale)
        column = VGroup(direct, indirect, total).arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        column.next_to(split, DOWN, buff=0.35).to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        return [direct, indirect, total]
