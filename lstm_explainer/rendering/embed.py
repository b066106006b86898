"""Clips for a blog post: per scene a web video (WebM + MP4), a poster, WebVTT captions and chapters
and an HTML snippet; for the whole set an offline gallery (index.html), snippets.md, a Hugo
shortcode and a Jekyll include. Every file of a clip starts with its stem, the scene and the theme
(RNNEquations-dark), so both themes can sit beside one post.

    DIR/<stem>.webm .mp4          the clip, VP9 and H.264 (index at the front), ending on the scene's
                                  last picture (before the fade that joins scenes in the film)
    DIR/<stem>.png .webp          the poster: the scene's still where it defines one, else the clip's last frame
    DIR/<stem>.vtt                captions: one cue per beat, the beat's caption
    DIR/<stem>.chapters.vtt       chapters: one per beat, titled by its caption's first phrase
    DIR/<stem>.html               the snippet to paste into the post (with its transcript)
    DIR/index.html                every clip the folder holds in story order beside its snippet, with the numbers it shows
    DIR/snippets.md               the snippets for Markdown blogs
    DIR/hugo/layouts/shortcodes/lstm-explainer.html   {{< lstm-explainer "RNNEquations-dark" >}}
    DIR/jekyll/_includes/lstm-explainer.html          {% include lstm-explainer.html clip="RNNEquations-dark" %}
    DIR/<stem>.webm.key.json      the content cache's key of what the clip was made from
    DIR/manifest.json             what the gallery shows of each clip: its beats, size and numbers

A scene is rendered again only when what it is made from (its sources, the weights,
the options, the encoders) changed or one of its files is missing or altered: the
content cache of every render (``rendering.cache``); every other file is rewritten
only when its content changes. Every file is written under a temporary name and
renamed into place. The manifest and the pages made from it are read and written under a
lock, from what the folder holds: two embeds into one folder both reach the gallery.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from string import Template

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.jobs import STILLS, RenderJob, run_jobs
from lstm_explainer.rendering.quality import custom_quality
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
LOCK = ".manifest.lock"
CHAPTERS = ".chapters.vtt"  # a clip's chapters: one per beat, titled
HUGO_SHORTCODE = "hugo/layouts/shortcodes/lstm-explainer.html"
JEKYLL_INCLUDE = "jekyll/_includes/lstm-explainer.html"


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
    theme: str = "dark"

    @property
    def stem(self) -> str:
        return clip_stem(self.scene, self.theme)


def clip_stem(scene: str, theme: str) -> str:
    """The name every file of a clip starts with: the scene and the theme, so both themes can sit beside one post."""
    return f"{scene}-{theme}"


def clip_job(scene: str, out_dir: Path, quality: str, theme: str, size: tuple | None,
             reber_string: str | None = None) -> RenderJob:
    """The job of a scene's clip: rendered with its stills (the poster), made into web files by make_clip."""
    return RenderJob(
        scene, out_dir, custom_quality(*size) if size else quality, theme=theme, still_dir=out_dir, reber_string=reber_string,
        maker="lstm_explainer.rendering.embed:make_clip", target=out_dir / f"{clip_stem(scene, theme)}{ENCODINGS[0].suffix}",
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
    stem = out / clip_stem(job.scene, job.theme)
    for encoding in ENCODINGS:  # the clip ends on its last content frame, not the fade
        last_frame = encode(video, suffixed(stem, encoding.suffix), encoding, until=result.content_end)
    duration, width, height = video_info(suffixed(stem, ".mp4"))
    poster = poster_image(result.stills, work / STILLS, last_frame, (width, height), palette_named(job.theme).background)
    files = save_posters(poster, stem)
    cues = captions(video.with_suffix(".srt"), result.beats, duration)
    vtt, chapters = suffixed(stem, ".vtt"), suffixed(stem, CHAPTERS)
    vtt.write_text(webvtt(cues), encoding="utf-8")
    chapters.write_text(webvtt([(start, end, beat_title(text)) for start, end, text in cues]), encoding="utf-8")
    files = [suffixed(stem, e.suffix) for e in ENCODINGS] + files + [vtt, chapters]
    clip = Clip(
        scene=job.scene,
        files=[path.name for path in files],
        duration=duration,
        width=width,
        height=height,
        beats=[{"name": b.name, "caption": b.caption, "start": b.start, "end": b.end} for b in result.beats],
        shown=[s.as_dict() for s in result.shown],
        theme=job.theme,
    )
    return files, clip


def suffixed(stem: Path, suffix: str) -> Path:
    """`stem` with `suffix` added (a stem such as RNNEquations-dark has no suffix to replace)."""
    return stem.with_name(stem.name + suffix)


def poster_image(figures, stills: Path, last_frame, size: tuple[int, int], background: str):
    """A clip's poster: the scene's defining frame. That is the post's figure it makes where it makes one
    (`figures`: the names of those it captured, saved in `stills`), else the clip's last frame, which is the
    last frame of the picture (the clip stops before the fade)."""
    from PIL import Image

    if figures:
        return fit_on_background(stills / list(figures)[-1], size, background)
    return Image.fromarray(last_frame)


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
    """The clips the manifest in `out_dir` records, by stem; only those whose files are all there."""
    try:
        entries = json.loads((out_dir / MANIFEST).read_text())
        clips = [Clip(**entry) for entry in entries.get("clips", {}).values()]
    except (OSError, ValueError, TypeError, AttributeError):  # none, damaged or an older version's: make it again
        return {}
    return {clip.stem: clip for clip in clips if complete(clip, out_dir)}


def complete(clip: Clip, out_dir: Path) -> bool:
    """All of a clip's files are in `out_dir`, under its stem (an older version named them after the scene alone)."""
    return all(name.startswith(clip.stem + ".") and (out_dir / name).is_file() for name in clip.files)


def write_manifest(out_dir: Path, clips: dict[str, Clip]) -> list[Clip]:
    """Record the clips in `out_dir` (when that changes anything); return them in story order, dark before light."""
    from lstm_explainer import scenes

    order = {name: index for index, name in enumerate(scenes.names())}
    story = sorted(
        (clip for clip in clips.values() if clip.scene in order), key=lambda clip: (order[clip.scene], clip.theme)
    )
    publish_text(out_dir / MANIFEST, json.dumps({"clips": {c.stem: vars(c) for c in story}}, indent=1) + "\n")
    return story


@contextlib.contextmanager
def folder_lock(out_dir: Path):
    """Held while the manifest and the pages made from it are read and written: two embeds into one
    folder at once each add their clips to what the other recorded, and neither loses the other's."""
    import fcntl

    with open(out_dir / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record_clips(out_dir: Path, new: list[Clip]) -> list[Clip]:
    """Add `new` to the clips the folder holds now (as its manifest says, re-read under the lock); the story."""
    with folder_lock(out_dir):
        clips = read_manifest(out_dir)
        clips.update({clip.stem: clip for clip in new})
        return write_manifest(out_dir, clips)


def write_pages(out_dir: Path, theme: str, base_url: str = "") -> list[Path]:
    """Snippets, the Hugo shortcode, the Jekyll include and the gallery of every clip the folder holds."""
    with folder_lock(out_dir):
        story = write_manifest(out_dir, read_manifest(out_dir))
        written = []
        for clip in story:
            publish_text(out_dir / f"{clip.stem}.html", snippet(clip, base_url) + "\n")
            written += [out_dir / name for name in clip.files] + [out_dir / f"{clip.stem}.html"]
        pages = {
            out_dir / "snippets.md": snippets_markdown(story, base_url),
            out_dir / HUGO_SHORTCODE: hugo_shortcode(story, base_url),
            out_dir / JEKYLL_INCLUDE: jekyll_include(story, base_url),
            out_dir / "index.html": gallery(story, out_dir, theme, base_url),
        }
        for path, text in pages.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            publish_text(path, text)
    return written + list(pages)


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
    base_url: str = "",
) -> tuple[list[Path], list[str]]:
    """Make the web files of the named scenes in `out_dir`: every file of the set (snippets and gallery
    last), and the scenes whose clips were up to date and reused (unless `force`).

    `size` = (width, height, frame rate) replaces the quality preset (tests use a tiny one); `base_url`
    is where the files will be served from (the snippets' addresses start with it; none: beside the post).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    clips = read_manifest(out_dir)
    jobs = [clip_job(name, out_dir, quality, theme, size, reber_string) for name in scene_names]
    for job in jobs:
        if clip_stem(job.scene, theme) not in clips:  # a clip the manifest does not describe is made again
            caches.sidecar(job.target).unlink(missing_ok=True)

    def publish_clip(job: RenderJob, produced: list[Path], clip: Clip) -> list[Path]:
        finals = [out_dir / path.name for path in produced]
        caches.sidecar(finals[0]).unlink(missing_ok=True)  # the old key does not describe the new files
        for path, final in zip(produced, finals):
            publish_file(path, final)
        record_clips(out_dir, [clip])  # at once: a later failure keeps this scene's work
        return finals

    outcomes = run_jobs(jobs, processes, force=force, progress=progress, publisher=publish_clip)
    reused = [outcome.job.scene for outcome in outcomes if outcome.reused]
    return write_pages(out_dir, theme, base_url), reused


# HTML --------------------------------------------------------------------------------------------


def template(name: str) -> Template:
    return Template(resources.files("lstm_explainer.rendering").joinpath("templates", name).read_text(encoding="utf-8"))


def scene_info(clip: Clip):
    from lstm_explainer import scenes

    return scenes.by_name(clip.scene)


def base_address(url: str) -> str:
    """`embed --base-url`'s URL as the start of every address: empty (beside the post) or ending in '/'."""
    return url if not url or url.endswith("/") else url + "/"


def minutes(seconds: float) -> str:
    """m:ss, as a player shows the time (whole seconds, rounded down)."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


def beat_title(caption: str, longest: int = 48) -> str:
    """A short title for a beat, from its caption: its first phrase, cut at a word near `longest` characters."""
    phrase = re.split(r"(?<=\w)[.:;,!?](?:\s|$)| [—–] ", " ".join(caption.split()), maxsplit=1)[0]
    if len(phrase) <= longest:
        return phrase
    return phrase[:longest].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def transcript(clip: Clip) -> str:
    """The narration under a clip: each beat's caption with the time it starts, in a closed <details>."""
    lines = "\n".join(
        f"      <li><span class=\"time\">{minutes(beat['start'])}</span> {html.escape(beat['caption'])}</li>"
        for beat in clip.beats if beat["start"] < clip.duration
    )  # fmt: skip
    return (
        '  <details class="transcript">\n    <summary>Transcript</summary>\n'
        f'    <ol style="list-style: none; padding-left: 0;">\n{lines}\n    </ol>\n  </details>'
    )


def snippet(clip: Clip, base_url: str = "", local: dict[str, str] | None = None) -> str:
    """The <figure> to paste into a post. Its addresses start with `base_url` (none: the files sit beside
    the post); `local` replaces some by others (the gallery's inline captions)."""
    scene = scene_info(clip)
    base = base_address(base_url)
    local = local or {}

    def address(suffix: str) -> str:
        return html.escape(local.get(suffix, f"{base}{clip.stem}{suffix}"))

    sources = "\n".join(f'    <source src="{address(e.suffix)}" type="{e.mime}">' for e in ENCODINGS)
    title = html.escape(scene.title)
    return template("snippet.html").substitute(
        id=html.escape(f"{scene.scene_id}-{clip.theme}"),
        width=clip.width,
        height=clip.height,
        poster=address(".webp"),
        mp4=address(".mp4"),
        sources=sources,
        captions=address(".vtt"),
        chapters=address(CHAPTERS),
        title=title,
        length=minutes(clip.duration),
        transcript=transcript(clip),
    ).rstrip("\n")


def snippets_markdown(story: list[Clip], base_url: str = "") -> str:
    where = (
        f"the files it names are served from {base_url}" if base_url
        else "copy the files it names (the clip in two encodings, the poster, the captions) beside the post"
    )
    parts = [
        "# Clips for the post\n",
        f"Paste a scene's snippet where its section begins; {where}.",
        "Markdown renderers pass raw HTML through (Hugo needs `markup.goldmark.renderer.unsafe = true`).",
        f"In Hugo, copy `{HUGO_SHORTCODE.split('/', 1)[1]}` into the site and write "
        "`{{< lstm-explainer \"Scene-theme\" >}}`; in Jekyll, copy "
        f"`{JEKYLL_INCLUDE.split('/', 1)[1]}` and write `{{% include lstm-explainer.html clip=\"Scene-theme\" %}}`.\n",
    ]
    for clip in story:
        scene = scene_info(clip)
        parts.append(f"## {scene.title}, {clip.theme} (`{clip.stem}`, section “{scene.section}”)\n\n{snippet(clip, base_url)}\n")
    return "\n".join(parts)


def hugo_shortcode(story: list[Clip], base_url: str = "") -> str:
    """layouts/shortcodes/lstm-explainer.html: `{{< lstm-explainer "RNNEquations-dark" >}}` is that clip's snippet."""
    branches = "".join(
        f'{{{{- {"if" if n == 0 else "else if"} eq $clip "{clip.stem}" }}}}\n{snippet(clip, base_url)}\n'
        for n, clip in enumerate(story)
    )
    names = ", ".join(clip.stem for clip in story)
    return (
        "{{- /* lstm-explainer clips: {{< lstm-explainer \"Scene-theme\" >}} */ -}}\n"
        "{{- $clip := .Get 0 }}\n"
        f'{branches}{{{{- else }}}}{{{{- errorf "lstm-explainer: no clip %q here (there are: {names})" $clip }}}}\n'
        "{{- end }}\n"
    )


def jekyll_include(story: list[Clip], base_url: str = "") -> str:
    """_includes/lstm-explainer.html: `{% include lstm-explainer.html clip="RNNEquations-dark" %}`."""
    branches = "".join(f'{{%- when "{clip.stem}" -%}}\n{snippet(clip, base_url)}\n' for clip in story)
    names = ", ".join(clip.stem for clip in story)
    return (
        "{%- comment -%} lstm-explainer clips: {% include lstm-explainer.html clip=\"Scene-theme\" %} {%- endcomment -%}\n"
        f"{{%- case include.clip -%}}\n{branches}"
        f"{{%- else -%}}\n<p>lstm-explainer: no clip “{{{{ include.clip }}}}” here (there are: {names}).</p>\n"
        "{%- endcase -%}\n"
    )


def shown_table(clip: Clip) -> str:
    """The numbers a scene draws, as drawn, with the beat that shows them, what the viewer reads them by (the
    label beside them on screen), what they are in the model and their full value; empty when none are listed.
    On a narrow screen each row is a small card (no sideways scrolling)."""
    if not clip.shown:
        return ""
    titles = {beat["name"]: beat_title(beat["caption"]) for beat in clip.beats}
    labelled = any(shown.get("label") for shown in clip.shown)  # a column only where a scene labels its numbers
    heads = ("beat",) + ("read as",) * labelled + ("quantity", "index", "shown", "value")
    rows = []
    for shown in clip.shown:
        index = ", ".join(f"{k} = {v}" for k, v in shown["index"].items())
        beat = titles.get(shown["beat"], shown["beat"])
        label = (shown.get("label") or "–",) * labelled
        cells = (beat, *label, shown["quantity"], index, shown["text"], f"{shown['value']:.6g}")
        rows.append(
            "<tr>" + "".join(f'<td data-label="{head}">{html.escape(str(cell))}</td>' for head, cell in zip(heads, cells))
            + "</tr>"
        )
    return (
        f'<details class="shown"><summary>Numbers on screen ({len(rows)})</summary><table>'
        "<thead><tr>" + "".join(f"<th>{head}</th>" for head in heads) + "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def gallery(story: list[Clip], out_dir: Path, theme: str, base_url: str = "") -> str:
    """index.html: every clip in story order, playable from disk with no network.

    Browsers refuse to load a captions file from a page opened from disk (file: URLs are
    each their own origin), so the gallery's players carry their captions and chapters inline
    as data: URLs; the snippet shown beside each, the one to paste, points at the files.
    Captions show in a band under the picture, never over it.
    """
    import base64

    from lstm_explainer.scenes.settings import palette_named

    palette = palette_named(theme)
    themes = {clip.theme for clip in story}
    sections = []
    for number, clip in enumerate(story, start=1):
        scene = scene_info(clip)
        inline = {
            suffix: f"data:text/vtt;base64,{base64.b64encode((out_dir / f'{clip.stem}{suffix}').read_bytes()).decode('ascii')}"
            for suffix in (".vtt", CHAPTERS)
        }
        sections.append(
            template("gallery_scene.html").substitute(
                number=number,
                id=html.escape(clip.stem),
                title=html.escape(scene.title + (f" ({clip.theme})" if len(themes) > 1 else "")),
                player=snippet(clip, local=inline),
                code=html.escape(snippet(clip, base_url)),
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
