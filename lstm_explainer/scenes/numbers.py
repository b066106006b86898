"""Number typography: the one way a value is written on screen, as plain text and as TeX.

A ``Numeral`` is a value rounded to a number of significant digits, split into
sign, mantissa and power of ten once, so the plain text (``"−1.23×10⁻⁵"``, a
true minus U+2212) and the TeX (``-1.23 \\times 10^{-5}``) of one number can
never disagree. Scenes do not call this module directly for model values: they
call ``StoryScene.numeral``, which also records what is drawn. No manim import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIGNIFICANT_DIGITS = 3
MINUS = "\u2212"
TIMES = "\u00d7"
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
# Below 10^-3 or from 10^3 up a number is written with a power of ten.
PLAIN_EXPONENTS = range(-3, 3)


def subscript(*indices: int) -> str:
    """Indices as subscript digits, for plain text (a caption): 4, 1 reads ₄₁."""
    return "".join(str(n) for n in indices).translate(_SUBSCRIPTS)


def superscript(*indices: int) -> str:
    """Indices as superscript digits, for plain text (a caption): 4 reads ⁴."""
    return "".join(str(n) for n in indices).translate(_SUPERSCRIPTS)


@dataclass(frozen=True)
class Numeral:
    """`value` as shown: `negative`, `mantissa` (digits, no sign), times 10^`exponent` when it is not None."""

    value: float
    negative: bool
    mantissa: str
    exponent: int | None = None

    @property
    def text(self) -> str:
        """Plain text: −0.0123, 4.56, 1.23×10⁻⁵, ∞."""
        body = self.mantissa.replace("inf", "∞")
        if self.exponent is not None:
            body += f"{TIMES}10{str(self.exponent).translate(_SUPERSCRIPTS)}"
        return (MINUS if self.negative else "") + body

    def tex(self, bracket_negative: bool = False) -> str:
        """TeX for math mode; a negative number in brackets when `bracket_negative` (inside a product)."""
        body = self.mantissa.replace("inf", r"\infty")
        if self.exponent is not None:
            body += rf" \times 10^{{{self.exponent}}}"
        if not self.negative:
            return body
        return rf"\left(-{body}\right)" if bracket_negative else f"-{body}"

    @property
    def as_shown(self) -> float:
        """The number a viewer reads off the screen (the rounded value)."""
        if self.mantissa in ("nan", "inf"):
            return self.value
        shown = float(self.mantissa) * 10.0 ** (self.exponent or 0)
        return -shown if self.negative else shown

    @property
    def magnitude(self) -> Numeral:
        """The same numeral without its sign (for a readout of |value|)."""
        return Numeral(abs(self.value), False, self.mantissa, self.exponent)


def numeral(value: float, digits: int = SIGNIFICANT_DIGITS) -> Numeral:
    """`value` rounded to `digits` significant digits: 0.123, −4.56, 1.23×10⁻⁵, 1.00×10³."""
    value = float(value)
    if math.isnan(value):
        return Numeral(value, False, "nan")
    if math.isinf(value):
        return Numeral(value, value < 0, "inf")
    if value == 0:
        return Numeral(0.0, False, "0")
    mantissa, exponent_text = f"{abs(value):.{digits - 1}e}".split("e")  # round first: 999.99 is 1.00×10³
    exponent = int(exponent_text)
    if exponent in PLAIN_EXPONENTS:
        rounded = float(f"{mantissa}e{exponent}")
        return Numeral(value, value < 0, f"{rounded:.{max(digits - 1 - exponent, 0)}f}")
    return Numeral(value, value < 0, mantissa, exponent)


def text(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    return numeral(value, digits).text


def tex(value: float, digits: int = SIGNIFICANT_DIGITS, bracket_negative: bool = False) -> str:
    return numeral(value, digits).tex(bracket_negative)


def power_of_ten_text(exponent: int) -> str:
    """10⁻⁶ as plain text (an axis tick or a window, not a model value)."""
    return f"10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def power_of_ten_tex(exponent: int) -> str:
    return rf"10^{{{int(exponent)}}}"


def parameter_text(value: float) -> str:
    """A setting chosen by the scene, not computed by the model (a dial's tick): 0.25, 2, 4."""
    return f"{value:g}".replace("-", MINUS)


def equals_tex(result: Numeral, redone: float) -> str:
    """"=" when `redone` (the arithmetic on the rounded numbers shown) rounds to the `result` shown, else "approximately"."""
    if result.mantissa in ("nan", "inf") or result.value == 0:
        return "="
    digits = len(result.mantissa.replace(".", "").lstrip("0"))
    return "=" if numeral(redone, digits).text == result.text else r"\approx"
