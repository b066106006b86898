"""The scenes as one manim-slides lecture: offline HTML, and PowerPoint or PDF where asked.

    DIR/lecture.html          the presentation (reveal.js), opens from disk with no network
    DIR/lecture_assets/       one video per slide
    DIR/revealjs-5.2.0/       reveal.js itself, its theme and the speaker-notes plugin
    DIR/lecture.pptx          with --pptx: PowerPoint at 13.33 x 7.5 in, the narration in the notes
    DIR/lecture.pdf           with --pdf: a handout, each slide's picture with its notes under it
    DIR/slides/               each scene's slides as manim-slides keeps them (<Scene>.json, files/<Scene>/),
                              with the content cache's key (<Scene>.json.key.json)

Each scene is the same class as in the videos, mixed with manim-slides' ``Slide``
(``rendering.slides``): the end of every beat is a slide break whose speaker
notes are the beat's caption. Each scene renders in a fresh process, as videos do,
and only when what its slides are made from changed (``rendering.cache``); the deck
is then made again from every scene's slides (``rendering.deck``), rewriting only files that changed.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering import revealjs
from lstm_explainer.rendering.jobs import QUALITY_PRESETS, RenderJob, configured, in_fresh_processes, typeset_cache
from lstm_explainer.rendering.webvideo import publish_file, publish_text

TITLE = "Why RNNs lose their gradients, and how the LSTM keeps them"
SLIDES = "slides"


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

    from lstm_explainer import scenes
    from lstm_explainer.rendering.slides import as_slide

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
    return task.staging / SLIDES / f"{scene_cls.__name__}.json"


def slides_key(scene: str, out_dir: Path, quality: str, theme: str, settings: dict) -> tuple[str, dict]:
    """The content cache's (key, inputs) of a scene's slides: its render's, with manim-slides and this module."""
    job = RenderJob(scene, out_dir, quality, theme=theme)
    return caches.job_key(job, ("lstm_explainer.rendering.lecture",), settings=settings, manim_slides=version("manim-slides"))


def publish_slides(staged: Path, slides_dir: Path) -> list[Path]:
    """Move one scene's rendered slides from staging into `slides_dir`: its videos, then its .json, which
    names them relative to `slides_dir`'s parent (as manim-slides reads them). The published files, .json first."""
    scene = staged.stem
    record = json.loads(staged.read_text(encoding="utf-8"))
    names = sorted({Path(slide[end]).name for slide in record["slides"] for end in ("file", "rev_file")})
    for slide in record["slides"]:
        for end in ("file", "rev_file"):
            slide[end] = f"{slides_dir.name}/files/{scene}/{Path(slide[end]).name}"
    folder = slides_dir / "files" / scene
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        publish_file(staged.parent / "files" / scene / name, folder / name)
    publish_text(slides_dir / staged.name, json.dumps(record, indent=2))
    for old in folder.iterdir():
        if old.name not in names:
            old.unlink()
    return [slides_dir / staged.name] + [folder / name for name in names]


def write_outputs(
    configs: list, scene_names: list[str], out_dir: Path, staging: Path, bundle: Path, theme: str,
    pptx: bool = False, pdf: bool = False,
) -> list[Path]:
    """The deck (lecture.html, lecture_assets/) and, where asked, the handout and the PowerPoint, made in
    `staging` and moved into `out_dir` where they changed; the files, lecture.html first."""
    from lstm_explainer.rendering import deck
    from lstm_explainer.scenes.theme import PALETTES

    scenes = deck.deck_scenes(scene_names, configs)
    html = deck.deck_html(TITLE, scenes, bundle.name, theme, PALETTES[theme].background)
    assets, published = staging / deck.ASSETS, out_dir / deck.ASSETS
    deck.copy_assets(scenes, assets)
    published.mkdir(exist_ok=True)
    fresh = {path.name for path in assets.iterdir()}
    for old in published.iterdir():
        if old.name not in fresh:
            old.unlink()
    for path in sorted(assets.iterdir()):
        publish_file(path, published / path.name)
    results = [out_dir / "lecture.html"]
    if pptx:
        deck.write_pptx(TITLE, scenes, staging / "lecture.pptx", staging / "posters")
        publish_file(staging / "lecture.pptx", out_dir / "lecture.pptx")
        results.append(out_dir / "lecture.pptx")
    if pdf:
        deck.write_handout(TITLE, scenes, staging / "lecture.pdf", deck.slides_made(out_dir / SLIDES, scene_names))
        publish_file(staging / "lecture.pdf", out_dir / "lecture.pdf")
        results.append(out_dir / "lecture.pdf")
    publish_text(out_dir / "lecture.html", html)
    return results


def make_lecture(
    scene_names: list[str],
    out_dir: Path,
    quality: str = "m",
    theme: str = "dark",
    pptx: bool = False,
    pdf: bool = False,
    processes: int | None = None,
    settings: dict | None = None,
    force: bool = False,
) -> tuple[list[Path], list[str]]:
    """Render the scenes as one presentation in `out_dir`: its files (lecture.html first), and the scenes
    whose slides were up to date and reused (unless `force`)."""
    from manim_slides.config import PresentationConfig

    if pptx:
        from lstm_explainer.rendering.deck import require_pptx

        require_pptx()  # before any rendering
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = revealjs.copy_to(out_dir)  # first, so a missing reveal.js stops us before any rendering
    slides_dir = out_dir / SLIDES
    keys = {name: slides_key(name, out_dir, quality, theme, settings or {}) for name in scene_names}
    reused = [name for name in keys if not force and caches.reusable(slides_dir / f"{name}.json", keys[name][0])]
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as work:
        staging = Path(work)
        settings_pairs = tuple((settings or {}).items())
        tasks = [SlideTask(name, staging, quality, theme, settings_pairs) for name in keys if name not in reused]
        for staged in in_fresh_processes(render_slides, tasks, processes):
            caches.sidecar(slides_dir / staged.name).unlink(missing_ok=True)  # the old key: not for the new files
            published = publish_slides(staged, slides_dir)
            caches.write_sidecar(published[0], *keys[staged.stem], published)
        configs = [PresentationConfig.from_file(slides_dir / f"{name}.json") for name in scene_names]
        results = write_outputs(configs, scene_names, out_dir, staging, bundle, theme, pptx=pptx, pdf=pdf)
    return results + [out_dir / "lecture_assets", bundle], reused
