"""Scene 2: the folded RNN unrolls into three time steps, grows every node and edge, and runs a Reber prefix."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.graph import ULoop
from lstm_explainer.scenes.components.legend import ColorScale
from lstm_explainer.scenes.components.text import caption, footnote, math, title
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.rnn_values import UnrollValues, unroll_values
from lstm_explainer.scenes.story import StoryScene, beat


class UnrollRNN(StoryScene):
    scene_id = "unroll-rnn"
    title = "Unrolling the RNN in time"
    section = "Derivatives at the first timestep"
    approx_seconds = 78
    stills = ("rnn_three_inputs.png", "rnn_three_inputs_full.png")

    row_label_gap = 0.3  # row label to the leftmost node of its row
    number_patch_buff = 0.05  # the opaque patch behind a number drawn over edges

    def construct(self):
        self.values = unroll_values(self.rnn, self.reber_string)
        self.graph = self.get_graph(len(self.values.symbols))
        self.folded_beat()
        self.unroll_beat()
        self.expand_beat()
        legend = footnote(self.palette, "filled input: the symbol read  |  output fill: predicted probability  |  ring: legal next symbol")
        self.play(FadeIn(legend), FadeIn(self.get_value_key(self.graph)))
        for t in range(1, len(self.values.symbols) + 1):
            self.step_beat(t=t, symbol=self.values.symbols[t - 1])

    @beat("Here is the same network folded up: an input block, a hidden block with its loop U, and an output block.")
    def folded_beat(self):
        self.heading = title(self.palette, "One network, reused at every step")
        self.folded = self.get_folded(self.graph)
        self.play(FadeIn(self.heading), FadeIn(self.folded, shift=0.2 * UP), run_time=theme.NORMAL)

    @beat("Unrolled in time, it becomes one copy per input, x_1, x_2, x_3, with the same weights in every copy; "
          "U carries each hidden state to the next step.")
    def unroll_beat(self):
        self.show_unrolling(self.folded, self.graph)
        self.capture_still("rnn_three_inputs.png", self.heading)

    @beat("Opened up, each block shows its units and each weight is an edge. "
          "This is the graph the derivatives will travel through.")
    def expand_beat(self):
        graph = self.graph
        self.play(FadeOut(self.heading))
        self.show_expansion(graph, VGroup(self.get_row_labels(graph), self.get_time_labels(graph)))
        self.capture_still("rnn_three_inputs_full.png")

    @beat("Step {t} reads {symbol}: the hidden units take their values and the outputs light up "
          "as probabilities, ringed where the grammar allows the next symbol.")
    def step_beat(self, t: int, symbol: str):
        self.show_step(self.graph, self.values, t)

    def get_graph(self, steps: int) -> UnrolledGraph:
        """The unrolled graph below the centre, moved right just enough to leave room for its row labels."""
        graph = UnrolledGraph(self.palette, self.rnn.W, self.rnn.U, self.rnn.V, reber.SYMBOLS, steps=steps).shift(theme.UNROLL_SHIFT * DOWN)
        return graph.shift(-VGroup(graph, self.get_row_labels(graph)).get_x() * RIGHT)

    def get_row_labels(self, graph: UnrolledGraph) -> VGroup:
        """x_t, h_t, y_t left of step 1's rows, one above the other."""
        p = self.palette
        labels = VGroup(*(math(p, f"{name}_t", color=color) for name, color in zip("xhy", (p.input, p.hidden, p.output))))
        for label, row in zip(labels, (graph.x_nodes(1), graph.h_nodes(1), graph.y_nodes(1))):
            label.set_y(row.get_y())
        return labels.set_x(graph.x_nodes(1).get_left()[0] - self.row_label_gap - labels.width / 2)

    def get_time_labels(self, graph: UnrolledGraph) -> VGroup:
        """The graph's t = 1, 2, 3 over the steps, moved to the top of the frame (above the read-outs)."""
        for label in graph.step_labels:
            label.to_edge(UP, buff=theme.FRAME_MARGIN)
        return graph.step_labels

    def get_value_key(self, graph: UnrolledGraph) -> ColorScale:
        """The key to the hidden nodes' fill, top left, over the row labels."""
        p = self.palette
        key = ColorScale(p, lambda h: theme.hidden_value_color(p, h), -1.0, 1.0, "hidden value")
        return key.to_corner(UL, buff=theme.FRAME_MARGIN)

    def get_folded(self, graph: UnrolledGraph) -> VGroup:
        """Step 1's blocks and arrows, relabelled x_t, h_t, y_t, with U as a loop on h_t."""
        p = self.palette
        step = VGroup(graph.blocks[0], graph.arrow("W", 1), graph.arrow("V", 1)).copy().move_to(ORIGIN)
        for block, name, color in zip(step[0], "xhy", (p.input, p.hidden, p.output)):
            block[1].become(math(p, f"{name}_t", color=color).move_to(block[1]))
        return VGroup(step, ULoop(step[0][1][0], p.U, frame=False, stroke_width=theme.UNROLL_ARROW_WIDTH))

    def show_unrolling(self, folded: VGroup, graph: UnrolledGraph) -> None:
        core = folded[0]
        copies = [VGroup(graph.blocks[t - 1], graph.arrow("W", t), graph.arrow("V", t)) for t in range(1, graph.steps + 1)]
        self.play(*(TransformFromCopy(core, c) for c in copies), FadeOut(folded), run_time=theme.SLOW)
        self.play(*(GrowArrow(graph.arrow("U", t)[0]) for t in range(2, graph.steps + 1)),
                  *(Write(graph.arrow("U", t)[1]) for t in range(2, graph.steps + 1)))

    def show_expansion(self, graph: UnrolledGraph, names: VGroup) -> None:
        boxes = [(graph.blocks[t][layer], graph.nodes[t][layer]) for t in range(graph.steps) for layer in range(3)]
        self.play(
            *(ReplacementTransform(block[0], rows) for block, rows in boxes),
            *(FadeOut(block[1]) for block, _ in boxes),
            FadeOut(graph.block_arrows),
            run_time=theme.SLOW,
        )
        self.add(graph.edges)
        self.bring_to_front(graph.nodes)
        self.play(LaggedStart(*(Create(e) for e in graph.edges), lag_ratio=0.3), run_time=theme.SLOW)
        self.play(FadeIn(graph.symbol_labels), FadeIn(graph.unit_labels), FadeIn(names))

    def get_hidden_numbers(self, graph: UnrolledGraph, values: UnrollValues, t: int) -> VGroup:
        p = self.palette
        numbers = VGroup()
        for unit, (node, h) in enumerate(zip(graph.h_nodes(t), values.h[t - 1]), start=1):
            shown = self.numeral("h", {"t": t, "unit": unit}, h)
            number = caption(shown.text, theme.LABEL_SIZE, p.hidden).next_to(node, RIGHT, buff=0.08)
            patch = BackgroundRectangle(number, color=p.background, fill_opacity=1, buff=self.number_patch_buff)
            numbers.add(VGroup(patch, number))
        return numbers

    def get_readout(self, graph: UnrolledGraph, values: UnrollValues, t: int) -> VGroup:
        """The legal next symbols with their predicted probabilities, above the step's outputs."""
        p = self.palette
        legal = sorted(values.legal[t - 1], key=reber.SYMBOLS.find)
        rows = VGroup()
        for s in legal:
            k = reber.INDEX[s] + 1
            shown = self.numeral("y", {"t": t, "k": k}, values.y[t - 1][k - 1])
            rows.add(caption(f"{s} {shown.text}", theme.LABEL_SIZE, p.good))
        rows.arrange(RIGHT, buff=0.35)
        return rows.next_to(graph.output_labels(t), UP, buff=0.2).set_x(graph.y_nodes(t).get_x())

    def show_step(self, graph: UnrolledGraph, values: UnrollValues, t: int) -> None:
        p = self.palette
        j = int(values.x[t - 1].argmax()) + 1
        self.play(
            graph.x_node(t, j).animate.set_fill(p.input, opacity=1),
            graph.input_labels(t)[j - 1].animate.set_color(p.input),
            run_time=theme.FAST,
        )
        self.play(
            *(node.animate.set_fill(theme.hidden_value_color(p, h), opacity=1) for node, h in zip(graph.h_nodes(t), values.h[t - 1])),
            FadeIn(self.get_hidden_numbers(graph, values, t)),
            run_time=theme.NORMAL,
        )
        rings = VGroup(
            *(
                Circle(radius=theme.NODE_RADIUS * 1.45, color=p.good, stroke_width=theme.NODE_STROKE).move_to(graph.y_node(t, reber.INDEX[s] + 1))
                for s in values.legal[t - 1]
            )
        )
        self.play(
            *(node.animate.set_fill(p.output, opacity=float(y)) for node, y in zip(graph.y_nodes(t), values.y[t - 1])),
            Create(rings),
            FadeIn(self.get_readout(graph, values, t)),
            *(graph.output_labels(t)[reber.INDEX[s]].animate.set_color(p.good) for s in values.legal[t - 1]),
            run_time=theme.NORMAL,
        )
