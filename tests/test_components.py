"""The diagram primitives: no edge runs through a node it does not join, U loops the whole layer,
lit edges lie above dim ones, hidden values have their own colours, shrunken graphs keep their labels."""

from __future__ import annotations

import numpy as np
import pytest
from layout import clearance
from manim import Line, ManimColor, VGroup

from lstm_explainer.model import reber
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.highlight import highlight
from lstm_explainer.scenes.components.layout import fit_into
from lstm_explainer.scenes.components.network import LayeredNetwork
from lstm_explainer.scenes.components.paths import PathGraph
from lstm_explainer.scenes.components.unrolled import UnrolledGraph
from lstm_explainer.scenes.story import trained_rnn


@pytest.fixture(scope="module")
def rnn():
    return trained_rnn()


@pytest.fixture(scope="module")
def unrolled(rnn):
    return UnrolledGraph(theme.DARK, rnn.W, rnn.U, rnn.V, reber.SYMBOLS, steps=3)


def lines_of(group) -> list[Line]:
    return [m for m in group.family_members_with_points() if isinstance(m, Line)]


def test_no_unrolled_edge_runs_through_a_node_outside_its_own_column(unrolled):
    # A step's hidden units stand in one column, so the W and V edges into or out of its upper and lower units
    # pass behind its other units (drawn over them, filled): that is the column. Every other node is kept clear:
    # no edge crosses an input or output node it does not join, nor a hidden unit of another step.
    for t in range(1, 4):
        own = VGroup(unrolled.w_edges(t), unrolled.v_edges(t))
        others = [node for s in range(1, 4) for layer, row in enumerate(unrolled.step_nodes(s)) for node in row
                  if layer != 1 or s != t]
        assert clearance(lines_of(own), others) > 0.05
    u_edges = VGroup(*(unrolled.u_edges(t) for t in (2, 3)))
    nodes = [node for t in range(1, 4) for row in unrolled.step_nodes(t) for node in row]
    assert clearance(lines_of(u_edges), nodes) > 0.05


def test_no_network_or_trellis_edge_runs_through_a_node(rnn):
    network = LayeredNetwork(theme.DARK, rnn.W, rnn.V, reber.SYMBOLS)
    nodes = [*network.inputs, *network.hidden, *network.outputs]
    assert clearance(lines_of(VGroup(network.w_edges, network.v_edges)), nodes) > 0.05
    trellis = PathGraph(theme.DARK, rnn.U, "BTSSXXTVVE", 4)
    assert clearance(lines_of(trellis.edges), [n for column in trellis.columns for n in column]) > 0.05


def test_the_u_loop_goes_round_the_whole_hidden_layer(rnn):
    network = LayeredNetwork(theme.DARK, rnn.W, rnn.V, reber.SYMBOLS)
    frame = network.u_loop.frame
    for node in network.hidden:
        assert frame.get_left()[0] < node.get_left()[0] and node.get_right()[0] < frame.get_right()[0]
    assert network.u_loop.arrow.get_left()[0] >= frame.get_right()[0] - 0.01


def test_lit_edges_are_drawn_above_dim_ones(unrolled):
    kept = [unrolled.w_edge(1, 4, 1), unrolled.u_edge(2, 1, 4)]
    highlight(theme.DARK, unrolled.node_view, kept)
    assert all(line.z_index > 0 for line in kept)
    others = [line for line in lines_of(unrolled.edges) if not any(line is k for k in kept)]
    assert all(line.z_index == 0 for line in others)
    pairs = zip(unrolled.node_view.family_members_with_points(), unrolled.node_view.target.family_members_with_points())
    guides = [(leaf, lit) for leaf, lit in pairs if getattr(leaf, "is_guide", False)]
    assert len(guides) >= len(unrolled.unit_labels) + len(unrolled.step_labels)
    assert all(lit.get_fill_color().to_hex() == leaf.get_fill_color().to_hex() for leaf, lit in guides)
    highlight(theme.DARK, unrolled.node_view, [unrolled.node_view])  # everything lit again, nothing above anything


@pytest.mark.parametrize("name", list(theme.PALETTES))
def test_hidden_values_and_v_keep_their_own_colours(name):
    p = theme.PALETTES[name]
    ends = {ManimColor(theme.hidden_value_color(p, h)).to_hex().lower() for h in (-1.0, 1.0)}
    assert ends == {p.hidden.lower(), p.hidden_negative.lower()}
    assert p.error.lower() not in ends
    assert p.V.lower() not in {p.good.lower(), p.output.lower()}


def test_a_shrunken_graph_keeps_its_labels_legible(unrolled):
    view, labels = unrolled.steps_view(1, 2), unrolled.labels_of(1, 2)
    assert {id(u) for u in unrolled.unit_labels} <= {id(m) for m in labels}
    heights = [label.height for label in labels]
    fit_into(view, labels, (-7.0, -3.0, 2.0, -3.0))
    kept = {id(m) for m in labels}
    targets = [copy for original, copy in zip(view.get_family(), view.target.get_family()) if id(original) in kept]
    assert view.target.width < view.width
    assert [t.height for t in targets] == pytest.approx(heights, rel=0.15)
    by_original = {id(original): copy for original, copy in zip(view.get_family(), view.target.get_family())}
    for t in (1, 2):
        step_name = by_original[id(unrolled.step_label(t))]
        symbols = [by_original[id(label)] for label in unrolled.output_labels(t)]
        assert step_name.get_bottom()[1] >= max(label.get_top()[1] for label in symbols)
