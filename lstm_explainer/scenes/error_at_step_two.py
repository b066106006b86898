"""Scene 4: at step 2 one parameter, the hidden bias b_h^i, reaches y_2^k directly and through h_1^i; both terms in numbers."""

from __future__ import annotations

from manim import *

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.bias_split import BiasSplit, bias_split, weight_terms
from lstm_explainer.scenes.components.highlight import highlight
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation
from lstm_explainer.scenes.components.text import heading_line, math, prose, within_frame
from lstm_explainer.scenes.error_at_step_one import step_one_picture
from lstm_explainer.scenes.story import StoryScene, beat


class ErrorAtStepTwo(StoryScene):
    scene_id = "error-at-step-two"
    title = "Error at the second step"
    section = "Calculating error at the second step"
    approx_seconds = 53
    stills = ("rnn_error2.png",)

    def construct(self):
        self.values = bias_split(self.rnn, self.reber_string)
        self.start_from_step_one()
        self.paths_beat()
        self.split_beat()
        self.numbers_beat()
        self.weights_beat()

    def start_from_step_one(self) -> None:
        """The first frame is ErrorAtStepOne's last: step 1 beside its three worked derivatives."""
        picture = step_one_picture(self, beat="paths_beat")
        self.graph, self.step_one = picture.graph, picture
        self.add(picture.step, picture.heading, picture.equations, picture.notes)

    @beat("At step 2, whatever moves h₁ⁱ reaches y₂ᵏ through every hidden unit of step 2: U spreads it out.")
    def paths_beat(self):
        graph, old = self.graph, self.step_one
        rest = VGroup(*(m for m in graph.node_view.family_members_with_points() if m not in old.step.get_family()))
        self.play(FadeOut(old.heading, old.equations, old.notes), old.step.animate.restore(), run_time=theme.NORMAL)
        self.play(FadeIn(rest), highlight(self.palette, graph.node_view, self.fan()), run_time=theme.NORMAL)
        self.capture_still("rnn_error2.png")

    @beat("Take the hidden bias bₕⁱ: its input is 1 at every step, so it acts both ways and has both terms.")
    def split_beat(self):
        graph = self.graph
        self.steps = graph.steps_view(1, 2)
        heading = heading_line(self.palette, "Error at the second step")
        self.formula = self.get_formula().next_to(heading, DOWN, buff=0.3).set_x(0)
        self.terms = self.get_terms(self.values, self.formula)
        box = frame_box(self.formula.get_bottom()[1] - theme.GRAPH_GAP, self.terms.get_left()[0] - theme.GRAPH_GAP)
        fit_into(self.steps, graph.labels_of(1, 2), box)
        rest = [m for m in graph.node_view.family_members_with_points() if m not in self.steps.get_family()]
        self.play(FadeOut(VGroup(*rest)), FadeIn(heading), Write(self.formula), MoveToTarget(self.steps), run_time=theme.SLOW)

    @beat("In numbers: the direct term holds h₁ fixed, the indirect one goes through h₁ⁱ, "
          "and their sum is backprop's derivative for bₕⁱ.")
    def numbers_beat(self):
        direct, indirect, total = self.terms
        for equation, path in ((direct, self.direct_path()), (indirect, self.fan())):
            self.play(highlight(self.palette, self.steps, path), Write(equation.symbolic), run_time=theme.FAST)
            self.play(equation.substitute(step=theme.FAST))
        self.play(highlight(self.palette, self.steps, [*self.direct_path(), *self.fan()]), Write(total.symbolic),
                  run_time=theme.FAST)
        self.play(total.substitute(step=theme.FAST))

    @beat("A weight wᵢⱼ gets the direct term only if x₂ʲ = 1, the indirect one only if x₁ʲ = 1. "
          "The first two symbols differ, so each weight has one; after SS, TT or VV a weight has both.")
    def weights_beat(self):
        note = self.get_weights_note()
        self.play(FadeOut(self.formula), FadeIn(note), run_time=theme.NORMAL)

    # ------------------------------------------------------------ pieces

    def direct_path(self) -> list[Mobject]:
        """b_h^i at step 2 alone: h_2^i, its edge to y_2^k, y_2^k."""
        g, v = self.graph, self.values
        return [g.h_node(2, v.i), g.v_edge(2, v.k, v.i), g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def fan(self) -> list[Mobject]:
        """Through h_1^i: its U edges into every h_2^alpha, their V edges to y_2^k."""
        g, v = self.graph, self.values
        d = self.rnn.d
        return [g.h_node(1, v.i), *(g.u_edge(2, alpha, v.i) for alpha in range(1, d + 1)), g.h_nodes(2),
                g.v_edges(2)[v.k - 1], g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def get_formula(self) -> MathTex:
        return math(self.palette,
            r"\frac{\partial y_2^k}{\partial b_h^i} = "
            r"\underbrace{\sigma_y'\,v_{ki}\,\sigma_h'(a_2^i)}_{\text{direct: } h_1 \text{ held fixed}}"
            r" + \underbrace{\sigma_y'\,\Big(\sum_{\alpha} v_{k\alpha}\,\sigma_h'(a_2^\alpha)\,u_{\alpha i}\Big)"
            r"\,\sigma_h'(a_1^i)}_{\text{indirect: through } h_1^i}"
        )

    def get_terms(self, v: BiasSplit, formula: Mobject) -> VGroup:
        """The direct term, the indirect term and their sum, in numbers, in a column under `formula`."""
        scale = theme.EQUATION_SCALE_COMPACT
        column = VGroup(*(LiveEquation.of(self, equation, beat="numbers_beat", scale=scale)
                          for equation in (v.direct_equation, v.indirect_equation, v.total_equation)))
        column.arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        return column.next_to(formula, DOWN, buff=0.35).to_edge(RIGHT, buff=theme.FRAME_MARGIN)

    def get_weights_note(self) -> VGroup:
        """Which of the two terms the weights of the first two symbols have, read off their inputs."""
        p = self.palette
        first, second = self.reber_string[:2]
        parts = []
        for w in weight_terms(self.reber_string):
            x1 = self.numeral("x", {"t": 1, "j": w.j}, w.x1, digits=1, beat="weights_beat").tex()
            x2 = self.numeral("x", {"t": 2, "j": w.j}, w.x2, digits=1, beat="weights_beat").tex()
            has = [name for name, x in (("direct", w.x2), ("indirect", w.x1)) if x == 1.0]
            parts.append(rf"$w_{{i{w.j}}}$ ({w.symbol}): $x_1^{w.j} = {x1}$, $x_2^{w.j} = {x2}$, " + " and ".join(has)
                         + (" terms" if len(has) > 1 else " only"))
        note = VGroup(
            prose(r"A weight $w_{ij}$ has the direct term only if $x_2^j = 1$, the indirect one only if $x_1^j = 1$.", p.text),
            prose(r";\quad ".join(parts), p.text),
            prose(rf"{first} and {second} differ: one term each. After SS, TT or VV a weight has both.", p.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return within_frame(note).move_to(self.formula)
