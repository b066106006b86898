"""Scene 3: which part of the unrolled graph can move y_1^k, and the three derivatives at t = 1 in numbers."""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.numbers import subscript, superscript
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.graph import flow_along
from lstm_explainer.scenes.components.highlight import get_highlighted, original_style, raise_lit
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation
from lstm_explainer.model import reber
from lstm_explainer.scenes.components.text import heading_line, math, prose
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.values.grammar import likeliest_legal_output
from lstm_explainer.scenes.values.rnn import step_one_values, unroll_values
from lstm_explainer.scenes.story import StoryScene, beat
from lstm_explainer.scenes.unroll_rnn import ValuedGraph

# The worked example: one hidden unit i and its three weights, v_ki out of it, w_ij and u_ij into it; output y_1^k
# (k: the likeliest legal next symbol).  j = 1 is B, the first symbol of every Reber string, so x_1^j = 1: of the
# input weights into unit i only w_ij carries anything at step 1.
I, J = 4, 1

@dataclass
class StepOnePicture:
    """ErrorAtStepOne's parts: the valued graph, step 1 cut out of it, the heading, the three equations and their notes."""

    graph: UnrolledGraph
    step: VGroup
    heading: Mobject
    equations: VGroup  # v, w, u: LiveEquations
    notes: VGroup  # under the v and the u equation
    keys: VGroup  # beside each equation's symbols: which way its weight points (and what sigma_h' is)
    k: int
    link: VGroup  # the chain rule backprop needs, dL/dw = dL/dy . dy/dw, with what each factor is (the first beat)
    score: Mobject | None = None  # which score y is here: y_1^k, its symbol, why that one (the second beat)
    start: VGroup | None = None  # h_0^j and u_ij's edge from it, once drawn (start_state)

    def last(self) -> VGroup:
        """What the column shows at the end: u's equation (where v's and w's stood), its key and note."""
        return VGroup(self.equations[2], self.keys[2], self.notes[2])


EQUATION_BEATS = ("v_beat", "w_beat", "u_beat")  # ErrorAtStepOne's beats that write the three equations
TITLE = "How the weights move the output at step 1"
# the column beside step 1: v equation, its key, its note, w equation, its key, its note (the gaps between them)
NOTE_COLUMN_GAPS = (0.18, 0.18, 0.3, 0.18, 0.18)
# an equation beat's share of its reading time until the result is written (it then stands while the caption is
# read), and for the notes that follow it
RESULT_SHARE = 0.6
AFTER_SHARE = 0.25
UNIT_LABEL_GAP = 0.06
FLAT_SLOPE = 0.2  # a tanh slope below this is called nearly flat (its largest is 1)
RIGHT_CLEAR = 0.4  # the column's widest row (a result or a key) ends this far in from the frame's right edge
MOST_STRETCH = 1.6  # a graph fitted to a narrow column grows at most this much taller, its rows drawn apart
MOST_WIDENING = 2.2  # and at most this much wider, its columns drawn apart, to fill the width left of the column
FAN_WIDTH, FAN_OPACITY = 0.85, 1.0  # w_ij's reach to every score at step 1: h_1^i's other V edges, a little thinner than the lit one
RESULT_ROW_GAP = 0.15
NOTE_GROWTH = 1.1  # the first two beats' notes (few and short) this much larger than prose
LABEL_GROWTH = 1.3  # step 1's symbol letters and step name this much larger once its columns are drawn apart


def stretch_rows(view: VGroup, edges: Mobject, top: float, bottom: float) -> None:
    """Draw view.target's rows apart to fill `top`..`bottom` (at most MOST_STRETCH times as tall), its top moved
    to `top`: an edge of `edges` (in `view`) stretches, every other part (a node, a label) moves with its centre,
    so nodes stay round and labels upright. A graph fitted to the width left of a column of equations fills its
    height."""
    target = view.target
    target.shift((top - target.get_top()[1]) * UP)
    _stretch(view, edges, 1, top, min(MOST_STRETCH, (top - bottom) / target.height))


def stretch_columns(view: VGroup, edges: Mobject, left: float, right: float) -> None:
    """Draw view.target's columns apart to fill `left`..`right` (at most MOST_WIDENING times as wide), its right
    edge moved to `right`, as ``stretch_rows`` does with rows: a graph as tall as the frame, still narrow, widens."""
    target = view.target
    target.shift((right - target.get_right()[0]) * RIGHT)
    _stretch(view, edges, 0, right, min(MOST_WIDENING, (right - left) / target.width))


def _stretch(view: VGroup, edges: Mobject, axis: int, about: float, factor: float) -> None:
    """Stretch view.target along `axis` (0: x, 1: y) by `factor` about the line at `about` (if it grows): the parts
    of `edges` stretch, every other part moves with its centre."""
    if factor <= 1:
        return
    stretched = {id(leaf) for leaf in edges.family_members_with_points()}

    def moved(point: np.ndarray) -> np.ndarray:
        point = np.array(point)
        point[axis] = about + (point[axis] - about) * factor
        return point

    for part, drawn in zip(view.family_members_with_points(), view.target.family_members_with_points()):
        if id(part) in stretched:
            drawn.apply_function(moved)
        else:
            drawn.shift(moved(drawn.get_center()) - drawn.get_center())


def get_step_one(scene: StoryScene, beat: str, equation_beats: tuple[str, ...] = EQUATION_BEATS,
                 extras: bool = True) -> tuple[ValuedGraph, StepOnePicture]:
    """The valued graph (UnrollRNN's last frame) and the parts ErrorAtStepOne lays out beside it, not yet placed.

    The numbers are recorded for `beat`, those of the three equations for `equation_beats`; without
    `extras` the graph's numbers, rings and scores are not built (a scene that never draws them).
    """
    valued = ValuedGraph(scene, unroll_values(scene.rnn, scene.reber_string), beat=beat, extras=extras)
    valued.apply_fills()
    k = likeliest_legal_output(scene.rnn, scene.reber_string, 1)
    values = step_one_values(scene.rnn, scene.reber_string, I, J, k)
    p = scene.palette
    heading = heading_line(p, TITLE)
    equations = VGroup(
        *(
            LiveEquation.of(scene, equation, beat=name)
            for equation, name in zip((values.v_equation, values.w_equation, values.u_equation), equation_beats)
        )
    )
    for eq in equations[1:]:  # a four-factor product's "= result" on a row of its own, under its first "=": a narrow column
        eq.numeric[-2:].next_to(eq.numeric[:-2], DOWN, buff=RESULT_ROW_GAP).align_to(eq.numeric[0], LEFT)
    h0 = equations[2]  # h_0 is a hidden state: purple like every h
    h0.factor(3).set_color(p.hidden)
    h0.number(3).set_color(p.hidden)
    v_eq, w_eq, u_eq = equations
    flat = ", nearly flat here" if values.sigma_h < FLAT_SLOPE else ""
    notes = VGroup(
        rows(p, r"$\sigma_y' = y_1^k\,(1 - y_1^k)$:", "small when the score is near 0 or 1."),
        rows(p, r"$\sigma_h'$: tanh's slope" + flat + "."),
        VGroup(Tex(r"$h_0$", r" $= 0$: at $t = 1$ no hidden weight", color=p.text, font_size=theme.PROSE_SIZE),
               Tex(r"$u_{ij}$", r" can change $y_1^k$.", color=p.text, font_size=theme.PROSE_SIZE),
               ).arrange(DOWN, aligned_edge=LEFT, buff=0.08),
    )
    notes[2][0][0].set_color(p.hidden)  # the start state h_0, purple like every hidden state
    notes[2][1][0].set_color(p.U)
    symbol, read = reber.SYMBOLS[k - 1], scene.reber_string[0]
    keys = VGroup(  # each weight by where it runs, to before from; unit I's weights, the input one from the symbol read
        rows(p, rf"$v_{{{k}{I}}}$: to output {k} ({symbol}), from unit {I};", rf"$h_1^{I}$: step 1, unit {I}"),
        rows(p, rf"$w_{{{I}{J}}}$: to unit {I}, from input {J};", rf"$x_1^{J}$: step 1, input {J} ({read})"),
        rows(p, rf"$u_{{{I}{J}}}$: to unit {I}, from $h_0^{J}$"),
    )
    # one column: under each equation its key, under that its note, more room before the next equation; the
    # column narrow (keys and notes on two rows), so the graph beside it can be wide. Laid out with w's under v's
    # (the column centred on both), then w's with its key and note moved up into v's place: v's is gone before
    column = VGroup(v_eq, keys[0], notes[0], w_eq, keys[1], notes[1])
    for above, below, buff in zip(column, column[1:], NOTE_COLUMN_GAPS):
        below.next_to(above, DOWN, buff=buff, aligned_edge=LEFT)
    w_eq.next_to(v_eq, DOWN, buff=NOTE_COLUMN_GAPS[2], aligned_edge=LEFT)
    keys[1].next_to(w_eq, DOWN, buff=NOTE_COLUMN_GAPS[3], aligned_edge=LEFT)
    notes[1].next_to(keys[1], DOWN, buff=NOTE_COLUMN_GAPS[4], aligned_edge=LEFT)
    column.next_to(heading, DOWN, buff=0.3).to_edge(RIGHT, buff=theme.FRAME_MARGIN + theme.COLUMN_INSET)
    # one equation with its key and note at once: v's goes before w's is written in its place, w's before u's
    VGroup(w_eq, keys[1], notes[1]).shift((v_eq.get_top()[1] - w_eq.get_top()[1]) * UP)
    u_eq.align_to(w_eq, UP).align_to(w_eq, LEFT)
    keys[2].next_to(u_eq, DOWN, buff=NOTE_COLUMN_GAPS[0], aligned_edge=LEFT)
    notes[2].next_to(keys[2], DOWN, buff=NOTE_COLUMN_GAPS[1], aligned_edge=LEFT)
    # everything in the column RIGHT_CLEAR clear of the frame's right edge, centred in the height under the heading
    # at its fullest (the tallest equation with its key and note), beside the full-height graph
    every = VGroup(column, u_eq, keys[2], notes[2])
    every.shift((every.get_bottom()[1] - frame_box(0, 0)[3]) / 2 * DOWN)
    every.shift(max(every.get_right()[0] - (config.frame_width / 2 - RIGHT_CLEAR), 0) * LEFT)
    graph = valued.graph
    picture = StepOnePicture(graph, graph.steps_view(1), heading, equations, notes, keys, k, get_link(p, heading))
    link_notes = picture.link[1]
    picture.score = VGroup(
        prose(rf"$y = y_1^k$: the score of {symbol}, $k = {k}$", p.text),
        prose(r"below: the step, $t = 1$", p.text),
        prose(r"above: output or unit, not a power", p.text),
    ).scale(NOTE_GROWTH).arrange(DOWN, aligned_edge=LEFT, buff=0.2).move_to(link_notes, aligned_edge=UL)
    # the link and the score notes that replace its notes share a left edge: both in from the right as far as
    # the wider needs
    both = VGroup(picture.link, picture.score)
    both.shift(min(config.frame_width / 2 - theme.FRAME_MARGIN - theme.COLUMN_INSET - both.get_right()[0], 0) * RIGHT)
    return valued, picture


def rows(p: Palette, *lines: str) -> VGroup:
    """Prose on rows of its own, left-aligned: a key or a note narrow enough for the column."""
    return VGroup(*(prose(line, p.text) for line in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.08)


def get_link(p: Palette, heading: Mobject) -> VGroup:
    """dL/dw = sum over y of dL/dy . dy/dw at the right under the heading, its derivatives red (like every
    gradient); under it what L is, what the sum runs over and what each factor is: VGroup(equation, notes)."""
    equation = math(p, r"{\partial L \over \partial w}", "=", r"\sum_y", r"{\partial L \over \partial y}", r"\cdot",
                    r"{\partial y \over \partial w}")
    for part in (equation[0], equation[3], equation[5]):
        part.set_color(p.error)
    notes = VGroup(rows(p, r"$L$: how wrong the scores are"),
                   rows(p, r"$\sum_y$: every score $y$ that $w$ moves"),
                   rows(p, r"$\partial L/\partial y$: shared by all $w$ reaching $y$"),
                   rows(p, r"$\partial y/\partial w$: worked out here"))
    notes.scale(NOTE_GROWTH)
    notes.arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(equation, DOWN, buff=0.45, aligned_edge=LEFT)
    link = VGroup(equation, notes)
    link.next_to(heading, DOWN, buff=1.1).to_edge(RIGHT, buff=theme.FRAME_MARGIN + theme.COLUMN_INSET)
    return link


def place_step(picture: StepOnePicture, room: float = 0.0) -> None:
    """Set picture.step.target: step 1 as large as fits left of the equations, below the heading, `room` in
    from the left margin (where the start state h_0 goes)."""
    left, right, top, bottom = frame_box(picture.heading.get_bottom()[1] - theme.GRAPH_GAP,
                                         picture.equations.get_left()[0] - theme.GRAPH_GAP)
    step, g = picture.step, picture.graph
    fit_into(step, g.labels_of(1), (left + room, right, top, bottom))
    stretch_rows(step, g.edges, top, bottom)
    stretch_columns(step, g.edges, left + room, right)
    # with the columns drawn apart the letters have room to grow, each away from its node
    parts = dict(zip(step.submobjects, step.target.submobjects))
    for label in (*g.input_labels(1), *g.output_labels(1), g.step_label(1), *g.unit_labels):
        if label in parts:
            parts[label].scale(LABEL_GROWTH, about_edge=getattr(label, "faces", ORIGIN))
    # the unit numbers right of the column: the lit edges into y_1^k (left of it) run up past its left side
    nodes = dict(zip(step.family_members_with_points(), step.target.family_members_with_points()))
    for unit, label in enumerate(g.unit_labels, start=1):
        step.target[step.submobjects.index(label)].next_to(nodes[g.h_node(1, unit)], RIGHT, buff=UNIT_LABEL_GAP)


def start_state(scene: StoryScene, picture: StepOnePicture, beat: str | None = None, lit_here: bool = True) -> VGroup:
    """h_0^j, the state before step 1 (0), left of step 1 where it stands (its target), and u_ij's edge from it
    into h_1^i: VGroup(edge, node, label). h_0^j stands at the left margin (its label's left end on it), a
    little below h_1^i, the column's bottom unit, and its edge turns up into h_1^i from below, above the inputs.
    Recorded as drawn: h_0^j = 0, and the edge as lit when `lit_here` (not in a scene that only starts
    from this picture and fades it)."""
    p, g = scene.palette, picture.graph
    where = dict(zip(picture.step.family_members_with_points(), picture.step.target.family_members_with_points()))
    end = where[g.h_node(1, I)]
    left = frame_box(0, 0)[0]
    value = scene.numeral("h", {"t": 0, "unit": J}, 0.0, digits=1, beat=beat, label=f"h_0^{J}")
    label = math(p, rf"h_0^{J} = {value.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden)
    node = end.copy().set_fill(opacity=0).set_stroke(color=p.hidden, width=theme.NODE_STROKE, opacity=1)
    node.move_to([left + label.width / 2, end.get_y() - theme.START_STATE_DROP, 0])
    label.next_to(node, UP, buff=0.12)
    start, stop = node.get_right(), end.get_bottom()
    # level out of h_0^j, then up into h_1^i from straight below: a quarter turn inside the box the two ends span
    corner = np.array([stop[0], start[1], 0])
    edge = CubicBezier(start, start + 0.6 * (corner - start), stop + 0.6 * (corner - stop), stop,
                       color=p.U, stroke_width=theme.LIT_EDGE_WIDTH).set_z_index(theme.LIT_Z)
    if lit_here:
        scene.mark("lit", "edge", {"t": 1, "weight": "u", "i": I, "j": J}, beat=beat)
    return VGroup(edge, node, label)


def context_lit(palette: Palette, step: VGroup, path: list[Mobject]) -> VGroup:
    """A copy of `step` lit along `path`, the rest dimmed but not gone: each dimmed part's colour
    theme.CONTEXT_LIFT of the way back to its own (the symbol letters, which the viewer reads,
    theme.CONTEXT_LABEL_LIFT), so the network around the path stays in sight and its labels legible."""
    styled = get_highlighted(palette, step, path)
    dim = ManimColor(palette.dim).to_hex().lower()
    letters = {id(leaf) for leaf in step.family_members_with_points() if isinstance(leaf, VMobjectFromSVGPath)}
    for leaf, copy in zip(step.family_members_with_points(), styled.family_members_with_points()):
        lift = theme.CONTEXT_LABEL_LIFT if id(leaf) in letters else theme.CONTEXT_LIFT
        own = original_style(leaf)
        if ManimColor(copy.get_stroke_color()).to_hex().lower() == dim:
            copy.set_stroke(color=interpolate_color(ManimColor(palette.dim), ManimColor(own["stroke_color"]), lift))
        if copy.get_fill_opacity() > 0 and ManimColor(copy.get_fill_color()).to_hex().lower() == dim:
            copy.set_fill(color=interpolate_color(ManimColor(palette.dim), ManimColor(own["fill_color"]), lift))
    return styled


def lit_step(palette: Palette, step: VGroup, path: list[Mobject], rise: bool = True) -> None:
    """Light `path` in step.target (step 1 where it goes): the rest dimmed, the path's lines raised above it
    (unless not `rise`: then the caller raises them once lit)."""
    if rise:
        raise_lit(step, path)
    styled = context_lit(palette, step, path)
    for target, style in zip(step.target.family_members_with_points(), styled.family_members_with_points()):
        target.set_stroke(color=style.get_stroke_color(), width=style.get_stroke_width(), opacity=style.get_stroke_opacity())
        target.set_fill(color=style.get_fill_color(), opacity=style.get_fill_opacity())


def u_path(scene: StoryScene, picture: StepOnePicture, beat: str | None = None) -> list[Mobject]:
    """h_1^i and its edge to y_1^k, the path a hidden weight u_ij would take at step 1, and y_1^k (recorded as lit)."""
    g, k = picture.graph, picture.k
    return [lit(scene, g.h_node(1, I), "node", beat, t=1, unit=I),
            lit(scene, g.v_edge(1, k, I), "edge", beat, t=1, weight="v", k=k, j=I), *output(scene, g, k, beat)]


def output(scene: StoryScene, graph: UnrolledGraph, k: int, beat: str | None = None) -> list[Mobject]:
    """y_1^k and its symbol, where every followed path ends (recorded as lit)."""
    scene.mark("lit", "output", {"t": 1, "k": k}, beat=beat)
    return [graph.y_node(1, k), graph.output_labels(1)[k - 1]]


def lit(scene: StoryScene, part: Mobject, target: str, beat: str | None = None, **index) -> Mobject:
    """`part` of the graph, recorded by `scene` as lit (a node, an edge, an input symbol) in `beat` (default: now)."""
    scene.mark("lit", target, index, beat=beat)
    return part


def step_one_picture(scene: StoryScene, beat: str) -> StepOnePicture:
    """ErrorAtStepOne's last frame, built without motion, for the scene that starts from it.

    ``step`` keeps its place in the whole graph as its saved state (``restore()`` brings it back).
    """
    valued, picture = get_step_one(scene, beat, (beat,) * len(EQUATION_BEATS), extras=False)
    valued.lower_step_labels()
    step = picture.step
    step.become(context_lit(scene.palette, step, u_path(scene, picture, beat)))
    step.save_state()
    place_step(picture, room=theme.START_STATE_ROOM)
    picture.start = start_state(scene, picture, beat, lit_here=False)
    step.become(step.target)
    return picture


class ErrorAtStepOne(StoryScene):
    scene_id = "error-at-step-one"
    title = TITLE
    section = "Starting simple: Calculating error at the first step"
    approx_seconds = 53.5
    stills = ("rnn_error1.png",)
    fade_out = False  # ErrorAtStepTwo starts from this last picture
    i, j = I, J

    def construct(self):
        self.valued, self.picture = get_step_one(self, beat="influence_beat")
        self.k = self.picture.k
        self.graph = self.picture.graph
        self.valued.show_all(self)  # UnrollRNN's last frame
        first = self.reber_string[0]
        self.influence_beat()
        self.inputs_beat(k=self.k, symbol=reber.SYMBOLS[self.k - 1], first=first)
        self.v_beat(i=I, ki=subscript(self.k, I), h=f"h₁{superscript(I)}")
        self.w_beat(i=I, ij=subscript(I, J), first=first, h=f"h₁{superscript(I)}", scores=len(reber.SYMBOLS))
        self.u_beat(ij=subscript(I, J))

    @beat("The loss L measures how wrong the scores are. The chain rule sums one term per score y that w moves; "
          "in each we work out ∂y/∂w.")
    def influence_beat(self):
        graph, picture = self.graph, self.picture
        step, kept = picture.step, self.get_influence(graph)
        # step 1 alone, as large as fits left of the (coming) equations, lit where y_1^k depends on it; laid out
        # with the step name and unit numbers back in place, then drawn as it stands (UnrollRNN's last frame)
        shown = graph.node_view.copy()
        self.valued.lower_step_labels()
        place_step(picture, room=theme.START_STATE_ROOM)  # room left of it for h_0 (the last beat): it never moves
        lit_step(self.palette, step, kept, rise=False)  # the lit edges rise only once lit: frame 1 is UnrollRNN's last
        graph.node_view.become(shown)
        rest = [m for m in graph.node_view.family_members_with_points() if m not in step.get_family()]
        # in the caption's order: step 1 comes forward, the chain rule, each factor with what it is
        equation, notes = picture.link
        self.paced((FadeOut(self.valued.heading, *self.valued.extras, *self.valued.row_labels, *rest),
                    MoveToTarget(step), FadeIn(picture.heading)),
                   FadeIn(notes[0], shift=0.1 * DOWN), Write(equation),
                   (FadeIn(notes[1], shift=0.1 * DOWN), Indicate(equation[2], color=self.palette.text, scale_factor=1.2)),
                   (FadeIn(notes[2], shift=0.1 * DOWN), Indicate(equation[3], color=self.palette.error, scale_factor=1.2)),
                   (FadeIn(notes[3], shift=0.1 * DOWN), Indicate(equation[5], color=self.palette.error, scale_factor=1.3)))
        raise_lit(step, kept)

    @beat("We follow {symbol}'s score y₁ᵏ: step 1 below, output k = {k} above. At step 1 it depends only on the "
          "input {first}, through W and V.")
    def inputs_beat(self, k: int, symbol: str, first: str):
        graph, picture = self.graph, self.picture
        output = VGroup(graph.y_node(1, k), graph.output_labels(1)[k - 1])
        dots = VGroup(*(Dot(radius=0.08, color=self.palette.text).set_z_index(theme.LIT_Z + 2)
                        for _ in range(self.rnn.d)))
        # in the caption's order: y_1^k and its symbol (k), the input, up its weights W into the hidden units, on
        # along V to y_1^k
        self.paced((FadeOut(picture.link[1]), FadeIn(picture.score[0], shift=0.1 * DOWN),
                    Indicate(output, color=self.palette.output, scale_factor=1.6)),
                   FadeIn(picture.score[1:], shift=0.1 * DOWN),  # how to read its two indices
                   (Indicate(VGroup(graph.x_node(1, J), graph.input_labels(1)[J - 1]), color=self.palette.input,
                             scale_factor=1.6)),
                   # a dot per hidden unit leaves the input, climbs its W edge, then its V edge into y_1^k
                   tuple(MoveAlongPath(dot, edge) for dot, edge in zip(dots, self.read_edges(graph))),
                   tuple(MoveAlongPath(dot, graph.v_edge(1, k, unit)) for unit, dot in enumerate(dots, start=1)),
                   (FadeOut(dots, scale=0.3), Indicate(output, color=self.palette.output, scale_factor=1.4)))
        self.capture_still("rnn_error1.png", self.picture.heading)

    @beat("One term of the sum: unit {i}. At step 1 its output weight v{ki} touches only y₁ᵏ: "
          "the derivative is the output's slope times {h}.")
    def v_beat(self, i: int, ki: str, h: str):
        picture, graph = self.picture, self.graph
        picture.step.generate_target()  # it stays where the first beat put it
        edge = lit(self, graph.v_edge(1, self.k, I), "edge", t=1, weight="v", k=self.k, j=I)
        # the term of the chain rule's sum worked out: its dy/dw lit, then carried into the equation's left side
        chain = picture.link[0]
        worked = chain[5]
        self.show_equation(0, [edge, lit(self, graph.h_node(1, I), "node", t=1, unit=I), *output(self, graph, self.k)],
                           FadeIn(picture.notes[0]), also=(FadeIn(picture.keys[0], shift=0.2 * RIGHT),),
                           flows=(edge,), before=((FadeOut(picture.score),
                                                   Indicate(VGroup(chain[2], worked), color=self.palette.error,
                                                            scale_factor=1.25)),
                                                  (FadeOut(chain[:5]),
                                                   ReplacementTransform(worked, picture.equations[0].symbolic[0]))),
                           lhs_carried=True)

    @beat("Into unit {i} only w{ij}, from the read {first}, counts. Through {h} it moves all {scores} scores; y₁ᵏ's "
          "term has one factor per edge and node.")
    def w_beat(self, i: int, ij: str, first: str, h: str, scores: int):
        graph = self.graph
        path = [lit(self, graph.w_edge(1, I, J), "edge", t=1, weight="w", i=I, j=J),
                lit(self, graph.x_node(1, J), "symbol", t=1), graph.input_labels(1)[J - 1],
                lit(self, graph.h_node(1, I), "node", t=1, unit=I),
                lit(self, graph.v_edge(1, self.k, I), "edge", t=1, weight="v", k=self.k, j=I),
                *output(self, graph, self.k)]
        self.picture.step.generate_target()  # it stays where it is
        self.fan = self.get_fan(graph)
        self.show_equation(1, path, FadeIn(self.fan), FadeIn(self.picture.notes[1]), flows=(path[0], path[4]),
                           also=(FadeIn(self.picture.keys[1], shift=0.2 * RIGHT),),
                           before=((FadeOut(self.picture.equations[0], self.picture.keys[0], self.picture.notes[0]),),))

    def get_fan(self, graph: UnrolledGraph) -> VGroup:
        """h_1^i's V edges to the other scores (the one to y_1^k is lit already), fainter, and those scores' rings:
        through h_1^i, w_ij moves every score at step 1 (recorded as lit)."""
        fan = VGroup()
        for k in range(1, len(reber.SYMBOLS) + 1):
            if k != self.k:
                edge = lit(self, graph.v_edge(1, k, I), "edge", t=1, weight="v", k=k, j=I)
                fan.add(edge.copy().set_stroke(color=self.palette.V, width=theme.LIT_EDGE_WIDTH * FAN_WIDTH,
                                               opacity=FAN_OPACITY).set_z_index(theme.LIT_Z - 0.5))
        return fan

    @beat("Its hidden weight u{ij} carries h₀ = 0, the state before step 1: at step 1 it has no effect.")
    def u_beat(self, ij: str):
        picture = self.picture
        picture.step.generate_target()  # it stays: the room for h_0 left of it was kept from the first beat
        start = picture.start = start_state(self, picture)
        edge, node, label = start
        carried = Dot(node.get_center(), radius=0.07, color=self.palette.hidden).set_z_index(theme.LIT_Z + 2)
        self.show_equation(2, u_path(self, picture), FadeIn(picture.notes[2]),
                           also=(FadeIn(node, label), FadeIn(picture.keys[2], shift=0.2 * RIGHT)),
                           before=((FadeOut(picture.equations[1], picture.keys[1], picture.notes[1], self.fan),),),
                           carry=((Create(edge), MoveAlongPath(carried, edge)), FadeOut(carried, scale=0.3)))

    def get_influence(self, graph: UnrolledGraph) -> list[Mobject]:
        """Everything y_1^k depends on: x_1, W at step 1, h_1, the four v_k,alpha, and y_1^k (recorded as lit)."""
        k, d = self.k, self.rnn.d
        self.mark("lit", "symbol", {"t": 1})
        for unit in range(1, d + 1):
            self.mark("lit", "edge", {"t": 1, "weight": "w", "i": unit, "j": J})
        for unit in range(1, d + 1):
            self.mark("lit", "node", {"t": 1, "unit": unit})
            self.mark("lit", "edge", {"t": 1, "weight": "v", "k": k, "j": unit})
        self.mark("lit", "output", {"t": 1, "k": k})
        return [graph.x_node(1, J), graph.input_labels(1)[J - 1], *self.read_edges(graph), graph.h_nodes(1),
                graph.v_edges(1)[k - 1], graph.y_node(1, k), graph.output_labels(1)[k - 1]]

    def read_edges(self, graph: UnrolledGraph) -> list[Mobject]:
        """The W edges out of the symbol read at step 1 (x_1^j = 1), into every hidden unit: the only ones that carry it."""
        return [graph.w_edge(1, unit, J) for unit in range(1, self.rnn.d + 1)]

    def show_equation(self, n: int, path: list[Mobject], *after: Animation, flows: tuple[Mobject, ...] = (),
                      also: tuple[Animation, ...] = (), carry: tuple = (), before: tuple[Animation, ...] = (),
                      lhs_carried: bool = False) -> None:
        """`before` plays (what gives way to the equation; with `lhs_carried` it brings the left side), then step 1 moves to its target lit along `path` as equation n is written (with `also`), the `carry` steps
        play, a pulse runs along each of `flows` (edges of the path, in its order), and the numbers drop into the
        equation: its result complete in RESULT_SHARE of the reading time, to stand while the caption is read.
        Then `after` (the notes beside it) fade in. (Its keys, what its indices mean, come with it in `also`.)"""
        picture = self.picture
        equation: LiveEquation = picture.equations[n]
        step = picture.step
        lit_step(self.palette, step, path)
        written = equation.symbolic[1:] if lhs_carried else equation.symbolic  # its left side carried in by `before`
        self.paced(*before, (MoveToTarget(step, run_time=theme.NORMAL), Write(written), *also), *carry,
                   *(flow_along(edge, time_width=1.0, z_index=theme.LIT_Z + 1) for edge in flows),
                   equation.substitute(step=theme.FAST), share=RESULT_SHARE)
        raise_lit(step, path)
        self.paced(*after, share=AFTER_SHARE)
