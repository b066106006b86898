"""Log-scale pieces: a plot whose y axis counts powers of ten, and a bar for one magnitude.

Both work in log10 values.  ``LogPlot`` draws them where they are: the caller
clips them to the window first (``scenes.values.plots`` does, or ``np.clip``), so a
curve never leaves the axes.  ``LogBar.get_bar`` clips its value to the bar's
decades itself, so -inf (a product of 0) draws an empty bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedVMobject, Dot, Line, MathTex, Rectangle, VGroup, VMobject

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.text import caption, math


def power_of_ten(palette: Palette, exponent: int) -> MathTex:
    return MathTex(numbers.power_of_ten_tex(exponent), color=palette.muted).scale(theme.EQUATION_SCALE_TICK)


class LogPlot(VGroup):
    """Axes for values against a whole number k, the y axis in decades [floor, ceiling].

    ``point(k, log_value)`` maps data to the frame; ``get_curve`` and ``get_dots``
    build a polyline or dots from log10 values.
    """

    def __init__(
        self,
        palette: Palette,
        x_max: int,
        floor: int,
        ceiling: int,
        x_label: str,
        y_label: str,
        x_step: int = 10,
        y_step: int = 20,
        width: float = 6.6,
        height: float = 4.6,
    ):
        super().__init__()
        muted = palette.muted
        self.floor, self.ceiling = floor, ceiling
        self.axes = Axes(
            x_range=[0, x_max, x_step],
            # counted from the floor, so the k axis sits at the bottom and not at 10^0
            y_range=[0, ceiling - floor, y_step],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": muted, "stroke_width": 2},
        )
        self.x_ticks = VGroup(
            *(
                caption(str(k), theme.SMALL_SIZE, muted).next_to(self.point(k, floor), DOWN, buff=0.15)
                for k in range(0, x_max + 1, x_step)
            )
        )
        self.y_ticks = VGroup(
            *(
                power_of_ten(palette, e).next_to(self.point(0, e), LEFT, buff=0.15)
                for e in range(floor, ceiling + 1, y_step)
            )
        )
        self.grid = VGroup(
            *(
                Line(self.point(0, e), self.point(x_max, e), color=palette.dim, stroke_width=1)
                for e in range(floor, ceiling + 1, y_step)
                if e != floor
            )
        )
        self.x_label = math(palette, x_label).next_to(self.x_ticks, DOWN, buff=0.12)
        self.y_label = math(palette, y_label).next_to(self.axes.y_axis, UP, buff=0.2)
        self.add(self.grid, self.axes, self.x_ticks, self.y_ticks, self.x_label, self.y_label)

    def point(self, k: float, log_value: float) -> np.ndarray:
        return self.axes.c2p(k, log_value - self.floor)

    def get_curve(self, ks: Sequence[float], logs: Sequence[float], color: str, dashed: bool = False) -> VMobject:
        line = VMobject(color=color, stroke_width=theme.CURVE_WIDTH)
        line.set_points_as_corners([self.point(k, v) for k, v in zip(ks, logs)])
        return DashedVMobject(line, num_dashes=theme.DASHES) if dashed else line

    def get_dots(self, ks: Sequence[float], logs: Sequence[float], color: str) -> VGroup:
        return VGroup(*(Dot(self.point(k, v), radius=theme.DOT_RADIUS, color=color) for k, v in zip(ks, logs)))


class LogBar(VGroup):
    """A vertical scale of decades [floor, ceiling] with a bar up to one magnitude.

    ``get_bar(log_value)`` returns the bar for a value (to Transform the old one into).
    """

    def __init__(self, palette: Palette, floor: int, ceiling: int, height: float = 4.6, width: float = 0.45, color: str | None = None):
        super().__init__()
        self.floor, self.ceiling = floor, ceiling
        self.bar_width = width
        self.color = color or palette.error
        muted = palette.muted
        self.scale_line = Line(height * DOWN / 2, height * UP / 2, color=muted, stroke_width=2)
        # a tick every decade, a label on every `step`-th counted from the top, far enough apart to read
        step = int(np.ceil(theme.BAR_LABEL_GAP * (ceiling - floor) / height))
        self.ticks = VGroup()
        for e in range(floor, ceiling + 1):
            tick = Line(0.08 * LEFT, 0.08 * RIGHT, color=muted, stroke_width=2).move_to(self.point(e))
            labelled = (ceiling - e) % step == 0
            self.ticks.add(VGroup(tick, power_of_ten(palette, e).next_to(tick, LEFT, buff=0.1)) if labelled else VGroup(tick))
        self.add(self.scale_line, self.ticks)

    def point(self, log_value: float) -> np.ndarray:
        low, high = self.scale_line.get_start(), self.scale_line.get_end()
        share = (log_value - self.floor) / (self.ceiling - self.floor)
        return low + share * (high - low)

    def get_bar(self, log_value: float) -> Rectangle:
        bottom = self.point(self.floor)
        top = self.point(np.clip(log_value, self.floor, self.ceiling))
        height = max(float(top[1] - bottom[1]), 1e-3)
        bar = Rectangle(width=self.bar_width, height=height, stroke_width=0).set_fill(self.color, opacity=0.85)
        return bar.move_to(bottom, aligned_edge=DOWN).shift((self.bar_width / 2 + 0.12) * RIGHT)
