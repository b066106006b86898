"""Scene 4: at step 2 the hidden bias b_h^i reaches y_2^k by two routes; a pulse takes each, its factors in numbers."""

from __future__ import annotations

from dataclasses import replace

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.bias_split import STEP, BiasSplit, bias_split, weight_terms
from lstm_explainer.scenes.components.highlight import get_highlighted, raise_lit
from lstm_explainer.scenes.components.layout import fit_into, frame_box
from lstm_explainer.scenes.components.live_equation import LiveEquation, plain, role_color
from lstm_explainer.scenes.components.text import heading_line, math, prose
from lstm_explainer.scenes.error_at_step_one import step_one_picture
from lstm_explainer.scenes.story import StoryScene, beat


def repeated_pairs(grammar: reber.Grammar = reber.REBER) -> str:
    """The pairs a string of `grammar` can read in a row, as prose: "TT, SS, XX or VV"."""
    pairs = [symbol * 2 for symbol in grammar.repeatable()]
    return ", ".join(pairs[:-1]) + " or " + pairs[-1] if len(pairs) > 1 else "".join(pairs)


REPEATED_PAIRS = repeated_pairs()
BOTH_ROUTES = f"Both routes need a repeated symbol: {REPEATED_PAIRS}."
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
TITLE = "Two routes to the output at step 2"


class Relight(Transform):
    """``highlight`` worked out when the animation starts, so several can wait in one ``paced`` beat."""

    def __init__(self, palette, graph: Mobject, keep: list[Mobject], tints: tuple[tuple[list[Mobject], str], ...] = (),
                 **kwargs):
        self.palette, self.keep, self.tints = palette, keep, tints
        super().__init__(graph, graph.copy(), **kwargs)

    def create_target(self) -> Mobject:
        """The lit graph, the kept edges of each (edges, colour) in `tints` in that colour (later tints win)."""
        raise_lit(self.mobject, self.keep)
        target = get_highlighted(self.palette, self.mobject, self.keep)
        kept = {id(leaf) for mob in self.keep for leaf in mob.family_members_with_points()}
        colour_of = {id(leaf): colour for edges, colour in self.tints for edge in edges
                     for leaf in edge.family_members_with_points() if id(leaf) in kept}
        for leaf, styled in zip(self.mobject.family_members_with_points(), target.family_members_with_points()):
            if id(leaf) in colour_of:
                styled.set_stroke(color=colour_of[id(leaf)])
        return target


def travel(dot: Mobject, to: Mobject) -> Animation:
    """`dot` moves to the centre of `to`."""
    return dot.animate.move_to(to.get_center()).build()


def sup(n: int) -> str:
    """`n` as superscript digits, for a caption (plain text): 4 reads ⁴."""
    return str(n).translate(SUPERSCRIPT)


def sub(n: int) -> str:
    """`n` as subscript digits, for a caption: 4 reads ₄."""
    return str(n).translate(SUBSCRIPT)


class ErrorAtStepTwo(StoryScene):
    scene_id = "error-at-step-two"
    title = TITLE
    section = "Calculating error at the second step"
    approx_seconds = 55
    stills = ("rnn_error2.png",)

    def construct(self):
        self.values = v = bias_split(self.rnn, self.reber_string)
        self.start_from_step_one()
        self.routes_beat(i=sup(v.i), unit=v.i, k=sup(v.k), symbol=reber.SYMBOLS[v.k - 1])
        self.direct_beat()
        self.indirect_beat(i=sup(v.i), k=sup(v.k))
        self.sum_beat(i=sup(v.i), k=sup(v.k))
        first, second = self.reber_string[:2]
        self.weights_beat(i=sub(v.i), first=first, second=second, j1=sub(reber.SYMBOLS.index(first) + 1),
                          j2=sub(reber.SYMBOLS.index(second) + 1))

    def start_from_step_one(self) -> None:
        """The first frame is ErrorAtStepOne's last: step 1 beside its three worked derivatives."""
        picture = step_one_picture(self, beat="routes_beat")
        self.graph, self.step_one = picture.graph, picture
        self.add(picture.step, picture.start, picture.heading, picture.equations, picture.notes, picture.keys)

    # ------------------------------------------------------------ beats

    @beat("Step 2: take the hidden bias bₕ{i}. Added in unit {unit} at every step, it reaches y₂{k} "
          "(the score of {symbol}, the likeliest next symbol) by two routes.")
    def routes_beat(self, i: str, unit: int, k: str, symbol: str):
        old = self.step_one
        self.heading = heading_line(self.palette, TITLE)
        self.direct, self.indirect, self.total = self.get_terms(self.values)
        self.backprop = self.get_backprop(self.values)
        self.branches = self.get_branches(self.values)
        self.column = VGroup(self.direct, self.indirect, self.branches, self.total, self.backprop)
        self.view = self.steps_into_place(self.column)
        self.tags = self.get_bias_tags()
        g, v = self.graph, self.values
        output = [g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]
        self.paced(
            FadeOut(old.heading, *old.equations, *old.notes, *old.keys, old.start),
            (FadeIn(self.heading), MoveToTarget(self.view)),
            LaggedStart(*(GrowFromCenter(tag) for tag in self.tags), lag_ratio=0.5),
            self.light([*self.bias_nodes(), *output]),
            self.light([*self.bias_nodes(), *self.direct_path()]),
            self.light([*self.bias_nodes(), *self.direct_path(), *self.fan()]),
        )
        self.capture_still("rnn_error2.png", self.heading)

    @beat("The direct route skips step 1: each node on it multiplies by its slope σ′, each edge by its weight.")
    def direct_beat(self):
        g, v = self.graph, self.values
        h, edge, y = g.h_node(2, v.i), g.v_edge(2, v.k, v.i), g.y_node(2, v.k)
        output = [y, g.output_labels(2)[v.k - 1]]
        eq = self.direct
        pulse = self.pulse(self.tags[1], "direct")
        self.paced(
            (self.light([*self.bias_nodes(), *output]), FadeIn(eq.symbolic[:2]), FadeIn(pulse)),
            (travel(pulse, h), self.light([*self.bias_nodes(), h, *output]),
             *self.factor_from(eq, 0, h)),
            (travel(pulse, y), self.light([*self.bias_nodes(), *self.direct_path()]),
             *self.factor_from(eq, 1, edge)),
            (Indicate(y, color=self.palette.text), *self.factor_from(eq, 2, y)),
            (FadeOut(pulse), *self.result_of(eq)),
        )

    @beat("The indirect route goes through h₁{i}, along every U edge into h₂ and on to y₂{k}: its four branches add up.")
    def indirect_beat(self, i: str, k: str):
        g, v, p = self.graph, self.values, self.palette
        h1, y = g.h_node(1, v.i), g.y_node(2, v.k)
        output = [y, g.output_labels(2)[v.k - 1]]
        units = range(1, self.rnn.d + 1)
        eq = self.indirect
        pulse = self.pulse(self.tags[0], "indirect")
        branches = VGroup(*(self.pulse(h1, "indirect") for _ in units))
        u_edges = [g.u_edge(2, alpha, v.i) for alpha in units]
        self.paced(
            (self.light([*self.bias_nodes(), *output]), FadeIn(eq.symbolic[:2]), FadeIn(pulse)),
            (travel(pulse, h1), self.light([*self.bias_nodes(), *output]), *self.factor_from(eq, 0, h1)),
            (FadeOut(pulse, run_time=0.1), FadeIn(branches, run_time=0.1)),
            (*(MoveAlongPath(dot, edge) for dot, edge in zip(branches, u_edges)),
             self.light([*self.bias_nodes(), *u_edges, g.h_nodes(2), *output])),
            (*(travel(dot, y) for dot in branches), self.light([*self.bias_nodes(), *self.fan()]),
             FadeIn(self.branches[:2]),
             LaggedStart(*(FadeIn(self.branches.number(n), target_position=g.h_node(2, alpha).get_center(), scale=0.5)
                           for n, alpha in enumerate(units)), lag_ratio=0.3)),
            (Write(self.branches.rest), *self.factor_from(eq, 1, self.branches.total)),
            (Indicate(y, color=p.text), *self.factor_from(eq, 2, y)),
            (FadeOut(branches), *self.result_of(eq)),
        )

    @beat("Together: the two terms add up to ∂y₂{k}/∂bₕ{i}, and backprop computes the same value.")
    def sum_beat(self, i: str, k: str):
        g, v, p = self.graph, self.values, self.palette
        total, y = self.total, g.y_node(2, v.k)
        units = range(1, self.rnn.d + 1)
        direct, indirect = self.pulse(self.tags[1], "direct"), self.pulse(self.tags[0], "indirect")
        branches = VGroup(*(self.pulse(g.h_node(1, v.i), "indirect") for _ in units))
        self.paced(
            (self.light([*self.bias_nodes(), *self.direct_path(), *self.fan()]), FadeIn(direct, indirect),
             FadeIn(total.symbolic)),
            (travel(direct, g.h_node(2, v.i)), travel(indirect, g.h_node(1, v.i))),
            (FadeOut(indirect, run_time=0.1), FadeIn(branches, run_time=0.1)),
            (travel(direct, y), *(MoveAlongPath(dot, g.u_edge(2, alpha, v.i)) for dot, alpha in zip(branches, units))),
            (*(travel(dot, y) for dot in branches), TransformFromCopy(self.direct.result, total.number(0)),
             TransformFromCopy(self.indirect.result, total.number(1)), FadeIn(total.numeric[0], total.numeric[2])),
            (FadeOut(direct, branches), Flash(y, color=p.text), Write(total.numeric[-2:])),
            FadeIn(self.backprop, shift=0.2 * LEFT),
            (Indicate(total.result, color=p.error), Indicate(self.backprop[1][-1], color=p.error)),
        )

    @beat("A weight w{i}ⱼ also multiplies by its input: w{i}{j1} ({first}, step 1) has only the indirect route, "
          "w{i}{j2} ({second}, step 2) only the direct. Both need a repeated symbol.")
    def weights_beat(self, i: str, first: str, second: str, j1: str, j2: str):
        g, v = self.graph, self.values
        direct, indirect, total = self.direct.symbolic, self.indirect.symbolic, self.total
        indirect.generate_target().next_to(direct, DOWN, buff=theme.EQUATION_GAP_TIGHT, aligned_edge=LEFT)
        total.generate_target().next_to(indirect.target, DOWN, buff=theme.EQUATION_GAP_TIGHT, aligned_edge=LEFT)
        inputs = self.get_inputs(((direct, 2), (indirect.target, 1)))
        note = self.get_weights_note()
        rows, closing = note[:-1], note[-1]
        rows.next_to(total.target, DOWN, buff=0.35).align_to(direct, LEFT)
        closing.to_corner(DL, buff=theme.FRAME_MARGIN + theme.COLUMN_INSET)  # across the foot, under the graph
        # the inputs lengthen the terms: the column moves left into the bias tags' room, to stay in the frame
        over = max(0.0, inputs.get_right()[0] - (config.frame_width / 2 - theme.FRAME_MARGIN))
        direct.generate_target()
        for part in (direct.target, indirect.target, total.target, inputs, rows):
            part.shift(over * LEFT)
        row_of = {w.j: row for w, row in zip(weight_terms(self.reber_string), rows)}
        steps = []
        for t, name, route in ((1, "indirect", self.fan()), (2, "direct", self.direct_path())):
            w, end = self.weight_read_at(t), g.h_node(t, v.i)
            self.lit_weight(t)
            edge = g.w_edge(t, v.i, w.j)
            weight = [edge, g.x_node(t, w.j), g.input_labels(t)[w.j - 1]]
            pulse = self.pulse(g.x_node(t, w.j), name)
            steps += [(self.light([*weight, *route], **{name: [edge]}), FadeIn(pulse),
                       Indicate(inputs[t % 2], color=self.route(name))),
                      (travel(pulse, end), FadeIn(row_of[w.j], shift=0.2 * RIGHT)),
                      (travel(pulse, g.y_node(2, v.k)), FadeOut(pulse, run_time=0.3))]
        self.paced(
            (FadeOut(self.tags, self.backprop, self.branches, self.direct.numeric, self.indirect.numeric)),
            (MoveToTarget(direct), MoveToTarget(indirect), MoveToTarget(total), FadeIn(inputs[0], target_position=g.x_nodes(2)),
             FadeIn(inputs[1], target_position=g.x_nodes(1))),
            *steps,
            FadeIn(closing, shift=0.2 * RIGHT),
        )

    # ------------------------------------------------------------ the picture

    def steps_into_place(self, column: VGroup) -> VGroup:
        """Steps 1 and 2 of the graph, set to grow from ErrorAtStepOne's step 1 left of `column` (view.target).

        The target is laid out with step 1 back in its place in the whole graph; step 2's parts wait at
        their target, unseen, so MoveToTarget moves step 1 there and fades step 2 in, dimmed but for
        the bias's unit.
        """
        g, step = self.graph, self.step_one.step
        column.arrange(DOWN, aligned_edge=LEFT, buff=theme.EQUATION_GAP_TIGHT)
        column.next_to(self.heading, DOWN, buff=0.35).to_edge(RIGHT, buff=theme.FRAME_MARGIN + theme.COLUMN_INSET)
        view = g.steps_view(1, 2)
        shown = step.copy()
        step.restore()
        box = frame_box(self.heading.get_bottom()[1] - theme.GRAPH_GAP,
                        column.get_left()[0] - theme.GRAPH_GAP - theme.BIAS_TAG_ROOM)
        fit_into(view, g.labels_of(1, 2), box)
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
        return view

    def get_bias_tags(self) -> VGroup:
        """+b_h^i beside h_1^i and h_2^i: the bias is added in unit i at both steps (on a backing, over the edges)."""
        g, v, p = self.graph, self.values, self.palette
        tags = VGroup()
        for _ in (1, 2):
            tag = math(p, rf"+\,b_h^{{{v.i}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden)
            tags.add(tag.add_background_rectangle(color=p.background, opacity=1, buff=0.04))
        return self.place_tags(tags)

    def place_tags(self, tags: VGroup) -> VGroup:
        """Each tag just under the right of its h^i node where the view will stand (below the U fan out of h_1^i)."""
        g, v = self.graph, self.values
        where = dict(zip(self.view.family_members_with_points(), self.view.target.family_members_with_points()))
        for tag, t in zip(tags, (1, 2)):
            node = where[g.h_node(t, v.i)]
            tag.next_to(node, DR, buff=0.02)
            tag.set_z_index(theme.LIT_Z + 1)
        return tags

    def light(self, keep: list[Mobject], direct: tuple[Mobject, ...] = (), indirect: tuple[Mobject, ...] = ()) -> Relight:
        """The graph's view lit at `keep`, the rest dimmed; a lit edge of a route (and the edges in `direct`,
        `indirect`: a weight's own edge into it) in the route's colour."""
        g, v = self.graph, self.values
        units = range(1, self.rnn.d + 1)
        indirect = [*(g.u_edge(2, alpha, v.i) for alpha in units), g.v_edges(2)[v.k - 1], *indirect]
        direct = [g.v_edge(2, v.k, v.i), *direct]
        return Relight(self.palette, self.view, keep,
                       tints=((indirect, self.route("indirect")), (direct, self.route("direct"))))

    def route(self, name: str) -> str:
        """The highlight colour of route `name` ("direct" or "indirect")."""
        return theme.route_color(self.palette, name)

    def bias_nodes(self) -> list[Mobject]:
        """h_1^i and h_2^i, where the bias is added (recorded as the ends of the lit paths)."""
        g, v = self.graph, self.values
        return [g.h_node(1, v.i), g.h_node(2, v.i)]

    def pulse(self, at: Mobject, route: str) -> Dot:
        """A dot at `at`: the bias's nudge travelling forward along `route`, in that route's colour."""
        return Dot(at.get_center(), radius=0.08, color=self.route(route)).set_z_index(theme.LIT_Z + 2)

    def factor_from(self, eq: LiveEquation, n: int, source: Mobject) -> tuple[Animation, ...]:
        """Factor n of `eq` flies out of `source` on the graph into its place, its number dropping under it."""
        parts = [eq.factor(n)] + ([eq.symbolic[1 + 2 * n]] if n else [])
        numbers = [eq.number(n)] + ([eq.numeric[2 * n]] if n else [eq.numeric[0]])
        return (AnimationGroup(FadeIn(VGroup(*parts), target_position=source.get_center(), scale=0.5),
                               FadeIn(VGroup(*numbers), shift=0.25 * DOWN), lag_ratio=0.6),)

    @staticmethod
    def result_of(eq: LiveEquation) -> tuple[Animation, ...]:
        return (Write(eq.numeric[-2:]),)

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
                g.v_edges(2)[v.k - 1], g.y_node(2, v.k), g.output_labels(2)[v.k - 1]]

    def lit_weight(self, t: int) -> None:
        """Record the weight w_ij of the symbol read at step t, and that symbol, as lit."""
        v, w = self.values, self.weight_read_at(t)
        self.mark("lit", "edge", {"t": t, "weight": "w", "i": v.i, "j": w.j})
        self.mark("lit", "symbol", {"t": t})

    def weight_read_at(self, t: int):
        """The weight terms of the symbol read at step t (1 or 2)."""
        return next(w for w in weight_terms(self.reber_string) if w.symbol == self.reber_string[t - 1])

    # ------------------------------------------------------------ the column of terms

    def get_terms(self, v: BiasSplit) -> tuple[LiveEquation, LiveEquation, LiveEquation]:
        """The direct term, the indirect term (their factors in the order the pulse meets them) and their sum."""
        scale = theme.EQUATION_SCALE_WORKED
        along_route = [replace(eq, factors=eq.factors[::-1]) for eq in (v.direct_equation, v.indirect_equation)]
        direct, indirect, total = (LiveEquation.of(self, eq, beat=name, scale=scale) for eq, name in
                                   zip((*along_route, v.total_equation), ("direct_beat", "indirect_beat", "sum_beat")))
        for n, (term, route) in enumerate(((direct, "direct"), (indirect, "indirect"))):
            term.symbolic[0].set_color(self.route(route))  # each term's name in its route's colour
            total.factor(n).set_color(self.route(route))
        return direct, indirect, total

    def get_backprop(self, v: BiasSplit) -> VGroup:
        """backprop: dy_2^k/db_h^i = its value, from the model's backward pass, apart from the sum above it."""
        side = v.side
        lhs = rf"\partial y_{side.t}^{{{side.k}}}/\partial b_h^{{{side.i}}}"
        value = self.numeral(v.backprop.quantity, v.backprop.index, v.backprop.value, beat="sum_beat",
                             label=f"backprop {plain(lhs)}")
        line = VGroup(prose("backprop:", self.palette.text),
                      math(self.palette, lhs, "=", value.tex(), scale=theme.EQUATION_SCALE_WORKED))
        line[1][-1].set_color(role_color(self.palette, v.backprop.role))
        return line.arrange(RIGHT, buff=0.2)

    def get_branches(self, v: BiasSplit) -> MathTex:
        """The indirect route's sum over its four branches, Σ_α v_kα σ_h'(a_2^α) u_αi: each branch's value on one row,
        their total on the next (``number(n)``, ``rest``: the signs and the total, ``total``)."""
        p, d = self.palette, len(v.branches)
        numbers = [self.numeral("fan_out branch", {"t": STEP, "k": v.k, "i": v.i, "alpha": alpha}, b, beat="indirect_beat",
                                label=f"v_{v.k}α σ_h'(a_{STEP}^α) u_α{v.i}, α = {alpha}").tex(bracket_negative=n > 0)
                   for n, (alpha, b) in enumerate(zip(range(1, d + 1), v.branches))]
        total = self.numeral("fan_out", {"t": STEP, "k": v.k, "i": v.i}, v.fan_out, beat="indirect_beat",
                             label=f"Σ_α v_{v.k}α σ_h'(a_{STEP}^α) u_α{v.i}")
        parts = [r"\textstyle\sum_\alpha", "="]
        for n, number in enumerate(numbers):
            parts += (["+"] if n else []) + [number]
        line = math(p, *parts, "=", total.tex(), scale=theme.EQUATION_SCALE_WORKED)
        tail = line[-2:]  # "= total" on a row of its own, under the sum's first "=": the sum stays whole
        tail.shift(line[1].get_left() - tail.get_left() + theme.SUM_ROW_GAP * DOWN)
        line[0].set_color(p.U)
        line[-1].set_color(p.U)
        line.number = lambda n: line[2 + 2 * n]
        line.rest = VGroup(*(line[3 + 2 * n] for n in range(d - 1)), line[-2], line[-1])
        line.total = line[-1]
        return line

    def get_inputs(self, after: tuple[tuple[Mobject, int], ...]) -> VGroup:
        """The input each term gains for a weight w_ij, x_t^j, after each (term's line, t): x_2^j direct, x_1^j indirect."""
        p = self.palette
        made = VGroup()
        for symbolic, t in after:
            factor = math(p, r"{}\cdot", rf"x_{t}^j", scale=theme.EQUATION_SCALE_WORKED)
            factor[1].set_color(p.input)
            made.add(factor.next_to(symbolic, RIGHT, buff=0.1).align_to(symbolic[-1], DOWN))
        return made

    def get_weights_note(self) -> VGroup:
        """Which term each weight of the first two symbols has, read off its inputs, then the repeated pairs."""
        p = self.palette
        lines = []
        for w in weight_terms(self.reber_string):
            x1 = self.numeral("x", {"t": 1, "j": w.j}, w.x1, digits=1, beat="weights_beat", label=f"x_1^{w.j}").tex()
            x2 = self.numeral("x", {"t": 2, "j": w.j}, w.x2, digits=1, beat="weights_beat", label=f"x_2^{w.j}").tex()
            has = [name for name, x in (("direct", w.x2), ("indirect", w.x1)) if x == 1.0]
            lines.append(prose(rf"$w_{{{self.values.i}{w.j}}}$ ({w.symbol}): $x_1^{w.j} = {x1}$, $x_2^{w.j} = {x2}$: "
                               + " and ".join(has) + (" routes" if len(has) > 1 else " route only"), p.text))
        lines.append(prose(BOTH_ROUTES, p.muted))
        return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
