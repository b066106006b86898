"""Scene 4: at step 2 the hidden bias b_h^i reaches y_2^k by two routes; a pulse takes each, its factors in numbers.

Five beats: why a bias (a weight on an input that is always 1: it acts at every step, so it has both routes to
step 2); which score is followed now (one the grammar allows after the symbols read); the direct route; the indirect route (through step 1
and the U edges into every unit at step 2); their sum, which backprop, worked out separately, matches. The graph is cropped to what the two routes pass through: step 1's hidden units, the U edges, and step 2's
hidden units, V edges and outputs, and under each step the one input that carries anything, the symbol read (node and
letter, its W edges dimmed), its nodes spread over the room left of the column, with a note that it is the same graph
cropped. The two steps stand far apart, step 2's outputs spread over half the graph's width. The indirect term's four
branch terms stand in a column right of step 2's units under a head saying what each is (v_k,alpha σ_h'(a_2^alpha)
u_alpha,i), each level with its unit, named by it (α = 1..4) and written as its branch alone is lit; their sum, the Σ
factor, comes under them and drops into the term; the indirect route has its own last edge out of h_2^i.
"""

from __future__ import annotations

from dataclasses import replace

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.numbers import numeral, equals_tex, subscript, superscript
from lstm_explainer.scenes.bias_split import STEP, BiasSplit, bias_split
from lstm_explainer.scenes.components.graph import flow_along
from lstm_explainer.scenes.components.highlight import as_guide, get_highlighted, original_style, raise_lit
from lstm_explainer.scenes.components.layout import frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation, number_label, plain, role_color, side_label
from lstm_explainer.scenes.components.text import heading_line, math, prose, shed_svg_paths
from lstm_explainer.scenes.error_at_step_one import step_one_picture
from lstm_explainer.scenes.story import StoryScene, beat

TITLE = "Two routes to the output at step 2"
FACTOR_ROW_SCALE = 1.05  # a folded term's row of factors this much larger: the sum's indices legible at 480p
SUM_ROW_CLEAR = 0.12  # the numbers under a folded row of factors with a Σ this much further down
BRANCH_HEAD_SCALE = 0.7  # over the branch terms, what each is: no wider than the room right of step 2's lit edges
BRANCH_HEAD_LEAD = 0.35  # the head starts this far left of the terms under it (it is wider than they are)
BRANCH_TERM_SCALE = 0.75  # a branch's term beside h_2^alpha: digits as tall as the column's (read, then summed)
DIRECT_BOW = 0.7  # the direct route's edge bows this far right of the straight line, clear of the units above h_2^i
# degrees round h_2^i and y_2^k where it leaves and arrives: into y_2^k's right side, well apart from the indirect
# route's V edges, which come in from below and the left
DIRECT_LEAVES, DIRECT_ARRIVES = 30, -12
# the indirect route's own last edge out of h_2^i (branch alpha = i), drawn apart from the direct route's: bowed
# less, leaving h_2^i higher up and entering y_2^k lower down, so the two routes never share a line
TWIN_BOW, TWIN_LEAVES, TWIN_ARRIVES = 0.25, 60, -75
VIEW_NODE_RADIUS = 0.2  # the cropped graph's nodes, spread over the room left of the column (12 px at 480p)
OUTPUT_SPAN_SHARE = 0.5  # step 2's outputs spread over this share of the graph's width: letters a letter's width apart
BRANCH_ROOM = 2.8  # right of step 2's hidden column: the direct route's bow and the branch terms (the tag gone)
VIEW_LETTER_HEIGHT = 0.3  # its letters (outputs, symbols read) and unit numbers: ~12 px capitals at 480p
VIEW_LETTER_GAP = 0.1  # a letter to its node
VIEW_READ_LEAD = 0.6  # step 1's symbol read to its units
VIEW_ROOM = (0.45, 0.2, 0.95, 0.55)  # left, right, top, bottom: room in the box for the unit numbers, the tags, the
# step names over the outputs' letters, the letters under the symbols read
READ_OFFSET = 2  # a symbol read stands this many input spacings left of its step's hidden column, under it


class Relight(Transform):
    """``highlight`` worked out when the animation starts, so several can wait in one ``paced`` beat."""

    def __init__(self, palette, graph: Mobject, keep: list[Mobject], tints: tuple[tuple[list[Mobject], str], ...] = (),
                 wide: list[Mobject] = (), **kwargs):
        self.palette, self.keep, self.tints, self.wide = palette, keep, tints, wide
        super().__init__(graph, graph.copy(), **kwargs)

    def create_target(self) -> Mobject:
        """The lit graph, the kept edges of each (edges, colour) in `tints` in that colour (later tints win); the kept
        edges in `wide` drawn wider, above the other lit edges (where routes share an end, one stays visible)."""
        raise_lit(self.mobject, self.keep)
        target = get_highlighted(self.palette, self.mobject, self.keep)
        kept = {id(leaf) for mob in self.keep for leaf in mob.family_members_with_points()}
        colour_of = {id(leaf): colour for edges, colour in self.tints for edge in edges
                     for leaf in edge.family_members_with_points() if id(leaf) in kept}
        wide = {id(leaf) for edge in self.wide for leaf in edge.family_members_with_points() if id(leaf) in kept}
        for leaf, styled in zip(self.mobject.family_members_with_points(), target.family_members_with_points()):
            if id(leaf) in colour_of:
                styled.set_stroke(color=colour_of[id(leaf)])
            if id(leaf) in wide:
                styled.set_stroke(width=theme.WIDE_EDGE_WIDTH)
                leaf.set_z_index(theme.LIT_Z + 0.5)
        return target


def travel(dot: Mobject, to: Mobject) -> Animation:
    """`dot` moves to the centre of `to`."""
    return dot.animate.move_to(to.get_center()).build()


def collapse(eq: LiveEquation) -> tuple[Animation, Animation]:
    """`eq` shrinks to its name and result on one row ("direct = 0.0172"), in two steps: its symbols and workings
    fade, then the result moves up to where its "=" stood (over nothing: the column keeps only what the next beat
    uses)."""
    result = eq.numeric[-2:]
    return (FadeOut(eq.symbolic[1:], eq.numeric[:-2]),
            result.animate.shift(eq.symbolic[1].get_center() - eq.numeric[-2].get_center()).build())


def fold(eq: LiveEquation, factors_below: bool = False) -> None:
    """Narrow `eq` for a column: its numbers on the next row, a little in from the left; with `factors_below`,
    its name and "=" on the first row and all its factors, whole, on a row of their own under them (in as far
    as the numbers), so no product is cut in two."""
    symbolic = eq.symbolic
    if factors_below:
        factors = symbolic[2:]
        factors.scale(FACTOR_ROW_SCALE)
        factors.next_to(symbolic[:2], DOWN, buff=theme.FOLD_GAP).align_to(symbolic[0], LEFT)
        factors.shift(theme.FOLD_INSET * RIGHT)
    gap = theme.FOLD_GAP + (SUM_ROW_CLEAR if factors_below else 0)  # clear of the sum's index α hanging below it
    eq.numeric.next_to(symbolic, DOWN, buff=gap).align_to(symbolic, LEFT).shift(theme.FOLD_INSET * RIGHT)


class ErrorAtStepTwo(StoryScene):
    scene_id = "error-at-step-two"
    title = TITLE
    section = "Calculating error at the second step"
    approx_seconds = 49.6
    stills = ("rnn_error2.png",)

    def construct(self):
        self.values = v = bias_split(self.rnn, self.reber_string)
        self.start_from_step_one()
        self.bias_beat(i=superscript(v.i), unit=v.i)
        self.score_beat(symbol=reber.SYMBOLS[v.k - 1], k=v.k, read=" ".join(self.reber_string[:STEP]),
                        allowed=" or ".join(self.allowed()), before=reber.SYMBOLS[self.step_one.k - 1])
        self.direct_beat(unit=v.i, weight=f"v{subscript(v.k)}{subscript(v.i)}", symbol=reber.SYMBOLS[v.k - 1])
        self.indirect_beat(unit=v.i, symbol=reber.SYMBOLS[v.k - 1], branches=self.rnn.d)
        self.sum_beat()

    def start_from_step_one(self) -> None:
        """The first frame is ErrorAtStepOne's last: step 1 beside its three worked derivatives."""
        picture = step_one_picture(self, beat="bias_beat")
        self.graph, self.step_one = picture.graph, picture
        self.add(picture.step, picture.start, picture.heading, picture.last())

    # ------------------------------------------------------------ beats

    @beat("Now unit {unit}'s bias bₕ{i}. Its input is always 1, so it acts at every step and reaches step 2 by two "
          "routes.")
    def bias_beat(self, i: str, unit: int):
        """Step 1 gives way to steps 1 and 2 side by side; why the bias (a weight whose input is 1 at every step),
        its tag at both steps, then the two routes into step 2 lit as the second row is read."""
        old = self.step_one
        self.heading = heading_line(self.palette, TITLE)
        self.direct, self.indirect = self.get_terms(self.values)
        self.total, self.backprop = self.get_total(self.values), self.get_backprop(self.values)
        self.terms = self.get_branch_terms()
        self.lay_out_column()
        self.view, dropped = self.steps_into_place()
        self.centre_column()
        self.nodes_over_edges()
        self.tags = self.get_bias_tags()
        self.place_branch_terms()
        self.crop_note = self.get_crop_note()
        self.contrast = self.get_contrast()
        self.score = self.get_score()
        self.reads = self.get_reads()
        # in the caption's order: the bias, a weight on an input always 1; added at both steps; its two routes
        self.paced(
            FadeOut(old.heading, *old.last(), old.start, *dropped, run_time=0.5),
            (FadeIn(self.heading), MoveToTarget(self.view), FadeIn(self.crop_note)),
            FadeIn(self.contrast[0], shift=0.2 * RIGHT),
            (LaggedStart(*(GrowFromCenter(tag) for tag in self.tags), lag_ratio=0.5), self.light(self.bias_nodes())),
            (FadeIn(self.contrast[1], shift=0.2 * RIGHT), *(Indicate(tag[1:], color=self.palette.hidden, scale_factor=1.3) for tag in self.tags)),  # not its backing
            # its push at step 1 carried into every unit at step 2 through U, and its push at step 2 itself
            self.light(self.into_step_two()),
        )

    @beat("After {read} the grammar allows {allowed}, not {before}: we now follow {symbol}'s score, k = {k}.")
    def score_beat(self, symbol: str, k: int, read: str, allowed: str, before: str):
        """The symbols read so far under their steps and the score followed from here on, lit on the graph as its row
        is read; then both routes run on to it."""
        g, v = self.graph, self.values
        output = [g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]
        self.follow_score()
        self.paced(
            (self.light([*self.into_step_two(), *output]), FadeIn(self.score, shift=0.2 * RIGHT)),
            (*(Indicate(read, color=self.palette.input, scale_factor=1.3) for read in self.reads),
             Indicate(self.score[1][1], color=self.palette.input, scale_factor=1.3)),
            (Indicate(output[1], color=self.palette.output, scale_factor=1.6),
             Indicate(self.score[0][1], color=self.palette.output, scale_factor=1.3)),
            self.light([*self.bias_nodes(), *self.direct_path()]),
            self.light([*self.bias_nodes(), *self.direct_path(), *self.fan()]),
        )
        self.capture_still("rnn_error2.png", self.heading)

    @beat("Direct route: unit {unit} at step 2 straight to {symbol}'s score, through tanh's slope there, the "
          "weight {weight} and the sigmoid's slope.")
    def direct_beat(self, unit: int, weight: str, symbol: str):
        """The side notes go; a pulse takes the direct route, each factor's number dropping from where it meets it."""
        g, v = self.graph, self.values
        h, edge, y = g.h_node(2, v.i), g.v_edge(2, v.k, v.i), g.y_node(2, v.k)
        eq = self.direct
        pulse = self.from_tag(1, "direct")
        routes = self.bias_nodes()  # the indirect route dimmed while the direct one is worked out
        self.paced(
            (FadeOut(self.contrast, self.score, self.crop_note),  # gone before the term takes their place
             self.light([*routes, *self.direct_path()])),
            (FadeIn(eq.symbolic, shift=0.2 * RIGHT), FadeIn(pulse)),
            (travel(pulse, h), *self.number_from(eq, 0, h)),
            (MoveAlongPath(pulse, edge), *self.number_from(eq, 1, edge)),
            (Indicate(y, color=self.palette.text), *self.number_from(eq, 2, y)),
            (FadeOut(pulse), *self.result_of(eq)),
            self.light([*routes, *self.direct_path(), *self.fan()]),  # then both routes again
        )

    @beat("Indirect route: unit {unit} at step 1, then U into every unit α at step 2, where the {branches} branch "
          "terms add up to Σ; then {symbol}'s score.")
    def indirect_beat(self, unit: int, symbol: str, branches: int):
        """The direct term shrinks to its result; a pulse takes the indirect route, splitting along the U edges into
        every unit at step 2 and on along their V edges, one branch lit alone at a time as its term is written beside
        its unit; their sum under them, whose number drops into the term: each factor's number written in order."""
        g, v, p = self.graph, self.values, self.palette
        h1, y = g.h_node(1, v.i), g.y_node(2, v.k)
        units = range(1, self.rnn.d + 1)
        eq = self.indirect
        pulse = self.from_tag(0, "indirect")
        branches = VGroup(*(self.pulse(h1, "indirect") for _ in units))
        terms, sum_row = self.terms, self.sum_row
        fade, rise = collapse(self.direct)
        self.paced(
            (self.light([*self.bias_nodes(), *self.fan()], direct_too=False), fade),
            rise,
            (FadeIn(eq.symbolic, shift=0.2 * RIGHT), FadeIn(pulse)),
            # the number drops from above: a flight from h_1^i would cross the whole graph
            (travel(pulse, h1), Indicate(h1, color=self.route("indirect"), scale_factor=1.4), *self.number_from(eq, 0)),
            (FadeOut(pulse, run_time=0.1), FadeIn(branches, run_time=0.1)),
            (*(MoveAlongPath(dot, g.u_edge(2, alpha, v.i)) for dot, alpha in zip(branches, units)),
             Indicate(eq.factor(1), color=p.U, scale_factor=1.08), FadeOut(self.tags[1]),
             FadeIn(self.branch_head, shift=0.2 * DOWN)),  # what each branch adds, over the column its terms fill
            # one branch per unit alpha at step 2, lit alone as its pulse runs on to the score and its term is written
            *((MoveAlongPath(dot, self.indirect_last(alpha)), self.light(self.branch(alpha), direct_too=False),
               FadeIn(term, shift=0.2 * RIGHT)) for dot, alpha, term in zip(branches, units, terms)),
            # the four terms added under them; Σ's number drops from its total into the term
            (self.light([*self.bias_nodes(), *self.fan()], direct_too=False), FadeIn(sum_row, shift=0.2 * DOWN),
             *(Indicate(term[1:], color=p.U, scale_factor=1.15) for term in terms)),
            (*self.number_from(eq, 1, sum_row.total),),
            (FadeOut(branches), Indicate(y, color=p.text), *self.number_from(eq, 2)),
            self.result_of(eq),
        )

    @beat("Their sum matches backprop, computed separately. Each step further back adds routes: the next scene "
          "sums them all.")
    def sum_beat(self):
        """Both routes lit again, a pulse along each; the indirect term shrinks to its result, the sum of the two
        written under them and backprop's own value under it; then the U edges flash: the way further back."""
        g, v, p = self.graph, self.values, self.palette
        y = g.y_node(2, v.k)
        units = range(1, self.rnn.d + 1)
        direct, indirect = self.from_tag(1, "direct"), self.from_tag(0, "indirect")
        branches = VGroup(*(self.pulse(g.h_node(1, v.i), "indirect") for _ in units))
        fade, rise = collapse(self.indirect)
        self.paced(
            (self.light([*self.bias_nodes(), *self.direct_path(), *self.fan()]), fade, FadeIn(direct, indirect),
             FadeOut(self.terms, self.sum_row, self.branch_head), FadeIn(self.tags[1])),
            rise,
            (travel(direct, g.h_node(2, v.i)), travel(indirect, g.h_node(1, v.i)), FadeIn(self.total[:-2])),
            (FadeOut(indirect, run_time=0.1), FadeIn(branches, run_time=0.1)),
            (MoveAlongPath(direct, g.v_edge(2, v.k, v.i)),
             *(MoveAlongPath(dot, g.u_edge(2, alpha, v.i)) for dot, alpha in zip(branches, units))),
            (*(MoveAlongPath(dot, self.indirect_last(alpha)) for dot, alpha in zip(branches, units)),
             Indicate(self.direct.result, color=self.route("direct")),
             Indicate(self.indirect.result, color=self.route("indirect"))),
            (FadeOut(direct, branches), Flash(y, color=p.text), FadeIn(self.total[-2:])),
            FadeIn(self.backprop, shift=0.2 * LEFT),
            (Indicate(self.total[-1], color=p.error), Indicate(self.backprop[1][-1], color=p.error)),
            # every U edge in U's colour, once: the edges each further step back adds routes through
            flow_along(g.u_edges(2).copy().set_stroke(color=p.U), time_width=1.0, z_index=theme.LIT_Z + 1),
        )

    # ------------------------------------------------------------ the picture

    def view_parts(self) -> VGroup:
        """What the routes pass through: step 1's hidden units (their numbers, t = 1), the U edges, step 2's hidden
        units, V edges and outputs (t = 2), and the symbol read at each step (node, letter, W edges)."""
        g = self.graph
        read = [part for t in range(1, STEP + 1) for part in self.read_input(t)]
        labels = [*g.output_labels(2), *g.unit_labels, g.step_label(1), g.step_label(2)]
        return VGroup(g.u_edges(2), g.v_edges(2), *read, g.h_nodes(1), g.h_nodes(2), g.y_nodes(2), *labels)

    def read_input(self, t: int) -> tuple[Mobject, Mobject, VGroup]:
        """The input node of the symbol read at step t, its letter, and its W edges into every hidden unit: the
        only input that carries anything at step t (the bias's own input, 1, is not drawn)."""
        g = self.graph
        j = reber.INDEX[self.reber_string[t - 1]] + 1
        return g.x_node(t, j), g.input_labels(t)[j - 1], VGroup(*(g.w_edge(t, unit, j) for unit in range(1, self.rnn.d + 1)))

    def draw_steps_closer(self) -> None:
        """Step 1's hidden units (their numbers, t = 1) moved right to `theme.HIDDEN_ONE_GAP` output spacings before
        step 2's first output, and the U edges squeezed with them: with step 1's rows cropped, the space between
        the steps is empty, and the view can grow. (The graph is this scene's own.)"""
        g = self.graph
        spacing = g.y_node(2, 2).get_x() - g.y_node(2, 1).get_x()
        start, end = g.h_nodes(1).get_x(), g.h_nodes(2).get_x()
        shift = g.y_node(2, 1).get_x() - theme.HIDDEN_ONE_GAP * spacing - start
        VGroup(g.h_nodes(1), g.unit_labels, g.step_label(1), g.w_edges(1)).shift(shift * RIGHT)
        squeeze = (end - start - shift) / (end - start)
        g.u_edges(2).apply_function(lambda point: np.array([end - (end - point[0]) * squeeze, point[1], point[2]]))
        # each symbol read under its own hidden column, READ_OFFSET input spacings to its left (its W edges fan up
        # into the column), so step 1's read input stands clear of step 2's
        gap = g.x_node(1, 2).get_x() - g.x_node(1, 1).get_x()
        for t in range(1, STEP + 1):
            node, label, edges = self.read_input(t)
            move = (g.h_nodes(t).get_x() - READ_OFFSET * gap - node.get_x()) * RIGHT
            for edge in edges:
                edge.put_start_and_end_on(edge.get_start() + move, edge.get_end())
            VGroup(node, label).shift(move)

    def steps_into_place(self) -> tuple[VGroup, VGroup]:
        """The cropped view (``view_parts``), set to grow from ErrorAtStepOne's step 1 left of the column
        (view.target), and the rest of step 1 (its inputs and outputs), which the routes do not pass through.

        The target is laid out with step 1 back in its place in the whole graph; step 2's parts wait at
        their target, unseen, so MoveToTarget moves step 1's hidden units there and fades step 2 in, dimmed
        but for the bias's unit.
        """
        step = self.step_one.step
        view = self.view_parts()
        self.unfill_scores()
        shown = step.copy()
        step.restore()
        self.draw_steps_closer()
        column = VGroup(self.direct, self.indirect, self.total, self.backprop)
        left, right, top, bottom = frame_box(self.heading.get_bottom()[1] - theme.GRAPH_GAP,
                                             column.get_left()[0] - theme.GRAPH_GAP)
        self.spread(view, (left, right, top, bottom))
        self.bow_direct(view)
        raise_lit(view, self.bias_nodes())
        lit = get_highlighted(self.palette, view, self.bias_nodes())
        for target, styled in zip(view.target.family_members_with_points(), lit.family_members_with_points()):
            target.set_stroke(color=styled.get_stroke_color(), width=styled.get_stroke_width(), opacity=styled.get_stroke_opacity())
            target.set_fill(color=styled.get_fill_color(), opacity=styled.get_fill_opacity())
        step.become(shown)
        in_step_one = {id(m) for m in step.family_members_with_points()}
        for part, target in zip(view.family_members_with_points(), view.target.family_members_with_points()):
            if id(part) not in in_step_one:
                part.become(target).set_stroke(opacity=0).set_fill(opacity=0)
        in_view = {id(m) for m in view.family_members_with_points()}
        dropped = VGroup(*(m for m in step.family_members_with_points() if id(m) not in in_view))
        return view, dropped


    def spread(self, view: VGroup, box: tuple[float, float, float, float]) -> None:
        """Set view.target: the nodes' centres spread over `box` (less the room their labels take), across and up
        independently; each edge drawn between its nodes' new places, every node VIEW_NODE_RADIUS, every letter
        and number VIEW_LETTER_HEIGHT tall beside its node: a graph as large as the frame beside the column allows."""
        g = self.graph
        view.generate_target()
        parts = dict(zip(view.get_family(), view.target.get_family()))
        reads = [self.read_input(t) for t in range(1, STEP + 1)]
        nodes = [*g.h_nodes(1), *g.h_nodes(2), *g.y_nodes(2), *(node for node, _, _ in reads)]
        left, right, top, bottom = box
        left, right, top, bottom = left + VIEW_ROOM[0], right - VIEW_ROOM[1], top - VIEW_ROOM[2], bottom + VIEW_ROOM[3]
        ys = [n.get_y() for n in nodes]
        y0, y1 = min(ys), max(ys)
        # across: the symbol read at step 1, step 1's units, step 2's outputs spread over the rest (step 2's units and
        # its symbol read keep their places among the outputs): the outputs' letters as far apart as the room allows
        first, last = g.y_node(2, 1).get_x(), g.y_node(2, len(reber.SYMBOLS)).get_x()
        anchors = [reads[0][0].get_x(), g.h_node(1, 1).get_x(), first, last]
        # step 2's hidden column as far right as leaves BRANCH_ROOM right of it; its outputs spread round it over
        # OUTPUT_SPAN_SHARE of the width; step 1 at the left: the two steps far apart
        share = (g.h_node(2, 1).get_x() - first) / (last - first)
        span = OUTPUT_SPAN_SHARE * (right - left)
        column = min(right - BRANCH_ROOM, right - (1 - share) * span)
        places = [left, left + VIEW_READ_LEAD, column - share * span, column + (1 - share) * span]

        def placed(point: np.ndarray) -> np.ndarray:
            return np.array([float(np.interp(point[0], anchors, places)),
                             bottom + (point[1] - y0) * (top - bottom) / (y1 - y0), 0.0])

        for node in nodes:
            parts[node].scale(2 * VIEW_NODE_RADIUS / node.width).move_to(placed(node.get_center()))
        rim = {id(node): parts[node] for node in nodes}
        # the edges, straight from rim to rim; U's bends keep their level lead and landing, re-spaced
        for t, (node, _, edges) in zip(range(1, STEP + 1), reads):
            for unit, edge in enumerate(edges, start=1):
                self.rim_to_rim(parts[edge], parts[node], parts[g.h_node(t, unit)])
        for k in range(1, len(reber.SYMBOLS) + 1):
            for alpha in range(1, self.rnn.d + 1):
                self.rim_to_rim(parts[g.v_edge(2, k, alpha)], parts[g.h_node(2, alpha)], parts[g.y_node(2, k)])
        for alpha in range(1, self.rnn.d + 1):
            for j in range(1, self.rnn.d + 1):
                bend = parts[g.u_edge(2, alpha, j)]
                bend.apply_function(placed)
                points = bend.points
                start, end = rim[id(g.h_node(1, j))].get_right(), rim[id(g.h_node(2, alpha))].get_left()
                lead = np.array([points[3][0], start[1], 0.0])
                land = np.array([points[8][0], end[1], 0.0])
                points[0:4] = [start + share * (lead - start) for share in (0, 1 / 3, 2 / 3, 1)]
                points[4], points[7] = lead, land
                points[8:12] = [land + share * (end - land) for share in (0, 1 / 3, 2 / 3, 1)]
                bend.set_points(points)
        # letters and numbers at one height, each beside its node on the side it faced
        lettered = [*zip(g.y_nodes(2), g.output_labels(2)), *((node, label) for node, label, _ in reads),
                    *zip(g.h_nodes(1), g.unit_labels)]
        for node, label in lettered:
            faces = getattr(label, "faces", RIGHT)
            parts[label].scale(VIEW_LETTER_HEIGHT / max(label.height, 1e-6) if label in g.unit_labels
                               else VIEW_LETTER_HEIGHT / self.letter_height)
            parts[label].next_to(parts[node], -faces, buff=VIEW_LETTER_GAP)
        tops = VGroup(*(parts[label] for label in g.output_labels(2)))
        for t in (1, 2):
            label = parts[g.step_label(t)]
            label.scale(VIEW_LETTER_HEIGHT * 1.1 / label.height)
            column = parts[g.h_node(t, 1)] if t == 1 else tops
            label.move_to([column.get_x(), tops.get_top()[1] + VIEW_LETTER_GAP + label.height / 2, 0])

    @property
    def letter_height(self) -> float:
        """The tallest of step 2's output letters as drawn: every letter is scaled by one factor (B and P as tall)."""
        return max(label.height for label in self.graph.output_labels(2))

    @staticmethod
    def rim_to_rim(edge: Mobject, source: Mobject, target: Mobject) -> None:
        """`edge` a straight line from `source`'s rim to `target`'s, on the line between their centres."""
        a, b = source.get_center(), target.get_center()
        way = (b - a) / np.linalg.norm(b - a)
        edge.put_start_and_end_on(a + way * source.width / 2, b - way * target.width / 2)

    def unfill_scores(self) -> None:
        """Step 2's output rings empty: here an output is only where a route may end (its score's fill, UnrollRNN's,
        would stand unexplained). Their letters in the text colour and never dimmed, to be read (the followed one
        turns the output colour once followed, ``follow_score``); the symbols read, node and letter, never dimmed."""
        g, p = self.graph, self.palette
        for node in g.y_nodes(2):
            for leaf in node.family_members_with_points():
                leaf.set_fill(opacity=0)
                leaf.unlit_style = {**original_style(leaf), "fill_opacity": 0.0}
        for leaf in g.output_labels(2).family_members_with_points():
            leaf.unlit_style = {**original_style(leaf), "fill_color": p.text, "stroke_color": p.text}
        as_guide(g.output_labels(2), *(VGroup(*self.read_input(t)[:2]) for t in range(1, STEP + 1)))

    def follow_score(self) -> None:
        """y_2^k's letter in the output colour from the next highlight on: the score followed."""
        label = self.graph.output_labels(2)[self.values.k - 1]
        for leaf in label.family_members_with_points():
            leaf.unlit_style = {**original_style(leaf), "fill_color": self.palette.output, "stroke_color": self.palette.output}

    def nodes_over_edges(self) -> None:
        """The hidden and output nodes above the lit edges (a lit V edge to y_2^k crosses h_2^1 on its way up and
        would tint it), every hidden node one purple when lit: here a node is a place on a route, its value's
        sign (UnrollRNN's pink for h < 0) is not part of the story."""
        g, p = self.graph, self.palette
        for node in (*g.h_nodes(1), *g.h_nodes(2), *g.y_nodes(2)):
            node.set_z_index(theme.LIT_Z + 1)
        for node in (*g.h_nodes(1), *g.h_nodes(2)):
            for leaf in node.family_members_with_points():
                leaf.unlit_style = {**original_style(leaf), "fill_color": p.hidden, "fill_opacity": 1.0}

    def get_contrast(self) -> VGroup:
        """Where the terms will stand: why the bias (a weight whose input is 1 at every step) and what that gives
        (it acts at both steps: two routes to step 2). Two rows, for the first beat."""
        p, v = self.palette, self.values
        rows = VGroup(prose(rf"$b_h^{{{v.i}}}$: a weight on an input that is always 1", p.text),
                      prose(r"added at both steps: two routes to step 2", p.text))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return rows.next_to(self.crop_note, DOWN, buff=theme.SCORE_NOTE_GAP, aligned_edge=LEFT)

    def get_crop_note(self) -> VGroup:
        """Where the terms will stand, first: what the new picture is (ErrorAtStepOne's graph, cropped). Two rows."""
        p = self.palette
        rows = VGroup(prose("the same graph, steps 1 and 2:", p.text),
                      prose(f"only the routes from unit {self.values.i}", p.text))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(self.direct, aligned_edge=UL)

    def get_reads(self) -> VGroup:
        """The symbols read at steps 1 and 2, node and letter, drawn in the graph (for the caption's "After B T")."""
        return VGroup(*(VGroup(*self.read_input(t)[:2]) for t in range(1, STEP + 1)))

    def get_score(self) -> VGroup:
        """Under the contrast: the score followed from here on, y_2^k, its symbol in the output colour (lit on the
        graph with it) and why that one: the likeliest next symbol after the symbols read so far."""
        p, v = self.palette, self.values
        symbol, read = reber.SYMBOLS[v.k - 1], " ".join(self.reber_string[:STEP])
        rows = VGroup(shed_svg_paths(Tex("now followed: $y_2^k$, the score of ", symbol, f" ($k = {v.k}$),",
                                         color=p.text, font_size=theme.PROSE_SIZE)),
                      shed_svg_paths(Tex("allowed after ", read, ": ", " or ".join(self.allowed()),
                                         color=p.text, font_size=theme.PROSE_SIZE)))
        rows[0][1].set_color(p.output)
        rows[1][1].set_color(p.input)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return rows.next_to(self.contrast, DOWN, buff=theme.SCORE_NOTE_GAP, aligned_edge=LEFT)

    def bow_direct(self, view: VGroup) -> None:
        """The direct route's edge (h_2^i to y_2^k) in view.target bowed right, from h_2^i's upper right into
        y_2^k's lower right: drawn straight, it runs up past the units above h_2^i; ending at y_2^k's centre, it
        would meet the indirect route's V edges there (they come in from the lower left). Then the indirect route's
        own edge out of h_2^i (self.twin, added to the view): bowed less, inside the direct one, so where the two
        routes run between the same two nodes each has its line."""
        g, v = self.graph, self.values
        where = dict(zip(view.family_members_with_points(), view.target.family_members_with_points()))
        edge, h, y = where[g.v_edge(2, v.k, v.i)], where[g.h_node(2, v.i)], where[g.y_node(2, v.k)]

        def rim(node: Mobject, degrees: float) -> np.ndarray:
            return node.get_center() + node.width / 2 * np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees)), 0])

        def bowed(leaves: float, arrives: float, bow: float) -> np.ndarray:
            start, end = rim(h, leaves), rim(y, arrives)
            return CubicBezier(start, start + (end - start) / 3 + bow * RIGHT, start + 2 * (end - start) / 3 + bow * RIGHT,
                               end).points

        self.twin = g.v_edge(2, v.k, v.i).copy()
        view.add(self.twin)
        view.target.add(edge.copy().set_points(bowed(TWIN_LEAVES, TWIN_ARRIVES, TWIN_BOW)))
        edge.set_points(bowed(DIRECT_LEAVES, DIRECT_ARRIVES, DIRECT_BOW))

    def indirect_last(self, alpha: int) -> Mobject:
        """The indirect route's last edge out of h_2^alpha into y_2^k (out of h_2^i: its own, self.twin)."""
        g, v = self.graph, self.values
        return self.twin if alpha == v.i else g.v_edge(2, v.k, alpha)

    def get_branch_terms(self) -> VGroup:
        """Each branch's term v_k,alpha sigma_h'(a_2^alpha) u_alpha,i (the terms the indirect route's Σ adds), in
        Σ's colour, on a backing; placed by ``place_branch_terms``."""
        g, v, p = self.graph, self.values, self.palette
        terms = VGroup()
        for alpha, value in enumerate(v.branches, start=1):
            shown = self.numeral("fan_out branch", {"t": STEP, "k": v.k, "i": v.i, "alpha": alpha}, value,
                                 beat="indirect_beat", label=f"v σ_h' u branch, t = {STEP}, k = {v.k}, i = {v.i}, alpha = {alpha}")
            # named by its unit alpha (the unit beside it), the value in Σ's colour: what it adds
            term = math(p, rf"\alpha{{=}}{alpha}\!:\,", shown.tex(), scale=BRANCH_TERM_SCALE, color=p.U)
            term[0].set_color(p.text)
            term.add_background_rectangle(color=p.background, opacity=1, buff=0.03)
            terms.add(term.set_z_index(theme.LIT_Z + 2))
        return terms

    def place_branch_terms(self) -> None:
        """The branch terms in a column right of step 2's units (past the direct route's bow and the +b_h tag),
        each level with its h_2^alpha: off every edge, read across from their units."""
        g, v = self.graph, self.values
        where = dict(zip(self.view.family_members_with_points(), self.view.target.family_members_with_points()))
        right = where[g.v_edge(2, v.k, v.i)].get_right()[0]  # step 2's tag steps aside before the terms come
        for alpha, term in enumerate(self.terms, start=1):
            term.move_to([0, where[g.h_node(2, alpha)].get_y(), 0]).set_x(right + theme.BRANCH_TERM_GAP, LEFT)
        self.sum_row.next_to(self.terms, DOWN, buff=0.3).align_to(self.terms, LEFT)
        self.branch_head = self.get_branch_head().next_to(self.terms, UP, buff=0.25).align_to(self.terms, LEFT)
        self.branch_head.shift(BRANCH_HEAD_LEAD * LEFT)  # in over the dimmed bow, clear of the column beside it

    def get_sum_row(self, eq: LiveEquation) -> VGroup:
        """Under the branch terms, their sum: "Σ = 2.70", its number Σ's (which drops from here into the term),
        named .total; placed by ``place_branch_terms``."""
        p = self.palette
        total = eq.number(1)
        row = math(p, r"\textstyle\sum", "=", total.tex_string, scale=BRANCH_TERM_SCALE, color=p.U)
        row[1].set_color(p.text)
        row.add_background_rectangle(color=p.background, opacity=1, buff=0.03)
        row.total = row[-1]
        return row.set_z_index(theme.LIT_Z + 2)

    def get_branch_head(self) -> MathTex:
        """Over the branch terms: what each is, the product along branch alpha (v_k,alpha σ_h'(a_2^alpha) u_alpha,i)."""
        v, p = self.values, self.palette
        head = math(p, rf"v_{{{v.k}\alpha}}\,\sigma_h'(a_2^\alpha)\,u_{{\alpha {v.i}}}", scale=BRANCH_HEAD_SCALE, color=p.U)
        head.add_background_rectangle(color=p.background, opacity=1, buff=0.03)
        return head.set_z_index(theme.LIT_Z + 2)

    def get_bias_tags(self) -> VGroup:
        """+b_h^i beside h_1^i and h_2^i: the bias is added in unit i at both steps (on a backing, over the edges)."""
        g, v, p = self.graph, self.values, self.palette
        tags = VGroup()
        for _ in (1, 2):
            tag = math(p, rf"+\,b_h^{{{v.i}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden)
            tags.add(tag.add_background_rectangle(color=p.background, opacity=1, buff=0.04))
        return self.place_tags(tags)

    def place_tags(self, tags: VGroup) -> VGroup:
        """Each tag where the view will stand: under the right of h_1^i (clear of the U fan out of h_1^i);
        right of h_2^i, clear of the V edges that leave step 2's hidden units for y_2^k (a tag's backing would
        cut the lit ones)."""
        g, v = self.graph, self.values
        where = dict(zip(self.view.family_members_with_points(), self.view.target.family_members_with_points()))
        for tag, t in zip(tags, (1, 2)):
            node = where[g.h_node(t, v.i)]
            if t == 1:
                tag.next_to(node, DR, buff=0.02)
            else:
                tag.next_to(node, RIGHT, buff=theme.BIAS_TAG_CLEAR)
            tag.set_z_index(theme.LIT_Z + 1)
        return tags

    def light(self, keep: list[Mobject], direct_too: bool = True) -> Relight:
        """The graph's view lit at `keep`, the rest dimmed; a lit edge of a route in the route's colour. Without
        `direct_too` the direct route's edge (h_2^i to y_2^k, also the last edge of the indirect route's branch
        alpha = i, which has its own line) is left dimmed: the indirect route alone."""
        g, v = self.graph, self.values
        units = range(1, self.rnn.d + 1)
        indirect = [*(g.u_edge(2, alpha, v.i) for alpha in units), *(self.indirect_last(alpha) for alpha in units)]
        direct = [g.v_edge(2, v.k, v.i)]
        return Relight(self.palette, self.view, keep if direct_too else [m for m in keep if m is not direct[0]],
                       tints=((indirect, self.route("indirect")), (direct, self.route("direct"))), wide=direct)

    def route(self, name: str) -> str:
        """The highlight colour of route `name` ("direct" or "indirect")."""
        return theme.route_color(self.palette, name)

    def bias_nodes(self) -> list[Mobject]:
        """h_1^i and h_2^i, where the bias is added (recorded as the ends of the lit paths)."""
        g, v = self.graph, self.values
        return [g.h_node(1, v.i), g.h_node(2, v.i)]

    def into_step_two(self) -> list[Mobject]:
        """h_1^i, h_2^i and the U edges out of h_1^i into every h_2^alpha: the two routes as far as step 2's hidden
        units (recorded as lit paths i and i, alpha)."""
        g, v = self.graph, self.values
        d = self.rnn.d
        self.mark("lit", "path", {"t": 2, "path": str(v.i)})
        for alpha in range(1, d + 1):
            self.mark("lit", "path", {"t": 2, "path": f"{v.i},{alpha}"})
        return [*self.bias_nodes(), *(g.u_edge(2, alpha, v.i) for alpha in range(1, d + 1)), g.h_nodes(2)]

    def allowed(self) -> list[str]:
        """The symbols the grammar allows after the first STEP symbols read, in the order of the outputs."""
        legal = reber.successors(self.reber_string[:STEP])[STEP - 1]
        return [s for s in reber.SYMBOLS if s in legal]

    def from_tag(self, n: int, route: str) -> Dot:
        """A pulse of `route` at the left end of bias tag n (0: step 1, 1: step 2), beside its text, not on it."""
        return self.pulse(self.tags[n], route).move_to(self.tags[n].get_left())

    def pulse(self, at: Mobject, route: str) -> Dot:
        """A dot at `at`: the bias's nudge travelling forward along `route`, in that route's colour."""
        return Dot(at.get_center(), radius=0.08, color=self.route(route)).set_z_index(theme.LIT_Z + 2)

    def number_from(self, eq: LiveEquation, n: int, source: Mobject | None = None) -> tuple[Animation, ...]:
        """Factor n of `eq` (its symbol already written) lights up, and its number (with the operator before it)
        drops under it: out of `source` on the graph, or from just above where it stands (crossing no symbol)."""
        numbers = VGroup(eq.number(n), eq.numeric[2 * n])
        arrive = (FadeIn(numbers, target_position=source.get_center(), scale=0.5) if source is not None
                  else FadeIn(numbers, shift=0.25 * DOWN))
        return (AnimationGroup(Indicate(eq.factor(n), color=self.palette.text, scale_factor=1.3), arrive,
                               lag_ratio=0.5),)

    @staticmethod
    def result_of(eq: LiveEquation) -> tuple[Animation, ...]:
        return (FadeIn(eq.numeric[-2:]),)  # faded in whole: a Write draws digits stroke by stroke, garbled mid-way

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
                *(self.indirect_last(alpha) for alpha in range(1, d + 1)), g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def branch(self, alpha: int) -> list[Mobject]:
        """The indirect route's branch through unit alpha at step 2: h_1^i, u_alpha,i, h_2^alpha, its edge to y_2^k
        (recorded as lit path i, alpha)."""
        g, v = self.graph, self.values
        self.mark("lit", "path", {"t": 2, "path": f"{v.i},{alpha}"})
        self.mark("lit", "output", {"t": 2, "k": v.k})
        return [*self.bias_nodes(), g.u_edge(2, alpha, v.i), g.h_node(2, alpha), self.indirect_last(alpha),
                g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    # ------------------------------------------------------------ the column of terms

    def lay_out_column(self) -> None:
        """The terms in a narrow column at the right, so the graph beside it can be large: direct, then indirect (its
        symbols on two rows), each written once the one above has shrunk to its result; then the sum of the two
        and backprop's value, under the shrunk indirect term (never more than four rows at once)."""
        fold(self.direct)
        fold(self.indirect, factors_below=True)
        column = VGroup(self.direct, self.indirect)
        column.arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        column.next_to(self.heading, DOWN, buff=0.35)
        self.indirect.shift((self.direct.symbolic.get_bottom()[1] - self.direct.get_bottom()[1]) * UP)
        self.sum_row = self.get_sum_row(self.indirect)
        ending = VGroup(self.total, self.backprop).arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        ending.next_to(self.indirect.symbolic[:2], DOWN, buff=theme.EQUATION_GAP_TIGHT).align_to(self.direct, LEFT)
        every = VGroup(column, ending)
        every.shift((config.frame_width / 2 - theme.FRAME_MARGIN - theme.COLUMN_INSET - every.get_right()[0]) * RIGHT)

    def centre_column(self) -> None:
        """The column (with all it will hold) centred on the graph's height: no empty lower half beside the graph."""
        column = VGroup(self.direct, self.indirect, self.total, self.backprop)
        column.shift((self.view.target.get_center()[1] - column.get_center()[1]) * UP)

    def get_terms(self, v: BiasSplit) -> tuple[LiveEquation, LiveEquation]:
        """The direct term and the indirect term, their factors in the order the pulse meets them."""
        scale = theme.EQUATION_SCALE_WORKED
        along_route = [replace(eq, factors=eq.factors[::-1]) for eq in (v.direct_equation, v.indirect_equation)]
        direct, indirect = (LiveEquation.of(self, eq, beat=name, scale=scale) for eq, name in
                            zip(along_route, ("direct_beat", "indirect_beat")))
        for term, route in ((direct, "direct"), (indirect, "indirect")):
            term.symbolic[0].set_color(self.route(route))  # each term's name in its route's colour
        return direct, indirect

    def get_total(self, v: BiasSplit) -> MathTex:
        """dy_2^k/db_h^i = direct + indirect = their sum, the names in their routes' colours: the two results stand
        just above it, so their numbers are not written again."""
        side, result = v.side, v.total_equation.result
        lhs = rf"\partial y_{side.t}^k/\partial b_h^{{{side.i}}}"
        total = self.numeral(result.quantity, result.index, result.value, beat="sum_beat",
                             label=number_label(result, side_label(side)))
        redone = sum(numeral(term).as_shown for term in (v.direct, v.indirect))
        line = math(self.palette, lhs, "=", r"\text{direct}", "+", r"\text{indirect}", equals_tex(total, redone),
                    total.tex(), scale=theme.EQUATION_SCALE_WORKED)
        line[2].set_color(self.route("direct"))
        line[4].set_color(self.route("indirect"))
        line[-1].set_color(role_color(self.palette, result.role))
        return line

    def get_backprop(self, v: BiasSplit) -> VGroup:
        """backprop: dy_2^k/db_h^i = its value, from the model's backward pass, apart from the sum above it."""
        side = v.side
        lhs = rf"\partial y_{side.t}^k/\partial b_h^{{{side.i}}}"
        value = self.numeral(v.backprop.quantity, v.backprop.index, v.backprop.value, beat="sum_beat",
                             label=f"backprop {plain(lhs)}, k = {side.k}")
        line = VGroup(prose("by backprop, separately:", self.palette.text),
                      math(self.palette, lhs, "=", value.tex(), scale=theme.EQUATION_SCALE_WORKED))
        line[1][-1].set_color(role_color(self.palette, v.backprop.role))
        return line.arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # two rows: a narrow column, a wider graph
