"""Scene 2: the folded RNN unrolls into three time steps, grows every node and edge, and runs a Reber prefix."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.graph import ULoop, flow_along
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.values.rnn import UnrollValues, unroll_values
from lstm_explainer.scenes.story import StoryScene, beat


class ValuedGraph:
    """The unrolled graph after the prefix ran through it: UnrollRNN's last frame, ErrorAtStepOne's first.

    Built without motion: ``graph`` at its place, and per step t the parts the forward pass
    adds (``numbers[t-1]`` the hidden values, each written in a pill laid over its node, tinted and rimmed
    like it, so the pill is the node and every edge ends at it, ``rings[t-1]`` round the legal next symbols, ``readouts[t-1]`` their scores), with the
    ``labels`` (x_t, h_t, y_t and t = 1, 2, 3) and the ``legend``. ``fill_animations(t)`` colours
    step t's nodes by their values; ``apply_fills`` colours every step at once. Every number is
    recorded by `scene` for `beat`, and every ring as a mark; without `extras` none of these is built.
    """

    row_label_gap = 0.3  # row label to the leftmost node of its row
    value_size = 28  # the hidden values: 10 px x-height at 480p (at the label size, 9 px, reviewers found them small)
    pill_pad = (0.08, 0.02)  # a hidden value to the rim of its pill, across and up: pills of neighbours stay apart
    pill_halo = 6  # a band of the background round each pill (stroke width): the edges that run behind it stop short
    # of its rim, so the pill reads apart from them
    pill_tint = 0.35  # a pill's fill: the node's colour this strong over the background (the text stays readable on it)
    score_size = theme.BODY_SIZE  # the scores over the outputs: the largest text on the graph, read from afar
    step_label_lift = 0.12  # t = 1, 2, 3 over the output symbols, once lowered from under the heading
    step_label_drop = 0.2  # t = 1, 2, 3 under UnrollRNN's heading (above the read-outs), clear of it (12 px at 480p)
    readout_gap = 0.16  # a step's scores over its output symbols, clear of them (at 0.07 the scores' letters crowded
    # the outputs' own), the step's name above them, under the heading
    graph_drop = -0.09  # the graph a little higher than UNROLL_SHIFT puts it: its outputs where they were at the
    # layer gap of 2.1, its inputs 18 px higher (at 480p), so the legend under them stays clear of the subtitles
    ring_radius = theme.NODE_RADIUS * 1.42  # a ring round an allowed next symbol, a dark gap between it and the
    ring_width = 4  # node's rim: a mark round the output, not its rim drawn thicker (at 1.3 and 7 the ring met the
    # filled node, and reviewers read "allowed" as ring thickness only; at 3.5 and 1.3 as a slightly brighter ring);
    # two neighbours' rings still apart
    other_output_rim = 0.35  # the rims of the outputs the grammar does not allow next: faint, so the rings stand out
    h0_lift = 0.8  # h_0 = 0 over step 1's input row, left of its edges
    h0_arrow_gap = 0.1  # h_0 = 0 to the tail of its arrow: the label clear of the orange line (at 0.04 they met)
    h0_comb_foot = 0.22  # the comb's spine runs on this far under unit 4, where h_0's arrow meets it: the arrow
    # feeds the spine (every unit), not unit 4's tooth
    h0_tooth_gap = 0.03  # the comb h_0 feeds, left of step 1's hidden column: a tooth's end to its unit's rim
    legend_size = theme.BODY_SIZE  # the legend's words: as large as the scores (at the label size reviewers found it tiny)
    legend_gap = 0.22  # the legend's lower row under the input symbols (13 px at 480p), 30 px clear of the subtitles
    heading_text = "One network at every step"  # UnrollRNN's title, on screen to its last frame

    def __init__(self, scene: StoryScene, values: UnrollValues, beat: str, extras: bool = True):
        p = self.palette = scene.palette
        self.values = values
        rnn = scene.rnn
        graph = UnrolledGraph(p, rnn.W, rnn.U, rnn.V, reber.SYMBOLS, steps=len(values.symbols))
        graph.shift((theme.UNROLL_SHIFT + self.graph_drop) * DOWN)
        self.graph = graph.shift(-VGroup(graph, self.get_row_labels(graph)).get_x() * RIGHT)
        self.row_labels = self.get_row_labels(graph)
        # just over each step's output symbols, a little clear of them
        self.step_label_homes = [label.get_center() + self.step_label_lift * UP for label in graph.step_labels]
        self.heading = title(p, self.heading_text)
        for label in graph.step_labels:  # over the steps, just under the heading (above the read-outs)
            label.set_y(self.heading.get_bottom()[1] - self.step_label_drop - label.height / 2)
        self.unit_label_homes = [label.get_center() for label in graph.unit_labels]
        steps = range(1, len(values.symbols) + 1) if extras else ()
        self.numbers = [self.get_hidden_numbers(scene, t, beat) for t in steps]
        self.backings = [self.get_backing(pills) for pills in self.numbers]
        self.rings = [self.get_rings(scene, t, beat) for t in steps]
        self.readouts = [self.get_readout(scene, t, beat) for t in steps]
        self.h0 = self.get_h0_note()
        self.h0_comb = self.get_h0_comb()
        self.h0_arrow = self.get_h0_arrow()
        self.legend = self.get_legend()
        self.extras.set_z_index(theme.LIT_Z + 1)  # over the edges, even those a highlight raises
        for backing in self.backings:  # and the strips under the pills, over every edge
            backing.set_z_index(theme.LIT_Z + 0.5)

    def get_legend(self) -> VGroup:
        """What the fills and rings mean, in the text colour, each entry a sample of the mark, as large as the mark in
        the graph, and its meaning, in two rows beside what they name: the outputs' (fill, ring) at the top right,
        level with the heading, over the outputs; the input's and the hidden shades' under the graph (one row of all
        six would have to shrink below the label size to fit the frame's width)."""
        p = self.palette
        r = theme.NODE_RADIUS

        def hidden(h: float) -> VGroup:  # a pill as on the graph, its value left out
            return self.value_pill("0.0", h)[0]

        # the hidden fill: its hue the sign, its strength the size (fainter, nearer the background, toward 0)
        samples = (Circle(radius=r, color=p.output, stroke_width=theme.NODE_STROKE).set_fill(p.output, 0.6),
                   Circle(radius=self.ring_radius, color=p.good, stroke_width=self.ring_width),
                   Circle(radius=r, color=p.input, stroke_width=theme.NODE_STROKE).set_fill(p.input, 1),
                   hidden(1.0), hidden(-1.0), VGroup(*(hidden(h) for h in (0.3, 0.03))).arrange(RIGHT, buff=0.04))
        words = ("fill = score", "allowed next", "symbol read", "h > 0", "h < 0", "pale: h near 0")
        entries = [VGroup(sample, caption(word, self.legend_size, p.text)).arrange(RIGHT, buff=0.12)
                   for sample, word in zip(samples, words)]
        top = VGroup(*entries[:2]).arrange(RIGHT, buff=0.4)
        top.to_edge(RIGHT, buff=theme.FRAME_MARGIN).set_y(self.heading.get_y())
        bottom = VGroup(entries[2], VGroup(*entries[3:]).arrange(RIGHT, buff=0.3)).arrange(RIGHT, buff=0.5)
        bottom.next_to(self.graph.input_labels(1), DOWN, buff=self.legend_gap).set_x(0)
        return VGroup(top, bottom)

    @property
    def extras(self) -> VGroup:
        """Everything drawn over the graph: the strips behind the values, values, rings, scores, h_0 = 0 and the legend (not the row and step
        labels)."""
        return VGroup(*self.backings, *self.numbers, *self.rings, *self.readouts, self.h0, self.h0_comb, self.h0_arrow, self.legend)

    def get_h0_note(self) -> Mobject:
        """h_0 = 0, the state before step 1: in the hidden colour, under the h_t row name, left of the edges that leave
        step 1's first input (no edge crosses it); on screen to the forward pass's end."""
        row_name, first_input = self.row_labels[1], self.graph.x_nodes(1)[0]
        label = math(self.palette, "h_0 = 0", color=self.palette.hidden, scale=theme.EQUATION_SCALE_LABEL)
        label.align_to(row_name, LEFT).set_y(first_input.get_y() + self.h0_lift)
        return label

    def get_h0_comb(self) -> VGroup:
        """A comb in U's colour down the left of step 1's hidden column, between the unit numbers and the units: its
        spine from unit 1 to under unit 4 (where h_0's arrow comes in), a tooth level into each unit's rim. h_0 = 0
        goes into every unit of step 1, not one."""
        graph = self.graph
        units = self.numbers[0] if self.numbers else graph.h_nodes(1)
        x = (graph.unit_labels.get_right()[0] + units.get_left()[0]) / 2
        top, foot = units[0].get_y(), units.get_bottom()[1] - self.h0_comb_foot
        style = dict(color=self.palette.U, stroke_width=theme.NODE_STROKE)
        spine = Line([x, top, 0], [x, foot, 0], **style)
        teeth = [Line([x, unit.get_y(), 0], [unit.get_left()[0] - self.h0_tooth_gap, unit.get_y(), 0], **style) for unit in units]
        return VGroup(spine, *teeth)

    def get_h0_arrow(self) -> Arrow:
        """U's way from h_0 = 0 into step 1's hidden column: from the note's upper right to the comb's foot, under
        unit 4."""
        return Arrow(self.h0.get_corner(UR), self.h0_comb[0].get_end(), buff=self.h0_arrow_gap, color=self.palette.U,
                     stroke_width=theme.NODE_STROKE, max_tip_length_to_length_ratio=0.3, tip_length=0.14)

    def get_row_labels(self, graph: UnrolledGraph) -> VGroup:
        """x_t, h_t, y_t left of step 1's rows, one above the other."""
        p = self.palette
        labels = VGroup(*(math(p, f"{name}_t", color=color) for name, color in zip("xhy", (p.input, p.hidden, p.output))))
        for label, row in zip(labels, (graph.x_nodes(1), graph.h_nodes(1), graph.y_nodes(1))):
            label.set_y(row.get_y())
        return labels.set_x(graph.x_nodes(1).get_left()[0] - self.row_label_gap - labels.width / 2)

    def get_hidden_numbers(self, scene: StoryScene, t: int, beat: str) -> VGroup:
        """h_t's values, each in a pill laid over its unit's node: the pill is the node.

        Every edge of a unit (W from below, U from the left and to the right, V up) meets its node's centre, so it ends
        at the pill's rim and none crosses it (reviewers read pills beside the node as sitting on the U or V edges).
        The pill's rim, as thick as a node's, carries the node's colour; its fill is that colour, weakened toward the
        background, so the number, in the text colour, keeps its contrast while the sign and size still show.
        """
        p, graph = self.palette, self.graph
        numbers = VGroup()
        for unit, (node, h) in enumerate(zip(graph.h_nodes(t), self.values.h[t - 1]), start=1):
            shown = scene.numeral("h", {"t": t, "unit": unit}, h, beat=beat,
                                  label=f"h_t, t = {t}, unit {unit}")
            numbers.add(self.value_pill(shown.text, h).move_to(node))
        return numbers

    def get_backing(self, pills: VGroup) -> Rectangle:
        """A strip of the background behind a step's column of pills, as wide as its widest pill: the edges that meet
        in the column stop at it, none shows between two pills (at 480p the edges seen there ran into the digits)."""
        return Rectangle(width=max(pill.width for pill in pills), height=pills[0].get_top()[1] - pills[-1].get_bottom()[1],
                         stroke_width=0).set_fill(self.palette.background, opacity=1).move_to(pills)

    def value_pill(self, text: str, h: float) -> VGroup:
        """A hidden value written in its pill, rimmed in its node's colour and tinted with it, a band of the background
        round it."""
        p = self.palette
        fill = theme.hidden_value_color(p, h)
        number = caption(text, self.value_size, p.text)
        across, up = self.pill_pad
        pill = RoundedRectangle(corner_radius=number.height / 2 + up, width=number.width + 2 * across,
                                height=number.height + 2 * up, color=fill, stroke_width=theme.NODE_STROKE)
        pill.set_fill(interpolate_color(ManimColor(p.background), ManimColor(fill), self.pill_tint), opacity=1)
        pill.set_stroke(p.background, width=self.pill_halo, background=True)
        return VGroup(pill, number.move_to(pill))

    def get_rings(self, scene: StoryScene, t: int, beat: str) -> VGroup:
        """A ring round each output of step t that the grammar allows next (recorded as marks)."""
        p = self.palette
        rings = VGroup()
        for s in sorted(self.values.legal[t - 1], key=reber.SYMBOLS.find):
            k = reber.INDEX[s] + 1
            scene.mark("ring", "output", {"t": t, "k": k}, beat=beat)
            rings.add(Circle(radius=self.ring_radius, color=p.good, stroke_width=self.ring_width)
                      .move_to(self.graph.y_node(t, k)))
        return rings

    def get_readout(self, scene: StoryScene, t: int, beat: str) -> VGroup:
        """The legal next symbols with their scores, above the step's outputs."""
        p, graph, values = self.palette, self.graph, self.values
        rows = VGroup()
        for s in sorted(values.legal[t - 1], key=reber.SYMBOLS.find):
            k = reber.INDEX[s] + 1
            shown = scene.numeral("y", {"t": t, "k": k}, values.y[t - 1][k - 1], beat=beat, label=f"y_t, t = {t}, {s}")
            rows.add(caption(f"{s} {shown.text}", self.score_size, p.good))
        rows.arrange(RIGHT, buff=0.35)
        return rows.next_to(graph.output_labels(t), UP, buff=self.readout_gap).set_x(graph.y_nodes(t).get_x())

    def fills(self, t: int) -> list[tuple[Mobject, str, float]]:
        """(mobject, colour, fill opacity or None for a label) of everything step t's values colour."""
        p, graph, values = self.palette, self.graph, self.values
        j = int(values.x[t - 1].argmax()) + 1
        parts = [(graph.x_node(t, j), p.input, 1.0), (graph.input_labels(t)[j - 1], p.input, None)]
        parts += [(node, theme.hidden_value_color(p, h), 1.0) for node, h in zip(graph.h_nodes(t), values.h[t - 1])]
        parts += [(node, p.output, float(y)) for node, y in zip(graph.y_nodes(t), values.y[t - 1])]
        parts += [(graph.output_labels(t)[reber.INDEX[s]], p.good, None) for s in values.legal[t - 1]]
        return parts

    def other_outputs(self, t: int) -> list[Mobject]:
        """Step t's outputs the grammar does not allow next (their rims go faint beside the rings)."""
        legal = {reber.INDEX[s] for s in self.values.legal[t - 1]}
        return [node for k, node in enumerate(self.graph.y_nodes(t)) if k not in legal]

    def fill_animations(self, t: int) -> list[Animation]:
        """Step t's nodes coloured by their values, the rims of the outputs not allowed next made faint (last)."""
        return ([m.animate.set_color(c) if o is None else m.animate.set_fill(c, opacity=o) for m, c, o in self.fills(t)]
                + [node.animate.set_stroke(opacity=self.other_output_rim) for node in self.other_outputs(t)])

    def apply_fills(self) -> None:
        """Every step's values coloured in at once (the picture the forward pass ends on)."""
        for t in range(1, self.graph.steps + 1):
            for m, c, o in self.fills(t):
                m.set_color(c) if o is None else m.set_fill(c, opacity=o)
            for node in self.other_outputs(t):
                node.set_stroke(opacity=self.other_output_rim)

    def lower_step_labels(self, view: Mobject | None = None) -> None:
        """Put t = 1, 2, 3 back just over their steps' outputs and the unit numbers beside their nodes,
        once the read-outs are gone.

        `view` is a copy of the graph's node view (a highlight's target) to change instead of the graph.
        """
        g = self.graph
        labels = {id(label): home for label, home in zip([*g.step_labels, *g.unit_labels],
                                                         [*self.step_label_homes, *self.unit_label_homes])}
        originals = self.graph.node_view.get_family()
        copies = originals if view is None else view.get_family()
        for original, copy in zip(originals, copies):
            if id(original) in labels:
                copy.move_to(labels[id(original)])

    def show_all(self, scene: StoryScene) -> None:
        """Put the finished picture on screen at once: the heading, the graph valued, its labels and every extra."""
        self.apply_fills()
        g = self.graph
        scene.add(self.heading, g.node_view, self.row_labels, self.extras)


class UnrollRNN(StoryScene):
    scene_id = "unroll-rnn"
    title = "Unrolling the RNN in time"
    section = "Derivatives at the first timestep"
    approx_seconds = 42
    stills = ("rnn_three_inputs.png", "rnn_three_inputs_full.png")
    fade_out = False  # ErrorAtStepOne starts from this last picture, the valued graph

    pass_speedup = 0.6  # each step of the forward pass takes this share of the one before
    state_dot = 0.13  # the hidden state riding the U arrows from h_0 on: large enough to follow at 480p
    folded_scale = 1.3  # the folded network, alone on screen: large, the frame's middle filled (at 1 it sat small)
    folded_drop = 0.1  # and a little lower, clear of the heading
    folded_name_gap = 0.45  # the folded network to its blocks' names in words, on its right
    h0_gap = 0.12  # h_0 = 0 to the tail of U's arrow out of it, in the unrolled picture
    state_swell = 1.15  # the hidden block swells this much as the state sinks into it
    idle_edges = 0.35  # W's and V's edges, opened up, at this share of their opacity (U's stand out among them); each
    # step's come back to full as the forward pass reaches it

    def construct(self):
        self.values = unroll_values(self.rnn, self.reber_string)
        self.picture = ValuedGraph(self, self.values, beat="forward_beat")
        self.graph = self.picture.graph
        self.folded_beat()
        self.unroll_beat()
        self.expand_beat()
        self.forward_beat()

    @beat("The network folded up: the input, the hidden layer with its loop U, and the output.")
    def folded_beat(self):
        self.heading = self.picture.heading
        self.folded = self.get_folded(self.graph)
        (x_block, h_block, y_block), w_arrow, v_arrow = self.folded[0]
        loop = self.folded[1]
        x_name, h_name, y_name = self.folded_names = self.get_folded_names(x_block, h_block, y_block)
        VGroup(self.folded, self.folded_names).set_x(0)  # the network and its names together in the middle
        # bottom to top, as the caption names them, from the first frame on: each block grows out of the arrow below it,
        # named in words on its left; then a dot takes the same way, a symbol going in through W, round the loop U and
        # out through V
        self.paced((FadeIn(self.heading), GrowFromEdge(x_block, DOWN), FadeIn(x_name)), (GrowArrow(w_arrow[0]), Write(w_arrow[1])),
                   (GrowFromEdge(h_block, DOWN), FadeIn(h_name)), (Create(loop.arrow), Write(loop.label)),
                   (GrowArrow(v_arrow[0]), Write(v_arrow[1])), (GrowFromEdge(y_block, DOWN), FadeIn(y_name)),
                   *self.ride_through(x_block, h_block, y_block, loop.arrow))

    def get_folded_names(self, *blocks: Mobject) -> VGroup:
        """The folded blocks named in words, level with them in one column on their right (clear of the loop U), in
        the text colour: they leave as it unrolls."""
        words = ("input: the symbol read", "hidden layer: the state", "output: next-symbol scores")
        left = self.folded.get_right()[0] + self.folded_name_gap
        return VGroup(*(caption(word, theme.BODY_SIZE, self.palette.text).set_y(block.get_y()).align_to([left, 0, 0], LEFT)
                        for word, block in zip(words, blocks)))

    def ride_through(self, x_block: Mobject, h_block: Mobject, y_block: Mobject, loop: Mobject) -> list:
        """A symbol's way through the folded network, for `paced`: a dot up W into the hidden block, the hidden state
        once round U, a dot up V into the output block; each dot in the colour of what it carries, sinking into the
        block it reaches (no dot crosses a block's name)."""
        p = self.palette
        ways = ((Line(x_block.get_top(), h_block.get_bottom()), p.input), (loop, p.hidden),
                (Line(h_block.get_top(), y_block.get_bottom()), p.hidden))
        steps = []
        for path, color in ways:
            dot = Dot(path.get_start(), radius=self.state_dot, color=color).set_z_index(2)
            steps += [FadeIn(dot, scale=2), MoveAlongPath(dot, path), FadeOut(dot, scale=0.3)]
        return steps

    @beat("Unrolled in time: one copy per input, the same weights in each; "
          "U carries the hidden state on, from h₀ = 0.")
    def unroll_beat(self):
        self.show_unrolling(self.folded, self.graph)
        self.capture_still("rnn_three_inputs.png", self.heading, self.start)

    @beat("Opened up, each unit is a node, the hidden units now in a column, and each weight an edge: "
          "the graph the derivatives travel through.")
    def expand_beat(self):
        graph = self.graph
        self.show_expansion(graph, VGroup(self.picture.row_labels, graph.step_labels))
        self.capture_still("rnn_three_inputs_full.png", self.heading)

    @beat("The string runs in, a symbol a step: hidden units take values, outputs score every symbol, "
          "rings mark what the grammar allows next.")
    def forward_beat(self):
        steps = [FadeIn(self.picture.legend)]
        for t in range(1, self.graph.steps + 1):  # one pass, each step quicker than the one before
            steps += self.forward_step(t, self.pass_speedup ** (t - 1))
        self.paced(*steps)

    def forward_step(self, t: int, speed: float) -> list:
        """Step t of the forward pass, its values flowing up: the symbol read, the hidden units (and U from the
        step before), the outputs, then the rings and scores. `speed` scales its run times."""
        picture, graph = self.picture, self.graph
        d, m = self.rnn.d, len(reber.SYMBOLS)
        fills = picture.fill_animations(t)  # the symbol read and its label, the d hidden units, the m outputs, the rest
        read, hidden, outputs, rest = fills[:2], fills[2:2 + d], fills[2 + d:2 + d + m], fills[2 + d + m:]
        j = int(self.values.x[t - 1].argmax()) + 1
        into = VGroup(*(graph.w_edge(t, i, j) for i in range(1, d + 1)))
        if t > 1:
            into.add(graph.u_edges(t))
        feed = []
        if t == 1:  # step 1's state from the step before is h_0 = 0: it goes into step 1's hidden units and is done
            feed = [Succession(GrowArrow(picture.h0_arrow), Create(picture.h0_comb, lag_ratio=0.3))]
        restore = [edge.animate.set_stroke(opacity=opacity).build() for edge, opacity in self.dimmed[t]]
        steps = [
            [*read, *restore],
            [flow_along(into), *feed],
            [*hidden, *(TransformFromCopy(node, pill[0]) for node, pill in zip(graph.h_nodes(t), picture.numbers[t - 1])),
             *(FadeIn(pill[1]) for pill in picture.numbers[t - 1]), FadeIn(picture.backings[t - 1])],
            [flow_along(graph.v_edges(t))],
            [*outputs, *rest],
            [Create(picture.rings[t - 1]), FadeIn(picture.readouts[t - 1])],
        ]
        return [AnimationGroup(*step, run_time=speed) for step in steps]

    def get_folded(self, graph: UnrolledGraph) -> VGroup:
        """Step 1's blocks and arrows, relabelled x_t, h_t, y_t, with U as a loop on h_t."""
        p = self.palette
        step = VGroup(graph.blocks[0], graph.arrow("W", 1), graph.arrow("V", 1)).copy().move_to(ORIGIN)
        for block, name, color in zip(step[0], "xhy", (p.input, p.hidden, p.output)):
            block[1].become(math(p, f"{name}_t", color=color).move_to(block[1]))
        folded = VGroup(step, ULoop(step[0][1][0], p.U, frame=False, stroke_width=theme.UNROLL_ARROW_WIDTH))
        return folded.scale(self.folded_scale).shift(self.folded_drop * DOWN)

    def show_unrolling(self, folded: VGroup, graph: UnrolledGraph) -> None:
        """The folded network's names fade, its boxes and arrows slide into step 1 and copy on into steps 2 and 3,
        each step's names written once its boxes stand (no name morphs into another mid-motion); then U joins the
        steps in turn, from the zero state h_0 on, and a pulse carries the state along U, step to step."""
        core, loop = folded
        shapes = [VGroup(*(block[0] for block in graph.blocks[t - 1]), graph.arrow("W", t), graph.arrow("V", t))
                  for t in range(1, graph.steps + 1)]
        names = [VGroup(*(block[1] for block in graph.blocks[t - 1])) for t in range(1, graph.steps + 1)]
        core_shapes = VGroup(*(block[0] for block in core[0]), core[1], core[2])
        self.start = self.get_start(graph)
        u_arrows = [self.start[1][0], *(graph.arrow("U", t)[0] for t in range(2, graph.steps + 1))]
        copies = [ReplacementTransform(core_shapes, shapes[0]),
                  *(TransformFromCopy(shapes[t - 2], shapes[t - 1]) for t in range(2, graph.steps + 1))]
        self.paced((FadeOut(VGroup(*(block[1] for block in core[0]))), FadeOut(loop), FadeOut(self.folded_names)),
                   *(step for copy, step_names in zip(copies, names) for step in (copy, FadeIn(step_names))),
                   (FadeIn(self.start[0], shift=0.2 * RIGHT), GrowArrow(self.start[1][0]), Write(self.start[1][1])),
                   *((GrowArrow(graph.arrow("U", t)[0]), Write(graph.arrow("U", t)[1])) for t in range(2, graph.steps + 1)),
                   *self.carry_state(u_arrows, [graph.block("h", t)[0] for t in range(1, graph.steps + 1)]))

    def carry_state(self, arrows: list, boxes: list) -> list:
        """A dot in the hidden colour (the state) rides each U arrow into the next hidden block and sinks into its
        left side as the block swells; the next state leaves from its right side (no dot crosses the block's
        name): the steps for `paced`."""
        steps = []
        for arrow, box in zip(arrows, boxes):
            state = Dot(arrow.get_start(), radius=self.state_dot, color=self.palette.hidden).set_z_index(2)
            steps.append(FadeIn(state, scale=2))
            steps.append(MoveAlongPath(state, Line(arrow.get_start(), box.get_left())))
            steps.append((ScaleInPlace(box, self.state_swell, rate_func=there_and_back), FadeOut(state, scale=0.3)))
        return steps

    def get_start(self, graph: UnrolledGraph) -> VGroup:
        """h_0 = 0, the state before the first step, at the frame's left margin level with h_1, and U's arrow from it
        into h_1 (the name at the arrow's tail, not over the line)."""
        p = self.palette
        end = graph.block("h", 1)[0].get_left()
        name = math(p, "h_0 = 0", color=p.hidden).to_edge(LEFT, buff=theme.FRAME_MARGIN).set_y(end[1])
        start = np.array([name.get_right()[0] + self.h0_gap, end[1], 0.0])
        arrow = UnrolledGraph.labelled_arrow(start, end, "U", p.U, DOWN)
        return VGroup(name, arrow)

    def show_expansion(self, graph: UnrolledGraph, names: VGroup) -> None:
        """Each block opens into its nodes, then the edges grow step by step: W and V in a step, U into the next."""
        boxes = [(graph.blocks[t][layer], graph.nodes[t][layer]) for t in range(graph.steps) for layer in range(3)]
        graph.nodes.set_z_index(1)  # each step's edges join the scene as they grow, under the nodes
        self.dimmed = {t: [(edge, edge.get_stroke_opacity()) for part in (graph.w_edges(t), graph.v_edges(t))
                           for edge in part.family_members_with_points()] for t in range(1, graph.steps + 1)}
        for edge, opacity in (pair for pairs in self.dimmed.values() for pair in pairs):
            edge.set_stroke(opacity=opacity * self.idle_edges)
        grow = []
        for t in range(1, graph.steps + 1):
            parts = [graph.w_edges(t), graph.v_edges(t)] + ([graph.u_edges(t)] if t > 1 else [])
            grow.append(tuple(Create(p, lag_ratio=0.02) for p in parts))
        self.h0 = self.picture.h0
        # the nodes arrive with their symbols and unit numbers (fading in where the nodes land: never a bare row) and
        # h_0 = 0 moves to step 1; then the rows' and steps' names (once h_0 = 0 has passed where h_t is written); then
        # the edges grow, step after step, between named nodes; the block names and arrows leave first, so no name
        # lingers over the nodes sliding out of its box
        self.paced(
            (*(FadeOut(block[1]) for block, _ in boxes), FadeOut(graph.block_arrows), FadeOut(self.start[1])),
            (*(ReplacementTransform(block[0], rows) for block, rows in boxes), ReplacementTransform(self.start[0], self.h0),
             FadeIn(graph.symbol_labels), FadeIn(graph.unit_labels)),
            FadeIn(names),
            *grow,
            *self.trace_unit(graph, 1),
        )

    def trace_unit(self, graph: UnrolledGraph, unit: int) -> list:
        """Step 1's edges of one hidden unit lit over the nodes, the W edges into it, then the V edges out of it, as
        the unit swells: where an edge ends shows even where it runs behind the other units of the column (the steps
        for `paced`)."""
        node, m = graph.h_node(1, unit), graph.y_nodes(1).submobjects
        into = VGroup(*graph.w_edges(1)[unit - 1])
        out_of = VGroup(*(graph.v_edges(1)[k][unit - 1] for k in range(len(m))))
        return [(flow_along(into, time_width=1.0, z_index=theme.LIT_Z + 2), Indicate(node, color=self.palette.hidden)),
                (flow_along(out_of, time_width=1.0, z_index=theme.LIT_Z + 2), Indicate(node, color=self.palette.hidden))]
