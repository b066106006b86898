"""The LSTM cell as a diagram, a vector drawn as a row of bars with its units' numbers, and a gate's value as a gauge.

One cell: the cell state c runs straight along the top (c_{t-1} in on the left,
c_t out on the right), met only by a multiplication by f_t and an addition of
i_t * g_t; h_{t-1} and x_t come in at the bottom and feed the four gate boxes
(sigma for f, i, o; tanh for the candidate g), each named over its box;
h_t = o_t * tanh(c_t) leaves on the right. ``gate(name)`` and the named parts let
a scene light the cell up piece by piece.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Circle, Line, MathTex, Polygon, Rectangle, RoundedRectangle, Text, VGroup

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
        inset = theme.CELL_GATE_INSET * width  # the outer gates this far in from the box: room for the tanh box and the letters
        xs = dict(zip(GATES, np.linspace(left + inset, right - inset, 4)))
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
            squash = math(p, r"\tanh" if name == "g" else r"\sigma", scale=theme.EQUATION_SCALE_LABEL)
            # square, or as wide as its tanh needs with a margin inside
            square = Rectangle(width=max(theme.GATE_BOX, squash.width + 2 * theme.CELL_TANH_PAD), height=theme.GATE_BOX, color=p.text, stroke_width=2.5)
            square.set_fill(p.background, opacity=1)
            letter = math(p, f"{name}_{{{t}}}" if t else name, scale=theme.EQUATION_SCALE_TINY)
            # over the box, on a side its wire up does not take (g's runs up to the left, i's to the right; f's and o's
            # straight up): f and i on the left, g and o on the right, so no two letters meet between two boxes
            side = RIGHT if name in "go" else LEFT
            letter.next_to(square, UP, buff=0.05).align_to(square, side).shift(0.02 * side)
            gate = VGroup(square, squash.move_to(square), letter).move_to([xs[name], gate_y, 0])
            self.gates[name] = gate
            gate_group.add(gate)
        # wires: h_{t-1} along the bottom, up into every gate; gates up to their operators
        self.h_in = wire(np.array([left - 0.35, h_y, 0]), np.array([xs["o"], h_y, 0]), p.hidden)
        self.feeds = feeds = VGroup(*(wire(np.array([xs[g], h_y, 0]), self.gates[g].get_bottom(), p.hidden) for g in GATES))
        self.f_wire = wire(self.gates["f"].get_top(), self.times_f.get_bottom(), p.text)
        self.i_wire = wire(self.gates["i"].get_top(), self.times_ig.get_left(), p.text)
        self.g_wire = wire(self.gates["g"].get_top(), self.times_ig.get_right(), p.text)
        self.ig_wire = wire(self.times_ig.get_top(), self.plus.get_bottom(), p.text)
        self.o_wire = wire(self.gates["o"].get_top(), self.times_o.get_bottom(), p.text)
        # c_t, squashed by tanh on the way down to the output gate's product: the label sits beside the wire, on its left
        # (the box's edge is close on its right)
        self.c_tap = wire(np.array([xs["o"], highway_y, 0]), self.times_o.get_top(), p.cell)
        self.tanh_c = math(p, r"\tanh", color=p.cell, scale=theme.EQUATION_SCALE_LABEL)
        self.tanh_c.next_to(self.c_tap, LEFT, buff=theme.CELL_TANH_PAD)
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


class BarVector(VGroup):
    """A vector of d values as d bars between brackets, its name on the left; ``numbers`` adds the units' indices above.

    A bar rises from the zero line for a positive value and falls for a negative one, ``per_unit`` high for a value
    of 1. The brackets span the vector's range: from ``low`` (0 for a gate, whose values lie between 0 and 1, so its
    row is half as tall; -1 for the candidate, the cell and the output) to 1. A cell value past 1 stops at the bracket
    in a point (it goes on; the followed unit's number says how far). ``bars[u - 1]`` is unit u's bar; ``values`` what
    they show; ``top`` and ``bottom`` the heights of the bracket's ends, ``axis`` the zero line.
    """

    def __init__(self, palette: Palette, values, color: str, name: str, numbers: bool = False, low: float = -1.0,
                 per_unit: float = theme.BAR_HEIGHT, gap: float = theme.BAR_GAP, width: float = theme.BAR_WIDTH):
        super().__init__()
        p = palette
        self.values = np.asarray(values, dtype=float)
        self.low = low
        d = len(self.values)
        xs = [k * (width + gap) for k in range(d)]
        self.axis = Line([xs[0] - 0.7 * width, 0, 0], [xs[-1] + 0.7 * width, 0, 0], color=p.muted, stroke_width=1.5)
        self.bars = VGroup()
        for x, v in zip(xs, self.values):
            height = max(min(abs(v), 1.0) * per_unit, 0.01)  # clipped at the brackets: a value past 1 is written out
            if abs(v) > 1:  # past the scale: the bar ends in a point, as an arrow does, to say it goes on
                tip = theme.BAR_CLIP_TIP * width
                bar = Polygon([-width / 2, 0, 0], [width / 2, 0, 0], [width / 2, height - tip, 0], [0, height, 0],
                              [-width / 2, height - tip, 0], stroke_width=0)
                bar.set_fill(color, opacity=0.9).move_to([x, height / 2, 0])
                if v < 0:
                    bar.flip(RIGHT, about_point=[x, 0, 0])
            else:
                bar = Rectangle(width=width, height=height, stroke_width=0).set_fill(color, opacity=0.9)
                bar.move_to([x, height / 2 if v >= 0 else -height / 2, 0])
            self.bars.add(bar)
        span = VGroup(self.axis, Line([0, per_unit, 0], [0, low * per_unit, 0], stroke_opacity=0))
        tall = (1 - low) * per_unit
        self.brackets = VGroup(
            math(p, r"\big[", color=p.muted).stretch_to_fit_height(tall).next_to(span, LEFT, buff=0.04),
            math(p, r"\big]", color=p.muted).stretch_to_fit_height(tall).next_to(span, RIGHT, buff=0.04),
        )
        self.brackets.set_y(per_unit * (1 + low) / 2)
        self.name = math(p, name, color=color, scale=theme.EQUATION_SCALE_LABEL).next_to(self.brackets, LEFT, buff=0.15)
        self.numbers = VGroup()
        if numbers:
            self.numbers = VGroup(
                *(Text(str(u), font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.text).move_to([x, per_unit + 0.24, 0])
                  for u, x in enumerate(xs, start=1))
            )
        self.add(self.axis, self.bars, self.brackets, self.name, self.numbers)

    @property
    def top(self) -> float:
        """The height of the brackets' top end: a value of 1."""
        return self.brackets.get_top()[1]

    @property
    def bottom(self) -> float:
        """The height of the brackets' lower end: a value of ``low``."""
        return self.brackets.get_bottom()[1]


def gate_gauge(palette: Palette, f: float, side: float, width: float | None = None) -> VGroup:
    """A gate's value f (0 to 1) as a gauge `side` tall (and `width` wide, by default GAUGE_WIDTH_SHARE of that): a grey outline with a dark inside, filled from the bottom up to
    f in the cell's colour, inside the outline, so the empty part reads as dark at any size: near 0 an empty frame, a
    half a half-full one, near 1 a full one. Its inside hides what runs behind it (a lane, its trail)."""
    width = width or theme.GAUGE_WIDTH_SHARE * side
    frame = Rectangle(width=width, height=side, color=palette.muted, stroke_width=theme.GAUGE_STROKE)
    frame.set_fill(palette.background, opacity=1)
    inset = theme.GAUGE_INSET
    level = Rectangle(width=width - 2 * inset, height=max(f * (side - 2 * inset), 1e-3), stroke_width=0)
    level.set_fill(palette.cell, opacity=1).align_to(frame, DOWN).shift(inset * UP)
    return VGroup(frame, level).set_z_index(1)
