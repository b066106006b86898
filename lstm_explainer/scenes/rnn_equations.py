"""Scene 1: the RNN's two recurrences, its parameters' shapes, and the 7-4-7 network."""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from lstm_explainer.model import flow, reber
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.graph import edge_style, flow_along
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
    approx_seconds = 39
    stills = ("simple_rnn.png",)

    network_scale = 1.08  # the network beside the formulas: as large as the room right of them allows
    size_gap = 0.3  # a row of the network to its size, on its right
    key_weights = (0.3, 1.0)  # the edge-width key's two samples, as shares of the largest weight (the small one still seen)
    one_hot_gap = 0.14  # the input symbols to x_1's digits under them
    bias_tag_gap = 0.1  # a layer's name to its bias tag (+ b_h, + b_y) under it, left of its nodes
    u_arc_angle = 2.3  # U's unit-to-unit arcs: i to j (i < j) bends over the hidden row, j to i under it (radians)
    u_arc_width = 3.5  # the widest U arc (the largest weight of U); the rest narrower and fainter, as edges are
    idle_edge_opacity = 0.08  # W's edges from the inputs not read, while one symbol is read: nearly gone

    def construct(self):
        self.sizes = network_sizes(self.rnn)
        self.recurrences_beat()
        self.sizes_beat()
        self.weights_beat()
        self.shapes_beat()

    @beat("Each step, the sum aₜ weighs the input xₜ and the last state; hₜ is its tanh, "
          "and each output in yₜ is a sigmoid score.")
    def recurrences_beat(self):
        self.heading = title(self.palette, "A vanilla RNN")
        self.recurrences = self.get_recurrences()
        self.unbiased = self.get_unbiased(self.recurrences)  # the first two rows as beat 1 writes them, biases to come
        net = self.network = self.get_network().scale(self.network_scale)
        self.size_tags = self.get_size_tags(self.sizes, net)
        VGroup(net, self.size_tags).to_edge(RIGHT, buff=theme.FRAME_MARGIN).shift(0.25 * DOWN)
        h_row, y_row = self.unbiased
        squash = self.recurrences[2:]
        x_label, h_label, y_label = net.layer_labels
        VGroup(net.inputs, net.hidden, net.outputs).set_z_index(1)  # the edges grow behind the nodes they join
        net.unit_numbers.set_z_index(2)  # and the unit numbers sit in the hidden nodes
        self.u_arcs = self.get_u_arcs(net).set_z_index(0.5)  # over W's and V's edges, under the nodes
        self.shapes = self.get_shapes("m", "d", "n").next_to(self.recurrences, DOWN, buff=0.45, aligned_edge=LEFT)
        # the edge-width key in the top right, beside the title, over the network (the left column keeps the formulas)
        self.width_key = self.get_width_key().to_edge(RIGHT, buff=theme.FRAME_MARGIN).match_y(self.heading)
        # the loop's note arrives with the loop, where the parameter rows come later (the lower left empty till then),
        # and becomes U's row's words when U's shape is written
        self.loop_note = self.get_loop_note().align_to(self.shapes, UP).align_to(self.shapes, LEFT)
        # in the caption's order: the input, into the hidden layer with its loop, then up to the scored outputs (the
        # symbols' letters wait for the beat that names them); the outputs stand before the edges grow into them
        self.paced(
            (FadeIn(self.heading), Write(h_row), FadeIn(net.inputs, x_label)),
            (Create(net.w_edges, lag_ratio=0.02), FadeIn(net.hidden, h_label)),
            (Create(net.u_loop.frame), Create(net.u_loop.arrow), Write(net.u_loop.label), FadeIn(self.loop_note, shift=0.15 * RIGHT),
             Create(self.u_arcs, lag_ratio=0.1)),
            (Write(y_row), FadeIn(net.outputs, y_label)),
            (Create(net.v_edges, lag_ratio=0.02), *(Write(row) for row in squash)),
        )

    @beat("xₜ is one-hot: 1 for the symbol read, one of seven, 0 for the rest. "
          "Four hidden units, numbered 1 to 4; seven next-symbol scores.")
    def sizes_beat(self):
        net = self.network
        n_tag, d_tag, m_tag = self.size_tags
        # n with the inputs, then one input lit alone (the symbol read, one-hot), d with the hidden layer (its units
        # numbered as they are counted), m with the outputs, as the caption names them; the input stays lit, its
        # one-hot digits under the symbols, to the cue's end (both go as the next beat starts)
        x = reber.encode(self.reber_string)[0]  # the first symbol read, as the input takes it
        read = self.read = net.inputs[int(x.argmax())]
        self.one_hot = self.get_one_hot(x, net)
        self.small_note = self.get_small_note()
        self.paced(
            (FadeIn(n_tag, shift=0.2 * LEFT), self.count_off(net.inputs), FadeIn(net.input_labels)),
            (read.animate.set_fill(self.palette.input, opacity=1).build(), FadeIn(self.one_hot, shift=0.15 * DOWN),
             *(edge.animate.set_stroke(opacity=self.idle_edge_opacity).build() for edge in self.idle_edges(net, read))),
            (FadeIn(d_tag, shift=0.2 * LEFT), self.count_off(net.hidden), FadeIn(self.small_note),
             LaggedStart(*(FadeIn(number, scale=1.5) for number in net.unit_numbers), lag_ratio=0.35)),
            (FadeIn(m_tag, shift=0.2 * LEFT), self.count_off(net.outputs), FadeIn(net.output_labels)),
        )

    @beat("These sizes shape the weight matrices; an edge's width shows its weight's size.")
    def weights_beat(self):
        net = self.network
        v_row, w_row, u_row = self.shapes[:3]
        # each matrix's shape arrives as a pulse runs along its edges in the network (the input the last beat lit, with
        # its one-hot vector, stays while W's pulse runs, and goes as U's starts; first the loop's note steps down out
        # of the rows' way); U's pulse runs round the whole frame of the hidden layer and its loop, the note saying that loop
        # stands for all of U's weights (the loop's note becoming U's row's words); then the key, thin to thick, as the
        # widest edges light
        key = self.width_key
        self.paced(
            FadeOut(self.small_note, run_time=theme.FAST),
            (FadeIn(w_row, shift=0.2 * RIGHT), flow_along(net.w_edges)),
            (FadeIn(u_row[0], shift=0.2 * RIGHT), ReplacementTransform(self.loop_note, u_row[1]),
             flow_along(VGroup(net.u_loop.frame, net.u_loop.arrow)), flow_along(self.u_arcs),
             self.read.animate.set_fill(self.palette.background, opacity=1).build(), FadeOut(self.one_hot),
             *(edge.animate.set_stroke(opacity=opacity).build() for edge, opacity in self.idle_opacities)),
            (FadeIn(v_row, shift=0.2 * RIGHT), flow_along(net.v_edges)),
            LaggedStart(*(FadeIn(part, shift=0.15 * RIGHT) for part in key), lag_ratio=0.3),
            flow_along(self.widest_edges(net)),
        )

    @beat("Two biases add a learned number inside each hidden unit and output; the state starts at zero.")
    def shapes_beat(self):
        net = self.network
        bias_row, start_row = self.shapes[3:]
        (h_plain, y_plain), (h_row, y_row) = self.unbiased, self.recurrences[:2]
        # the biases' row; b_h joins its
        # formula as the hidden units swell and + b_h is tagged on them, b_y its formula as the outputs swell, tagged
        # + b_y (where each bias is added: inside the node); then the initial state as the hidden row is counted again
        h_tag, y_tag = self.get_bias_tags()
        h_way, y_way = self.get_bias_ways(h_tag, y_tag)
        self.paced(
            FadeIn(bias_row, shift=0.2 * RIGHT),
            (TransformMatchingTex(h_plain, h_row), self.count_off(net.hidden), FadeIn(h_tag, shift=0.1 * UP), GrowArrow(h_way)),
            (TransformMatchingTex(y_plain, y_row), self.count_off(net.outputs), FadeIn(y_tag, shift=0.1 * UP), GrowArrow(y_way)),
            (FadeIn(start_row, shift=0.2 * RIGHT), self.count_off(net.hidden)),
        )
        self.capture_still("simple_rnn.png", self.heading, self.recurrences, *self.shapes, *self.size_tags)  # each shown on its own

    def get_small_note(self) -> Mobject:
        """In the lower left, empty in this beat (under the loop's note): this 4-unit RNN is the small one the middle
        scenes take apart, not the Opening's (its size read off that model, recorded). It leaves as the parameter rows
        come."""
        p = self.palette
        units = self.record("hidden_size", {"model": "rnn"}, flow.embedded_rnn().d, str(flow.embedded_rnn().d),
                            beat="sizes_beat", label="the Opening's RNN, units")
        note = caption(f"A small RNN: the scenes to come\ntake this one apart (the Opening's\nRNN had {units} units).",
                       theme.LABEL_SIZE, p.text)
        return note.next_to(self.loop_note, DOWN, buff=0.45, aligned_edge=LEFT)

    def get_bias_tags(self) -> VGroup:
        """+ b_h under the hidden layer's name, + b_y under the outputs', left of their nodes: the biases added in them."""
        p, net = self.palette, self.network
        _, h_label, y_label = net.layer_labels
        return VGroup(*(math(p, tex, color=p.text, scale=theme.EQUATION_SCALE_LABEL)
                        .next_to(label, DOWN, buff=self.bias_tag_gap).align_to(label, RIGHT)
                        for tex, label in ((r"+\,b_h", h_label), (r"+\,b_y", y_label))))

    def get_bias_ways(self, h_tag: Mobject, y_tag: Mobject) -> VGroup:
        """A short arrow from each bias tag into the first node of its row: the bias goes into the nodes."""
        net = self.network
        return VGroup(*(Arrow(tag.get_right(), row[0].get_center(), buff=0.05 + row[0].width / 2, color=self.palette.text,
                              stroke_width=2, tip_length=0.12, max_tip_length_to_length_ratio=0.4)
                        for tag, row in ((h_tag, net.hidden), (y_tag, net.outputs))))

    def get_u_arcs(self, net: LayeredNetwork) -> VGroup:
        """U drawn out: an arc from every hidden unit to every other, in U's colour, i to j over the row for i < j and
        under it for i > j, each as wide and strong as its weight (the loop's self-weights stay with the loop)."""
        U = self.rnn.U
        largest = float(np.abs(U).max())
        arcs = VGroup()
        for i, source in enumerate(net.hidden):
            for j, target in enumerate(net.hidden):
                if i == j:
                    continue
                side = UP if i < j else DOWN
                start, end = source.get_edge_center(side), target.get_edge_center(side)
                style = edge_style(U[j, i], largest, 1.2, 0.5, self.u_arc_width)
                # clockwise: over the row going right, under it going left
                arcs.add(ArcBetweenPoints(start, end, angle=-self.u_arc_angle, color=self.palette.U, **style))
        return arcs

    def idle_edges(self, net: LayeredNetwork, read: Mobject) -> list[VMobject]:
        """W's edges from every input but `read` (their opacities kept in ``idle_opacities`` to restore)."""
        j = list(net.inputs).index(read)
        edges = [edge for row in net.w_edges for k, edge in enumerate(row) if k != j]
        self.idle_opacities = [(edge, edge.get_stroke_opacity()) for edge in edges]
        return edges

    def get_one_hot(self, x, net: LayeredNetwork) -> VGroup:
        """x_1 as the input takes it, one digit under each input's symbol (1 under the symbol read, 0 under the rest), in
        brackets: the vector the caption calls one-hot. Recorded as drawn."""
        p = self.palette
        digits = VGroup()
        for j, (value, symbol) in enumerate(zip(x, net.input_labels), start=1):
            shown = self.record("x", {"t": 1, "j": j}, float(value), str(int(value)), beat="sizes_beat",
                                label=f"x_t, t = 1, {reber.SYMBOLS[j - 1]}")
            digit = math(p, shown, color=p.input if value else p.text, scale=theme.EQUATION_SCALE_LABEL)
            digits.add(digit.next_to(symbol, DOWN, buff=self.one_hot_gap).set_x(symbol.get_x()))
        digits.set_y(digits[0].get_y())
        brackets = VGroup(*(math(p, b, color=p.text, scale=theme.EQUATION_SCALE_LABEL) for b in "[]"))
        brackets[0].next_to(digits, LEFT, buff=0.12)
        brackets[1].next_to(digits, RIGHT, buff=0.12)
        return VGroup(brackets, digits)

    @staticmethod
    def count_off(row: VGroup) -> Animation:
        """The nodes of `row` swell and settle one after another, left to right, hollow as they are: counted."""
        return LaggedStart(*(ScaleInPlace(node, 1.35, rate_func=there_and_back) for node in row), lag_ratio=0.35)

    def widest_edges(self, net: LayeredNetwork) -> VGroup:
        """The widest edge of W and of V: their largest weights."""
        def widest(edges: VGroup) -> VMobject:
            return max((e for row in edges for e in row), key=lambda e: e.get_stroke_width())
        return VGroup(widest(net.w_edges), widest(net.v_edges))

    def get_loop_note(self) -> Mobject:
        """That U's loop (one width) stands for all its weights, every unit to every unit: U's row's words, in place."""
        return self.get_shapes("m", "d", "n")[2][1].copy()

    def get_width_key(self) -> VGroup:
        """What an edge's width shows, the size of its weight: a small weight (0.3 of the largest) drawn thin and faint,
        the largest thick."""
        p = self.palette
        samples = [Line(ORIGIN, 0.7 * RIGHT, color=p.text, **edge_style(w, 1.0, theme.NETWORK_EDGE_WIDTH_MIN, theme.NETWORK_EDGE_OPACITY_MIN,
                                                                        theme.NETWORK_EDGE_WIDTH_MAX))
                   for w in self.key_weights]
        key = VGroup(caption("edge width:", theme.LABEL_SIZE, p.text), samples[0], caption("small weight", theme.LABEL_SIZE, p.text),
                     samples[1], caption("large", theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.2)
        return key

    def get_recurrences(self) -> VGroup:
        p = self.palette
        rows = stacked(
            math(p, *self.H_ROW, r"+ b_h"),
            math(p, *self.Y_ROW[:-1], r"+ b_y", self.Y_ROW[-1]),
            math(p, r"\sigma_h = \tanh\colon\ \text{each hidden unit in } (-1, 1)", scale=theme.EQUATION_SCALE_LABEL),
            math(p, r"\sigma_y = \text{sigmoid}\colon\ \text{each score in } (0, 1)", scale=theme.EQUATION_SCALE_LABEL),
            buff=0.28,
        )
        return rows.to_corner(UL, buff=theme.FRAME_MARGIN).shift(0.9 * DOWN)

    H_ROW = (r"h_t = \sigma_h(a_t), \quad a_t = W x_t + U h_{t-1}",)  # the recurrences' rows without their biases
    Y_ROW = (r"y_t = \sigma_y(V h_t", r")")

    def get_unbiased(self, rows: VGroup) -> VGroup:
        """The first two rows of `rows` without their bias terms, each where its row's first part is (the biases join
        them in beat 3)."""
        plain = VGroup(math(self.palette, *self.H_ROW), math(self.palette, *self.Y_ROW))
        for row, full in zip(plain, rows):
            row.shift(full[0].get_center() - row[0].get_center())
        return plain

    def get_shapes(self, m, d, n) -> VGroup:
        """One row per parameter: its shape, then what it is."""
        p = self.palette
        rows = [
            (rf"V \in \mathbb{{R}}^{{{m} \times {d}}}", "output weights"),
            (rf"W \in \mathbb{{R}}^{{{d} \times {n}}}", "input weights"),
            (rf"U \in \mathbb{{R}}^{{{d} \times {d}}}", "the loop: every unit to every unit"),
            (rf"b_h \in \mathbb{{R}}^{{{d}}},\ b_y \in \mathbb{{R}}^{{{m}}}", "biases, in the nodes"),
            (r"h_0 = [0, \dots, 0]", "initial state"),
        ]
        return stacked(
            *(
                VGroup(math(p, tex, color=p.hidden if tex.startswith("h_0") else None),
                       caption(name, theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.3)
                for tex, name in rows
            ),
            buff=0.2,
        )

    def get_size_tags(self, sizes: Sizes, network: LayeredNetwork) -> VGroup:
        """In the text colour, n = 7 right of the inputs, d = 4 right of the hidden layer's loop, m = 7 right of the outputs (recorded
        for the beat that shows them)."""
        p = self.palette
        tags = VGroup()
        for name, size, row in (("n", sizes.n, network.input_labels), ("d", sizes.d, network.u_loop.label),
                                ("m", sizes.m, network.output_labels)):
            shown = self.record(name, {}, size, str(size), beat="sizes_beat", label=name)
            tags.add(math(p, rf"{name} = {shown}", color=p.text).next_to(row, RIGHT, buff=self.size_gap))
        tags[0].set_y(network.inputs.get_y())
        tags[2].set_y(network.outputs.get_y())
        tags.set_x(max(tag.get_x() for tag in tags))
        return tags

    def get_network(self) -> LayeredNetwork:
        return LayeredNetwork(self.palette, self.rnn.W, self.rnn.V, reber.SYMBOLS)
