"""The Reber grammar drawn as a graph: states as circles, transitions as arrows labelled with their symbol.

The layout is the usual drawing: B enters on the left, the T branch runs along the
top and the P branch along the bottom, both meet at node 5 and E leaves on the
right. ``edge(source, symbol)`` finds the arrow a walk takes, ``node(state)`` its
circle; the states are model.reber's (START, 0..5, ACCEPT).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Circle, CurvedArrow, Text, VGroup, VMobject

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette

# Where each state sits, in units of the grammar's grid (x across, y up).
POSITIONS = {
    reber.START: (-3.6, 0.0),
    0: (-2.3, 0.0),
    1: (-0.9, 1.1),
    2: (-0.9, -1.1),
    3: (1.1, 1.1),
    4: (1.1, -1.1),
    5: (2.4, 0.0),
    reber.ACCEPT: (3.7, 0.0),
}
# The two self-loops bulge away from the graph: node 1 upwards, node 2 downwards.
LOOP_SIDE = {1: UP, 2: DOWN}


def state_name(state: object) -> str:
    return {reber.START: "", reber.ACCEPT: ""}.get(state, str(state))


class GrammarGraph(VGroup):
    """The Reber graph; ``node(state)``, ``edge(source, symbol)`` and ``label(source, symbol)`` find its parts."""

    def __init__(self, palette: Palette, unit: float = 1.0, labelled: bool = True):
        super().__init__()
        p = palette
        self.node_map: dict[object, Circle] = {}
        self.edge_map: dict[tuple[object, str], VMobject] = {}
        self.label_map: dict[tuple[object, str], Text] = {}
        nodes, names, edges, labels = VGroup(), VGroup(), VGroup(), VGroup()
        for state, (x, y) in POSITIONS.items():
            radius = theme.GRAMMAR_NODE_RADIUS * (0.55 if state in (reber.START, reber.ACCEPT) else 1.0)
            node = Circle(radius=radius, color=p.muted, stroke_width=theme.NODE_STROKE)
            node.set_fill(p.muted if state in (reber.START, reber.ACCEPT) else p.background, opacity=1)
            node.move_to(unit * np.array([x, y, 0.0]))
            self.node_map[state] = node
            nodes.add(node)
            if state_name(state):
                names.add(Text(state_name(state), font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.muted).move_to(node))
        for source, out in reber.TRANSITIONS.items():
            for symbol, target in out.items():
                edge = self._edge(source, target, p.muted)
                label = Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.text)
                label.move_to(self._label_point(edge, source, target))
                self.edge_map[(source, symbol)] = edge
                self.label_map[(source, symbol)] = label
                edges.add(edge)
                labels.add(label)
        self.nodes, self.names, self.edges, self.labels = nodes, names, edges, labels
        self.add(edges, nodes)
        if labelled:  # a thumbnail of the graph goes without text: it would be too small to read
            self.add(names, labels)

    def node(self, state: object) -> Circle:
        return self.node_map[state]

    def edge(self, source: object, symbol: str) -> VMobject:
        return self.edge_map[(source, symbol)]

    def label(self, source: object, symbol: str) -> Text:
        return self.label_map[(source, symbol)]

    def _edge(self, source: object, target: object, color: str) -> VMobject:
        a, b = self.node_map[source], self.node_map[target]
        if source == target:
            side = LOOP_SIDE[source]
            r = a.width / 2
            start = a.get_center() + r * (side + 0.8 * LEFT) / np.linalg.norm(side + 0.8 * LEFT)
            end = a.get_center() + r * (side + 0.8 * RIGHT) / np.linalg.norm(side + 0.8 * RIGHT)
            angle = -1.5 * np.pi if side is UP else 1.5 * np.pi
            return CurvedArrow(start, end, angle=angle, color=color, stroke_width=theme.GRAMMAR_EDGE_WIDTH, tip_length=0.14)
        return Arrow(
            a.get_center(),
            b.get_center(),
            buff=a.width / 2,
            color=color,
            stroke_width=theme.GRAMMAR_EDGE_WIDTH,
            max_tip_length_to_length_ratio=0.12,
            tip_length=0.16,
        )

    @staticmethod
    def _label_point(edge: VMobject, source: object, target: object) -> np.ndarray:
        """Beside the middle of the arrow (outside a loop), on its left-hand side going forward."""
        if source == target:
            return edge.get_left() + 0.2 * LEFT  # beside the loop, keeping the graph low
        start, end = edge.get_start(), edge.get_end()
        direction = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-direction[1], direction[0], 0.0])
        if normal[1] < 0 or (abs(normal[1]) < 1e-9 and normal[0] > 0):
            normal = -normal  # labels sit above (or left of) their arrow
        if (source, target) == (4, 3):
            normal = RIGHT  # the one vertical arrow: label on the outside of the graph
        if (source, target) == (4, 5):
            normal = -normal  # under its arrow: above it, V would meet the vertical arrow's P
        return (start + end) / 2 + 0.22 * normal
