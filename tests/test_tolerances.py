"""Tiny values are told from 0: the tolerances the tests compare shown numbers with are relative.

The RNN's share of the error that survives ten steps is about 1e-10; with an absolute tolerance of 1e-9
a 0 (or any other number below 1e-9) would pass for it. These checks hold the shared helpers to that.
"""

from __future__ import annotations

import pytest
from test_shown_values import close
from tolerances import BY_PERTURBATION, THREE_DIGITS, drawn_wrongly

SURVIVAL = 1.3174290740559827e-10  # the RNN's share at t = 2 on the default string, as recorded


def test_a_tiny_share_drawn_as_0_is_wrong():
    assert drawn_wrongly("1.32×10⁻¹⁰", SURVIVAL) is None
    assert drawn_wrongly("0", SURVIVAL) is not None
    assert drawn_wrongly("0", 0.0) is None  # a real 0 (h_0, the u-term at t = 1) is drawn as 0
    assert drawn_wrongly("1.32×10⁻⁹", SURVIVAL) is not None  # the exponent off by one


def test_a_tiny_value_recorded_as_0_is_not_close_to_it():
    for quantity in ("h", "jacobian_norm", "dy/db", "dy/dW direct"):  # exact and by finite differences
        assert not close(0.0, SURVIVAL, quantity), quantity
        assert not close(SURVIVAL, 0.0, quantity), quantity
        assert close(0.0, 0.0, quantity)
    assert close(SURVIVAL * (1 + 1e-12), SURVIVAL, "jacobian_norm")
    assert not close(1.3e-10, SURVIVAL, "jacobian_norm")


def test_the_relative_tolerances_reject_0_for_a_tiny_share():
    for rel in (BY_PERTURBATION, THREE_DIGITS):
        assert 0.0 != pytest.approx(SURVIVAL, rel=rel)
        assert SURVIVAL * (1 + rel / 2) == pytest.approx(SURVIVAL, rel=rel)
