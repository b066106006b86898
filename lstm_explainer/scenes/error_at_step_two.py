"""Scene 4: at step 2 one parameter, the hidden bias b_h^i, reaches y_2^k directly and through h_1^i; both terms in numbers."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.bias_split import BiasSplit, bias_split, weight_terms
from lstm_explainer.scenes.components.highlight import highlight
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation, plain, role_color
from lstm_explainer.scenes.components.text import heading_line, math, prose
from lstm_explainer.scenes.error_at_step_one import step_one_picture
from lstm_explainer.scenes.story import StoryScene, beat


def repeated_pairs(grammar: reber.Grammar = reber.REBER) -> str:
    """The pairs a string of `grammar` can read in a row, as prose: "TT, SS, XX or VV"."""
    pairs = [symbol * 2 for symbol in grammar.repeatable()]
    return ", ".join(pairs[:-1]) + " or " + pairs[-1] if len(pairs) > 1 else "".join(pairs)


REPEATED_PAIRS = repeated_pairs()


class ErrorAtStepTwo(StoryScene):
    scene_id = "error-at-step-two"
    title = "Error at the second step"
    section = "Calculating error at the second step"
    approx_seconds = 59
    stills = ("rnn_error2.png",)

    def construct(self):
        self.values = bias_split(self.rnn, self.reber_string)
        self.start_from_step_one()
        v = self.values
        self.paths_beat(i=v.i, k=v.k, symbol=reber.SYMBOLS[v.k - 1])
        self.split_beat()
        self.numbers_beat()
        self.weights_beat()

    def start_from_step_one(self) -> None:
        """The first frame is ErrorAtStepOne's last: step 1 beside its three worked derivatives."""
        picture = step_one_picture(self, beat="paths_beat")
        self.graph, self.step_one = picture.graph, picture
        self.add(picture.step, picture.heading, picture.equations, picture.notes)

    @beat("The error's gradient is built from output derivatives like ∂y₂ᵏ; at step 2 a parameter first acts "
          "twice. Whatever moves h₁ⁱ (i = {i}) reaches y₂ᵏ (k = {k}: {symbol}) through all of step 2.")
    def paths_beat(self, i: int, k: int, symbol: str):
        graph, old = self.graph, self.step_one
        self.heading = heading_line(self.palette, "Error at the second step")
        rest = VGroup(*(m for m in graph.node_view.family_members_with_points() if m not in old.step.get_family()))
        self.play(FadeOut(old.heading, *old.equations, *old.notes), old.step.animate.restore(), run_time=theme.NORMAL)
        self.play(FadeIn(rest), FadeIn(self.heading), highlight(self.palette, graph.node_view, self.fan()),
                  run_time=theme.NORMAL)
        self.capture_still("rnn_error2.png", self.heading)

    @beat("Take the hidden bias bₕⁱ: its input is 1 at every step, so it acts both ways and has both terms. "
          "σ′ is a sigmoid's slope at its input: a for h, z for y.")
    def split_beat(self):
        graph = self.graph
        self.steps = graph.steps_view(1, 2)
        self.formula = self.get_formula().next_to(self.heading, DOWN, buff=0.3).set_x(0)
        self.terms = self.get_terms(self.values, self.formula)
        box = frame_box(self.formula.get_bottom()[1] - theme.GRAPH_GAP, self.terms.get_left()[0] - theme.GRAPH_GAP)
        fit_into(self.steps, graph.labels_of(1, 2), box)
        rest = [m for m in graph.node_view.family_members_with_points() if m not in self.steps.get_family()]
        self.play(FadeOut(VGroup(*rest)), Write(self.formula), MoveToTarget(self.steps), run_time=theme.SLOW)
        self.indices = self.get_indices().next_to(self.steps, RIGHT, buff=theme.GRAPH_GAP).align_to(self.terms, UP)
        self.play(FadeIn(self.indices), run_time=theme.FAST)

    @beat("In numbers: the direct term holds h₁ fixed, the indirect one goes through h₁ⁱ. "
          "Their sum and backprop's own derivative for bₕⁱ, written beside it, agree.")
    def numbers_beat(self):
        direct, indirect, total = self.terms
        self.play(FadeOut(self.indices), run_time=theme.FAST)
        for equation, path in ((direct, self.direct_path), (indirect, self.fan)):
            self.play(highlight(self.palette, self.steps, path()), Write(equation.symbolic), run_time=theme.FAST)
            self.play(equation.substitute(step=theme.FAST))
        self.play(highlight(self.palette, self.steps, [*self.direct_path(), *self.fan()]), Write(total.symbolic),
                  run_time=theme.FAST)
        self.play(total.substitute(step=theme.FAST))
        self.backprop = self.get_backprop(self.values).next_to(total.symbolic, RIGHT, buff=0.4)
        self.play(FadeIn(self.backprop), run_time=theme.FAST)

    @beat("For a weight wᵢⱼ each term is times its input, x₂ʲ or x₁ʲ. The first two symbols differ, "
          f"so each weight has one term; after {REPEATED_PAIRS}, one has both.")
    def weights_beat(self):
        direct, indirect, total = self.terms
        formula = self.get_formula("w_{ij}", (r"\,x_2^j", r"\,x_1^j"), (r"\text{direct}", r"\text{indirect}")).move_to(self.formula)
        note = self.get_weights_note().next_to(self.steps, RIGHT, buff=theme.GRAPH_GAP).align_to(direct, UP)
        self.play(FadeOut(self.formula, *direct, *indirect, *total, self.backprop), run_time=theme.FAST)
        self.play(FadeIn(formula), FadeIn(note), highlight(self.palette, self.steps, self.weight_paths()),
                  run_time=theme.NORMAL)

    # ------------------------------------------------------------ pieces

    def direct_path(self) -> list[Mobject]:
        """h_2^i, its edge to y_2^k, y_2^k: the way in at step 2 alone (recorded as a lit path)."""
        g, v = self.graph, self.values
        self.mark("lit", "path", {"t": 2, "path": str(v.i)})
        self.mark("lit", "output", {"t": 2, "k": v.k})
        return [g.h_node(2, v.i), g.v_edge(2, v.k, v.i), g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def fan(self) -> list[Mobject]:
        """Through h_1^i: its U edges into every h_2^alpha, their V edges to y_2^k (recorded as lit paths i, alpha)."""
        g, v = self.graph, self.values
        d = self.rnn.d
        for alpha in range(1, d + 1):
            self.mark("lit", "path", {"t": 2, "path": f"{v.i},{alpha}"})
        self.mark("lit", "output", {"t": 2, "k": v.k})
        return [g.h_node(1, v.i), *(g.u_edge(2, alpha, v.i) for alpha in range(1, d + 1)), g.h_nodes(2),
                g.v_edges(2)[v.k - 1], g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def weight_paths(self) -> list[Mobject]:
        """Each of the first two symbols' weights into h^i, with the term it opens: w_ij at step 1 (read
        there) and the fan, w_ij at step 2 and the direct path (recorded as lit edges)."""
        g, v = self.graph, self.values
        parts = []
        for t, w in ((1, self.weight_read_at(1)), (2, self.weight_read_at(2))):
            self.mark("lit", "edge", {"t": t, "weight": "w", "i": v.i, "j": w.j})
            self.mark("lit", "symbol", {"t": t})
            parts += [g.w_edge(t, v.i, w.j), g.x_node(t, w.j), g.input_labels(t)[w.j - 1]]
        return parts + self.fan() + self.direct_path()

    def weight_read_at(self, t: int):
        """The weight terms of the symbol read at step t (1 or 2)."""
        return next(w for w in weight_terms(self.reber_string) if w.symbol == self.reber_string[t - 1])

    def get_indices(self) -> VGroup:
        """Which output k and hidden unit i the worked example follows, as lit on the graph.

        Indices, like the step names and unit numbers on the graph: not model values, so not recorded.
        """
        p, v = self.palette, self.values
        symbol, k, i = reber.SYMBOLS[v.k - 1], v.k, v.i
        return VGroup(
            prose(rf"Here $k = {k}$: the score of {symbol} at $t = 2$,", p.text),
            prose(rf"and $i = {i}$: hidden unit {i}.", p.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)

    def get_formula(self, parameter: str = "b_h^i", inputs: tuple[str, str] = ("", ""),
                    notes: tuple[str, str] = (r"\text{direct: } h_1 \text{ held fixed}", r"\text{indirect: through } h_1^i")) -> MathTex:
        """The post's two terms of one parameter's derivative at t = 2: each term times the parameter's input
        at its step (`inputs`, empty for the bias, whose input is 1), each under its brace's `notes`."""
        direct_input, indirect_input = inputs
        return math(self.palette,
            rf"\frac{{\partial y_2^k}}{{\partial {parameter}}} = "
            rf"\underbrace{{\sigma_y'(z_2^k)\,v_{{ki}}\,\sigma_h'(a_2^i){direct_input}}}_{{{notes[0]}}}"
            r"\; + \;\underbrace{\sigma_y'(z_2^k)\,\Big(\sum_{\alpha} v_{k\alpha}\,\sigma_h'(a_2^\alpha)\,u_{\alpha i}\Big)"
            rf"\,\sigma_h'(a_1^i){indirect_input}}}_{{{notes[1]}}}"
        )

    def get_terms(self, v: BiasSplit, formula: Mobject) -> VGroup:
        """The direct term, the indirect term and their sum, in numbers, in a column under `formula`."""
        scale = theme.EQUATION_SCALE_COMPACT
        column = VGroup(*(LiveEquation.of(self, equation, beat="numbers_beat", scale=scale)
                          for equation in (v.direct_equation, v.indirect_equation, v.total_equation)))
        column.arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        return column.next_to(formula, DOWN, buff=0.35).to_edge(RIGHT, buff=2 * theme.FRAME_MARGIN)

    def get_backprop(self, v: BiasSplit) -> VGroup:
        """backprop: dy_2^k/db_h^i = its value, from the model's backward pass, apart from the sum beside it."""
        side = v.side
        lhs = rf"\partial y_{side.t}^{{{side.k}}}/\partial b_h^{{{side.i}}}"
        value = self.numeral(v.backprop.quantity, v.backprop.index, v.backprop.value, beat="numbers_beat",
                             label=f"backprop {plain(lhs)}")
        line = VGroup(prose("backprop:", self.palette.text),
                      math(self.palette, lhs, "=", value.tex(), scale=theme.EQUATION_SCALE_COMPACT))
        line[1][-1].set_color(role_color(self.palette, v.backprop.role))
        return line.arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_weights_note(self) -> VGroup:
        """Which of the two terms the weights of the first two symbols have, read off their inputs."""
        p = self.palette
        first, second = self.reber_string[:2]
        lines = [prose(r"$x_t^j = 1$ only for the symbol read at step $t$:", p.text)]
        for w in weight_terms(self.reber_string):
            x1 = self.numeral("x", {"t": 1, "j": w.j}, w.x1, digits=1, beat="weights_beat", label=f"x_1^{w.j}").tex()
            x2 = self.numeral("x", {"t": 2, "j": w.j}, w.x2, digits=1, beat="weights_beat", label=f"x_2^{w.j}").tex()
            has = [name for name, x in (("direct", w.x2), ("indirect", w.x1)) if x == 1.0]
            lines.append(prose(rf"$w_{{i{w.j}}}$ ({w.symbol}): $x_1^{w.j} = {x1}$, $x_2^{w.j} = {x2}$: "
                               + " and ".join(has) + (" terms" if len(has) > 1 else " only"), p.text))
        lines.append(prose(rf"{first} and {second} differ: one term each.", p.text))
        lines.append(prose(f"After {REPEATED_PAIRS} a weight has both.", p.text))
        return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
