"""Scene 1: the RNN's two recurrences, its parameters' shapes, and the 7-4-7 network."""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.network import LayeredNetwork
from lstm_explainer.scenes.components.text import caption, math, stacked, title
from lstm_explainer.scenes.story import StoryScene, beat


@dataclass(frozen=True)
class Sizes:
    """The post's symbolic sizes, read off the trained model's parameter shapes."""

    n: int  # input size
    d: int  # hidden size
    m: int  # output size


def network_sizes(rnn: RNN) -> Sizes:
    d, n = rnn.W.shape
    m = rnn.V.shape[0]
    return Sizes(n=n, d=d, m=m)


class RNNEquations(StoryScene):
    scene_id = "rnn-equations"
    title = "The vanilla RNN"
    section = "RNNs and a concrete example"
    approx_seconds = 44
    stills = ("simple_rnn.png",)

    def construct(self):
        self.sizes = network_sizes(self.rnn)
        self.recurrences_beat()
        self.shapes_beat()
        self.sizes_beat()
        self.network_beat()

    @beat("Two equations make the network: hₜ mixes the input xₜ with the last state, "
          "and each output in yₜ is its own sigmoid score.")
    def recurrences_beat(self):
        self.heading = title(self.palette, "A vanilla RNN")
        self.recurrences = self.get_recurrences()
        self.play(FadeIn(self.heading), Write(self.recurrences), run_time=theme.SLOW)

    @beat("It learns three weight matrices, V, W and U, and two biases. The state starts at zero.")
    def shapes_beat(self):
        self.shapes = self.get_shapes("m", "d", "n").next_to(self.recurrences, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(LaggedStart(*(FadeIn(row, shift=0.2 * RIGHT) for row in self.shapes), lag_ratio=0.2))

    @beat("The post's network reads the seven Reber symbols one-hot, scores the seven next symbols, "
          "and keeps four hidden units.")
    def sizes_beat(self):
        sizes = self.sizes
        self.concrete = self.get_shapes(sizes.m, sizes.d, sizes.n).move_to(self.shapes, aligned_edge=LEFT)
        n, m, d = (self.record(name, {}, size, str(size)) for name, size in zip("nmd", (sizes.n, sizes.m, sizes.d)))
        self.sizes_line = math(self.palette, rf"n = {n},\ m = {m},\quad d = {d}").next_to(
            self.concrete, DOWN, buff=0.3, aligned_edge=LEFT
        )
        self.play(*(ReplacementTransform(a, b) for a, b in zip(self.shapes, self.concrete)), Write(self.sizes_line))

    @beat("As a graph, each edge is a trained weight, as wide as the weight is large; U feeds the hidden layer back.")
    def network_beat(self):
        self.network = self.get_network(self.sizes).to_edge(RIGHT, buff=0.8).shift(0.3 * DOWN)
        self.show_network(self.network)
        self.play(
            FadeOut(self.heading, self.recurrences, self.concrete, self.sizes_line),
            self.network.animate.scale(1.2).move_to(ORIGIN),
        )
        self.capture_still("simple_rnn.png")

    def get_recurrences(self) -> VGroup:
        p = self.palette
        rows = stacked(
            math(p, r"y_t = \sigma_y(V h_t + b_y)"),
            math(p, r"h_t = \sigma_h(a_t), \quad a_t = W x_t + U h_{t-1} + b_h"),
            math(p, r"\sigma_h = \tanh, \quad \sigma_y(z) = \frac{1}{1 + e^{-z}}\ \text{(the sigmoid)}",
                 color=p.muted, scale=theme.EQUATION_SCALE_COMPACT),
            buff=0.22,
        )
        return rows.to_corner(UL, buff=theme.FRAME_MARGIN).shift(0.9 * DOWN)

    def get_shapes(self, m, d, n) -> VGroup:
        """One row per parameter: its shape, then what the post calls it."""
        p = self.palette
        muted = p.muted
        rows = [
            (rf"V \in \mathbb{{R}}^{{{m} \times {d}}}", "output weights"),
            (rf"W \in \mathbb{{R}}^{{{d} \times {n}}}", "input weights"),
            (rf"U \in \mathbb{{R}}^{{{d} \times {d}}}", "hidden weights"),
            (rf"b_h \in \mathbb{{R}}^{{{d}}},\ b_y \in \mathbb{{R}}^{{{m}}}", "biases"),
            (r"h_0 = [0, \dots, 0]", "initial state"),
        ]
        return stacked(
            *(
                VGroup(math(p, tex, color=p.hidden if tex.startswith("h_0") else None),
                       caption(name, theme.LABEL_SIZE, muted)).arrange(RIGHT, buff=0.3)
                for tex, name in rows
            ),
            buff=0.18,
        )

    def get_network(self, sizes: Sizes) -> LayeredNetwork:
        return LayeredNetwork(self.palette, self.rnn.W, self.rnn.V, reber.SYMBOLS)

    def show_network(self, network: LayeredNetwork) -> None:
        self.play(
            LaggedStart(FadeIn(network.inputs), FadeIn(network.hidden), FadeIn(network.outputs), lag_ratio=0.4),
            FadeIn(network.input_labels, network.output_labels, network.layer_labels),
        )
        # Edges join the scene behind the nodes they connect.
        self.add(network.w_edges, network.v_edges)
        self.bring_to_front(network.inputs, network.hidden, network.outputs)
        self.play(Create(network.w_edges), Create(network.v_edges), run_time=theme.SLOW)
        self.play(Create(network.u_loop.frame), Create(network.u_loop.arrow), Write(network.u_loop.label))
