"""Clips for a blog post: per scene a web video (WebM + MP4), a poster, WebVTT captions and an
HTML snippet; for the whole set an offline gallery (index.html) and snippets.md.

    DIR/<Scene>.webm .mp4      the clip, VP9 and H.264 (index at the front)
    DIR/<Scene>.png .webp      the poster: the scene's still where it defines one, else its last frame
    DIR/<Scene>.vtt            captions: one cue per beat, the beat's caption
    DIR/<Scene>.html           the snippet to paste into the post
    DIR/index.html             every clip in story order beside its snippet, with the numbers it shows
    DIR/snippets.md            the snippets for Markdown blogs
    DIR/<Scene>.webm.key.json  the content cache's key of what the clip was made from
    DIR/manifest.json          what the gallery shows of each clip: its beats, size and numbers

A scene is rendered again only when what it is made from (its sources, the weights,
the options, the encoders) changed or one of its files is missing or altered: the
content cache of every render (``rendering.cache``); every other file is rewritten
only when its content changes. Every file is written under a temporary name and
renamed into place.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from string import Template

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.jobs import STILLS, RenderJob, custom_quality, run_jobs
from lstm_explainer.rendering.webvideo import (
    ENCODINGS,
    encode,
    fit_on_background,
    publish_file,
    publish_text,
    save_posters,
    video_info,
    webvtt,
)

MANIFEST = "manifest.json"


@dataclass
class Clip:
    """One scene's web files and what the gallery shows with them (kept in the manifest)."""

    scene: str
    files: list[str]  # names in the output folder, the clip's first: its key goes beside it
    duration: float
    width: int
    height: int
    beats: list[dict] = field(default_factory=list)
    shown: list[dict] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.scene


def clip_job(scene: str, out_dir: Path, quality: str, theme: str, size: tuple | None,
             reber_string: str | None = None) -> RenderJob:
    """The job of a scene's clip: rendered with its stills (the poster), made into web files by make_clip."""
    return RenderJob(
        scene, out_dir, custom_quality(*size) if size else quality, theme=theme, still_dir=out_dir, reber_string=reber_string,
        maker="lstm_explainer.rendering.embed:make_clip", target=out_dir / f"{scene}{ENCODINGS[0].suffix}",
        options=(("encodings", repr(ENCODINGS)),),
    )


def make_clip(job: RenderJob, staging: Path, report=None) -> tuple[list[Path], Clip]:
    """Render one scene and make its web files in `staging`/out (runs in a worker process): (files, clip)."""
    from lstm_explainer.rendering.manim_scene import render_scene
    from lstm_explainer.scenes.settings import palette_named

    work = staging / "render"
    work.mkdir(parents=True)
    rendered = render_scene(replace(job, out_dir=work, still_dir=work / STILLS, maker=None, target=None), work, report)
    video, result = rendered.files[0], rendered.result  # it knows its beats and the numbers it drew, on the video's clock
    out = staging / "out"
    out.mkdir(exist_ok=True)
    stem = out / job.scene
    for encoding in ENCODINGS:
        last_frame = encode(video, stem.with_suffix(encoding.suffix), encoding)
    duration, width, height = video_info(stem.with_suffix(".mp4"))
    if result.stills:  # the scene's defining frame is the post's figure it makes
        poster = fit_on_background(work / STILLS / list(result.stills)[-1], (width, height), palette_named(job.theme).background)
    else:
        from PIL import Image

        poster = Image.fromarray(last_frame)
    files = save_posters(poster, stem)
    vtt = stem.with_suffix(".vtt")
    vtt.write_text(webvtt(captions(video.with_suffix(".srt"), result.beats, duration)), encoding="utf-8")
    files = [stem.with_suffix(e.suffix) for e in ENCODINGS] + files + [vtt]
    clip = Clip(
        scene=job.scene,
        files=[path.name for path in files],
        duration=duration,
        width=width,
        height=height,
        beats=[{"name": b.name, "caption": b.caption, "start": b.start, "end": b.end} for b in result.beats],
        shown=[s.as_dict() for s in result.shown],
    )
    return files, clip


def captions(srt_file: Path, beats: list, duration: float) -> list[tuple[float, float, str]]:
    """One cue per beat: (start, end, caption) on the rendered clip's clock.

    The times come from the subtitles manim wrote beside the video (the real render's clock,
    which a dry build can differ from by a frame); the beats of the build where there are none.
    """
    import srt

    if srt_file.is_file():
        subtitles = list(srt.parse(srt_file.read_text(encoding="utf-8")))
        cues = [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in subtitles]
    else:
        cues = [(b.start, b.end, b.caption) for b in beats]
    cues = [(start, end, text) for start, end, text in cues if start < duration]
    # A caption stays up until the next one, and the last until the clip ends (a scene may close
    # with an animation after its last beat).
    ends = [start for start, _, _ in cues[1:]] + [duration]
    return [(start, next_start, text) for (start, _, text), next_start in zip(cues, ends)]


def read_manifest(out_dir: Path) -> dict[str, Clip]:
    try:
        entries = json.loads((out_dir / MANIFEST).read_text())
        return {name: Clip(**entry) for name, entry in entries.get("clips", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError):  # none, damaged or an older version's: make it again
        return {}


def write_manifest(out_dir: Path, clips: dict[str, Clip]) -> list[Clip]:
    """Record the clips in `out_dir` (when that changes anything); return them in story order."""
    from lstm_explainer import scenes

    order = {name: index for index, name in enumerate(scenes.names())}
    story = sorted((clip for clip in clips.values() if clip.scene in order), key=lambda clip: order[clip.scene])
    publish_text(out_dir / MANIFEST, json.dumps({"clips": {c.scene: vars(c) for c in story}}, indent=1) + "\n")
    return story


def embed(
    scene_names: list[str],
    out_dir: Path,
    quality: str = "m",
    theme: str = "dark",
    processes: int | None = None,
    size: tuple[int, int, int] | None = None,
    force: bool = False,
    progress=None,
    reber_string: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Make the web files of the named scenes in `out_dir`: every file of the set (snippets and gallery
    last), and the scenes whose clips were up to date and reused (unless `force`).

    `size` = (width, height, frame rate) replaces the quality preset (tests use a tiny one).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    clips = read_manifest(out_dir)
    jobs = [clip_job(name, out_dir, quality, theme, size, reber_string) for name in scene_names]
    for job in jobs:
        if job.scene not in clips:  # a clip the manifest does not describe is made again
            caches.sidecar(job.target).unlink(missing_ok=True)

    def publish_clip(job: RenderJob, produced: list[Path], clip: Clip) -> list[Path]:
        finals = [out_dir / path.name for path in produced]
        caches.sidecar(finals[0]).unlink(missing_ok=True)  # the old key does not describe the new files
        for path, final in zip(produced, finals):
            publish_file(path, final)
        clips[clip.scene] = clip
        write_manifest(out_dir, clips)  # at once: a later failure keeps this scene's work
        return finals

    outcomes = run_jobs(jobs, processes, force=force, progress=progress, publisher=publish_clip)
    reused = [outcome.job.scene for outcome in outcomes if outcome.reused]
    story = write_manifest(out_dir, clips)
    written = []
    for clip in story:
        publish_text(out_dir / f"{clip.stem}.html", snippet(clip) + "\n")
        written += [out_dir / name for name in clip.files] + [out_dir / f"{clip.stem}.html"]
    publish_text(out_dir / "snippets.md", snippets_markdown(story))
    publish_text(out_dir / "index.html", gallery(story, out_dir, theme))
    return written + [out_dir / "snippets.md", out_dir / "index.html"], reused


# HTML --------------------------------------------------------------------------------------------


def template(name: str) -> Template:
    return Template(resources.files("lstm_explainer.rendering").joinpath("templates", name).read_text(encoding="utf-8"))


def scene_info(clip: Clip):
    from lstm_explainer import scenes

    return scenes.by_name(clip.scene)


def snippet(clip: Clip, captions_src: str | None = None) -> str:
    """The <figure> to paste into a post; its files sit beside the post (relative paths)."""
    scene = scene_info(clip)
    sources = "\n".join(
        f'    <source src="{clip.stem}{e.suffix}" type="{e.mime}">' for e in ENCODINGS
    )
    return template("snippet.html").substitute(
        id=html.escape(scene.scene_id),
        width=clip.width,
        height=clip.height,
        poster=f"{clip.stem}.webp",
        sources=sources,
        captions=html.escape(captions_src or f"{clip.stem}.vtt"),
        title=html.escape(scene.title),
        section=html.escape(scene.section),
    ).rstrip("\n")


def snippets_markdown(story: list[Clip]) -> str:
    parts = [
        "# Clips for the post\n",
        "Paste a scene's snippet where its section begins; copy the files it names (the clip in two",
        "encodings, the poster, the captions) beside the post. Markdown renderers pass raw HTML through",
        "(Hugo needs `markup.goldmark.renderer.unsafe = true`).\n",
    ]
    for clip in story:
        scene = scene_info(clip)
        parts.append(f"## {scene.title} (section “{scene.section}”)\n\n{snippet(clip)}\n")
    return "\n".join(parts)


def shown_table(clip: Clip) -> str:
    """The numbers a scene draws, as drawn, with what they are and their full value; empty when none are listed."""
    if not clip.shown:
        return ""
    rows = []
    for shown in clip.shown:
        index = ", ".join(f"{k} = {v}" for k, v in shown["index"].items())
        rows.append(
            "<tr>" + "".join(
                f"<td>{html.escape(str(cell))}</td>"
                for cell in (shown["beat"], shown["quantity"], index, shown["text"], f"{shown['value']:.6g}")
            ) + "</tr>"
        )
    return (
        f'<details class="shown"><summary>Numbers on screen ({len(rows)})</summary><table>'
        "<thead><tr><th>beat</th><th>quantity</th><th>index</th><th>shown</th><th>value</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def gallery(story: list[Clip], out_dir: Path, theme: str) -> str:
    """index.html: every clip in story order, playable from disk with no network.

    Browsers refuse to load a captions file from a page opened from disk (file: URLs are
    each their own origin), so the gallery's players carry their captions inline as data:
    URLs; the snippet shown beside each, the one to paste, points at the .vtt file.
    """
    import base64

    from lstm_explainer.scenes.theme import PALETTES

    palette = PALETTES[theme]
    sections = []
    for number, clip in enumerate(story, start=1):
        scene = scene_info(clip)
        vtt = (out_dir / f"{clip.stem}.vtt").read_bytes()
        inline = "data:text/vtt;base64," + base64.b64encode(vtt).decode("ascii")
        sections.append(
            template("gallery_scene.html").substitute(
                number=number,
                id=html.escape(scene.scene_id),
                title=html.escape(scene.title),
                player=snippet(clip, captions_src=inline),
                code=html.escape(snippet(clip)),
                shown=shown_table(clip),
            )
        )
    return template("gallery.html").substitute(
        background=palette.background,
        text=palette.text,
        muted=palette.muted,
        accent=palette.W,
        scenes="\n".join(sections),
    )
