"""An equation whose symbols are replaced, term by term, by the model's numbers.

``LiveEquation`` is two lines: the symbolic one, ``lhs = f_1 . f_2 ... f_n``,
and under it the same terms as numbers, ``= n_1 . n_2 ... n_n = result``, each
number standing below the equals sign's column.  ``substitute()`` moves a copy
of every symbol down into its number, one after another, then writes the
result.  The result is the model's own value (passed in); the numbers shown are
combined here only to choose between "=" and "approximately" (``equals_tex``), and
the tests check that they combine to the result.

``LiveEquation.of(scene, equation)`` is how a scene draws a worked
``values.rnn.Equation``: every number is typeset and recorded by the scene's
``numeral()``, coloured by its role in the scene's palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import re

import numpy as np
from manim import DOWN, LEFT, AnimationGroup, LaggedStart, MathTex, Succession, TransformFromCopy, VGroup, Write

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.numbers import Numeral, equals_tex


@dataclass(frozen=True)
class Term:
    """One symbol of the equation, the number it stands for, and its colour (None: text colour)."""

    tex: str
    shown: Numeral
    color: str | None = None


def symbol_tex(labelled) -> str:
    """The TeX of a worked number's symbol (values.rnn.Labelled.symbol), with its index, as the post writes it."""
    ix = labelled.index
    forms = {
        "sigma_y'": lambda: r"\sigma_y'",
        "sigma_h'": lambda: r"\sigma_h'",
        "sigma_h'(a)": lambda: rf"\sigma_h'(a_{ix['t']}^{ix['unit']})",
        "v": lambda: f"v_{{{ix['i']}{ix['j']}}}",
        "h": lambda: f"h_{ix['t']}^{{{ix['unit']}}}",
        "x": lambda: f"x_{ix['t']}^{{{ix['j']}}}",
        "fan_out": lambda: rf"\sum_\alpha v_{{{ix['k']}\alpha}}\,\sigma_h'(a_{ix['t']}^\alpha)\, u_{{\alpha {ix['i']}}}",
        "direct": lambda: r"\text{direct}",
        "indirect": lambda: r"\text{indirect}",
        "direct + indirect": lambda: r"\text{direct} + \text{indirect}",
        "": lambda: "",
    }
    return forms[labelled.symbol]()


def side_tex(side) -> str:
    """The TeX of an equation's left-hand side (values.rnn.Side). The output index stays the letter k (a digit
    there reads as a power: y_1^2 "y one squared"); ``side_label`` says its value."""
    if side.param == "b_h":  # the hidden bias b_h^i: one index, and its terms need no argument
        if side.kind == "dy/d":
            return rf"\frac{{\partial y_{side.t}^k}}{{\partial b_h^{{{side.i}}}}}"
        return rf"\text{{{side.kind}}}"
    return rf"\frac{{\partial y_{side.t}^k}}{{\partial {side.param}_{{{side.i}{side.js[0]}}}}}"


def side_label(side) -> str:
    """An equation's left-hand side as the plain text a label reads it by, a derivative's with the value of its
    letter k (a term's name, "direct", takes its indices from the number it labels)."""
    text = plain(side_tex(side))
    return f"{text}, k = {side.k}" if side.kind == "dy/d" else text


# TeX of the worked equations' symbols, as the plain text a label reads them by
_PLAIN = ((r"\textstyle", ""), (r"\text{", "{"), (r"\sigma", " σ"), (r"\alpha", "α"), (r"\sum", "∑"),
          (r"\partial ", "∂"), (r"\partial", "∂"), ("'", "′"))
_FRACTION = re.compile(r"\\frac\{(.*?)\}\{(.*)\}$")
_GROUP = re.compile(r"\{([^{}]*)\}")
_INDEX_WORDS = {"unit": "unit {}", "t": "t = {}", "k": "k = {}", "i": "i = {}", "j": "j = {}"}


def plain(tex: str) -> str:
    """A worked equation's TeX as plain text: \\frac{\\partial y_1^{2}}{\\partial v_{21}} reads ∂y_1^2/∂v_21."""
    fraction = _FRACTION.match(tex)
    if fraction:
        return f"{plain(fraction.group(1))}/{plain(fraction.group(2))}"
    for old, new in _PLAIN:
        tex = tex.replace(old, new)
    tex = _GROUP.sub(lambda group: group.group(1).replace(" ", ""), tex)  # an index reads as one word
    return " ".join(tex.split())


def number_label(labelled, lhs_label: str) -> str:
    """What the viewer reads a worked number by: the symbol written over it, with the indices it leaves out.

    The result reads as its left-hand side; a bare symbol (σ_y′, direct) adds the index values the
    equation's left-hand side gives it, e.g. "σ_y′, t = 1, k = 2".
    """
    text = plain(symbol_tex(labelled)) or lhs_label
    if any(c.isdigit() for c in text):
        return text
    return ", ".join([text, *(_INDEX_WORDS.get(key, key + " = {}").format(value) for key, value in labelled.index.items())])


def role_color(palette: Palette, role: str) -> str:
    """The palette colour of a number's role (values.rnn.Labelled.role)."""
    return palette.error if role == "gradient" else getattr(palette, role)


class LiveEquation(VGroup):
    """``symbolic`` (parts: lhs, =, term, op, term, ...) over ``numeric`` (=, number, op, ..., =, result)."""

    def __init__(
        self,
        palette: Palette,
        lhs: str,
        terms: Sequence[Term],
        result: Numeral,
        op: str = r"\cdot",
        result_color: str | None = None,
        scale: float = theme.EQUATION_SCALE,
    ):
        super().__init__()
        p = palette
        self.terms = list(terms)
        sym_parts, num_parts = [lhs, "="], ["="]
        for n, term in enumerate(self.terms):
            if n:
                sym_parts.append(op)
                num_parts.append(op)
            sym_parts.append(term.tex)
            # a negative number in brackets so a product (or a sum's later term) stays readable
            num_parts.append(term.shown.tex(bracket_negative=op != "+" or n > 0))
        # "=" when a viewer can redo the arithmetic with the numbers shown, else "approximately"
        shown = [term.shown.as_shown for term in self.terms]
        num_parts += [equals_tex(result, float(np.sum(shown) if op == "+" else np.prod(shown))), result.tex()]
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

    @classmethod
    def of(cls, scene, equation, result_color: str | None = None, beat: str | None = None, **kwargs) -> LiveEquation:
        """The worked `equation` (values.rnn.Equation) with `scene`'s recorded numerals.

        `beat` names the beat that writes the numbers when the equation is built earlier, for layout.
        """

        lhs = side_tex(equation.lhs)

        def shown(labelled):
            return scene.numeral(labelled.quantity, labelled.index, labelled.value, beat=beat,
                                 label=number_label(labelled, side_label(equation.lhs)))

        terms = [Term(symbol_tex(f), shown(f), role_color(scene.palette, f.role)) for f in equation.factors]
        op = r"\cdot" if equation.op == "*" else "+"
        return cls(scene.palette, lhs, terms, shown(equation.result), op=op, result_color=result_color, **kwargs)

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
