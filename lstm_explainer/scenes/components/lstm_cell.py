"""The LSTM cell as a diagram, a row of cells on one straight cell-state highway, and columns of numbers.

One cell: the cell state c runs straight along the top (c_{t-1} in on the left,
c_t out on the right), met only by a multiplication by f_t and an addition of
i_t * g_t; h_{t-1} and x_t come in at the bottom and feed the four gate boxes
f, i, g, o; h_t = o_t * tanh(c_t) leaves on the right. ``gate(name)`` and the
named parts let a scene light the cell up piece by piece.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Brace, Circle, Line, MathTex, RoundedRectangle, Square, VGroup

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.text import line, math

GATES = ("f", "i", "g", "o")


def operator(palette: Palette, symbol: str, color: str) -> VGroup:
    """A small circle with x or + inside: a pointwise product or sum."""
    ring = Circle(radius=0.17, color=color, stroke_width=2.5).set_fill(palette.background, opacity=1)
    sign = MathTex(r"\times" if symbol == "x" else "+", color=color).scale(theme.EQUATION_SCALE_COMPACT).move_to(ring)
    return VGroup(ring, sign)


def wire(start: np.ndarray, end: np.ndarray, color: str, width: float = 2.5, tip: bool = False):
    if tip:
        return Arrow(start, end, buff=0, color=color, stroke_width=width, tip_length=0.14, max_tip_length_to_length_ratio=0.3)
    return Line(start, end, color=color, stroke_width=width)


class LSTMCellDiagram(VGroup):
    """One LSTM step: ``gate(name)``, ``parts_of(name)`` and the named wires light it up piece by piece."""

    def __init__(self, palette: Palette, width: float = theme.CELL_WIDTH, height: float = theme.CELL_HEIGHT, t: str = "t"):
        """`t` subscripts the gate letters (f_t ...); "" leaves them bare, for small cells in a row."""
        super().__init__()
        p = palette
        self.box = RoundedRectangle(corner_radius=theme.BLOCK_CORNER, width=width, height=height, color=p.muted, stroke_width=2)
        left, right = -width / 2, width / 2
        top, bottom = height / 2, -height / 2
        highway_y, h_y = top - 0.32, bottom + 0.28
        gate_y = h_y + 0.55
        xs = dict(zip(GATES, np.linspace(left + 0.45 * width / 2, right - 0.45 * width / 2, 4)))
        self.gate_x = xs
        self.highway = wire(np.array([left - 0.35, highway_y, 0]), np.array([right + 0.35, highway_y, 0]), p.cell, width=6)
        self.times_f = operator(p, "x", p.cell).move_to([xs["f"], highway_y, 0])
        self.plus = operator(p, "+", p.cell).move_to([(xs["i"] + xs["g"]) / 2, highway_y, 0])
        mid_y = (highway_y + gate_y) / 2 + 0.05
        self.times_ig = operator(p, "x", p.text).move_to([(xs["i"] + xs["g"]) / 2, mid_y, 0])
        self.times_o = operator(p, "x", p.hidden).move_to([xs["o"], mid_y, 0])
        self.gates: dict[str, VGroup] = {}
        gate_group = VGroup()
        for name in GATES:
            square = Square(theme.GATE_BOX, color=p.text, stroke_width=2.5).set_fill(p.background, opacity=1)
            letter = math(p, f"{name}_{{{t}}}" if t else name, scale=theme.EQUATION_SCALE_LABEL)
            gate = VGroup(square, letter.move_to(square)).move_to([xs[name], gate_y, 0])
            self.gates[name] = gate
            gate_group.add(gate)
        # wires: h_{t-1} along the bottom, up into every gate; gates up to their operators
        self.h_in = wire(np.array([left - 0.35, h_y, 0]), np.array([xs["o"], h_y, 0]), p.hidden)
        feeds = VGroup(*(wire(np.array([xs[g], h_y, 0]), self.gates[g].get_bottom(), p.hidden) for g in GATES))
        self.f_wire = wire(self.gates["f"].get_top(), self.times_f.get_bottom(), p.text)
        self.i_wire = wire(self.gates["i"].get_top(), self.times_ig.get_left(), p.text)
        self.g_wire = wire(self.gates["g"].get_top(), self.times_ig.get_right(), p.text)
        self.ig_wire = wire(self.times_ig.get_top(), self.plus.get_bottom(), p.text)
        self.o_wire = wire(self.gates["o"].get_top(), self.times_o.get_bottom(), p.text)
        # c_t, squashed by tanh on the way down to the output gate's product: the label sits beside the wire
        self.c_tap = wire(np.array([xs["o"], highway_y, 0]), self.times_o.get_top(), p.cell)
        self.tanh_c = MathTex(r"\tanh", color=p.cell).scale(theme.EQUATION_SCALE_TINY)
        self.tanh_c.next_to(self.c_tap, RIGHT, buff=0.06).shift(0.02 * UP)
        self.h_out = wire(self.times_o.get_right(), np.array([right + 0.35, mid_y, 0]), p.hidden, tip=True)
        x_at = (xs["f"] + xs["i"]) / 2
        self.x_in = wire(np.array([x_at, bottom - 0.35, 0]), np.array([x_at, h_y, 0]), p.input, tip=True)
        self.output_path = VGroup(self.o_wire, self.c_tap, self.tanh_c, self.times_o, self.h_out)
        self.add(
            self.box,
            self.h_in,
            self.x_in,
            feeds,
            self.highway,
            self.f_wire,
            self.i_wire,
            self.g_wire,
            self.ig_wire,
            self.o_wire,
            self.c_tap,
            self.h_out,
            gate_group,
            self.times_f,
            self.plus,
            self.times_ig,
            self.tanh_c,
            self.times_o,
        )
        self.gate_wires = {
            "f": VGroup(self.f_wire, self.times_f),
            "i": VGroup(self.i_wire, self.times_ig),
            "g": VGroup(self.g_wire, self.times_ig, self.ig_wire, self.plus),
            "o": VGroup(self.o_wire, self.times_o, self.h_out),
        }
        self.mid_y = mid_y

    def gate(self, name: str) -> VGroup:
        return self.gates[name]

    def parts_of(self, name: str) -> VGroup:
        """A gate with the wires and operators it drives."""
        return VGroup(self.gates[name], self.gate_wires[name])

    def highway_left(self) -> np.ndarray:
        return self.highway.get_start()

    def highway_right(self) -> np.ndarray:
        return self.highway.get_end()

    def h_left(self) -> np.ndarray:
        return self.h_in.get_start()

    def h_right(self) -> np.ndarray:
        return self.h_out.get_end()

    def x_bottom(self) -> np.ndarray:
        return self.x_in.get_start()


class Highway(VGroup):
    """Cells for several steps side by side, their cell states one straight line through them all."""

    def __init__(
        self, palette: Palette, steps: Sequence[int], width: float = theme.CELL_WIDTH, height: float = theme.CELL_HEIGHT,
        gap: float = 0.8,
    ):
        super().__init__()
        p = palette
        self.cells = VGroup(*(LSTMCellDiagram(p, width, height, t="") for _ in steps)).arrange(RIGHT, buff=gap)
        self.steps = list(steps)
        left, right = self.cells[0].highway_left(), self.cells[-1].highway_right()
        self.line = Line(left + 0.3 * LEFT, right + 0.3 * RIGHT, color=p.cell, stroke_width=8)
        # the hidden state leaves each cell on the right and enters the next at the bottom
        self.links = VGroup(
            *(
                Line(a.h_right(), b.h_left(), color=p.hidden, stroke_width=2.5)
                for a, b in zip(self.cells[:-1], self.cells[1:])
            )
        )
        self.add(self.links, self.line, self.cells)  # the cells' operators sit on the line

    def cell(self, t: int) -> LSTMCellDiagram:
        return self.cells[self.steps.index(t)]


class NumberColumn(VGroup):
    """A column vector of numbers, right-aligned between brackets, with a MathTex head (``head``) above."""

    def __init__(self, palette: Palette, texts: Sequence[str], color: str, head: str, size: int = theme.SMALL_SIZE):
        super().__init__()
        muted = palette.muted
        self.entries = VGroup(*(line(text, size, color) for text in texts))
        for k, entry in enumerate(self.entries):
            entry.move_to(k * theme.VECTOR_GAP * DOWN, aligned_edge=RIGHT)
        self.brackets = VGroup(
            Brace(self.entries, LEFT, buff=0.06, color=muted, sharpness=1.5),
            Brace(self.entries, RIGHT, buff=0.06, color=muted, sharpness=1.5),
        )
        self.head = math(palette, head, color=color, scale=theme.EQUATION_SCALE_LABEL).next_to(self.entries, UP, buff=0.2)
        self.add(self.head, self.brackets, self.entries)
