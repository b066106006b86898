"""The pieces every network diagram is built from: nodes, weighted edges, the U loop, labels.

The folded network (``network.py``), the unrolled graph (``unrolled.py``) and the
path trellis (``paths.py``) all draw with these, so a node, an edge of weight w
and the recurrent loop look the same in every scene.

* ``node_row(palette, count, color, step)``: ``count`` hollow nodes, ``step`` apart
  (a vector: a row, a column or a slant), centred on the origin.
* ``weighted_edges(sources, targets, weights, color)``: one line per weight,
  ``edges[i][j]`` joining ``sources[j]`` to ``targets[i]`` like the matrix
  ``weights[i, j]``; width and opacity follow |weight|.  Lines stop at the rim
  of their nodes, so a line drawn over others never covers a node.
* ``ULoop(layer, color)``: the recurrent weights as one arrow that leaves the
  whole hidden layer and comes back into it (U is d x d: every unit feeds
  every unit, not one unit itself).
* ``flow_along(edges)``: a bright pulse that runs along edges in their own
  direction and leaves them as they were (values flowing through the network).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Animation, Circle, CurvedArrow, Line, MathTex, Mobject, RoundedRectangle,
                   ShowPassingFlash, Text, VGroup, VMobject)

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette


def node(palette: Palette, color: str, radius: float = theme.NODE_RADIUS) -> Circle:
    """A hollow node: its rim in `color`, filled with the background so edges pass behind it."""
    circle = Circle(radius=radius, color=color, stroke_width=theme.NODE_STROKE)
    return circle.set_fill(palette.background, opacity=1)


def node_row(palette: Palette, count: int, color: str, step: np.ndarray, radius: float = theme.NODE_RADIUS) -> VGroup:
    """`count` nodes, node a at (a - (count - 1) / 2) * step: centred on the origin."""
    return VGroup(*(node(palette, color, radius).move_to((a - (count - 1) / 2) * np.asarray(step, dtype=float)) for a in range(count)))


def edge_style(weight: float, largest: float, least_width: float = theme.EDGE_WIDTH_MIN,
               least_opacity: float = theme.EDGE_OPACITY_MIN, greatest_width: float = theme.EDGE_WIDTH_MAX) -> dict:
    """Width and opacity of an edge whose weight is `weight` (largest magnitude: `largest`); a weight of 0 gets
    `least_width` and `least_opacity`, the largest `greatest_width`."""
    strength = abs(weight) / largest if largest > 0 else 1.0
    return {
        "stroke_width": least_width + strength * (greatest_width - least_width),
        "stroke_opacity": least_opacity + strength * (1 - least_opacity),
    }


def weighted_edges(sources: VGroup, targets: VGroup, weights: np.ndarray, color: str, **least) -> VGroup:
    """edges[i][j] joins sources[j] to targets[i], styled by weights[i, j] (one scale per matrix; `least` as for
    `edge_style`)."""
    largest = float(np.abs(weights).max())
    return VGroup(
        *(
            VGroup(
                *(
                    Line(source.get_center(), target.get_center(), buff=source.width / 2, color=color,
                         **edge_style(weights[i, j], largest, **least))
                    for j, source in enumerate(sources)
                )
            )
            for i, target in enumerate(targets)
        )
    )


class ULoop(VGroup):
    """The recurrent weights U as one loop on the whole hidden layer: ``frame``, ``arrow``, ``label``.

    With ``frame`` a rounded box is drawn around `layer` (a row of nodes) and the loop
    leaves and re-enters the box; without it `layer` is itself the box (a block).
    """

    def __init__(self, layer: Mobject, color: str, frame: bool = True, stroke_width: float = theme.U_LOOP_WIDTH):
        super().__init__()
        self.frame = (
            RoundedRectangle(
                corner_radius=theme.BLOCK_CORNER,
                width=layer.width + 2 * theme.U_FRAME_PAD,
                height=layer.height + 2 * theme.U_FRAME_PAD,
                color=color,
                stroke_width=theme.U_FRAME_WIDTH,
            ).move_to(layer)
            if frame
            else VGroup()
        )
        around = self.frame if frame else layer
        reach = min(0.25, 0.35 * around.height)
        self.arrow = CurvedArrow(
            around.get_right() + reach * UP, around.get_right() + reach * DOWN, angle=-4.0, color=color,
            stroke_width=stroke_width, tip_length=0.18,
        )
        self.label = MathTex("U", color=color).scale(theme.EQUATION_SCALE).next_to(self.arrow, RIGHT, buff=0.1)
        self.add(self.frame, self.arrow, self.label)


def beside(label: Mobject, node: Mobject, direction: np.ndarray, buff: float) -> Mobject:
    """`label` next to `node` on the side `direction` points to; ``label.faces`` is its edge towards the node."""
    label.next_to(node, direction, buff=buff)
    label.faces = -np.asarray(direction, dtype=float)
    return label


def symbol_labels(palette: Palette, row: VGroup, symbols: Sequence[str], direction: np.ndarray, buff: float = 0.12) -> VGroup:
    """One symbol per node of `row`, on the side `direction` points to."""
    color = palette.text
    return VGroup(
        *(
            beside(Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=color), node, direction, buff)
            for symbol, node in zip(symbols, row)
        )
    )


def unit_labels(palette: Palette, nodes: VGroup, direction: np.ndarray = LEFT, buff: float = 0.1,
                size: int = theme.SMALL_SIZE, color: str | None = None) -> VGroup:
    """The hidden units' numbers 1..d (the superscript of h_t^i) beside `nodes`, at `size` (the smallest unless told),
    in `color` (the muted one unless told).

    Each on a backing in the background's colour, drawn over every edge (lit ones too): no edge crosses a number.
    """
    labels = VGroup()
    for a, node in enumerate(nodes, start=1):
        number = Text(str(a), font=theme.FONT, font_size=size, color=color or palette.muted)
        number.add_background_rectangle(color=palette.background, opacity=1, buff=0.03)
        labels.add(beside(number, node, direction, buff))
    return labels.set_z_index(theme.LIT_Z + 1)



def flow_along(edges: VMobject, time_width: float = 0.6, z_index: float = 0) -> Animation:
    """A bright pulse running along `edges` in their own direction, leaving them as they were (drawn at `z_index`)."""
    pulse = edges.copy().set_stroke(width=theme.LIT_EDGE_WIDTH, opacity=1).set_z_index(z_index)
    return ShowPassingFlash(pulse, time_width=time_width)
