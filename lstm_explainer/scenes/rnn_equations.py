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
    approx_seconds = 56
    stills = ("simple_rnn.png",)

    def construct(self):
        self.sizes = network_sizes(self.rnn)
        self.recurrences_beat()
        self.shapes_beat()
        self.sizes_beat()
        self.network_beat()
        self.figure_beat()

    @beat("Two equations are the whole network: the output y_t reads the hidden state h_t, "
          "and h_t mixes the new input x_t with the state one step before.")
    def recurrences_beat(self):
        self.heading = title(self.palette, "A vanilla RNN")
        self.recurrences = self.get_recurrences()
        self.play(FadeIn(self.heading), Write(self.recurrences), run_time=theme.SLOW)

    @beat("It learns three weight matrices and two biases: V for hidden to output, W for input to hidden, "
          "U for hidden to hidden. The state starts at zero.")
    def shapes_beat(self):
        self.shapes = self.get_shapes("m", "d", "n").next_to(self.recurrences, DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(LaggedStart(*(FadeIn(row, shift=0.2 * RIGHT) for row in self.shapes), lag_ratio=0.3))

    @beat("The post's network reads the seven Reber symbols one at a time, one-hot, "
          "predicts the seven next symbols, and keeps four hidden units.")
    def sizes_beat(self):
        sizes = self.sizes
        self.concrete = self.get_shapes(sizes.m, sizes.d, sizes.n).move_to(self.shapes, aligned_edge=LEFT)
        n, m, d = (self.record(name, {}, size, str(size)) for name, size in zip("nmd", (sizes.n, sizes.m, sizes.d)))
        self.sizes_line = math(self.palette, rf"n = {n},\ m = {m},\quad d = {d}").next_to(
            self.concrete, DOWN, buff=0.4, aligned_edge=LEFT
        )
        self.play(*(ReplacementTransform(a, b) for a, b in zip(self.shapes, self.concrete)), Write(self.sizes_line))

    @beat("Drawn as a graph, every edge is one trained weight and its width is the weight's size; "
          "U feeds the hidden layer back into itself.")
    def network_beat(self):
        self.network = self.get_network(self.sizes).to_edge(RIGHT, buff=0.8).shift(0.3 * DOWN)
        self.show_network(self.network)

    @beat("This small network is all the later scenes unroll in time.")
    def figure_beat(self):
        self.play(
            FadeOut(self.heading, self.recurrences, self.concrete, self.sizes_line),
            self.network.animate.scale(1.2).move_to(ORIGIN),
        )
        self.capture_still("simple_rnn.png")

    def get_recurrences(self) -> VGroup:
        rows = stacked(
            math(self.palette, r"y_t = \sigma_y(V h_t + b_y)"),
            math(self.palette, r"h_t = \sigma_h(W x_t + U h_{t-1} + b_h)"),
        )
        return rows.to_corner(UL, buff=theme.FRAME_MARGIN).shift(1.0 * DOWN)

    def get_shapes(self, m, d, n) -> VGroup:
        """One row per parameter: its shape, then what the post calls it."""
        muted = self.palette.muted
        rows = [
            (rf"V \in \mathbb{{R}}^{{{m} \times {d}}}", "output weights"),
            (rf"W \in \mathbb{{R}}^{{{d} \times {n}}}", "input weights"),
            (rf"U \in \mathbb{{R}}^{{{d} \times {d}}}", "hidden weights"),
            (rf"b_h \in \mathbb{{R}}^{{{d}}},\ b_y \in \mathbb{{R}}^{{{m}}}", "biases"),
            (r"h_0 = \vec{0}", "initial state"),
        ]
        return stacked(
            *(
                VGroup(math(self.palette, tex), caption(name, theme.LABEL_SIZE, muted)).arrange(RIGHT, buff=0.3)
                for tex, name in rows
            ),
            buff=0.22,
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
