"""An equation whose symbols are replaced, term by term, by the model's numbers.

``LiveEquation`` is two lines: the symbolic one, ``lhs = f_1 . f_2 ... f_n``,
and under it the same terms as numbers, ``= n_1 . n_2 ... n_n = result``, each
number standing below the equals sign's column.  ``substitute()`` moves a copy
of every symbol down into its number, one after another, then writes the
result.  The result is the model's own value (passed in), not worked out here
from the rounded terms, so at 3 significant digits the last digit of the shown
terms' product can differ from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from manim import DOWN, LEFT, AnimationGroup, LaggedStart, MathTex, Succession, TransformFromCopy, VGroup, Write

from scenes import theme


@dataclass(frozen=True)
class Term:
    """One symbol of the equation, the number it stands for, and its colour (None: text colour)."""

    tex: str
    value: float
    color: str | None = None


def number_tex(value: float, wrap_negative: bool = True) -> str:
    """3 significant digits as TeX, a negative number in brackets so a product stays readable."""
    text = theme.fmt_tex(value)
    return rf"\left({text}\right)" if wrap_negative and value < 0 else text


class LiveEquation(VGroup):
    """``symbolic`` (parts: lhs, =, term, op, term, ...) over ``numeric`` (=, number, op, ..., =, result)."""

    def __init__(
        self,
        lhs: str,
        terms: Sequence[Term],
        result: float,
        op: str = r"\cdot",
        result_color: str | None = None,
        scale: float = theme.EQUATION_SCALE,
    ):
        super().__init__()
        p = theme.palette()
        self.terms = list(terms)
        sym_parts, num_parts = [lhs, "="], ["="]
        for n, term in enumerate(self.terms):
            if n:
                sym_parts.append(op)
                num_parts.append(op)
            sym_parts.append(term.tex)
            num_parts.append(number_tex(term.value, wrap_negative=op != "+" or n == 0))
        num_parts += ["=", theme.fmt_tex(result)]
        self.symbolic = MathTex(*sym_parts, color=p.text).scale(scale)
        self.numeric = MathTex(*num_parts, color=p.text).scale(scale)
        for n, term in enumerate(self.terms):
            if term.color:
                self.factor(n).set_color(term.color)
                self.number(n).set_color(term.color)
        self.result = self.numeric[-1].set_color(result_color or p.error)
        self.numeric.next_to(self.symbolic, DOWN, buff=0.25)
        self.numeric.shift((self.symbolic[1].get_x() - self.numeric[0].get_x()) * LEFT * -1)
        self.add(self.symbolic, self.numeric)

    def factor(self, n: int) -> MathTex:
        """The n-th symbol (0-based) in the symbolic line."""
        return self.symbolic[2 + 2 * n]

    def number(self, n: int) -> MathTex:
        """The n-th number (0-based) in the numeric line."""
        return self.numeric[1 + 2 * n]

    def substitute(self, step: float = theme.STEP) -> Succession:
        """Each symbol drops into its number, then the ops and the result are written."""
        others = [self.numeric[0]] + [self.numeric[2 + 2 * n] for n in range(len(self.terms) - 1)]
        return Succession(
            AnimationGroup(
                Write(VGroup(*others)),
                LaggedStart(
                    *(TransformFromCopy(self.factor(n), self.number(n)) for n in range(len(self.terms))),
                    lag_ratio=0.6,
                ),
                run_time=step * (len(self.terms) + 1),
            ),
            Write(VGroup(self.numeric[-2], self.numeric[-1]), run_time=theme.FAST * 2),
        )
