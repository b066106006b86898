"""Scene 5: summing the paths back. One input weight w_ij (input j into unit i, read only at step 1) and one
unit alpha at step t, no index naming two things. In words first: the weight pushes its unit directly where it acts
(A, 0 elsewhere); any other change arrives along an edge from the step before, scaled by B (tanh's slope at the unit
entered times the edge's u). One path back carries A times its B's; the paths are counted (d units offered at each
step back), the non-zero ones summed one by one, the zeros in one beat, the sum is backprop's number; the closed form,
and back to the loss; then each step's B's gathered into its Jacobian J_s = diag(sigma_h') U, the trellis a product
of them (VanishingProduct's first picture)."""

from __future__ import annotations

from manim import *

from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.fades import Dissolve
from lstm_explainer.scenes.components.paths import (CLOSED_FORM_A, CLOSED_FORM_B, TRELLIS_STEPS, JacobianTrellis, get_path,
                                                       get_paths)
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes import numbers
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.story import StoryScene, beat
from lstm_explainer.scenes.values.paths import PathTable, path_terms

# What A and B are, in words with their letters in their colours: A where the weight acts, B on an edge
KEY = ((r"\text{push }", "A", r"= \text{tanh's slope} \times \text{the input, only where } w \text{ acts}"),
       (r"\text{edge }", "B", r"= \text{tanh's slope } \sigma_h' \text{ at the unit it enters} \times \text{the edge's } u"))


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
    approx_seconds = 94
    fade_out = False  # its trellis is VanishingProduct's first picture

    t = TRELLIS_STEPS  # the step whose derivative is taken apart: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{3,1}: input 1 is read at step 1 only, so every path of lag 3 that starts in unit
    # i = 3 counts: 16 of the 85 (the most any w_ij or u_ij has at t = 4). Step 4, unit 2, unit 3 and input 1:
    # no index names two things. The screen names the input by its number, never by its letter (the factor B).
    alpha, i, j, param = 2, 3, 1, "W"
    top_scale = theme.EQUATION_SCALE_LABEL  # the recurrence and its key over the trellis: subscripts of 7 px at 480p
    live_width = 2.5  # a path already added to the sum, drawn thinner than the one being added
    dimmed = 0.18  # the trellis's own edges while the paths are drawn over them
    column_margin = 0.55  # the right-hand column stops this far from the frame's edge (33 px at 480p)

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string, self.t)
        self.question_beat(i=numbers.subscript(self.i), j=numbers.subscript(self.j), read=self.read_text(self.table),
                           t=numbers.subscript(self.t), i_=self.i, j_=self.j, alpha=self.alpha, t_=self.t)
        self.direct_beat(i=self.i, read=self.read_text(self.table))
        self.edge_beat()
        self.one_path_beat(t=self.t, i=self.i)
        per_lag = " + ".join(map(str, self.table.per_lag))
        self.sweep_beat(t=self.t, d=self.rnn.d, counts=per_lag, total=len(self.table.terms), live=len(self.table.nonzero), i=self.i)
        self.zeros_beat(zeros=len(self.table.terms) - len(self.table.nonzero), total=len(self.table.terms))
        self.closed_form_beat(t=numbers.subscript(self.t))
        self.jacobian_beat()
        steps = range(self.t, 1, -1)
        self.product_beat(last=f"h{numbers.subscript(self.t)}", jacobians="·".join(f"J{numbers.subscript(s)}" for s in steps))

    @beat("The loss reaches a weight only through the hidden states, so: how does unit {alpha} at step {t_} move with w{i}{j} (input {j_} into unit {i_}, {read})?")
    def question_beat(self, i: str, j: str, read: str, t: str, i_: int, j_: int, alpha: int, t_: int):
        self.heading = title(self.palette, self.title)
        self.show_question(self.table)

    @beat("Where the weight acts, it pushes its unit directly: call that push A. It is 0 except at unit {i}, {read}.")
    def direct_beat(self, i: int, read: str):
        self.show_direct(self.table)

    @beat("Any other change comes along an edge from the step before, scaled by B: tanh's slope at the unit entered, times the edge's u.")
    def edge_beat(self):
        self.show_edges(self.table)

    @beat("So one path back, from step {t} to unit {i} at step 1, carries A times the B of every edge on it.")
    def one_path_beat(self, t: int, i: int):
        self.show_one_path(self.table)

    @beat("Each step back offers {d} units: {counts} = {total} paths. Only {live} end where A is not 0, at unit {i}, step 1: added one by one.")
    def sweep_beat(self, t: int, d: int, counts: str, total: int, live: int, i: int):
        self.show_sweep(self.table)

    @beat("The other {zeros} start where A is 0 and add nothing; counting them shows no path is missed: all {total} give backprop's value.")
    def zeros_beat(self, zeros: int, total: int):
        self.show_zeros(self.table)

    @beat("So the derivative sums the paths back, each a product of its factors. Times ∂L/∂h{t}, it gives ∂L/∂w.")
    def closed_form_beat(self, t: str):
        self.show_closed_form(self.table)

    @beat("Between two steps, all the B's form one matrix, a row per unit entered: the step's Jacobian, J = diag(σ′ₕ) U.")
    def jacobian_beat(self):
        self.show_jacobian()

    @beat("Going back multiplies them: {last} depends on h₁ through {jacobians}, one per step back. Next: how fast such products shrink.")
    def product_beat(self, last: str, jacobians: str):
        self.show_product()

    def part(self, fraction: float, *steps) -> None:
        """Play `steps` in `fraction` of the beat's paced motion (a beat paced in several calls, things done between them)."""
        self.paced(*steps, share=theme.MOTION_SHARE_OF_READING * fraction)

    # ------------------------------------------------------------ the question and one step of the recurrence

    def show_question(self, table: PathTable) -> None:
        """The unrolled trellis arrives a step at a time, left to right; then the input the weight carries lights at
        the step that reads it, with the unit the weight enters; then the example is named and its node ringed."""
        p, graph = self.palette, self.trellis.graph
        self.example = self.place_panel(self.get_example(table))
        node = graph.h_node(table.t, table.alpha)
        self.target = Circle(radius=node.width * theme.PATH_RING, color=p.error, stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(node)
        self.mark("ring", "node", {"t": table.t, "unit": table.alpha, "role": "differentiated"})
        # only the input the weight carries is written, under the step that reads it: the others play no part here
        # said with the unit it enters (under the step it would read as the bottom node's name)
        self.read_inputs = VGroup(*(math(p, rf"\text{{input {table.j}}} \to \text{{unit {table.i}}}", color=p.input,
                                         scale=theme.EQUATION_SCALE_LABEL).move_to(graph.inputs[s - 1])
                                    for s in self.read_steps(table)))
        column = [VGroup(graph.columns[s], graph.step_labels[s]) for s in range(self.t)]
        entered = VGroup(*(graph.h_node(s, table.i) for s in self.read_steps(table)))
        # the caption's order: the weight (its input, the unit it enters, the step reading it), then the node asked about
        steps = [FadeIn(self.heading), (Dissolve(column[0], graph.unit_labels, fade_in=True, shift=0.2 * RIGHT))]
        steps += [(Create(graph.edges[s - 1]), Dissolve(column[s], fade_in=True, shift=0.2 * RIGHT)) for s in range(1, self.t)]
        steps += [(Write(self.example[0]), FadeIn(self.read_inputs, shift=0.1 * UP)),
                  (Indicate(self.read_inputs, color=p.input, scale_factor=1.3), Indicate(entered, color=p.hidden, scale_factor=1.5)),
                  (Write(self.example[1]), Create(self.target))]
        self.paced(*steps)
        # the trellis as one group, edges under the nodes, as VanishingProduct draws it
        self.remove(*graph.submobjects)
        self.add(graph)

    def show_direct(self, table: PathTable) -> None:
        """A named in words over the trellis (the push where the weight acts), the trellis's edges dimmed; then each
        node where A is not 0 (unit i at a step reading input j) flashed, ringed and tagged with its A."""
        p, graph = self.palette, self.trellis.graph
        key = VGroup(*(math(p, *entry, scale=self.top_scale) for entry in KEY)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        for entry, color in zip(key, (p.hidden, p.U)):  # the factor's name in words and its letter in its colour
            entry[:2].set_color(color)
        key.next_to(self.heading, DOWN, buff=0.25).set_x(0)
        # the trellis's own edges dim while single edges and paths are followed over them (back in the closed form)
        self.undimmed = graph.edges.copy()
        faded = graph.edges.copy().set_stroke(opacity=self.dimmed)
        rings, nodes = VGroup(), VGroup()
        for s in self.read_steps(table):
            start = graph.h_node(s, table.i)
            nodes.add(start)
            self.mark("ring", "node", {"t": s, "unit": table.i})
            value = self.numeral("A", self.node_index(table, s, table.i), self.start_factor(table, s, table.i),
                                 label=f"A at unit {table.i}, step {s}")
            ring = Circle(radius=start.width * theme.PATH_RING, color=p.hidden, stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(start)
            note = math(p, rf"A = {value.tex()}", color=p.hidden, scale=theme.EQUATION_SCALE_LABEL)
            # under the step's input, clear of the edges
            rings.add(VGroup(ring, note.next_to(graph.inputs[s - 1], DOWN, buff=0.15)))
        self.direct_tag = rings
        self.paced(
            (Transform(graph.edges, faded), Write(key[0][:2])),
            Write(key[0][2:]),
            (Indicate(nodes, color=p.hidden, scale_factor=1.5), Create(VGroup(*(r[0] for r in rings)))),
            FadeIn(VGroup(*(r[1] for r in rings)), shift=0.1 * DOWN),
        )
        self.key = key

    def show_edges(self, table: PathTable) -> None:
        """The edges into the node asked about lit and pulses running back along them to every unit of step t - 1;
        then B named (on an edge) and written, the node it enters flashed (its sigma') and the edges thickened (their u)."""
        p, graph, key = self.palette, self.trellis.graph, self.key
        fan = graph.edges[table.t - 2][table.alpha - 1]  # the edges from every unit of step t - 1 into h_t^alpha
        self.mark("lit", "edge", {"weight": "U", "t": table.t, "to": table.alpha})
        self.fan = VGroup(*(line.copy().set_stroke(color=p.U, width=theme.HIGHLIGHT_WIDTH / 2, opacity=1) for line in fan))
        # the fan's letter where the step's J will later be named, between the two steps' labels
        tag = math(p, "B", color=p.U, scale=theme.EQUATION_SCALE_LABEL).move_to(self.trellis.names[table.t - 2])
        self.fan.add(tag)
        node = graph.h_node(table.t, table.alpha)
        pulses = VGroup(*(Dot(node.get_center(), radius=0.07, color=p.error) for _ in fan))
        self.paced(
            (Create(self.fan[:-1]), FadeIn(pulses)),
            tuple(MoveAlongPath(dot, Line(line.get_end(), line.get_start())) for dot, line in zip(pulses, fan)),
            (FadeOut(pulses, run_time=0.4), FadeIn(tag, shift=0.1 * DOWN), Write(key[1][:2])),
            # the caption's "tanh's slope at the unit entered": that node; "times the edge's u": the edges, by their widths
            (Write(key[1][2:]), Indicate(node, color=p.hidden, scale_factor=1.4)),
            thicken(VGroup(*self.fan[:-1])),
        )

    # ------------------------------------------------------------ one path, then all of them

    def read_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is input j: the only ones where w_ij acts (x_j = 1)."""
        return [s for s in range(1, table.t + 1) if s not in self.unread_steps(table)]

    def read_text(self, table: PathTable) -> str:
        """Those steps in words: "step 1", "steps 1 and 3"."""
        steps = list(map(str, self.read_steps(table)))
        return f"step {steps[0]}" if len(steps) == 1 else f"steps {', '.join(steps[:-1])} and {steps[-1]}"

    def start_factor(self, table: PathTable, s: int, unit: int) -> float:
        """A at h_s^unit, the model's: the factor of a path that starts there."""
        return next(term.A for term in table.terms if table.t - term.k == s and term.gammas[-1] == unit)

    def node_index(self, table: PathTable, s: int, unit: int) -> dict:
        return {"t": s, "unit": unit, "i": table.i, "j": table.j}

    def where(self, table: PathTable) -> dict:
        """The index of the example derivative dh_t^alpha/dw_ij."""
        return {"t": table.t, "unit": table.alpha, "i": table.i, "j": table.j}

    def get_example(self, table: PathTable) -> VGroup:
        """The derivative asked for, with its indices said in words: which unit, which weight."""
        p = self.palette
        derivative = math(p, rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i}{table.j}}}}}",
                          color=p.error)
        # the input by its number, never by its letter: B is the edge factor here
        # w_ij typeset as maths, like the derivative beside it (a caption's subscript digits come from another face)
        w = rf"w_{{{table.i}{table.j}}}"
        note = VGroup(math(p, rf"\text{{how unit {table.alpha} at step {table.t}}}", scale=theme.EQUATION_SCALE_LABEL),
                      math(p, rf"\text{{moves with }}{w}", scale=theme.EQUATION_SCALE_LABEL)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        weight = math(p, rf"{w}\text{{: input {table.j}}} \to \text{{unit {table.i}}}", scale=theme.EQUATION_SCALE_LABEL)
        return VGroup(weight, VGroup(derivative, note).arrange(RIGHT, buff=0.2)).arrange(DOWN, aligned_edge=LEFT, buff=0.3)

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

    def get_tuple(self, term: PathTerm) -> MathTex:
        """The path's nodes in time order, earliest step first, as the trellis reads left to right."""
        start = self.t - term.k
        nodes = r" \to ".join(rf"h^{{{u}}}_{{{start + n}}}" for n, u in enumerate(reversed(term.gammas)))
        return math(self.palette, nodes, scale=theme.EQUATION_SCALE_LABEL, color=self.palette.error)

    def get_total(self, table: PathTable, paths: int) -> VGroup:
        """Which path the sweep is at, that path's product and the running total after it: one line each."""
        p = self.palette
        value = table.running[paths - 1] if paths else 0.0
        words, added = "running total", f"{paths} of {len(table.terms)} paths added"
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

    def show_one_path(self, table: PathTable) -> None:
        """A pulse leaves h_t^alpha and walks back along the largest path, each B coming under its edges as the pulse
        crosses them, the A under the node where it stops; then the path named and their product."""
        p = self.palette
        graph = self.trellis.graph
        term = table.terms[0]
        self.path = get_path(graph, table.t, term.gammas, p.error)
        # the example's words leave (the column uncrowded); its derivative stays, heading the path and the total
        note = VGroup(self.example[0], self.example[1][1])
        self.example = self.example[1][0]
        self.tuple = self.place_panel(self.get_tuple(term), self.example)
        self.total = self.place_panel(self.get_total(table, 0), self.tuple)
        self.mark_path(table, term)
        self.factors = self.get_factor_row(table, term)
        cells, result = self.factors
        new_total = self.narrow(self.get_total(table, 1)).move_to(self.total, aligned_edge=LEFT)
        pulse = Dot(graph.h_node(table.t, term.gammas[0]).get_center(), radius=0.09, color=p.error)
        # the B of the latest step is the last cell: the pulse crosses the edges from step t back
        walk = [(MoveAlongPath(pulse, Line(segment.get_start(), segment.get_end())), Create(segment),
                 FadeIn(cells[-1 - l], shift=0.1 * UP)) for l, segment in enumerate(self.path[:-1])]
        self.paced(
            (Dissolve(self.fan, self.direct_tag, note), FadeIn(pulse), Write(self.total)),
            *walk,
            (Create(self.path[-1]), FadeIn(cells[0], shift=0.1 * UP), FadeOut(pulse)),
            (Write(self.tuple), Write(result), ReplacementTransform(self.total, new_total)),
        )
        self.total = new_total

    def unread_steps(self, table: PathTable) -> list[int]:
        """The steps whose symbol is not input j's: w_ij does nothing there (x_j = 0)."""
        return [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] != 1]

    def get_counts(self, table: PathTable) -> Mobject:
        """How many paths there are: d^lag of each lag, added up (1 + 4 + 16 + 64 = 85 for four steps of four units)."""
        per_lag = table.per_lag
        node = f"h{numbers.subscript(table.t)}"
        for lag, count in enumerate(per_lag):
            self.record("path_count", {"t": table.t, "lag": lag}, count, str(count), label=f"paths into {node} back to step {table.t - lag}")
        self.record("path_count", {"t": table.t}, len(table.terms), str(len(table.terms)), label=f"paths into {node}")
        # in the caption's order: the counts per lag, then their sum
        text = f"{' + '.join(map(str, per_lag))} = {len(table.terms)} paths"
        return self.narrow(caption(text, theme.LABEL_SIZE, self.palette.text))

    def get_step_counts(self, table: PathTable) -> VGroup:
        """Under each step's input, the number of paths from h_t back to that step (1, d, d², ...), the latest step first,
        headed "paths" left of the first step; the same numbers (and labels) as the column's sum."""
        p, graph = self.palette, self.trellis.graph
        y = graph.inputs.get_bottom()[1] - 0.35
        row = VGroup(caption("paths:", theme.LABEL_SIZE, p.text))
        for lag, count in enumerate(table.per_lag):
            row.add(caption(f"{count} (itself)" if lag == 0 else str(count), theme.LABEL_SIZE, p.text).move_to([graph.columns[table.t - lag - 1].get_x(), y, 0]))
        row[0].next_to(row[-1], LEFT, buff=0.3)  # left of the earliest step's count
        return row

    def show_sweep(self, table: PathTable) -> None:
        """The count of paths is written in the path's place, one lag after another; the other non-zero paths are
        added one after another, each drawn bold while it is added and thin once it is in the total (total redrawn,
        never cross-faded)."""
        p, graph = self.palette, self.trellis.graph
        nonzero = len(table.nonzero)
        counts = self.get_counts(table)
        counts.move_to(self.tuple, aligned_edge=UL)
        below = self.total.copy().next_to(counts, DOWN, buff=0.25, aligned_edge=LEFT)
        # under each step, how many paths reach back to it: each step back offers d units, so d times as many
        self.per_step = self.get_step_counts(table)
        # shares of the beat's motion: the detail leaves, the counts arrive step by step back and are summed, then the sweep
        self.part(0.35, (Dissolve(self.factors, self.tuple), self.total.animate.move_to(below).build()),
                  FadeIn(self.per_step[:2], shift=0.1 * UP), *(FadeIn(mob, shift=0.1 * UP) for mob in self.per_step[2:]),
                  Write(counts))
        path, total, added = self.path, self.total, VGroup()
        for n in range(1, nonzero):
            new_path = get_path(graph, table.t, table.terms[n].gammas, p.error)
            self.mark_path(table, table.terms[n])
            # the product itself is not drawn in the sweep (no text): it is added into the running total shown
            self.record("path_product", {**self.where(table), "path": ",".join(map(str, table.terms[n].gammas))},
                        table.terms[n].product, "", label=f"product of the path {self.tuple_text(table.terms[n])}, added to the running total")
            self.remove(total)
            total = self.narrow(self.get_total(table, n + 1)).move_to(total, aligned_edge=LEFT)
            self.add(total)
            self.part(0.7 / max(nonzero - 1, 1), (path.animate.set_stroke(width=self.live_width).build(), FadeIn(new_path)))
            added.add(path)
            path = new_path
        self.part(0.01, path.animate.set_stroke(width=self.live_width).build())
        added.add(path)
        self.total, self.counts, self.added = total, counts, added

    def show_zeros(self, table: PathTable) -> None:
        """The paths whose product is 0 are counted in, a batch for each step they start at (the latest first, those at
        steps not reading input j, then those in another unit than i): a pulse runs back along each batch, the A = 0 of
        every node it starts at is written in that node, and the counter and running total are redrawn (the total
        unchanged), up to all the paths; the legend says why, line by line; then the check against backprop."""
        p, graph, total = self.palette, self.trellis.graph, self.total
        nonzero = len(table.nonzero)
        zero_terms = table.terms[nonzero:]
        # the running total moves up into the count's place, the legend under it
        moved = total.copy().move_to(self.counts, aligned_edge=UL)
        legend = self.narrow(self.get_legend(table, nonzero, len(zero_terms)))
        legend.next_to(moved, DOWN, buff=0.2).align_to(moved, LEFT)
        rows, why = legend
        check = self.get_check(table).next_to(graph.inputs, DOWN, buff=0.35).align_to(graph, LEFT)
        unread, read = self.unread_steps(table)[::-1], self.read_steps(table)[::-1]
        # the reason for each batch's zeros is written with the first batch it explains
        reasons = {unread[0]: why[0], read[0]: why[1]} if unread else {read[0]: why[1]}
        steps = [(Dissolve(self.counts, self.per_step), total.animate.move_to(moved, aligned_edge=UL).build()), FadeIn(rows[0])]
        added, zeros = nonzero, VGroup()
        for s in unread + read:
            batch = [term for term in zero_terms if table.t - term.k == s]
            if not batch:
                continue
            nodes = sorted({term.gammas[-1] for term in batch})
            marks = VGroup()
            for unit in nodes:
                value = self.numeral("A", self.node_index(table, s, unit), self.start_factor(table, s, unit),
                                     label=f"A at unit {unit}, step {s}")
                marks.add(math(p, value.tex(), color=p.muted, scale=theme.EQUATION_SCALE_SMALL).move_to(graph.h_node(s, unit)))
            zeros.add(marks)
            flash = get_paths(graph, table.t, [term.gammas for term in batch], p.text, theme.PATH_FAINT_WIDTH)
            added += len(batch)
            new_total = self.narrow(self.get_total(table, added)).move_to(moved, aligned_edge=LEFT)
            # the old count leaves before the new one comes: digits never drawn over each other
            step = [ShowPassingFlash(flash, time_width=0.6, run_time=1.0), FadeIn(marks, scale=0.5),
                    Succession(FadeOut(total, run_time=0.4), FadeIn(new_total, run_time=0.6))]
            if added == nonzero + len(batch):  # the first batch: the zeros' legend
                step.append(Write(rows[1]))
            if s in reasons:
                step.append(Write(reasons[s]))
            steps.append(tuple(step))
            total = new_total
        # the full sum replaces the running total (the same number, now with what it sums), then backprop's under it
        steps += [(FadeOut(total), FadeIn(check[0])), legend.animate.align_to(moved, UP).build(), FadeIn(check[1])]
        self.paced(*steps)
        self.sweep_parts = VGroup(self.added, zeros, legend, check)

    def get_legend(self, table: PathTable, live: int, zeros: int) -> VGroup:
        """The two kinds of path named: the live ones (solid, in the error's colour) and the zeros (a 0 where they start:
        A = 0 there), and why A is 0, a line for each reason (a step not reading input j; another unit than i)."""
        p = self.palette
        self.record("live_path_count", self.where(table), live, str(live), label="paths add their product")
        self.record("zero_path_count", self.where(table), zeros, str(zeros), label="paths add 0")
        unread = ", ".join(map(str, self.unread_steps(table)))
        solid = Line(ORIGIN, 0.5 * RIGHT, color=p.error, stroke_width=self.live_width * 1.5)
        zero = math(p, "0", color=p.muted, scale=theme.EQUATION_SCALE_SMALL)
        sign = VGroup(Circle(radius=theme.PATH_NODE_RADIUS, color=p.hidden), zero).move_to(0.25 * RIGHT)
        rows = VGroup(
            VGroup(solid, caption(f"{live} add their product", theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.15),
            VGroup(sign, caption(f"{zeros} add 0: A = 0", theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        lines = (f"steps {unread}: no input {table.j}", f"{self.read_text(table)}: not unit {table.i}")
        why = VGroup(*(caption(line, theme.LABEL_SIZE, p.text) for line in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        return VGroup(rows, why).arrange(DOWN, aligned_edge=LEFT, buff=0.12)

    def get_check(self, table: PathTable) -> VGroup:
        """The sum over all paths, its summand written out, against backprop's derivative."""
        p = self.palette
        digits, where, name = numbers.SIGNIFICANT_DIGITS, self.where(table), f"dh/d{table.param}"
        derivative = f"∂h^{table.alpha}_{table.t}/∂{table.param.lower()}_{table.i}{table.j}"
        summed = f"sum over all {len(table.terms)} paths"  # in words, as the closed form heading the trellis says it
        path_sum = self.numeral(name, where, table.running[-1], digits, label=f"{summed} of A × product of B, {derivative}")
        backprop = self.numeral(f"{name} backprop", where, table.exact, digits, label=f"backprop, {derivative}")
        return VGroup(
            math(p, rf"\text{{{summed}}} = {path_sum.tex()}",
                 scale=theme.EQUATION_SCALE_LABEL, color=p.error),
            math(p, rf"\text{{backprop}} = {backprop.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
        ).arrange(DOWN, aligned_edge=RIGHT, buff=0.15)

    # ------------------------------------------------------------ the closed form and the Jacobians

    def get_loss(self) -> MathTex:
        """The chain rule to the loss at step t: L reaches a weight w only through h_t, so dL/dw = dL/dh_t . dh_t/dw.
        Parts: dL/dw, =, dL/dh_t, the dot, dh_t/dw (the factor this scene takes apart)."""
        t = self.t
        return math(self.palette, r"\frac{\partial L}{\partial w}", "=", rf"\frac{{\partial L}}{{\partial h_{t}}}", r"\cdot",
                    rf"\frac{{\partial h_{t}}}{{\partial w}}", scale=self.top_scale * 1.25, color=self.palette.error)

    def show_closed_form(self, table: PathTable) -> None:
        """The sweep leaves and the trellis's edges come back; the recurrence gives way to the closed form where it heads
        the trellis; its sum, its A and its B's are named in turn: every path runs back from h_t as the sum is named, then
        the largest path's A is ringed and its B edges are lit in time order."""
        p, graph, closed = self.palette, self.trellis.graph, self.trellis.headline
        term = table.terms[0]
        self.mark_path(table, term)
        path = get_path(graph, table.t, term.gammas, p.error)
        ring, lines = path[-1], path[:-1]
        forward = [line.copy().reverse_direction() for line in reversed(lines)]  # from the A's step on to step t
        self.lit = VGroup(ring, *forward)
        everything = get_paths(graph, table.t, [each.gammas for each in table.terms], p.error, theme.PATH_FAINT_WIDTH * 1.5)
        self.loss = self.place_panel(self.get_loss().scale(0.8))
        self.paced(
            # the sweep and the key make way; the closed form heads the trellis
            (Dissolve(self.sweep_parts, self.example, self.key), Transform(graph.edges, self.undimmed)),
            Write(closed[:2]),
            Write(closed[2]),
            # "a sum over paths back": every path runs back from h_t at once as the sum is named
            (swell(closed[CLOSED_FORM_A - 1]), ShowPassingFlash(everything, time_width=0.5, run_time=1.6)),
            (swell(closed[CLOSED_FORM_A]), Create(ring)),
            (swell(closed[CLOSED_FORM_B]), Succession(*(Create(line) for line in forward), run_time=1.6)),
            (Write(self.loss), swell(closed[0])),
        )

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


    def show_jacobian(self) -> None:
        """The lit path leaves; the bundle of edges into step t is lit, then each of its edges flies to its entry of a
        d x d matrix beside the trellis (edge gamma -> alpha to row alpha, column gamma), which is named J_t; the
        matrix folds into the name J_t over its bundle as J_s is defined, entry by entry B."""
        trellis, t = self.trellis, self.t
        bundle = trellis.graph.edges[t - 2]
        self.mark("lit", "edge", {"weight": "U", "t": t})
        matrix = self.get_matrix(t)
        matrix.next_to(trellis.graph, RIGHT, buff=0.4).align_to(trellis.graph, UP).shift(0.2 * DOWN)
        room = config.frame_width / 2 - self.column_margin - matrix.get_left()[0]
        if matrix.width > room:  # the whole matrix, brackets too, inside the frame's margin
            matrix.scale(room / matrix.width, about_edge=LEFT)
        name, frame, entries = matrix
        d = self.rnn.d
        # edges[alpha-1][gamma-1] joins h_{t-1}^gamma to h_t^alpha: it becomes row alpha, column gamma
        flights = AnimationGroup(*(ReplacementTransform(bundle[a][g].copy(), entries[a * d + g]) for a in range(d) for g in range(d)),
                                 lag_ratio=0.04, run_time=1.6)
        definition = trellis.definition
        self.paced(
            (Dissolve(self.lit, self.target, self.loss, self.read_inputs), thicken(bundle)),
            flights,
            (Create(frame), Write(name)),
            *(swell(*entries[a * d:(a + 1) * d], factor=1.2, run_time=0.8) for a in range(d)),  # a row per unit entered
            Wait(1.2),  # the whole matrix read before it folds
            (ReplacementTransform(VGroup(name, frame, entries), trellis.names[t - 2], run_time=1.0),),
            FadeIn(definition[0], run_time=0.6),
            FadeIn(definition[1], run_time=0.6),
            (FadeIn(definition[2], run_time=0.6), swell(trellis.names[t - 2], run_time=0.6)),
        )

    def show_product(self) -> None:
        """The other bundles are lit and named from the latest step back, then the product of the Jacobians is written
        and each of its factors swells with its bundle, from J_t back to J_2: the hand-off picture, the JacobianTrellis
        as VanishingProduct draws it first."""
        trellis = self.trellis
        steps = []
        for s in range(self.t - 1, 1, -1):
            self.mark("lit", "edge", {"weight": "U", "t": s})
            steps.append((thicken(trellis.graph.edges[s - 2]), FadeIn(trellis.names[s - 2], shift=0.1 * DOWN)))
        product = trellis.definition[3]
        steps.append(Write(product))
        steps.append(tuple(swell(trellis.names[s - 2]) for s in range(2, self.t + 1)))
        self.mark("lit", "edge", {"weight": "U", "t": self.t})
        steps += [thicken(trellis.graph.edges[s - 2], factor=2.0) for s in range(self.t, 1, -1)]
        self.paced(*steps)
