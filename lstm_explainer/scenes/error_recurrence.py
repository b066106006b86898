"""Scene 5: summing the paths back, one line of argument. The loss at step 4 feels a weight only through the hidden
units there, so ask how one weight (w_41, the one ErrorAtStepOne followed: input 1, the symbol 'B', into unit 4) moves
one unit at step 4. One path back carries a factor B_{alpha gamma} for each edge it crosses (tanh's slope at the unit
entered times the edge's u) and, where it stops, the weight's push A. The post's recurrence says the same one step at
a time (dh_t^alpha/dw = A + sum_gamma B_alpha,gamma dh_{t-1}^gamma/dw), and unrolled each step back offers d units: 1 + 4 + 16 + 64 =
85 paths, of which only those that stop at unit 4 at the step reading input 1 are not 0; summed (the first few slowly) they
land on backprop's value, and the largest alone carries nearly all of it. Then the B's between two steps are one
matrix, the step's Jacobian J_s = diag(sigma_h') U, and the paths' middle part is their
product J_4 J_3 J_2 = dh_4/dh_1 (VanishingProduct's first picture)."""

from __future__ import annotations

from manim import *

from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.fades import Dissolve
from lstm_explainer.scenes.components.paths import TRELLIS_ROW_GAP, TRELLIS_STEPS, JacobianTrellis, PathGraph, get_path, get_paths
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes import numbers
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.story import StoryScene, beat, hold_seconds
from lstm_explainer.scenes.values.paths import PathTable, path_terms

def swell(*terms: Mobject, factor: float = 1.12, run_time: float = 1.0) -> AnimationGroup:
    """Each of `terms` grows about its own centre and settles back, colours kept: the terms a caption is naming."""
    return AnimationGroup(*(Transform(term, term.copy().scale(factor), rate_func=there_and_back) for term in terms),
                          run_time=run_time)


def flash_nodes(nodes: VGroup, color: ManimColor) -> Transform:
    """Each of `nodes` (circles) swells about its own centre with a thick outline in `color` for a moment, then settles
    back: where they stand is being named, and the column keeps its shape."""
    target = nodes.copy()
    for node in target:
        node.scale(1.25).set_stroke(color=color, width=node.get_stroke_width() * 2.5)
    return Transform(nodes, target, rate_func=there_and_back)


def thicken(edges: VGroup, factor: float = 3.0) -> Transform:
    """A bundle of edges drawn thicker and fully opaque for a moment, each keeping its colour."""
    target = edges.copy()
    for line in target.family_members_with_points():
        line.set_stroke(width=line.get_stroke_width() * factor, opacity=1)
    return Transform(edges, target, rate_func=there_and_back)


class ErrorRecurrence(StoryScene):
    scene_id = "error-recurrence"
    title = "Summing the paths back"
    section = "Calculating error, more generally"
    approx_seconds = 68.2
    fade_out = False  # its trellis is VanishingProduct's first picture

    t = TRELLIS_STEPS  # the step whose unit is followed back: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: w_41 is the weight ErrorAtStepOne followed (input 1, the symbol 'B', into unit 4); 'B' is read
    # at step 1 only, so the 16 paths of lag 3 that stop at unit 4 count (the most any w_ij or u_ij has at t = 4). Unit 2
    # is any unit of step 4 (the caption says so).
    alpha, i, j, param = 2, 4, 1, "W"
    top_scale = theme.EQUATION_SCALE  # the key over the trellis: two short lines, larger than the labels
    live_width = 2.0  # a path already added to the sum, drawn thinner and dimmer than the one being added
    added_opacity = 0.35
    dimmed = 0.18  # the trellis's own edges while the paths are drawn over them
    column_margin = 0.55  # the right-hand column stops this far from the frame's edge (33 px at 480p)
    slow = 2  # the paths after the first added one by one, each with its product, slowly enough to read
    speedup = 0.85  # each later path of the sweep takes this share of the time of the one before
    slow_share, sweep_share = 0.95, 0.22  # shares of the sum beat's paced motion: the slow paths together, the sweep
    write_share = 0.3  # text is written in this first share of its step, then read whole while the rest moves
    label_gap = 0.05  # an edge's factor label stands this far beside its edge
    product_share = 0.5  # the last beat's motion, as a share of its reading: the walked path then stands while it is read
    leave_seconds = 0.5  # the last beat's path leaves this fast, at its very end
    count_fade = 0.55  # the counted paths of each step back drawn this much thinner and dimmer than the step's before
    count_share = 1.05  # the count beat's motion, as a share of its reading: the sum and which paths count, slowly
    input_drop = 0.62  # "input j" stands this far under the bottom node, its arrow (w_ij) rising into the unit
    row_stretch = 1.35  # the trellis of the first beats: its rows this much further apart than the hand-off picture's
    lift = 0.7  # and its top this much higher: it fills the frame down to the row under it

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string, self.t)
        # the first beats draw a roomier trellis; it settles into the hand-off picture's as the Jacobians come in
        self.settled = self.trellis.graph
        self.roomy = self.trellis.graph = self.get_roomy(self.settled)
        w = f"w{numbers.subscript(self.i, self.j)}"
        read = self.read_steps(self.table)[0]
        self.question_beat(w=w, alpha=self.alpha, t=self.t)
        into, source = self.example_edge(self.table.terms[0])
        edge = f"B{numbers.subscript(into, source)}"
        self.one_path_beat(w=w)
        self.recurrence_beat()
        d = self.rnn.d
        self.count_beat(d=d, counts=" + ".join(str(n) for n in self.table.per_lag), total=len(self.table.terms),
                        read=read, i=self.i, live=len(self.table.nonzero), w=w)
        self.sum_beat(others=len(self.table.nonzero) - 1)
        self.jacobian_beat(t=self.t, edge=edge, into=into, source=source)
        steps = range(self.t, 1, -1)
        self.product_beat(jacobians="".join(f"J{numbers.subscript(s)}" for s in steps),
                          first=f"h{numbers.subscript(1)}", last=f"h{numbers.subscript(self.t)}")

    @beat("The loss at step {t} feels {w} only through the units there. How does one, say unit {alpha}, move?")
    def question_beat(self, w: str, alpha: int, t: int):
        self.heading = title(self.palette, self.title)
        self.show_question(self.table)

    @beat("One path back: each edge scales the change by its factor B; at the path's far end, {w} pushes by A.")
    def one_path_beat(self, w: str):
        self.show_one_path(self.table)

    @beat("As a recurrence: its push A, plus each edge's B times how the unit behind it moves.")
    def recurrence_beat(self):
        self.show_recurrence(self.table)

    @beat("Each step back offers {d} units: {counts} = {total} paths. A is 0 except at unit {i} at step {read}, where {w} acts: {live} paths count.")
    def count_beat(self, d: int, counts: str, total: int, read: int, i: int, live: int, w: str):
        self.show_count(self.table)

    @beat("Their products add up to backprop's value. The largest path alone comes close: the other {others} nearly cancel.")
    def sum_beat(self, others: int):
        self.show_sweep(self.table)

    @beat("The edge factors into step {t} fill one matrix, {edge} at row {into}, column {source}: the step's Jacobian, J = diag(σ′ₕ) U.")
    def jacobian_beat(self, t: int, edge: str, into: int, source: int):
        self.show_jacobian()

    @beat("From {first} to {last} each path takes one factor from each J: summed, {jacobians} = ∂{last}/∂{first}.")
    def product_beat(self, jacobians: str, first: str, last: str):
        self.show_product()

    def get_roomy(self, settled: PathGraph) -> PathGraph:
        """The trellis of the first beats: `settled`'s columns, with rows `row_stretch` further apart and its top `lift`
        higher, so its paths and their factors fill the frame, its heading "unit" at the labels' size; the same parts, so
        it can become `settled`."""
        roomy = PathGraph(self.palette, self.rnn.U, self.reber_string, self.t, row_gap=TRELLIS_ROW_GAP * self.row_stretch)
        roomy.remove(roomy.inputs)
        heading = roomy.unit_labels[-1]
        heading.become(Text(heading.text, font=theme.FONT, font_size=theme.LABEL_SIZE, color=self.palette.muted)
                       .move_to(heading, aligned_edge=DR))
        roomy.align_to(settled, UP).shift(self.lift * UP)
        return roomy.shift((settled.columns[0].get_x() - roomy.columns[0].get_x()) * RIGHT)

    def early(self, animation: Animation) -> Animation:
        """`animation` (a text arriving or leaving) done in the first `write_share` of its step: the text then stands
        finished, or gone, while the step's other motion goes on, never half-drawn or half-faded under its caption."""
        animation.rate_func = squish_rate_func(smooth, 0, self.write_share)
        return animation

    def write(self, mob: Mobject) -> FadeIn:
        """`mob` arrives early in its step (see `early`), faded in whole: a frame mid-step never shows half-drawn glyphs."""
        return self.early(FadeIn(mob, shift=0.08 * UP))

    def part(self, fraction: float, *steps) -> None:
        """Play `steps` in `fraction` of the beat's paced motion (a beat paced in several calls, things done between them)."""
        self.paced(*steps, share=theme.MOTION_SHARE_OF_READING * fraction)

    # ------------------------------------------------------------ the question

    def get_example(self, table: PathTable) -> VGroup:
        """Why a unit at step t, then the question in words: no derivative with a step and a unit that share a digit."""
        p, w = self.palette, rf"w_{{{table.i}{table.j}}}"
        reason = VGroup(math(p, rf"\text{{the loss at step {table.t} feels }}{w}", scale=theme.EQUATION_SCALE_LABEL),
                        math(p, rf"\text{{only through }}h_{table.t}", scale=theme.EQUATION_SCALE_LABEL))
        question = VGroup(math(p, rf"\text{{how does unit {table.alpha} at step {table.t}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
                          math(p, rf"\text{{move with }}{w}\text{{?}}", scale=theme.EQUATION_SCALE_LABEL, color=p.error))
        for lines in (reason, question):
            lines.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        return VGroup(reason, question).arrange(DOWN, aligned_edge=LEFT, buff=0.4)

    def get_inputs(self, table: PathTable) -> VGroup:
        """Where the weight acts, and nothing else about the string: under each step that reads input j, "input j" with
        an arrow named w_ij up into unit i (the bottom unit here, so the arrow crosses no other node); every other step
        holds an empty point on that row. The symbols' letters are never drawn: a 'B' would read as the edge factor B.
        (arrows, row), row[s - 1] under step s."""
        p, graph = self.palette, self.trellis.graph
        top = graph.h_node(1, self.rnn.d).get_bottom()[1] - self.input_drop
        arrows, row = VGroup(), VGroup()
        for s in range(1, table.t + 1):
            x = graph.columns[s - 1].get_x()
            if s not in self.read_steps(table):
                row.add(VectorizedPoint([x, top, 0]))
                continue
            label = Text(f"input {table.j}", font=theme.FONT, font_size=theme.LABEL_SIZE, color=p.input)
            row.add(label.move_to([x, top - label.height / 2, 0]))
            node = graph.h_node(s, table.i)
            arrow = Arrow(label.get_top(), node.get_bottom(), buff=0.06, color=p.input, stroke_width=4,
                          max_tip_length_to_length_ratio=0.3)
            name = math(p, rf"w_{{{table.i}{table.j}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.W)
            arrows.add(VGroup(arrow, name.next_to(arrow, LEFT, buff=0.1)))
        return VGroup(arrows, row)

    def show_question(self, table: PathTable) -> None:
        """The unrolled trellis arrives a step at a time, left to right; the weight comes in as an arrow from its input
        into the unit it enters, at the step that reads it; why a unit at step t is said; then the question is asked and
        its node ringed."""
        p, graph = self.palette, self.trellis.graph
        self.example = self.place_panel(self.get_example(table))
        node = graph.h_node(table.t, table.alpha)
        self.target = Circle(radius=node.width * theme.PATH_RING, color=p.error, stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(node)
        self.mark("ring", "node", {"t": table.t, "unit": table.alpha, "role": "differentiated"})
        self.symbols = self.get_inputs(table)
        arrows, row = self.symbols
        column = [VGroup(graph.columns[s], graph.step_labels[s]) for s in range(self.t)]
        entered = VGroup(*(graph.h_node(s, table.i) for s in self.read_steps(table)))
        read = VGroup(*(row[s - 1] for s in self.read_steps(table)))
        last = VGroup(*graph.columns[table.t - 1])
        steps = [FadeIn(self.heading), (Dissolve(column[0], graph.unit_labels, fade_in=True, shift=0.2 * RIGHT))]
        steps += [(Create(graph.edges[s - 1]), Dissolve(column[s], fade_in=True, shift=0.2 * RIGHT)) for s in range(1, self.t)]
        steps += [(self.write(read), *(GrowArrow(each[0]) for each in arrows), self.write(VGroup(*(each[1] for each in arrows)))),
                  Indicate(entered, color=p.hidden, scale_factor=1.5),
                  (self.write(self.example[0]), Indicate(last, color=p.hidden, scale_factor=1.3)),
                  (self.write(self.example[1]), Create(self.target))]
        self.paced(*steps)
        # the trellis as one group, edges under the nodes, as VanishingProduct draws it
        self.remove(*column, *graph.submobjects)
        self.add(graph)

    # ------------------------------------------------------------ one path

    def get_key(self, term: PathTerm) -> VGroup:
        """The two factors defined over the trellis, the edge factor by the last edge the path crosses."""
        p = self.palette
        into, source = self.example_edge(term)
        edge = math(p, r"\text{edge factor }", rf"B_{{{into}{source}}}",
                    rf"= \text{{tanh's slope }} \sigma_h' \text{{ at unit {into}}} \times u_{{{into}{source}}}", scale=self.top_scale)
        push = math(p, r"\text{push }", "A", r"= \sigma_h' \times \text{input, where } w \text{ acts (else 0)}", scale=self.top_scale)
        key = VGroup(edge, push).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        for entry, color in zip(key, (p.U, p.hidden)):  # the factor's name in words and its letter in its colour
            entry[:2].set_color(color)
        key.next_to(self.heading, DOWN, buff=0.15).align_to(self.trellis.graph, LEFT)
        if key.width > config.frame_width - 2 * self.column_margin:
            key.scale_to_fit_width(config.frame_width - 2 * self.column_margin)
        return key

    def example_edge(self, term: PathTerm) -> tuple[int, int]:
        """The edge the key defines B by: the latest one the path crosses between two different units (its index order,
        into then from, reads plainly), else its latest; (into, from)."""
        pairs = list(zip(term.gammas, term.gammas[1:])) or [(term.gammas[0], term.gammas[0])]
        return next(((a, g) for a, g in pairs if a != g), pairs[0])

    def show_one_path(self, table: PathTable) -> None:
        """The trellis's edges dim and the edges into the node asked about light up; a pulse walks back along the
        largest path, each B (with its units and value) coming beside its edge as the pulse crosses it; A named and written under
        the node where it stops; then the path's product."""
        p, graph = self.palette, self.trellis.graph
        term = table.terms[0]
        self.key = key = self.get_key(term)
        # the trellis's own edges dim while the paths are followed over them (back bundle by bundle with the Jacobians)
        self.undimmed = graph.edges.copy()
        faded = graph.edges.copy().set_stroke(opacity=self.dimmed)
        fan = graph.edges[table.t - 2][table.alpha - 1]  # the edges from every unit of step t - 1 into h_t^alpha
        self.mark("lit", "edge", {"weight": "U", "t": table.t, "to": table.alpha})
        lit_fan = VGroup(*(line.copy().set_stroke(color=p.U, width=theme.HIGHLIGHT_WIDTH / 2, opacity=1) for line in fan))
        self.path = get_path(graph, table.t, term.gammas, p.error)
        self.mark_path(table, term)
        self.factors = self.get_factor_row(table, term)
        cells, result = self.factors
        # the reason leaves (the question stays, moved up)
        reason, question = self.example
        self.example = question
        pulse = Dot(graph.h_node(table.t, term.gammas[0]).get_center(), radius=0.09, color=p.error)
        # the B of the latest step is the last cell: the pulse crosses the edges from step t back
        walk = [(MoveAlongPath(pulse, Line(segment.get_start(), segment.get_end())), Create(segment),
                 self.early(FadeIn(cells[-1 - l], shift=0.1 * UP))) for l, segment in enumerate(self.path[:-1])]
        # a factor above 1 on the path is said to be possible, and what the path's B's do together
        self.size_note = self.get_size_note(term)
        note = [self.write(self.size_note)] if self.size_note.submobjects else []
        if note:
            self.size_note.next_to(question, DOWN, buff=0.35).align_to(question, LEFT).shift((reason.get_top()[1] - question.get_top()[1]) * UP)
        self.paced(
            (Transform(graph.edges, faded), Dissolve(reason), question.animate.align_to(reason, UP).build(), Create(lit_fan)),
            (self.write(key[0]), FadeIn(pulse), Dissolve(lit_fan, run_time=1.0)),
            *walk,
            (self.write(key[1]), Create(self.path[-1]), self.early(FadeIn(cells[0], shift=0.1 * UP)), FadeOut(pulse)),
            (self.write(result), *note),
        )

    def get_size_note(self, term: PathTerm) -> VGroup:
        """What the sizes of the path's B's do: the largest named if it is above 1 (a factor can be), then whether the
        B's together shrink the change or grow it; empty when no B exceeds 1 (nothing to remark)."""
        p, g = self.palette, term.gammas
        if not term.B or max(abs(b) for b in term.B) <= 1:
            return VGroup()
        l = int(np.argmax(np.abs(term.B)))
        names = r"".join(rf"B_{{{g[k]}{g[k + 1]}}}" for k in reversed(range(len(term.B))))
        shrinks = abs(float(np.prod(term.B))) < 1
        lines = VGroup(math(p, rf"\text{{a factor can exceed 1 (}}B_{{{g[l]}{g[l + 1]}}}\text{{),}}", scale=theme.EQUATION_SCALE_LABEL, color=p.U),
                       math(p, rf"\text{{yet }} |{names}| {'<' if shrinks else '>'} 1\text{{:}}", scale=theme.EQUATION_SCALE_LABEL, color=p.U),
                       math(p, rf"\text{{the change {'shrinks' if shrinks else 'grows'}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.U))
        return self.narrow(lines.arrange(DOWN, aligned_edge=LEFT, buff=0.1))

    # ------------------------------------------------------------ the post's recurrence

    def get_recurrence(self) -> MathTex:
        """The post's recurrence for one unit, in the scene's names: its own push A plus, over the edges into it, B times
        the derivative of the unit behind; its left side where the closed form's will stand, A and B in their colours."""
        p = self.palette
        recurrence = math(p, r"\frac{\partial h^\alpha_t}{\partial w}", "=", "A", "+", r"\sum_{\gamma} B_{\alpha\gamma}",
                          r"\frac{\partial h^\gamma_{t-1}}{\partial w}", scale=theme.EQUATION_SCALE_LABEL)
        recurrence[2].set_color(p.hidden)
        recurrence[4].set_color(p.U)
        headline = self.trellis.headline
        return recurrence.shift(headline[0].get_center() - recurrence[0].get_center())

    def show_recurrence(self, table: PathTable) -> None:
        """The path, its ring and its factors leave; the key gives way to the post's recurrence, written over the trellis; as its
        parts are named, the node asked about flashes (its own push A) and its indices alpha, t are written beside it, the
        edges into it light (the sum over gamma of B), and the units they come from, a step back, flash (how each of them
        moves) as a frame gathers them and gamma's range is written under it. The fan stays lit."""
        p, graph = self.palette, self.trellis.graph
        self.recurrence = recurrence = self.get_recurrence()
        fan = graph.edges[table.t - 2][table.alpha - 1]
        self.mark("lit", "edge", {"weight": "U", "t": table.t, "to": table.alpha})
        self.fan = VGroup(*(line.copy().set_stroke(color=p.U, width=theme.HIGHLIGHT_WIDTH / 2, opacity=1) for line in fan))
        behind = VGroup(*graph.columns[table.t - 2])
        # the indices beside what they name: alpha and t beside the node asked about, gamma under the units behind, which
        # a frame gathers
        d = self.rnn.d
        alpha = math(p, rf"\alpha = {table.alpha},\ t = {table.t}", scale=theme.EQUATION_SCALE_LABEL)
        alpha.next_to(self.target, RIGHT, buff=0.15)
        units = SurroundingRectangle(behind, color=p.hidden, stroke_width=2, buff=0.12, corner_radius=0.15)
        gamma = math(p, rf"\gamma = 1 \dots {d}", scale=theme.EQUATION_SCALE_LABEL)
        gamma.next_to(units, DOWN, buff=0.1)
        self.indices = VGroup(alpha, VGroup(units, gamma))
        self.paced(
            (Dissolve(self.factors, self.path, *([self.size_note] if self.size_note.submobjects else [])), FadeOut(self.key), self.write(recurrence)),
            (Indicate(recurrence[2], color=p.hidden), Indicate(graph.h_node(table.t, table.alpha), color=p.hidden, scale_factor=1.4),
             FadeIn(self.indices[0])),
            (Indicate(recurrence[4], color=p.U), Create(self.fan)),
            (Indicate(recurrence[5], color=p.hidden), Indicate(behind, color=p.hidden, scale_factor=1.4), Create(units), FadeIn(gamma)),
        )

    # ------------------------------------------------------------ how many paths, which count

    def show_count(self, table: PathTable) -> None:
        """The recurrence's lit fan and indices leave; under each step, the number of paths whose far end is there arrives
        from step t back (d times the one before), those paths flashing faint and their far ends in A's colour as it does;
        their sum is written, and why a path can end at any step (w acts at every step: its A is at the far end); then the
        paths that end where A is not 0 flash red, the largest path's ring comes back where they end, and their count is
        written."""
        p, graph = self.palette, self.trellis.graph
        nonzero = table.nonzero
        counts = VGroup()
        lagged_paths = []
        for lag, n in enumerate(table.per_lag):
            start = table.t - lag
            shown = self.record("path_count", {"t": table.t, "lag": lag}, n, str(n),
                                label=f"paths back from h{numbers.subscript(table.t)} of lag ℓ = {lag}, stopping at step {start}")
            count = Text(shown, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.text)
            row = self.symbols.get_bottom()[1] - 0.2  # close under the inputs' row: the line saying what they count fits under
            counts.add(count.move_to([graph.columns[start - 1].get_x(), row - count.height / 2, 0]))
            lagged = [each.gammas for each in table.terms if each.k == lag]
            # more paths each step back, each drawn thinner and dimmer: the 64 of the last step a haze, not a white tangle
            lagged_paths.append(get_paths(graph, table.t, lagged, p.muted, theme.PATH_FAINT_WIDTH * 2 * self.count_fade ** max(lag - 1, 0))
                                .set_stroke(opacity=self.count_fade ** max(lag - 1, 0)))
        # what the row counts, in words under it, at the labels' size
        note = Text(f"paths back from unit {table.alpha} at step {table.t} whose far end is this step",
                    font=theme.FONT, font_size=theme.LABEL_SIZE, color=p.text)
        note.next_to(counts, DOWN, buff=0.2).align_to(graph.unit_labels, LEFT)
        if note.get_right()[0] > config.frame_width / 2 - self.column_margin:
            note.scale((config.frame_width / 2 - self.column_margin - note.get_left()[0]) / note.width, about_edge=UL)
        self.record("path_count", {"t": table.t}, len(table.terms), str(len(table.terms)), label=f"paths back from h{numbers.subscript(table.t)}")
        self.record("live_path_count", self.where(table), len(nonzero), str(len(nonzero)), label="paths not 0")
        # the sum written a term at a time, each as its count arrives under its step, then what it comes to
        terms = [str(table.per_lag[0]), *(f"+ {n}" for n in table.per_lag[1:]), rf"= {len(table.terms)}\text{{ paths}}"]
        total = math(p, *terms, scale=theme.EQUATION_SCALE_LABEL)
        steps_read = ", ".join(map(str, self.read_steps(table)))
        live = VGroup(math(p, rf"A \neq 0\text{{ on {len(nonzero)}:}}", scale=theme.EQUATION_SCALE_LABEL),
                      math(p, rf"\text{{unit {table.i} at step {steps_read}}}", scale=theme.EQUATION_SCALE_LABEL))
        live[0][0][0].set_color(p.hidden)
        live.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        # why a path may end at any step: w acts at every step, and where it acts is the path's far end, its A
        ends = VGroup(math(p, r"w\text{ acts at every step:}", scale=theme.EQUATION_SCALE_LABEL),
                      math(p, r"\text{a path can end at any,}", scale=theme.EQUATION_SCALE_LABEL),
                      math(p, r"A\text{ at its far end}", scale=theme.EQUATION_SCALE_LABEL))
        ends[2][0][0].set_color(p.hidden)
        ends.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        self.count = VGroup(total, ends, live).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.narrow(self.count).next_to(self.example, DOWN, buff=0.4).align_to(self.example, LEFT)
        live_paths = get_paths(graph, table.t, [each.gammas for each in nonzero], p.error, theme.PATH_FAINT_WIDTH * 2)
        for each in nonzero:
            self.mark_path(table, each)
        read = VGroup(*(self.symbols[1][s - 1] for s in self.read_steps(table)), *self.symbols[0])
        # the paths that stop at step t are the node itself: it is lit; then each lag's paths replace the last lag's
        steps = [Dissolve(self.fan, self.indices),
                 (FadeIn(note), FadeIn(counts[0], shift=0.1 * LEFT), self.early(FadeIn(total[0])),
                  flash_nodes(VGroup(graph.h_node(table.t, table.alpha)), p.hidden))]
        # each lag's far ends, where its paths end and w pushes, flash in A's colour
        steps += [(FadeIn(counts[lag], shift=0.1 * LEFT), self.early(FadeIn(total[lag])), FadeIn(lagged_paths[lag]),
                   FadeOut(lagged_paths[lag - 1]), flash_nodes(VGroup(*graph.columns[table.t - lag - 1]), p.hidden),
                   *([self.early(FadeIn(ends))] if lag == 1 else [])) for lag in range(1, table.t)]
        steps += [self.early(FadeIn(total[-1])), (self.early(FadeIn(live)), swell(*read, factor=1.4),
                                 FadeOut(lagged_paths[-1]), FadeIn(live_paths), Create(self.path[-1]))]
        self.paced(*steps, share=self.count_share)
        self.counts = VGroup(note, counts, live_paths)

    # ------------------------------------------------------------ the sum

    def show_sweep(self, table: PathTable) -> None:
        """The path counts leave; the non-zero paths are added one after another to the running total, the first few
        slowly with each one's product and the total written, the rest each faster than the one before, only their count
        ticking: the one being added bold, the ones already in the total thin and dim (the total redrawn, never
        cross-faded). Then the sum against backprop,
        and the largest path's product beside them; the key gives way to the sum over paths in words over the trellis."""
        p, graph = self.palette, self.trellis.graph
        nonzero = table.nonzero
        total = self.narrow(self.get_total(table, 1)).next_to(self.example, DOWN, buff=0.4).align_to(self.example, LEFT)
        below = total.copy()
        fast = len(nonzero) - 1 - self.slow
        times = [self.speedup ** n for n in range(max(fast, 0))]
        # the beat runs longer than its caption's reading (shares sum past 1): two paths read slowly, then a sweep the
        # eye can follow, the count ticking
        share = self.sweep_share / sum(times) if times else 0.0
        self.part(0.12, (Dissolve(self.count, self.counts), Create(self.path[:-1])), self.early(FadeIn(total)))
        path, added = self.path, VGroup()
        for n in range(1, len(nonzero)):
            term = nonzero[n]
            new_path = get_path(graph, table.t, term.gammas, p.error)
            self.mark_path(table, term)
            index = {**self.where(table), "path": ",".join(map(str, term.gammas))}
            label = f"product of the path {self.tuple_text(term)}, added to the running total"
            dim = path.animate.set_stroke(width=self.live_width, opacity=self.added_opacity).build()
            old = total
            readable = n <= self.slow
            total = self.narrow(self.get_total(table, n + 1, term if readable else None, number=readable))
            if readable:
                total.align_to(below, UP).align_to(below, LEFT)  # the path, its product and the total it makes, slowly enough to read
                self.part(self.slow_share / self.slow, (dim, FadeIn(new_path), self.early(FadeOut(old))), self.early(FadeIn(total)))
            else:
                total.align_to(below, UP).align_to(below, LEFT)
                # the fast part draws no number: each product is added (recorded, not drawn) and only the count ticks
                self.record("path_product", index, term.product, "", label=label)
                self.part(share * times[n - 1 - self.slow], (dim, FadeIn(new_path)))
                self.remove(old)
                self.add(total)
            added.add(path)
            path = new_path
        # the last total gives way to the sum over all paths (the same number, said as what it sums), backprop's under
        # it, and the largest path alone under them
        check = self.narrow(self.get_check(table)).next_to(self.example, DOWN, buff=0.4).align_to(self.example, LEFT)
        largest = self.get_largest(table)
        self.narrow(largest).next_to(check, DOWN, buff=0.3).align_to(check, LEFT)
        headline = self.trellis.headline
        first = self.path[:-1].copy().set_stroke(width=theme.HIGHLIGHT_WIDTH, opacity=1)
        rest = VGroup(*headline[1:])
        self.part(0.16, (path.animate.set_stroke(width=self.live_width, opacity=self.added_opacity).build(),
                         self.early(FadeOut(total)), self.early(FadeIn(check[0]))),
                  (self.early(FadeIn(check[1])), self.early(FadeOut(VGroup(*self.recurrence[1:])))),
                  (ReplacementTransform(self.recurrence[0], headline[0]), self.write(rest), Create(first), self.early(FadeIn(largest))))
        self.remove(headline[0], rest)
        self.add(headline)
        added.add(path)
        self.sweep_parts = VGroup(added, check, largest, first, self.path[-1])

    # ------------------------------------------------------------ the Jacobians

    def show_jacobian(self) -> None:
        """The sweep, the question and the symbols leave; only the bundle of edges into step t comes back lit, the other
        bundles staying dim; the path's last edge turns red with its factor's name, which flies to its entry of a d x d
        matrix beside the trellis (edge gamma -> alpha to row alpha, column gamma), over the brackets, clear of its name
        J_t; then row by row the other entries arrive as the edges into that row's unit flash (a row per unit entered),
        and what rows and columns are is said under the trellis; then what it is, diag(sigma_h') U, is written under it.
        The matrix stays through the beat's hold."""
        p, trellis, t, table = self.palette, self.trellis, self.t, self.table
        # the roomy trellis settles into the hand-off picture's, its edges as dim as they stand (a copy moves: the roomy
        # one keeps the places the paths and factors were drawn at)
        roomy, graph = self.roomy.copy(), self.settled
        self.remove(*self.roomy.get_family())  # wherever its parts stand (a step's column arrived as its own group)
        self.bring_to_back(roomy)  # under the paths and labels leaving over it, as the roomy trellis stood
        self.undimmed = graph.edges.copy()
        graph.edges.set_stroke(opacity=self.dimmed)
        trellis.graph = graph
        bundle = graph.edges[t - 2]
        self.mark("lit", "edge", {"weight": "U", "t": t})
        matrix = self.get_matrix(t)
        matrix.next_to(graph, RIGHT, buff=0.4).align_to(graph, UP).shift(0.2 * DOWN)
        room = config.frame_width / 2 - self.column_margin - matrix.get_left()[0]
        if matrix.width > room:  # the whole matrix, brackets too, inside the frame's margin
            matrix.scale(room / matrix.width, about_edge=LEFT)
        name, frame, entries = matrix
        what = math(p, rf"= \mathrm{{diag}}\big(\sigma_h'(a_{t})\big)\,U", scale=theme.EQUATION_SCALE_LABEL)
        what.next_to(frame, DOWN, buff=0.35).align_to(name, LEFT)
        d = self.rnn.d
        # the example edge: the B the key defined (and the caption names), B_{a g}, here as the edge into unit a at step t
        # from unit g at step t - 1: row a, column g of J_t
        a, g = self.example_edge(table.terms[0])
        self.mark("lit", "edge", {"weight": "U", "t": t, "to": a})
        edge = bundle[a - 1][g - 1].copy().set_stroke(color=p.error, width=theme.HIGHLIGHT_WIDTH, opacity=1)
        # its name over the edge's middle, on a patch of background so the edges under it do not cross its letters
        tag = math(p, rf"B_{{{a}{g}}}", color=p.U).move_to(edge.get_center()).shift(0.05 * UP)
        patch = BackgroundRectangle(tag, color=p.background, fill_opacity=0.9, buff=0.06)
        lit = bundle.copy()
        for line, source in zip(lit.family_members_with_points(), self.undimmed[t - 2].family_members_with_points()):
            line.set_stroke(width=source.get_stroke_width() * 1.6, opacity=1)
        # edges[alpha-1][gamma-1] joins h_{t-1}^gamma to h_t^alpha: it becomes row alpha, column gamma
        others = [(r, c) for r in range(d) for c in range(d) if (r, c) != (a - 1, g - 1)]
        rows = [(self.early(FadeIn(VGroup(*(entries[r * d + c] for c in range(d) if (r, c) in others)), shift=0.1 * RIGHT)),
                 thicken(bundle[r], factor=2.0)) for r in range(d)]
        # what a row and a column are, in words under the trellis, as the rows fill
        key = VGroup(Text(f"row: the unit entered at step {t}", font=theme.FONT, font_size=theme.LABEL_SIZE, color=p.text),
                     Text(f"column: the unit it comes from, at step {t - 1}", font=theme.FONT, font_size=theme.LABEL_SIZE, color=p.text),
                     math(p, r"\text{each step has its own } B\text{'s (its own } \sigma_h'\text{)}", scale=theme.EQUATION_SCALE_LABEL, color=p.U))
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(graph, DOWN, buff=0.45).align_to(graph, LEFT)
        self.paced(
            (Dissolve(self.sweep_parts, self.example, self.target, self.symbols), ReplacementTransform(roomy, graph)),
            (Transform(bundle, lit), Create(edge, run_time=0.8)),
            (FadeIn(patch), FadeIn(tag, scale=1.3, run_time=1.2)),
            (Create(frame), self.write(name), FadeOut(patch)),
            # over the top of the brackets (never across the name "J_t =") to its row and column
            (ReplacementTransform(tag, entries[(a - 1) * d + g - 1], path_arc=-0.6 * PI), Dissolve(edge)),
            (*rows[0], self.early(FadeIn(key[0]))),
            *rows[1:-1],
            (*rows[-1], self.early(FadeIn(key[1]))),
            (self.write(what), self.early(FadeIn(key[2]))),
        )
        self.matrix = VGroup(name, frame, entries)
        self.what = what
        self.matrix_key = key

    def show_product(self) -> None:
        """The matrix folds into the name J_t over its bundle as J_s is defined beside the trellis; the other bundles
        come back lit as they are named, from the latest step back, and their product is written; then the largest path
        is walked back once more, and as it crosses each bundle that bundle's name and its factor in the product swell
        (one B taken from each Jacobian); it leaves on the hand-off picture, the JacobianTrellis as VanishingProduct
        draws it first."""
        p, trellis, table, t = self.palette, self.trellis, self.table, self.t
        graph, definition = trellis.graph, trellis.definition
        steps = [(ReplacementTransform(self.matrix, trellis.names[t - 2]), FadeTransform(self.what, definition[1]), Dissolve(self.matrix_key),
                  FadeIn(definition[0]), FadeIn(definition[2]), Transform(graph.edges[t - 2], self.undimmed[t - 2]))]
        for s in range(t - 1, 1, -1):
            self.mark("lit", "edge", {"weight": "U", "t": s})
            steps.append((Transform(graph.edges[s - 2], self.undimmed[s - 2]), FadeIn(trellis.names[s - 2], shift=0.1 * DOWN)))
        product = definition[3]
        steps.append(self.write(product))
        term = table.terms[0]
        self.mark_path(table, term)
        path = get_path(graph, t, term.gammas, p.error, ring=False)
        factors = product[0][-2 * (t - 1):]  # "J_4 J_3 J_2": two glyphs a Jacobian
        # under the trellis, the entry the path takes from each J, written as the walk crosses that J's bundle
        g = term.gammas
        # at the body's size, in the band under the trellis (the hand-off picture leaves it empty)
        taken = VGroup(Text("the path takes", font=theme.FONT, font_size=theme.BODY_SIZE, color=p.text),
                       *(math(p, rf"B_{{{g[l]}{g[l + 1]}}}\text{{ from }}J_{t - l}" + ("," if l < t - 2 else ""),
                              scale=theme.EQUATION_SCALE, color=p.U) for l in range(t - 1)))
        taken.arrange(RIGHT, buff=0.22).next_to(graph, DOWN, buff=0.8).align_to(graph, LEFT)
        for l, segment in enumerate(path):
            glyphs = factors[2 * l:2 * l + 2]
            steps.append((Create(segment), swell(trellis.names[t - l - 2], factor=1.3), swell(glyphs, factor=1.3),
                          self.early(FadeIn(VGroup(*taken[:2]) if l == 0 else taken[l + 1], shift=0.1 * UP))))
        self.paced(*steps, share=self.product_share)
        # the path and what it takes stay while the caption is read; they leave only in the beat's last moment, and
        # the beat ends on the hand-off picture (VanishingProduct's first frame)
        moving = self.renderer.time - self._beat_start
        still = theme.STILL_SHARE_OF_READING * self.reading
        self.wait(max(hold_seconds(self._beat_caption, moving) - self.leave_seconds - still, 1 / config.frame_rate))
        self.play(Dissolve(path, taken), run_time=self.leave_seconds)

    def read_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is input j: the only ones where w_ij acts (x_j = 1)."""
        return [s for s in range(1, table.t + 1) if s not in self.unread_steps(table)]

    def unread_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is not input j's: w_ij does nothing there (x_j = 0)."""
        return [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] != 1]

    def where(self, table: PathTable) -> dict:
        """The index of the example derivative dh_t^alpha/dw_ij."""
        return {"t": table.t, "unit": table.alpha, "i": table.i, "j": table.j}

    def mark_path(self, table: PathTable, term: PathTerm) -> None:
        """The lit path in time order (its first unit at step t - lag) and the ring on the node where its A is."""
        start = table.t - term.k
        self.mark("lit", "path", {"t": table.t, "path": ",".join(map(str, reversed(term.gammas)))})
        self.mark("ring", "node", {"t": start, "unit": term.gammas[-1]})

    def get_factor_row(self, table: PathTable, term: PathTerm) -> VGroup:
        """The path's factors: A at the node where the path stops (right of the weight's arrow, under the node), each B
        (its units, into then from, as J will hold them, over its value) beside the middle of its own edge; then the
        product under the trellis, written as the factors' names. Cells in time order, A first; every factor is recorded
        with its step and units.
        """
        p, t, g, graph = self.palette, table.t, term.gammas, self.trellis.graph
        start = t - term.k
        a = self.numeral("A", {"t": start, "unit": g[-1], "i": table.i, "j": table.j}, term.A,
                         label=f"A at the path's start, unit {g[-1]}, step {start}")
        node = graph.h_node(start, g[-1])
        cell = VGroup(math(p, "A", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden),
                      math(p, f"= {a.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.hidden)).arrange(RIGHT, buff=0.12)
        cell.next_to(node, DOWN, buff=0.1).align_to(node, LEFT).shift((node.width + 0.25) * RIGHT)  # clear of w's arrow
        row = VGroup(cell)
        shown, names = [a], ["A"]
        taken = [*graph.step_labels, *self.symbols.family_members_with_points(), cell]
        for l in reversed(range(term.k)):  # the B of the earliest step first: time order
            b = self.numeral("B", {"t": t - l, "unit": g[l], "to": g[l + 1]}, term.B[l],
                             label=f"B on the path's edge {g[l + 1]} → {g[l]} into step {t - l}")
            name = rf"B_{{{g[l]}{g[l + 1]}}}"
            stack = VGroup(math(p, name, scale=theme.EQUATION_SCALE_LABEL, color=p.U),
                           math(p, b.tex(), scale=theme.EQUATION_SCALE_LABEL, color=p.U)).arrange(DOWN, buff=0.08)
            label = VGroup(BackgroundRectangle(stack, color=p.background, fill_opacity=1, buff=0.05), stack)
            self.beside_edge(label, graph.h_node(t - l - 1, g[l + 1]), graph.h_node(t - l, g[l]), taken)
            taken.append(label)
            row.add(label)
            shown.append(b)
            names.append(name)
        product = self.numeral("path_product", {**self.where(table), "path": ",".join(map(str, g))}, term.product,
                               label=f"product of the path {self.tuple_text(term)}")
        equals = equals_tex(product, float(np.prod([each.as_shown for each in shown])))
        factors = r"\,".join(names)
        result = math(p, rf"\Rightarrow\ \text{{product }} {factors} {equals} {product.tex()}", color=p.error,
                      scale=theme.EQUATION_SCALE_LABEL)
        result.next_to(self.symbols, DOWN, buff=0.3).align_to(graph.unit_labels, LEFT)
        return VGroup(row, result)

    def beside_edge(self, label: Mobject, source: Mobject, target: Mobject, taken: list[Mobject]) -> Mobject:
        """Put `label` beside the middle of the edge from `source` to `target` (two nodes of neighbouring steps): just off
        the edge on one side, between the two columns, clear of every node and of what is `taken`, crossing as few of the
        trellis's other edges as it can (its backing hides those), as near the middle as that allows."""
        graph = self.trellis.graph
        a, b = source.get_center()[:2], target.get_center()[:2]
        along = (b - a) / np.linalg.norm(b - a)
        normal = np.array([-along[1], along[0]])
        if normal[1] < 0:
            normal = -normal
        w, h = label.width / 2, label.height / 2
        reach = w * abs(normal[0]) + h * abs(normal[1]) + self.label_gap
        nodes = [node for column in graph.columns for node in column]
        ends = [(line.get_start()[:2], line.get_end()[:2]) for line in graph.edges.family_members_with_points()]
        samples = np.linspace(0, 1, 40)[:, None]
        points = np.concatenate([s + samples * (e - s) for s, e in ends if not (np.allclose(s, a, atol=0.3) and np.allclose(e, b, atol=0.3))])
        room = source.width / 2 + 0.05
        best = None
        for f in (0.5, 0.42, 0.58, 0.34, 0.66):
            for side in (1, -1):
                c = a + f * (b - a) + side * reach * normal
                x0, y0, x1, y1 = c[0] - w, c[1] - h, c[0] + w, c[1] + h
                if x0 < min(a[0], b[0]) + room or x1 > max(a[0], b[0]) - room:
                    continue
                clash = any(x0 < m.get_right()[0] + 0.04 and m.get_left()[0] - 0.04 < x1
                            and y0 < m.get_top()[1] + 0.04 and m.get_bottom()[1] - 0.04 < y1 for m in [*nodes, *taken])
                if clash:
                    continue
                crossed = ((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)).sum()
                cost = crossed / len(samples) + 4 * abs(f - 0.5) + (0.1 if side < 0 else 0)
                if best is None or cost < best[0]:
                    best = (cost, c)
        centre = best[1] if best is not None else a + 0.5 * (b - a) + reach * normal
        return label.move_to([*centre, 0])

    def tuple_text(self, term: PathTerm) -> str:
        """The path in plain text, in time order as the screen's h¹₄ → ... reads: its units at steps t - lag to t."""
        start = self.t - term.k
        return f"through units {','.join(str(u) for u in reversed(term.gammas))} at steps {start} to {self.t}"

    def get_total(self, table: PathTable, paths: int, term: PathTerm | None = None, number: bool = True) -> VGroup:
        """The running total after `paths` paths and how many of them are in: one line each, and with `term`, the
        product of the path just added above them; without `number`, only how many are in (a sweep too fast to read)."""
        p = self.palette
        value = table.running[paths - 1] if paths else 0.0
        words, added = "running total", f"{paths} of {len(table.nonzero)} paths added"
        counter = caption(added, theme.LABEL_SIZE, p.text)
        if not number:
            return VGroup(counter)
        shown = self.numeral("path_sum_partial", {**self.where(table), "paths": paths}, value, label=f"{words}, {added}")
        total = math(p, rf"\text{{{words}}} = {shown.tex()}", color=p.error, scale=theme.EQUATION_SCALE_LABEL)
        lines = [counter, total]
        if term is not None:
            product = self.numeral("path_product", {**self.where(table), "path": ",".join(map(str, term.gammas))},
                                   term.product, label=f"product of the path {self.tuple_text(term)}, added to the running total")
            lines.insert(0, math(p, rf"\text{{path {paths} adds }} {product.tex()}", color=p.error, scale=theme.EQUATION_SCALE_LABEL))
        return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_largest(self, table: PathTable) -> Mobject:
        """The largest path's product alone: the running total after its one path."""
        p = self.palette
        shown = self.numeral("path_sum_partial", {**self.where(table), "paths": 1}, table.running[0],
                             label=f"largest path alone: running total, 1 of {len(table.nonzero)} paths added")
        return math(p, rf"\text{{largest path}} = {shown.tex()}", color=p.error, scale=theme.EQUATION_SCALE_LABEL)

    def place_panel(self, mob: Mobject) -> Mobject:
        """The column right of the trellis, at the trellis's top."""
        self.narrow(mob)
        return mob.next_to(self.trellis.graph, RIGHT, buff=0.6).align_to(self.trellis.graph, UP)

    def narrow(self, mob: Mobject) -> Mobject:
        """A line of the column right of the trellis narrowed to fit it (a long number), never past the frame."""
        room = config.frame_width / 2 - self.column_margin - (self.trellis.graph.get_right()[0] + 0.6)
        return mob.scale_to_fit_width(room) if mob.width > room else mob

    def get_check(self, table: PathTable) -> VGroup:
        """The sum over all paths, its summand written out, against backprop's derivative."""
        p = self.palette
        digits, where, name = numbers.SIGNIFICANT_DIGITS, self.where(table), f"dh/d{table.param}"
        derivative = f"∂h^{table.alpha}_{table.t}/∂{table.param.lower()}_{table.i}{table.j}"
        summed = "sum of paths"  # in words, as the closed form heading the trellis says it
        path_sum = self.numeral(name, where, table.running[-1], digits, label=f"{summed} of A × product of B, {derivative}")
        backprop = self.numeral(f"{name} backprop", where, table.exact, digits, label=f"backprop, {derivative}")
        return VGroup(
            math(p, rf"\text{{{summed}}} = {path_sum.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
            math(p, rf"\text{{backprop}} = {backprop.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def get_matrix(self, s: int) -> VGroup:
        """J_s = [B_{alpha gamma}] as a d x d grid (row alpha: the unit at step s, column gamma: the unit at step s - 1),
        each entry where the edge gamma -> alpha will land, brackets and its name."""
        p, d = self.palette, self.rnn.d
        entries = VGroup(*(math(p, rf"B_{{{a}{g}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.U)
                           for a in range(1, d + 1) for g in range(1, d + 1)))
        entries.arrange_in_grid(rows=d, cols=d, buff=(0.24, 0.18))
        top, bottom, tick = entries.get_top()[1] + 0.12, entries.get_bottom()[1] - 0.12, 0.1
        x0, x1 = entries.get_left()[0] - 0.14, entries.get_right()[0] + 0.14
        frame = VGroup(*(VMobject().set_points_as_corners([[x + side * tick, top, 0], [x, top, 0], [x, bottom, 0], [x + side * tick, bottom, 0]])
                         .set_stroke(p.text, 2) for x, side in ((x0, 1), (x1, -1))))
        name = math(p, rf"J_{s} =", color=p.U, scale=theme.EQUATION_SCALE_LABEL).next_to(frame, LEFT, buff=0.15)
        return VGroup(name, frame, entries)
