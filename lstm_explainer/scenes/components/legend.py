"""A colour scale's key: a bar shaded from its low to its high end, with the ends and 0 named."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import DL, DOWN, RIGHT, UP, Rectangle, VGroup

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.text import caption


class ColorScale(VGroup):
    """``name`` over a bar of ``pieces`` swatches, ``color_of(v)`` for v from ``low`` to ``high``; ticks at low, 0, high."""

    def __init__(self, palette: Palette, color_of: Callable[[float], str], low: float, high: float, name: str,
                 width: float = 1.2, height: float = 0.18, pieces: int = 24):
        super().__init__()
        self.low, self.high = low, high
        muted = palette.muted
        colors = [color_of(float(v)) for v in np.linspace(low, high, pieces)]
        # each swatch's rim in its own colour closes the hairline seams between them
        self.swatches = VGroup(
            *(Rectangle(width=width / pieces, height=height, color=c, stroke_width=1).set_fill(c, opacity=1) for c in colors)
        ).arrange(RIGHT, buff=0)
        self.outline = Rectangle(width=width, height=height, color=muted, stroke_width=1).move_to(self.swatches)
        self.ticks = VGroup(
            *(
                caption(numbers.text(v, digits=1), theme.SMALL_SIZE, muted).next_to(self.at(v), DOWN, buff=0.08)
                for v in (low, 0.0, high)
                if low <= v <= high
            )
        )
        self.name = caption(name, theme.SMALL_SIZE, muted).next_to(self.outline, UP, buff=0.1)
        self.add(self.swatches, self.outline, self.ticks, self.name)

    def at(self, value: float) -> np.ndarray:
        """The point on the bar's lower edge where ``value`` sits."""
        share = (value - self.low) / (self.high - self.low)
        return self.outline.get_corner(DL) + share * self.outline.width * RIGHT

