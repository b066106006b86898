"""Scene 3: which part of the unrolled graph can move y_1^k, and the three derivatives at t = 1 in numbers."""

from __future__ import annotations

from manim import *

from model import reber
from scenes import theme
from scenes.components.highlight import highlight
from scenes.components.layout import fit_into, frame_box
from scenes.components.live_equation import LiveEquation, Term
from scenes.components.text import heading_line, prose
from scenes.components.unrolled import UnrolledGraph
from scenes.rnn_values import StepOneValues, step_one_values
from scenes.story import StoryScene


class ErrorAtStepOne(StoryScene):
    scene_id = "error1"
    title = "Error at the first step"
    section = "Starting simple: Calculating error at the first step"
    approx_seconds = 50
    stills = ("rnn_error1.png",)
    # The worked example: weight w_ij / u_ij into hidden unit i, output y_1^k.
    # j = 1 is B, the first symbol of every Reber string, so x_1^j = 1.
    i, j, k = 4, 1, 6

    def construct(self):
        values = step_one_values(self.rnn, self.reber_string, self.i, self.j, self.k)
        graph = UnrolledGraph(self.rnn.W, self.rnn.U, self.rnn.V, reber.SYMBOLS).shift(theme.UNROLL_SHIFT * DOWN)
        self.add(graph.node_view)
        self.begin_beat("beat1", "only step 1 can reach y_1^k; everything else goes dark.")
        self.play(highlight(graph.node_view, self.get_influence(graph)), run_time=theme.SLOW)
        self.capture_still("rnn_error1.png")
        self.end_beat()
        self.begin_beat("beat2", "keep step 1 alone, on the left, and make room for the equations.")
        step = graph.steps_view(1)
        heading = heading_line("Error at the first step")
        v_eq, w_eq, u_eq = self.get_equations(values)
        box = frame_box(heading.get_bottom()[1] - theme.GRAPH_GAP, VGroup(v_eq, w_eq, u_eq).get_left()[0] - theme.GRAPH_GAP)
        fit_into(step, graph.labels_of(1), box)
        self.play(
            FadeOut(VGroup(*(m for m in graph.node_view.family_members_with_points() if m not in step.get_family()))),
            MoveToTarget(step),
            FadeIn(heading),
            run_time=theme.SLOW,
        )
        self.end_beat()
        self.begin_beat("beat3", "an output weight v_kj acts on y_1^k alone: sigma_y' times h_1^j.")
        self.show_equation(graph, step, v_eq, [graph.v_edge(1, self.k, self.j), graph.h_node(1, self.j)])
        note = prose(r"The post writes $h_1^j$ alone; the model keeps the slope $\sigma_y'$.", theme.palette().muted)
        self.play(FadeIn(note.next_to(v_eq, DOWN, buff=0.15, aligned_edge=LEFT)))
        self.end_beat()
        self.begin_beat("beat4", "an input weight w_ij reaches y_1^k through h_1^i and v_ki.")
        self.show_equation(graph, step, w_eq, [graph.w_edge(1, self.i, self.j), graph.x_node(1, self.j),
                                               graph.h_node(1, self.i), graph.v_edge(1, self.k, self.i)])
        self.end_beat()
        self.begin_beat("beat5", "a hidden weight u_ij multiplies h_0^j = 0, so at t = 1 it has no effect.")
        self.show_equation(graph, step, u_eq, [graph.h_node(1, self.i), graph.v_edge(1, self.k, self.i)])
        zero = prose(r"$h_0 = 0$: at $t = 1$ no hidden weight $u_{ij}$ can change $y_1$.", theme.palette().U)
        self.play(FadeIn(zero.next_to(u_eq, DOWN, buff=0.3, aligned_edge=LEFT)))
        self.end_beat()
        self.wait(theme.HOLD)

    def get_influence(self, graph: UnrolledGraph) -> list[Mobject]:
        """Everything y_1^k depends on: x_1, W at step 1, h_1, the four v_k,alpha, and y_1^k."""
        return [graph.x_nodes(1), graph.input_labels(1), graph.w_edges(1), graph.h_nodes(1),
                graph.v_edges(1)[self.k - 1], graph.y_node(1, self.k), graph.output_labels(1)[self.k - 1]]

    def get_equations(self, v: StepOneValues) -> list[LiveEquation]:
        p = theme.palette()
        i, j, k = v.i, v.j, v.k
        dy = rf"\frac{{\partial y_1^{{{k}}}}}{{\partial {{}}"
        sig_y = Term(r"\sigma_y'", v.sigma_y, p.output)
        v_ki = Term(f"v_{{{k}{i}}}", v.v, p.V)
        sig_h = Term(r"\sigma_h'", v.sigma_h, p.hidden)
        equations = [
            LiveEquation(dy + f"v_{{{k}{j}}}}}", [sig_y, Term(f"h_1^{{{j}}}", v.h1, p.hidden)], v.grad_v),
            LiveEquation(dy + f"w_{{{i}{j}}}}}", [sig_y, v_ki, sig_h, Term(f"x_1^{{{j}}}", v.x, p.input)], v.grad_w),
            LiveEquation(dy + f"u_{{{i}{j}}}}}", [sig_y, v_ki, sig_h, Term(f"h_0^{{{j}}}", v.h0, p.U)], v.grad_u),
        ]
        column = VGroup(*equations).arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP)
        column.next_to(heading_line("x"), DOWN, buff=0.3).to_edge(RIGHT, buff=theme.FRAME_MARGIN)
        return equations

    def show_equation(self, graph: UnrolledGraph, step: VGroup, equation: LiveEquation, path: list[Mobject]) -> None:
        self.play(highlight(step, path), Write(equation.symbolic), run_time=theme.NORMAL)
        self.play(equation.substitute())
