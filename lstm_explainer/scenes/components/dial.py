"""A half-circle dial on a log scale whose needle follows a ValueTracker."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, PI, RIGHT, UP, Arc, Dot, Line, ValueTracker, VGroup, always_redraw

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.text import caption


class Dial(VGroup):
    """Needle over a log-scaled arc from ``low`` (left) to ``high`` (right), ticks labelled.

    ``tracker`` holds the value; the needle and the read-out redraw as it moves.
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
        self.low, self.high, self.radius = low, high, radius
        self.tracker = ValueTracker(value)
        self.arc = Arc(radius=radius, start_angle=PI, angle=-PI, color=p.muted, stroke_width=3)
        self.ticks = VGroup()
        for tick in ticks:
            direction = self.direction(tick)
            mark = Line(0.9 * radius * direction, radius * direction, color=p.muted, stroke_width=3)
            label = caption(numbers.parameter_text(tick), theme.SMALL_SIZE, p.muted).move_to((radius + 0.3) * direction)
            self.ticks.add(VGroup(mark, label))
        color = color or p.U
        self.hub = Dot(np.zeros(3), radius=0.07, color=color)
        # the needle and read-out are rebuilt every frame around wherever the hub has moved
        self.needle = always_redraw(
            lambda: Line(
                self.hub.get_center(),
                self.hub.get_center() + 0.85 * radius * self.direction(self.tracker.get_value()),
                color=color,
                stroke_width=5,
            )
        )
        self.readout = always_redraw(
            lambda: caption(f"{name} = {numbers.text(self.tracker.get_value())}", theme.BODY_SIZE, color).next_to(
                self.hub, DOWN, buff=0.25
            )
        )
        self.add(self.arc, self.ticks, self.needle, self.hub, self.readout)

    def direction(self, value: float) -> np.ndarray:
        share = (np.log(value) - np.log(self.low)) / (np.log(self.high) - np.log(self.low))
        angle = PI * (1 - np.clip(share, 0, 1))
        return np.cos(angle) * RIGHT + np.sin(angle) * UP
