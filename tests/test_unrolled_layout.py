"""The unrolled graph's recurrent edges: each U edge passes the hidden units it does not join, and the pills
UnrollRNN writes their values in (laid over each unit's node), with room to spare (a reviewer saw them run through
step 2's units, later ones saw pills beside the nodes sit on the U and V edges)."""

from __future__ import annotations

import numpy as np
import pytest
from layout import clearance
from manim import Line

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.unroll_rnn import ValuedGraph
from lstm_explainer.scenes.story import trained_rnn



def widest_pill() -> tuple[float, float]:
    """Width and height of the widest value pill UnrollRNN lays over a hidden unit (a minus sign and three digits)."""
    valued = object.__new__(ValuedGraph)  # only the pill drawing: no scene, no values
    valued.palette = theme.DARK
    pill = valued.value_pill("−0.779", -0.779)[0]
    return pill.width, pill.height


@pytest.fixture(scope="module")
def unrolled():
    rnn = trained_rnn()
    return UnrolledGraph(theme.DARK, rnn.W, rnn.U, rnn.V, reber.SYMBOLS, steps=3)


def u_edges(unrolled) -> list[Line]:
    return [m for t in (2, 3) for m in unrolled.u_edges(t).family_members_with_points() if isinstance(m, Line)]


def test_u_edges_pass_other_hidden_units_with_a_tenth_of_a_unit_to_spare(unrolled):
    # a U edge is a curve: sampled densely along its path
    hidden = [node for t in range(1, 4) for node in unrolled.h_nodes(t)]
    assert clearance(u_edges(unrolled), hidden, samples=201) > 0.1


def test_u_edges_cross_no_value_pill_but_their_own_ends(unrolled):
    # each pill lies over its unit's node (the pill is the node): a U edge passes every other unit's pill with room
    # to spare, and leaves its own two pills level, from their sides (reviewers saw pills beside the nodes sit on
    # the U edges)
    width, height = widest_pill()
    gaps = []
    for t in (2, 3):
        for i in range(1, 5):
            for j in range(1, 5):
                edge = unrolled.u_edge(t, i, j)
                points = np.array([edge.point_from_proportion(s) for s in np.linspace(0, 1, 401)])
                ends = (unrolled.h_node(t - 1, j), unrolled.h_node(t, i))
                for node in (n for s in range(1, 4) for n in unrolled.h_nodes(s)):
                    centre = node.get_center()
                    near = points[np.abs(points[:, 0] - centre[0]) < width / 2]
                    if any(node is end for end in ends):
                        assert np.all(np.abs(near[:, 1] - centre[1]) < height / 2)
                    else:
                        gaps += list(np.abs(near[:, 1] - centre[1]) - height / 2)
    assert min(gaps) > 0.05


def test_u_edges_leave_and_enter_their_units_level(unrolled):
    # each U edge leaves h_(t-1)^j at its right rim and enters h_t^i at its left rim, heading straight across
    for t in (2, 3):
        for i in range(1, 5):
            for j in range(1, 5):
                edge = unrolled.u_edge(t, i, j)
                start, end = edge.get_start(), edge.get_end()
                assert np.allclose(start, unrolled.h_node(t - 1, j).get_right(), atol=1e-6)
                assert np.allclose(end, unrolled.h_node(t, i).get_left(), atol=1e-6)
                for s, anchor in ((0.02, start), (0.98, end)):
                    step = edge.point_from_proportion(s) - anchor
                    assert abs(step[1]) < 0.2 * abs(step[0])
