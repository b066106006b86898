"""Placing a diagram in the part of the frame that equations leave free."""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, Mobject, config

from lstm_explainer.scenes import theme


def frame_box(top: float, right: float) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of the part of the frame left of `right` and below `top`, inside the margin."""
    left = -config.frame_width / 2 + theme.FRAME_MARGIN
    bottom = -config.frame_height / 2 + theme.FRAME_MARGIN
    return left, right, top, bottom


def fit_into(part: Mobject, labels: list[Mobject], box: tuple[float, float, float, float]) -> Mobject:
    """Set part.target: `part` as large as fits in `box` (left, right, top, bottom), centred in it.

    The symbol `labels` inside `part` never shrink below their drawn size, so a graph
    scaled down for a column of equations keeps readable B T P S X V E.  A label that
    knows which of its edges ``faces`` its node (see ``components.graph``) grows away
    from that edge, so it does not grow over the node, and steps further away from a
    grown label it stands on (a step name over the output symbols).
    """
    left, right, top, bottom = box
    part.generate_target()
    target = part.target
    scale = min((right - left) / target.width, (top - bottom) / target.height)
    target.scale(scale)
    if scale < 1:
        kept = {id(label) for label in labels}
        grown = [copy for original, copy in zip(part.get_family(), target.get_family()) if id(original) in kept]
        for label in grown:
            label.scale(1 / scale, about_edge=getattr(label, "faces", ORIGIN))
        for label in grown:
            _clear_of(label, grown)
        target.scale(min(1.0, (right - left) / target.width, (top - bottom) / target.height))  # grown labels may stick out
    return target.move_to([(left + right) / 2, (top + bottom) / 2, 0])


def _clear_of(label: Mobject, others: list[Mobject], gap: float = 0.05) -> None:
    """Move `label` away from its node past any other label that lies between it and the node."""
    faces = getattr(label, "faces", None)
    if faces is None:
        return
    axis = int(np.argmax(np.abs(faces)))
    across = 1 - axis
    towards = float(np.sign(faces[axis]))  # the side of `label` where its node lies
    for other in others:
        near = label.get_critical_point(towards * _unit(axis))[axis]  # label's edge towards its node
        if other is label or towards * (other.get_center()[axis] - near) <= 0:
            continue  # not between the label and its node
        low = max(label.get_critical_point(-_unit(across))[across], other.get_critical_point(-_unit(across))[across])
        high = min(label.get_critical_point(_unit(across))[across], other.get_critical_point(_unit(across))[across])
        depth = towards * (near - other.get_critical_point(-towards * _unit(axis))[axis]) + gap
        if high > low and depth > 0:
            label.shift(-towards * depth * _unit(axis))


def _unit(axis: int) -> np.ndarray:
    return np.eye(3)[axis]
