"""Every number the scenes show, in story order, without rendering: what `render.py values` prints.

A scene records each number as it builds its text (``StoryScene.numeral``, ``plotted``).
Listing them needs the scene's construct() but none of its motion and none of its
glyphs, so `quick_build` runs it with every animation reduced to its effect on the
scene (what it adds, what it removes), no waiting, and every TeX or text mobject a
placeholder with the same parts (no LaTeX run, no SVG read); the numbers recorded
are the same as in a full render (the tests check that), the build is many times faster.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from lstm_explainer.rendering.jobs import RenderJob, run_jobs
from lstm_explainer.rendering.manim_scene import build

FORMATS = ("json", "md")


@contextmanager
def glyphless():
    """TeX and text mobjects built as placeholders: one small block per part, sized roughly like the text."""
    from manim import DEFAULT_FONT_SIZE, Rectangle, Text, VGroup, VMobject
    from manim.mobject.text.tex_mobject import MATHTEX_SUBSTRING, SingleStringMathTex

    def block(chars: int, font_size: float) -> Rectangle:
        height = 0.3 * font_size / DEFAULT_FONT_SIZE
        return Rectangle(width=max(chars, 1) * 0.5 * height, height=height, stroke_width=0)

    def tex_init(self, tex_string: str, *args, font_size: float = DEFAULT_FONT_SIZE, color=None, **kwargs) -> None:
        VMobject.__init__(self, color=color)
        VMobject.init_colors(self)  # SVGMobject leaves colours to its SVG
        self._font_size, self.tex_string = font_size, tex_string
        self.organize_left_to_right = kwargs.get("organize_left_to_right", False)
        matches = getattr(self, "matched_strings_and_ids", None) or [(tex_string, "root")]
        self.id_to_vgroup_dict = {"root": VGroup()}
        for text, group_id in matches:
            part = VGroup(block(len(text) // 3, font_size)) if not group_id.endswith(MATHTEX_SUBSTRING) else VGroup()
            self.id_to_vgroup_dict[group_id] = part
            self.add(part)
        self.arrange() if len(self.submobjects) > 1 else None
        if color is not None:
            self.set_color(color)

    def text_init(self, text: str, *args, font_size: float = DEFAULT_FONT_SIZE, color=None, **kwargs) -> None:
        VMobject.__init__(self, color=color)
        VMobject.init_colors(self)
        self.text = self.original_text = text
        self._font_size = font_size
        self.add(block(len(text), font_size))

    saved = SingleStringMathTex.__init__, Text.__init__
    SingleStringMathTex.__init__, Text.__init__ = tex_init, text_init
    try:
        yield
    finally:
        SingleStringMathTex.__init__, Text.__init__ = saved


def quick_build(scene_name: str, reber_string: str | None = None):
    """The scene built without motion (``SceneSettings.motionless``) and without glyphs; its result lists
    every number it draws."""
    with glyphless():
        return build(scene_name, reber_string, motionless=True)


def shown_rows(scene_name: str, reber_string: str | None = None) -> list[dict]:
    return [shown.as_dict() for shown in quick_build(scene_name, reber_string).result().shown]


def numbers_of(job: RenderJob, staging: Path, report=None) -> tuple[list[Path], list[dict]]:
    """A values job, in a worker process: no files, the numbers the scene shows."""
    return [], shown_rows(job.scene, job.reber_string)


def collect(scene_names: Iterable[str], strings: Iterable[str | None], processes: int | None = None,
            progress=None) -> list[dict]:
    """Every number of every scene for every string, in story order (scene by scene, then string by string).

    Each build runs as a job of the one runner (weights checked first, a fresh process each,
    `processes` at a time; None: one per core).
    """
    work = Path(tempfile.mkdtemp(prefix="lstm-explainer-values-"))
    try:
        jobs = [RenderJob(name, work, reber_string=string, maker="lstm_explainer.rendering.values:numbers_of")
                for name in scene_names for string in strings]
        outcomes = run_jobs(jobs, processes, progress=progress, publisher=lambda job, produced, data: [], reuse=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [row for outcome in outcomes for row in outcome.data]


def index_text(index: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in index.items())


def as_json_lines(rows: list[dict]) -> str:
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)


def as_markdown(rows: list[dict]) -> str:
    """A table to paste under a clip: one row per number, the text as drawn ("plotted" for a curve's point)."""
    lines = ["| scene | beat | string | quantity | index | value | shown | read by |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = (
            row["scene"], row["beat"], row["string"], f"`{row['quantity']}`", index_text(row["index"]),
            f"{row['value']:.17g}", row["text"] or "(plotted)", row.get("label", ""),
        )
        lines.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)
