"""The scenes as one manim-slides lecture: offline HTML, and PowerPoint or PDF where asked.

    DIR/lecture.html          the presentation (reveal.js), opens from disk with no network
    DIR/lecture_assets/       one video per slide
    DIR/revealjs-5.2.0/       reveal.js itself, its theme and the speaker-notes plugin
    DIR/lecture.pptx          with --pptx: PowerPoint at 13.33 x 7.5 in, the narration in the notes
    DIR/lecture.pdf           with --pdf: a handout, each slide's picture with its notes under it, in the
                              handout's theme (light by default, for print)
    DIR/slides/               each scene's slides as manim-slides keeps them, and nothing else: <NN>-<Scene>.json
                              (NN its place in the story, so manim-slides, which lists by name, lists them in
                              story order) and files/<Scene>/
    DIR/slides-light/         with --pdf and a dark deck: the same in the light theme, for the handout
    DIR/.keys/<slides>/       the content cache's key of each scene's slides (<NN>-<Scene>.json.key.json),
                              outside manim-slides' folder, which takes every .json in it for a scene

Each scene is the same class as in the videos, mixed with manim-slides' ``Slide``
(``rendering.slides``): the end of every beat is a slide break whose speaker
notes are the beat's caption. Each scene renders in a fresh process, as videos do,
and only when what its slides are made from changed (``rendering.cache``); the deck
is then made again from every scene's slides (``rendering.deck``), rewriting only files that changed.
A handout in another theme than the deck's is made from a second render of the slides in its theme,
through the same jobs and the same cache.
"""

from __future__ import annotations

import json
import re
import tempfile
from importlib.metadata import version
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering import revealjs
from lstm_explainer.rendering.jobs import RenderJob, run_jobs
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.webvideo import publish_file, publish_text

TITLE = "Why RNNs lose their gradients, and how the LSTM keeps them"
SLIDES = "slides"
KEYS = ".keys"
HANDOUT_THEME = "light"  # paper is white


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


def record_name(scene: str) -> str:
    """The name of a scene's slides record in a slides folder, e.g. '02-RNNEquations.json': manim-slides lists
    and offers a folder's scenes by name, so the story's order is in the name."""
    from lstm_explainer.rendering.cache import scene_catalog

    place = [entry["name"] for entry in scene_catalog()].index(scene) + 1
    return f"{place:02d}-{scene}.json"


def slides_name(scene: str) -> str:
    """The name manim-slides knows a scene's slides by (`manim-slides present --folder DIR/slides NAME...`)."""
    return record_name(scene).removesuffix(".json")


def present_command(slides_dir: Path, scene_names: list[str]) -> str:
    """The command that shows the scenes in manim-slides' own presenter (the `present` extra), in story order."""
    import shlex

    from lstm_explainer.rendering.cache import scene_catalog

    order = [entry["name"] for entry in scene_catalog()]
    in_story_order = sorted(scene_names, key=order.index)
    return shlex.join(["manim-slides", "present", "--folder", str(slides_dir), *map(slides_name, in_story_order)])


def slides_folder(out_dir: Path, theme: str, deck_theme: str) -> Path:
    """Where the slides in `theme` go: slides/ for the deck's theme, slides-<theme>/ for another (the handout's)."""
    return out_dir / (SLIDES if theme == deck_theme else f"{SLIDES}-{theme}")


def slides_job(scene: str, out_dir: Path, quality: str, theme: str, settings: dict,
               reber_string: str | None = None, folder: Path | None = None) -> RenderJob:
    """The job of a scene's slides, published into `folder` (default DIR/slides); `settings` may give a size of
    its own (pixel_width, pixel_height, frame_rate)."""
    if {"pixel_width", "pixel_height", "frame_rate"} <= set(settings):
        quality = custom_quality(settings["pixel_width"], settings["pixel_height"], settings["frame_rate"])
    folder = folder or out_dir / SLIDES
    return RenderJob(
        scene, out_dir, quality, theme=theme, reber_string=reber_string, subtitles="none", maker="lstm_explainer.rendering.lecture:render_slides",
        target=folder / record_name(scene), options=(("manim_slides", version("manim-slides")),),
        key_dir=out_dir / KEYS / folder.name,
    )


def lecture_jobs(scene_names: list[str], out_dir: Path, quality: str, theme: str, settings: dict,
                 reber_string: str | None = None, handout_theme: str | None = None) -> list[RenderJob]:
    """The slides jobs of a lecture: every scene's in the deck's theme, then, for a handout in another theme,
    every scene's in that one."""
    themes = [theme] + ([handout_theme] if handout_theme not in (None, theme) else [])
    return [slides_job(name, out_dir, quality, shade, settings, reber_string, slides_folder(out_dir, shade, theme))
            for shade in themes for name in scene_names]  # fmt: skip


def stale_records(slides_dir: Path, scene: str, keep: str) -> list[Path]:
    """A scene's slides records in `slides_dir` other than `keep`: under an older place in the story, or the
    plain <Scene>.json of earlier versions (with the key that sat beside it)."""
    pattern = re.compile(rf"(\d+-)?{re.escape(scene)}\.json(\.key\.json)?")
    return [path for path in slides_dir.iterdir() if pattern.fullmatch(path.name) and path.name != keep]


def publish_slides(staged: Path, target: Path) -> list[Path]:
    """Move one scene's rendered slides from staging into `target`'s folder: its videos, then its record as
    `target`, which names them relative to the folder's parent (as manim-slides reads them). The published
    files, the record first."""
    scene, slides_dir = staged.stem, target.parent
    record = json.loads(staged.read_text(encoding="utf-8"))
    names = sorted({Path(slide[end]).name for slide in record["slides"] for end in ("file", "rev_file")})
    for slide in record["slides"]:
        for end in ("file", "rev_file"):
            slide[end] = f"{slides_dir.name}/files/{scene}/{Path(slide[end]).name}"
    folder = slides_dir / "files" / scene
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        publish_file(staged.parent / "files" / scene / name, folder / name)
    publish_text(target, json.dumps(record, indent=2))
    for old in stale_records(slides_dir, scene, target.name):
        old.unlink()
    for old in folder.iterdir():
        if old.name not in names:
            old.unlink()
    return [target] + [folder / name for name in names]


def write_outputs(
    records: list[Path], scene_names: list[str], out_dir: Path, staging: Path, bundle: Path, theme: str,
    pptx: bool = False, handout: list[Path] | None = None,
) -> list[Path]:
    """The deck (lecture.html, lecture_assets/) from the scenes' slides `records` and, where asked, the
    PowerPoint and the handout (from the slides records `handout`), made in `staging` and moved into `out_dir`
    where they changed; the files, lecture.html first."""
    from manim_slides.config import PresentationConfig

    from lstm_explainer.rendering import deck
    from lstm_explainer.scenes.settings import palette_named

    scenes = deck.deck_scenes(scene_names, [PresentationConfig.from_file(record) for record in records])
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
        deck.write_pptx(TITLE, scenes, staging / "lecture.pptx", staging / "posters",
                        deck.slides_made(records))
        publish_file(staging / "lecture.pptx", out_dir / "lecture.pptx")
        results.append(out_dir / "lecture.pptx")
    if handout:
        pages = deck.deck_scenes(scene_names, [PresentationConfig.from_file(record) for record in handout])
        deck.write_handout(TITLE, pages, staging / "lecture.pdf", deck.slides_made(handout))
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
    handout_theme: str = HANDOUT_THEME,
    processes: int | None = None,
    settings: dict | None = None,
    force: bool = False,
    progress=None,
    reber_string: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Render the scenes as one presentation in `out_dir`: its files (lecture.html first), and the scenes
    whose slides were up to date and reused (unless `force`). With `pdf`, the handout is in `handout_theme`
    (its slides rendered a second time when that is not the deck's `theme`)."""
    if pptx:
        from lstm_explainer.rendering.deck import require_pptx

        require_pptx()  # before any rendering
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = revealjs.copy_to(out_dir)  # first, so a missing reveal.js stops us before any rendering
    jobs = lecture_jobs(scene_names, out_dir, quality, theme, settings or {}, reber_string, handout_theme if pdf else None)

    def publish(job: RenderJob, produced: list[Path], data: None) -> list[Path]:
        caches.sidecar(job.target, job.key_dir).unlink(missing_ok=True)  # the old key: not for the new files
        return publish_slides(produced[0], job.target)

    outcomes = run_jobs(jobs, processes, force=force, progress=progress, publisher=publish)
    reused = [name for name in scene_names
              if all(outcome.reused for outcome in outcomes if outcome.job.scene == name)]  # fmt: skip
    deck_records = [job.target for job in jobs if job.theme == theme]
    handout = [job.target for job in jobs if job.theme == handout_theme] if pdf else None
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as work:
        staging = Path(work)
        results = write_outputs(deck_records, scene_names, out_dir, staging, bundle, theme, pptx=pptx, handout=handout)
    return results + [out_dir / "lecture_assets", bundle], reused
