"""Scene 3: which part of the unrolled graph can move y_1^k, and the three derivatives at t = 1 in numbers."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.highlight import highlight
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation
from lstm_explainer.scenes.components.text import heading_line, prose
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.rnn_values import StepOneValues, likeliest_legal_output, step_one_values
from lstm_explainer.scenes.story import StoryScene, beat


class ErrorAtStepOne(StoryScene):
    scene_id = "error-at-step-one"
    title = "Error at the first step"
    section = "Starting simple: Calculating error at the first step"
    approx_seconds = 65
    stills = ("rnn_error1.png",)
    # The worked example: weight w_ij / u_ij into hidden unit i, output y_1^k (k: the likeliest
    # legal next symbol, chosen in construct).  j = 1 is B, the first symbol of every Reber string,
    # so x_1^j = 1.
    i, j = 4, 1

    def construct(self):
        self.k = likeliest_legal_output(self.rnn, self.reber_string, 1)
        self.values = step_one_values(self.rnn, self.reber_string, self.i, self.j, self.k)
        self.graph = UnrolledGraph(self.palette, self.rnn.W, self.rnn.U, self.rnn.V, reber.SYMBOLS).shift(theme.UNROLL_SHIFT * DOWN)
        self.add(self.graph.node_view)
        self.influence_beat()
        self.isolate_beat()
        self.v_beat()
        self.w_beat()
        self.u_beat()

    @beat("At the first step, only step 1's input, its input weights and its hidden units can change "
          "the output y_1^k; everything later is dimmed.")
    def influence_beat(self):
        self.play(highlight(self.palette, self.graph.node_view, self.get_influence(self.graph)), run_time=theme.SLOW)
        self.capture_still("rnn_error1.png")

    @beat("Step 1 moves aside to make room for three derivatives, one for each kind of weight.")
    def isolate_beat(self):
        graph = self.graph
        self.step = graph.steps_view(1)
        heading = heading_line(self.palette, "Error at the first step")
        self.equations = self.get_equations(self.values)
        box = frame_box(heading.get_bottom()[1] - theme.GRAPH_GAP, VGroup(*self.equations).get_left()[0] - theme.GRAPH_GAP)
        fit_into(self.step, graph.labels_of(1), box)
        self.play(
            FadeOut(VGroup(*(m for m in graph.node_view.family_members_with_points() if m not in self.step.get_family()))),
            MoveToTarget(self.step),
            FadeIn(heading),
            run_time=theme.SLOW,
        )

    @beat("An output weight v_kj touches only y_1^k: its derivative is the output's slope times the hidden value h_1^j.")
    def v_beat(self):
        graph, v_eq = self.graph, self.equations[0]
        self.show_equation(graph, self.step, v_eq, [graph.v_edge(1, self.k, self.j), graph.h_node(1, self.j)])
        note = prose(r"The post writes $h_1^j$ alone; the model keeps the slope $\sigma_y'$.", self.palette.muted)
        self.play(FadeIn(note.next_to(v_eq, DOWN, buff=0.15, aligned_edge=LEFT)))

    @beat("An input weight w_ij reaches y_1^k through one hidden unit: four factors, "
          "one per edge and node on the lit path.")
    def w_beat(self):
        graph = self.graph
        self.show_equation(graph, self.step, self.equations[1], [graph.w_edge(1, self.i, self.j), graph.x_node(1, self.j),
                                                                graph.h_node(1, self.i), graph.v_edge(1, self.k, self.i)])

    @beat("A hidden weight u_ij multiplies the starting state h_0, which is zero, "
          "so at the first step it cannot change the output at all.")
    def u_beat(self):
        graph, u_eq = self.graph, self.equations[2]
        self.show_equation(graph, self.step, u_eq, [graph.h_node(1, self.i), graph.v_edge(1, self.k, self.i)])
        zero = prose(r"$h_0 = 0$: at $t = 1$ no hidden weight $u_{ij}$ can change $y_1$.", self.palette.U)
        self.play(FadeIn(zero.next_to(u_eq, DOWN, buff=0.3, aligned_edge=LEFT)))

    def get_influence(self, graph: UnrolledGraph) -> list[Mobject]:
        """Everything y_1^k depends on: x_1, W at step 1, h_1, the four v_k,alpha, and y_1^k."""
        return [graph.x_nodes(1), graph.input_labels(1), graph.w_edges(1), graph.h_nodes(1),
                graph.v_edges(1)[self.k - 1], graph.y_node(1, self.k), graph.output_labels(1)[self.k - 1]]

    def get_equations(self, v: StepOneValues) -> list[LiveEquation]:
        """dy_1^k/dv_kj, dw_ij, du_ij in a column at the right; each is written in its own beat."""
        equations = [
            LiveEquation.of(self, equation, beat=beat)
            for equation, beat in ((v.v_equation, "v_beat"), (v.w_equation, "w_beat"), (v.u_equation, "u_beat"))
        ]
        column = VGroup(*equations).arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP)
        column.next_to(heading_line(self.palette, "x"), DOWN, buff=0.3).to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        return equations

    def show_equation(self, graph: UnrolledGraph, step: VGroup, equation: LiveEquation, path: list[Mobject]) -> None:
        self.play(highlight(self.palette, step, path), Write(equation.symbolic), run_time=theme.NORMAL)
        self.play(equation.substitute())
