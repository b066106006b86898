"""The film's typography and notation, measured on the built scenes at every pause point.

Each check reads the pictures the scene builds of tests/builds.py took when every beat ended
(tests/layout.py), so it costs no render of its own. Sizes are in pixels of the smallest preset's
854x480 frame. Layout does not depend on the theme (a palette changes colours only), so the
geometry is checked on the default theme's builds; the palettes are checked on their own.

A failure names the scene, the beat and the text, for instance
``ErrorRecurrence/sweep: text '12 of 85 paths add 0' x-height 6.6 px``.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable

import av
import numpy as np
import pytest
from builds import Inspected, inspected, longest_string
from layout import PIXELS, Picture, Reading, inside_outline, pixels
from manim import ManimColor, config

from lstm_explainer import scenes
from lstm_explainer.scenes import theme

pytestmark = pytest.mark.xdist_group("builds")

SCENES = scenes.in_story_order()
LONG = [s for s in SCENES if s.max_string_length]
MARGIN = theme.LEAST_MARGIN_PX * config.frame_height / PIXELS  # manim units
TOUCH = 0.5 * config.frame_height / PIXELS  # glyph boxes shrink by half a pixel: touching is not overlapping

# Scenes their owners had not yet brought within a check when it was written: the lead removes a
# name when its scene passes (strict: a scene that passes while listed fails the run). Empty now:
# every scene passes every check; a new exception goes here as {"check": {"Scene": "why"}}.
KNOWN: dict[str, dict[str, str]] = {}


def cases(check: str, among=SCENES) -> list:
    known = KNOWN.get(check, {})
    return [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=f"{s.__name__}: {known[s.__name__]}"), id=s.__name__)
        if s.__name__ in known
        else pytest.param(s, id=s.__name__)
        for s in among
    ]


def report(seen: Inspected, find: Callable[[Picture], list[str]]) -> list[str]:
    """Each problem `find` sees, once, with the first beat that shows it (and how many more do)."""
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    scene = type(seen.scene).__name__
    for beat, picture in seen.pictures:
        for problem in find(picture):
            first.setdefault(problem, beat)
            count[problem] = count.get(problem, 0) + 1
    string = f" [{seen.scene.reber_string}]"
    return [
        f"{scene}/{first[p]}{string}: {p}" + (f" (and {count[p] - 1} later beats)" if count[p] > 1 else "")
        for p in first
    ]


# ---- Legibility, margins, overlaps -------------------------------------------------------------


def too_small(picture: Picture) -> list[str]:
    floor = theme.LEAST_X_HEIGHT_PX
    return [f"{r} x-height {pixels(r.x_height):.2f} px < {floor}" for r in picture.readings if pixels(r.x_height) < floor - 1e-6]


def too_close_to_the_edge(picture: Picture) -> list[str]:
    half_w, half_h = config.frame_width / 2 - MARGIN, config.frame_height / 2 - MARGIN
    problems = []
    for what, (x0, y0, x1, y1) in picture.extents:
        rooms = {"left": x0 + half_w, "right": half_w - x1, "bottom": y0 + half_h, "top": half_h - y1}
        edge = min(rooms, key=rooms.get)
        if rooms[edge] < -1e-6:
            problems.append(f"{what} {pixels(MARGIN + rooms[edge]):.0f} px from the {edge} edge (< {theme.LEAST_MARGIN_PX})")
    return sorted(set(problems))


def _shrunk(boxes: np.ndarray) -> np.ndarray:
    return boxes + np.array([TOUCH, TOUCH, -TOUCH, -TOUCH])


def _overlaps(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(((a[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < a[:, None, 2])
                 & (a[:, None, 1] < b[None, :, 3]) & (b[None, :, 1] < a[:, None, 3])).any())


def text_over_text(picture: Picture) -> list[str]:
    readings = [r for r in picture.readings if len(r.glyphs)]
    boxes = [_shrunk(r.glyphs) for r in readings]
    problems = []
    for i, a in enumerate(readings):
        for j in range(i + 1, len(readings)):
            if _overlaps(boxes[i], boxes[j]):
                problems.append(f"{a} overlaps {readings[j]}")
    return problems


def lines_through_text(picture: Picture) -> list[str]:
    problems = []
    for reading in picture.readings:
        if not len(reading.glyphs):
            continue
        glyphs = _shrunk(reading.glyphs)
        x0, y0 = glyphs[:, :2].min(axis=0)
        x1, y1 = glyphs[:, 2:].max(axis=0)
        for what, points, rank in picture.lines:
            near = points[(points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)]
            for above, outline in picture.covers:  # an opaque shape drawn after the line hides it there
                if above > rank and len(near):
                    near = near[~inside_outline(near, outline)]
            if len(near) and _inside_any(near, glyphs):
                problems.append(f"{what} runs through {reading}")
    return problems


def _inside_any(points: np.ndarray, boxes: np.ndarray) -> bool:
    return bool(((points[:, None, 0] > boxes[None, :, 0]) & (points[:, None, 0] < boxes[None, :, 2])
                 & (points[:, None, 1] > boxes[None, :, 1]) & (points[:, None, 1] < boxes[None, :, 3])).any())


LAYOUT_CHECKS = {
    "legibility": too_small,
    "margin": too_close_to_the_edge,
    "text_over_text": text_over_text,
    "line_through_text": lines_through_text,
}


@pytest.mark.parametrize("scene", cases("legibility"))
def test_everything_the_viewer_reads_has_an_x_height_of_at_least_7_px_at_480p(scene):
    problems = report(inspected(scene.__name__), too_small)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scene", cases("margin"))
def test_nothing_is_drawn_within_12_px_of_the_frames_edge_at_480p(scene):
    problems = report(inspected(scene.__name__), too_close_to_the_edge)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scene", cases("text_over_text"))
def test_no_text_is_drawn_over_another(scene):
    problems = report(inspected(scene.__name__), text_over_text)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scene", cases("line_through_text"))
def test_no_line_edge_or_gridline_runs_through_a_text(scene):
    problems = report(inspected(scene.__name__), lines_through_text)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_every_scene_has_its_title_at_one_size_in_the_top_left_corner(scene):
    seen = inspected(scene.__name__)
    corner = np.array([-config.frame_width / 2 + theme.FRAME_MARGIN, config.frame_height / 2 - theme.FRAME_MARGIN])
    titles = [(beat, r) for beat, picture in seen.pictures for r in picture.readings
              if r.kind == "text" and abs(r.size - theme.TITLE_SIZE) < 0.5]
    assert titles, f"{scene.__name__} shows no title at TITLE_SIZE"
    for beat, r in titles:
        top_left = np.array([r.glyphs[:, 0].min(), r.glyphs[:, 3].max()])
        assert np.abs(top_left - corner).max() < 0.02, f"{scene.__name__}/{beat}: {r} at {top_left.round(2)}, not {corner.round(2)}"


@pytest.mark.slow
@pytest.mark.parametrize("scene", cases("longest_string", LONG))
def test_the_longest_string_a_scene_accepts_keeps_its_text_legible_and_apart(scene):
    seen = inspected(scene.__name__, longest_string(scene.max_string_length))
    problems = [p for check in LAYOUT_CHECKS.values() for p in report(seen, check)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_a_small_label_a_crossed_label_and_one_at_the_edge():
    # the measures themselves, on a picture made by hand: a check that cannot fail checks nothing
    from manim import RIGHT, Line, MathTex, Scene, Text

    from layout import snapshot

    scene = Scene()
    small = Text("tanh", font=theme.FONT, font_size=theme.SMALL_SIZE).scale(0.6)
    crossed = MathTex("10^0").move_to([3, 2, 0])
    edge = Text("-0.971", font=theme.FONT, font_size=theme.LABEL_SIZE).to_edge(RIGHT, buff=0.05)
    over = Text("legend", font=theme.FONT, font_size=theme.LABEL_SIZE).move_to(small)
    scene.add(small, crossed, edge, over, Line([2, 2, 0], [5, 2, 0]))
    picture = snapshot(scene)
    assert [r.says for r in picture.readings] == ["tanh", "10^0", "-0.971", "legend"]
    assert too_small(picture) == [f"text 'tanh' x-height {pixels(picture.readings[0].x_height):.2f} px < 7"]
    assert pixels(picture.readings[0].x_height) == pytest.approx(0.6 * pixels(Text("x", font=theme.FONT, font_size=theme.SMALL_SIZE).height), rel=0.02)
    assert [p for p in too_close_to_the_edge(picture) if "-0.971" in p]
    assert text_over_text(picture) == ["text 'tanh' overlaps text 'legend'"]
    assert lines_through_text(picture) == ["Line runs through tex '10^0'"]
    # the same label on an opaque backing drawn over the line is not struck through; under the line it is
    crossed.add_background_rectangle(opacity=1)
    scene.bring_to_front(crossed)
    assert lines_through_text(snapshot(scene)) == []
    scene.bring_to_back(crossed)
    assert lines_through_text(snapshot(scene)) == ["Line runs through tex '10^0'"]


# ---- The notation issue 20 retires -------------------------------------------------------------

# (what is wrong, pattern, where it is looked for: caption, text (Pango), tex (LaTeX))
RETIRED = [
    ("the outputs are scores, not probabilities", re.compile(r"probabilit", re.I), "caption text tex"),
    ("T as a step index (the followed step is τ)", re.compile(r"\bstep T\b|\bt\s*=\s*T\b|\b[hyxLJ]_?T\b|\bT\s*[-−]\s*(1|k|ℓ|l)\b"), "caption text"),
    ("T as a step index (the followed step is \\tau)", re.compile(r"_\{?T(?![a-zA-Z])|[({]T\s*-"), "tex"),
    ("braces round a vector (brackets)", re.compile(r"\\\{|\\lbrace|Bmatrix"), "tex"),
    ("pseudo-TeX in plain text (write h(t−1) or ht−1 as it reads)", re.compile(r"[_^\\{}]"), "caption text"),
]


def retired_forms(seen: Inspected) -> list[str]:
    scene = type(seen.scene).__name__
    problems: dict[str, None] = {}
    for beat in seen.scene.beats:
        for wrong, pattern, where in RETIRED:
            if "caption" in where.split() and pattern.search(beat.caption):
                problems[f"{scene}/{beat.name}: caption {beat.caption!r}: {wrong}"] = None
    for beat, picture in seen.pictures:
        for reading in picture.readings:
            for wrong, pattern, where in RETIRED:
                if reading.kind.replace("prose", "tex") in where.split() and pattern.search(reading.says):
                    problems[f"{scene}/{beat}: {reading}: {wrong}"] = None
        if picture.braces:
            problems[f"{scene}/{beat}: {len(picture.braces)} upright braces, e.g. {picture.braces[0]}: braces round a vector (brackets)"] = None
    return list(problems)


@pytest.mark.parametrize("scene", cases("notation"))
def test_no_caption_or_typeset_string_uses_a_retired_form(scene):
    problems = retired_forms(inspected(scene.__name__))
    assert not problems, "\n".join(problems)


def test_the_notation_check_finds_each_retired_form():
    samples = {
        "output fill: predicted probability": 0,
        "the error at step T flows back": 1,
        r"\frac{\partial L_T}{\partial h_{T-1}}": 2,
        r"\{ 0.1, 0.2 \}": 3,
        "dc_tau/dc_(tau-l)": 4,
    }
    for sample, rule in samples.items():
        wrong, pattern, _ = RETIRED[rule]
        assert pattern.search(sample), (sample, wrong)
    for fine in ("the symbol T is legal after B", "h(t−1) scores each symbol at step τ", "T = 40 steps"):
        assert not [wrong for wrong, pattern, where in RETIRED if "caption" in where.split() and pattern.search(fine)], fine
    for fine in (r"\frac{\partial L_\tau}{\partial h_{\tau-\ell}}", r"\left[ 0.1, 0.2 \right]", r"x_2 = \text{T}"):
        assert not [wrong for wrong, pattern, where in RETIRED if "tex" in where.split() and pattern.search(fine)], fine


# ---- The end of a scene ------------------------------------------------------------------------


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_a_scene_fades_to_the_background_unless_it_hands_its_picture_on(scene):
    seen = inspected(scene.__name__)  # the default string's build is a tiny render with its video
    with av.open(str(seen.video)) as container:
        *_, last = container.decode(video=0)
    pixels_ = last.to_ndarray(format="rgb24").astype(int)
    background = np.array(ManimColor(seen.scene.palette.background).to_int_rgb())
    drawn = (np.abs(pixels_ - background).max(axis=-1) > 24).mean()
    if scene.fade_out:
        assert drawn < 0.002, f"{scene.__name__} fades out, but its last frame has {drawn:.1%} drawn"
    else:
        assert drawn > 0.01, f"{scene.__name__} hands its picture on, but its last frame is {1 - drawn:.1%} background"


# ---- One meaning per colour --------------------------------------------------------------------


def hls(color: str) -> tuple[float, float, float]:
    r, g, b = ManimColor(color).to_rgb()
    return colorsys.rgb_to_hls(r, g, b)


def hue_gap(a: str, b: str) -> float:
    gap = abs(hls(a)[0] - hls(b)[0]) * 360
    return min(gap, 360 - gap)


ROLES = [name for name in theme.Palette.__dataclass_fields__ if name not in ("name", "background", "text", "muted", "dim")]


@pytest.mark.parametrize("palette", list(theme.PALETTES.values()), ids=lambda p: p.name)
def test_red_is_the_errors_colour_and_no_other_roles(palette):
    reds = [role for role in ROLES if role != "error" and hls(getattr(palette, role))[2] > 0.35
            and hue_gap(getattr(palette, role), palette.error) < 20]
    assert reds == [], f"{palette.name}: {reds} look like the error's red {palette.error}"


@pytest.mark.parametrize("palette", list(theme.PALETTES.values()), ids=lambda p: p.name)
def test_v_the_outputs_and_the_legal_symbols_differ_at_a_glance(palette):
    # a different hue (30 degrees) or a different lightness (12 points of 100)
    trio = {"V": palette.V, "output": palette.output, "good": palette.good}
    for a, b in [("V", "output"), ("V", "good"), ("output", "good")]:
        hue = hue_gap(trio[a], trio[b])
        lightness = abs(hls(trio[a])[1] - hls(trio[b])[1])
        assert hue >= 30 or lightness >= 0.12, f"{palette.name}: {a} {trio[a]} and {b} {trio[b]} ({hue:.0f} deg, {lightness:.2f})"


@pytest.mark.parametrize("palette", list(theme.PALETTES.values()), ids=lambda p: p.name)
def test_the_three_weight_matrices_have_three_hues(palette):
    for a, b in [("W", "U"), ("W", "V"), ("U", "V")]:
        assert hue_gap(getattr(palette, a), getattr(palette, b)) >= 20, f"{palette.name}: {a} and {b}"


@pytest.mark.parametrize("palette", list(theme.PALETTES.values()), ids=lambda p: p.name)
def test_hidden_states_are_purple(palette):
    hue = hls(palette.hidden)[0] * 360
    assert 250 <= hue <= 300, f"{palette.name}: hidden {palette.hidden} has hue {hue:.0f}"


def _last_frame_of_a_one_beat_scene(tmp_path, fade_out: bool) -> np.ndarray:
    from manim import Square, tempconfig

    from lstm_explainer.scenes.story import StoryScene, beat

    class OneSquare(StoryScene):
        scene_id, title, section, approx_seconds = "one-square", "One square", "none", 2.0

        @beat("A square.")
        def construct(self) -> None:
            self.add(Square(2, color=self.palette.text, fill_opacity=1))

    OneSquare.fade_out = fade_out
    width, height, rate = 192, 108, 5
    settings = {"media_dir": str(tmp_path), "pixel_width": width, "pixel_height": height, "frame_rate": rate,
                "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING", "write_to_movie": True}
    with tempconfig(settings):
        scene = OneSquare()
        scene.render()
        video = scene.renderer.file_writer.movie_file_path
    with av.open(str(video)) as container:
        *_, last = container.decode(video=0)
    return last.to_ndarray(format="rgb24")


@pytest.mark.parametrize("fade_out", [True, False])
def test_fade_out_false_ends_the_video_on_the_scenes_last_picture(tmp_path, fade_out):
    frame = _last_frame_of_a_one_beat_scene(tmp_path, fade_out).astype(int)
    background = np.array(ManimColor(theme.DARK.background).to_int_rgb())
    drawn = (np.abs(frame - background).max(axis=-1) > 24).mean()
    # the square, 2 by 2 in a frame of 14.2 by 8, covers 3.5% of it
    assert (drawn < 0.002) if fade_out else (drawn > 0.03), drawn


def test_the_faces_digits_are_tabular_so_columns_of_numbers_line_up():
    from manim import Text

    # the ink of "x d x" spans the advance of the digit d between two fixed letters
    spans = [Text(f"x{d}x", font=theme.FONT, font_size=48).width for d in "0123456789"]
    assert max(spans) - min(spans) < 0.01 * min(spans), spans


def test_a_long_line_stays_one_line_whatever_the_videos_pixel_width(tmp_path):
    # manim lays a Text out as wide as config.pixel_width: at the tests' 192 pixels it broke long lines,
    # and the typeset cache (keyed without the width) handed them to renders of every size
    from manim import tempconfig

    from lstm_explainer.scenes.components.text import line

    with tempconfig({"pixel_width": 192, "pixel_height": 108, "media_dir": str(tmp_path)}):
        one, long = line("x", theme.LABEL_SIZE, "#ffffff"), line("a rather long line " * 6, theme.LABEL_SIZE, "#ffffff")
    assert long.width > config.frame_width / 2
    assert long.height < 2 * one.height + 0.1, "the line broke in two"
