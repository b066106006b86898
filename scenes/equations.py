"""Scene 1: the RNN's two recurrences, its parameters' shapes, and the 7-4-7 network."""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from model import reber
from model.rnn import RNN
from scenes import theme
from scenes.components.network import LayeredNetwork
from scenes.components.text import caption, math, stacked, title
from scenes.story import StoryScene


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
    scene_id = "equations"
    title = "The vanilla RNN"
    section = "RNNs and a concrete example"
    approx_seconds = 32
    stills = ("simple_rnn.png",)

    def construct(self):
        sizes = network_sizes(self.rnn)
        self.begin_beat("beat1", "the two recurrences that define the network.")
        heading = title("A vanilla RNN")
        recurrences = self.get_recurrences()
        self.play(FadeIn(heading), Write(recurrences), run_time=theme.SLOW)
        self.end_beat()
        self.begin_beat("beat2", "each parameter and its shape; the state starts at zero.")
        shapes = self.get_shapes("m", "d", "n").next_to(recurrences, DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(LaggedStart(*(FadeIn(row, shift=0.2 * RIGHT) for row in shapes), lag_ratio=0.3))
        self.end_beat()
        self.begin_beat("beat3", "the sizes of the post's network, taken from the trained model.")
        concrete = self.get_shapes(sizes.m, sizes.d, sizes.n).move_to(shapes, aligned_edge=LEFT)
        sizes_line = math(rf"n = m = {sizes.n},\quad d = {sizes.d}").next_to(concrete, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(*(ReplacementTransform(a, b) for a, b in zip(shapes, concrete)), Write(sizes_line))
        self.end_beat()
        self.begin_beat("beat4", "the network those sizes describe.")
        network = self.get_network(sizes).to_edge(RIGHT, buff=0.8).shift(0.3 * DOWN)
        self.show_network(network)
        self.end_beat()
        self.begin_beat("beat5", "the network alone, as the post's figure.")
        self.play(FadeOut(heading, recurrences, concrete, sizes_line), network.animate.scale(1.2).move_to(ORIGIN))
        self.capture_still("simple_rnn.png")
        self.end_beat()

    def get_recurrences(self) -> VGroup:
        rows = stacked(
            math(r"y_t = \sigma_y(V h_t + b_y)"),
            math(r"h_t = \sigma_h(W x_t + U h_{t-1} + b_h)"),
        )
        return rows.to_corner(UL, buff=theme.FRAME_MARGIN).shift(1.0 * DOWN)

    def get_shapes(self, m, d, n) -> VGroup:
        """One row per parameter: its shape, then what the post calls it."""
        muted = theme.palette().muted
        rows = [
            (rf"V \in \mathbb{{R}}^{{{m} \times {d}}}", "output weights"),
            (rf"W \in \mathbb{{R}}^{{{d} \times {n}}}", "input weights"),
            (rf"U \in \mathbb{{R}}^{{{d} \times {d}}}", "hidden weights"),
            (rf"b_h \in \mathbb{{R}}^{{{d}}},\ b_y \in \mathbb{{R}}^{{{m}}}", "biases"),
            (r"h_0 = \vec{0}", "initial state"),
        ]
        return stacked(
            *(
                VGroup(math(tex), caption(name, theme.LABEL_SIZE, muted)).arrange(RIGHT, buff=0.3)
                for tex, name in rows
            ),
            buff=0.22,
        )

    def get_network(self, sizes: Sizes) -> LayeredNetwork:
        return LayeredNetwork(self.rnn.W, self.rnn.V, reber.SYMBOLS)

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
