"""How close a test holds the screen and the model to its own computation: named once, for the RNN and LSTM sides alike.

Relative tolerances throughout, so a share of 1e-10 is never passed by a 0: an absolute floor
only where finite differences bring noise of their own (gradients of order 1e-2 and more).
"""

from __future__ import annotations

import re

import numpy as np

SAME_COMPUTATION = 1e-9  # relative: one float64 quantity computed two ways (forward pass, BPTT, a path sum)
BY_DIFFERENCES = 1e-5  # relative: a gradient against central finite differences
DIFFERENCES_FLOOR = 1e-9  # absolute: the finite differences' own noise on gradients of order 1e-2
BY_PERTURBATION = 1e-4  # relative: a share or norm of a state gradient against perturbing the state (1e-5 steps)
THREE_DIGITS = 5e-3  # relative: how far a number drawn with three significant digits can be from its value

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
NUMERAL = re.compile(r"^(−?)(\d+(?:\.(\d+))?|∞)(?:×10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$")


def parse_numeral(text: str) -> tuple[float, float]:
    """A number as the scenes draw it (true minus, ×10ⁿ) -> (its value, half a unit of its last digit)."""
    match = NUMERAL.match(text)
    assert match, f"{text!r} is not a numeral as the scenes write them (true minus, ×10ⁿ)"
    sign, body, decimals, exponent = match.groups()
    if body == "∞":
        return (-np.inf if sign else np.inf), 0.0
    power = int(exponent.translate(SUPERSCRIPT)) if exponent else 0
    value = float(body) * 10.0**power * (-1 if sign else 1)
    return value, 0.5 * 10.0 ** (power - len(decimals or ""))


def significant_digits(text: str) -> int:
    return len(NUMERAL.match(text).group(2).replace(".", "").lstrip("0"))


def drawn_wrongly(text: str, value: float) -> str | None:
    """Why `text` is not `value` as the scenes draw numbers (rounded to half a unit of its last digit, the
    sign kept, three significant digits unless whole), or None when it is."""
    shown, half_unit = parse_numeral(text)
    if np.isinf(value) or np.isinf(shown):
        return None if shown == value else f"{text!r} is not {value!r}"
    if shown == 0 and value != 0:  # half a unit of "0" is 0.5: a share of 1e-10 would pass as rounded
        return f"{text!r} draws {value!r}, which is not 0, as 0"
    if abs(shown - value) > half_unit * (1 + 1e-9) + 1e-300:
        return f"{text!r} is not {value!r} rounded"
    if value != 0 and shown != 0 and np.sign(shown) != np.sign(value):
        return f"{text!r} has the wrong sign for {value!r}"
    if shown != 0 and not float(value).is_integer() and significant_digits(text) < 3:
        return f"{text!r} shows fewer than 3 significant digits of {value!r}"
    return None


def assert_drawn_right(text: str, value: float) -> None:
    problem = drawn_wrongly(text, value)
    assert problem is None, problem

