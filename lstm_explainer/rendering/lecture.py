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
from importlib.metadata import version
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering import revealjs
from lstm_explainer.rendering.jobs import RenderJob, custom_quality, run_jobs
from lstm_explainer.rendering.webvideo import publish_file, publish_text

TITLE = "Why RNNs lose their gradients, and how the LSTM keeps them"
SLIDES = "slides"


def render_slides(job: RenderJob, staging: Path, report=None) -> tuple[list[Path], None]:
    """Render one scene as slides into `staging`/slides (runs in a worker process); its presentation file (.json)."""
    from manim_slides import Slide
    from manim_slides.logger import logger

    from lstm_explainer.rendering.manim_scene import manim_settings, play_scene, private_typeset

    class ForwardSlide(Slide):
        skip_reversing = True  # reveal.js only plays forwards

    logger.setLevel("WARNING")  # not a line per slide
    with private_typeset() as typeset:
        settings = manim_settings(job, staging / "media", typeset)
        scene = play_scene(job, settings, report, mixin=ForwardSlide, output_folder=staging / SLIDES)
    return [staging / SLIDES / f"{type(scene).__name__}.json"], None


def slides_job(scene: str, out_dir: Path, quality: str, theme: str, settings: dict,
               reber_string: str | None = None) -> RenderJob:
    """The job of a scene's slides; `settings` may give a size of its own (pixel_width, pixel_height, frame_rate)."""
    if {"pixel_width", "pixel_height", "frame_rate"} <= set(settings):
        quality = custom_quality(settings["pixel_width"], settings["pixel_height"], settings["frame_rate"])
    return RenderJob(
        scene, out_dir, quality, theme=theme, reber_string=reber_string, subtitles="none", maker="lstm_explainer.rendering.lecture:render_slides",
        target=out_dir / SLIDES / f"{scene}.json", options=(("manim_slides", version("manim-slides")),),
    )


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
    from lstm_explainer.scenes.settings import palette_named

    scenes = deck.deck_scenes(scene_names, configs)
    html = deck.deck_html(TITLE, scenes, bundle.name, theme, palette_named(theme).background)
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
    progress=None,
    reber_string: str | None = None,
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
    jobs = [slides_job(name, out_dir, quality, theme, settings or {}, reber_string) for name in scene_names]

    def publish(job: RenderJob, produced: list[Path], data: None) -> list[Path]:
        caches.sidecar(job.target).unlink(missing_ok=True)  # the old key: not for the new files
        return publish_slides(produced[0], slides_dir)

    outcomes = run_jobs(jobs, processes, force=force, progress=progress, publisher=publish)
    reused = [outcome.job.scene for outcome in outcomes if outcome.reused]
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as work:
        staging = Path(work)
        configs = [PresentationConfig.from_file(slides_dir / f"{name}.json") for name in scene_names]
        results = write_outputs(configs, scene_names, out_dir, staging, bundle, theme, pptx=pptx, pdf=pdf)
    return results + [out_dir / "lecture_assets", bundle], reused
