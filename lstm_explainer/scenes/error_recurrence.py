"""Scene 5: the recurrence for dh_t/dw_ij, its two terms named A and B in place, one derivative of the
trained net taken apart path by path and swept, the induction that makes the sum over paths hold for
every t, the closed form, and the trellis as a product of step Jacobians (VanishingProduct's first picture)."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.model.rnn import PathTerm
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.fades import Dissolve
from lstm_explainer.scenes.components.paths import TRELLIS_STEPS, JacobianTrellis, closed_form, get_path, get_paths
from lstm_explainer.scenes.components.text import caption, math, prose, title
from lstm_explainer.scenes.numbers import equals_tex
from lstm_explainer.scenes.story import StoryScene, beat
from lstm_explainer.scenes.values.paths import PathTable, path_terms

SUBSCRIPT = dict(zip(range(10), "₀₁₂₃₄₅₆₇₈₉"))
DH = r"\frac{{\partial h^{{{unit}}}_{{{step}}}}}{{\partial w_{{ij}}}}"

# The recurrence as the post first writes it; its two terms are then named A and B in place.
RECURRENCE = (DH.format(unit=r"\alpha", step="t"), "=", r"\sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t", "+",
              r"\sum_{\gamma=1}^{d}", r"\sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}", DH.format(unit=r"\gamma", step="t-1"))
NAMES = {2: r"A(\alpha,t)", 5: r"B(\alpha,\gamma,t)"}  # the part of RECURRENCE each letter names
KEY = (r"A(\alpha,t) = \sigma_h'(a^\alpha_t)\,\delta(\alpha,i)\,x^j_t", r"B(\alpha,\gamma,t) = \sigma_h'(a^\alpha_t)\,u_{\alpha\gamma}")
# The braces' words: what each term is, before it has a letter.
ROLES = {2: r"\text{direct}", 5: r"\text{through } h^\gamma_{t-1}"}

# The post's letters against the film's, for a reader with the post open: the card's title says whom it is for.
NOTATION_TITLE = "Reading the written post alongside? Its letters here:"
NOTATION = (
    r"post's $k$ $\to$ lag $\ell$; \quad post's $\ell$ $\to$ factor index $r$; \quad post's $n$ $\to$ $d = 4$ hidden units;",
    r"post's $A(\gamma_1,t)$, $A(\gamma_2,t)$ in its unrolled lines $\to$ $A(\gamma_1,t-1)$, $A(\gamma_2,t-2)$",
)
# The induction: one equation for t + 1 whose right-hand side changes in place.
BASE_CASE = r"t=1:\quad \frac{\partial h^\alpha_1}{\partial w_{ij}} = A(\alpha,1)\quad(\text{only the path of lag } \ell = 0)"
STEP_LHS = DH.format(unit=r"\alpha", step="t+1")
# One convention throughout (the closed form's gamma_0 = alpha): the unit the step goes through is gamma_1,
# and the sum assumed for h^{gamma_1}_t runs over paths gamma_1, gamma_2, ..., so no renaming is needed.
INDUCTION = (
    (r"A(\alpha,t+1)", "+", r"\sum_{\gamma_1} B(\alpha,\gamma_1,t+1)", DH.format(unit=r"\gamma_1", step="t")),
    (r"A(\alpha,t+1)", "+", r"\sum_{\gamma_1} B(\alpha,\gamma_1,t+1)",
     r"\sum_{\ell=0}^{t-1}\sum_{\gamma_2}\!\cdots\!\sum_{\gamma_{\ell+1}}\prod_{r=1}^{\ell}B(\gamma_r,\gamma_{r+1},t+1-r)\,"
     r"A(\gamma_{\ell+1},t-\ell)"),
    (r"\sum_{\ell=0}^{t}\sum_{\gamma_1}\!\cdots\!\sum_{\gamma_\ell}\prod_{r=0}^{\ell-1}B(\gamma_r,\gamma_{r+1},t+1-r)\,"
     r"A(\gamma_\ell,t+1-\ell)",
     r"\qquad \gamma_0=\alpha"),
)


class ErrorRecurrence(StoryScene):
    scene_id = "error-recurrence"
    title = "Error as a sum over paths"
    section = "Calculating error, more generally"
    approx_seconds = 87
    fade_out = False  # its trellis is VanishingProduct's first picture

    t = TRELLIS_STEPS  # the step whose derivative is taken apart: 1 + 4 + 16 + 64 = 85 paths
    # dh_4^2 / dw_{4,1}: input 1 is the symbol 'B', read at step 1 only, so every path of lag 3 that
    # ends at unit i = 4 counts: 16 of the 85 (the most any w_ij or u_ij has at t = 4)
    alpha, i, j, param = 2, 4, 1, "W"
    recurrence_height = 1.3  # where the recurrence is written, over the frame's centre
    recurrence_top_scale = 0.85 * theme.EQUATION_SCALE_SMALL  # its size over the trellis

    def construct(self):
        self.table = path_terms(self.rnn, self.reber_string, self.t, self.alpha, self.i, self.j, self.param)
        self.trellis = JacobianTrellis(self.palette, self.rnn.U, self.reber_string, self.t)
        self.recurrence_beat()
        self.names_beat()
        self.one_path_beat()
        self.sweep_beat()
        self.base_case_beat()
        self.induction_step_beat()
        self.reindex_beat()
        self.closed_form_beat()
        self.jacobian_beat()

    @beat("Differentiate the hidden state by one input weight wᵢⱼ: a direct term, plus the step before through every unit γ.")
    def recurrence_beat(self):
        self.heading = title(self.palette, self.title)
        self.show_recurrence()

    @beat("Name the two terms in place: A(α,t), the direct one, and B(α,γ,t), the factor on the step before.")
    def names_beat(self):
        self.name_terms()

    @beat("Applied again and again, it walks back one step at a time: a path, one B per step and one A where it stops.")
    def one_path_beat(self):
        self.show_one_path(self.table)

    @beat("The rest in a sweep; grey paths add exactly zero (x is one-hot, wᵢⱼ feeds unit i alone). The sum is backprop's.")
    def sweep_beat(self):
        self.show_sweep(self.table)

    @beat("The claim: for every t, a sum over all paths back, a path's lag ℓ the steps it goes back. "
          "At t = 1 only the path of lag ℓ = 0 is left: A(α,1).")
    def base_case_beat(self):
        self.show_base_case()

    @beat("For t + 1: one step of the recurrence, with the sum over paths for t in place of the derivative at t.")
    def induction_step_beat(self):
        self.change_rhs(INDUCTION[1], keep=3)
        self.show_hypothesis()

    @beat("With γ₀ = α, the new B makes every path one step longer; "
          "the lone A(α,t+1) is the path of lag ℓ = 0: the same sum, for t + 1.")
    def reindex_beat(self):
        self.change_rhs(INDUCTION[2], leaving=self.hypothesis, run_time=theme.SLOW)

    @beat("So for every t: a sum over all paths back in time, dˡ of lag ℓ, each an A times ℓ factors B.")
    def closed_form_beat(self):
        self.show_closed_form()

    @beat("One step's B factors over all units form the step Jacobian Jₛ; the trellis is their product.")
    def jacobian_beat(self):
        self.show_jacobians()

    # ------------------------------------------------------------ the algebra

    def show_recurrence(self) -> None:
        """The recurrence as the post writes it, each term braced with what it is."""
        p = self.palette
        # at body size in the upper middle of the frame: the recurrence is the whole picture until the trellis comes
        self.written = written = math(p, *RECURRENCE).move_to(self.recurrence_height * UP)
        self.braces = VGroup(*(Brace(written[n], DOWN, buff=0.08, color=p.muted) for n in NAMES))
        self.roles = VGroup(*(math(p, ROLES[n], scale=theme.EQUATION_SCALE_SMALL, color=p.muted).next_to(b, DOWN, buff=0.08)
                              for n, b in zip(NAMES, self.braces)))
        self.play(FadeIn(self.heading), Write(written), run_time=theme.SLOW)
        self.play(FadeIn(self.braces), FadeIn(self.roles))

    def name_terms(self) -> None:
        """Each braced term gets its letter under the brace, then moves up into the line in its place."""
        p, written = self.palette, self.written
        letters = VGroup(*(math(p, NAMES[n]).move_to(role) for n, role in zip(NAMES, self.roles)))
        self.play(*(ReplacementTransform(role, letter) for role, letter in zip(self.roles, letters)), run_time=theme.NORMAL)
        short = self.get_short_recurrence().move_to(written, aligned_edge=LEFT)
        self.key = VGroup(*(math(p, k, scale=theme.EQUATION_SCALE_SMALL, color=p.text) for k in KEY)).arrange(RIGHT, buff=1.0)
        self.key.next_to(short, DOWN, buff=0.5)
        # the named terms move up into their letters; the rest of the line keeps its symbols
        self.play(
            *(ReplacementTransform(letters[m], short[n]) for m, n in enumerate((2, 4))),
            *(FadeOut(written[n]) for n in NAMES), FadeOut(self.braces),
            *(ReplacementTransform(written[a], short[b]) for a, b in ((0, 0), (1, 1), (3, 3), (6, 5))),
            FadeOut(written[4]),
            FadeIn(self.key),
        )
        self.recurrence = short

    def get_short_recurrence(self) -> MathTex:
        """dh_t/dw = A(alpha,t) + sum_gamma B(alpha,gamma,t) dh_{t-1}/dw: parts lhs, =, A, +, sum B, dh."""
        return math(self.palette, RECURRENCE[0], "=", NAMES[2], "+", r"\sum_{\gamma=1}^{d} " + NAMES[5], RECURRENCE[6])

    def show_base_case(self) -> None:
        """The example leaves; under the recurrence, the case t = 1 and the equation for t + 1 that the induction changes."""
        p = self.palette
        self.play(Dissolve(self.trellis.graph, self.example, self.sweep_parts, self.key))
        # every form of the equation starts where the widest one must start to stay in the frame
        left = -max(math(p, STEP_LHS, "=", *rhs, scale=theme.EQUATION_SCALE_SMALL).width for rhs in INDUCTION) / 2
        self.base = math(p, BASE_CASE, scale=theme.EQUATION_SCALE_SMALL).next_to(self.recurrence, DOWN, buff=1.1)
        self.base.shift((left - self.base.get_left()[0]) * RIGHT)
        self.step = math(p, STEP_LHS, "=", *INDUCTION[0], scale=theme.EQUATION_SCALE_SMALL)
        self.step.next_to(self.base, DOWN, buff=1.2, aligned_edge=LEFT)
        self.play(FadeIn(self.base))
        self.play(FadeIn(self.step))

    def change_rhs(self, rhs: tuple[str, ...], keep: int = 0, leaving: Mobject | None = None, run_time: float = theme.NORMAL) -> None:
        """The induction's equation keeps its left-hand side and its first `keep` right-hand parts; the rest changes in place
        (and `leaving`, a note on the old parts, goes with them)."""
        new = math(self.palette, STEP_LHS, "=", *rhs, scale=theme.EQUATION_SCALE_SMALL)
        new.shift(self.step[0].get_center() - new[0].get_center())
        changed = 2 + keep
        old = VGroup(*self.step[changed:], *([leaving] if leaving is not None else []))
        self.play(Dissolve(old, shift=0.15 * UP), Dissolve(new[changed:], fade_in=True, shift=0.15 * UP), run_time=run_time)
        self.remove(*self.step[:changed])
        self.add(*new[:changed])
        self.step = new

    def show_hypothesis(self) -> None:
        """A brace under the sum put in for the derivative at t: what the step assumes."""
        p = self.palette
        brace = Brace(self.step[5], DOWN, buff=0.08, color=p.muted)
        words = caption("the sum over paths for t, assumed", theme.SMALL_SIZE, p.muted).next_to(brace, DOWN, buff=0.1)
        self.hypothesis = VGroup(brace, words)
        self.play(FadeIn(self.hypothesis), run_time=theme.FAST)

    def show_closed_form(self) -> None:
        """The induction's result for every t, where it will head the trellis, with its count of paths and the notation card."""
        p = self.palette
        self.closed = closed_form(p)
        self.count = self.get_count(self.table).next_to(self.closed, DOWN, buff=0.35)
        self.card = self.get_notation_card().next_to(self.count, DOWN, buff=0.6)
        self.play(Dissolve(self.recurrence, self.base, self.step), run_time=theme.NORMAL)
        self.play(Dissolve(self.closed, fade_in=True, shift=0.15 * UP), run_time=theme.NORMAL)
        self.play(FadeIn(self.count), FadeIn(self.card))

    def get_count(self, table: PathTable) -> Tex:
        counts = " + ".join(str(c) for c in table.per_lag)
        return prose(rf"$d^\ell$ paths of lag $\ell$; for $d = {self.rnn.d}$, $t = {table.t}$: ${counts} = {len(table.terms)}$ paths",
                     self.palette.muted)

    def get_notation_card(self) -> VGroup:
        """The post's letters beside the film's: a short key for a reader with the post open."""
        p = self.palette
        head = caption(NOTATION_TITLE, theme.LABEL_SIZE, p.text)
        lines = VGroup(head, *(Tex(line, color=p.muted, font_size=theme.PROSE_SIZE) for line in NOTATION)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        frame = SurroundingRectangle(lines, color=p.dim, buff=0.15, corner_radius=0.08, stroke_width=2)
        return VGroup(frame, lines)

    # ------------------------------------------------------------ the example on the trellis

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
            cell = VGroup(math(p, name, scale=theme.EQUATION_SCALE_TABLE, color=color),
                          math(p, shown.tex(), scale=theme.EQUATION_SCALE_TABLE, color=color)).arrange(DOWN, buff=0.12)
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
        return VGroup(math(self.palette, rf"({names}) = ({units})", scale=theme.EQUATION_SCALE_SMALL),
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
        p = self.palette
        graph = self.trellis.graph
        self.example = self.place_panel(self.get_example(table))
        term = table.terms[0]
        self.path = get_path(graph, table.t, term.gammas, p.error)
        self.tuple = self.place_panel(self.get_tuple(term), self.example)
        self.total = self.place_panel(self.get_total(table, 0), self.tuple)
        # the recurrence and its key move up over the trellis, at the size of the formulas beside it
        recurrence = self.recurrence.copy().scale(self.recurrence_top_scale / theme.EQUATION_SCALE)
        recurrence.next_to(self.heading, DOWN, buff=0.2).set_x(0)
        key = self.key.copy().scale(0.85).next_to(recurrence, DOWN, buff=0.3).set_x(0)
        self.play(Transform(self.recurrence, recurrence), Transform(self.key, key), Dissolve(graph, self.example, self.total, fade_in=True))
        self.mark_path(table, term)
        self.factors = self.get_factor_row(table, term)
        new_total = self.narrow(self.get_total(table, 1)).move_to(self.total, aligned_edge=LEFT)
        self.play(Create(self.path), FadeIn(self.tuple), LaggedStart(*(FadeIn(c, shift=0.1 * UP) for c in self.factors[0]), lag_ratio=0.3),
                  run_time=theme.SLOW)
        self.play(FadeIn(self.factors[1]), FadeOut(self.total), FadeIn(new_total), run_time=theme.NORMAL)
        self.total = new_total

    def show_sweep(self, table: PathTable) -> None:
        """The other non-zero paths one after another (total redrawn, never cross-faded), then the zeros, then the check."""
        p, graph = self.palette, self.trellis.graph
        self.play(Dissolve(self.factors, self.tuple), run_time=theme.FAST)
        path, total = self.path, self.total
        for n in range(1, len(table.nonzero)):
            new_path = get_path(graph, table.t, table.terms[n].gammas, p.error)
            self.mark_path(table, table.terms[n])
            # the product itself is not drawn in the sweep (no text): it is added into the running total shown
            self.record("path_product", {**self.where(table), "path": ",".join(map(str, table.terms[n].gammas))},
                        table.terms[n].product, "", label=f"∏ of the path {self.tuple_text(table.terms[n])}, added to the running total")
            self.remove(total)
            total = self.narrow(self.get_total(table, n + 1)).move_to(total, aligned_edge=LEFT)
            self.add(total)
            self.play(FadeOut(path), FadeIn(new_path), run_time=theme.SWEEP)
            path = new_path
        zero = [term.gammas for term in table.terms[len(table.nonzero):]]
        faint = get_paths(graph, table.t, zero, p.muted, theme.PATH_FAINT_WIDTH).set_stroke(opacity=0.5)
        legend = self.get_zero_legend(table, len(zero))
        self.place_panel(legend, total)
        check = self.get_check(table).next_to(graph.inputs, DOWN, buff=0.35).align_to(graph, LEFT)
        # the zeros are added too: the counter ends where the check's "all paths" says
        self.remove(total)
        total = self.narrow(self.get_total(table, len(table.terms))).move_to(total, aligned_edge=LEFT)
        self.add(total)
        self.play(FadeOut(path), FadeIn(faint), FadeIn(legend), FadeIn(check), run_time=theme.NORMAL)
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
                 scale=theme.EQUATION_SCALE_SMALL, color=p.error),
            math(p, rf"\text{{backprop}} = {backprop.tex()}", scale=theme.EQUATION_SCALE_SMALL, color=p.error),
        ).arrange(DOWN, aligned_edge=RIGHT, buff=0.15)

    def show_jacobians(self) -> None:
        """The closed form stays as the trellis's headline under the scene's title, the trellis comes back; each step's edges are named J_s
        and J_s is defined: the hand-off picture."""
        trellis = self.trellis
        self.remove(self.closed)  # the trellis's own headline is the same closed form at the same place
        self.add(trellis.headline)
        self.play(Dissolve(self.count, self.card), run_time=theme.NORMAL)
        self.play(Dissolve(trellis.graph, fade_in=True), run_time=theme.NORMAL)
        self.play(FadeIn(trellis.names), FadeIn(trellis.definition, shift=0.1 * LEFT), run_time=theme.NORMAL)
