"""One scene over several processes: its beats split into ranges, each range rendered by a process of its
own, the pieces joined without re-encoding.

A range is a run of whole beats (``StoryScene``'s beat boundaries), so every caption lies in one piece
and the joined subtitles are the pieces' own, shifted by the frames before them. A piece's process plays
the whole ``construct()`` but draws and encodes only its range: manim skips every animation before it
(``config.from_animation_number``, set when the range's first beat begins: a skipped animation still
leaves its mobjects where it would) and the piece ends when the beat after its range begins
(``EndSceneEarlyException``, as ``upto_animation_number`` would raise it). Only the last piece plays the
closing fade. The pieces have the same codec and size, so manim-slides' concatenation (packet copy, the
join of ``webvideo.combine``) makes one file of them, frame for frame the unsplit render's.

How many beats a scene has depends on its string, so a split job first counts them in a build without
motion (``SceneSettings.motionless``: nothing drawn, but a process and the scene's construction). The
count is kept in the cache folder under a key of the scene, the string, every project source file, the
weights and the versions, so the other theme, another quality or a --force render skip that build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from lstm_explainer.rendering.jobs import RenderJob
from lstm_explainer.rendering.schedule import keep_count, known_count, splittable
from lstm_explainer.rendering.workers import STAGING_PREFIX, Publisher, start_renders

SPLIT_MODULE = "lstm_explainer.rendering.split"


def ranges(beats: int, parts: int) -> list[tuple[int, int | None]]:
    """`beats` beats cut into at most `parts` contiguous ranges [first, end) of nearly equal counts; the
    last range is open (it plays the scene's end)."""
    parts = max(1, min(parts, beats))
    cuts = [round(k * beats / parts) for k in range(parts + 1)]
    return [(cuts[k], cuts[k + 1] if k + 1 < parts else None) for k in range(parts)]


def count_beats(job: RenderJob, staging: Path, report) -> tuple[list[Path], int]:
    """A worker's maker: the number of beats the scene of `job` plays (a build without motion)."""
    from lstm_explainer.rendering.manim_scene import build

    return [], len(build(job.scene, job.reber_string, motionless=True).beats)


def beat_range(scene_cls: type, first: int, end: int | None) -> type:
    """`scene_cls` drawing only its beats [first, end): the rest is played without frames."""
    from manim import config
    from manim.utils.exceptions import EndSceneEarlyException

    class Piece(scene_cls):  # type: ignore[misc, valid-type]
        fade_out = scene_cls.fade_out if end is None else False  # only the last piece ends the scene

        def setup(self) -> None:
            super().setup()
            self.beat_number = 0
            self.range_start = 0.0  # the scene's clock when the range began
            self.range_beats = 0  # beats ended before the range
            if first > 0:
                config.from_animation_number = 2**62  # skip everything until the range begins

        def begin_beat(self, name: str, caption: str) -> None:
            if end is not None and self.beat_number == end:
                raise EndSceneEarlyException()
            if self.beat_number == first and first > 0:
                config.from_animation_number = self.renderer.num_plays
                self.range_start, self.range_beats = self.renderer.time, len(self.beats)
            self.beat_number += 1
            super().begin_beat(name, caption)

    Piece.__name__ = Piece.__qualname__ = scene_cls.__name__
    Piece.__module__ = scene_cls.__module__
    return Piece


def render_piece(job: RenderJob, staging: Path, report) -> tuple[list[Path], list[tuple[str, float, float]]]:
    """A worker's maker: the video of the beats [first, end) named in the job's options; its data are the
    range's captions as (text, start, end) on the piece's own clock."""
    from lstm_explainer.rendering.manim_scene import manim_settings, play_scene, private_typeset

    first, end = dict(job.options)["beats"]
    with private_typeset() as typeset:
        scene = play_scene(job, manim_settings(job, staging / "media", typeset), report,
                           wrap=lambda cls: beat_range(cls, first, end))
    video = Path(scene.renderer.file_writer.movie_file_path)
    cues = [(beat.caption, beat.start - scene.range_start, beat.end - scene.range_start)
            for beat in scene.beats[scene.range_beats:]]
    return [video], cues


def frame_count(video: Path) -> tuple[int, float]:
    """(frames, frame rate) of a video, by counting its packets (no decoding)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for packet in container.demux(stream) if packet.size)
        return frames, float(stream.average_rate)


def join(pieces: list[tuple[Path, list]], dest: Path) -> list[Path]:
    """Join the pieces' videos into `dest` (no re-encoding) and their captions into `dest`.srt; the files."""
    import srt
    from manim_slides.utils import concatenate_video_files

    cues, offset = [], 0.0
    for video, piece_cues in pieces:
        for caption, start, end in piece_cues:
            cues.append(srt.Subtitle(len(cues) + 1, timedelta(seconds=offset + start), timedelta(seconds=offset + end), caption))
        frames, rate = frame_count(video)
        offset += frames / rate
    concatenate_video_files([video for video, _ in pieces], dest)
    files = [dest]
    if cues:
        subtitles = dest.with_suffix(".srt")
        subtitles.write_text(srt.compose(cues), encoding="utf-8")
        files.append(subtitles)
    return files


def start_split_renders(
    jobs: list[RenderJob], processes: int, parts: int | dict, progress=None, publish: Publisher | None = None,
    runner: Callable = start_renders,
) -> Iterator[tuple[RenderJob, list[Path], object, list[str]]]:
    """Like ``workers.start_renders``, each splittable job cut into up to `parts` pieces (beat ranges; a
    dict: each job's own count) rendered side by side, then joined and published whole; `runner` runs the
    pieces (``start_renders`` or ``cluster.dask_renders``). Jobs and pieces start in the order of `jobs`."""
    wanted = parts if isinstance(parts, dict) else {job: parts for job in jobs}
    split = [job for job in jobs if splittable(job) and wanted[job] > 1]
    counted = {job: (known_count(job), []) for job in split}
    plans = {replace(job, maker=f"{SPLIT_MODULE}:count_beats"): job for job in split if counted[job][0] is None}
    if plans:
        for plan, _, beats, sources in runner(list(plans), processes, None, None):
            counted[plans[plan]] = (beats, sources)
            keep_count(plans[plan], beats)
    pieces: dict[RenderJob, list[RenderJob]] = {}
    for job in split:
        beat_ranges = ranges(counted[job][0], wanted[job])
        if len(beat_ranges) > 1:
            pieces[job] = [replace(job, maker=f"{SPLIT_MODULE}:render_piece", options=(("beats", span),))
                           for span in beat_ranges]
    run = [piece for job in jobs for piece in pieces.get(job, [job])]
    owner = {piece: job for job, own in pieces.items() for piece in own}
    holds = {job: Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=job.out_dir)) for job in pieces}
    finished: dict[RenderJob, dict[RenderJob, tuple[Path, list]]] = {job: {} for job in pieces}
    sources: dict[RenderJob, set[str]] = {job: set(counted[job][1]) for job in pieces}

    def keep(piece: RenderJob, produced: list[Path], data: object) -> list[Path]:
        if piece not in owner:
            return publish(piece, produced, data) if publish is not None else produced
        kept = holds[owner[piece]] / f"{len(finished[owner[piece]]):03d}{produced[0].suffix}"
        os.replace(produced[0], kept)
        return [kept]

    try:
        for piece, finals, data, loaded in runner(run, min(processes, len(run)), None, keep):
            job = owner.get(piece)
            if job is None:
                yield piece, finals, data, loaded
                continue
            finished[job][piece] = (finals[0], data)
            sources[job].update(loaded)
            if len(finished[job]) < len(pieces[job]):
                continue
            joined = join([finished[job][p] for p in pieces[job]], holds[job] / f"{job.scene}{finals[0].suffix}")
            if job.subtitles == "none":
                joined = joined[:1]
            published = publish(job, joined, None) if publish is not None else joined
            yield job, published, None, sorted(sources[job])
    finally:
        for hold in holds.values():
            shutil.rmtree(hold, ignore_errors=True)
