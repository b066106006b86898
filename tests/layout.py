"""What a viewer can read on a scene's picture, taken from its mobjects: texts, their glyphs, lines.

`snapshot(scene)` is taken at every pause point of the builds in tests/builds.py; the typography tests
(tests/test_typography.py) measure it against the frame of a 854x480 video: the x-height of every
text, the margin left round everything drawn, text over text, and lines through text. A line is seen
through a text only where no opaque shape drawn after it (a number's backing, a filled node) hides it:
each line and each such cover carries its place in manim's drawing order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from manim import BackgroundRectangle, Brace, MarkupText, MathTex, Mobject, Tex, Text, VMobject, config
from manim.utils.family import extract_mobject_family_members
from manim.mobject.text.tex_mobject import SingleStringMathTex

from lstm_explainer.scenes import theme

PIXELS = 480  # the frame's height in pixels at the smallest preset (-q l), where the floors are set
LINE_SAMPLE = 0.02  # manim units between two points sampled along a drawn line
TEXTS = (Text, MarkupText, SingleStringMathTex)


def clearance(lines, nodes, samples: int = 101) -> float:
    """The least gap between a line (straight or bent: sampled at `samples` points along its path) and the rim of a
    node it does not end at."""
    gaps = []
    for line in lines:
        a, b = line.get_start(), line.get_end()
        points = np.array([line.point_from_proportion(s) for s in np.linspace(0, 1, samples)])
        for node in nodes:
            centre, radius = node.get_center(), node.width / 2
            if min(np.linalg.norm(centre - a), np.linalg.norm(centre - b)) < 1.5 * radius:
                continue  # the line's own end
            gaps.append(np.linalg.norm(points - centre, axis=1).min() - radius)
    return min(gaps)


def pixels(length: float) -> float:
    """A length in manim units as pixels of a 480-line frame."""
    return length * PIXELS / config.frame_height


@cache
def x_height_per_point(kind: str, font: str = "") -> float:
    """The x-height (manim units) of one point of font size, for a text mobject of `kind`."""
    if kind == "tex":
        reference = MathTex("x")
    elif kind == "prose":
        reference = Tex("x")
    else:
        reference = Text("x", font=font)
    return reference.height / reference.font_size


@dataclass
class Reading:
    """One text on screen: what it says, its x-height, and the boxes of its glyphs (x0, y0, x1, y1)."""

    kind: str
    says: str
    x_height: float
    glyphs: np.ndarray
    visible: bool
    size: float = 0.0  # font size as drawn (after any scaling)

    def __str__(self) -> str:
        return f"{self.kind} {self.says!r}"


@dataclass
class Picture:
    """The readable and the drawn parts of one frame."""

    readings: list[Reading] = field(default_factory=list)
    lines: list[tuple[str, np.ndarray, int]] = field(default_factory=list)  # (what, points (n, 2) along a stroke, draw rank)
    covers: list[tuple[int, np.ndarray]] = field(default_factory=list)  # (draw rank, outline (n, 2)) of opaque fills
    extents: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (what, box) of everything drawn
    braces: list[str] = field(default_factory=list)  # upright braces: round a column, the brackets of a vector


def _box(mob: Mobject) -> np.ndarray:
    points = mob.points
    return np.array([points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()])


def _opaque(mob: VMobject) -> bool:
    return mob.get_fill_opacity() >= 0.999


def inside_outline(points: np.ndarray, outline: np.ndarray) -> np.ndarray:
    """Which of `points` (n, 2) lie inside the closed polygon `outline` (m, 2), by the even-odd rule."""
    x, y = points[:, :1], points[:, 1:]
    x0, y0 = outline[:, 0], outline[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return (crosses & (x < at)).sum(axis=1) % 2 == 1


def _visible(mob: VMobject) -> bool:
    stroke = mob.get_stroke_width() > 0 and mob.get_stroke_opacity() > 0
    return bool(stroke or mob.get_fill_opacity() > 0)


def _reading(mob: Mobject) -> Reading:
    if isinstance(mob, Tex):
        kind, says = "prose", mob.tex_string
    elif isinstance(mob, SingleStringMathTex):
        kind, says = "tex", mob.tex_string
    elif isinstance(mob, MarkupText):  # components.text.line: the text with Pango's tags
        kind, says = "text", html.unescape(re.sub(r"<[^>]+>", "", mob.original_text))
    else:
        kind, says = "text", mob.original_text
    unit = x_height_per_point(kind, getattr(mob, "font", "") if kind == "text" else "")
    glyphs = [leaf for leaf in mob.family_members_with_points()
              if isinstance(leaf, VMobject) and not isinstance(leaf, BackgroundRectangle)]
    visible = [g for g in glyphs if _visible(g)]
    boxes = np.array([_box(g) for g in visible]) if visible else np.zeros((0, 4))
    size = mob.font_size if mob.height > 0 else 0.0
    return Reading(kind, says, size * unit, boxes, bool(visible), size)


def _along(points: np.ndarray) -> np.ndarray:
    """Points every LINE_SAMPLE along the cubic Bezier curves of `points` (groups of four)."""
    out = []
    for start in range(0, len(points) - 3, 4):
        a, b, c, d = points[start : start + 4, :2]
        length = np.linalg.norm(b - a) + np.linalg.norm(c - b) + np.linalg.norm(d - c)
        t = np.linspace(0, 1, max(2, int(length / LINE_SAMPLE) + 2))[:, None]
        out.append((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d)
    return np.concatenate(out) if out else np.zeros((0, 2))


def _name(mob: Mobject) -> str:
    return type(mob).__name__


def snapshot(scene) -> Picture:
    """What is on screen now: every text with its glyphs, every stroked line, every drawn box."""
    picture = Picture()
    seen: set[int] = set()
    # the order the camera draws in: families flattened, then sorted by z-index (manim's own rule)
    drawn = extract_mobject_family_members(scene.mobjects, use_z_index=True, only_those_with_points=True)
    rank = {id(m): n for n, m in enumerate(drawn)}

    def visit(mob: Mobject, top: Mobject) -> None:
        if id(mob) in seen:
            return
        seen.add(id(mob))
        if isinstance(mob, Brace) and mob.height > mob.width:
            picture.braces.append(f"{_name(mob)} of {_name(top)}, {mob.height:.2f} tall at x {mob.get_x():.2f}")
        if isinstance(mob, TEXTS):
            reading = _reading(mob)
            if reading.visible:
                picture.readings.append(reading)
                if len(reading.glyphs):
                    glyphs = reading.glyphs
                    picture.extents.append((str(reading), np.array([*glyphs[:, :2].min(axis=0), *glyphs[:, 2:].max(axis=0)])))
            seen.update(id(m) for m in mob.get_family())
            for backing in mob.get_family():  # add_background_rectangle's backing: a cover like any other
                if isinstance(backing, BackgroundRectangle) and backing.has_points() and _opaque(backing):
                    picture.covers.append((rank.get(id(backing), -1), _along(backing.points)))
            return
        if isinstance(mob, VMobject) and mob.has_points() and _visible(mob):
            what = f"{_name(mob)} of {_name(top)}" if mob is not top else _name(mob)
            picture.extents.append((what, _box(mob)))
            if mob.get_stroke_width() > 0 and mob.get_stroke_opacity() > 0:
                picture.lines.append((what, _along(mob.points), rank.get(id(mob), -1)))
            if _opaque(mob):
                picture.covers.append((rank.get(id(mob), -1), _along(mob.points)))
        for child in mob.submobjects:
            visit(child, top)

    for mob in scene.mobjects:
        visit(mob, mob)
    return picture
