"""The scenes as one manim-slides lecture: offline HTML, and PowerPoint or PDF where asked.

    DIR/lecture.html          the presentation (reveal.js), opens from disk with no network
    DIR/lecture_assets/       one video per slide
    DIR/revealjs-5.2.0/       reveal.js itself, its theme and the speaker-notes plugin
    DIR/lecture.pptx .pdf     with --pptx / --pdf

Each scene is the same class as in the videos, mixed with manim-slides' ``Slide``
(``rendering.slides``): the end of every beat is a slide break whose speaker
notes are the beat's caption. Each scene renders in a fresh process, as videos do.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rendering import revealjs
from rendering.jobs import QUALITY_PRESETS, configured, typeset_cache
from rendering.webvideo import publish_file, publish_text

TITLE = "Why RNNs lose their gradients, and how the LSTM keeps them"


@dataclass(frozen=True)
class SlideTask:
    scene: str
    staging: Path
    quality: str
    theme: str
    settings: tuple = ()  # extra manim settings as (key, value) pairs, e.g. a tiny resolution for tests


def render_slides(task: SlideTask) -> Path:
    """Render one scene as slides into `task.staging`/slides; return its presentation file (.json)."""
    from manim import tempconfig
    from manim_slides.logger import logger

    import scenes
    from rendering.slides import as_slide

    logger.setLevel("WARNING")  # not a line per slide
    scene_cls = scenes.by_name(task.scene)
    slide_cls = as_slide(configured(scene_cls, theme=task.theme))
    slide_cls.skip_reversing = True  # reveal.js only plays forwards
    settings = {
        "quality": QUALITY_PRESETS[task.quality],
        "media_dir": str(task.staging / "media" / task.scene),
        **typeset_cache(scene_cls.__name__),
        "progress_bar": "none",
        "verbosity": "WARNING",
        "disable_caching": True,
        **dict(task.settings),
    }
    with tempconfig(settings):
        slide_cls(output_folder=task.staging / "slides").render()
    return task.staging / "slides" / f"{scene_cls.__name__}.json"


def make_lecture(
    scene_names: list[str],
    out_dir: Path,
    quality: str = "m",
    theme: str = "dark",
    pptx: bool = False,
    pdf: bool = False,
    processes: int = 1,
    settings: dict | None = None,
) -> list[Path]:
    """Render the scenes as one presentation in `out_dir`; return lecture.html first, then the other files."""
    from manim_slides.config import PresentationConfig
    from manim_slides.convert import PDF, PowerPoint, RevealJS

    from scenes.theme import PALETTES

    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = revealjs.copy_to(out_dir)  # first, so a missing reveal.js stops us before any rendering
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as work:
        staging = Path(work)
        tasks = [SlideTask(name, staging, quality, theme, tuple((settings or {}).items())) for name in scene_names]
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max(processes, 1), mp_context=context, max_tasks_per_child=1) as pool:
            configs = [PresentationConfig.from_file(path) for path in pool.map(render_slides, tasks)]
        background = PALETTES[theme].background
        html = staging / "lecture.html"
        RevealJS(
            presentation_configs=configs,
            cdn_url=bundle.name,  # relative: reveal.js from the folder beside lecture.html
            reveal_theme="black" if theme == "dark" else "white",
            background_color=background,
            title=TITLE,
        ).convert_to(html)
        results = [out_dir / "lecture.html"]
        assets = staging / "lecture_assets"
        (out_dir / "lecture_assets").mkdir(exist_ok=True)
        fresh = {path.name for path in assets.iterdir()}
        for old in (out_dir / "lecture_assets").iterdir():
            if old.name not in fresh:
                old.unlink()
        for path in sorted(assets.iterdir()):
            publish_file(path, out_dir / "lecture_assets" / path.name)
        if pptx:
            width, height = configs[0].resolution
            PowerPoint(presentation_configs=configs, width=width, height=height).convert_to(staging / "lecture.pptx")
            publish_file(staging / "lecture.pptx", out_dir / "lecture.pptx")
            results.append(out_dir / "lecture.pptx")
        if pdf:
            PDF(presentation_configs=configs).convert_to(staging / "lecture.pdf")
            publish_file(staging / "lecture.pdf", out_dir / "lecture.pdf")
            results.append(out_dir / "lecture.pdf")
        publish_text(out_dir / "lecture.html", html.read_text(encoding="utf-8"))
    return results + [out_dir / "lecture_assets", bundle]
