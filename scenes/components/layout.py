"""Placing a diagram in the part of the frame that equations leave free."""

from __future__ import annotations

from manim import ORIGIN, Mobject, config

from scenes import theme


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
    from that edge, so it does not grow over the node.
    """
    left, right, top, bottom = box
    part.generate_target()
    target = part.target
    scale = min((right - left) / target.width, (top - bottom) / target.height)
    target.scale(scale)
    if scale < 1:
        kept = {id(label) for label in labels}
        for original, copy in zip(part.get_family(), target.get_family()):
            if id(original) in kept:
                copy.scale(1 / scale, about_edge=getattr(original, "faces", ORIGIN))
        target.scale(min(1.0, (right - left) / target.width, (top - bottom) / target.height))  # grown labels may stick out
    return target.move_to([(left + right) / 2, (top + bottom) / 2, 0])
