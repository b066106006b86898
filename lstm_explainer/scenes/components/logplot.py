"""Log-scale pieces: a plot whose y axis counts powers of ten, and a ruler of decades with a bar per row.

Both work in log10 values.  ``LogPlot`` draws them where they are: the caller
clips them to the window first (``scenes.values.plots`` does, or ``np.clip``), so a
curve never leaves the axes.  ``LogRuler.get_bar`` clips its value to the ruler's
decades itself, so -inf (a product of 0) draws an empty bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedVMobject, Dot, Line, MathTex, Rectangle, VGroup, VMobject

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.text import caption, math


def power_of_ten(palette: Palette, exponent: int, scale: float = theme.EQUATION_SCALE_TICK) -> MathTex:
    return MathTex(numbers.power_of_ten_tex(exponent), color=palette.text).scale(scale)  # read, so not grey


AXIS_TICK_SCALE = 0.8  # a plot's 10^k against EQUATION_SCALE_TICK: the exponent read at 480p
RULER_TICK = 0.09  # half a ruler tick's length; a labelled decade's is longer
RULER_LABEL_CLEAR = 0.25  # the least clear space between two of a ruler's labels


class LogPlot(VGroup):
    """Axes for values against a whole number k, the y axis in decades [floor, ceiling].

    ``point(k, log_value)`` maps data to the frame; ``get_curve`` and ``get_dots``
    build a polyline or dots from log10 values. The first k stands ``margin`` right of the y axis, so a
    dot there is seen whole and not on the axis.
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
        margin: float = theme.PLOT_MARGIN,
    ):
        super().__init__()
        muted = palette.muted
        self.floor, self.ceiling = floor, ceiling
        self.pad = margin * x_max / (width - margin)  # the margin in k: the axes run from k = -pad
        self.axes = Axes(
            # the axes count from the y axis, k from `pad` along them: the axes' own ticks would stand off by pad
            x_range=[0, x_max + self.pad, x_step],
            # counted from the floor, so the k axis sits at the bottom and not at 10^0
            y_range=[0, ceiling - floor, y_step],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": muted, "stroke_width": 2},
            x_axis_config={"include_ticks": False},
        )
        self.axes.add(VGroup(*(Line(self.point(k, floor) + 0.1 * DOWN, self.point(k, floor) + 0.1 * UP, color=muted, stroke_width=2)
                               for k in range(0, x_max + 1, x_step))))
        self.x_ticks = VGroup(
            *(
                caption(str(k), theme.LABEL_SIZE, palette.text).next_to(self.point(k, floor), DOWN, buff=0.15)
                for k in range(0, x_max + 1, x_step)
            )
        )
        self.y_ticks = VGroup(
            *(
                power_of_ten(palette, e, AXIS_TICK_SCALE).next_to(self.axes.c2p(0, e - floor), LEFT, buff=0.15)
                for e in range(floor, ceiling + 1, y_step)
            )
        )
        self.grid = VGroup(
            *(
                Line(self.axes.c2p(0, e - floor), self.point(x_max, e), color=palette.dim, stroke_width=1)
                for e in range(floor, ceiling + 1, y_step)
                if e != floor
            )
        )
        self.x_label = math(palette, x_label).next_to(self.x_ticks, DOWN, buff=0.12)
        self.y_label = math(palette, y_label).next_to(self.axes.y_axis, UP, buff=0.2)
        self.add(self.grid, self.axes, self.x_ticks, self.y_ticks, self.x_label, self.y_label)

    def point(self, k: float, log_value: float) -> np.ndarray:
        return self.axes.c2p(k + self.pad, log_value - self.floor)

    def get_curve(self, ks: Sequence[float], logs: Sequence[float], color: str, dashed: bool = False) -> VMobject:
        line = VMobject(color=color, stroke_width=theme.CURVE_WIDTH)
        line.set_points_as_corners([self.point(k, v) for k, v in zip(ks, logs)])
        return DashedVMobject(line, num_dashes=theme.DASHES) if dashed else line

    def get_dots(self, ks: Sequence[float], logs: Sequence[float], color: str) -> VGroup:
        return VGroup(*(Dot(self.point(k, v), radius=theme.DOT_RADIUS, color=color) for k, v in zip(ks, logs)))


class LogRuler(VGroup):
    """A horizontal scale of decades [floor, ceiling], small on the left, labelled above; a bar per row below it.

    ``get_bar(log_value, y)`` is the bar at height `y` from the floor to a magnitude (clipped to the scale),
    so bars of a shrinking magnitude, one row under another, end further and further left.
    """

    def __init__(self, palette: Palette, floor: int, ceiling: int, width: float, bar_height: float = 0.22,
                 color: str | None = None, label_scale: float = theme.EQUATION_SCALE_TICK):
        super().__init__()
        self.floor, self.ceiling, self.bar_height = floor, ceiling, bar_height
        self.color = color or palette.error
        muted = palette.muted
        self.scale_line = Line(ORIGIN_POINT, width * RIGHT, color=muted, stroke_width=2)
        # labels set larger need more room between them: at least the widest label's width and a clear gap
        widest = max(power_of_ten(palette, e, label_scale).width for e in (floor, ceiling))
        room = max(theme.RULER_LABEL_GAP * label_scale / theme.EQUATION_SCALE_TICK, widest + RULER_LABEL_CLEAR)
        step = max(1, int(np.ceil(room * (ceiling - floor) / width)))
        self.ticks = VGroup()
        for e in range(floor, ceiling + 1):
            labelled = (ceiling - e) % step == 0
            half = RULER_TICK * (1.6 if labelled else 1.0)  # a labelled decade's tick longer, as a ruler's centimetres
            tick = Line(half * DOWN, half * UP, color=muted, stroke_width=3).move_to(self.point(e))
            self.ticks.add(VGroup(tick, power_of_ten(palette, e, label_scale).next_to(tick, UP, buff=0.08)) if labelled else VGroup(tick))
        self.add(self.scale_line, self.ticks)

    def point(self, log_value: float) -> np.ndarray:
        low, high = self.scale_line.get_start(), self.scale_line.get_end()
        return low + (log_value - self.floor) / (self.ceiling - self.floor) * (high - low)

    def get_bar(self, log_value: float, y: float) -> Rectangle:
        left = self.point(self.floor)[0]
        right = self.point(np.clip(log_value, self.floor, self.ceiling))[0]
        bar = Rectangle(width=max(right - left, 1e-3), height=self.bar_height, stroke_width=0).set_fill(self.color, opacity=0.85)
        return bar.move_to([left, y, 0], aligned_edge=LEFT)


ORIGIN_POINT = np.zeros(3)
