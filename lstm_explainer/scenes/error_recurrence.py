"""Scene 5: the recurrence for dh_t/dw_ij, its two terms named A and B in place; one derivative of the trained
net taken apart path by path (a pulse walking back, then a sweep that sums to backprop's number); the
trellis grown column by column, which is why the sum over paths holds for every t; the closed form; and
the trellis as a product of step Jacobians (VanishingProduct's first picture)."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.fades import Dissolve
from lstm_explainer.scenes.components.paths import (CLOSED_FORM_A, CLOSED_FORM_B, TRELLIS_STEPS, JacobianTrellis, get_path,
                                                       get_paths)
from lstm_explainer.scenes.components.text import caption, math, title
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.story import StoryScene, beat
from lstm_explainer.scenes.values.paths import PathTable, path_terms

SUBSCRIPT = dict(zip(range(10), "₀₁₂₃₄₅₆₇₈₉"))
DH = r"\frac{{\partial h^{{{unit}}}_{{{step}}}}}{{\partial w_{{ij}}}}"

# The recurrence as the post first writes it; its two terms are then named A and B in place.
# Parts: lhs, =, the direct term, +, the sum, the factor on the step before, the derivative at the step before.
RECURRENCE = (DH.format(unit=r"\alpha", step="t"), "=", r"\sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t", "+",
              r"\sum_{\gamma=1}^{d}", r"\sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}", DH.format(unit=r"\gamma", step="t-1"))
DIRECT, SUM, FACTOR = 2, 4, 5  # RECURRENCE's parts: the direct term, the sum over gamma, the factor on the step before
NAMES = {DIRECT: r"A(\alpha,t)", FACTOR: r"B(\alpha,\gamma,t)"}  # the part of RECURRENCE each letter names
KEY = {DIRECT: r"= \sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t", FACTOR: r"= \sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}"}
# The braces' words: what each term is, before it has a letter.
ROLES = {DIRECT: r"\text{direct}", FACTOR: r"\text{through } h^\gamma_{t-1}"}


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
    title = "Error as a sum over paths"
    section = "Calculating error, more generally"
    approx_seconds = 72
    fade_out = False  # its trellis is VanishingProduct's first picture

    t = TRELLIS_STEPS  # the step whose derivative is taken apart: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: input 1 is the symbol 'B', read at step 1 only, so every path of lag 3 that
    # ends at unit i = 4 counts: 16 of the 85 (the most any w_ij or u_ij has at t = 4)
    alpha, i, j, param = 2, 4, 1, "W"
    recurrence_height = 1.3  # where the recurrence is written, over the frame's centre
    top_scale = theme.EQUATION_SCALE_LABEL  # the recurrence and its key over the trellis: subscripts of 7 px at 480p

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string, self.t)
        self.recurrence_beat()
        self.names_beat()
        self.one_path_beat()
        self.sweep_beat()
        self.growth_beat()
        self.closed_form_beat()
        self.jacobian_beat()

    @beat("Differentiate a hidden state by an input weight wᵢⱼ: a direct term, plus the step before, through every unit γ.")
    def recurrence_beat(self):
        self.heading = title(self.palette, self.title)
        self.show_recurrence()

    @beat("Call the direct term A(α,t) and the factor on the step before B(α,γ,t).")
    def names_beat(self):
        self.name_terms()

    @beat("Unrolled, it walks back a step at a time: one B per step, one A where it stops. A path adds their product.")
    def one_path_beat(self):
        self.show_one_path(self.table)

    @beat("The other paths likewise: grey ones add zero (x is one-hot, wᵢⱼ feeds unit i alone). The sum is backprop's.")
    def sweep_beat(self):
        self.show_sweep(self.table)

    @beat("Why for any t: a new step adds a column, every path so far grows by one B into it, and each new A is a path of lag 0.")
    def growth_beat(self):
        self.show_growth()

    @beat("So for any t: a sum over all paths back, each an A times one B per step.")
    def closed_form_beat(self):
        self.show_closed_form(self.table)

    @beat("A step's B factors over all units form its Jacobian Jₛ; the trellis is their product.")
    def jacobian_beat(self):
        self.show_jacobians()

    def part(self, fraction: float, *steps) -> None:
        """Play `steps` in `fraction` of the beat's paced motion (a beat paced in several calls, things done between them)."""
        self.paced(*steps, share=theme.MOTION_SHARE_OF_READING * fraction)

    # ------------------------------------------------------------ the recurrence and its names

    def show_recurrence(self) -> None:
        """The recurrence as the post writes it, written in the caption's order, each term braced with what it is."""
        p = self.palette
        self.written = written = math(p, *RECURRENCE).move_to(self.recurrence_height * UP)
        self.braces = {n: Brace(written[n], DOWN, buff=0.08, color=p.muted) for n in NAMES}
        self.roles = {n: math(p, ROLES[n], scale=theme.EQUATION_SCALE_LABEL, color=p.muted).next_to(self.braces[n], DOWN, buff=0.08)
                      for n in NAMES}
        self.paced(
            (FadeIn(self.heading), Write(written[:2], run_time=1.2)),
            Write(written[DIRECT]),
            (GrowFromCenter(self.braces[DIRECT]), FadeIn(self.roles[DIRECT], run_time=0.6)),
            Write(written[DIRECT + 1:], run_time=1.6),
            (GrowFromCenter(self.braces[FACTOR]), FadeIn(self.roles[FACTOR], run_time=0.6)),
        )

    def name_terms(self) -> None:
        """Each brace's words become its letter, which then moves up into the line in place of the term; its key entry
        comes under the line."""
        p, written = self.palette, self.written
        colours = {DIRECT: p.hidden, FACTOR: p.U}
        letters = {n: math(p, NAMES[n], color=colours[n]).move_to(self.roles[n]) for n in NAMES}
        halfway = [*RECURRENCE]
        halfway[DIRECT] = NAMES[DIRECT]
        middle = math(p, *halfway).move_to(written)
        middle[DIRECT].set_color(colours[DIRECT])
        short = self.get_short_recurrence().move_to(written)
        self.key = VGroup(*(math(p, NAMES[n], KEY[n], scale=self.top_scale) for n in NAMES)).arrange(RIGHT, buff=1.0)
        for n, entry in zip(NAMES, self.key):
            entry[0].set_color(colours[n])
        self.key.next_to(short, DOWN, buff=0.5)
        factor_note = VGroup(self.braces[FACTOR], self.roles[FACTOR])
        self.paced(
            ReplacementTransform(self.roles[DIRECT], letters[DIRECT]),
            (ReplacementTransform(letters[DIRECT], middle[DIRECT]), FadeOut(written[DIRECT]), FadeOut(self.braces[DIRECT]),
             *(ReplacementTransform(written[n], middle[n]) for n in range(len(RECURRENCE)) if n != DIRECT),
             factor_note.animate.shift(middle[FACTOR].get_center() - written[FACTOR].get_center()).build(),
             FadeIn(self.key[0], shift=0.1 * UP)),
            ReplacementTransform(self.roles[FACTOR], letters[FACTOR]),
            (ReplacementTransform(letters[FACTOR], short[FACTOR]), FadeOut(middle[FACTOR]), FadeOut(self.braces[FACTOR]),
             *(ReplacementTransform(middle[n], short[n]) for n in range(len(RECURRENCE)) if n != FACTOR),
             FadeIn(self.key[1], shift=0.1 * UP)),
        )
        self.recurrence = short

    def get_short_recurrence(self) -> MathTex:
        """dh_t/dw = A(alpha,t) + sum_gamma B(alpha,gamma,t) dh_{t-1}/dw, in RECURRENCE's seven parts, A and B in their colours."""
        p = self.palette
        parts = [*RECURRENCE]
        for n in NAMES:
            parts[n] = NAMES[n]
        short = math(p, *parts)
        short[DIRECT].set_color(p.hidden)
        short[FACTOR].set_color(p.U)
        return short

    # ------------------------------------------------------------ one path, then all of them

    def where(self, table: PathTable) -> dict:
        """The index of the example derivative dh_t^alpha/dw_ij."""
        return {"t": table.t, "unit": table.alpha, "i": table.i, "j": table.j}

    def get_example(self, table: PathTable) -> VGroup:
        p = self.palette
        symbol = reber.SYMBOLS[table.j - 1]
        derivative = math(p, rf"\frac{{\partial h^{{{table.alpha}}}_{{{table.t}}}}}{{\partial {table.param.lower()}_{{{table.i}{table.j}}}}}",
                          color=p.error)
        note = caption(f"α = {table.alpha}, i = {table.i},\nj = {table.j}: symbol ‘{symbol}’", theme.SMALL_SIZE, p.muted)
        return VGroup(derivative, note).arrange(RIGHT, buff=0.25)

    def mark_path(self, table: PathTable, term: PathTerm) -> None:
        """The lit path in time order (its first unit at step t - lag) and the ring on the node where its A is."""
        start = table.t - term.k
        self.mark("lit", "path", {"t": table.t, "path": ",".join(map(str, reversed(term.gammas)))})
        self.mark("ring", "node", {"t": start, "unit": term.gammas[-1]})

    def get_factor_row(self, table: PathTable, term: PathTerm) -> VGroup:
        """The path's factors under the trellis in time order, each under its node (A) or its edges (B), and the product.

        Every factor is recorded with its step and units; B in the colour of U's edges, A in the hidden units' colour.
        """
        p, t, g, graph = self.palette, table.t, term.gammas, self.trellis.graph
        name = f"A({g[-1]},{t - term.k})"  # typeset over its number, and the number's label
        a = self.numeral("A", {"t": t - term.k, "unit": g[-1], "i": table.i, "j": table.j}, term.A, label=name)
        cells = [(name, a, p.hidden, graph.columns[t - term.k - 1].get_x())]
        for l in reversed(range(term.k)):  # the B of the earliest step first: time order, left to right
            name = f"B({g[l]},{g[l + 1]},{t - l})"
            b = self.numeral("B", {"t": t - l, "unit": g[l], "to": g[l + 1]}, term.B[l], label=name)
            x = (graph.columns[t - l - 2].get_x() + graph.columns[t - l - 1].get_x()) / 2
            cells.append((name, b, p.U, x))
        top = graph.inputs.get_bottom()[1] - 0.3
        row = VGroup()
        for name, shown, color, x in cells:
            cell = VGroup(math(p, name, scale=theme.EQUATION_SCALE_LABEL, color=color),
                          math(p, shown.tex(), scale=theme.EQUATION_SCALE_LABEL, color=color)).arrange(DOWN, buff=0.12)
            row.add(cell.move_to([x, top - cell.height / 2, 0]))
        if len(row) > 1 and row[0].get_right()[0] > row[1].get_left()[0] - 0.2:  # A under its node, clear of the first B
            row[0].shift((row[1].get_left()[0] - 0.2 - row[0].get_right()[0]) * RIGHT)
        product = self.numeral("path_product", {**self.where(table), "path": ",".join(map(str, g))}, term.product,
                               label=f"∏ of the path {self.tuple_text(term)}")
        equals = equals_tex(product, float(np.prod([c[1].as_shown for c in cells])))
        result = math(p, rf"\Rightarrow\ \textstyle\prod {equals} {product.tex()}", color=p.error, scale=theme.EQUATION_SCALE_SMALL)
        result.next_to(row, RIGHT, buff=0.35).align_to(row[-1][1], DOWN)
        if result.get_right()[0] > config.frame_width / 2 - theme.FRAME_MARGIN:  # a long number: under the last factor
            result.next_to(row, DOWN, buff=0.15).align_to(row, RIGHT)
        return VGroup(row, result)

    def tuple_text(self, term: PathTerm) -> str:
        """The path as the tuple on screen reads, in plain text: (γ3,γ2,γ1,γ0) = (4,4,2,2)."""
        names = ",".join(f"γ{l}" for l in range(term.k, -1, -1))
        return f"({names}) = ({','.join(str(u) for u in reversed(term.gammas))})"

    def get_tuple(self, term: PathTerm) -> VGroup:
        """The path's units in time order, earliest step first, as the trellis reads left to right."""
        t, k = self.t, term.k
        names = ",".join(rf"\gamma_{{{l}}}" for l in range(k, -1, -1))
        units = ",".join(str(u) for u in reversed(term.gammas))
        return VGroup(math(self.palette, rf"({names}) = ({units})", scale=theme.EQUATION_SCALE_LABEL),
                      caption(f"its units at steps {t - k} to {t}", theme.SMALL_SIZE, self.palette.muted)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1)

    def get_total(self, table: PathTable, paths: int) -> VGroup:
        """Which path the sweep is at, that path's product and the running total after it: one line each."""
        p = self.palette
        value = table.running[paths - 1] if paths else 0.0
        words, added = "running total", f"{paths} of {len(table.terms)} paths added"
        shown = self.numeral("path_sum_partial", {**self.where(table), "paths": paths}, value, label=f"{words}, {added}")
        counter = caption(added, theme.LABEL_SIZE, p.muted)
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
        room = config.frame_width / 2 - theme.FRAME_MARGIN - (self.trellis.graph.get_right()[0] + 0.6)
        return mob.scale_to_fit_width(room) if mob.width > room else mob

    def show_one_path(self, table: PathTable) -> None:
        """The recurrence moves over the trellis; a pulse leaves h_t^alpha and walks back along the largest path, each B
        coming under its edges as the pulse crosses them, the A under the node where it stops; then their product."""
        p = self.palette
        graph = self.trellis.graph
        self.example = self.place_panel(self.get_example(table))
        term = table.terms[0]
        self.path = get_path(graph, table.t, term.gammas, p.error)
        self.tuple = self.place_panel(self.get_tuple(term), self.example)
        self.total = self.place_panel(self.get_total(table, 0), self.tuple)
        # the recurrence and its key move up over the trellis, at a size whose subscripts stay legible
        recurrence = self.recurrence.copy().scale(self.top_scale / theme.EQUATION_SCALE)
        recurrence.next_to(self.heading, DOWN, buff=0.15).set_x(0)
        key = self.key.copy().next_to(recurrence, DOWN, buff=0.2).set_x(0)
        self.mark_path(table, term)
        self.factors = self.get_factor_row(table, term)
        cells, result = self.factors
        new_total = self.narrow(self.get_total(table, 1)).move_to(self.total, aligned_edge=LEFT)
        pulse = Dot(graph.h_node(table.t, term.gammas[0]).get_center(), radius=0.09, color=p.error)
        # the B of the latest step is the last cell: the pulse crosses the edges from step t back
        walk = [(MoveAlongPath(pulse, Line(segment.get_start(), segment.get_end())), Create(segment),
                 FadeIn(cells[-1 - l], shift=0.1 * UP)) for l, segment in enumerate(self.path[:-1])]
        self.paced(
            (Transform(self.recurrence, recurrence), Transform(self.key, key),
             Dissolve(graph, self.example, self.total, fade_in=True, run_time=1.6)),
            (FadeIn(pulse, run_time=0.3),),
            *walk,
            (Create(self.path[-1]), FadeIn(cells[0], shift=0.1 * UP), FadeOut(pulse)),
            (FadeIn(result), FadeIn(self.tuple), FadeOut(self.total), FadeIn(new_total)),
        )
        self.total = new_total

    def show_sweep(self, table: PathTable) -> None:
        """The other non-zero paths one after another (total redrawn, never cross-faded), then the zeros, then the check."""
        p, graph = self.palette, self.trellis.graph
        nonzero = len(table.nonzero)
        # shares of the beat's motion: the detail leaves, the sweep, the zeros and the check
        self.part(0.1, Dissolve(self.factors, self.tuple))
        path, total = self.path, self.total
        for n in range(1, nonzero):
            new_path = get_path(graph, table.t, table.terms[n].gammas, p.error)
            self.mark_path(table, table.terms[n])
            # the product itself is not drawn in the sweep (no text): it is added into the running total shown
            self.record("path_product", {**self.where(table), "path": ",".join(map(str, table.terms[n].gammas))},
                        table.terms[n].product, "", label=f"∏ of the path {self.tuple_text(table.terms[n])}, added to the running total")
            self.remove(total)
            total = self.narrow(self.get_total(table, n + 1)).move_to(total, aligned_edge=LEFT)
            self.add(total)
            self.part(0.6 / max(nonzero - 1, 1), (FadeOut(path), FadeIn(new_path)))
            path = new_path
        zero = [term.gammas for term in table.terms[nonzero:]]
        faint = get_paths(graph, table.t, zero, p.muted, theme.PATH_FAINT_WIDTH).set_stroke(opacity=0.5)
        legend = self.get_zero_legend(table, len(zero))
        self.place_panel(legend, total)
        check = self.get_check(table).next_to(graph.inputs, DOWN, buff=0.35).align_to(graph, LEFT)
        # the zeros are added too: the counter ends where the check's "all paths" says
        self.remove(total)
        total = self.narrow(self.get_total(table, len(table.terms))).move_to(total, aligned_edge=LEFT)
        self.add(total)
        self.part(0.3 if nonzero > 1 else 0.9, (FadeOut(path), FadeIn(faint), FadeIn(legend)), FadeIn(check, shift=0.1 * UP))
        self.sweep_parts = VGroup(faint, legend, check, total)

    def get_zero_legend(self, table: PathTable, zeros: int) -> VGroup:
        """The grey paths named: how many, and why they add nothing."""
        p = self.palette
        steps = [s for s in range(1, table.t + 1) if self.inputs[s - 1, table.j - 1] == 1]
        symbol = reber.SYMBOLS[table.j - 1]
        swatch = Line(ORIGIN, 0.5 * RIGHT, color=p.muted, stroke_width=theme.PATH_FAINT_WIDTH * 2).set_stroke(opacity=0.7)
        head = VGroup(swatch, caption(f"{zeros} paths that add 0", theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.15)
        why = caption(f"‘{symbol}’ is read at step {', '.join(map(str, steps))} only,\n"
                      f"w{SUBSCRIPT[table.i]}{SUBSCRIPT[table.j]} feeds unit {table.i} alone", theme.SMALL_SIZE, p.muted)
        return VGroup(head, why).arrange(DOWN, aligned_edge=LEFT, buff=0.1)

    def get_check(self, table: PathTable) -> VGroup:
        """The sum over all paths, its summand written out, against backprop's derivative."""
        p = self.palette
        digits, where, name = theme.CHECK_DIGITS, self.where(table), f"dh/d{table.param}"
        derivative = f"∂h^{table.alpha}_{table.t}/∂{table.param.lower()}_{table.i}{table.j}"
        path_sum = self.numeral(name, where, table.running[-1], digits, label=f"Σ over all {len(table.terms)} paths of ∏ B · A, {derivative}")
        backprop = self.numeral(f"{name} backprop", where, table.exact, digits, label=f"backprop, {derivative}")
        return VGroup(
            math(p, rf"\textstyle\sum_{{\text{{all {len(table.terms)} paths}}}} \prod B \cdot A = {path_sum.tex()}",
                 scale=theme.EQUATION_SCALE_LABEL, color=p.error),
            math(p, rf"\text{{backprop}} = {backprop.tex()}", scale=theme.EQUATION_SCALE_LABEL, color=p.error),
        ).arrange(DOWN, aligned_edge=RIGHT, buff=0.15)

    # ------------------------------------------------------------ why every t: the trellis grown a column at a time

    def show_growth(self) -> None:
        """The trellis shrinks to its first column, where each node's only path is its own A; then each new column comes,
        pulses carry every path so far along the edges into it (one B each), its nodes' own A's are ringed, and a
        row counts the paths into one of its nodes: 1 + d x (the count before)."""
        p, graph, r = self.palette, self.trellis.graph, self.recurrence
        later = VGroup(*graph.columns[1:], *graph.step_labels[1:], *graph.inputs[1:])
        self.counts = self.get_counts()
        rings = [self.get_rings(s) for s in range(1, self.t + 1)]
        steps = [Dissolve(self.example, self.sweep_parts, later, graph.edges, run_time=1.2),
                 (Create(rings[0]), swell(r[DIRECT]), FadeIn(self.counts[0]), FadeIn(self.counts[1]))]
        for s in range(2, self.t + 1):
            column = VGroup(graph.columns[s - 1], graph.step_labels[s - 1], graph.inputs[s - 1])
            edges = graph.edges[s - 2]
            self.mark("lit", "edge", {"weight": "U", "t": s})
            pulses = VGroup(*(Dot(line.get_start(), radius=0.05, color=p.error) for line in edges.family_members_with_points()))
            steps += [
                (FadeOut(rings[s - 2]), Dissolve(column, fade_in=True, shift=0.3 * RIGHT, run_time=0.8)),
                (Create(edges), *(MoveAlongPath(dot, line.copy()) for dot, line in zip(pulses, edges.family_members_with_points())),
                 swell(*r[SUM:], run_time=1.3)),
                (FadeOut(pulses), Create(rings[s - 1]), swell(r[DIRECT]), FadeIn(self.counts[s])),
            ]
        steps.append((FadeOut(rings[-1]),))
        self.paced(*steps)
        # the trellis is whole again: one group, edges under the nodes as it was built
        self.remove(graph)
        self.add(graph)

    def get_rings(self, s: int) -> VGroup:
        """A ring on every node of step s: each node's own A, its path of lag 0 (marked as drawn)."""
        p, graph = self.palette, self.trellis.graph
        for unit in range(1, self.rnn.d + 1):
            self.mark("ring", "node", {"t": s, "unit": unit, "lag": 0})
        return VGroup(*(Circle(radius=graph.h_node(s, unit).width * theme.PATH_RING, color=p.hidden,
                               stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(graph.h_node(s, unit))
                        for unit in range(1, self.rnn.d + 1)))

    def get_counts(self) -> VGroup:
        """A heading and one row per step: the paths into one node of h_s, 1 (its own A) + d x the paths into a node
        of h_(s-1) (each grown by one B). Every count is the model's number of paths (its path table's, by lag)."""
        p, d = self.palette, self.rnn.d
        tables = [path_terms(self.rnn, self.reber_string, s, self.alpha, self.i, self.j, self.param) for s in range(1, self.t + 1)]
        counts = [len(table.terms) for table in tables]
        head = caption("paths into one node", theme.LABEL_SIZE, p.muted)
        rows = VGroup()
        for s, count in enumerate(counts, start=1):
            where = f"a node of h{SUBSCRIPT[s]}"
            total = self.numeral("path_count", {"t": s}, count, len(str(count)), label=f"paths into {where}")
            if s == 1:
                rows.add(math(p, rf"h_{s}:", total.tex(), scale=self.top_scale))
                continue
            own = self.numeral("path_count", {"t": s, "lag": 0}, tables[s - 1].per_lag[0], 1,
                               label=f"its own A: the path of lag ℓ = 0 into {where}")
            units = self.numeral("d", {}, d, len(str(d)), label=f"d = {d} units γ, one B into {where} from each")
            before = self.numeral("path_count", {"t": s - 1}, counts[s - 2], len(str(counts[s - 2])),
                                  label=f"paths into a node of h{SUBSCRIPT[s - 1]}")
            rows.add(math(p, rf"h_{s}:", rf"{own.tex()} + {units.tex()} \times {before.tex()} =", total.tex(), scale=self.top_scale))
        for row in rows:
            row[0].set_color(p.hidden)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        for row in rows:  # the counts in one column, right of every "="
            row[-1].align_to(rows[-1][-1], LEFT)
        group = VGroup(head, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.place_panel(group)
        return VGroup(head, *rows)

    # ------------------------------------------------------------ the closed form and the Jacobians

    def show_closed_form(self, table: PathTable) -> None:
        """The recurrence gives way to the closed form where it heads the trellis; its sum, its A and its B's are named
        in turn as the largest path's A is ringed and its B edges are lit in time order."""
        p, graph, closed, r = self.palette, self.trellis.graph, self.trellis.headline, self.recurrence
        term = table.terms[0]
        self.mark_path(table, term)
        path = get_path(graph, table.t, term.gammas, p.error)
        ring, lines = path[-1], path[:-1]
        forward = [line.copy().reverse_direction() for line in reversed(lines)]  # from the A's step on to step t
        self.lit = VGroup(ring, *forward)
        self.paced(
            # the same left-hand side moves into place; the recurrence's right-hand side and its key make way
            (ReplacementTransform(r[0], closed[0]), ReplacementTransform(r[1], closed[1]), Dissolve(r[2:], self.key, shift=0.2 * UP)),
            Dissolve(closed[2:], fade_in=True, shift=0.1 * UP),
            swell(closed[CLOSED_FORM_A - 1]),
            (swell(closed[CLOSED_FORM_A]), Create(ring)),
            (swell(closed[CLOSED_FORM_B]), Succession(*(Create(line) for line in forward), run_time=1.6)),
        )

    def show_jacobians(self) -> None:
        """The count and the lit path leave; each step's bundle of edges is lit as it is named J_s; then J_s is defined and
        the trellis's product written: the hand-off picture, the JacobianTrellis as VanishingProduct draws it first."""
        trellis = self.trellis
        steps = [Dissolve(self.counts, self.lit, run_time=0.8)]
        for s in range(2, self.t + 1):
            self.mark("lit", "edge", {"weight": "U", "t": s})
            steps.append((thicken(trellis.graph.edges[s - 2]), FadeIn(trellis.names[s - 2], shift=0.1 * DOWN)))
        steps += [FadeIn(line, shift=0.1 * LEFT, run_time=0.6) for line in trellis.definition]
        self.paced(*steps)

