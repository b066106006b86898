"""A half-circle dial on a log scale whose needle and read-out show a value."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import DL, DOWN, PI, RIGHT, UP, Animation, AnimationGroup, Arc, Dot, Line, Mobject, UpdateFromAlphaFunc, VGroup

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.fades import redraw_in_place
from lstm_explainer.scenes.components.text import caption


class Readout:
    """"name = number" exactly as ``caption`` sets it, put together from glyphs typeset once.

    Typesetting a caption costs a Pango layout and an SVG parse; a dial turning shows a new number on
    every frame. Computer Modern's digits all have one advance width, so the glyphs of "0123456789.0",
    typeset once, placed at the pen positions of the new number, draw the caption's very outline (a
    test compares them point by point).
    """

    DIGITS = "0123456789."

    def __init__(self, name: str, size: float, color: str):
        self.name, self.size, self.color = name, size, color
        self.template = caption(f"{name} = 0", size, color)  # the name, the sign and where the number starts
        source = caption(self.DIGITS + "0", size, color)
        self.glyphs = {c: source[n] for n, c in enumerate(self.DIGITS)}
        zero = source[0]
        self.advance = (source[9].get_left()[0] - zero.get_left()[0]) / 9
        dot_advance = source[-1].get_left()[0] - zero.get_left()[0] - 10 * self.advance
        self.pen = {c: n * self.advance for n, c in enumerate(self.DIGITS)}  # each glyph's pen position in `source`
        self.advances = {c: self.advance for c in self.DIGITS[:-1]} | {".": dot_advance}
        start = self.template[-1]  # the template's "0" and the source's first "0": one glyph, two places
        self.offset = start.get_corner(DL) - zero.get_corner(DL)

    def __call__(self, number: str) -> VGroup:
        """The caption "name = number", built from the glyphs, placed where ``caption`` would put it."""
        if any(c not in self.glyphs for c in number):
            return caption(f"{self.name} = {number}", self.size, self.color)  # a character the glyphs lack: typeset whole
        out, pen = VGroup(*(glyph.copy() for glyph in self.template[:-1])), 0.0
        for c in number:
            out.add(self.glyphs[c].copy().shift(self.offset + (pen - self.pen[c]) * RIGHT))
            pen += self.advances[c]
        return out.move_to(ORIGIN_POINT)


class Dial(VGroup):
    """Needle over a log-scaled arc from ``low`` (left) to ``high`` (right), ticks labelled.

    ``value`` is what it shows; ``turn(to)`` is the animation of the needle and read-out moving
    there. Nothing is redrawn while the dial rests: the needle is moved in place and the read-out
    typeset again only when its shown digits change.
    """

    def __init__(
        self,
        palette: Palette,
        low: float,
        high: float,
        ticks: Sequence[float],
        value: float,
        name: str = "s",
        radius: float = theme.DIAL_RADIUS,
        color: str | None = None,
    ):
        super().__init__()
        p = palette
        self.low, self.high, self.radius, self.name = low, high, radius, name
        self.color = color or p.U
        self.arc = Arc(radius=radius, start_angle=PI, angle=-PI, color=p.muted, stroke_width=3)
        self.ticks = VGroup()
        for tick in ticks:
            direction = self.direction(tick)
            mark = Line(0.9 * radius * direction, radius * direction, color=p.muted, stroke_width=3)
            label = caption(numbers.parameter_text(tick), theme.LABEL_SIZE, p.text)  # read: not grey
            # outside the arc by its own extent along the direction: a wide label at the side stays clear of the arc
            reach = 0.5 * (label.width * abs(direction[0]) + label.height * abs(direction[1]))
            label.move_to((radius + 0.15 + reach) * direction)
            self.ticks.add(VGroup(mark, label))
        self.hub = Dot(np.zeros(3), radius=0.07, color=self.color)
        self.needle = Line(ORIGIN_POINT, RIGHT, color=self.color, stroke_width=5)
        self.readout, self.shown = VGroup(), ""
        self.typeset = Readout(name, theme.BODY_SIZE, self.color)
        self.add(self.arc, self.ticks, self.needle, self.hub, self.readout)
        self.show(value)

    def get_tick(self, value: float, color: str) -> Line:
        """A tick just outside the arc at `value`: a place the needle leaves, marked."""
        hub, direction = self.hub.get_center(), self.direction(value)
        return Line(hub + 1.02 * self.radius * direction, hub + 1.16 * self.radius * direction, color=color, stroke_width=5)

    def label(self, value: float) -> str:
        """The read-out's text at `value`: the name the viewer reads it by and the number."""
        return f"{self.name} = {numbers.text(value)}"

    def show(self, value: float) -> Dial:
        """Needle and read-out at `value`, changed in place."""
        self.value = value
        hub = self.hub.get_center()
        self.needle.put_start_and_end_on(hub, hub + 0.85 * self.radius * self.direction(value))
        text = self.label(value)
        if text != self.shown:  # typeset only when the digits on screen change
            redraw_in_place(self.readout, self.typeset(numbers.text(value)).next_to(self.hub, DOWN, buff=0.25))
            self.shown = text
        return self

    def turn(self, to: float, follow: Callable[[float], None] | None = None, followers: Sequence[Mobject] = (),
             **kwargs) -> AnimationGroup:
        """The dial turning from its value when the turn begins to `to` (the value passes linearly along the rate function).

        `follow(value)` is called on every frame with the value shown, for what is drawn from it: the
        `followers`, which take part in the animation so that they are redrawn on every frame. The start
        is read on the first frame, so turns built ahead (one after another in a paced beat) chain up.
        """
        begun: dict[str, float] = {}

        def step(dial: Dial, alpha: float) -> None:
            start = begun.setdefault("value", dial.value)
            value = start + alpha * (to - start)
            dial.show(value)
            if follow is not None:
                follow(value)

        return AnimationGroup(UpdateFromAlphaFunc(self, step), *(Animation(m) for m in followers), **kwargs)

    def direction(self, value: float) -> np.ndarray:
        share = (np.log(value) - np.log(self.low)) / (np.log(self.high) - np.log(self.low))
        angle = PI * (1 - np.clip(share, 0, 1))
        return np.cos(angle) * RIGHT + np.sin(angle) * UP


ORIGIN_POINT = np.zeros(3)
