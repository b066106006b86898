"""Scene 5: summing the paths back, one line of argument. The loss reaches a weight only through the hidden units, so
ask how one weight (w_41, the one ErrorAtStepOne followed: input 1 into unit 4, read at step 1 only) moves one unit at
step 4. One path back carries a factor B for each edge it crosses (tanh's slope at the unit entered times the edge's u)
and, where it stops, the weight's push A; all paths summed in one accelerating pass (only those that stop where A is
not 0 add anything) land on backprop's value. Then the B's between two steps are one matrix, the step's Jacobian
J_s = diag(sigma_h') U, and summing the paths back multiplies them: J_4 J_3 J_2 (VanishingProduct's first picture)."""

from __future__ import annotations

from manim import *

from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.fades import Dissolve
from lstm_explainer.scenes.components.paths import TRELLIS_STEPS, JacobianTrellis, get_path, get_paths
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes import numbers
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.story import StoryScene, beat
from lstm_explainer.scenes.values.paths import PathTable, path_terms

# The two factors in words, their letters in their colours: B on an edge (in the order a path back meets them), A where
# the weight acts
KEY = ((r"\text{edge }", "B", r"= \text{tanh's slope } \sigma_h' \text{ at the unit it enters} \times \text{the edge's weight } u"),
       (r"\text{push }", "A", r"= \text{tanh's slope} \times \text{the input, where } w \text{ acts (0 elsewhere)}"))


def swell(*terms: Mobject, factor: float = 1.12, run_time: float = 1.0) -> AnimationGroup:
    """Each of `terms` grows about its own centre and settles back, colours kept: the terms a caption is naming."""
    return AnimationGroup(*(Transform(term, term.copy().scale(factor), rate_func=there_and_back) for term in terms),
                          run_time=run_time)


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
    approx_seconds = 59
    fade_out = False  # its trellis is VanishingProduct's first picture

    t = TRELLIS_STEPS  # the step whose unit is followed back: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: w_41 is the weight ErrorAtStepOne followed (input 1 into unit 4); input 1 is read at step 1
    # only, so the 16 paths of lag 3 that stop at unit 4 count (the most any w_ij or u_ij has at t = 4). Unit 2 is any
    # unit of step 4 (the caption says so). The screen names the input by its number, never by its letter (the factor B).
    alpha, i, j, param = 2, 4, 1, "W"
    top_scale = theme.EQUATION_SCALE_LABEL  # the key over the trellis
    live_width = 2.0  # a path already added to the sum, drawn thinner and dimmer than the one being added
    added_opacity = 0.35
    dimmed = 0.18  # the trellis's own edges while the paths are drawn over them
    column_margin = 0.55  # the right-hand column stops this far from the frame's edge (33 px at 480p)
    speedup = 0.8  # each path of the sweep takes this share of the time of the one before

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string, self.t)
        self.question_beat(w=f"w{numbers.subscript(self.i, self.j)}", i=self.i, j=self.j, alpha=self.alpha, t=self.t)
        self.one_path_beat(w=f"w{numbers.subscript(self.i, self.j)}", i=self.i, read=self.read_text(self.table))
        self.sweep_beat(total=len(self.table.terms), live=len(self.table.nonzero), i=self.i, read=self.read_text(self.table))
        steps = range(self.t, 1, -1)
        self.jacobian_beat()
        self.product_beat(jacobians="".join(f"J{numbers.subscript(s)}" for s in steps))

    @beat("The loss reaches a weight only through hidden units. So how does {w} from before (input {j} into unit {i}) move a unit at step {t}, say unit {alpha}?")
    def question_beat(self, w: str, i: int, j: int, alpha: int, t: int):
        self.heading = title(self.palette, self.title)
        self.show_question(self.table)

    @beat("One path back: each edge scales the change by B, tanh's slope at the unit entered times the edge's weight; at unit {i}, {read}, {w} pushes by A.")
    def one_path_beat(self, w: str, i: int, read: str):
        self.show_one_path(self.table)

    @beat("Of all {total} paths back, only the {live} that stop at unit {i}, {read} add anything: A is 0 elsewhere. Their products sum to backprop's value.")
    def sweep_beat(self, total: int, live: int, i: int, read: str):
        self.show_sweep(self.table)

    @beat("Between two steps, all the B's form one matrix, a row per unit entered: the step's Jacobian, J = diag(σ′ₕ) U.")
    def jacobian_beat(self):
        self.show_jacobian()

    @beat("Going back multiplies them, {jacobians}: a path takes one B from each, so summing all paths is this product. Next: how fast it shrinks.")
    def product_beat(self, jacobians: str):
        self.show_product()

    def part(self, fraction: float, *steps) -> None:
        """Play `steps` in `fraction` of the beat's paced motion (a beat paced in several calls, things done between them)."""
        self.paced(*steps, share=theme.MOTION_SHARE_OF_READING * fraction)

    # ------------------------------------------------------------ the question

    def get_example(self, table: PathTable) -> VGroup:
        """The weight (which input into which unit) and the question in words: no derivative with a step and a unit
        that share a digit."""
        p, w = self.palette, rf"w_{{{table.i}{table.j}}}"
        weight = math(p, rf"{w}\text{{: input {table.j}}} \to \text{{unit {table.i}}}", scale=theme.EQUATION_SCALE_LABEL)
        question = VGroup(math(p, rf"\text{{how does unit {table.alpha} at step {table.t}}}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
                          math(p, rf"\text{{move with }}{w}\text{{?}}", scale=theme.EQUATION_SCALE_LABEL, color=p.error))
        question.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        return VGroup(weight, question).arrange(DOWN, aligned_edge=LEFT, buff=0.3)

    def show_question(self, table: PathTable) -> None:
        """The unrolled trellis arrives a step at a time, left to right; then the weight is named with the input it
        carries, lit at the step that reads it with the unit it enters; then the question is asked and its node ringed."""
        p, graph = self.palette, self.trellis.graph
        self.example = self.place_panel(self.get_example(table))
        node = graph.h_node(table.t, table.alpha)
        self.target = Circle(radius=node.width * theme.PATH_RING, color=p.error, stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(node)
        self.mark("ring", "node", {"t": table.t, "unit": table.alpha, "role": "differentiated"})
        # only the input the weight carries is written, under the step that reads it, with the unit it enters
        self.read_inputs = VGroup(*(math(p, rf"\text{{input {table.j}}} \to \text{{unit {table.i}}}", color=p.input,
                                         scale=theme.EQUATION_SCALE_LABEL).move_to(graph.inputs[s - 1])
                                    for s in self.read_steps(table)))
        column = [VGroup(graph.columns[s], graph.step_labels[s]) for s in range(self.t)]
        entered = VGroup(*(graph.h_node(s, table.i) for s in self.read_steps(table)))
        steps = [FadeIn(self.heading), (Dissolve(column[0], graph.unit_labels, fade_in=True, shift=0.2 * RIGHT))]
        steps += [(Create(graph.edges[s - 1]), Dissolve(column[s], fade_in=True, shift=0.2 * RIGHT)) for s in range(1, self.t)]
        steps += [(Write(self.example[0]), FadeIn(self.read_inputs, shift=0.1 * UP)),
                  (Indicate(self.read_inputs, color=p.input, scale_factor=1.3), Indicate(entered, color=p.hidden, scale_factor=1.5)),
                  (Write(self.example[1]), Create(self.target))]
        self.paced(*steps)
        # the trellis as one group, edges under the nodes, as VanishingProduct draws it
        self.remove(*graph.submobjects)
        self.add(graph)

    # ------------------------------------------------------------ one path, then all of them

    def show_one_path(self, table: PathTable) -> None:
        """The trellis's edges dim and the edges into the node asked about light up as B is named; a pulse walks back
        along the largest path, each B coming under its edge as the pulse crosses it; A named and written under the
        node where it stops; then the path's product, which is the running total's first term."""
        p, graph = self.palette, self.trellis.graph
        term = table.terms[0]
        key = VGroup(*(math(p, *entry, scale=self.top_scale) for entry in KEY)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        for entry, color in zip(key, (p.U, p.hidden)):  # the factor's name in words and its letter in its colour
            entry[:2].set_color(color)
        key.next_to(self.heading, DOWN, buff=0.25).set_x(0)
        if key.width > config.frame_width - 2 * self.column_margin:
            key.scale_to_fit_width(config.frame_width - 2 * self.column_margin)
        self.key = key
        # the trellis's own edges dim while the paths are followed over them (back with the Jacobians)
        self.undimmed = graph.edges.copy()
        faded = graph.edges.copy().set_stroke(opacity=self.dimmed)
        fan = graph.edges[table.t - 2][table.alpha - 1]  # the edges from every unit of step t - 1 into h_t^alpha
        self.mark("lit", "edge", {"weight": "U", "t": table.t, "to": table.alpha})
        lit_fan = VGroup(*(line.copy().set_stroke(color=p.U, width=theme.HIGHLIGHT_WIDTH / 2, opacity=1) for line in fan))
        self.path = get_path(graph, table.t, term.gammas, p.error)
        self.mark_path(table, term)
        self.factors = self.get_factor_row(table, term)
        cells, result = self.factors
        # the weight's line leaves (the question stays)
        self.example, weight = self.example[1], self.example[0]
        pulse = Dot(graph.h_node(table.t, term.gammas[0]).get_center(), radius=0.09, color=p.error)
        # the B of the latest step is the last cell: the pulse crosses the edges from step t back
        walk = [(MoveAlongPath(pulse, Line(segment.get_start(), segment.get_end())), Create(segment),
                 FadeIn(cells[-1 - l], shift=0.1 * UP)) for l, segment in enumerate(self.path[:-1])]
        self.paced(
            (Transform(graph.edges, faded), Dissolve(weight), Write(key[0][:2]), Create(lit_fan)),
            (Write(key[0][2:]), FadeIn(pulse)),
            (thicken(lit_fan), Dissolve(lit_fan, run_time=1.0)),
            *walk,
            (Write(key[1]), Create(self.path[-1]), FadeIn(cells[0], shift=0.1 * UP), FadeOut(pulse)),
            Write(result),
        )

    def show_sweep(self, table: PathTable) -> None:
        """The count of all paths back is written and they all flash once, faint; the factors leave and the other paths
        with a product that is not 0 are added one after another, each faster than the one before: the one being added
        bold, the ones already in the total thin and dim (the total redrawn, never cross-faded). Then the sum against
        backprop, and the key gives way to the sum over paths in words over the trellis."""
        p, graph = self.palette, self.trellis.graph
        nonzero = table.nonzero
        self.record("path_count", {"t": table.t}, len(table.terms), str(len(table.terms)), label=f"paths back from h{numbers.subscript(table.t)}")
        self.record("live_path_count", self.where(table), len(nonzero), str(len(nonzero)), label="paths not 0")
        count = VGroup(caption(f"{len(table.terms)} paths back,", theme.LABEL_SIZE, p.text),
                       caption(f"only {len(nonzero)} not 0", theme.LABEL_SIZE, p.text)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        count.next_to(self.example, DOWN, buff=0.3).align_to(self.example, LEFT)
        total = self.narrow(self.get_total(table, 1)).next_to(count, DOWN, buff=0.3).align_to(count, LEFT)
        below = total.copy()
        # all the paths run back from the node asked about at once, grey: most of them stop where A is 0
        everything = get_paths(graph, table.t, [each.gammas for each in table.terms], p.muted, theme.PATH_FAINT_WIDTH * 2)
        times = [self.speedup ** n for n in range(len(nonzero) - 1)]
        share = 0.55 / sum(times) if times else 0.0
        self.part(0.25, (Dissolve(self.factors), Write(count[0]), ShowPassingFlash(everything, time_width=0.8, run_time=2.0)),
                  (Write(count[1]), FadeIn(total)))
        path, added = self.path, VGroup()
        for n in range(1, len(nonzero)):
            new_path = get_path(graph, table.t, nonzero[n].gammas, p.error)
            self.mark_path(table, nonzero[n])
            # the product itself is not drawn in the sweep (no text): it is added into the running total shown
            self.record("path_product", {**self.where(table), "path": ",".join(map(str, nonzero[n].gammas))},
                        nonzero[n].product, "", label=f"product of the path {self.tuple_text(nonzero[n])}, added to the running total")
            self.part(share * times[n - 1], (path.animate.set_stroke(width=self.live_width, opacity=self.added_opacity).build(), FadeIn(new_path)))
            # the total counts the path once it is drawn
            self.remove(total)
            total = self.narrow(self.get_total(table, n + 1)).move_to(below, aligned_edge=LEFT)
            self.add(total)
            added.add(path)
            path = new_path
        # the last total gives way to the sum over all paths (the same number, said as what it sums), backprop's under it
        check = self.narrow(self.get_check(table)).next_to(count, DOWN, buff=0.3).align_to(count, LEFT)
        headline = self.trellis.headline
        self.part(0.2, (path.animate.set_stroke(width=self.live_width, opacity=self.added_opacity).build(), FadeOut(total), FadeIn(check[0])),
                  (FadeIn(check[1]), FadeOut(self.key)), Write(headline))
        added.add(path)
        self.sweep_parts = VGroup(added, count, check, self.path[-1])

    # ------------------------------------------------------------ the Jacobians

    def show_jacobian(self) -> None:
        """The sweep and the question leave and the trellis's edges come back; the bundle of edges into step t is lit,
        each of its edges flies to its entry of a d x d matrix beside the trellis (edge gamma -> alpha to row alpha,
        column gamma), named J_t; its rows swell one after another (a row per unit entered); then what it is,
        diag(sigma_h') U, is written under it. The matrix stays through the beat's hold."""
        trellis, t = self.trellis, self.t
        graph = trellis.graph
        bundle = graph.edges[t - 2]
        self.mark("lit", "edge", {"weight": "U", "t": t})
        matrix = self.get_matrix(t)
        p = self.palette
        matrix.next_to(graph, RIGHT, buff=0.4).align_to(graph, UP).shift(0.2 * DOWN)
        room = config.frame_width / 2 - self.column_margin - matrix.get_left()[0]
        if matrix.width > room:  # the whole matrix, brackets too, inside the frame's margin
            matrix.scale(room / matrix.width, about_edge=LEFT)
        name, frame, entries = matrix
        what = math(p, rf"= \mathrm{{diag}}\big(\sigma_h'(a_{t})\big)\,U", scale=theme.EQUATION_SCALE_LABEL)
        what.next_to(frame, DOWN, buff=0.35).align_to(name, LEFT)
        d = self.rnn.d
        # edges[alpha-1][gamma-1] joins h_{t-1}^gamma to h_t^alpha: it becomes row alpha, column gamma
        flights = AnimationGroup(*(ReplacementTransform(bundle[a][g].copy(), entries[a * d + g]) for a in range(d) for g in range(d)),
                                 lag_ratio=0.04, run_time=1.6)
        self.paced(
            (Dissolve(self.sweep_parts, self.example, self.target, self.read_inputs), Transform(graph.edges, self.undimmed)),
            thicken(bundle),
            flights,
            (Create(frame), Write(name)),
            *(swell(*entries[a * d:(a + 1) * d], factor=1.2, run_time=0.7) for a in range(d)),  # a row per unit entered
            Write(what),
        )
        self.matrix = VGroup(name, frame, entries)
        self.what = what

    def show_product(self) -> None:
        """The matrix folds into the name J_t over its bundle as J_s is defined beside the trellis; the other bundles are
        named from the latest step back and their product written; then the largest path is walked back once more, and
        as it crosses each bundle that bundle's name and its factor in the product swell (one B taken from each
        Jacobian); it leaves on the hand-off picture, the JacobianTrellis as VanishingProduct draws it first."""
        p, trellis, table, t = self.palette, self.trellis, self.table, self.t
        graph, definition = trellis.graph, trellis.definition
        steps = [(ReplacementTransform(self.matrix, trellis.names[t - 2]), FadeTransform(self.what, definition[1]),
                  FadeIn(definition[0]), FadeIn(definition[2]))]
        for s in range(t - 1, 1, -1):
            self.mark("lit", "edge", {"weight": "U", "t": s})
            steps.append((thicken(graph.edges[s - 2]), FadeIn(trellis.names[s - 2], shift=0.1 * DOWN)))
        product = definition[3]
        steps.append(Write(product))
        term = table.terms[0]
        self.mark_path(table, term)
        path = get_path(graph, t, term.gammas, p.error, ring=False)
        factors = product[0][-2 * (t - 1):]  # "J_4 J_3 J_2": two glyphs a Jacobian
        for l, segment in enumerate(path):
            glyphs = factors[2 * l:2 * l + 2]
            steps.append((Create(segment), swell(trellis.names[t - l - 2], factor=1.3), swell(glyphs, factor=1.3)))
        steps.append(Dissolve(path))
        self.paced(*steps)

    def read_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is input j: the only ones where w_ij acts (x_j = 1)."""
        return [s for s in range(1, table.t + 1) if s not in self.unread_steps(table)]

    def read_text(self, table: PathTable) -> str:
        """Those steps in words: "step 1", "steps 1 and 3"."""
        steps = list(map(str, self.read_steps(table)))
        return f"step {steps[0]}" if len(steps) == 1 else f"steps {', '.join(steps[:-1])} and {steps[-1]}"

    def where(self, table: PathTable) -> dict:
        """The index of the example derivative dh_t^alpha/dw_ij."""
        return {"t": table.t, "unit": table.alpha, "i": table.i, "j": table.j}

    def mark_path(self, table: PathTable, term: PathTerm) -> None:
        """The lit path in time order (its first unit at step t - lag) and the ring on the node where its A is."""
        start = table.t - term.k
        self.mark("lit", "path", {"t": table.t, "path": ",".join(map(str, reversed(term.gammas)))})
        self.mark("ring", "node", {"t": start, "unit": term.gammas[-1]})

    def get_factor_row(self, table: PathTable, term: PathTerm) -> VGroup:
        """The path's factors under the trellis in time order, each under its node (A) or its edge (B), and the product.

        Each is named by its letter alone, A in the hidden units' colour and B in that of U's edges: its place under the
        path says which node or edge it belongs to, and its label says that place in words. Every factor is recorded
        with its step and units.
        """
        p, t, g, graph = self.palette, table.t, term.gammas, self.trellis.graph
        start = t - term.k
        a = self.numeral("A", {"t": start, "unit": g[-1], "i": table.i, "j": table.j}, term.A,
                         label=f"A at the path's start, unit {g[-1]}, step {start}")
        cells = [("A", a, p.hidden, graph.columns[start - 1].get_x())]
        for l in reversed(range(term.k)):  # the B of the earliest step first: time order, left to right
            b = self.numeral("B", {"t": t - l, "unit": g[l], "to": g[l + 1]}, term.B[l],
                             label=f"B on the path's edge {g[l + 1]} → {g[l]} into step {t - l}")
            x = (graph.columns[t - l - 2].get_x() + graph.columns[t - l - 1].get_x()) / 2
            cells.append(("B", b, p.U, x))
        top = graph.inputs.get_bottom()[1] - 0.3
        row = VGroup()
        for name, shown, color, x in cells:
            cell = VGroup(math(p, name, scale=theme.EQUATION_SCALE_LABEL, color=color),
                          math(p, shown.tex(), scale=theme.EQUATION_SCALE_LABEL, color=color)).arrange(DOWN, buff=0.12)
            row.add(cell.move_to([x, top - cell.height / 2, 0]))
        if len(row) > 1 and row[0].get_right()[0] > row[1].get_left()[0] - 0.4:  # A under its node, clear of the first B
            row[0].shift((row[1].get_left()[0] - 0.4 - row[0].get_right()[0]) * RIGHT)
        product = self.numeral("path_product", {**self.where(table), "path": ",".join(map(str, g))}, term.product,
                               label=f"product of the path {self.tuple_text(term)}")
        equals = equals_tex(product, float(np.prod([c[1].as_shown for c in cells])))
        result = math(p, rf"\Rightarrow\ \text{{product}} {equals} {product.tex()}", color=p.error, scale=theme.EQUATION_SCALE_SMALL)
        result.next_to(row, RIGHT, buff=0.35).align_to(row[-1][1], DOWN)
        if result.get_right()[0] > config.frame_width / 2 - theme.FRAME_MARGIN:  # a long number: under the last factor
            result.next_to(row, DOWN, buff=0.15).align_to(row, RIGHT)
        return VGroup(row, result)

    def tuple_text(self, term: PathTerm) -> str:
        """The path in plain text, in time order as the screen's h¹₄ → ... reads: its units at steps t - lag to t."""
        start = self.t - term.k
        return f"through units {','.join(str(u) for u in reversed(term.gammas))} at steps {start} to {self.t}"

    def get_total(self, table: PathTable, paths: int) -> VGroup:
        """Which path the sweep is at, that path's product and the running total after it: one line each."""
        p = self.palette
        value = table.running[paths - 1] if paths else 0.0
        words, added = "running total", f"{paths} of {len(table.nonzero)} paths added"
        shown = self.numeral("path_sum_partial", {**self.where(table), "paths": paths}, value, label=f"{words}, {added}")
        counter = caption(added, theme.LABEL_SIZE, p.text)
        total = math(p, rf"\text{{{words}}} = {shown.tex()}", color=p.error, scale=theme.EQUATION_SCALE_SMALL)
        return VGroup(counter, total).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def place_panel(self, mob: Mobject, below: Mobject | None = None) -> Mobject:
        """The column right of the trellis: under `below`, or at the trellis's top."""
        x = self.trellis.graph.get_right()[0] + 0.6
        self.narrow(mob)
        if below is None:
            return mob.next_to(self.trellis.graph, RIGHT, buff=0.6).align_to(self.trellis.graph, UP)
        return mob.next_to(below, DOWN, buff=0.4).set_x(x + mob.width / 2)

    def narrow(self, mob: Mobject) -> Mobject:
        """A line of the column right of the trellis narrowed to fit it (a long number), never past the frame."""
        room = config.frame_width / 2 - self.column_margin - (self.trellis.graph.get_right()[0] + 0.6)
        return mob.scale_to_fit_width(room) if mob.width > room else mob

    def unread_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is not input j's: w_ij does nothing there (x_j = 0)."""
        return [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] != 1]

    def get_check(self, table: PathTable) -> VGroup:
        """The sum over all paths, its summand written out, against backprop's derivative."""
        p = self.palette
        digits, where, name = numbers.SIGNIFICANT_DIGITS, self.where(table), f"dh/d{table.param}"
        derivative = f"∂h^{table.alpha}_{table.t}/∂{table.param.lower()}_{table.i}{table.j}"
        summed = "sum of paths"  # in words, as the closed form heading the trellis says it
        path_sum = self.numeral(name, where, table.running[-1], digits, label=f"{summed} of A × product of B, {derivative}")
        backprop = self.numeral(f"{name} backprop", where, table.exact, digits, label=f"backprop, {derivative}")
        return VGroup(
            math(p, rf"\text{{{summed}}} = {path_sum.tex()}",
                 scale=theme.EQUATION_SCALE_LABEL, color=p.error),
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


